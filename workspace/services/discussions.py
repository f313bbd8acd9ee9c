"""Discussions of emerging issues: opening one, saying "we see this too", raising it to a
meeting, closing it with its outcome, locking its thread.

Every change goes through these functions, which also record the events that notify the
discussion's followers.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import notifications
from ..models import Discussion, DiscussionStatus, DiscussionSupport, TopicKind
from ..notifications.follows import follow
from .topics import propose_topic


@transaction.atomic
def open_discussion(user, *, title, situation, association, themes):
    discussion = Discussion.objects.create(
        title=title, situation=situation, association=association, opened_by=user
    )
    discussion.themes.set(themes)
    follow(user, discussion, explicit=False)
    notifications.emit(
        "discussion_opened", f"discussion:{discussion.pk}:opened", discussion_id=discussion.pk
    )
    if themes:
        notifications.emit(
            "discussion_in_theme", f"discussion:{discussion.pk}:themes", discussion_id=discussion.pk
        )
    return discussion


def touch(discussion):
    """The thread moved (a support, a comment): it comes first in the list."""
    Discussion.objects.filter(pk=discussion.pk).update(updated_at=timezone.now())


@transaction.atomic
def support(discussion, user, association, note=""):
    """``association`` sees this too."""
    row = DiscussionSupport.objects.create(
        discussion=discussion, association=association, user=user, note=note
    )
    touch(discussion)
    follow(user, discussion, explicit=False)
    notifications.emit(
        "discussion_supported",
        f"discussion:{discussion.pk}:support:{row.pk}",
        discussion_id=discussion.pk,
        support_id=row.pk,
    )
    return row


def comment_posted(discussion, comment):
    """Tell the discussion's followers (in the transaction that saves the comment)."""
    touch(discussion)
    notifications.emit(
        "discussion_comment",
        f"comment:{comment.pk}",
        comment_id=comment.pk,
        discussion_id=discussion.pk,
    )


@transaction.atomic
def raise_to_meeting(discussion, user, meeting=None):
    """A proposed topic for ``meeting`` (the next one by default), linked both ways."""
    topic = propose_topic(
        user,
        association=discussion.association,
        title=discussion.title[:200],
        description=_("Raised from the discussion “%(title)s”:") % {"title": discussion.title}
        + "\n\n"
        + discussion.situation,
        kind=TopicKind.DISCUSSION,
        estimated_minutes=20,
        meeting=meeting,
    )
    discussion.topic = topic
    discussion.status = DiscussionStatus.RAISED
    discussion.save(update_fields=["topic", "status", "updated_at"])
    notifications.emit(
        "discussion_raised",
        f"discussion:{discussion.pk}:raised:{topic.pk}",
        discussion_id=discussion.pk,
    )
    return topic


@transaction.atomic
def close(discussion, outcome, decisions=()):
    discussion.status = DiscussionStatus.CLOSED
    discussion.outcome = outcome
    discussion.closed_at = timezone.now()
    discussion.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
    discussion.outcome_decisions.set(decisions)
    notifications.emit(
        "discussion_closed", f"discussion:{discussion.pk}:closed", discussion_id=discussion.pk
    )
    return discussion


def set_locked(discussion, locked):
    discussion.locked = locked
    discussion.save(update_fields=["locked"])
    return discussion
