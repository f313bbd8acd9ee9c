"""Fair rotation of the meetings' hosts.

Among the active associations that accept to host, the suggestion is the one that
hosted least often, then least recently (never before counts as longest ago), then
by name. Cancelled meetings do not count; a host that declined a meeting is not
suggested again for it.
"""

import datetime

import holidays
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


# Moving to the weekday (up to 6 days) then past a holiday (7 more) keeps the rhythm.
REBASE_AFTER = datetime.timedelta(days=13)


def summer_break(year):
    """The school summer break of ``year``: from the first Saturday of July to 31 August."""
    first_of_july = datetime.date(year, 7, 1)
    start = first_of_july + datetime.timedelta(days=(5 - first_of_july.weekday()) % 7)
    return start, datetime.date(year, 8, 31)


def public_holidays(years):
    """French public holidays (metropolitan France) of ``years``: {date: name}."""
    return holidays.country_holidays("FR", years=sorted(set(years)), language="fr")


def meeting_day(date, settings=None, taken=()):
    """The first day on or after ``date`` that is the network's usual weekday, not a French
    public holiday, not in the school summer break when the setting says so, and not in
    ``taken``."""
    settings = settings or NetworkSettings.load()
    day = date + datetime.timedelta(days=(settings.usual_weekday - date.weekday()) % 7)
    closed = public_holidays(range(day.year, day.year + 2))
    while True:
        if settings.skip_summer_break:
            start, end = summer_break(day.year)
            if start <= day <= end:
                day = end + datetime.timedelta(days=1)
                day += datetime.timedelta(days=(settings.usual_weekday - day.weekday()) % 7)
                continue
        if day in closed or day in taken:
            day += datetime.timedelta(days=7)
            continue
        return day


def next_dates(count, after=None):
    """Dates of the next ``count`` meetings at the network's rhythm, after the last one planned:
    every N months, on the usual weekday, skipping holidays (and the summer break)."""
    settings = NetworkSettings.load()
    interval = relativedelta(months=settings.meeting_interval_months)
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
    dates, base = [], start
    for _ in range(count):
        day = meeting_day(base, settings)
        dates.append(day)
        # A meeting pushed far (past the summer break) sets the rhythm from its new date, so
        # that the next one is not a few weeks later; a weekday or holiday shift does not.
        base = (day if day - base > REBASE_AFTER else base) + interval
    return dates
