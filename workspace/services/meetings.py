"""Planning, changing, cancelling meetings and declining to host them; reminders.

Every change of a meeting goes through these functions, which also record the events that
notify people (``workspace.notifications``).
"""

import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify

from entraide.dates import format_date as date_format

from .. import notifications
from ..models import (
    AgendaItem,
    AgendaItemKind,
    HostDecline,
    MeetingIndexPage,
    MeetingPage,
    MeetingStatus,
    NetworkSettings,
    Topic,
    TopicStatus,
)
from .agenda import add_topic_item, create_default_agenda

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


@transaction.atomic
def plan_series(user, series, *, start_time, end_time):
    """Plan a meeting on each date with its host: ``series`` is ``[(date, association)]``."""
    return [
        plan_meeting(user, date=date, start_time=start_time, end_time=end_time, host=host)
        for date, host in series
    ]


def next_open_meeting(after=None):
    """The next meeting still ahead, not cancelled, not held."""
    meetings = (
        MeetingPage.objects.live()
        .filter(status__in=[MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED])
        .select_related("host")
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
