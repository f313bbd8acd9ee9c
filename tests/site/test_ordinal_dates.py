"""A meeting on the first of the month reads "1er" in its e-mails, its agenda PDF, its .ics
description and the minutes PDF; the minutes editor's messages write French dates too."""

import datetime
import io
import re

import pypdf
from django.urls import reverse

from minutes import services as minutes_services
from tests.factories import make_meeting
from tests.minutes.test_editor_blocks import empty_action, post, section
from tests.utils import text
from workspace.services import agenda, meetings
from workspace.services import attendance as attendance_services

ONE = re.compile(
    r"(?<![\d])1 (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)"
)


def on_the_first(coordinator, association, days_ahead=10):
    meeting = make_meeting(coordinator, days_ahead=days_ahead, host=association)
    today = datetime.date.today()
    year = today.year + 1 if days_ahead > 0 else today.year - 1
    meeting.date = datetime.date(year, 6, 1)
    meeting.save_revision().publish()
    meeting.refresh_from_db()
    return meeting


def pdf_text(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )


def test_the_agenda_e_mail_ics_and_pdf_say_1er(
    client_for, coordinator, member_a, association_a, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = on_the_first(coordinator, association_a)
    with django_capture_on_commit_callbacks(execute=True):
        agenda.publish_agenda(meeting, coordinator)
    messages = [m for m in mailoutbox if member_a.email in m.to]
    assert messages
    for message in messages:
        assert "1er juin" in message.subject, message.subject
        assert not ONE.search(message.subject + message.body), message.body
    content = pdf_text(
        client_for(member_a).get(reverse("meetings:agenda_pdf", args=[meeting.slug]))
    )
    assert "1er juin" in content and not ONE.search(content)
    ics = client_for(member_a).get(reverse("meetings:ics", args=[meeting.slug])).content.decode()
    unfolded = ics.replace("\r\n ", "")
    description = re.search(r"DESCRIPTION:(.*?)\r\n[A-Z]", unfolded, re.S).group(1)
    assert "1er juin" in description and not ONE.search(description)


def test_a_cancelled_meeting_e_mail_says_1er(
    coordinator, member_a, association_a, mailoutbox, django_capture_on_commit_callbacks
):
    meeting = on_the_first(coordinator, association_a)
    with django_capture_on_commit_callbacks(execute=True):
        meetings.cancel_meeting(meeting, coordinator, "Salle indisponible")
    (message,) = [m for m in mailoutbox if member_a.email in m.to]
    assert "1er juin" in message.subject and "1er juin" in message.body
    assert not ONE.search(message.subject + message.body)


def test_the_minutes_pdf_says_1er(client_for, coordinator, member_a, association_a):
    meeting = on_the_first(coordinator, association_a, days_ahead=-10)
    attendance_services.record_attendance(meeting, coordinator, {association_a: 2}, covered={})
    page, _created = minutes_services.start_minutes(meeting, coordinator)
    page.get_latest_revision().publish(user=coordinator)
    content = pdf_text(client_for(member_a).get(reverse("minutes:pdf", args=[meeting.slug])))
    assert "1er juin" in content and not ONE.search(content)


def test_the_minutes_editor_writes_french_dates_in_its_messages(
    client_for, coordinator, association_a
):
    meeting = on_the_first(coordinator, association_a, days_ahead=-10)
    attendance_services.record_attendance(meeting, coordinator, {association_a: 2}, covered={})
    page, _created = minutes_services.start_minutes(meeting, coordinator)
    early = datetime.date(meeting.date.year, 5, 1).isoformat()
    action = {**empty_action(), "what": "Trop tôt", "owner": association_a.pk, "due_date": early}
    response = post(client_for(coordinator), page, [section("Point", actions=[action])])
    body = text(response)
    assert "avant la réunion elle-même" in body
    assert (
        f"le 1er mai {meeting.date.year}, avant la réunion elle-même (1er juin {meeting.date.year})"
        in body
    )
