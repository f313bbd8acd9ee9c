"""Meeting reminders: due once per reminder, delivered once per person (the ledger)."""

import datetime
import email
import email.header
from collections import Counter

import pytest
from django.conf import settings

from tests.factories import make_meeting
from tests.workers import Worker, purge_queue, wait_for
from workspace import tasks
from workspace.models import Delivery, Event, Membership, NetworkSettings
from workspace.services import agenda
from workspace.services import meetings as meeting_services
from workspace.services import memberships as services

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def french_date(date):
    day = "1er" if date.day == 1 else date.day
    return f"{day} {MONTHS[date.month - 1]} {date.year}"


def recipients(mails):
    return Counter(address for mail in mails for address in mail.to)


def network(people):
    """Who hears about meetings: members of active associations and the coordinators."""
    return {
        people[who].email for who in ("coordinator", "editor_a", "member_a", "editor_b", "member_b")
    }


@pytest.fixture
def soon(coordinator, association_a):
    """A meeting five days ahead: the 7-day reminder is due, the 1-day one is not yet."""
    return make_meeting(coordinator, days_ahead=5, host=association_a)


def test_the_default_reminders_are_at_7_and_1_days(db):
    assert NetworkSettings.load().reminder_day_list == [7, 1]


def test_each_reminder_reaches_each_person_once(
    people, soon, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert meeting_services.send_due_reminders() == 1
        assert meeting_services.send_due_reminders() == 1
    assert recipients(mailoutbox) == Counter(network(people))
    assert people["agent"].email not in recipients(mailoutbox)
    mail = mailoutbox[0]
    assert mail.subject == (
        f"[Entraide] Rappel : réunion du réseau dans 5 jours, le {french_date(soon.date)}"
    )
    assert "Un rappel de la prochaine réunion du réseau." in mail.body
    assert settings.SITE_URL.rstrip("/") + soon.url in mail.body
    assert mail.extra_headers["X-Entraide-Event"] == (
        f"meeting:{soon.pk}:reminder:7:{soon.date.isoformat()}"
    )

    # A later run the same week sends nothing new.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.send_due_reminders(today=soon.date - datetime.timedelta(days=3))
    assert mailoutbox == []

    # The day before, the 1-day reminder goes out once, however often it runs.
    eve = soon.date - datetime.timedelta(days=1)
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert meeting_services.send_due_reminders(today=eve) == 1
            meeting_services.send_due_reminders(today=eve)
    assert recipients(mailoutbox) == Counter(network(people))
    assert {mail.subject for mail in mailoutbox} == {
        f"[Entraide] Rappel : réunion du réseau demain, {french_date(soon.date)}"
    }
    assert Event.objects.filter(kind="meeting_reminder").count() == 2
    assert Delivery.objects.filter(sent_at__isnull=False, channel="email").count() == 2 * len(
        network(people)
    )
    # ... and each reminder is also in each person's notification centre, once.
    assert Delivery.objects.filter(sent_at__isnull=False, channel="app").count() == 2 * len(
        network(people)
    )


def test_the_subject_counts_the_days_actually_left(
    people, coordinator, association_a, mailoutbox, django_capture_on_commit_callbacks
):
    """Reminders that catch up (a meeting planned late, beat down) give the real delay."""
    meeting = make_meeting(coordinator, days_ahead=7, host=association_a)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.send_due_reminders(today=meeting.date - datetime.timedelta(days=7))
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.send_due_reminders(today=meeting.date)
    date = french_date(meeting.date)
    assert Counter(mail.subject for mail in mailoutbox) == {
        f"[Entraide] Rappel : réunion du réseau dans 7 jours, le {date}": 5,
        f"[Entraide] Rappel : réunion du réseau aujourd'hui, {date}": 5,
    }


def test_no_reminder_before_the_first_one_is_due(
    people, coordinator, association_a, mailoutbox, django_capture_on_commit_callbacks
):
    make_meeting(coordinator, days_ahead=8, host=association_a)
    make_meeting(coordinator, days_ahead=-1, host=association_a)
    with django_capture_on_commit_callbacks(execute=True):
        assert meeting_services.send_due_reminders() == 0
    assert mailoutbox == []
    assert not Event.objects.filter(kind="meeting_reminder").exists()


def test_a_cancelled_meeting_gets_no_reminder(
    people, coordinator, soon, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.cancel_meeting(soon, coordinator, "Salle indisponible")
    assert recipients(mailoutbox) == Counter(network(people))  # the cancellation itself
    mailoutbox.clear()
    for today in (None, soon.date - datetime.timedelta(days=1)):
        with django_capture_on_commit_callbacks(execute=True):
            assert meeting_services.send_due_reminders(today=today) == 0
    assert mailoutbox == []
    assert not Event.objects.filter(kind="meeting_reminder").exists()


def test_a_reminder_waiting_in_the_outbox_is_dropped_when_the_meeting_is_cancelled(
    people, coordinator, soon, mailoutbox, django_capture_on_commit_callbacks
):
    """The broker was down: the sweep finds the reminder after the meeting was cancelled."""
    with django_capture_on_commit_callbacks(execute=False):
        meeting_services.send_due_reminders()
    event = Event.objects.get(kind="meeting_reminder")
    meeting_services.cancel_meeting(soon, coordinator, "Salle indisponible")
    assert tasks.process_event(event.pk) == 0
    assert mailoutbox == []
    assert not Delivery.objects.filter(event=event).exists()


def test_a_person_whose_membership_ended_gets_nothing(
    people, coordinator, soon, mailoutbox, django_capture_on_commit_callbacks
):
    member_a = people["member_a"]
    services.end_membership(Membership.objects.active().get(user=member_a), by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.send_due_reminders()
    assert recipients(mailoutbox) == Counter(network(people) - {member_a.email})


def test_a_membership_ended_before_delivery_stops_the_reminder(
    people, coordinator, soon, mailoutbox, django_capture_on_commit_callbacks
):
    """Recorded while member_a was a member, delivered after the membership ended."""
    member_a = people["member_a"]
    with django_capture_on_commit_callbacks(execute=False):
        meeting_services.send_due_reminders()
    event = Event.objects.get(kind="meeting_reminder")
    services.end_membership(Membership.objects.active().get(user=member_a), by=coordinator)
    tasks.process_event(event.pk)
    assert recipients(mailoutbox) == Counter(network(people) - {member_a.email})
    assert not Delivery.objects.filter(event=event, recipient=member_a).exists()


def test_processing_an_event_twice_delivers_once(
    people, soon, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        meeting_services.send_due_reminders()
    assert len(callbacks) == 1  # the task is only sent after commit
    event = Event.objects.get(kind="meeting_reminder")
    everybody = len(network(people))

    # Each person: in the notification centre, and by e-mail (meetings: at once by default).
    assert tasks.process_event(event.pk) == 2 * everybody
    assert tasks.process_event(event.pk) == 0
    assert recipients(mailoutbox) == Counter(network(people))
    event.refresh_from_db()
    assert event.processed_at is not None and event.attempts == 1

    # The worker died after sending and before marking the event: Redis gives the
    # task to another worker, and the ledger keeps anyone from getting it twice.
    Event.objects.filter(pk=event.pk).update(processed_at=None)
    assert tasks.process_event(event.pk) == 0
    assert len(mailoutbox) == everybody
    assert (
        Delivery.objects.filter(event=event, sent_at__isnull=False, channel="email").count()
        == everybody
    )

    # ... and the one delivery that had not gone out yet is sent by the retry.
    member_b = people["member_b"]
    Delivery.objects.filter(event=event, recipient=member_b, channel="email").update(sent_at=None)
    Event.objects.filter(pk=event.pk).update(processed_at=None)
    assert tasks.process_event(event.pk) == 1
    assert [mail.to for mail in mailoutbox[everybody:]] == [[member_b.email]]


# --- Through Redis and a real worker (second CI pass) ------------------------------


def messages_in(folder):
    """The e-mails written by Django's file backend (several may share one file)."""
    separator = "\n" + "-" * 79 + "\n"
    found = []
    for path in sorted(folder.glob("*.log")):
        for chunk in path.read_text().split(separator):
            if chunk.strip():
                found.append(email.message_from_string(chunk.lstrip("\n")))
    return found


def subject(message):
    return str(email.header.make_header(email.header.decode_header(message["Subject"])))


@pytest.fixture
def mail_worker(transactional_db, tmp_path):
    folder = tmp_path / "mail"
    purge_queue()
    # Three slashes after the scheme: django-environ reads "filemail:///tmp/x" as "tmp/x".
    worker = Worker(extra_env={"EMAIL_URL": f"filemail:///{folder}"}).start()
    yield worker, folder
    worker.stop()


@pytest.mark.real_services
def test_reminders_through_a_real_worker_reach_each_person_once(mail_worker, people, soon):
    from entraide.celery import app

    assert app.conf.task_always_eager is False
    worker, folder = mail_worker

    def all_processed():
        pending = Event.objects.filter(processed_at__isnull=True)
        return Event.objects.exists() and not pending.exists()

    assert meeting_services.send_due_reminders() == 1
    assert meeting_services.send_due_reminders() == 1
    assert wait_for(all_processed), worker.log_path.read_text()[-3000:]
    event = Event.objects.get(kind="meeting_reminder")

    # Delivered again, as after a worker lost before marking the event: no second e-mail.
    Event.objects.filter(pk=event.pk).update(processed_at=None)
    tasks.process_event.delay(event.pk)
    assert wait_for(all_processed), worker.log_path.read_text()[-3000:]

    mails = messages_in(folder)
    assert Counter(mail["To"] for mail in mails) == Counter(network(people))
    date = french_date(soon.date)
    assert {subject(mail) for mail in mails} == {
        f"[Entraide] Rappel : réunion du réseau dans 5 jours, le {date}"
    }
    assert {m["X-Entraide-Event"] for m in mails} == {event.key}
    assert Event.objects.get(pk=event.pk).attempts == 2
    assert "workspace.tasks.process_event[" in worker.log_path.read_text()


def test_events_recorded_before_a_change_are_not_sent_after_it(
    coordinator, member_a, association_a, mailoutbox
):
    """Broker down: events wait in the outbox; by the time the sweep sends them, the
    meeting moved or was cancelled. What they announce no longer holds: nothing goes out."""
    import datetime

    from django.utils import timezone

    from tests.factories import make_meeting
    from workspace import notifications
    from workspace.models import Event
    from workspace.services import meetings as meeting_services

    moved = make_meeting(coordinator, days_ahead=3, host=association_a)
    cancelled = make_meeting(coordinator, days_ahead=40, host=association_a)
    with mock_broker_down():
        meeting_services.send_due_reminders()
        agenda.publish_agenda(cancelled, coordinator)
    assert Event.objects.filter(processed_at__isnull=True).count() == 2
    meeting_services.update_meeting(
        moved, coordinator, date=timezone.localdate() + datetime.timedelta(days=30)
    )
    meeting_services.cancel_meeting(cancelled, coordinator, "Salle indisponible")
    mailoutbox.clear()
    Event.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    notifications.sweep_outbox()
    subjects = {m.subject for m in mailoutbox}
    assert subjects and all("Annulée" in subject for subject in subjects), subjects
    assert not Event.objects.filter(processed_at__isnull=True).exists()


def mock_broker_down():
    """Tasks are not sent at all: the events stay in the outbox."""
    from unittest import mock

    return mock.patch(
        "workspace.tasks.process_event.apply_async", side_effect=ConnectionError("broker down")
    )
