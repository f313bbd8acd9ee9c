"""Freshness of the liaison sheets: stale after the network's set age, reminders to the
editors before each meeting and monthly between, once per sheet per period; the
coordinator's list; closures and messages that expire by themselves."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import AssociationFactory, make_meeting
from workspace.models import Closure, Event, LiaisonSheet, NetworkSettings, Notification
from workspace.services import freshness
from workspace.tasks import remind_stale_sheets


@pytest.fixture
def sheets(association_a, association_b):
    today = timezone.localdate()
    stale = LiaisonSheet.objects.create(
        association=association_a, last_checked_on=today - datetime.timedelta(days=120)
    )
    fresh = LiaisonSheet.objects.create(
        association=association_b, last_checked_on=today - datetime.timedelta(days=20)
    )
    never = LiaisonSheet.objects.create(
        association=AssociationFactory(slug="jamais", name="Jamais vérifiée")
    )
    return stale, fresh, never


def test_stale_sheets_follow_the_network_setting(sheets):
    stale, fresh, never = sheets
    assert freshness.stale_months() == 3
    assert [s.pk for s in freshness.stale_sheets()] == [never.pk, stale.pk]
    settings_row = NetworkSettings.load()
    settings_row.sheet_stale_months = 6
    settings_row.save()
    assert [s.pk for s in freshness.stale_sheets()] == [never.pk]


def test_reminders_reach_the_editors_once_per_period(
    sheets, editor_a, member_a, editor_b, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_stale_sheets() == 2  # A's sheet and the never-checked one
    notes = Notification.objects.filter(category="sheets")
    assert [n.user for n in notes] == [editor_a]  # the never-checked sheet has no editor
    assert "toujours à jour" in notes.get().title.lower() or "à jour" in notes.get().title
    assert len([m for m in mailoutbox if editor_a.email in m.to]) == 1
    # The task again (a retried beat tick, the next day): nothing more this period.
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_stale_sheets() == 0
        assert (
            freshness.send_stale_reminders(timezone.localdate() + datetime.timedelta(days=1)) == 0
        )
    assert Notification.objects.filter(category="sheets").count() == 1


def test_a_meeting_near_opens_a_new_period(
    sheets, coordinator, editor_a, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        freshness.send_stale_reminders(today)
    make_meeting(coordinator, days_ahead=10)
    key, before_meeting = freshness.period(today)
    assert before_meeting and key.startswith("meeting-")
    with django_capture_on_commit_callbacks(execute=True):
        assert freshness.send_stale_reminders(today) == 2
        assert freshness.send_stale_reminders(today) == 0
    assert Notification.objects.filter(category="sheets", user=editor_a).count() == 2


def test_the_monthly_reminder_waits_after_a_meeting_reminder(sheets, coordinator):
    today = timezone.localdate()
    meeting = make_meeting(coordinator, days_ahead=5)
    assert freshness.send_stale_reminders(today) == 2
    meeting.date = today - datetime.timedelta(days=1)
    meeting.save()
    # Next month, but only days after the meeting's reminder: quiet.
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    key, before_meeting = freshness.period(next_month)
    assert key == f"month-{next_month:%Y-%m}" and not before_meeting
    if (next_month - today).days < freshness.QUIET_DAYS:
        assert freshness.send_stale_reminders(next_month) == 0
    assert Event.objects.filter(kind="sheet_stale").count() >= 2


def test_confirming_takes_a_sheet_off_the_list(client_for, sheets, editor_a):
    stale, _fresh, _never = sheets
    client_for(editor_a).post(reverse("directory:confirm", args=["assoc-a"]))
    assert stale.pk not in [s.pk for s in freshness.stale_sheets()]


def test_the_coordinator_lists_the_stale_sheets(client_for, people, sheets):
    page = client_for(people["coordinator"]).get(reverse("directory_stale"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Association A" in text and "Jamais vérifiée" in text
    assert "Association B" not in text
    for who in ("agent", "editor_a", "anonymous"):
        assert client_for(people[who]).get(reverse("directory_stale")).status_code == 302


def test_the_reminder_is_scheduled_by_beat():
    from entraide.celery import app

    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["stale-sheet-reminders"]
    assert entry["task"] == "workspace.tasks.remind_stale_sheets"
    assert "workspace.tasks.remind_stale_sheets" in app.tasks


def test_closures_and_messages_expire_by_themselves(client, association_a):
    today = timezone.localdate()
    sheet = LiaisonSheet.objects.create(association=association_a)
    Closure.objects.create(
        sheet=sheet,
        start=today - datetime.timedelta(days=10),
        end=today - datetime.timedelta(days=1),
        message="Fermeture passée EXPIRED",
    )
    Closure.objects.create(
        sheet=sheet,
        start=today - datetime.timedelta(days=10),
        end=today - datetime.timedelta(days=1),
        closed=False,
        message="Message passé EXPIRED",
    )
    Closure.objects.create(
        sheet=sheet, start=today, end=today + datetime.timedelta(days=3), message="En cours CURRENT"
    )
    for url in (
        reverse("directory:sheet", args=["assoc-a"]),
        reverse("directory:csv"),
    ):
        body = client.get(url).content.decode()
        assert "EXPIRED" not in body
        assert "CURRENT" in body
