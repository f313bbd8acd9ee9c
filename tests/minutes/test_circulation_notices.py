"""When the draft minutes start circulating, the associations that attended are told at once
with the deadline; two days before it ends, who has not read the draft is reminded; each once."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from entraide.celery import app
from minutes import services
from minutes.models import DraftReading
from minutes.tasks import send_circulation_reminders
from workspace.models import Delivery, Event, Notification
from workspace.notifications import process_event
from workspace.services import memberships


@pytest.fixture
def outbox(db, mailoutbox):
    return mailoutbox


def to(outbox, user):
    return [m for m in outbox if user.email in m.to]


def start(draft, coordinator, capture):
    with capture(execute=True):
        draft.get_workflow().start(draft, coordinator)
    return services.circulation_state(draft)


def test_the_associations_that_attended_are_told_at_once_with_the_deadline(
    django_capture_on_commit_callbacks,
    outbox,
    draft,
    held,
    coordinator,
    member_a,
    editor_a,
    member_b,
    editor_b,
    agent,
):
    state = start(draft, coordinator, django_capture_on_commit_callbacks)
    deadline = timezone.localtime(state.deadline)
    for person in (member_a, editor_a):
        (message,) = to(outbox, person)
        assert (
            message.subject.startswith("[Entraide]") or "Projet de compte rendu" in message.subject
        )
        assert "Projet de compte rendu de la réunion du" in message.subject
        assert reverse("minutes:draft", args=[held.slug]) in message.body
        assert f"{deadline:%H:%M}" in message.body
        assert str(deadline.day) in message.body
        (notification,) = Notification.objects.filter(
            user=person, event__kind="minutes_circulating"
        )
        assert notification.url == reverse("minutes:draft", args=[held.slug])
    # B did not attend; the coordination and the agents are not among the associations.
    for person in (member_b, editor_b, agent, coordinator):
        assert not to(outbox, person)
        assert not Notification.objects.filter(user=person, event__kind="minutes_circulating")


def test_the_circulation_notice_is_sent_once(
    django_capture_on_commit_callbacks, outbox, draft, coordinator, member_a
):
    start(draft, coordinator, django_capture_on_commit_callbacks)
    event = Event.objects.get(kind="minutes_circulating")
    with django_capture_on_commit_callbacks(execute=True):
        process_event(event.pk)
        services.circulation_started(services.circulation_state(draft))
    assert len(to(outbox, member_a)) == 1
    assert Notification.objects.filter(user=member_a, event=event).count() == 1
    assert Event.objects.filter(kind="minutes_circulating").count() == 1


def test_a_person_who_left_the_association_is_not_told(
    django_capture_on_commit_callbacks, outbox, draft, coordinator, member_a, association_a
):
    membership = member_a.memberships.get(association=association_a)
    memberships.end_membership(membership, coordinator)
    start(draft, coordinator, django_capture_on_commit_callbacks)
    assert not to(outbox, member_a)


def test_the_reminder_goes_two_days_before_the_end_to_who_has_not_read_the_draft(
    django_capture_on_commit_callbacks,
    client_for,
    outbox,
    draft,
    held,
    coordinator,
    member_a,
    editor_a,
):
    state = start(draft, coordinator, django_capture_on_commit_callbacks)
    # editor_a reads the draft; member_a does not.
    assert client_for(editor_a).get(reverse("minutes:draft", args=[held.slug])).status_code == 200
    assert DraftReading.objects.filter(user=editor_a, minutes=draft).exists()
    outbox.clear()

    # Too early: nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.send_circulation_reminders(now=state.deadline - datetime.timedelta(days=3))
            == 0
        )
    assert not outbox

    two_days_before = state.deadline - datetime.timedelta(days=2) + datetime.timedelta(minutes=5)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_circulation_reminders(now=two_days_before) == 1
    (message,) = to(outbox, member_a)
    assert "Plus que deux jours pour amender le compte rendu" in message.subject
    assert reverse("minutes:draft", args=[held.slug]) in message.body
    assert not to(outbox, editor_a)
    assert len(outbox) == 1

    # The next beat ticks send nothing again.
    with django_capture_on_commit_callbacks(execute=True):
        services.send_circulation_reminders(now=two_days_before + datetime.timedelta(hours=1))
        services.send_circulation_reminders(now=two_days_before + datetime.timedelta(hours=2))
    assert len(outbox) == 1
    assert (
        Delivery.objects.filter(event__kind="circulation_reminder", recipient=member_a).count() >= 1
    )


def test_the_reminder_skips_who_read_the_draft_after_it_was_recorded(
    django_capture_on_commit_callbacks, outbox, draft, coordinator, member_a, editor_a
):
    """Read between the beat tick and the delivery: checked again at sending time."""
    state = start(draft, coordinator, django_capture_on_commit_callbacks)
    outbox.clear()
    services.send_circulation_reminders(now=state.deadline - datetime.timedelta(days=1))
    services.record_draft_reading(draft, member_a)
    event = Event.objects.get(kind="circulation_reminder")
    process_event(event.pk)
    assert not to(outbox, member_a) and len(to(outbox, editor_a)) == 1


def test_no_reminder_once_the_circulation_ended(
    django_capture_on_commit_callbacks, outbox, draft, coordinator, member_a
):
    state = start(draft, coordinator, django_capture_on_commit_callbacks)
    outbox.clear()
    services.close_circulations(now=state.deadline + datetime.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            services.send_circulation_reminders(now=state.deadline - datetime.timedelta(days=1))
            == 0
        )
    assert not to(outbox, member_a)


def test_beat_runs_the_reminder_task(db, settings):
    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["circulation-reminders"]
    assert entry["task"] == "minutes.tasks.send_circulation_reminders"
    assert "minutes.tasks.send_circulation_reminders" in app.tasks
    assert send_circulation_reminders() == 0
