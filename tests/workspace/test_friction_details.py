"""Small frictions: a meeting earlier today is refused, the secretary list is grouped by
association, overdue actions read "en retard" on the agenda's follow-up."""

import datetime

from django.urls import reverse
from django.utils import timezone

from minutes import services
from minutes.forms import SecretaryForm
from minutes.models import ActionItem
from tests.factories import make_meeting
from tests.minutes.conftest import action, fill, publish
from tests.utils import text
from workspace.models import MeetingPage
from workspace.models.meetings import PARIS
from workspace.services import agenda
from workspace.services import attendance as attendance_services

PLAN = reverse("meetings:plan")


def test_a_meeting_cannot_start_earlier_today(client_for, coordinator):
    now = timezone.now().astimezone(PARIS)
    earlier = now - datetime.timedelta(hours=1)
    if earlier.date() != now.date():  # just after midnight: nothing earlier today
        return
    data = {
        "date": now.date().isoformat(),
        "start_time": earlier.strftime("%H:%M"),
        "end_time": "23:59",
        "host": "",
        "venue": "",
        "video_url": "",
    }
    response = client_for(coordinator).post(PLAN, data)
    assert response.status_code == 200
    page = text(response)
    assert "Cette heure est déjà passée aujourd'hui." in page
    assert f'value="{data["start_time"]}"' in page
    assert not MeetingPage.objects.exists()


def test_a_meeting_later_today_is_accepted(client_for, coordinator):
    now = timezone.now().astimezone(PARIS)
    later = now + datetime.timedelta(minutes=10)
    if later.date() != now.date() or later.hour == 23 and later.minute > 40:
        return
    data = {
        "date": now.date().isoformat(),
        "start_time": later.strftime("%H:%M"),
        "end_time": "23:59",
        "host": "",
        "venue": "",
        "video_url": "",
    }
    response = client_for(coordinator).post(PLAN, data)
    assert response.status_code == 302
    assert MeetingPage.objects.count() == 1


def test_the_secretary_list_is_grouped_by_association(
    db, member_a, editor_a, member_b, association_a, association_b
):
    form = SecretaryForm()
    html = str(form["secretary"])
    assert f'<optgroup label="{association_a.name}">' in html
    assert f'<optgroup label="{association_b.name}">' in html
    a_group = html.split(f'<optgroup label="{association_a.name}">')[1].split("</optgroup>")[0]
    assert str(member_a) in a_group and str(editor_a) in a_group and str(member_b) not in a_group
    # Still validated against the people of the network.
    assert SecretaryForm({"secretary": member_b.pk}).is_valid()
    assert not SecretaryForm({"secretary": 999999}).is_valid()


def test_overdue_actions_read_en_retard_on_the_agenda_follow_up(
    client_for, coordinator, member_a, association_a
):

    past = make_meeting(coordinator, days_ahead=-30, host=association_a)
    attendance_services.record_attendance(past, coordinator, {association_a: 2}, covered={})
    page, _created = services.start_minutes(past, coordinator)
    fill(
        page,
        actions=[
            action(
                "Réparer la chambre froide", association_a, past.date + datetime.timedelta(days=5)
            )
        ],
        user=coordinator,
    )
    publish(page, coordinator)
    row = ActionItem.objects.get()
    assert row.is_overdue
    upcoming = make_meeting(coordinator, days_ahead=10, host=association_a)

    agenda.publish_agenda(upcoming, coordinator)
    body = text(client_for(member_a).get(upcoming.url))
    assert "Réparer la chambre froide" in body
    follow_up = body.split("Réparer la chambre froide", 1)[1][:300]
    assert "en retard" in follow_up
