"""The meetings as iCalendar: one file per meeting, and a private feed per person."""

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from tests.factories import UserFactory, make_meeting
from tests.utils import text
from workspace.models import CalendarFeed, Membership
from workspace.services import meetings as meeting_services
from workspace.services import memberships as services

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(calendar):
    return [component for component in calendar.walk("VEVENT")]


def only_event(calendar):
    found = events(calendar)
    assert len(found) == 1
    return found[0]


def download(client, meeting):
    return parse(client.get(reverse("meetings:ics", args=[meeting.slug])))


def feed_path(user):
    return reverse("calendar_feed", args=[CalendarFeed.objects.get(user=user).token])


# --- One meeting, downloaded -------------------------------------------------------


def test_a_member_downloads_the_meeting_as_an_icalendar_file(client_for, member_a, meeting):
    client = client_for(member_a)
    response = client.get(reverse("meetings:ics", args=[meeting.slug]))
    assert response["Content-Disposition"] == (
        f'attachment; filename="reunion-{meeting.date.isoformat()}.ics"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    calendar = parse(response)
    assert calendar["METHOD"] == "PUBLISH"
    event = only_event(calendar)
    assert str(event["UID"]) == f"{meeting.uid}@entraide"
    assert str(event["SUMMARY"]) == meeting.title
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == meeting.location
    assert str(event["LOCATION"]).startswith("Association A, ")
    absolute_url = settings.SITE_URL.rstrip("/") + meeting.url
    assert absolute_url.startswith("http") and meeting.url.startswith("/reunions/")
    assert absolute_url in str(event["DESCRIPTION"])
    assert str(event["URL"]) == absolute_url

    # Local time in Paris, with the time zone named and described.
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    starts = event.decoded("DTSTART")
    ends = event.decoded("DTEND")
    assert starts.replace(tzinfo=None) == datetime.datetime.combine(
        meeting.date, datetime.time(9, 30)
    )
    assert ends.replace(tzinfo=None) == datetime.datetime.combine(
        meeting.date, datetime.time(12, 0)
    )
    assert starts == datetime.datetime.combine(meeting.date, datetime.time(9, 30), tzinfo=PARIS)
    timezones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    assert timezones == ["Europe/Paris"]


def test_the_uid_is_stable_across_downloads(client_for, member_a, editor_b, meeting):
    first = only_event(download(client_for(member_a), meeting))
    second = only_event(download(client_for(member_a), meeting))
    other_person = only_event(download(client_for(editor_b), meeting))
    assert str(first["UID"]) == str(second["UID"]) == str(other_person["UID"])
    assert str(first["UID"]) == f"{meeting.uid}@entraide"
    assert first["SEQUENCE"] == second["SEQUENCE"]


def test_a_summer_meeting_is_at_its_local_time(client_for, coordinator, member_a):
    """Paris summer time (UTC+2) is kept: 9:30 in Paris stays 9:30, not 9:30 UTC."""
    summer = meeting_services.plan_meeting(
        coordinator,
        date=datetime.date(2030, 7, 2),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 0),
    )
    event = only_event(download(client_for(member_a), summer))
    starts = event.decoded("DTSTART")
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert starts.replace(tzinfo=None) == datetime.datetime(2030, 7, 2, 9, 30)
    assert starts.astimezone(datetime.UTC).replace(tzinfo=None) == datetime.datetime(
        2030, 7, 2, 7, 30
    )


def test_changing_the_date_raises_the_sequence(client_for, coordinator, member_a, meeting):
    client = client_for(member_a)
    before = only_event(download(client, meeting))
    new_date = meeting.date + datetime.timedelta(days=3)
    changed = meeting_services.update_meeting(meeting, coordinator, date=new_date)
    assert changed == ["date"]
    after = only_event(download(client, meeting))
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert str(after["UID"]) == str(before["UID"])
    assert after.decoded("DTSTART").date() == new_date
    assert str(after["STATUS"]) == "CONFIRMED"


def test_a_change_outside_the_calendar_fields_keeps_the_sequence(
    client_for, coordinator, member_a, meeting
):
    client = client_for(member_a)
    before = only_event(download(client, meeting))
    assert meeting_services.update_meeting(meeting, coordinator, date=meeting.date) == []
    assert only_event(download(client, meeting))["SEQUENCE"] == before["SEQUENCE"]


def test_a_cancelled_meeting_is_sent_as_cancelled(client_for, coordinator, member_a, meeting):
    client = client_for(member_a)
    before = only_event(download(client, meeting))
    meeting_services.cancel_meeting(meeting, coordinator, "Salle indisponible")
    calendar = download(client, meeting)
    assert calendar["METHOD"] == "CANCEL"
    event = only_event(calendar)
    assert str(event["STATUS"]) == "CANCELLED"
    assert event["SEQUENCE"] > before["SEQUENCE"]
    assert str(event["UID"]) == str(before["UID"])
    assert "Salle indisponible" in str(event["DESCRIPTION"])


# --- Private feeds -----------------------------------------------------------------


def test_a_member_gets_a_private_feed_readable_without_login(client_for, member_a, meeting):
    client = client_for(member_a)
    assert not CalendarFeed.objects.filter(user=member_a).exists()
    page = client.get(reverse("workspace:calendar"))
    assert page.status_code == 200
    path = feed_path(member_a)
    assert path.startswith("/calendrier/") and path.endswith(".ics")
    assert f'value="http://testserver{path}"' in text(page)
    # Visiting again shows the same address.
    assert f"http://testserver{path}" in text(client.get(reverse("workspace:calendar")))
    assert CalendarFeed.objects.filter(user=member_a).count() == 1

    client.logout()
    response = client.get(path)
    assert response["Cache-Control"] == "private, max-age=900"
    assert response["X-Content-Type-Options"] == "nosniff"
    event = only_event(parse(response))
    assert str(event["UID"]) == f"{meeting.uid}@entraide"
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert str(event["LOCATION"]) == meeting.location


def test_the_feed_lists_every_meeting_of_the_network(
    client_for, coordinator, member_a, meeting, association_b
):
    other = make_meeting(coordinator, days_ahead=80, host=association_b)
    meeting_services.cancel_meeting(other, coordinator, "Reportée")
    client = client_for(member_a)
    client.get(reverse("workspace:calendar"))
    client.logout()
    found = {
        str(e["UID"]): str(e["STATUS"]) for e in events(parse(client.get(feed_path(member_a))))
    }
    assert found == {
        f"{meeting.uid}@entraide": "CONFIRMED",
        f"{other.uid}@entraide": "CANCELLED",
    }


def test_a_person_outside_the_network_gets_an_empty_feed(client_for, meeting):
    outsider = UserFactory()
    client = client_for(outsider)
    assert client.get(reverse("workspace:calendar")).status_code == 200
    client.logout()
    assert events(parse(client.get(feed_path(outsider)))) == []


def test_a_feed_empties_when_the_membership_ends(client_for, coordinator, member_a, meeting):
    client = client_for(member_a)
    client.get(reverse("workspace:calendar"))
    client.logout()
    path = feed_path(member_a)
    assert len(events(parse(client.get(path)))) == 1
    services.end_membership(Membership.objects.active().get(user=member_a), by=coordinator)
    assert events(parse(client.get(path))) == []


def test_a_feed_empties_when_the_account_is_deactivated(client_for, member_a, meeting):
    client = client_for(member_a)
    client.get(reverse("workspace:calendar"))
    client.logout()
    path = feed_path(member_a)
    assert len(events(parse(client.get(path)))) == 1
    member_a.is_active = False
    member_a.save(update_fields=["is_active"])
    assert events(parse(client.get(path))) == []


def test_a_new_address_revokes_the_old_one(client_for, member_a, meeting):
    client = client_for(member_a)
    client.get(reverse("workspace:calendar"))
    old_path = feed_path(member_a)
    response = client.post(reverse("workspace:calendar"))
    assert response.status_code == 302 and response["Location"] == reverse("workspace:calendar")
    new_path = feed_path(member_a)
    assert new_path != old_path
    page = text(client.get(reverse("workspace:calendar")))
    assert f"http://testserver{new_path}" in page and old_path not in page

    client.logout()
    assert client.get(old_path).status_code == 404
    assert len(events(parse(client.get(new_path)))) == 1


@pytest.mark.parametrize("token", ["inconnu", "x" * 32])
def test_an_unknown_token_answers_404(client, meeting, token):
    assert client.get(f"/calendrier/{token}.ics").status_code == 404


def test_anonymous_visitor_is_sent_to_login_from_the_calendar_page(client, db):
    response = client.get(reverse("workspace:calendar"))
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=/espace/calendrier/")
    assert not CalendarFeed.objects.exists()
    response = client.post(reverse("workspace:calendar"))
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    assert not CalendarFeed.objects.exists()
