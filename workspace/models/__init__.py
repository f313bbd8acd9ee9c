"""Models of the network workspace, by theme."""

from .board import (  # noqa: F401
    Answer,
    BoardCategory,
    CategoryFollow,
    Post,
    PostKind,
    PostStatus,
)
from .comments import (  # noqa: F401
    REPORT_NOTE_MAX_LENGTH,
    CommentDetails,
    CommentReport,
    ReportReason,
)
from .consultations import (  # noqa: F401
    Consultation,
    Position,
    Stance,
)
from .directory import (  # noqa: F401
    ACTIVITY_WORDS,
    CHECKED_SECTIONS,
    FIELDS_BY_KEY,
    LEVEL_RANK,
    SHEET_FIELDS,
    THEMATIQUES,
    Activity,
    Closure,
    Cost,
    Language,
    Level,
    LiaisonSheet,
    Place,
    Referent,
    Saturation,
    Service,
    SheetRevision,
    Welcome,
)
from .discussions import Discussion, DiscussionStatus, DiscussionSupport  # noqa: F401
from .feedback import FeedbackKind, OrientationFeedback, SheetImport  # noqa: F401
from .figures import (  # noqa: F401
    REPORT_FIELDS,
    ActivityReport,
    Allocation,
    Period,
    PeriodKind,
    PublishedPeriod,
    ReportRevision,
)
from .meetings import (  # noqa: F401
    AgendaItem,
    AgendaItemKind,
    Attendance,
    AttendanceAnswer,
    CalendarFeed,
    HostDecline,
    MeetingIndexPage,
    MeetingPage,
    MeetingStatus,
    NetworkSettings,
)
from .networks import (  # noqa: F401
    Network,
    NetworkPageManager,
    NetworkScopedManager,
)
from .notifications import (  # noqa: F401
    DEFAULT_MODES,
    Category,
    Delivery,
    Event,
    Follow,
    Mode,
    Notification,
    Preference,
)
from .people import (  # noqa: F401
    Association,
    AssociationQuerySet,
    Invitation,
    InvitationQuerySet,
    InvitationRole,
    Membership,
    MembershipQuerySet,
    Neighbourhood,
    Role,
    User,
    UserManager,
    hash_token,
)
from .themes import Theme  # noqa: F401
from .topics import Topic, TopicAttachment, TopicKind, TopicStatus, TopicSupport  # noqa: F401
