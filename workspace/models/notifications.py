"""The outbox of workspace events and the ledger of what was delivered to whom.

An ``Event`` is written in the same transaction as the change it reports; a task
sends it after commit, and a beat sweep picks up what the broker never received.
A ``Delivery`` row is unique per (event, recipient, channel): a retried task, or a
worker that dies in the middle of a batch, never delivers the same event twice to
the same person through the same channel.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    kind = models.CharField(_("kind"), max_length=50, db_index=True)
    key = models.CharField(max_length=200, unique=True)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["created_at"]

    def __str__(self):
        return self.key


class Delivery(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "recipient", "channel"], name="one_delivery_per_channel"
            )
        ]

    def __str__(self):
        return f"{self.event} → {self.recipient} ({self.channel})"
