"""Discussions of emerging issues: an association observes something, others say they see
it too, the network may raise it to a meeting, and the coordinator closes it with what the
network learnt or decided."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

from .networks import network_field, scoped_manager
from .people import Association


class DiscussionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("discussion state", "open")
    RAISED = "raised", pgettext_lazy("discussion state", "raised to a meeting")
    CLOSED = "closed", pgettext_lazy("discussion state", "closed")


class Discussion(index.Indexed, models.Model):
    title = models.CharField(_("title"), max_length=200)
    situation = models.TextField(_("situation observed"), max_length=5000)
    themes = models.ManyToManyField(
        "workspace.Theme", verbose_name=_("themes"), blank=True, related_name="discussions"
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("opened by the association"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discussions",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="opened_discussions",
    )
    status = models.CharField(
        _("state"), max_length=20, choices=DiscussionStatus.choices, default=DiscussionStatus.OPEN
    )
    topic = models.OneToOneField(
        "workspace.Topic",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="discussion",
        verbose_name=_("topic at a meeting"),
    )
    outcome = models.TextField(_("outcome"), blank=True, max_length=5000)
    outcome_decisions = models.ManyToManyField(
        "minutes.Decision", blank=True, related_name="discussions"
    )
    locked = models.BooleanField(_("locked"), default=False)
    created_at = models.DateTimeField(_("opened on"), auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [
        index.SearchField("title"),
        index.SearchField("situation"),
        index.SearchField("outcome"),
        index.AutocompleteField("title"),
        index.FilterField("status"),
        index.FilterField("network_id"),
    ]

    network = network_field()
    objects = scoped_manager(path="network")

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")
        ordering = ["-updated_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("discussions:detail", args=[self.pk])

    @property
    def opener_name(self):
        return self.association.name if self.association_id else _("Coordination of the CCAS")


class DiscussionSupport(models.Model):
    """An association says "we see this too"."""

    discussion = models.ForeignKey(Discussion, on_delete=models.CASCADE, related_name="supports")
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="discussion_supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note (optional)"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["discussion", "association"], name="one_support_per_association"
            )
        ]

    def __str__(self):
        return f"{self.association} – {self.discussion}"
