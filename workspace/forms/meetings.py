"""Planning and changing a meeting, a reason (cancelling, declining to host), a series of
meetings planned at once."""

import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.dates import format_date as date_format

from ..models import Association, MeetingPage, MeetingStatus, NetworkSettings
from ..models.meetings import PARIS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class HostChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, association):
        if not association.is_active:
            return _("%(name)s (left the network)") % {"name": association.name}
        return association.name


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    end_time = forms.TimeField(label=_("End time"), widget=TimeInput())
    host = HostChoiceField(
        label=_("Host association"),
        queryset=Association.objects.all(),
        required=False,
        empty_label=_("— to be found —"),
    )
    venue = forms.CharField(
        label=_("Venue"),
        max_length=255,
        required=False,
        help_text=_("Leave empty to meet at the host's address."),
    )
    video_url = forms.URLField(
        label=_("Video link (hybrid meeting)"),
        required=False,
        assume_scheme="https",
        max_length=200,
    )
    proposal_deadline = forms.DateField(
        label=_("Deadline for proposing topics"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for the usual number of days before the meeting."),
    )

    def __init__(self, *args, meeting=None, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)
        if meeting is None:
            self.fields["host"].queryset = Association.objects.active()
        else:
            self.fields["host"].queryset = Association.objects.filter(
                Q(pk__in=Association.objects.active()) | Q(pk=meeting.host_id)
            )

    def clean_date(self):
        date = self.cleaned_data["date"]
        unchanged = self.meeting is not None and self.meeting.date == date
        if date < timezone.localdate() and not unchanged:
            raise forms.ValidationError(
                _("This date is in the past. Choose today or a later date.")
            )
        return date

    def clean_host(self):
        host = self.cleaned_data["host"]
        if host is not None and not host.is_active:
            raise forms.ValidationError(
                _(
                    "%(name)s has left the network and cannot host a meeting. Choose another association."
                )
                % {"name": host.name}
            )
        return host

    def clean(self):
        cleaned = super().clean()
        date, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The meeting must end after it starts."))
        unchanged = (
            self.meeting is not None
            and self.meeting.date == date
            and self.meeting.start_time == start
        )
        if date and start and date == timezone.localdate() and not unchanged:
            if datetime.datetime.combine(date, start, tzinfo=PARIS) <= timezone.now():
                self.add_error(
                    "start_time",
                    _("This time today is already past. Choose a later time or another day."),
                )
        deadline = cleaned.get("proposal_deadline")
        if date and deadline and deadline > date:
            self.add_error(
                "proposal_deadline",
                _("The deadline for topics must be on or before the meeting's date."),
            )
        if date and start and end and end > start:
            others = MeetingPage.objects.filter(date=date).exclude(status=MeetingStatus.CANCELLED)
            if self.meeting is not None:
                others = others.exclude(pk=self.meeting.pk)
            for other in others:
                if other.start_time < end and start < other.end_time:
                    self.add_error(
                        "start_time",
                        _(
                            "Another meeting is already planned on %(date)s from %(start)s to %(end)s."
                        )
                        % {
                            "date": date_format(date, "DATE_FORMAT"),
                            "start": other.start_time.strftime("%H:%M"),
                            "end": other.end_time.strftime("%H:%M"),
                        },
                    )
                    break
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Please give a reason: the people concerned will read it.")},
    )

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError(
                _("Please give a reason: the people concerned will read it.")
            )
        return value


class PlanSeriesForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of meetings to plan"), min_value=1, max_value=12, initial=6
    )


def meeting_initial(date=None):
    template = NetworkSettings.load()
    initial = {"start_time": template.default_start_time, "end_time": template.default_end_time}
    if date:
        initial["date"] = date
    return initial
