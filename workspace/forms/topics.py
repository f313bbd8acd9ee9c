"""Proposing and changing a topic (with its attachments), answering it, closing it."""

import filetype
from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from entraide.dates import format_date as date_format

from ..models import Association, MeetingPage, MeetingStatus, TopicKind
from .base import OnBehalfForm

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


class TopicForm(OnBehalfForm):
    association_missing = _("Choose the association that proposes this topic.")
    association = forms.ModelChoiceField(
        label=_("Proposed by"), queryset=Association.objects.none(), required=False
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_(
            "The other associations see the title (not the description) to say “we too”: never name a person helped."
        ),
        error_messages={"required": _("Give the topic a title.")},
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

    def new_attachments(self):
        """The files chosen, each with the type its content was recognised as."""
        uploads = self.cleaned_data.get("attachments") or []
        return list(zip(uploads, self.attachment_types, strict=True))

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
