"""An association's answer before a meeting, and the record of who came."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..models import Association, AttendanceAnswer
from .base import choose_among


class AttendanceForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("For the association"), queryset=Association.objects.none()
    )
    answer = forms.ChoiceField(
        label=_("Will your association come?"),
        choices=[(v, capfirst(label)) for v, label in AttendanceAnswer.choices],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an answer.")},
    )
    people_count = forms.IntegerField(
        label=_("How many people?"), min_value=1, max_value=20, required=False
    )

    def __init__(self, *args, associations=(), **kwargs):
        super().__init__(*args, **kwargs)
        choose_among(self.fields["association"], associations)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == AttendanceAnswer.COMING and not cleaned.get("people_count"):
            self.add_error("people_count", _("Say how many people will come (1 to 20)."))
        return cleaned


class RecordAttendanceForm(forms.Form):
    """After the meeting: people present per association, and the topics covered."""

    def __init__(self, *args, associations=(), topic_items=(), initial_presence=None, **kwargs):
        super().__init__(*args, **kwargs)
        initial_presence = initial_presence or {}
        self.associations = list(associations)
        self.topic_items = list(topic_items)
        for association in self.associations:
            self.fields[f"present_{association.pk}"] = forms.IntegerField(
                label=association.name,
                min_value=0,
                max_value=50,
                required=False,
                initial=initial_presence.get(association.pk),
            )
        for item in self.topic_items:
            self.fields[f"covered_{item.pk}"] = forms.BooleanField(
                label=item.display_title, required=False, initial=item.covered is not False
            )

    def presence_fields(self):
        return [self[f"present_{a.pk}"] for a in self.associations]

    def covered_fields(self):
        return [self[f"covered_{i.pk}"] for i in self.topic_items]

    def clean(self):
        cleaned = super().clean()
        if self.associations and not any(cleaned.get(f"present_{a.pk}") for a in self.associations):
            raise forms.ValidationError(
                _("Record at least one association present, or cancel the meeting instead.")
            )
        return cleaned

    def presence(self):
        return {a: self.cleaned_data.get(f"present_{a.pk}") or None for a in self.associations}

    def covered(self):
        return {i.pk for i in self.topic_items if self.cleaned_data.get(f"covered_{i.pk}")}
