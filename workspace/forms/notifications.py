"""How a person chooses to hear about each category of the workspace's news."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..models import Category, Mode, Theme


class PreferencesForm(forms.Form):
    def __init__(self, *args, current, themes=None, **kwargs):
        super().__init__(*args, **kwargs)
        for category in Category:
            self.fields[category.value] = forms.ChoiceField(
                label=capfirst(category.label),
                choices=[(value, capfirst(label)) for value, label in Mode.choices],
                initial=current[category.value],
                widget=forms.Select,
            )
        if themes is not None:
            # The themes one follows: each new discussion and practice in them is news, in
            # the "discussions" and "practices" kinds above.
            self.fields["themes"] = forms.ModelMultipleChoiceField(
                queryset=Theme.objects.all(),
                required=False,
                initial=list(themes),
                widget=forms.CheckboxSelectMultiple,
                label=_("Themes I follow"),
                help_text=_(
                    "You hear of every new discussion and every new practice in them (with the discussions and the practices above), instead of among all the new discussions."
                ),
            )
