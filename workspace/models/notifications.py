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

from .networks import network_field, scoped_manager


class Event(models.Model):
    kind = models.CharField(_("kind"), max_length=50, db_index=True)
    key = models.CharField(max_length=200, unique=True)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)

    network = network_field()
    objects = scoped_manager(path="network")

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


class Category(models.TextChoices):
    """Kinds of events a person chooses how to hear about."""

    MEETINGS = "meetings", _("meetings (agendas, reminders, changes)")
    PROPOSALS = "proposals", _("answers to my association's proposals and practices")
    COMMENTS = "comments", _("comments on what I follow")
    MINUTES = "minutes", _("published minutes")
    ACTIONS = "actions", _("action items of my association")
    PRACTICES = "practices", _("good practices (adoptions, questions)")
    DISCUSSIONS = "discussions", _("discussions of emerging issues")
    SHEETS = "sheets", _("my association's liaison sheet (reports of wrong information, reminders)")
    NEW_DISCUSSIONS = "new_discussions", _("new discussions opened in the network")
    BOARD_POSTS = "board_posts", _("new needs and offers in the categories I follow")
    BOARD_ANSWERS = "board_answers", _("answers to my association's needs and offers")
    CONSULTATIONS = "consultations", _("consultations on decisions and the associations' positions")
    FIGURES = "figures", _("my association's activity reports (reminders)")


class Mode(models.TextChoices):
    APP = "app", _("in the app only")
    EMAIL = "email", _("in the app and by e-mail at once")
    DAILY = "daily", _("in the app and in a daily e-mail digest")
    WEEKLY = "weekly", _("in the app and in a weekly e-mail digest")
    NONE = "none", _("not at all")


DEFAULT_MODES = {
    Category.MEETINGS: Mode.EMAIL,
    Category.PROPOSALS: Mode.EMAIL,
    Category.COMMENTS: Mode.DAILY,
    Category.MINUTES: Mode.EMAIL,
    Category.ACTIONS: Mode.EMAIL,
    Category.PRACTICES: Mode.DAILY,
    Category.DISCUSSIONS: Mode.DAILY,
    Category.SHEETS: Mode.EMAIL,
    Category.NEW_DISCUSSIONS: Mode.DAILY,
    # Fresh food will not wait for a digest; only the categories one follows are heard of.
    Category.BOARD_POSTS: Mode.EMAIL,
    Category.BOARD_ANSWERS: Mode.EMAIL,
    Category.CONSULTATIONS: Mode.EMAIL,
    Category.FIGURES: Mode.EMAIL,
}


class Preference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    category = models.CharField(_("kind"), max_length=20, choices=Category.choices)
    mode = models.CharField(_("how"), max_length=10, choices=Mode.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="one_preference_per_category")
        ]

    def __str__(self):
        return f"{self.user} – {self.category}: {self.mode}"


class Notification(models.Model):
    """What the notification centre lists: one per (event, person), from the ledger."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    category = models.CharField(max_length=20, choices=Category.choices)
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=500)
    group = models.CharField(
        max_length=300, blank=True, help_text="What digests group by: a meeting, a thread…"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="one_notification_per_event")
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title


class Follow(models.Model):
    """Someone follows a topic, a discussion or a practice. An explicit unfollow is kept
    (``active=False``) so that commenting again does not follow it back."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="one_follow_per_object"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id", "active"])]

    def __str__(self):
        return f"{self.user} → {self.content_type.model} {self.object_id}"
