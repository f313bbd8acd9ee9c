"""Fair rotation of the meetings' hosts.

Among the active associations that accept to host, the suggestion is the one that
hosted least often, then least recently (never before counts as longest ago), then
by name. Cancelled meetings do not count; a host that declined a meeting is not
suggested again for it.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from ..models import Association, HostDecline, MeetingPage, MeetingStatus, NetworkSettings


def _tally(exclude_meeting=None):
    state = {
        association.pk: {"association": association, "count": 0, "last": None}
        for association in Association.objects.active()
        .filter(accepts_hosting=True)
        .order_by("name")
    }
    meetings = MeetingPage.objects.exclude(status=MeetingStatus.CANCELLED).filter(
        host__isnull=False
    )
    if exclude_meeting is not None:
        meetings = meetings.exclude(pk=exclude_meeting.pk)
    for host_id, date in meetings.values_list("host_id", "date"):
        if host_id in state:
            entry = state[host_id]
            entry["count"] += 1
            entry["last"] = max(entry["last"] or date, date)
    return state


def _pick(state, excluded=()):
    candidates = [entry for pk, entry in state.items() if pk not in excluded]
    if not candidates:
        return None
    return min(
        candidates,
        key=lambda e: (e["count"], e["last"] or datetime.date.min, e["association"].name.lower()),
    )


def suggest_host(meeting=None):
    """The fairest host for ``meeting`` (or for a new meeting), or None."""
    state = _tally(exclude_meeting=meeting)
    excluded = set()
    if meeting is not None and meeting.pk:
        excluded = set(
            HostDecline.objects.filter(meeting=meeting).values_list("association_id", flat=True)
        )
    entry = _pick(state, excluded)
    return entry["association"] if entry else None


def ranking(meeting=None):
    """Every willing association with its count and last date, fairest first."""
    state = _tally(exclude_meeting=meeting)
    return sorted(
        state.values(),
        key=lambda e: (e["count"], e["last"] or datetime.date.min, e["association"].name.lower()),
    )


def suggest_series(dates):
    """Suggested hosts for consecutive new meetings on ``dates``: [(date, association)]."""
    state = _tally()
    plan = []
    for date in dates:
        entry = _pick(state)
        plan.append((date, entry["association"] if entry else None))
        if entry:
            entry["count"] += 1
            entry["last"] = date
    return plan


def next_dates(count, after=None):
    """Dates of the next ``count`` meetings at the network's rhythm, after the last one planned."""
    interval = relativedelta(months=NetworkSettings.load().meeting_interval_months)
    today = timezone.localdate()
    if after is None:
        after = (
            MeetingPage.objects.exclude(status=MeetingStatus.CANCELLED)
            .order_by("-date")
            .values_list("date", flat=True)
            .first()
        ) or today
    start = after + interval
    while start <= today:
        start += interval
    return [start + interval * i for i in range(count)]
