"""The orientation agents' one-click feedback on a sheet."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import FeedbackKind


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(label=_("What happened"), choices=FeedbackKind.choices)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=200,
        help_text=_(
            "200 characters at most. Name nobody: not the person you oriented, not a volunteer."
        ),
        widget=forms.TextInput,
    )
