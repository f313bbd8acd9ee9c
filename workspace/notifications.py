"""Workspace events and their delivery, at least once and never twice.

``emit()`` writes an ``Event`` (the outbox) in the caller's transaction and asks
Celery to process it after commit. ``process_event()`` finds the recipients, checks
that each may still see what the event is about, and delivers through the ledger:
one ``Delivery`` row per (event, recipient, channel), written in the same
transaction as the sending, so a retried task skips what was already delivered.
``sweep_outbox()`` (beat) processes events that never reached the broker.

Each kind of event has a handler that says who receives it, whether a person may
see it, and what the message says.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import loader
from django.utils import timezone, translation

from . import permissions
from .models import Delivery, Event, User

logger = logging.getLogger(__name__)

HANDLERS = {}
SWEEP_AFTER = timedelta(minutes=2)


def register(kind):
    def decorator(cls):
        HANDLERS[kind] = cls()
        cls.kind = kind
        return cls

    return decorator


class Handler:
    """What one kind of event means for its recipients."""

    kind = ""
    channels = ("email",)
    template_dir = "workspace/emails"

    def recipients(self, event):
        return User.objects.none()

    def may_see(self, event, user):
        return permissions.is_network_member(user)

    def context(self, event, user):
        return {}

    def templates(self):
        base = f"{self.template_dir}/{self.kind}"
        return f"{base}_subject.txt", f"{base}.txt"

    def render(self, event, user):
        context = {
            "user": user,
            "site_url": settings.SITE_URL.rstrip("/"),
            **self.context(event, user),
        }
        subject_template, body_template = self.templates()
        with translation.override("fr"):
            subject = "".join(loader.render_to_string(subject_template, context).splitlines())
            body = loader.render_to_string(body_template, context)
        return subject, body


def emit(kind, key, **payload):
    """Record an event in the current transaction; it is processed after commit.

    ``key`` identifies the event: emitting twice with the same key (a retried beat
    tick, a double click) records it once.
    """
    assert kind in HANDLERS, kind
    event, created = Event.objects.get_or_create(
        key=key, defaults={"kind": kind, "payload": payload}
    )
    if created:
        from entraide.tasks import enqueue

        from .tasks import process_event

        enqueue(process_event, event.pk)
    return event


def active_recipients(users):
    return [user for user in users if user.is_active]


def process_event(event_id):
    event = Event.objects.filter(pk=event_id).first()
    if event is None or event.processed_at is not None:
        return 0
    handler = HANDLERS.get(event.kind)
    if handler is None:
        logger.error("No handler for event kind %s", event.kind)
        return 0
    Event.objects.filter(pk=event.pk).update(attempts=event.attempts + 1)
    sent = 0
    for user in handler.recipients(event):
        if not user.is_active:
            continue
        for channel in handler.channels:
            sent += deliver(event, handler, user, channel)
    Event.objects.filter(pk=event.pk, processed_at__isnull=True).update(processed_at=timezone.now())
    return sent


def deliver(event, handler, user, channel):
    """Deliver ``event`` to ``user`` through ``channel`` once; True when sent now."""
    try:
        with transaction.atomic():
            delivery, _ = Delivery.objects.get_or_create(
                event=event, recipient=user, channel=channel
            )
            delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
            if delivery.sent_at is not None:
                return False
            # Checked at sending time: a membership ended since the event, or a
            # confidential part, means nothing is sent.
            if not handler.may_see(event, user):
                delivery.delete()
                return False
            send_email(event, handler, user)
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["sent_at"])
            return True
    except IntegrityError:
        # Another worker created the same delivery at the same moment: it sends it.
        return False


def send_email(event, handler, user):
    subject, body = handler.render(event, user)
    message = EmailMultiAlternatives(
        subject=settings.EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        to=[user.email],
        headers={"X-Entraide-Event": event.key},
    )
    message.send()


def sweep_outbox():
    """Process the events older than a few minutes that are still unprocessed."""
    limit = timezone.now() - SWEEP_AFTER
    count = 0
    for event_id in Event.objects.filter(
        processed_at__isnull=True, created_at__lt=limit
    ).values_list("pk", flat=True)[:500]:
        process_event(event_id)
        count += 1
    return count
