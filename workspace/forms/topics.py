import filetype
from django import forms
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import (
    AgendaItem,
    Association,
    AttendanceAnswer,
    MeetingPage,
    MeetingStatus,
    NetworkSettings,
    TopicKind,
)

MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5
# What a topic may carry, recognised from the file's content, not its name.
ATTACHMENT_TYPES = {
    "application/pdf": {"pdf"},
    "image/png": {"png"},
    "image/jpeg": {"jpg", "jpeg"},
    "application/vnd.oasis.opendocument.text": {"odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {"ods"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {"docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {"xlsx"},
}


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        uploads = data if isinstance(data, (list, tuple)) else [data]
        return [super(MultipleFileField, self).clean(upload, initial) for upload in uploads]


class AttachmentChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({filesizeformat(obj.size)})"


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


def validate_attachment(upload):
    if upload.size > MAX_ATTACHMENT_SIZE:
        raise forms.ValidationError(
            _("This file weighs %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_ATTACHMENT_SIZE)}
        )
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if kind is None or kind.mime not in ATTACHMENT_TYPES:
        raise forms.ValidationError(
            _(
                "This kind of file is not accepted. Send a PDF, an image (PNG, JPEG) or an office document (ODT, ODS, DOCX, XLSX)."
            )
        )
    if extension not in ATTACHMENT_TYPES[kind.mime]:
        raise forms.ValidationError(
            _("The file's name says .%(extension)s but its content is not: rename or convert it.")
            % {"extension": extension or "?"}
        )
    return kind.mime


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


class TopicForm(OnBehalfForm):
    association_missing = _("Choose the association that proposes this topic.")
    association = forms.ModelChoiceField(
        label=_("Proposed by"), queryset=Association.objects.none(), required=False
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, error_messages={"required": _("Give the topic a title.")}
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What is the situation, what do you expect from the network?"),
        error_messages={"required": _("Describe the topic in a few sentences.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[(v, capfirst(label)) for v, label in TopicKind.choices]
    )
    estimated_minutes = forms.IntegerField(
        label=_("Estimated duration (minutes)"), min_value=5, max_value=120, initial=15
    )
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        required=False,
    )
    remove_attachments = AttachmentChoiceField(
        label=_("Remove these attachments"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    confirm_late = forms.BooleanField(
        label=_(
            "I understand that my proposal arrives after the deadline and will be marked late."
        ),
        required=False,
    )

    def __init__(self, *args, late_meeting=None, topic=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.late_meeting = late_meeting
        self.existing = list(topic.attachments.all()) if topic is not None else []
        self.attachment_types = []
        # Formatted here, not at import, so that it follows the language of the request.
        self.fields["attachments"].help_text = _(
            "Up to %(count)s files: PDF, image or office document, 10 MB at most each. "
            "Hold Ctrl (or Cmd) to choose several."
        ) % {"count": MAX_ATTACHMENTS}
        if late_meeting is None:
            del self.fields["confirm_late"]
        if self.existing:
            self.fields["remove_attachments"].queryset = topic.attachments.all()
        else:
            del self.fields["remove_attachments"]

    def full_clean(self):
        super().full_clean()
        if self.is_bound and self._errors and self.files.getlist("attachments"):
            # Browsers never send a chosen file again: say so, once, above the form.
            self.add_error(None, _("Your text is kept, but the files must be chosen again."))

    def clean_title(self):
        return self.strip("title", _("Give the topic a title."))

    def clean_description(self):
        return self.strip("description", _("Describe the topic in a few sentences."))

    def clean_attachments(self):
        uploads = self.cleaned_data.get("attachments") or []
        errors, self.attachment_types = [], []
        for upload in uploads:
            try:
                self.attachment_types.append(validate_attachment(upload))
            except forms.ValidationError as error:
                errors.extend(
                    forms.ValidationError(
                        _("%(name)s: %(error)s") % {"name": upload.name, "error": message}
                    )
                    for message in error.messages
                )
        if errors:
            raise forms.ValidationError(errors)
        return uploads

    def clean(self):
        cleaned = super().clean()
        removed = cleaned.get("remove_attachments") or []
        kept = len(self.existing) - len(removed)
        added = len(cleaned.get("attachments") or [])
        if added and kept + added > MAX_ATTACHMENTS:
            self.add_error(
                "attachments",
                _(
                    "A topic carries %(max)s attachments at most: it has %(kept)s, "
                    "you can add %(free)s more."
                )
                % {"max": MAX_ATTACHMENTS, "kept": kept, "free": max(MAX_ATTACHMENTS - kept, 0)},
            )
        if self.late_meeting is not None and not cleaned.get("confirm_late"):
            self.add_error(
                "confirm_late",
                _(
                    "The deadline for the meeting of %(date)s was %(deadline)s. Tick the box to send your "
                    "proposal anyway: the coordination will decide whether it can still be discussed."
                )
                % {
                    "date": date_format(self.late_meeting.date, "DATE_FORMAT"),
                    "deadline": date_format(self.late_meeting.proposal_deadline, "DATE_FORMAT"),
                },
            )
        return cleaned


class TopicAnswerForm(forms.Form):
    ACCEPT, DECLINE, DEFER = "accept", "decline", "defer"
    decision = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (ACCEPT, _("Accept and put it on the agenda of")),
            (DEFER, _("Defer to a later meeting")),
            (DECLINE, _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    meeting = forms.ModelChoiceField(
        label=_("Meeting"), queryset=MeetingPage.objects.none(), required=False
    )
    reason = forms.CharField(
        label=_("Answer to the association"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you decline or defer: the association reads it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = MeetingPage.objects.live().filter(
            date__gte=timezone.localdate(),
            status__in=[MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED],
        )
        self.fields["meeting"].label_from_instance = lambda m: m.title

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == self.ACCEPT and not cleaned.get("meeting"):
            self.add_error("meeting", _("Choose the meeting where the topic will be discussed."))
        if decision in (self.DECLINE, self.DEFER) and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Please give a reason: the association reads it."))
        return cleaned


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write what came out of the discussion.")},
    )


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
        self.fields["association"].queryset = Association.objects.filter(
            pk__in=[a.pk for a in associations]
        )
        if len(associations) == 1:
            self.fields["association"].initial = associations[0].pk
            self.fields["association"].widget = forms.HiddenInput()

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
