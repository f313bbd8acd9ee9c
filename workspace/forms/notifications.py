"""How a person chooses to hear about each category of the workspace's news."""

from django import forms
from django.utils.text import capfirst

from ..models import Category, Mode


class PreferencesForm(forms.Form):
    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        for category in Category:
            self.fields[category.value] = forms.ChoiceField(
                label=capfirst(category.label),
                choices=[(value, capfirst(label)) for value, label in Mode.choices],
                initial=current[category.value],
                widget=forms.Select,
            )
