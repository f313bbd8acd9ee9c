"""Minutes of a meeting, its decisions and action items, and their approval workflow.

The minutes are a Wagtail page under their meeting (``/reunions/<meeting>/compte-rendu/``):
sections (one per agenda item, plus any other business) with a summary, decisions and
action items written in the page editor. Decisions and actions are also rows, upserted
by their block id when the page is published; their status lives only on the row, so
publishing an older revision never changes it (a block that disappears marks its row
"withdrawn", nothing is deleted).
"""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, Panel
from wagtail.fields import StreamField
from wagtail.models import GroupApprovalTask, Page, Task, TaskState, Workflow
from wagtail.search import index
from wagtail.snippets.blocks import SnippetChooserBlock

from entraide.forms import LimitedPageForm

RICH = ["bold", "italic", "ol", "ul", "link"]
PARAGRAPH_LIMIT = 20_000

# --- Blocks ------------------------------------------------------------------------


def theme_choices():
    from workspace.models import Theme

    return [(str(theme.pk), theme.name) for theme in Theme.objects.all()]


class SummaryBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=RICH, max_length=PARAGRAPH_LIMIT, label=_("Paragraph")
    )
    confidential_paragraph = blocks.RichTextBlock(
        features=RICH,
        max_length=PARAGRAPH_LIMIT,
        label=_("Confidential paragraph"),
        help_text=_("Seen only by the coordination and the associations that attended."),
    )

    class Meta:
        required = False


class DecisionBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Decision"), max_length=3000)
    scope = blocks.ChoiceBlock(
        choices=[("network", _("whole network")), ("some", _("some associations"))],
        default="network",
        label=_("Scope"),
    )
    associations = blocks.ListBlock(
        SnippetChooserBlock("workspace.Association"),
        label=_("Associations concerned"),
        default=[],
        help_text=_("Only when the decision concerns some associations."),
    )
    themes = blocks.MultipleChoiceBlock(choices=theme_choices, required=False, label=_("Themes"))
    confidential = blocks.BooleanBlock(required=False, label=_("Confidential"))

    class Meta:
        icon = "tick"
        label = _("Decision")

    def clean(self, value):
        value = super().clean(value)
        if value.get("scope") == "some" and not [a for a in value.get("associations") or [] if a]:
            raise blocks.StructBlockValidationError(
                {
                    "associations": ValidationError(
                        _("Choose the associations this decision concerns.")
                    )
                }
            )
        return value


class ActionBlock(blocks.StructBlock):
    what = blocks.TextBlock(label=_("What"), max_length=2000)
    owner = SnippetChooserBlock("workspace.Association", label=_("Owner association"))
    person = blocks.CharBlock(required=False, max_length=150, label=_("Person (optional)"))
    due_date = blocks.DateBlock(label=_("Due date"))
    confidential = blocks.BooleanBlock(required=False, label=_("Confidential"))

    class Meta:
        icon = "date"
        label = _("Action item")


class SectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Item"), max_length=200)
    agenda_item = blocks.IntegerBlock(
        required=False,
        label=_("Agenda item number"),
        help_text=_("Filled when started from the agenda."),
    )
    presenter = SnippetChooserBlock(
        "workspace.Association", required=False, label=_("Presented by")
    )
    confidential = blocks.BooleanBlock(
        required=False,
        label=_("Confidential item"),
        help_text=_(
            "The whole item is seen only by the coordination and the associations that attended."
        ),
    )
    summary = SummaryBlock(label=_("Summary"))
    decisions = blocks.ListBlock(DecisionBlock(), default=[], label=_("Decisions"))
    actions = blocks.ListBlock(ActionBlock(), default=[], label=_("Action items"))

    class Meta:
        icon = "doc-full"
        label = _("Section")


# --- Editor panels -----------------------------------------------------------------


class MinutesStatusPanel(Panel):
    """Why approval is (not) offered, and the amendments received per section."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "minutes/panels/status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            meeting = page.get_parent().specific if page.pk else None
            context["meeting"] = meeting
            context["attendance_missing"] = meeting is not None and not attendance_recorded(meeting)
            context["amendments"] = amendments_by_section(page) if page.pk else []
            context["amendments_beside"] = {
                "heading": str(_("Amendments received on this section")),
                "groups": self.amendment_groups(context["amendments"]),
            }
            return context

        @staticmethod
        def amendment_groups(amendments):
            return [
                {
                    "section_id": group["section_id"],
                    "amendments": [
                        {
                            "who": (
                                f"{amendment.author} ({amendment.association.name})"
                                if amendment.association
                                else str(amendment.author)
                            ),
                            "when": date_format(
                                timezone.localtime(amendment.created_at), "j F Y H:i"
                            ),
                            "text": amendment.text,
                        }
                        for amendment in group["amendments"]
                    ],
                }
                for group in amendments
                if not group["removed"]
            ]

        @property
        def media(self):
            return forms.Media(
                js=["js/minutes-amendments.js"], css={"all": ["css/minutes-editor.css"]}
            )


class MinutesPageForm(LimitedPageForm):
    def clean(self):
        cleaned = super().clean()
        meeting = self.parent_page.specific if getattr(self, "parent_page", None) else None
        if meeting is None and self.instance.pk:
            meeting = self.instance.get_parent().specific
        sections = cleaned.get("sections")
        if meeting is None or not sections:
            return cleaned
        for section in sections:
            for action in section.value["actions"]:
                due = action.get("due_date")
                if due and due < meeting.date:
                    self.add_error(
                        None,
                        _(
                            "The action “%(what)s” is due on %(due)s, before the meeting itself (%(date)s)."
                        )
                        % {"what": action.get("what", "")[:60], "due": due, "date": meeting.date},
                    )
        return cleaned


# --- The page ----------------------------------------------------------------------


def attendance_recorded(meeting):
    return (
        meeting.attendance_recorded_at is not None
        and meeting.attendances.filter(present=True).exists()
    )


def amendments_by_section(page):
    titles = {section.id: section.value["title"] for section in page.sections}
    grouped = {}
    for amendment in page.amendments.select_related("author", "association").order_by("created_at"):
        grouped.setdefault(amendment.section_id, []).append(amendment)
    return [
        {
            "section_id": section_id,
            "title": titles.get(section_id, _("(section removed)")),
            "removed": section_id not in titles,
            "amendments": items,
        }
        for section_id, items in grouped.items()
    ]


class MinutesPage(Page):
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
        return Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()

    @property
    def has_workflow(self):
        return self.get_workflow() is not None

    def permissions_for_user(self, user):
        from .permissions import MinutesPermissionTester

        return MinutesPermissionTester(user, self)

    def serve(self, request, *args, **kwargs):
        from .views import minutes_detail

        return minutes_detail(request, self)

    def serve_preview(self, request, mode_name):
        # The admin's preview and "view draft" show the page as its readers will see it.
        return self.serve(request)


def strip_html(html):
    from django.utils.html import strip_tags

    return strip_tags(html or "")


# --- Rows --------------------------------------------------------------------------


class DecisionScope(models.TextChoices):
    NETWORK = "network", _("whole network")
    SOME = "some", _("some associations")


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

    search_fields = [
        index.SearchField("text"),
        index.SearchField("section_title"),
        index.FilterField("confidential"),
        index.FilterField("withdrawn"),
        index.FilterField("meeting_id"),
    ]

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
    ]

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
        from workspace.permissions import is_coordinator

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
