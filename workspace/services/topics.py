"""Proposing topics, answering them (accept, decline, defer), closing and withdrawing them.

Every change of a topic goes through these functions, which also record the events that
notify people.
"""

from django.db import transaction
from django.utils import timezone

from .. import notifications
from ..models import AgendaItem, Topic, TopicAttachment, TopicStatus, TopicSupport
from ..notifications.follows import follow
from .agenda import add_topic_item
from .meetings import next_open_meeting


def is_late(meeting, when=None):
    if meeting is None:
        return False
    today = timezone.localdate(when) if when else timezone.localdate()
    return today > meeting.proposal_deadline


@transaction.atomic
def propose_topic(
    user,
    *,
    association,
    title,
    description,
    kind,
    estimated_minutes,
    meeting=None,
    attachments=(),
):
    """A new proposal for ``meeting`` (the next open one by default), with its attachments:
    ``[(upload, content type)]`` already checked by the form."""
    meeting = meeting or next_open_meeting()
    topic = Topic.objects.create(
        title=title,
        description=description,
        association=association,
        proposed_by=user,
        kind=kind,
        estimated_minutes=estimated_minutes,
        meeting=meeting,
        late=is_late(meeting),
    )
    follow(user, topic, explicit=False)
    change_attachments(topic, user, add=attachments)
    notifications.emit("topic_proposed", f"topic:{topic.pk}:proposed", topic_id=topic.pk)
    return topic


@transaction.atomic
def update_topic(topic, user, *, association=None, add=(), remove=(), **changes):
    """Its association changes a proposal (title, description, kind, duration) and its files."""
    for name, value in changes.items():
        setattr(topic, name, value)
    if association is not None:
        topic.association = association
    topic.save()
    change_attachments(topic, user, add=add, remove=remove)
    return topic


def change_attachments(topic, user, *, add=(), remove=()):
    """Store the new files (``[(upload, content type)]``) and remove those in ``remove``
    (their files once the transaction commits)."""
    for attachment in remove:
        stored = attachment.file
        attachment.delete()
        transaction.on_commit(lambda stored=stored: stored.delete(save=False))
    for upload, content_type in add:
        TopicAttachment.objects.create(
            topic=topic,
            file=upload,
            name=upload.name[:200],
            content_type=content_type,
            size=upload.size,
            uploaded_by=user,
        )


def _answered(topic, user, status, answer=""):
    topic.status = status
    topic.answer = answer
    topic.answered_by = user
    topic.answered_at = timezone.now()


@transaction.atomic
def accept_topic(topic, user, meeting):
    _answered(topic, user, TopicStatus.ACCEPTED)
    topic.meeting = meeting
    topic.save()
    add_topic_item(meeting, topic)
    notifications.emit(
        "topic_answered", f"topic:{topic.pk}:accepted:{meeting.pk}", topic_id=topic.pk
    )


@transaction.atomic
def decline_topic(topic, user, reason):
    _answered(topic, user, TopicStatus.DECLINED, reason)
    topic.save()
    AgendaItem.objects.filter(topic=topic).delete()
    notifications.emit(
        "topic_answered",
        f"topic:{topic.pk}:declined:{topic.answered_at.isoformat()}",
        topic_id=topic.pk,
    )


@transaction.atomic
def defer_topic(topic, user, reason, meeting=None):
    _answered(topic, user, TopicStatus.DEFERRED, reason)
    topic.meeting = meeting
    topic.save()
    AgendaItem.objects.filter(topic=topic).delete()
    notifications.emit(
        "topic_answered",
        f"topic:{topic.pk}:deferred:{topic.answered_at.isoformat()}",
        topic_id=topic.pk,
    )


@transaction.atomic
def close_topic(topic, user, outcome):
    topic.status = TopicStatus.CLOSED
    topic.outcome = outcome
    topic.save(update_fields=["status", "outcome", "updated_at"])


def withdraw_topic(topic):
    topic.status = TopicStatus.WITHDRAWN
    topic.save(update_fields=["status", "updated_at"])
    AgendaItem.objects.filter(topic=topic).delete()


@transaction.atomic
def toggle_support(topic, user, association):
    """``association`` says "we too" on ``topic``, or takes it back when it already did.

    Returns the new support, or ``None`` when it was taken back. The topic's association
    hears of a new support (a support taken back before it is delivered tells nobody)."""
    removed, _ = TopicSupport.objects.filter(topic=topic, association=association).delete()
    if removed:
        return None
    row = TopicSupport.objects.create(topic=topic, association=association, user=user)
    notifications.emit(
        "topic_supported",
        f"topic:{topic.pk}:support:{row.pk}",
        topic_id=topic.pk,
        support_id=row.pk,
    )
    return row


def supporters(topic_ids):
    """{topic id: [association names]} of the supports of ``topic_ids``, in one query."""
    found = {}
    for topic_id, name in (
        TopicSupport.objects.filter(topic_id__in=list(topic_ids))
        .order_by("association__name")
        .values_list("topic_id", "association__name")
    ):
        found.setdefault(topic_id, []).append(name)
    return found


def comment_posted(topic, comment):
    """Tell the topic's followers (in the transaction that saves the comment)."""
    notifications.emit(
        "comment_posted", f"comment:{comment.pk}", comment_id=comment.pk, topic_id=topic.pk
    )
