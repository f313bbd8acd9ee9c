"""Planning meetings, answering topics, building and publishing agendas, attendance.

Every change of a meeting, a topic, an agenda or an attendance goes through these
functions, which also record the events that notify people.
"""

import datetime

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify

from . import notifications
from .models import (
    AgendaItem,
    AgendaItemKind,
    Attendance,
    HostDecline,
    MeetingIndexPage,
    MeetingPage,
    MeetingStatus,
    NetworkSettings,
    Topic,
    TopicStatus,
)

# Fields whose change must reach the calendars (iCalendar SEQUENCE) and, once the
# agenda is out, the members.
CALENDAR_FIELDS = ["date", "start_time", "end_time", "host_id", "venue", "video_url"]


def meeting_index():
    return MeetingIndexPage.objects.live().first()


def default_deadline(date):
    return date - datetime.timedelta(days=NetworkSettings.load().proposal_deadline_days)


def meeting_title(date):
    # Page titles are content, written in French.
    with translation.override("fr"):
        return "Réunion du réseau du " + date_format(date, "j F Y")


def unique_slug(date):
    base = slugify(f"reunion-{date.isoformat()}")
    slug, n = base, 2
    while MeetingPage.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def plan_meeting(
    user, *, date, start_time, end_time, host=None, venue="", video_url="", proposal_deadline=None
):
    index = meeting_index()
    meeting = MeetingPage(
        title=meeting_title(date),
        slug=unique_slug(date),
        date=date,
        start_time=start_time,
        end_time=end_time,
        host=host,
        venue=venue,
        video_url=video_url,
        proposal_deadline=proposal_deadline or default_deadline(date),
        owner=user,
    )
    index.add_child(instance=meeting)
    meeting.save_revision(user=user, log_action=True).publish(user=user)
    meeting.refresh_from_db()
    create_default_agenda(meeting)
    attach_waiting_topics(meeting)
    return meeting


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


def next_open_meeting(after=None):
    """The next meeting still ahead, not cancelled, not held."""
    meetings = MeetingPage.objects.live().filter(
        status__in=[MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED]
    )
    meetings = meetings.filter(date__gte=timezone.localdate())
    if after is not None:
        meetings = meetings.filter(date__gt=after.date).exclude(pk=after.pk)
    return meetings.order_by("date", "start_time").first()


def attach_waiting_topics(meeting):
    """Accepted topics with no meeting (rolled over before this one was planned) join it."""
    for topic in Topic.objects.filter(status=TopicStatus.ACCEPTED, meeting__isnull=True):
        topic.meeting = meeting
        topic.save(update_fields=["meeting", "updated_at"])
        add_topic_item(meeting, topic)
    Topic.objects.filter(status=TopicStatus.PROPOSED, meeting__isnull=True).update(meeting=meeting)


def update_meeting(meeting, user, **changes):
    before = {name: getattr(meeting, name) for name in CALENDAR_FIELDS}
    for name, value in changes.items():
        setattr(meeting, name, value)
    if "date" in changes:
        meeting.title = meeting_title(meeting.date)
        meeting.draft_title = meeting.title
    changed = [name for name in CALENDAR_FIELDS if getattr(meeting, name) != before[name]]
    with transaction.atomic():
        meeting.save(clean=False)
        if changed:
            meeting.bump_sequence()
            if meeting.agenda_is_published:
                notifications.emit(
                    "meeting_changed",
                    f"meeting:{meeting.pk}:changed:{meeting.sequence}",
                    meeting_id=meeting.pk,
                    date=meeting.date.isoformat(),
                )
        if "host" in changes and meeting.host_id:
            AgendaItem.objects.filter(meeting=meeting, kind=AgendaItemKind.WELCOME).update(
                presenter=meeting.host
            )
    return changed


@transaction.atomic
def cancel_meeting(meeting, user, reason):
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason
    meeting.save_operational("status", "cancel_reason")
    meeting.bump_sequence()
    # Its topics wait for the next meeting.
    following = next_open_meeting(after=meeting)
    for topic in meeting.topics.filter(
        status__in=[TopicStatus.ACCEPTED, TopicStatus.PROPOSED, TopicStatus.DEFERRED]
    ):
        topic.meeting = following
        topic.save(update_fields=["meeting", "updated_at"])
        if following and topic.status == TopicStatus.ACCEPTED:
            add_topic_item(following, topic)
    notifications.emit(
        "meeting_cancelled", f"meeting:{meeting.pk}:cancelled", meeting_id=meeting.pk
    )


@transaction.atomic
def decline_hosting(meeting, user, reason):
    association = meeting.host
    HostDecline.objects.create(
        meeting=meeting, association=association, reason=reason, declined_by=user
    )
    meeting.host = None
    meeting.save_operational("host")
    meeting.bump_sequence()
    AgendaItem.objects.filter(meeting=meeting, kind=AgendaItemKind.WELCOME).update(presenter=None)
    notifications.emit(
        "host_declined",
        f"meeting:{meeting.pk}:declined:{association.pk}",
        meeting_id=meeting.pk,
        association_id=association.pk,
    )
    return association


# --- Topics ------------------------------------------------------------------------


def is_late(meeting, when=None):
    if meeting is None:
        return False
    today = timezone.localdate(when) if when else timezone.localdate()
    return today > meeting.proposal_deadline


@transaction.atomic
def propose_topic(user, *, association, title, description, kind, estimated_minutes, meeting=None):
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
    from .follows import follow

    follow(user, topic, explicit=False)
    return topic


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


# --- Agenda ------------------------------------------------------------------------


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


def add_follow_up(rows, meeting, user):
    """Under the "follow-up of actions" item: what other apps list (open action items)."""
    from . import extensions

    for row in rows:
        if row["item"].kind == AgendaItemKind.ACTIONS:
            row["follow_up"] = extensions.follow_up_for(meeting, user)
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


# --- Attendance --------------------------------------------------------------------


def answer_attendance(meeting, association, user, answer, people_count=None):
    attendance, _ = Attendance.objects.get_or_create(meeting=meeting, association=association)
    attendance.answer = answer
    attendance.people_count = people_count if answer == "coming" else None
    attendance.answered_by = user
    attendance.answered_at = timezone.now()
    attendance.save()
    return attendance


def attendance_summary(meeting, associations):
    """Answers of every active association, the count of people coming, who did not answer."""
    answers = {a.association_id: a for a in meeting.attendances.all()}
    rows = [
        {"association": association, "attendance": answers.get(association.pk)}
        for association in associations
    ]
    coming = [r for r in rows if r["attendance"] and r["attendance"].answer == "coming"]
    missing = [r["association"] for r in rows if not (r["attendance"] and r["attendance"].answer)]
    return {
        "rows": rows,
        "associations_coming": len(coming),
        "people_coming": sum((r["attendance"].people_count or 1) for r in coming),
        "missing": missing,
    }


def remind_attendance(meeting, user, associations):
    if not associations:
        return None
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    return notifications.emit(
        "attendance_reminder",
        f"meeting:{meeting.pk}:attendance-reminder:{stamp}",
        meeting_id=meeting.pk,
        association_ids=[a.pk for a in associations],
    )


@transaction.atomic
def record_attendance(meeting, user, presence, covered):
    """After the meeting: who came (``{association: count or None}``) and which topics were covered.

    Covered topics become "discussed"; accepted topics not covered roll over to the
    next meeting's agenda (or wait for the next meeting to be planned).
    """
    for association, count in presence.items():
        attendance, _ = Attendance.objects.get_or_create(meeting=meeting, association=association)
        attendance.present = count is not None and count > 0
        attendance.present_count = count or None
        attendance.save(update_fields=["present", "present_count"])
    following = next_open_meeting(after=meeting)
    for item in meeting.agenda_items.select_related("topic"):
        if item.kind != AgendaItemKind.TOPIC:
            continue
        item.covered = item.pk in covered
        item.save(update_fields=["covered"])
        topic = item.topic
        if topic is None or topic.status != TopicStatus.ACCEPTED:
            continue
        if item.covered:
            topic.status = TopicStatus.DISCUSSED
            topic.save(update_fields=["status", "updated_at"])
        else:
            topic.meeting = following
            topic.save(update_fields=["meeting", "updated_at"])
            if following is not None:
                add_topic_item(following, topic)
    meeting.status = MeetingStatus.HELD
    meeting.attendance_recorded_at = timezone.now()
    meeting.save_operational("status", "attendance_recorded_at")


def send_due_reminders(today=None):
    """Record the reminder that is due for each coming meeting.

    With reminders at 7 and 1 days, a meeting 7 to 2 days ahead gets the 7-day
    reminder and one 1 or 0 days ahead the 1-day reminder. The event key names the
    meeting, the reminder and the meeting's date: running twice records once, and
    delivery is de-duplicated per person; a meeting moved to another date is
    reminded again.
    """
    today = today or timezone.localdate()
    days_list = NetworkSettings.load().reminder_day_list
    if not days_list:
        return 0
    count = 0
    meetings = MeetingPage.objects.live().filter(
        status__in=[MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED],
        date__gte=today,
        date__lte=today + datetime.timedelta(days=max(days_list)),
    )
    for meeting in meetings:
        days_left = (meeting.date - today).days
        days = min(n for n in days_list if n >= days_left)
        notifications.emit(
            "meeting_reminder",
            f"meeting:{meeting.pk}:reminder:{days}:{meeting.date.isoformat()}",
            meeting_id=meeting.pk,
            days=days,
            days_left=days_left,
            date=meeting.date.isoformat(),
        )
        count += 1
    return count
