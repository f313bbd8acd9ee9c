"""Minutes of a meeting, its decisions and action items, and their approval workflow.

The minutes are a Wagtail page under their meeting (``/reunions/<meeting>/compte-rendu/``):
sections (one per agenda item, plus any other business) with a summary, decisions and
action items written in the page editor. Each section is also a row (``MinutesSection``,
kept in step with the latest revision) holding real foreign keys to the agenda item and
the topic it covers; decisions and actions are rows, upserted by their block id when the
page is published, each pointing at its section row. Their status lives only on the row,
so publishing an older revision never changes it (a block that disappears marks its row
"withdrawn", nothing is deleted).
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import GroupApprovalTask, Page, Task, TaskState, Workflow
from wagtail.search import index

from entraide.restrictions import ServedRestrictions
from workspace import networks
from workspace.models.networks import LocalURLs, NetworkPageManager, scoped_manager
from workspace.permissions import is_coordinator

from .approval import attendance_recorded
from .blocks import (
    SectionBlock,
    theme_choices,  # noqa: F401 - migration 0001 names minutes.models.theme_choices
)
from .panels import MinutesPageForm, MinutesStatusPanel

# --- The page ----------------------------------------------------------------------


class MinutesPage(LocalURLs, ServedRestrictions, Page):
    other_participants = models.TextField(
        _("other participants"), blank=True, help_text=_("Guests, partners, CCAS staff…")
    )
    sections = StreamField([("section", SectionBlock())], blank=True, verbose_name=_("sections"))
    search_text = models.TextField(editable=False, blank=True, default="")

    content_panels = [
        MinutesStatusPanel(heading=_("Approval and amendments")),
        FieldPanel("title"),
        FieldPanel("other_participants"),
        FieldPanel("sections"),
    ]
    promote_panels = []
    settings_panels = []
    base_form_class = MinutesPageForm
    text_limits = {"other_participants": 1000}
    parent_page_types = ["workspace.MeetingPage"]
    subpage_types = []
    max_count_per_parent = 1
    # Started from the meeting page, prefilled from its agenda.
    is_creatable = False

    # Only what everybody who can find the minutes may read: never a confidential part.
    search_fields = Page.search_fields + [index.SearchField("search_text")]

    objects = NetworkPageManager()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def save(self, *args, **kwargs):
        self.search_text = self.public_text()
        return super().save(*args, **kwargs)

    @cached_property
    def meeting(self):
        return self.get_parent().specific

    def public_text(self):
        """The minutes' text without any confidential part, for the search index."""
        parts = [self.other_participants]
        for section in self.sections:
            value = section.value
            if value["confidential"]:
                continue
            parts.append(value["title"])
            for block in value["summary"]:
                if block.block_type == "paragraph":
                    parts.append(strip_html(block.value.source))
            for decision in value["decisions"]:
                if not decision.get("confidential"):
                    parts.append(decision.get("text", ""))
            for action in value["actions"]:
                if not action.get("confidential"):
                    parts.append(action.get("what", ""))
        return "\n".join(part for part in parts if part)

    # --- Workflow: always the minutes workflow, wherever the page is.

    def get_workflow(self):
        """The minutes workflow of the network the page belongs to."""
        network = networks.network_of(self) if self.path else None
        return Workflow.objects.filter(
            name=networks.local_name(WORKFLOW_NAME, network), active=True
        ).first()

    @property
    def has_workflow(self):
        return self.get_workflow() is not None

    def permissions_for_user(self, user):
        # cycle: minutes.permissions imports these models
        from .permissions import MinutesPermissionTester

        return MinutesPermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        # cycle: minutes.pages reads the permissions and forms, which import these models
        from . import pages

        context = super().get_context(request, *args, **kwargs)
        return {**context, **pages.minutes_page_context(request, self)}


def strip_html(html):
    return strip_tags(html or "")


# --- Rows --------------------------------------------------------------------------


class MinutesSection(models.Model):
    """A section of the minutes, kept in step with its block (found again by the block's id)
    in the latest revision: what leads from a topic and its agenda item to what came of it.

    Set when the minutes are started from the agenda; a section added in the editor gets
    the agenda item chosen from the meeting's list. A section removed from the minutes is
    marked withdrawn, never deleted (its decisions keep pointing at it)."""

    minutes = models.ForeignKey(
        "MinutesPage", on_delete=models.CASCADE, related_name="section_rows"
    )
    meeting = models.ForeignKey(
        "workspace.MeetingPage", on_delete=models.CASCADE, related_name="minutes_sections"
    )
    uuid = models.CharField(max_length=64)
    title = models.CharField(_("item"), max_length=200)
    agenda_item = models.ForeignKey(
        "workspace.AgendaItem",
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="minutes_sections",
    )
    topic = models.ForeignKey(
        "workspace.Topic",
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="minutes_sections",
    )
    confidential = models.BooleanField(_("confidential"), default=False)
    withdrawn = models.BooleanField(_("withdrawn from the minutes"), default=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("minutes section")
        verbose_name_plural = _("minutes sections")
        ordering = ["minutes", "order"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "uuid"], name="minutes_section_uuid")
        ]

    def __str__(self):
        return self.title


class DecisionScope(models.TextChoices):
    NETWORK = "network", _("whole network")
    SOME = "some", _("some associations")


class DecisionOutcome(models.TextChoices):
    """What the meeting made of a decision (a decision may stay without consensus)."""

    ADOPTED = "adopted", pgettext_lazy("decision outcome", "adopted")
    REJECTED = "rejected", pgettext_lazy("decision outcome", "rejected")
    NO_CONSENSUS = "no_consensus", pgettext_lazy("decision outcome", "without consensus")
    DEFERRED = "deferred", pgettext_lazy("decision outcome", "deferred")


class MinutesRow(index.Indexed, models.Model):
    """What decisions and action items share: a row kept in step with a block of the minutes
    (found again by the block's id), its place in the minutes and its confidentiality."""

    uuid = models.CharField(max_length=64, unique=True)
    section_id = models.CharField(max_length=64)
    section_title = models.CharField(_("item"), max_length=200)
    confidential = models.BooleanField(_("confidential"), default=False)
    withdrawn = models.BooleanField(_("withdrawn from the minutes"), default=False)
    order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    @classmethod
    def get_indexed_objects(cls):
        # Confidential or withdrawn rows are never indexed.
        return cls.objects.filter(confidential=False, withdrawn=False)


class Decision(MinutesRow):
    minutes = models.ForeignKey(MinutesPage, on_delete=models.CASCADE, related_name="decision_rows")
    minutes_section = models.ForeignKey(
        MinutesSection,
        verbose_name=_("minutes section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    meeting = models.ForeignKey(
        "workspace.MeetingPage", on_delete=models.CASCADE, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        "workspace.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    text = models.TextField(_("decision"))
    scope = models.CharField(
        _("scope"), max_length=20, choices=DecisionScope.choices, default=DecisionScope.NETWORK
    )
    associations = models.ManyToManyField(
        "workspace.Association", blank=True, related_name="decisions"
    )
    themes = models.ManyToManyField("workspace.Theme", blank=True, related_name="decisions")
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=DecisionOutcome.choices, blank=True, db_index=True
    )
    consultation = models.ForeignKey(
        "workspace.Consultation",
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        help_text=_("Where the associations took their positions on it."),
    )

    search_fields = [
        index.SearchField("text"),
        index.SearchField("section_title"),
        index.FilterField("confidential"),
        index.FilterField("withdrawn"),
        index.FilterField("meeting_id"),
        index.FilterField("minutes_id"),
    ]

    objects = scoped_manager(path="minutes__in_tree")

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-meeting__date", "order"]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return f"{self.minutes.url}#decision-{self.pk}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


OPEN_STATUSES = [ActionStatus.OPEN, ActionStatus.IN_PROGRESS]


class ActionItem(MinutesRow):
    minutes = models.ForeignKey(MinutesPage, on_delete=models.CASCADE, related_name="action_rows")
    minutes_section = models.ForeignKey(
        MinutesSection,
        verbose_name=_("minutes section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    meeting = models.ForeignKey(
        "workspace.MeetingPage", on_delete=models.CASCADE, related_name="actions"
    )
    what = models.TextField(_("what"))
    owner = models.ForeignKey(
        "workspace.Association",
        verbose_name=_("owner association"),
        on_delete=models.PROTECT,
        related_name="actions",
    )
    person = models.CharField(_("person"), max_length=150, blank=True)
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )

    search_fields = [
        index.SearchField("what"),
        index.SearchField("section_title"),
        index.FilterField("confidential"),
        index.FilterField("withdrawn"),
        index.FilterField("status"),
        index.FilterField("minutes_id"),
    ]

    objects = scoped_manager(path="minutes__in_tree")

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.what[:80]

    def get_absolute_url(self):
        return f"{self.minutes.url}#action-{self.pk}"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_date < timezone.localdate()


class ActionUpdate(models.Model):
    action = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    note = models.TextField(_("note"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.action} → {self.status}"


class Amendment(models.Model):
    """A request to change a section, sent while the minutes circulate."""

    minutes = models.ForeignKey(MinutesPage, on_delete=models.CASCADE, related_name="amendments")
    section_id = models.CharField(max_length=64)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    association = models.ForeignKey(
        "workspace.Association", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("amendment"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.text[:60]


class DraftReading(models.Model):
    """A member of an association that attended opened the circulating draft.

    Those who have not read it get the reminder before the end of the circulation."""

    minutes = models.ForeignKey(MinutesPage, on_delete=models.CASCADE, related_name="readings")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["minutes", "user"], name="one_reading_per_person")
        ]

    def __str__(self):
        return f"{self.user_id} read {self.minutes_id}"


class Erratum(models.Model):
    """After publication, the minutes change only by dated errata."""

    minutes = models.ForeignKey(MinutesPage, on_delete=models.CASCADE, related_name="errata")
    text = models.TextField(_("erratum"), max_length=3000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("erratum")
        verbose_name_plural = _("errata")

    def __str__(self):
        return self.text[:60]


# --- Workflow ----------------------------------------------------------------------

WORKFLOW_NAME = "Approbation des comptes rendus"


class CirculationTask(Task):
    """The draft circulates to the associations that attended, for amendments, for N days."""

    days = models.PositiveSmallIntegerField(_("days of circulation"), default=7)

    admin_form_fields = Task.admin_form_fields + ["days"]

    @classmethod
    def get_task_state_class(cls):
        return CirculationTaskState

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        task_state.deadline = timezone.now() + datetime.timedelta(days=self.days)
        task_state.save(update_fields=["deadline"])
        return task_state

    def _is_coordinator(self, user):
        return is_coordinator(user)

    def user_can_access_editor(self, obj, user):
        return self._is_coordinator(user)

    def locked_for_user(self, obj, user):
        return not self._is_coordinator(user)

    def get_actions(self, obj, user):
        if self._is_coordinator(user):
            return [
                ("approve", _("End the circulation now"), False),
                ("reject", _("Back to the draft"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if self._is_coordinator(user):
            return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        return TaskState.objects.none()

    @classmethod
    def get_description(cls):
        return _(
            "The draft circulates to the associations that attended, which can send amendments."
        )

    class Meta:
        verbose_name = _("circulation for amendments")
        verbose_name_plural = _("circulations for amendments")


class CirculationTaskState(TaskState):
    deadline = models.DateTimeField(_("end of circulation"), null=True, blank=True)

    @property
    def end(self):
        """The deadline, also while ``CirculationTask.start`` has not written it yet."""
        if self.deadline is not None:
            return self.deadline
        return self.started_at + datetime.timedelta(days=self.task.specific.days)

    class Meta:
        verbose_name = _("circulation state")


class DirectorApprovalTask(GroupApprovalTask):
    """Approval by the director: not offered while the meeting's attendance is missing."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        meeting = obj.get_parent(update=True).specific
        if not attendance_recorded(meeting):
            actions = [action for action in actions if action[0] != "approve"]
        return actions

    @classmethod
    def get_description(cls):
        return _(
            "The director approves and publishes; not possible until the attendance is recorded."
        )

    class Meta:
        verbose_name = _("approval by the director")
        verbose_name_plural = _("approvals by the director")
