"""What the workspace's forms share: answering or writing for one of one's associations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Association


class OnBehalfForm(forms.Form):
    """A form sent on behalf of one of the person's associations, or of the CCAS.

    ``association`` lists the person's associations; left empty, it means the CCAS
    (the coordinator only) or, when the person has one association, that one.
    """

    association_missing = _("Choose the association on whose behalf you write.")

    def __init__(self, *args, associations=(), allow_ccas=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.associations = list(associations)
        self.allow_ccas = allow_ccas
        field = self.fields["association"]
        field.queryset = Association.objects.filter(pk__in=[a.pk for a in self.associations])
        field.empty_label = _("Coordination of the CCAS") if allow_ccas else None
        if len(self.associations) == 1 and not allow_ccas:
            field.initial = self.associations[0].pk

    def strip(self, name, message):
        value = self.cleaned_data[name].strip()
        if not value:
            raise forms.ValidationError(message)
        return value

    def clean_association(self):
        association = self.cleaned_data.get("association")
        if association is None and not self.allow_ccas:
            if len(self.associations) == 1:
                return self.associations[0]
            raise forms.ValidationError(self.association_missing)
        return association


def choose_among(field, associations):
    """``field`` offers ``associations`` only; with one, it is chosen and hidden."""
    field.queryset = Association.objects.filter(pk__in=[a.pk for a in associations])
    if len(associations) == 1:
        field.initial = associations[0].pk
        field.widget = forms.HiddenInput()
