"""The comment form of every commented object (topics, discussions, practice questions).

A refusal (a locked thread, a form too old or tampered with, a person posting too fast)
gives the same text back with fresh security data and a French message.
"""

import time
from datetime import timedelta

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_comments.forms import DEFAULT_COMMENTS_TIMEOUT, CommentSecurityForm

from ..models import REPORT_NOTE_MAX_LENGTH, ReportReason
from ..services import comments as comment_services

MAX_LENGTH = 3000


class CommentForm(CommentSecurityForm):
    comment = forms.CharField(
        label=_("Your comment"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write something before sending."),
            "max_length": _(
                "A comment is at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )
    reply_to = forms.CharField(required=False, widget=forms.HiddenInput())

    # Set when the thread refuses comments now (locked): the page shows the text back.
    refusal = None

    def __init__(self, target_object, *args, label=None, **kwargs):
        super().__init__(target_object, *args, **kwargs)
        self.label = label
        if label is not None:
            self.fields["comment"].label = label

    def clean_comment(self):
        value = self.cleaned_data["comment"].strip()
        if not value:
            raise forms.ValidationError(_("Write something before sending."))
        return value

    def clean_reply_to(self):
        """The comment answered, or None: a value no form of ours sends is ignored."""
        value = self.cleaned_data.get("reply_to") or ""
        if value.isdigit() and 0 < int(value) < 2**31:
            return int(value)
        return None

    def clean_security_hash(self):
        try:
            return super().clean_security_hash()
        except forms.ValidationError:
            raise forms.ValidationError(
                _("This form was changed on the way. Reload the page and send again.")
            ) from None

    def clean_timestamp(self):
        ts = self.cleaned_data["timestamp"]
        if time.time() - ts > DEFAULT_COMMENTS_TIMEOUT:
            raise forms.ValidationError(
                _(
                    "This page was open for more than two hours. Your text is kept below: send it again."
                )
            )
        return ts

    def security_errors_list(self):
        return [
            error
            for field in ("timestamp", "security_hash")
            for error in self.errors.get(field, [])
        ]

    def refreshed(self):
        """The same text and errors with fresh security data, to send again."""
        fresh = CommentForm(
            self.target_object,
            initial={
                "comment": self.data.get("comment", ""),
                "reply_to": self.data.get("reply_to") or None,
            },
            label=self.label,
        )
        fresh._errors = self.errors
        return fresh

    def refused(self, message):
        """The same text, refused because the thread takes no comment now."""
        fresh = self.refreshed()
        fresh._errors = {}
        fresh.refusal = message
        return fresh

    def too_fast(self):
        """The same text, refused because its author posts too fast."""
        fresh = self.refreshed()
        fresh._errors = {
            "comment": fresh.error_class(
                [_("You are posting too fast: wait a minute, then send again. Your text is kept.")]
            )
        }
        return fresh


REPLY_PARAMETER = "repondre"
PLACEHOLDER = 987654321


def thread_context(request, obj, *, moderator, form=None, label=None):
    """The thread of ``obj`` and its one comment form (``comment_tree``, ``comment_form``,
    ``replying_to``).

    A page has a single comment form. "Reply" links add ``?repondre=<comment>`` and lead to
    it: without JavaScript the page comes back with the form answering that comment; with
    JavaScript the form moves under the comment at once. A refused form keeps what it answered.
    """
    roots = comment_services.tree(obj, moderator=moderator)
    if form is None:
        form = CommentForm(obj, label=label)
        answered = request.GET.get(REPLY_PARAMETER, "")
    else:
        answered = str(form["reply_to"].value() or "")
    replying_to = None
    for node in roots:
        if str(node["comment"].pk) == answered or any(
            str(reply["comment"].pk) == answered for reply in node["replies"]
        ):
            replying_to = node["comment"]
    if replying_to is not None and not form.is_bound:
        form.initial["reply_to"] = replying_to.pk
    # Each comment's "report" address, built once for the thread (a reverse() per comment
    # is a tenth of a 200-comment page).
    flag_url = reverse("meetings:flag_comment", args=[PLACEHOLDER])
    for node in roots:
        for entry in (node, *node["replies"]):
            entry["comment"].flag_url = flag_url.replace(str(PLACEHOLDER), str(entry["comment"].pk))
    # Comments posted after this moment may still be changed by their writer.
    edit_since = timezone.now() - timedelta(minutes=settings.COMMENT_EDIT_MINUTES)
    return {
        "comment_tree": roots,
        "comment_form": form,
        "replying_to": replying_to,
        "comment_edit_since": edit_since,
    }


class CommentEditForm(forms.Form):
    """The writer changes their comment within the edit window."""

    comment = forms.CharField(
        label=_("Your comment"),
        max_length=MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Write something before sending."),
            "max_length": _(
                "A comment is at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
    )

    def clean_comment(self):
        value = self.cleaned_data["comment"].strip()
        if not value:
            raise forms.ValidationError(_("Write something before sending."))
        return value


class ReportForm(forms.Form):
    """Why a member reports a comment: a reason from a short list, and a note."""

    reason = forms.ChoiceField(
        label=_("Why do you report it?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a reason."),
            "invalid_choice": _("Choose one of the reasons listed."),
        },
    )
    note = forms.CharField(
        label=_("A note for the coordination (optional)"),
        required=False,
        max_length=REPORT_NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "The note is at most %(limit_value)d characters (it has %(show_value)d)."
            )
        },
    )

    def clean(self):
        data = super().clean()
        if data.get("reason") == ReportReason.OTHER and not (data.get("note") or "").strip():
            self.add_error("note", _("Say in the note what the reason is."))
        return data
