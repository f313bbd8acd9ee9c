"""The mail server down: changes are saved, the notification centre is served at once, and the
e-mails leave once when the server is back (the outbox sweep retries the event)."""

import datetime
from collections import Counter

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_meeting
from workspace import notifications
from workspace.models import Event, Notification


def test_a_mail_server_down_loses_nothing_and_sends_each_mail_once(
    client_for, settings, coordinator, editor_a, member_b, association_a, caplog
):
    meeting = make_meeting(coordinator, days_ahead=30, host=association_a)
    settings.EMAIL_BACKEND = "tests.mailbox.backend.UnreachableBackend"
    mail.outbox.clear()

    response = client_for(coordinator).post(
        reverse("meetings:agenda", args=[meeting.slug]), {"action": "publish"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "agenda_published"
    event = Event.objects.get(kind="agenda_published")
    assert event.processed_at is None  # the e-mails could not leave: to be retried
    # Everybody has the notification in the app already.
    people = {coordinator.pk, editor_a.pk, member_b.pk}
    assert set(Notification.objects.filter(event=event).values_list("user_id", flat=True)) == people
    assert "Could not enqueue" in caplog.text or "SMTPServerDisconnected" in caplog.text

    # The server is back: the beat sweep retries the event; nobody gets anything twice.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Event.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    notifications.sweep_outbox()
    notifications.sweep_outbox()
    sent = Counter(address for message in mail.outbox for address in message.to)
    assert sent == Counter({coordinator.email: 1, editor_a.email: 1, member_b.email: 1})
    assert Notification.objects.filter(event=event).count() == 3
    event.refresh_from_db()
    assert event.processed_at is not None
