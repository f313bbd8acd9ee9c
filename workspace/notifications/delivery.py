"""Workspace events and their delivery, at least once and never twice.

``emit()`` writes an ``Event`` (the outbox) in the caller's transaction and asks
Celery to process it after commit. ``process_event()`` finds the recipients, checks
that each may still see what the event is about, and delivers through the ledger:
one ``Delivery`` row per (event, recipient, channel), written in the same
transaction as the sending, so a retried task skips what was already delivered.
``sweep_outbox()`` (beat) processes events that never reached the broker.

Channels follow each person's preference for the event's category (``preferences``):
the notification centre, an e-mail at once (``mail``), or a pending digest delivery that
``send_digests()`` (beat) gathers into one e-mail per person, marking the deliveries sent
in the same transaction as the sending.

Each kind of event has a handler (a ``Handler`` subclass) that says who receives it,
whether a person may see it, what the message says and where it links. The apps give
their handlers through the ``entraide_notification_handlers`` hook (docs/hooks.md).
"""

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.template import loader
from django.urls import reverse
from django.utils import timezone, translation
from wagtail import hooks

from entraide.tasks import enqueue

from .. import networks, permissions
from ..models import Category, Delivery, Event, Notification, User
from .mail import absolute, base_url, mail, render_subject, send_email
from .preferences import APP, CHANNELS_BY_MODE, DAILY, WEEKLY, modes_for

logger = logging.getLogger(__name__)

SWEEP_AFTER = timedelta(minutes=2)


class Handler:
    """What one kind of event means for its recipients."""

    kind = ""
    category = Category.MEETINGS
    template_dir = "workspace/emails"

    def recipients(self, event):
        return User.objects.none()

    def may_see(self, event, user):
        return permissions.is_network_member(user)

    def context(self, event, user):
        return {}

    def url(self, event):
        """Where the notification leads (a path)."""
        return reverse("workspace:home")

    def group(self, event):
        """What digests group the notification under (a meeting, a thread…)."""
        return ""

    def templates(self):
        base = f"{self.template_dir}/{self.kind}"
        return f"{base}_subject.txt", f"{base}.txt"

    def render(self, event, user):
        context = {
            "user": user,
            # The network's own address (its host), where the links of the e-mail lead.
            "site_url": base_url(),
            "network": networks.current(),
            **self.context(event, user),
        }
        subject_template, body_template = self.templates()
        with translation.override("fr"):
            subject = render_subject(subject_template, context)
            body = loader.render_to_string(body_template, context)
        return subject, body

    def title(self, event, user):
        return self.render(event, user)[0]

    @staticmethod
    def row(model_or_queryset, event, key, *related):
        """The row of ``model_or_queryset`` whose pk is ``event.payload[key]``, with ``related``
        joined; None when it is gone (events are processed later than they are recorded)."""
        queryset = getattr(model_or_queryset, "objects", model_or_queryset)
        queryset = queryset.filter(pk=event.payload[key])
        return (queryset.select_related(*related) if related else queryset).first()


def handlers_by_kind():
    """{kind: handler} of every app, from the ``entraide_notification_handlers`` hook."""
    found = {}
    for hook in hooks.get_hooks("entraide_notification_handlers"):
        for handler_class in hook():
            found[handler_class.kind] = handler_class()
    return found


def emit(kind, key, **payload):
    """Record an event in the current transaction; it is processed after commit.

    ``key`` identifies the event: emitting twice with the same key (a retried beat
    tick, a double click) records it once.
    """
    assert kind in handlers_by_kind(), kind
    event, created = Event.objects.get_or_create(
        key=key, defaults={"kind": kind, "payload": payload}
    )
    if created:
        # cycle: workspace.tasks imports this module to run what is emitted here
        from ..tasks import process_event

        enqueue(process_event, event.pk)
    return event


# --- Processing --------------------------------------------------------------------------


def process_event(event_id):
    """Deliver one event, in its network: the recipients, what they may see, the texts and
    the links are the event's network's."""
    event = Event.objects.everywhere().filter(pk=event_id).first()
    if event is None or event.processed_at is not None:
        return 0
    with networks.activate(event.network_id):
        return _process(event)


def _process(event):
    handler = handlers_by_kind().get(event.kind)
    if handler is None:
        logger.error("No handler for event kind %s", event.kind)
        return 0
    Event.objects.filter(pk=event.pk).update(attempts=event.attempts + 1)
    recipients = [user for user in handler.recipients(event) if user.is_active]
    modes = modes_for(recipients, handler.category)
    # The notification centre first, for everybody: a mail server that is down (an error
    # while sending) stops the task before anyone's e-mail, not before their notification;
    # the sweep retries the event and the ledger skips what was already delivered.
    pairs = [(user, channel) for user in recipients for channel in CHANNELS_BY_MODE[modes[user.pk]]]
    pairs.sort(key=lambda pair: pair[1] != APP)
    sent = 0
    for user, channel in pairs:
        sent += deliver(event, handler, user, channel)
    Event.objects.filter(pk=event.pk, processed_at__isnull=True).update(processed_at=timezone.now())
    return sent


def deliver(event, handler, user, channel):
    """Deliver ``event`` to ``user`` through ``channel`` once; True when done now.

    Digest channels only record a pending delivery: ``send_digests`` sends it.
    """
    try:
        with transaction.atomic():
            delivery, _ = Delivery.objects.get_or_create(
                event=event, recipient=user, channel=channel
            )
            delivery = Delivery.objects.select_for_update().get(pk=delivery.pk)
            if delivery.sent_at is not None:
                return False
            # Checked at sending time: a membership ended since the event, or a
            # confidential part, means nothing is delivered.
            if not handler.may_see(event, user):
                delivery.delete()
                return False
            if channel in (DAILY, WEEKLY):
                return False
            if channel == APP:
                Notification.objects.get_or_create(
                    user=user,
                    event=event,
                    defaults={
                        "category": handler.category,
                        "title": handler.title(event, user)[:300],
                        "url": handler.url(event)[:500],
                        "group": str(handler.group(event))[:300],
                    },
                )
            else:
                send_email(event, handler, user)
            delivery.sent_at = timezone.now()
            delivery.save(update_fields=["sent_at"])
            return True
    except IntegrityError:
        # Another worker created the same delivery at the same moment: it delivers it.
        return False


# --- Digests ------------------------------------------------------------------------------


def pending_deliveries(channel):
    """The deliveries of ``channel`` not sent yet, of the current network's events (of every
    network when none is current)."""
    pending = Delivery.objects.filter(channel=channel, sent_at__isnull=True)
    network = networks.current()
    if network is not None:
        pending = pending.filter(event__network=network)
    return pending


def send_digests(channel):
    """One e-mail per person with their pending deliveries of ``channel``, per network: the
    beat task runs this in each network (``workspace.tasks.each_network``), and a person in
    two networks gets two digests, each of one network."""
    if networks.current() is None:
        return sum(_digests_in(network, channel) for network in _networks_with_pending(channel))
    users = pending_deliveries(channel).values_list("recipient_id", flat=True).distinct()
    count = 0
    for user in User.objects.filter(pk__in=list(users), is_active=True):
        count += send_digest(user, channel)
    return count


def _networks_with_pending(channel):
    ids = set(
        Delivery.objects.filter(channel=channel, sent_at__isnull=True).values_list(
            "event__network_id", flat=True
        )
    )
    return sorted(ids, key=lambda pk: (pk is None, pk or 0))


def _digests_in(network_id, channel):
    with networks.activate(network_id):
        return send_digests(channel) if network_id is not None else _send_all(channel)


def _send_all(channel):
    users = (
        Delivery.objects.filter(channel=channel, sent_at__isnull=True, event__network=None)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    return sum(
        send_digest(user, channel)
        for user in User.objects.filter(pk__in=list(users), is_active=True)
    )


def send_digest(user, channel):
    """The digest of ``user``'s pending deliveries of ``channel`` in the current network."""
    with transaction.atomic():
        pending = list(
            pending_deliveries(channel)
            .select_for_update()
            .filter(recipient=user)
            .select_related("event")
            .order_by("event__created_at")
        )
        if not pending:
            return 0
        by_kind = handlers_by_kind()
        groups = {}
        for delivery in pending:
            handler = by_kind.get(delivery.event.kind)
            if handler is None or not handler.may_see(delivery.event, user):
                continue
            groups.setdefault(str(handler.group(delivery.event)) or "", []).append(
                {
                    "title": handler.title(delivery.event, user),
                    "url": absolute(handler.url(delivery.event)),
                }
            )
        if groups:
            context = {
                "user": user,
                "groups": sorted(groups.items()),
                "daily": channel == DAILY,
                "network": networks.current(),
            }
            with translation.override("fr"):
                subject = render_subject("workspace/emails/digest_subject.txt", context)
                body = loader.render_to_string("workspace/emails/digest.txt", context)
                html = loader.render_to_string("workspace/emails/digest.html", context)
                label = loader.render_to_string(
                    "workspace/emails/digest_label.txt", context
                ).strip()
            mail(user, subject, body, channel, label, html=html)
        Delivery.objects.filter(pk__in=[d.pk for d in pending]).update(sent_at=timezone.now())
        return 1 if groups else 0


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
