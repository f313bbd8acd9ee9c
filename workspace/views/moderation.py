"""Reporting a comment, and the coordination's moderation: the queue, hiding, keeping and
restoring a comment, wherever it was posted.

Topic comments are the workspace's own; other commented objects (discussions, practices)
come from the ``entraide_comment_targets`` hook: each gives its model, how to get the
object as the person may see it, and how to name and link objects in the queue.
"""

from collections.abc import Callable
from typing import NamedTuple

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment
from wagtail import hooks

from .. import permissions
from ..forms.comments import CommentEditForm, ReportForm
from ..models import Topic
from ..services import comments
from .decorators import coordinator_required, network_member_required
from .topics import get_topic


class CommentTarget(NamedTuple):
    """A commented model of another app (what ``entraide_comment_targets`` hooks return)."""

    model: type
    # get(request, pk): the object if ``request.user`` may see its comments, else Http404.
    get: Callable
    # describe(pks): {pk: {"title", "url"}} for the moderation queue, in one query.
    describe: Callable


def comment_targets():
    """{model: CommentTarget} from every app's ``entraide_comment_targets`` hook."""
    return {
        target.model: target
        for hook in hooks.get_hooks("entraide_comment_targets")
        for target in hook()
    }


def target_of(request, comment):
    """The object of a comment on another app's model, as ``request.user`` may see it."""
    target = comment_targets().get(comment.content_type.model_class())
    if target is None:
        raise Http404
    return target.get(request, int(comment.object_pk))


def describe_targets(comments):
    """{comment pk: {"title", "url"}} for the comments on other apps' models."""
    targets = comment_targets()
    by_model = {}
    for comment in comments:
        model = comment.content_type.model_class()
        if model in targets:
            by_model.setdefault(model, []).append(comment)
    described = {}
    for model, items in by_model.items():
        found = targets[model].describe({int(c.object_pk) for c in items})
        for comment in items:
            if int(comment.object_pk) in found:
                described[comment.pk] = found[int(comment.object_pk)]
    return described


def _comment_for(request, comment_pk):
    comment = get_object_or_404(XtdComment, pk=comment_pk, is_removed=False)
    if comment.content_type.model_class() is not Topic:
        # A comment on another app's object (a practice…): that app says who may see it.
        return comment, target_of(request, comment)
    topic = get_topic(request, int(comment.object_pk))
    return comment, topic


@network_member_required
def flag_comment(request, comment_pk):
    """Report a comment: a page that shows it and asks why (GET), then the report (POST).

    A report without a reason (or "another reason" without a note) comes back with a French
    message and the note kept.
    """
    comment, topic = _comment_for(request, comment_pk)
    if not comment.is_public:
        raise Http404
    form = ReportForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        comments.flag(
            comment, request.user, form.cleaned_data["reason"], form.cleaned_data["note"].strip()
        )
        messages.success(request, _("Thank you: the coordination will look at this comment."))
        return redirect(f"{topic.get_absolute_url()}#c{comment.pk}")
    return render(
        request,
        "workspace/comment_report.html",
        {
            "comment": comment,
            "target": topic,
            "form": form,
            "back": f"{topic.get_absolute_url()}#c{comment.pk}",
        },
        status=400 if form.is_bound else 200,
    )


def _own_comment(request, comment_pk):
    """The person's own comment, within its edit window, and the object commented.

    Another person's comment, or one past its window, answers 403 with a page that says
    so (only the coordination can hide it then); a comment one may not see is a 404.
    """
    comment, target = _comment_for(request, comment_pk)
    if not comment.is_public:
        raise Http404
    if not permissions.can_change_own_comment(request.user, comment):
        context = {
            "comment": comment,
            "target": target,
            "own": comment.user_id == request.user.pk,
            "minutes": settings.COMMENT_EDIT_MINUTES,
            "back": f"{target.get_absolute_url()}#c{comment.pk}",
        }
        return (
            comment,
            target,
            render(request, "workspace/comment_locked.html", context, status=403),
        )
    return comment, target, None


@network_member_required
def edit_comment(request, comment_pk):
    """The writer changes their comment within ``COMMENT_EDIT_MINUTES``: it shows "modifié"."""
    comment, target, refusal = _own_comment(request, comment_pk)
    if refusal is not None:
        return refusal
    form = CommentEditForm(
        request.POST if request.method == "POST" else None, initial={"comment": comment.comment}
    )
    if form.is_bound and form.is_valid():
        comments.edit(comment, form.cleaned_data["comment"])
        messages.success(request, _("Your comment is changed."))
        return redirect(f"{target.get_absolute_url()}#c{comment.pk}")
    return render(
        request,
        "workspace/comment_edit.html",
        {
            "comment": comment,
            "target": target,
            "form": form,
            "deadline": permissions.comment_edit_deadline(comment),
            "back": f"{target.get_absolute_url()}#c{comment.pk}",
        },
        status=400 if form.is_bound else 200,
    )


@network_member_required
def delete_comment(request, comment_pk):
    """The writer deletes their comment within ``COMMENT_EDIT_MINUTES`` (asks to confirm)."""
    comment, target, refusal = _own_comment(request, comment_pk)
    if refusal is not None:
        return refusal
    if request.method == "POST":
        comments.delete(comment)
        messages.success(request, _("Your comment is deleted."))
        return redirect(f"{target.get_absolute_url()}#commentaires")
    return render(
        request,
        "workspace/comment_delete.html",
        {
            "comment": comment,
            "target": target,
            "deadline": permissions.comment_edit_deadline(comment),
            "back": f"{target.get_absolute_url()}#c{comment.pk}",
        },
    )


@coordinator_required
@require_POST
def hide_comment(request, comment_pk, hidden=True):
    comment, topic = _comment_for(request, comment_pk)
    comments.set_hidden(comment, request.user, hidden)
    messages.success(request, _("Comment hidden.") if hidden else _("Comment restored."))
    if request.POST.get("next") == "moderation":
        return redirect("meetings:moderation")
    return redirect(f"{topic.get_absolute_url()}#c{comment.pk}")


@coordinator_required
def moderation(request):
    reported = list(
        comments.reported()
        .select_related("user", "content_type", "details__association")
        .annotate(
            flag_count=Count(
                "flags", filter=Q(flags__flag=CommentFlag.SUGGEST_REMOVAL), distinct=True
            )
        )
        .order_by("-submit_date")[:200]
    )
    hidden = list(
        comments.hidden()
        .select_related("user", "content_type", "details__association")
        .order_by("-submit_date")[:200]
    )
    everything = reported + hidden
    reasons = comments.reports_of([c.pk for c in reported])
    for c in reported:
        c.reports = reasons.get(c.pk, [])
    topics = {
        t.pk: t
        for t in Topic.objects.filter(
            pk__in=[int(c.object_pk) for c in everything if c.content_type.model == "topic"]
        )
    }
    others = describe_targets(c for c in everything if c.content_type.model != "topic")

    def rows(items):
        return [
            {
                "comment": c,
                "topic": topics.get(int(c.object_pk)) if c.content_type.model == "topic" else None,
                "target": others.get(c.pk),
            }
            for c in items
        ]

    return render(
        request,
        "workspace/moderation.html",
        {"reported": rows(reported), "hidden": rows(hidden)},
    )


@coordinator_required
@require_POST
def keep_comment(request, comment_pk):
    comment, topic = _comment_for(request, comment_pk)
    comments.keep(comment, request.user)
    messages.success(request, _("Comment kept; its reports are closed."))
    if request.POST.get("next") == "moderation":
        return redirect("meetings:moderation")
    return redirect(f"{topic.get_absolute_url()}#c{comment.pk}")
