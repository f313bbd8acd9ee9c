"""Comments on topics with django-comments-xtd, through our own permission-checked views.

Two levels: a comment and its replies (a reply to a reply joins the same thread).
The tree of a topic is read in one query. Hidden comments (by the coordination)
keep their place, shown as hidden to everyone but the moderators.

Other apps comment on their own objects (practices…) with the same form, tree and
moderation: they register the model with ``register_target`` so that the flag, hide
and moderation views find the object and check who may see it.

Every comment is posted through ``post_from_request``: topic comments, discussion
comments and practice questions share its checks (permission, lock, form age and
integrity, size, rate limit), its French errors that keep the typed text, the
follow and the notification, so they cannot drift apart.
"""

import logging
import time
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_comments.forms import DEFAULT_COMMENTS_TIMEOUT, CommentSecurityForm
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

logger = logging.getLogger(__name__)

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


def content_type_for(obj):
    return ContentType.objects.get_for_model(obj)


def thread_queryset(obj):
    return XtdComment.objects.filter(
        content_type=content_type_for(obj), object_pk=str(obj.pk), site_id=settings.SITE_ID
    )


def tree(obj, moderator=False):
    """[{"comment", "replies": [...]}] for ``obj``, from one query."""
    comments = (
        thread_queryset(obj)
        .filter(is_removed=False)
        .select_related("user")
        .annotate(flag_count=Count("flags", filter=Q(flags__flag=CommentFlag.SUGGEST_REMOVAL)))
        .order_by("thread_id", "order")
    )
    roots, by_id = [], {}
    for comment in comments:
        comment.hidden = not comment.is_public
        node = {"comment": comment, "replies": []}
        if comment.level == 0 or comment.parent_id not in by_id:
            roots.append(node)
            by_id[comment.pk] = node
        else:
            by_id[comment.parent_id]["replies"].append(node)
    return roots


def count_for(objects):
    """{object pk: number of visible comments} for many objects of one model, in one query."""
    objects = list(objects)
    if not objects:
        return {}
    counts = (
        XtdComment.objects.filter(
            content_type=content_type_for(objects[0]),
            object_pk__in=[str(o.pk) for o in objects],
            site_id=settings.SITE_ID,
            is_public=True,
            is_removed=False,
        )
        # XtdComment's manager orders by thread and order: without clearing it, those
        # columns join the GROUP BY and every comment counts as its own group.
        .order_by()
        .values("object_pk")
        .annotate(n=Count("pk"))
    )
    return {int(row["object_pk"]): row["n"] for row in counts}


def post(obj, user, text, reply_to=None, ip_address=None):
    parent_id = 0
    if reply_to:
        parent = thread_queryset(obj).filter(pk=reply_to).first()
        if parent is not None:
            # Two levels only: answering a reply answers its thread.
            parent_id = parent.pk if parent.level == 0 else parent.parent_id
    comment = XtdComment(
        content_type=content_type_for(obj),
        object_pk=str(obj.pk),
        site_id=settings.SITE_ID,
        user=user,
        user_name=str(user)[:50],
        user_email=user.email,
        comment=text,
        submit_date=timezone.now(),
        ip_address=ip_address,
        is_public=True,
        is_removed=False,
        parent_id=parent_id,
    )
    comment.save()
    # Whoever comments follows the thread, unless they unfollowed it before.
    from .follows import follow

    follow(user, obj, explicit=False)
    return comment


def flag(comment, user):
    CommentFlag.objects.get_or_create(comment=comment, user=user, flag=CommentFlag.SUGGEST_REMOVAL)


def _close_reports(comment):
    comment.flags.filter(flag=CommentFlag.SUGGEST_REMOVAL).delete()


def _record_decision(comment, moderator, flag):
    CommentFlag.objects.update_or_create(
        comment=comment, user=moderator, flag=flag, defaults={"flag_date": timezone.now()}
    )


def set_hidden(comment, moderator, hidden):
    comment.is_public = not hidden
    comment.save(update_fields=["is_public"])
    if not hidden:
        # Restoring a comment answers the reports made about it.
        _close_reports(comment)
    _record_decision(
        comment,
        moderator,
        CommentFlag.MODERATOR_DELETION if hidden else CommentFlag.MODERATOR_APPROVAL,
    )


def keep(comment, moderator):
    """The coordination read the reports and keeps the comment: the reports are closed.

    A new report brings it back to the moderation queue.
    """
    _close_reports(comment)
    _record_decision(comment, moderator, CommentFlag.MODERATOR_APPROVAL)


def reported():
    """Visible comments reported by members and not yet reviewed by the coordination."""
    return XtdComment.objects.filter(
        is_removed=False, is_public=True, flags__flag=CommentFlag.SUGGEST_REMOVAL
    ).distinct()


def hidden():
    return XtdComment.objects.filter(is_removed=False, is_public=False)


# --- Other commented objects ---------------------------------------------------------

# model -> (get(request, pk): the object if the user may see its comments, else Http404;
#           describe(pks): {pk: {"title", "url"}} for the moderation queue, in one query)
TARGETS = {}


def register_target(model, get, describe):
    TARGETS[model] = (get, describe)


def registered_target(request, comment):
    """The object of a comment on a registered model, as ``request.user`` may see it."""
    entry = TARGETS.get(comment.content_type.model_class())
    if entry is None:
        raise Http404
    return entry[0](request, int(comment.object_pk))


def describe_targets(comments):
    """{comment pk: {"title", "url"}} for the comments on registered models."""
    by_model = {}
    for comment in comments:
        model = comment.content_type.model_class()
        if model in TARGETS:
            by_model.setdefault(model, []).append(comment)
    described = {}
    for model, items in by_model.items():
        targets = TARGETS[model][1]({int(c.object_pk) for c in items})
        for comment in items:
            if int(comment.object_pk) in targets:
                described[comment.pk] = targets[int(comment.object_pk)]
    return described


# --- Flooding ----------------------------------------------------------------------------

RATE_WINDOW_SECONDS = 60


def too_fast(user):
    """True when ``user`` posted ``COMMENTS_PER_MINUTE`` comments or more in the last minute.

    Counted in the database, among the comments themselves: the same answer in every web
    process, and nothing to lose when the cache (Redis) is down.
    """
    limit = getattr(settings, "COMMENTS_PER_MINUTE", 5)
    since = timezone.now() - timedelta(seconds=RATE_WINDOW_SECONDS)
    recent = XtdComment.objects.filter(user=user, submit_date__gte=since).order_by()
    return recent.count() >= limit


# --- Posting -------------------------------------------------------------------------------


def post_from_request(
    request, obj, *, allowed, render, notify, url, success, refusal=None, label=None
):
    """Post the comment of ``request`` on ``obj``: the one path every commented object uses.

    - ``allowed``: whether ``request.user`` may comment ``obj`` (else 404, as if unseen);
    - ``refusal``: a message when the thread takes no comment now (locked): the page is
      shown again with the message and the typed text;
    - ``render(form, status)``: the object's page with this comment form;
    - ``notify(comment)``: emits the event, in the transaction that saves the comment;
    - ``url``: the object's page, where the new comment is shown; ``success``: the message.

    A form that is too old, tampered with, empty or too long, and a person posting too
    fast, get the page again with a French error and their text kept.
    """
    if not allowed:
        raise Http404
    form = CommentForm(obj, data=request.POST, label=label)
    if refusal:
        return render(form.refused(refusal), 409)
    if not form.is_valid():
        return render(form.refreshed(), 400)
    if too_fast(request.user):
        logger.info("comment refused: user %s posts too fast", request.user.pk)
        return render(form.too_fast(), 429)
    with transaction.atomic():
        comment = post(
            obj,
            request.user,
            form.cleaned_data["comment"],
            form.cleaned_data.get("reply_to"),
        )
        notify(comment)
    messages.success(request, success)
    return redirect(f"{url}#c{comment.pk}")
