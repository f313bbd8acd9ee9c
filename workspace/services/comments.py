"""Comments with django-comments-xtd: posting, the tree of a thread, counts, reports and
moderation (hide, keep, restore), the flooding limit.

Two levels: a comment and its replies (a reply to a reply joins the same thread).
The tree of an object is read in one query. Hidden comments (by the coordination)
keep their place, shown as hidden to everyone but the moderators. Topics, discussions
and practices are commented the same way: every comment is posted through
``workspace.views.comments.post_from_request``, which saves it with ``post``.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment
from wagtail import hooks

from entraide import pagecache

from .. import networks, permissions
from ..models import CommentDetails, CommentReport, ReportReason, Topic
from ..notifications.follows import follow


def content_type_for(obj):
    return ContentType.objects.get_for_model(obj)


def thread_queryset(obj):
    return XtdComment.objects.filter(
        content_type=content_type_for(obj), object_pk=str(obj.pk), site_id=settings.SITE_ID
    )


def tree(obj, moderator=False):
    """[{"comment", "replies": [...]}] for ``obj``, from one query."""
    # The writer's association comes with the comment (a one-to-one row), in the same query.
    # A comment its writer deleted is read too: it keeps its place when it has replies.
    comments = thread_queryset(obj).select_related("user", "details__association")
    if moderator:
        # Only the moderators see how many times a comment was reported.
        comments = comments.annotate(
            flag_count=Count("flags", filter=Q(flags__flag=CommentFlag.SUGGEST_REMOVAL))
        )
    comments = comments.order_by("thread_id", "order")
    roots, by_id = [], {}
    for comment in comments:
        comment.hidden = not comment.is_public
        node = {"comment": comment, "replies": []}
        if comment.level == 0 or comment.parent_id not in by_id:
            roots.append(node)
            by_id[comment.pk] = node
        elif not comment.is_removed:
            by_id[comment.parent_id]["replies"].append(node)
    # A deleted comment without replies leaves no trace; with replies, a placeholder.
    return [node for node in roots if not node["comment"].is_removed or node["replies"]]


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
    CommentDetails.objects.create(
        comment=comment,
        association=permissions.comment_association(user, obj),
        by_coordination=permissions.is_coordinator(user),
    )
    # Whoever comments follows the thread, unless they unfollowed it before.
    follow(user, obj, explicit=False)
    return comment


def details_of(comment):
    """The comment's ``CommentDetails`` (already joined), or ``None`` for an older comment."""
    try:
        return comment.details
    except CommentDetails.DoesNotExist:
        return None


def edit(comment, text):
    """The writer changes their comment (the view checked the edit window): "modifié"."""
    comment.comment = text
    comment.save(update_fields=["comment"])
    CommentDetails.objects.update_or_create(comment=comment, defaults={"edited_at": timezone.now()})


def delete(comment):
    """The writer deletes their comment within the edit window: it leaves the thread.

    Its replies stay, shown as comments of their own.
    """
    # An update, not save(): django-comments-xtd's pre_save signal would unpublish the
    # replies of a removed comment, and they are other people's words.
    XtdComment.objects.filter(pk=comment.pk).update(is_removed=True)
    pagecache.invalidate_member_fragments()  # the agendas' comment counts
    comment.is_removed = True
    _close_reports(comment)


def flag(comment, user, reason=ReportReason.OTHER, note=""):
    """A member reports ``comment`` with a reason and a note; a second report by the same
    person replaces the reason and the note of the first."""
    report_flag, _created = CommentFlag.objects.get_or_create(
        comment=comment, user=user, flag=CommentFlag.SUGGEST_REMOVAL
    )
    CommentReport.objects.update_or_create(
        flag=report_flag, defaults={"reason": reason, "note": note}
    )
    return report_flag


def reports_of(comment_pks):
    """{comment pk: [{"reason", "note"}]} of the open reports of these comments, one query.

    The reporters are not named: the coordination reads why, not who.
    """
    found = {}
    flags = (
        CommentFlag.objects.filter(comment_id__in=comment_pks, flag=CommentFlag.SUGGEST_REMOVAL)
        .select_related("report")
        .order_by("flag_date")
    )
    for report_flag in flags:
        try:
            report = report_flag.report
        except CommentReport.DoesNotExist:
            report = None
        found.setdefault(report_flag.comment_id, []).append(
            {
                "reason": report.get_reason_display() if report else None,
                "note": report.note if report else "",
            }
        )
    return found


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


def in_current_network(queryset):
    """The comments of ``queryset`` on the current network's objects.

    django-comments-xtd's comments have no network: a comment belongs to the network of the
    object it is posted on (a topic, or a model of the ``entraide_comment_targets`` hook),
    which its scoped manager lists."""
    if networks.current() is None:
        return queryset
    condition = Q(pk__in=[])
    for model in commented_models():
        ids = model._default_manager.annotate(_pk_text=Cast("pk", CharField())).values("_pk_text")
        condition |= Q(content_type=content_type_for(model), object_pk__in=ids)
    return queryset.filter(condition)


def commented_models():

    models = [Topic]
    for hook in hooks.get_hooks("entraide_comment_targets"):
        models += [target.model for target in hook() if target.model not in models]
    return models


def reported():
    """Visible comments reported by members and not yet reviewed by the coordination (of
    the current network's objects)."""
    return in_current_network(
        XtdComment.objects.filter(
            is_removed=False, is_public=True, flags__flag=CommentFlag.SUGGEST_REMOVAL
        )
    ).distinct()


def hidden():
    return in_current_network(XtdComment.objects.filter(is_removed=False, is_public=False))


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
