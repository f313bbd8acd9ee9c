"""An association's requests to the network — the topics it proposed and the discussions it
opened — with their state, what came of them and how long they waited; and the requests the
coordination has left without an answer for more than two meetings.

A request *waits* while nothing has come of it yet: a topic proposed, deferred or accepted but
not yet discussed at a meeting, a discussion open and not raised to a meeting (a raised
discussion is followed through its topic). It is *answered* when the topic is first discussed
at a meeting (the agenda item recorded as covered, or a section of the minutes), declined,
or closed, and when the discussion is closed. The meetings it waited are the meetings held
(not cancelled) since it was raised. Everything here is read in a fixed number of queries.
"""

import bisect
import datetime

from django.db.models import Count, Min, Prefetch
from django.utils import timezone
from wagtail import hooks

from ..models import (
    AgendaItem,
    Discussion,
    DiscussionStatus,
    MeetingPage,
    MeetingStatus,
    Topic,
    TopicStatus,
)
from ..models.topics import WAITING

# "Without an answer for more than two meetings".
OVERDUE_MEETINGS = 3


def held_meeting_starts(now=None):
    """The start of every meeting held so far (not cancelled), sorted, in one query."""
    now = now or timezone.now()
    starts = []
    rows = (
        MeetingPage.objects.live()
        .exclude(status=MeetingStatus.CANCELLED)
        .filter(date__lte=timezone.localdate(now))
        .values_list("date", "start_time")
    )
    for day, start in rows:
        moment = timezone.make_aware(datetime.datetime.combine(day, start))
        if moment <= now:
            starts.append(moment)
    return sorted(starts)


def meetings_between(starts, since, until):
    """How many of ``starts`` fall after ``since`` and up to ``until``."""
    return bisect.bisect_right(starts, until) - bisect.bisect_right(starts, since)


def first_discussions(topic_ids):
    """{topic id: date of the first meeting where it was discussed} (agenda items covered)."""
    return dict(
        AgendaItem.objects.filter(topic_id__in=list(topic_ids), covered=True, meeting__live=True)
        .values("topic_id")
        .annotate(first=Min("meeting__date"))
        .values_list("topic_id", "first")
    )


def topic_outcomes(request, topics):
    """{topic id: entries of "what came of it"} from the ``entraide_topic_outcomes`` hook."""
    found = {}
    for hook in hooks.get_hooks("entraide_topic_outcomes"):
        for topic_id, entries in hook(request, topics).items():
            found.setdefault(topic_id, []).extend(entries)
    return found


def _days(start, end):
    return max(0, (end - start).days)


def _topic_entry(topic, starts, discussed, outcomes, now):
    discussion = getattr(topic, "discussion", None)
    raised = topic.created_at
    if discussion is not None and discussion.created_at < raised:
        raised = discussion.created_at
    entry = {
        "kind": "topic",
        "object": topic,
        "title": topic.title,
        "url": topic.get_absolute_url(),
        "status": topic.status,
        "status_label": topic.get_status_display(),
        "raised_on": timezone.localdate(raised),
        "association": topic.association,
        "meeting": topic.meeting,
        "supports": getattr(topic, "support_count", 0),
        "answer": topic.answer,
        "outcome": topic.outcome,
        "minutes": outcomes.get(topic.pk, []),
        "discussion": discussion,
        "discussion_outcome": discussion.outcome if discussion is not None else "",
        "decisions": list(discussion.outcome_decisions.all()) if discussion is not None else [],
        "discussed_on": None,
        "answered_on": None,
        "waited_days": None,
        "waiting": False,
        "waiting_meetings": 0,
        "overdue": False,
    }
    first = discussed.get(topic.pk)
    for section in entry["minutes"]:
        if first is None or section["meeting"].date < first:
            first = section["meeting"].date
    if first is None and topic.status in (TopicStatus.DISCUSSED, TopicStatus.CLOSED):
        if topic.meeting is not None and topic.meeting.date <= timezone.localdate(now):
            first = topic.meeting.date
    if first is not None:
        entry["discussed_on"] = first
        entry["waited_days"] = _days(entry["raised_on"], first)
    elif topic.status == TopicStatus.DECLINED and topic.answered_at:
        entry["answered_on"] = timezone.localdate(topic.answered_at)
        entry["waited_days"] = _days(entry["raised_on"], entry["answered_on"])
    elif topic.status == TopicStatus.CLOSED:
        entry["answered_on"] = timezone.localdate(topic.updated_at)
        entry["waited_days"] = _days(entry["raised_on"], entry["answered_on"])
    elif topic.status in WAITING:
        _waiting(entry, raised, starts, now)
    return entry


def _discussion_entry(discussion, starts, now):
    entry = {
        "kind": "discussion",
        "object": discussion,
        "title": discussion.title,
        "url": discussion.get_absolute_url(),
        "status": discussion.status,
        "status_label": discussion.get_status_display(),
        "raised_on": timezone.localdate(discussion.created_at),
        "association": discussion.association,
        "meeting": None,
        "supports": getattr(discussion, "support_count", 0),
        "answer": "",
        "outcome": discussion.outcome,
        "minutes": [],
        "discussion": None,
        "discussion_outcome": "",
        "decisions": list(discussion.outcome_decisions.all()),
        "discussed_on": None,
        "answered_on": None,
        "waited_days": None,
        "waiting": False,
        "waiting_meetings": 0,
        "overdue": False,
    }
    if discussion.status == DiscussionStatus.CLOSED:
        entry["answered_on"] = timezone.localdate(discussion.closed_at or discussion.updated_at)
        entry["waited_days"] = _days(entry["raised_on"], entry["answered_on"])
    else:
        _waiting(entry, discussion.created_at, starts, now)
    return entry


def _waiting(entry, since, starts, now):
    entry["waiting"] = True
    entry["waited_days"] = _days(timezone.localdate(since), timezone.localdate(now))
    entry["waiting_meetings"] = meetings_between(starts, since, now)
    entry["overdue"] = entry["waiting_meetings"] >= OVERDUE_MEETINGS


def _decisions():
    """The minutes' decisions, reached through the discussions (the workspace imports no minutes)."""
    model = Discussion._meta.get_field("outcome_decisions").related_model
    return model.objects.select_related("meeting")


def _topics(**filters):
    decisions = Prefetch(
        "discussion__outcome_decisions",
        queryset=_decisions(),
    )
    return (
        Topic.objects.filter(**filters)
        .select_related("association", "meeting", "discussion")
        .prefetch_related(decisions)
        .annotate(support_count=Count("supports", distinct=True))
    )


def _discussions(**filters):
    # A discussion raised to a meeting is followed through its topic.
    decisions = Prefetch(
        "outcome_decisions",
        queryset=_decisions(),
    )
    return (
        Discussion.objects.filter(topic__isnull=True, **filters)
        .select_related("association")
        .prefetch_related(decisions)
        .annotate(support_count=Count("supports", distinct=True))
    )


def association_requests(request, association, now=None):
    """Every topic and discussion ``association`` raised, newest first, with what came of
    them and how long they waited (``request.user`` reads what came of them as on the
    topic's page)."""
    now = now or timezone.now()
    starts = held_meeting_starts(now)
    topics = list(_topics(association=association))
    discussed = first_discussions(topic.pk for topic in topics)
    outcomes = topic_outcomes(request, topics) if topics else {}
    entries = [_topic_entry(topic, starts, discussed, outcomes, now) for topic in topics]
    entries += [
        _discussion_entry(discussion, starts, now)
        for discussion in _discussions(association=association)
    ]
    entries.sort(key=lambda entry: entry["object"].created_at, reverse=True)
    return entries


def overdue_requests(now=None):
    """The associations' requests still waiting after more than two meetings held, the
    longest waiting first (for the coordination)."""
    now = now or timezone.now()
    starts = held_meeting_starts(now)
    if len(starts) < OVERDUE_MEETINGS:
        return []
    entries = [
        _topic_entry(topic, starts, {}, {}, now)
        for topic in _topics(association__isnull=False, status__in=WAITING)
    ]
    entries += [
        _discussion_entry(discussion, starts, now)
        for discussion in _discussions(association__isnull=False).exclude(
            status=DiscussionStatus.CLOSED
        )
    ]
    found = [entry for entry in entries if entry.get("overdue")]
    found.sort(key=lambda entry: (-entry["waiting_meetings"], entry["raised_on"]))
    return found


def summary(entries):
    """How many requests, and how many still wait."""
    return {
        "total": len(entries),
        "waiting": sum(1 for entry in entries if entry["waiting"]),
    }
