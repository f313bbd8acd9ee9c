"""Meetings as iCalendar (RFC 5545): one file per meeting, and each person's private feed
with the page that shows its address."""

import datetime

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from entraide import files
from entraide.dates import format_date

from .. import permissions
from ..models import CalendarFeed, MeetingPage, MeetingStatus
from ..notifications import mail
from ..services import calendar as calendar_feeds
from .decorators import login_required, network_member_required
from .meetings import get_meeting


def absolute(path):
    """On the current network's own host (the first network keeps ``SITE_URL``)."""
    return mail.absolute(path)


def _calendar(name, method="PUBLISH"):
    calendar = Calendar()
    calendar.add("prodid", "-//Entraide//FR")
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
    day = format_date(meeting.date, "l j F Y")
    lines = [
        f"Le {day}, de {meeting.start_time:%H:%M} à {meeting.end_time:%H:%M}",
        f"Ordre du jour et informations : {url}",
    ]
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


# --- Views ------------------------------------------------------------------------------


@network_member_required
def meeting_calendar(request, slug):
    meeting = get_meeting(slug)
    response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="reunion-{meeting.date.isoformat()}.ics"'
    )
    return files.protect(response)


@login_required
def calendar_settings(request):
    feed = calendar_feeds.feed_of(request.user)
    if request.method == "POST":
        calendar_feeds.renew_feed(feed)
        messages.success(request, _("A new private address is ready; the old one no longer works."))
        return redirect("workspace:calendar")
    url = request.build_absolute_uri(reverse("calendar_feed", args=[feed.token]))
    return render(request, "workspace/calendar_settings.html", {"feed_url": url})


def calendar_feed(request, token):
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    user = feed.user
    meetings = MeetingPage.objects.none()
    if user.is_active and permissions.can_view_meetings(user):
        since = timezone.localdate().replace(day=1, month=1)
        meetings = (
            MeetingPage.objects.live()
            .filter(date__gte=since.replace(year=since.year - 1))
            .select_related("host")
        )
    response = HttpResponse(feed_ics(meetings), content_type="text/calendar; charset=utf-8")
    return files.protect(response, files.PRIVATE_FEED)
