"""The minutes' page editor: its status panel (why approval is offered or not, the
amendments received per section) and its form (each section's agenda item chosen from the
meeting's agenda, an item covered by one section only, an action not due before the meeting)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import Panel
from wagtail.blocks import BlockField, StreamBlockValidationError

from entraide.dates import format_date as date_format
from entraide.forms import LimitedPageForm

from .approval import attendance_recorded
from .blocks import describe_errors, sections_block


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
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.meeting
        field = self.fields.get("sections")
        if meeting is not None and field is not None:
            # Each section's agenda item is chosen among this meeting's items only.
            items = list(meeting.agenda_items.select_related("topic"))
            self.fields["sections"] = BlockField(
                block=sections_block(items),
                required=field.required,
                label=field.label,
                help_text=field.help_text,
            )

    def name_section_errors(self):
        """Wagtail's message after a refused save or submit says only "validation errors":
        each error of the sections becomes a message that names its place ("Section 2
        « Maraudes d'hiver » › Décision 1 › Décision : Ce champ est obligatoire."), which the
        editor's message lists (Wagtail lists the form's errors when it has some of its own)."""
        errors = self.errors.get("sections")
        if not errors:
            return
        field = self.fields["sections"]
        value = self["sections"].data
        named = []
        for error in errors.as_data():
            found = describe_errors(field.block, value, error)
            for place, message in found:
                where = " › ".join(place) if place else str(field.label)
                self.add_error(
                    None, _("%(where)s: %(message)s") % {"where": where, "message": message}
                )
            # The field keeps its errors (the editor marks each block), with a message that
            # does not repeat them: "Validation error in StreamBlock" is not for people.
            count = len(found) or 1
            text = ngettext("%(count)s field to correct", "%(count)s fields to correct", count) % {
                "count": count
            }
            if isinstance(error, StreamBlockValidationError):
                summary = StreamBlockValidationError(
                    block_errors=error.block_errors, non_block_errors=error.non_block_errors
                )
                summary.message = text
            else:
                summary = ValidationError(text)
            named.append(summary)
        self._errors["sections"] = self.error_class(named)

    @property
    def meeting(self):
        if getattr(self, "parent_page", None):
            return self.parent_page.specific
        if self.instance.pk:
            return self.instance.get_parent().specific
        return None

    def clean(self):
        cleaned = super().clean()
        self.name_section_errors()
        meeting = self.meeting
        sections = cleaned.get("sections")
        if meeting is None or not sections:
            return cleaned
        covered = {}
        for section in sections:
            item = section.value.get("agenda_item")
            if item is not None and item in covered:
                self.add_error(
                    None,
                    _(
                        "The sections “%(first)s” and “%(second)s” cover the same agenda item: choose it for one section only."
                    )
                    % {"first": covered[item], "second": section.value.get("title", "")},
                )
            elif item is not None:
                covered[item] = section.value.get("title", "")
            for action in section.value["actions"]:
                due = action.get("due_date")
                if due and due < meeting.date:
                    self.add_error(
                        None,
                        _(
                            "The action “%(what)s” is due on %(due)s, before the meeting itself (%(date)s)."
                        )
                        % {
                            "what": action.get("what", "")[:60],
                            "due": date_format(due, "j F Y"),
                            "date": date_format(meeting.date, "j F Y"),
                        },
                    )
        return cleaned
