"""Workspace events and their delivery, at least once and never twice.

``emit()`` writes an ``Event`` (the outbox) in the caller's transaction and asks
Celery to process it after commit. ``process_event()`` finds the recipients, checks
that each may still see what the event is about, and delivers through the ledger:
one ``Delivery`` row per (event, recipient, channel), written in the same
transaction as the sending, so a retried task skips what was already delivered.
``sweep_outbox()`` (beat) processes events that never reached the broker.

Channels follow each person's preference for the event's category: ``app`` (the
notification centre) always, unless they chose "not at all", plus ``email`` at once,
or a pending ``digest_daily`` / ``digest_weekly`` delivery that ``send_digests()``
(beat) gathers into one e-mail per person, marking the deliveries sent in the same
transaction as the sending.

Each kind of event has a handler that says who receives it, whether a person may
see it, what the message says and where it links.
"""

import html
import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template import loader
from django.template.defaultfilters import linebreaks, urlize
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from . import permissions
from .models import DEFAULT_MODES, Category, Delivery, Event, Mode, Notification, Preference, User

logger = logging.getLogger(__name__)

HANDLERS = {}
SWEEP_AFTER = timedelta(minutes=2)
APP, EMAIL, DAILY, WEEKLY = "app", "email", "digest_daily", "digest_weekly"
CHANNELS_BY_MODE = {
    Mode.APP: (APP,),
    Mode.EMAIL: (APP, EMAIL),
    Mode.DAILY: (APP, DAILY),
    Mode.WEEKLY: (APP, WEEKLY),
    Mode.NONE: (),
}
UNSUBSCRIBE_SALT = "entraide.notifications.unsubscribe"


def register(kind):
    def decorator(cls):
        HANDLERS[kind] = cls()
        cls.kind = kind
        return cls

    return decorator


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
            "site_url": settings.SITE_URL.rstrip("/"),
            **self.context(event, user),
        }
        subject_template, body_template = self.templates()
        with translation.override("fr"):
            subject = render_subject(subject_template, context)
            body = loader.render_to_string(body_template, context)
        return subject, body

    def title(self, event, user):
        return self.render(event, user)[0]


def render_subject(template_name, context):
    """A one-line, plain-text subject (templates escape HTML: undo it for text)."""
    return html.unescape("".join(loader.render_to_string(template_name, context).splitlines()))


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


# --- Preferences -----------------------------------------------------------------------


def modes_for(users, category):
    """{user pk: mode} for ``category``, defaults where the person chose nothing."""
    chosen = dict(
        Preference.objects.filter(user__in=users, category=category).values_list("user_id", "mode")
    )
    default = DEFAULT_MODES[category]
    return {user.pk: chosen.get(user.pk, default) for user in users}


def preferences_of(user):
    chosen = dict(Preference.objects.filter(user=user).values_list("category", "mode"))
    return {category: chosen.get(category, DEFAULT_MODES[category]) for category in Category.values}


def set_preference(user, category, mode):
    Preference.objects.update_or_create(user=user, category=category, defaults={"mode": mode})


def unsubscribe_token(user, kind):
    """Signed, for one person and one kind (a category, or a digest)."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """(user, kind) or None for a forged, truncated or stale token."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    kind = data.get("k")
    valid = set(Category.values) | {DAILY, WEEKLY}
    if user is None or kind not in valid:
        return None
    return user, kind


def unsubscribe(user, kind):
    """Stop the e-mails of ``kind``: they stay in the notification centre."""
    if kind in (DAILY, WEEKLY):
        mode = Mode.DAILY if kind == DAILY else Mode.WEEKLY
        categories = [c for c, m in preferences_of(user).items() if m == mode]
    else:
        categories = [kind]
    for category in categories:
        set_preference(user, category, Mode.APP)
    return categories


# --- Processing --------------------------------------------------------------------------


def process_event(event_id):
    event = Event.objects.filter(pk=event_id).first()
    if event is None or event.processed_at is not None:
        return 0
    handler = HANDLERS.get(event.kind)
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


def absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def footer(user, kind, label):
    token = unsubscribe_token(user, kind)
    url = absolute(reverse("notifications:unsubscribe", args=[token]))
    with translation.override("fr"):
        text = loader.render_to_string(
            "workspace/emails/_footer.txt",
            {
                "label": label,
                "unsubscribe_url": url,
                "preferences_url": absolute(reverse("notifications:preferences")),
            },
        )
    return text, url


def mail(user, subject, body, kind, label, headers=None, html=None):
    """An e-mail with its one-click unsubscribe link and headers (RFC 8058)."""
    text_footer, url = footer(user, kind, label)
    body = body.rstrip() + "\n\n" + text_footer
    message = EmailMultiAlternatives(
        subject=settings.EMAIL_SUBJECT_PREFIX + subject,
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            **(headers or {}),
        },
    )
    if html is None:
        html = linebreaks(urlize(escape(body), autoescape=False), autoescape=False)
    else:
        html = html + linebreaks(urlize(escape(text_footer), autoescape=False), autoescape=False)
    message.attach_alternative(f'<html lang="fr"><body>{html}</body></html>', "text/html")
    message.send()


def send_email(event, handler, user):
    subject, body = handler.render(event, user)
    with translation.override("fr"):
        label = str(Category(handler.category).label)
    mail(user, subject, body, handler.category, label, headers={"X-Entraide-Event": event.key})


# --- Digests ------------------------------------------------------------------------------


def send_digests(channel):
    """One e-mail per person with their pending deliveries of ``channel``."""
    users = (
        Delivery.objects.filter(channel=channel, sent_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    count = 0
    for user in User.objects.filter(pk__in=list(users), is_active=True):
        count += send_digest(user, channel)
    return count


def send_digest(user, channel):
    with transaction.atomic():
        pending = list(
            Delivery.objects.select_for_update()
            .filter(recipient=user, channel=channel, sent_at__isnull=True)
            .select_related("event")
            .order_by("event__created_at")
        )
        if not pending:
            return 0
        groups = {}
        for delivery in pending:
            handler = HANDLERS.get(delivery.event.kind)
            if handler is None or not handler.may_see(delivery.event, user):
                continue
            groups.setdefault(str(handler.group(delivery.event)) or "", []).append(
                {
                    "title": handler.title(delivery.event, user),
                    "url": absolute(handler.url(delivery.event)),
                }
            )
        if groups:
            context = {"user": user, "groups": sorted(groups.items()), "daily": channel == DAILY}
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
