"""The bimonthly itinerant meetings, their agenda, attendance and calendar feeds.

A meeting is a Wagtail page (``MeetingPage`` under the ``/reunions/`` index) so that
its minutes can be a page under it, with privacy, revisions and search. Its date,
host, venue and status are *operational*: they change through the workspace's own
forms, never through the page editor, and publishing an older revision of the page
does not bring old values back (see ``MeetingPage.with_content_json``). Agenda items
and attendance are plain rows for the same reason.
"""

import datetime
import secrets
import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.search import index

from entraide.dates import format_date as date_format
from entraide.forms import LimitedPageForm
from entraide.restrictions import ServedRestrictions
from workspace import networks

from .figures import PeriodKind
from .networks import LocalURLs, NetworkPageManager, scoped_manager
from .people import Association

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def validate_reminder_days(value):
    try:
        days = [int(part) for part in value.replace(" ", "").split(",") if part]
    except ValueError:
        raise ValidationError(
            _("Give whole numbers of days separated by commas, e.g. 7,1.")
        ) from None
    if not days or any(day < 0 or day > 60 for day in days):
        raise ValidationError(_("Each number of days must be between 0 and 60."))


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


@register_setting(icon="date")
class NetworkSettings(BaseSiteSetting):
    """Rhythm of the meetings and template of their agenda, set by the coordinator.

    One per network (its Wagtail site); ``load()`` reads the current network's."""

    meeting_interval_months = models.PositiveSmallIntegerField(
        _("months between two meetings"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    usual_weekday = models.PositiveSmallIntegerField(
        _("usual day of the week"),
        choices=WEEKDAYS,
        default=1,
        help_text=_("Suggested dates fall on this day, skipping French public holidays."),
    )
    skip_summer_break = models.BooleanField(
        _("no meeting during the school summer break"),
        default=True,
        help_text=_("From the first Saturday of July to 31 August."),
    )
    default_start_time = models.TimeField(_("usual start time"), default=datetime.time(9, 30))
    default_end_time = models.TimeField(_("usual end time"), default=datetime.time(12, 0))
    proposal_deadline_days = models.PositiveSmallIntegerField(
        _("proposal deadline (days before the meeting)"),
        default=10,
        validators=[MaxValueValidator(60)],
    )
    reminder_days = models.CharField(
        _("reminders (days before the meeting)"),
        max_length=40,
        default="7,1",
        validators=[validate_reminder_days],
        help_text=_("Numbers of days before the meeting, separated by commas."),
    )
    welcome_minutes = models.PositiveSmallIntegerField(
        _("welcome by the host (minutes)"), default=10
    )
    news_minutes = models.PositiveSmallIntegerField(_("round of news (minutes)"), default=20)
    actions_minutes = models.PositiveSmallIntegerField(
        _("follow-up of actions (minutes)"), default=15
    )
    next_meeting_minutes = models.PositiveSmallIntegerField(_("next meeting (minutes)"), default=10)
    sheet_stale_months = models.PositiveSmallIntegerField(
        _("a liaison sheet is stale after (months)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_(
            "Editors of a sheet not checked for this long are reminded before each meeting "
            "and monthly between."
        ),
    )
    report_frequency = models.CharField(
        _("associations report their figures"),
        max_length=10,
        choices=PeriodKind.choices,
        default=PeriodKind.MONTH,
        help_text=_("Reports already sent keep their period."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("meeting_interval_months"),
                FieldPanel("usual_weekday"),
                FieldPanel("skip_summer_break"),
                FieldPanel("default_start_time"),
                FieldPanel("default_end_time"),
                FieldPanel("proposal_deadline_days"),
                FieldPanel("reminder_days"),
                FieldPanel("sheet_stale_months"),
            ],
            heading=_("Meetings"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("welcome_minutes"),
                FieldPanel("news_minutes"),
                FieldPanel("actions_minutes"),
                FieldPanel("next_meeting_minutes"),
            ],
            heading=_("Agenda template"),
        ),
        MultiFieldPanel([FieldPanel("report_frequency")], heading=_("Figures")),
    ]

    class Meta:
        verbose_name = _("network settings")

    @classmethod
    def load(cls, request_or_site=None):
        """The settings of ``request_or_site``'s network, else of the current network."""
        if isinstance(request_or_site, Site):
            return cls.for_site(request_or_site)
        if request_or_site is not None and hasattr(request_or_site, "META"):
            return cls.for_request(request_or_site)
        network = networks.current_or_default()
        if network is None:
            return cls(site=Site.objects.filter(is_default_site=True).first())
        return cls.for_site(network.site)

    @property
    def reminder_day_list(self):
        return sorted(
            {int(part) for part in self.reminder_days.replace(" ", "").split(",") if part},
            reverse=True,
        )


class MeetingIndexPage(LocalURLs, ServedRestrictions, Page):
    """``/reunions/``: the list of upcoming and past meetings (network members only)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    base_form_class = LimitedPageForm
    text_limits = {"intro": 2000}
    parent_page_types = ["entraide.HomePage"]
    subpage_types = ["workspace.MeetingPage"]
    max_count = 1

    objects = NetworkPageManager()

    class Meta:
        verbose_name = _("list of meetings")

    def route(self, request, path_components):
        # A meeting in one query (Wagtail's routing reads the page, then its specific row).
        if path_components:
            meeting = (
                MeetingPage.objects.child_of(self)
                .filter(slug=path_components[0])
                .select_related("host")
                .first()
            )
            if meeting is not None:
                meeting._cached_parent_obj = self
                return meeting.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        # cycle: workspace.pages reads the permissions, services and forms, which import these models
        from workspace import pages

        context = super().get_context(request, *args, **kwargs)
        return {**context, **pages.meeting_index_context(request, self)}


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    AGENDA_PUBLISHED = "agenda_published", _("agenda published")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class MeetingPage(LocalURLs, ServedRestrictions, Page):
    """One meeting of the network, held at the premises of its host association."""

    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    host = models.ForeignKey(
        Association,
        verbose_name=_("host association"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_meetings",
    )
    venue = models.CharField(
        _("venue"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty to meet at the host's address."),
    )
    video_url = models.URLField(_("video link (hybrid meeting)"), blank=True)
    secretary = models.ForeignKey(
        "workspace.User",
        verbose_name=_("secretary of the meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A member named by the coordinator to draft the minutes."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    proposal_deadline = models.DateField(_("deadline for proposing topics"))
    sequence = models.PositiveIntegerField(default=0, editable=False)
    uid = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    agenda_published_at = models.DateTimeField(null=True, blank=True, editable=False)
    attendance_recorded_at = models.DateTimeField(null=True, blank=True, editable=False)
    practical_info = RichTextField(
        _("practical information"),
        blank=True,
        features=["bold", "italic", "link", "ul", "ol"],
        help_text=_("Access, parking, what to bring…"),
    )

    content_panels = [FieldPanel("title"), FieldPanel("practical_info")]
    base_form_class = LimitedPageForm
    text_limits = {"practical_info": 3000}
    promote_panels = []
    parent_page_types = ["workspace.MeetingIndexPage"]
    subpage_types = ["minutes.MinutesPage"]
    # Meetings are planned from /reunions/planifier/, where hosts are suggested.
    is_creatable = False
    exclude_fields_in_copy = ["uid", "sequence"]

    search_fields = Page.search_fields + [
        index.SearchField("practical_info"),
        index.FilterField("date"),
        index.FilterField("status"),
    ]

    # Changed by the workspace's forms only: an older revision never brings them back.
    OPERATIONAL_FIELDS = [
        "date",
        "start_time",
        "end_time",
        "host_id",
        "secretary_id",
        "venue",
        "video_url",
        "status",
        "cancel_reason",
        "proposal_deadline",
        "sequence",
        "uid",
        "agenda_published_at",
        "attendance_recorded_at",
    ]

    objects = NetworkPageManager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date", "start_time"]

    def route(self, request, path_components):
        # Its minutes in one query, like the meetings under the index.
        if path_components:
            from minutes.models import MinutesPage  # cycle: minutes' models import this module

            minutes = MinutesPage.objects.child_of(self).filter(slug=path_components[0]).first()
            if minutes is not None:
                minutes._cached_parent_obj = self
                return minutes.route(request, path_components[1:])
        return super().route(request, path_components)

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.OPERATIONAL_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    def get_context(self, request, *args, **kwargs):
        # cycle: workspace.pages reads the permissions, services and forms, which import these models
        from workspace import pages

        context = super().get_context(request, *args, **kwargs)
        return {**context, **pages.meeting_context(request, self)}

    # --- Derived values ---------------------------------------------------------

    @property
    def starts_at(self):
        return datetime.datetime.combine(self.date, self.start_time, tzinfo=PARIS)

    @property
    def ends_at(self):
        return datetime.datetime.combine(self.date, self.end_time, tzinfo=PARIS)

    @property
    def duration_minutes(self):
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def location(self):
        if self.venue:
            return self.venue
        if self.host:
            return f"{self.host.name}, {self.host.full_address}"
        return ""

    @property
    def is_cancelled(self):
        return self.status == MeetingStatus.CANCELLED

    @property
    def has_started(self):
        return timezone.now() >= self.starts_at

    @property
    def is_past(self):
        return timezone.now() >= self.ends_at

    @property
    def agenda_is_published(self):
        return self.status in (MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD)

    def long_title(self):
        return _("Meeting of %(date)s") % {"date": date_format(self.date, "DATE_FORMAT")}

    def bump_sequence(self):
        """Tell calendars the event changed (iCalendar SEQUENCE)."""
        MeetingPage.objects.filter(pk=self.pk).update(sequence=F("sequence") + 1)
        self.refresh_from_db(fields=["sequence"])

    def save_operational(self, *fields):
        """Save workspace-managed fields without a page revision."""
        self.save(update_fields=list(fields), clean=False)


class AgendaItemKind(models.TextChoices):
    WELCOME = "welcome", _("Welcome by the host")
    NEWS = "news", _("Round of news")
    TOPIC = "topic", _("Topic")
    ACTIONS = "actions", _("Follow-up of actions")
    NEXT_MEETING = "next_meeting", _("Next meeting")
    OTHER = "other", _("Other item")


class AgendaItem(models.Model):
    meeting = models.ForeignKey(MeetingPage, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(
        _("kind"), max_length=20, choices=AgendaItemKind.choices, default=AgendaItemKind.TOPIC
    )
    topic = models.ForeignKey(
        "workspace.Topic",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
    )
    presenter = models.ForeignKey(
        Association,
        verbose_name=_("presented by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    covered = models.BooleanField(_("covered at the meeting"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        if self.kind == AgendaItemKind.TOPIC and self.topic_id:
            return self.topic.title
        return self.title or self.get_kind_display()


class AttendanceAnswer(models.TextChoices):
    COMING = "coming", _("coming")
    NOT_COMING = "not_coming", _("not coming")
    UNSURE = "unsure", _("not sure yet")


class Attendance(models.Model):
    """An association's answer before the meeting, and who actually came."""

    meeting = models.ForeignKey(MeetingPage, on_delete=models.CASCADE, related_name="attendances")
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="attendances"
    )
    answer = models.CharField(
        _("answer"), max_length=20, choices=AttendanceAnswer.choices, blank=True
    )
    people_count = models.PositiveSmallIntegerField(
        _("number of people"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    present = models.BooleanField(_("was present"), null=True, blank=True)
    present_count = models.PositiveSmallIntegerField(
        _("people present"), null=True, blank=True, validators=[MaxValueValidator(50)]
    )

    # Counted in the figures across meetings: listed in the current network only.
    objects = scoped_manager(path="association__network")

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "association"], name="one_attendance_per_association"
            )
        ]

    def __str__(self):
        return f"{self.association} – {self.meeting}"


class HostDecline(models.Model):
    """A host association said it cannot host this meeting; the suggestion reopens."""

    meeting = models.ForeignKey(MeetingPage, on_delete=models.CASCADE, related_name="host_declines")
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="host_declines"
    )
    reason = models.TextField(_("reason"))
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    declined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-declined_at"]

    def __str__(self):
        return f"{self.association} – {self.meeting}"


def new_feed_token():
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's private calendar address; regenerating the token revokes the old one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return str(self.user)

    def regenerate(self):
        self.token = new_feed_token()
        self.save(update_fields=["token", "created_at"])
