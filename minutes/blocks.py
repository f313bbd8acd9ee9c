"""The blocks of the minutes' sections: the agenda item each covers (chosen from a list of
the meeting's items), summary paragraphs (some confidential), decisions and action items,
each with a block id that the rows keep (``MinutesSection.uuid``, ``MinutesRow.uuid``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from workspace.models import Theme

# The choices of ``models.DecisionOutcome`` (the models import these blocks).
OUTCOME_CHOICES = [
    ("adopted", pgettext_lazy("decision outcome", "adopted")),
    ("rejected", pgettext_lazy("decision outcome", "rejected")),
    ("no_consensus", pgettext_lazy("decision outcome", "without consensus")),
    ("deferred", pgettext_lazy("decision outcome", "deferred")),
]
RICH = ["bold", "italic", "ol", "ul", "link"]
PARAGRAPH_LIMIT = 20_000


def theme_choices():
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
    outcome = blocks.ChoiceBlock(
        choices=OUTCOME_CHOICES,
        required=False,
        label=_("Outcome"),
        help_text=_(
            "Adopted, rejected, without consensus or deferred: the associations' positions, "
            "when they were consulted, are shown with it."
        ),
    )
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


AGENDA_ITEM_LABEL = _("Agenda item")
AGENDA_ITEM_HELP = _("The item of this meeting's agenda that the section covers, if any.")


class AgendaItemBlock(blocks.FieldBlock):
    """The agenda item a section covers, stored as the item's id and chosen from a list.

    A block does not know its page: the model's block lists no item, and the minutes' form
    (``panels.MinutesPageForm``) gives each page a copy listing its own meeting's agenda
    (``SectionBlock.for_agenda``). A choice outside that list is refused in French.
    """

    def __init__(self, choices=(), required=False, help_text=None, **kwargs):
        self.field = forms.TypedChoiceField(
            choices=[("", _("— none (another item) —"))] + [(str(pk), t) for pk, t in choices],
            coerce=int,
            empty_value=None,
            required=required,
            help_text=help_text,
            error_messages={
                "invalid_choice": _("Choose an item of this meeting's agenda from the list.")
            },
        )
        self._choices = list(choices)
        super().__init__(**kwargs)

    def deconstruct(self):
        # The list of items belongs to a meeting, never to a migration.
        path, args, kwargs = super().deconstruct()
        kwargs.pop("choices", None)
        return path, args, kwargs

    def to_python(self, value):
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def get_prep_value(self, value):
        return self.to_python(value)

    def value_for_form(self, value):
        return "" if value is None else str(value)

    def get_searchable_content(self, value):
        return []

    class Meta:
        icon = "list-ol"
        default = None


class SectionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Item"), max_length=200)
    agenda_item = AgendaItemBlock(label=AGENDA_ITEM_LABEL, help_text=AGENDA_ITEM_HELP)
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

    @classmethod
    def for_agenda(cls, items):
        """A section block whose agenda item is chosen among ``items`` (a meeting's agenda)."""
        chooser = AgendaItemBlock(
            choices=[(item.pk, f"{n}. {item.display_title}") for n, item in enumerate(items, 1)],
            label=AGENDA_ITEM_LABEL,
            help_text=AGENDA_ITEM_HELP,
        )
        return cls(local_blocks=[("agenda_item", chooser)])


def sections_block(items):
    """The minutes' sections for one meeting: ``MinutesPage.sections`` with its agenda."""
    return blocks.StreamBlock(
        [("section", SectionBlock.for_agenda(items))], required=False, label=_("sections")
    )
