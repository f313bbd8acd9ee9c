"""The blocks of the minutes' sections: summary paragraphs (some confidential), decisions
and action items, each with a block id that the published rows keep (``MinutesRow.uuid``)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from workspace.models import Theme

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
