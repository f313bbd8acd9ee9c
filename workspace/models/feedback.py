"""What the orientation agents say after sending someone to an association, and the CSV
imports of associations waiting for the coordinator's confirmation.

Feedback holds no personal data: a kind, an optional short note (the form says it must name
nobody), the association and its neighbourhood at the time, the day. Not who gave it, not
who was sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .networks import network_field, scoped_manager
from .people import Association, Neighbourhood


class FeedbackKind(models.TextChoices):
    ORIENTED = "orientation", _("orientation done")
    CLOSED = "ferme", _("closed at the hours shown")
    FULL = "complet", _("no more room")
    WRONG = "erreur", _("wrong information")


class OrientationFeedback(models.Model):
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="orientation_feedback",
    )
    kind = models.CharField(_("what happened"), max_length=20, choices=FeedbackKind.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)
    neighbourhood = models.CharField(
        _("neighbourhood"), max_length=40, choices=Neighbourhood.choices
    )
    created_on = models.DateField(_("day"), default=timezone.localdate)

    objects = scoped_manager(path="association__network")

    class Meta:
        verbose_name = _("orientation feedback")
        verbose_name_plural = _("orientation feedback")
        ordering = ["-created_on", "-pk"]
        indexes = [models.Index(fields=["association", "kind"])]

    def __str__(self):
        return f"{self.association} – {self.get_kind_display()}"


class SheetImport(models.Model):
    """An uploaded CSV of associations, kept in the database between its preview and its
    confirmation (never in a per-process memory cache)."""

    created_at = models.DateTimeField(_("uploaded on"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    file_name = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(_("content"))
    confirmed_at = models.DateTimeField(_("confirmed on"), null=True, blank=True)

    network = network_field()
    objects = scoped_manager(path="network")

    class Meta:
        verbose_name = _("import of associations")
        verbose_name_plural = _("imports of associations")
        ordering = ["-created_at"]

    def __str__(self):
        return self.file_name
