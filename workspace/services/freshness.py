"""Freshness of the liaison sheets: which are stale (not checked for the network's set age,
three months by default), and the reminders to their editors, before each meeting and
monthly between, once per sheet per period (the event's key is the sheet and the period)."""

import calendar
import datetime

from django.db import transaction
from django.utils import timezone

from .. import notifications
from ..models import Event, MeetingPage, MeetingStatus, NetworkSettings
from . import directory

# A meeting this close is the period's reason: its reminder leaves these days before it.
BEFORE_MEETING_DAYS = 14
# The monthly reminder is skipped when the sheet had one this recently (before a meeting).
QUIET_DAYS = 21


def stale_months():
    return NetworkSettings.load().sheet_stale_months


def _months_before(day, months):
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def stale_before(today=None):
    """The day before which a check is too old."""
    return _months_before(today or timezone.localdate(), stale_months())


def stale_sheets(today=None):
    """The active associations' sheets never checked or checked before ``stale_before``,
    the oldest first."""
    limit = stale_before(today)
    found = [
        sheet
        for sheet in directory.sheets()
        if sheet.last_checked_on is None or sheet.last_checked_on < limit
    ]
    return sorted(found, key=lambda s: (s.last_checked_on or datetime.date.min, s.association.name))


def _next_meeting(today):
    return (
        MeetingPage.objects.live()
        .filter(
            date__gte=today,
            date__lte=today + datetime.timedelta(days=BEFORE_MEETING_DAYS),
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date")
        .first()
    )


def period(today):
    """The reminder period of ``today``: the coming meeting when one is near, else the month."""
    meeting = _next_meeting(today)
    if meeting is not None:
        return f"meeting-{meeting.pk}", True
    return f"month-{today:%Y-%m}", False


@transaction.atomic
def send_stale_reminders(today=None):
    """Emit one ``sheet_stale`` event per stale sheet and period; returns how many."""
    today = today or timezone.localdate()
    key_period, before_meeting = period(today)
    sent = 0
    for sheet in stale_sheets(today):
        key = f"sheet-stale:{sheet.pk}:{key_period}"
        if Event.objects.filter(key=key).exists():
            continue
        if not before_meeting:
            recent = Event.objects.filter(
                kind="sheet_stale",
                key__startswith=f"sheet-stale:{sheet.pk}:",
                created_at__date__gte=today - datetime.timedelta(days=QUIET_DAYS),
            )
            if recent.exists():
                continue
        notifications.emit("sheet_stale", key, sheet_id=sheet.pk)
        sent += 1
    return sent


def stale_entries(today=None):
    """For the coordinator's list: each stale sheet and its last check."""
    return [
        {"sheet": sheet, "association": sheet.association, "checked": sheet.last_checked_on}
        for sheet in stale_sheets(today)
    ]
