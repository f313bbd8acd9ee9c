"""Building a meeting's agenda: its items, their order and times, and its publication."""

import datetime

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from wagtail import hooks

from entraide import pagecache

from .. import notifications
from ..models import AgendaItem, AgendaItemKind, MeetingStatus, NetworkSettings, Topic, TopicStatus


def create_default_agenda(meeting):
    """Fixed items from the agenda template (welcome, news, actions, next meeting)."""
    if meeting.agenda_items.exists():
        return
    template = NetworkSettings.load()
    items = [
        (AgendaItemKind.WELCOME, template.welcome_minutes, meeting.host),
        (AgendaItemKind.NEWS, template.news_minutes, None),
        (AgendaItemKind.ACTIONS, template.actions_minutes, None),
        (AgendaItemKind.NEXT_MEETING, template.next_meeting_minutes, None),
    ]
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            kind=kind,
            duration_minutes=minutes,
            presenter=presenter,
            position=(i + 1) * 10,
        )
        for i, (kind, minutes, presenter) in enumerate(items)
    )
    # bulk_create and update() send no signal: the cached agendas are told here.
    pagecache.invalidate_member_fragments()


def add_topic_item(meeting, topic):
    """Put ``topic`` on ``meeting``'s agenda, before the closing fixed items."""
    if AgendaItem.objects.filter(meeting=meeting, topic=topic).exists():
        return None
    items = list(meeting.agenda_items.all())
    closing = [
        item for item in items if item.kind in (AgendaItemKind.ACTIONS, AgendaItemKind.NEXT_MEETING)
    ]
    if closing:
        position = min(item.position for item in closing)
        AgendaItem.objects.filter(meeting=meeting, position__gte=position).update(
            position=F("position") + 10
        )
    else:
        position = (meeting.agenda_items.aggregate(m=Max("position"))["m"] or 0) + 10
    item = AgendaItem.objects.create(
        meeting=meeting,
        kind=AgendaItemKind.TOPIC,
        topic=topic,
        duration_minutes=topic.estimated_minutes,
        presenter=topic.association,
        position=position,
    )
    renumber(meeting)
    return item


def renumber(meeting):
    for i, item in enumerate(meeting.agenda_items.order_by("position", "pk"), start=1):
        if item.position != i * 10:
            AgendaItem.objects.filter(pk=item.pk).update(position=i * 10)
    pagecache.invalidate_member_fragments()


@transaction.atomic
def move_item(item, direction):
    """Swap an agenda item with its neighbour (direction -1: up, +1: down)."""
    renumber(item.meeting)
    items = list(item.meeting.agenda_items.order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index + direction
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
        for i, other in enumerate(items, start=1):
            AgendaItem.objects.filter(pk=other.pk).update(position=i * 10)
        pagecache.invalidate_member_fragments()


@transaction.atomic
def move_item_to(item, position):
    """Put an agenda item at ``position`` (1-based) in the list."""
    items = [
        other
        for other in item.meeting.agenda_items.order_by("position", "pk")
        if other.pk != item.pk
    ]
    position = max(1, min(position, len(items) + 1))
    items.insert(position - 1, item)
    for i, other in enumerate(items, start=1):
        AgendaItem.objects.filter(pk=other.pk).update(position=i * 10)
    pagecache.invalidate_member_fragments()


@transaction.atomic
def add_item(meeting, *, title, duration_minutes, presenter=None):
    """Another item ("other business"), placed before the closing items."""
    item = AgendaItem.objects.create(
        meeting=meeting,
        kind=AgendaItemKind.OTHER,
        title=title,
        duration_minutes=duration_minutes,
        presenter=presenter,
        position=9999,
    )
    renumber(meeting)
    # Keep the closing items last.
    for closing in meeting.agenda_items.filter(
        kind__in=[AgendaItemKind.ACTIONS, AgendaItemKind.NEXT_MEETING]
    ):
        move_item_to(closing, 9999)
    return item


def update_item(item, **changes):
    """Change an item's title (other business only), duration or presenter."""
    for name, value in changes.items():
        setattr(item, name, value)
    item.save()
    return item


@transaction.atomic
def remove_item(item):
    """Take an item off the agenda; an accepted topic goes back to the proposals."""
    if item.topic_id and item.topic.status == TopicStatus.ACCEPTED:
        Topic.objects.filter(pk=item.topic_id).update(status=TopicStatus.PROPOSED)
    meeting = item.meeting
    item.delete()
    renumber(meeting)


def schedule(meeting, items=None):
    """Agenda items with their computed start and end times, and the overrun in minutes."""
    items = list(
        items if items is not None else meeting.agenda_items.select_related("topic", "presenter")
    )
    start = meeting.starts_at
    rows = []
    for item in items:
        end = start + datetime.timedelta(minutes=item.duration_minutes)
        rows.append({"item": item, "start": start, "end": end})
        start = end
    overrun = int((start - meeting.ends_at).total_seconds() // 60)
    return rows, max(0, overrun)


def follow_up(meeting, user):
    """The entries of the "follow-up of actions" item, from the ``entraide_agenda_follow_up``
    hook (the minutes list the open action items)."""
    return [
        entry
        for hook in hooks.get_hooks("entraide_agenda_follow_up")
        for entry in hook(meeting, user)
    ]


def add_follow_up(rows, meeting, user):
    """Under the "follow-up of actions" item: what other apps list (open action items)."""
    for row in rows:
        if row["item"].kind == AgendaItemKind.ACTIONS:
            row["follow_up"] = follow_up(meeting, user)
    return rows


@transaction.atomic
def publish_agenda(meeting, user):
    first_time = meeting.agenda_published_at is None
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.agenda_published_at = timezone.now()
    meeting.save_operational("status", "agenda_published_at")
    meeting.bump_sequence()
    notifications.emit(
        "agenda_published",
        f"meeting:{meeting.pk}:agenda:{meeting.sequence}",
        meeting_id=meeting.pk,
        first=first_time,
        date=meeting.date.isoformat(),
    )
