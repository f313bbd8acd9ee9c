"""The minutes' forms outside the page editor: naming the secretary, an amendment while the
minutes circulate, an erratum after publication, an action item's new status."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy

from workspace.models import Association, Membership, User

from .models import ActionStatus


class SecretaryForm(forms.Form):
    secretary = forms.ModelChoiceField(
        label=gettext_lazy("Secretary of the meeting"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("— nobody: the coordination writes the minutes —"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secretary"].queryset = (
            User.objects.filter(is_active=True, memberships__ended_at__isnull=True)
            .distinct()
            .order_by("last_name")
        )
        # Listed by association (a person of two associations is under each).
        groups = {}
        memberships = (
            Membership.objects.active()
            .filter(user__is_active=True, association__in=Association.objects.active())
            .select_related("user", "association")
            .order_by("association__name", "user__last_name", "user__first_name")
        )
        for membership in memberships:
            groups.setdefault(membership.association.name, []).append(
                (membership.user.pk, str(membership.user))
            )
        self.fields["secretary"].choices = [
            ("", self.fields["secretary"].empty_label),
            *groups.items(),
        ]


class AmendmentForm(forms.Form):
    section = forms.CharField(widget=forms.HiddenInput(), max_length=64)
    text = forms.CharField(
        label=gettext_lazy("Your amendment"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Write the change you ask for.")},
    )


class ErratumForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Erratum"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Write the correction.")},
    )


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[(value, capfirst(label)) for value, label in ActionStatus.choices],
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Say in a few words what changed.")},
    )
