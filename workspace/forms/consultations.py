"""Opening a consultation (a question and a closing date) and taking a position on it."""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..models import Stance
from ..models.consultations import QUESTION_MAX_LENGTH, REASON_MAX_LENGTH
from .base import OnBehalfForm


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ConsultationForm(forms.Form):
    question = forms.CharField(
        label=_("Question put to the associations"),
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Write the question the associations answer."),
            "max_length": _("The question is limited to %(limit_value)d characters."),
        },
    )
    closes_at = forms.DateTimeField(
        label=_("Closes on"),
        help_text=_("Date and time; positions can change until then."),
        widget=DateTimeInput(),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M:%S"],
        error_messages={
            "required": _("Give the date and time when the consultation closes."),
            "invalid": _("Give a date and a time, for example 15/12/2026 18:00."),
        },
    )

    def clean_question(self):
        value = self.cleaned_data["question"].strip()
        if not value:
            raise forms.ValidationError(_("Write the question the associations answer."))
        return value

    def clean_closes_at(self):
        value = self.cleaned_data["closes_at"]
        if value <= timezone.now():
            raise forms.ValidationError(_("The closing date must be in the future."))
        return value


class PositionForm(OnBehalfForm):
    association = forms.ModelChoiceField(
        label=_("For the association"), queryset=None, required=False
    )
    stance = forms.ChoiceField(
        label=_("Position"),
        choices=[(value, capfirst(label)) for value, label in Stance.choices],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a position."),
            "invalid_choice": _("Choose a position from the list."),
        },
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional, but required to block."),
        error_messages={"max_length": _("The reason is limited to %(limit_value)d characters.")},
    )

    association_missing = _("Choose the association for which you answer.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if len(self.associations) == 1:
            # One association: nothing to choose, its name is in the heading.
            self.fields["association"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        if data.get("stance") == Stance.BLOCK and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why your association blocks the decision."))
        return data
