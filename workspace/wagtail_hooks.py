"""What the workspace plugs into Wagtail's admin and into the site's plug-in points.

The plug-in points (``entraide_…`` hooks) are described in docs/hooks.md.
"""

from django.core.exceptions import PermissionDenied
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from entraide import restrictions
from entraide.search import Provider

from . import permissions, search
from .demo import board as demo_board
from .demo import consultations as demo_consultations
from .demo import directory as demo_directory
from .demo import discussions as demo_discussions
from .demo import figures as demo_figures
from .demo import meetings as demo_meetings
from .demo import people as demo_people
from .demo import supports as demo_supports
from .demo import tourcoing as demo_tourcoing
from .models import (
    ActivityReport,
    AgendaItem,
    Association,
    Attendance,
    Closure,
    CommentDetails,
    Consultation,
    Discussion,
    LiaisonSheet,
    MeetingPage,
    NetworkSettings,
    Place,
    Position,
    Post,
    PublishedPeriod,
    Referent,
    Service,
    Theme,
    Topic,
    TopicSupport,
)
from .notifications import board as board_notifications
from .notifications import directory as directory_notifications
from .notifications import figures as figures_notifications
from .notifications import handlers
from .services import figures
from .views import directory as directory_views
from .views import feedback as feedback_views
from .views import imports as imports_views
from .views import networks as networks_views
from .views.discussions import describe_discussions, get_discussion
from .views.moderation import CommentTarget
from .views.notifications import Followable


class AssociationViewSet(SnippetViewSet):
    model = Association
    icon = "group"
    menu_label = _("Associations")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "neighbourhood", "joined_on", "left_on"]
    list_filter = ["neighbourhood"]
    search_fields = ["name", "main_activities"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        MultiFieldPanel(
            [
                FieldPanel("neighbourhood"),
                FieldPanel("address"),
                FieldPanel("postcode"),
                FieldPanel("city"),
            ],
            heading=_("Location"),
        ),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone"), FieldPanel("website")], heading=_("Contact")
        ),
        FieldPanel("main_activities"),
        MultiFieldPanel(
            [
                FieldPanel("accepts_hosting"),
                FieldPanel("room_capacity"),
                FieldPanel("accessibility_notes"),
            ],
            heading=_("Hosting the network's meetings"),
        ),
        MultiFieldPanel(
            [FieldPanel("joined_on"), FieldPanel("left_on")], heading=_("Membership of the network")
        ),
    ]


register_snippet(AssociationViewSet)


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug"]
    panels = [FieldPanel("name"), FieldPanel("slug")]


register_snippet(ThemeViewSet)


@hooks.register("insert_editor_js")
def editor_accessibility():
    """Names for the editor's unnamed widgets (see static/js/editor-a11y.js)."""
    return format_html('<script src="{}"></script>', static("js/editor-a11y.js"))


@hooks.register("before_serve_page", order=-10)
def refuse_signed_in_outsiders(page, request, serve_args, serve_kwargs):
    """A signed-in person outside the network (a membership ended…) gets the "refused" page.

    Wagtail sends whoever fails a page's view restriction to the login page, and the login
    page sends a signed-in person straight back: a redirect loop. Anonymous visitors still
    go to the login page. (Network-only practices answer 404 earlier, in practices.)
    """
    restrictions.remember(page)  # read once for every check of this request
    if request.user.is_authenticated and not permissions.passes_page_restrictions(request, page):
        raise PermissionDenied


# --- The site's plug-in points (docs/hooks.md) ------------------------------------------


@hooks.register("entraide_notification_handlers")
def workspace_notification_handlers():
    return [
        handlers.AgendaPublished,
        handlers.MeetingReminder,
        handlers.MeetingChanged,
        handlers.MeetingCancelled,
        handlers.HostDeclined,
        handlers.AttendanceReminder,
        handlers.TopicProposed,
        handlers.TopicAnswered,
        handlers.TopicSupported,
        handlers.CommentPosted,
        handlers.DiscussionOpened,
        handlers.DiscussionInTheme,
        handlers.DiscussionSupported,
        handlers.DiscussionComment,
        handlers.DiscussionRaised,
        handlers.DiscussionClosed,
        handlers.ConsultationOpened,
        handlers.PositionTaken,
    ]


@hooks.register("entraide_search_providers")
def workspace_search_providers():
    return [
        Provider(
            "meeting",
            _("Meetings"),
            search.meetings,
            order=10,
            cache_level=permissions.network_search_level,
        ),
        Provider(
            "topic",
            _("Topics"),
            search.topics,
            order=20,
            cache_level=permissions.topic_search_level,
        ),
        Provider(
            "discussion",
            _("Discussions"),
            search.discussions,
            order=60,
            cache_level=permissions.network_search_level,
        ),
        Provider(
            "board",
            _("Needs and offers"),
            search.board_posts,
            order=65,
            cache_level=permissions.board_search_level,
        ),
        Provider("association", _("Associations"), search.associations, order=5),
    ]


@hooks.register("entraide_followable")
def workspace_followable():
    return [
        Followable(Topic, permissions.can_view_topic),
        Followable(Discussion, permissions.can_view_discussion),
        Followable(Theme, lambda user, theme: permissions.is_network_member(user)),
    ]


@hooks.register("entraide_comment_targets")
def workspace_comment_targets():
    # Topics are the moderation views' own; discussions are commented like other apps' objects.
    return [CommentTarget(Discussion, get_discussion, describe_discussions)]


# The network first, its liaison sheets (5), then the meetings; the minutes (20) and the practices (30) follow the
# meetings they come from, and the discussions (40) as the demo always loaded; the board (50).
hooks.register("entraide_demo_loaders", demo_people.load, order=0)
hooks.register("entraide_demo_loaders", demo_directory.load, order=5)
hooks.register("entraide_demo_loaders", demo_meetings.load, order=10)
hooks.register("entraide_demo_loaders", demo_consultations.load, order=15)
hooks.register("entraide_demo_loaders", demo_discussions.load, order=40)
# The needs and offers between associations, after everything else.
hooks.register("entraide_demo_loaders", demo_board.load, order=50)
hooks.register("entraide_demo_loaders", demo_supports.load, order=45)
# The second network (Tourcoing), on its own host, once the first one is complete.
hooks.register("entraide_demo_loaders", demo_tourcoing.load, order=90)


@hooks.register("entraide_public_models")
def public_models():
    """What anonymous pages show of the workspace: the member associations and their liaison
    sheets (places, services, closures, referents), the themes, the network settings."""
    return [Association, LiaisonSheet, Place, Service, Closure, Referent, Theme, NetworkSettings]


hooks.register("entraide_serve_stored_file", directory_views.stored_logo)


@hooks.register("entraide_member_fragment_models")
def member_fragment_models():
    """What the members' cached fragments show of the workspace: a meeting's agenda (its
    items, topics and their comment counts, "we too" supports and consultations with their
    positions, presenters) and its attendance; the minutes' decisions show the positions too;
    the comment threads (their comments, the writers' details and, for the moderators, the
    reports); the search's kept results (meetings, topics, discussions, needs and offers)."""
    return [
        MeetingPage,
        AgendaItem,
        Topic,
        TopicSupport,
        Consultation,
        Position,
        Discussion,
        Post,
        XtdComment,
        CommentDetails,
        CommentFlag,
        Attendance,
        Association,
    ]


# --- The directory's outputs in the admin: importing associations (coordinator only) ------


@hooks.register("register_admin_urls")
def directory_admin_urls():
    return [
        path("annuaire/import/", imports_views.upload, name="directory_import"),
        path("annuaire/import/<int:pk>/", imports_views.preview, name="directory_import_preview"),
        path("annuaire/retours/", feedback_views.counts, name="directory_feedback"),
        path("annuaire/a-verifier/", feedback_views.stale_sheets, name="directory_stale"),
    ]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.is_coordinator(request.user)


@hooks.register("register_admin_menu_item")
def directory_import_menu_item():
    return CoordinatorMenuItem(
        _("Import associations"), reverse("directory_import"), icon_name="upload", order=205
    )


@hooks.register("register_admin_menu_item")
def directory_feedback_menu_item():
    return CoordinatorMenuItem(
        _("Orientation feedback"), reverse("directory_feedback"), icon_name="doc-full", order=206
    )


@hooks.register("register_admin_menu_item")
def directory_stale_menu_item():
    return CoordinatorMenuItem(
        _("Sheets to check"), reverse("directory_stale"), icon_name="time", order=207
    )


# --- The operator's networks (superusers only) ---------------------------------------------


@hooks.register("register_admin_urls")
def networks_admin_urls():
    return [
        path("reseaux/", networks_views.index, name="entraide_networks"),
        path("reseaux/nouveau/", networks_views.create, name="entraide_network_create"),
    ]


class OperatorMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_manage_networks(request.user)


@hooks.register("register_admin_menu_item")
def networks_menu_item():
    return OperatorMenuItem(
        _("Networks"), reverse("entraide_networks"), icon_name="site", order=9000
    )


@hooks.register("entraide_notification_handlers")
def directory_notification_handlers():
    return [directory_notifications.WrongInformationReported, directory_notifications.SheetStale]


@hooks.register("entraide_notification_handlers")
def board_notification_handlers():
    return [
        board_notifications.PostCreated,
        board_notifications.AnswerPosted,
        board_notifications.PostFinished,
    ]


# --- The figures ------------------------------------------------------------------------------


@hooks.register("entraide_notification_handlers")
def figures_notification_handlers():
    return [figures_notifications.ReportMissing]


@hooks.register("entraide_figures_participation")
def workspace_participation():
    return [
        figures.ParticipationColumn(
            "meetings", _("meetings attended"), figures.meetings_attended, 10
        ),
        figures.ParticipationColumn("topics", _("topics proposed"), figures.topics_proposed, 20),
        figures.ParticipationColumn("positions", _("positions taken"), figures.positions_taken, 25),
    ]


@hooks.register("entraide_public_models")
def figures_public_models():
    """The public dashboard shows the network totals of the published periods."""
    return [ActivityReport, PublishedPeriod]


hooks.register("entraide_demo_loaders", demo_figures.load, order=50)
