"""Meetings as iCalendar (RFC 5545): one file per meeting and private feeds per person."""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import MeetingStatus


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _calendar(name, method="PUBLISH"):
    calendar = Calendar()
    calendar.add("prodid", "-//CCAS de Roubaix//Entraide//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Paris")
    return calendar


def meeting_event(meeting):
    url = absolute(meeting.url)
    event = CalendarEvent()
    event.add("uid", f"{meeting.uid}@entraide")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("summary", meeting.title)
    if meeting.location:
        event.add("location", meeting.location)
    lines = [f"Ordre du jour et informations : {url}"]
    if meeting.host:
        lines.append(f"Accueil : {meeting.host.name}")
    if meeting.video_url:
        lines.append(f"Participer à distance : {meeting.video_url}")
    if meeting.is_cancelled and meeting.cancel_reason:
        lines.append(f"Réunion annulée : {meeting.cancel_reason}")
    event.add("description", "\n".join(lines))
    event.add("url", url)
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    if meeting.last_published_at:
        event.add("last-modified", meeting.last_published_at.astimezone(datetime.UTC))
    return event


def meeting_ics(meeting):
    """The meeting alone, to download; a cancelled meeting is sent as cancelled."""
    method = "CANCEL" if meeting.is_cancelled else "PUBLISH"
    calendar = _calendar(meeting.title, method)
    calendar.add_component(meeting_event(meeting))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_ics(meetings, name="Entraide – réunions du réseau"):
    calendar = _calendar(name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    calendar.add_missing_timezones()
    return calendar.to_ical()
