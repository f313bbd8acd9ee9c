"""The coordinator's upload of a CSV of associations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..services.imports import MAX_BYTES


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file of associations"),
        help_text=_(
            "One association per line. First line: nom;quartier;adresse;code_postal;commune;"
            "telephone;courriel;site_web;activites (nom and quartier are required)."
        ),
    )

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if uploaded.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return uploaded
