import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_meeting
from tests.utils import text, visible_text
from workspace.models import Attendance, MeetingStatus


def answer(client, meeting, association, value="coming", count=2):
    data = {
        "association": association.pk,
        "answer": value,
        "people_count": count if count is not None else "",
    }
    return client.post(reverse("meetings:attendance", args=[meeting.slug]), data)


def test_editor_answers_for_their_association_and_can_change_it(
    client_for, editor_a, meeting, association_a
):
    client = client_for(editor_a)
    assert answer(client, meeting, association_a, "coming", 3).status_code == 302
    attendance = Attendance.objects.get(meeting=meeting, association=association_a)
    assert (
        attendance.answer == "coming"
        and attendance.people_count == 3
        and attendance.answered_by == editor_a
    )
    answer(client, meeting, association_a, "not_coming", None)
    attendance.refresh_from_db()
    assert attendance.answer == "not_coming" and attendance.people_count is None
    page = visible_text(client.get(meeting.url))
    assert "Association A : absente" in page


def test_coming_needs_a_number_of_people_and_keeps_the_answer(
    client_for, editor_a, meeting, association_a
):
    response = answer(client_for(editor_a), meeting, association_a, "coming", None)
    assert response.status_code == 200
    page = text(response)
    assert "Indiquez combien de personnes viendront (de 1 à 20)." in page
    assert 'value="coming" required id="id_answer_0" checked' in page or 'value="coming"' in page
    assert not Attendance.objects.exists()


@pytest.mark.parametrize("who", ["member_a", "editor_b", "agent"])
def test_others_cannot_answer_for_association_a(client_for, people, meeting, association_a, who):
    response = answer(client_for(people[who]), meeting, association_a)
    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_coordinator_may_answer_for_any_association(
    client_for, coordinator, meeting, association_b
):
    assert (
        answer(client_for(coordinator), meeting, association_b, "unsure", None).status_code == 302
    )
    assert Attendance.objects.get().answer == "unsure"


def test_answers_close_when_the_meeting_starts(client_for, coordinator, editor_a, association_a):
    started = make_meeting(
        coordinator, days_ahead=0, host=association_a, start=(0, 0), end=(23, 59)
    )
    response = answer(client_for(editor_a), started, association_a)
    assert response.status_code == 302
    assert not Attendance.objects.exists()
    follow = client_for(editor_a).get(started.url)
    assert "Enregistrer notre réponse" not in text(follow)


def test_coordinator_sees_counts_and_who_has_not_answered_and_reminds(
    client_for, coordinator, editor_a, editor_b, meeting, association_a, association_b, mailoutbox
):
    answer(client_for(editor_a), meeting, association_a, "coming", 2)
    page = visible_text(client_for(coordinator).get(meeting.url))
    assert "1 association(s) présente(s), 2 personne(s) en tout." in page
    assert "Association B pas de réponse" in page
    mailoutbox.clear()
    response = client_for(coordinator).post(
        reverse("meetings:remind_attendance", args=[meeting.slug])
    )
    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [[editor_b.email]]
    assert "Votre association viendra-t-elle" in mailoutbox[0].subject


@pytest.mark.parametrize("who", ["member_a", "editor_a", "editor_b", "agent"])
def test_only_the_coordinator_reminds_and_records(client_for, people, meeting, who, mailoutbox):
    client = client_for(people[who])
    assert (
        client.post(reverse("meetings:remind_attendance", args=[meeting.slug])).status_code == 403
    )
    assert (
        client.post(reverse("meetings:record_attendance", args=[meeting.slug]), {}).status_code
        == 403
    )
    assert not mailoutbox


def test_recording_actual_attendance_after_the_meeting(
    client_for, coordinator, editor_a, association_a, association_b
):
    past = make_meeting(coordinator, days_ahead=-1, host=association_a)
    Attendance.objects.create(
        meeting=past, association=association_a, answer="coming", people_count=2
    )
    client = client_for(coordinator)
    form = client.get(reverse("meetings:record_attendance", args=[past.slug]))
    assert f'name="present_{association_a.pk}" value="2"' in text(form)
    empty = client.post(reverse("meetings:record_attendance", args=[past.slug]), {})
    assert "Indiquez au moins une association présente" in text(empty)
    client.post(
        reverse("meetings:record_attendance", args=[past.slug]),
        {f"present_{association_a.pk}": 3, f"present_{association_b.pk}": 0},
    )
    past.refresh_from_db()
    assert past.status == MeetingStatus.HELD and past.attendance_recorded_at is not None
    a = Attendance.objects.get(meeting=past, association=association_a)
    b = Attendance.objects.get(meeting=past, association=association_b)
    assert a.present and a.present_count == 3
    assert b.present is False


def test_actual_attendance_waits_for_the_meeting(client_for, coordinator, meeting):
    response = client_for(coordinator).get(
        reverse("meetings:record_attendance", args=[meeting.slug]), follow=True
    )
    assert "Les présences s'enregistrent une fois la réunion commencée." in text(response)
    assert timezone.localdate() + datetime.timedelta(days=20) == meeting.date
