"""The comment form of every commented object (topics, discussions, practice questions).

A refusal (a locked thread, a form too old or tampered with, a person posting too fast)
gives the same text back with fresh security data and a French message.
"""

import re
import time
from datetime import timedelta
from types import SimpleNamespace

from django import forms
from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_comments.forms import DEFAULT_COMMENTS_TIMEOUT, CommentSecurityForm

from entraide import pagecache

from .. import permissions
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


# What a cached thread leaves to each request: the "report" link (not on the reader's own
# comments) and the reader's own "change" and "delete" links. Comments and names are escaped
# in the HTML, so nothing a member writes can look like these markers.
_READER_PARTS = re.compile(r"<!--r:(\d+)-->(.*?)<!--/r-->|<!--own:(\d+)-->", re.S)
# The moderators' forms in a cached thread carry this instead of the reader's CSRF token.
CSRF_PLACEHOLDER = "entraide-thread-csrf-token"


def thread_context(
    request, obj, *, moderator, form=None, label=None, can_comment=False, can_moderate=None
):
    """The thread of ``obj`` and its one comment form (``comment_thread``, ``comment_form``,
    ``replying_to``).

    The thread's HTML is rendered once per object, reader level
    (``permissions.fragment_level``), moderation, right to comment and language, and kept
    until a comment, its details or its reports change (the members' fragments' version,
    ``entraide_member_fragment_models``); each request only puts in the reader's own parts:
    their CSRF token in the moderators' forms, "report" on others' comments, "change" and
    "delete" on their own within the edit window.

    A page has a single comment form. "Reply" links add ``?repondre=<comment>`` and lead to
    it: without JavaScript the page comes back with the form answering that comment; with
    JavaScript the form moves under the comment at once. A refused form keeps what it answered.
    """
    user = request.user
    if can_moderate is None:
        can_moderate = moderator
    key = "thread:{}:{}:{}:{}:{}:{}".format(
        obj._meta.label_lower,
        obj.pk,
        permissions.fragment_level(user),
        f"moderation-{int(bool(moderator))}{int(bool(can_moderate))}",
        "comment" if can_comment else "read",
        translation.get_language(),
    )
    thread = pagecache.remember(
        key,
        lambda: _render_thread(obj, moderator, can_moderate, can_comment),
        members=True,
    )
    if form is None:
        form = CommentForm(obj, label=label)
        answered = request.GET.get(REPLY_PARAMETER, "")
    else:
        answered = str(form["reply_to"].value() or "")
    replying_to = None
    if answered.isdigit() and int(answered) in thread["threads"]:
        root_pk = thread["threads"][int(answered)]
        replying_to = SimpleNamespace(pk=root_pk, user_name=thread["names"][root_pk])
    if replying_to is not None and not form.is_bound:
        form.initial["reply_to"] = replying_to.pk
    return {
        "comment_thread": _for_reader(request, thread, can_moderate),
        "comment_form": form,
        "replying_to": replying_to,
    }


def _render_thread(obj, moderator, can_moderate, can_comment):
    """The thread's HTML for every reader of one level, with what each request completes."""
    roots = comment_services.tree(obj, moderator=moderator)
    # Each comment's "report" address, built once for the thread (a reverse() per comment
    # is a tenth of a 200-comment page).
    flag_url = reverse("meetings:flag_comment", args=[PLACEHOLDER])
    threads, names, writers = {}, {}, {}
    for node in roots:
        root = node["comment"]
        names[root.pk] = root.user_name
        for entry in (node, *node["replies"]):
            comment = entry["comment"]
            comment.flag_url = flag_url.replace(str(PLACEHOLDER), str(comment.pk))
            # "Reply" to any comment of a thread answers its first one.
            threads[comment.pk] = root.pk
            if comment.user_id is not None and not comment.is_removed and not comment.hidden:
                writers.setdefault(comment.user_id, []).append(
                    (comment.pk, comment.submit_date.timestamp())
                )
    html = ""
    if roots:
        html = render_to_string(
            "workspace/includes/comment_list.html",
            {
                "comment_tree": roots,
                "can_comment": can_comment,
                "can_moderate": can_moderate,
                "csrf_token": CSRF_PLACEHOLDER,
            },
        )
    return {"html": html, "threads": threads, "names": names, "writers": writers}


def _for_reader(request, thread, can_moderate):
    html = thread["html"]
    if not html:
        return ""
    user = request.user
    own = dict(thread["writers"].get(user.pk, ())) if user.is_authenticated else {}
    # Comments posted after this moment may still be changed by their writer.
    edit_since = (timezone.now() - timedelta(minutes=settings.COMMENT_EDIT_MINUTES)).timestamp()

    def reader_part(match):
        if match.group(1) is not None:  # "report": on others' comments only
            return "" if int(match.group(1)) in own else match.group(2)
        pk = int(match.group(3))
        if own.get(pk, 0) > edit_since:
            return _own_links(pk)
        return ""

    html = _READER_PARTS.sub(reader_part, html)
    if can_moderate:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308 - rendered by the template engine, escaped there


def _own_links(pk):
    your_comment = _("your comment")
    return format_html(
        '<a href="{}">{}<span class="visually-hidden"> {}</span></a>\n'
        '      <a href="{}">{}<span class="visually-hidden"> {}</span></a>',
        reverse("meetings:edit_comment", args=[pk]),
        _("Change"),
        your_comment,
        reverse("meetings:delete_comment", args=[pk]),
        _("Delete"),
        your_comment,
    )


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
