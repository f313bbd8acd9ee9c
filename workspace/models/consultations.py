"""Consultations: the coordination asks the associations where they stand on a decision.

A consultation is opened on a topic of kind "decision to take" (before or during its
meeting) or on a decision being drafted in the minutes (found by its block id). Each
association takes one position (agree, abstain, disagree, block) through its editors, with
a reason (required to block), and may change it until the consultation closes. Positions
are kept whatever the minutes record as the outcome.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .meetings import MeetingPage
from .networks import network_field, scoped_manager
from .people import Association
from .topics import Topic

QUESTION_MAX_LENGTH = 500
REASON_MAX_LENGTH = 1000


class Stance(models.TextChoices):
    AGREE = "agree", pgettext_lazy("position", "agree")
    ABSTAIN = "abstain", pgettext_lazy("position", "abstain")
    DISAGREE = "disagree", pgettext_lazy("position", "disagree")
    BLOCK = "block", pgettext_lazy("position", "block")


class Consultation(models.Model):
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    meeting = models.ForeignKey(
        MeetingPage,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consultations",
        help_text=_("The meeting whose minutes hold the decision consulted on."),
    )
    decision_uuid = models.CharField(max_length=64, blank=True, db_index=True)
    decision_text = models.TextField(_("decision consulted on"), blank=True)
    question = models.CharField(_("question"), max_length=QUESTION_MAX_LENGTH)
    closes_at = models.DateTimeField(_("closes on"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    network = network_field()
    objects = scoped_manager(path="network")

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(topic__isnull=False) | ~models.Q(decision_uuid=""),
                name="consultation_on_topic_or_decision",
            )
        ]

    def __str__(self):
        return self.question[:80]

    def get_absolute_url(self):
        return reverse("meetings:consultation", args=[self.pk])

    def is_open(self, now=None):
        return (now or timezone.now()) < self.closes_at

    @property
    def subject(self):
        """What is consulted on: the topic's title, or the decision's text."""
        return self.topic.title if self.topic_id else self.decision_text


class Position(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="positions"
    )
    association = models.ForeignKey(
        Association, verbose_name=_("association"), on_delete=models.PROTECT, related_name="+"
    )
    stance = models.CharField(_("position"), max_length=10, choices=Stance.choices)
    reason = models.TextField(_("reason"), max_length=REASON_MAX_LENGTH, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_manager(path="consultation__network")

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["association__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "association"], name="one_position_per_association"
            )
        ]

    def __str__(self):
        return f"{self.association_id}: {self.stance}"
