"""Opening a discussion, saying "we see this too", raising it to a meeting, closing it."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from minutes.models import Decision

from ..models import Association, MeetingPage, MeetingStatus, Theme
from .base import OnBehalfForm, choose_among


class DiscussionForm(OnBehalfForm):
    association_missing = gettext_lazy("Choose the association that opens this discussion.")
    association = forms.ModelChoiceField(
        label=gettext_lazy("Opened by"), queryset=Association.objects.none(), required=False
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        error_messages={"required": gettext_lazy("Give the discussion a title.")},
    )
    situation = forms.CharField(
        label=gettext_lazy("What do you observe?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Describe the situation without naming the people you help."),
        error_messages={"required": gettext_lazy("Describe what you observe.")},
    )
    themes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_title(self):
        return self.strip("title", _("Give the discussion a title."))

    def clean_situation(self):
        return self.strip("situation", _("Describe what you observe."))


class SupportForm(forms.Form):
    association = forms.ModelChoiceField(
        label=gettext_lazy("For the association"), queryset=Association.objects.none()
    )
    note = forms.CharField(
        label=gettext_lazy("A word on what you see (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, associations=(), **kwargs):
        super().__init__(*args, **kwargs)
        choose_among(self.fields["association"], associations)


class RaiseForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("Meeting"), queryset=MeetingPage.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = MeetingPage.objects.live().filter(
            date__gte=timezone.localdate(),
            status__in=[MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED],
        )
        self.fields["meeting"].label_from_instance = lambda meeting: meeting.title
        self.fields["meeting"].empty_label = gettext_lazy("— the next meeting —")
        self.fields["meeting"].required = False


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label=gettext_lazy("What the network learnt or decided"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Write the outcome before closing.")},
    )
    decisions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Related decisions"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decisions"].queryset = (
            Decision.objects.filter(withdrawn=False, minutes__live=True, confidential=False)
            .select_related("meeting")
            .order_by("-meeting__date")[:50]
        )
        self.fields["decisions"].label_from_instance = lambda d: (
            f"{d.meeting.date:%d/%m/%Y} — {d.text[:90]}"
        )
