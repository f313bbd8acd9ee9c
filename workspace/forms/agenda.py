"""An item of a meeting's agenda, in the agenda builder."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import AgendaItem, Association


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "duration_minutes", "presenter"]
        labels = {"title": _("Title")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = Association.objects.active()
        self.fields["presenter"].empty_label = _("— nobody in particular —")
        if self.instance.pk and self.instance.kind != "other":
            del self.fields["title"]
        else:
            self.fields["title"].required = True
