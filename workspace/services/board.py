"""The needs and offers board: posting, answering, marking matched or closed, closing what
expired, following categories.

Every change goes through these functions, which also record the events that tell the
followers of a category of a new post and the poster's association of an answer.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from .. import notifications
from ..models import Answer, BoardCategory, CategoryFollow, Post, PostStatus


@transaction.atomic
def create_post(
    user,
    *,
    association,
    kind,
    category,
    title,
    place,
    until,
    description="",
    quantity=None,
    unit="",
):
    post = Post.objects.create(
        association=association,
        created_by=user,
        kind=kind,
        category=category,
        title=title,
        description=description,
        quantity=quantity,
        unit=unit,
        place=place,
        until=until,
    )
    notifications.emit("board_post_created", f"board-post:{post.pk}:created", post_id=post.pk)
    return post


@transaction.atomic
def answer_post(post, user, association, message):
    answer = Answer.objects.create(post=post, association=association, user=user, message=message)
    Post.objects.filter(pk=post.pk).update(updated_at=timezone.now())
    notifications.emit(
        "board_answer_posted", f"board-answer:{answer.pk}", answer_id=answer.pk, post_id=post.pk
    )
    return answer


def _finish(post, status, *, user=None, matched_with=None, expired=False, now=None):
    post.status = status
    post.matched_with = matched_with
    post.expired = expired
    post.closed_at = now or timezone.now()
    post.save(update_fields=["status", "matched_with", "expired", "closed_at", "updated_at"])
    _tell_answerers(post, user)
    return post


def _tell_answerers(post, user=None):
    """The associations that answered ``post`` hear that it is matched or closed (once per
    post: a post finishes once), but not the person who marked it."""
    notifications.emit(
        "board_post_finished",
        f"board-post:{post.pk}:finished",
        post_id=post.pk,
        by_user_id=user.pk if user is not None else None,
    )


@transaction.atomic
def mark_matched(post, user, matched_with=None):
    """The need is met or the offer taken (by ``matched_with``, when the poster says)."""
    return _finish(post, PostStatus.MATCHED, user=user, matched_with=matched_with)


@transaction.atomic
def close_post(post, user):
    """The poster withdraws it (nobody, or no longer needed)."""
    return _finish(post, PostStatus.CLOSED, user=user)


@transaction.atomic
def close_expired(today=None):
    """Close the open posts whose date has passed; the number closed (beat, daily)."""
    today = today or timezone.localdate()
    expired = Post.objects.filter(status=PostStatus.OPEN, until__lt=today)
    ids = list(expired.values_list("pk", flat=True))
    now = timezone.now()
    closed = Post.objects.filter(pk__in=ids, status=PostStatus.OPEN).update(
        status=PostStatus.CLOSED, expired=True, closed_at=now, updated_at=now
    )
    answered = set(Answer.objects.filter(post_id__in=ids).values_list("post_id", flat=True))
    for pk in ids:
        if pk in answered:
            notifications.emit(
                "board_post_finished", f"board-post:{pk}:finished", post_id=pk, by_user_id=None
            )
    return closed


HOME_DAYS = 7
HOME_LIMIT = 5


def recent_open_posts(days=HOME_DAYS, limit=HOME_LIMIT):
    """The open posts of the last ``days`` days, newest first (the workspace home's block)."""
    since = timezone.now() - datetime.timedelta(days=days)
    return list(
        Post.objects.filter(status=PostStatus.OPEN, created_at__gte=since)
        .select_related("association")
        .order_by("-created_at", "-pk")[:limit]
    )


def followed_categories(user):
    if not user.is_authenticated:
        return []
    return list(CategoryFollow.objects.filter(user=user).values_list("category", flat=True))


@transaction.atomic
def set_followed_categories(user, categories):
    """``user`` hears of new posts of exactly ``categories`` from now on."""
    wanted = {c for c in categories if c in BoardCategory.values}
    CategoryFollow.objects.filter(user=user).exclude(category__in=wanted).delete()
    have = set(CategoryFollow.objects.filter(user=user).values_list("category", flat=True))
    CategoryFollow.objects.bulk_create(
        [CategoryFollow(user=user, category=c) for c in sorted(wanted - have)]
    )
    return sorted(wanted)
