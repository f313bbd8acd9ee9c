"""Topics proposed by the associations for the network's meetings, and their pipeline.

proposed → accepted (scheduled on a meeting) | declined (with a reason) | deferred
accepted → discussed → closed (with an outcome); the proposer may withdraw a topic
before it is accepted. Until accepted, a proposal is private to its association and
the coordination; accepted topics are visible to the whole network. While it waits for an
answer, the other associations see only its title, kind, association and meeting, to say
"we too" (``TopicSupport``); its description, files and comments stay private.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

from .meetings import MeetingPage
from .networks import network_field, scoped_manager
from .people import Association


class TopicKind(models.TextChoices):
    INFORMATION = "information", _("information")
    DISCUSSION = "discussion", _("discussion")
    DECISION = "decision", _("decision to take")
    PRACTICE = "practice", _("practice to share")


class TopicStatus(models.TextChoices):
    PROPOSED = "proposed", pgettext_lazy("topic state", "proposed")
    ACCEPTED = "accepted", pgettext_lazy("topic state", "accepted")
    DECLINED = "declined", pgettext_lazy("topic state", "declined")
    DEFERRED = "deferred", pgettext_lazy("topic state", "deferred")
    DISCUSSED = "discussed", pgettext_lazy("topic state", "discussed")
    CLOSED = "closed", pgettext_lazy("topic state", "closed")
    WITHDRAWN = "withdrawn", pgettext_lazy("topic state", "withdrawn")


# States in which the whole network may see a topic (it is on an agenda or was).
NETWORK_VISIBLE = [TopicStatus.ACCEPTED, TopicStatus.DISCUSSED, TopicStatus.CLOSED]
# States in which its association may still change or withdraw it.
EDITABLE = [TopicStatus.PROPOSED, TopicStatus.DEFERRED]
# States in which other associations may say "we too" (until it is discussed).
SUPPORTABLE = [TopicStatus.PROPOSED, TopicStatus.DEFERRED, TopicStatus.ACCEPTED]
# States in which a request of an association still waits for what the network makes of it.
WAITING = [TopicStatus.PROPOSED, TopicStatus.DEFERRED, TopicStatus.ACCEPTED]


class Topic(index.Indexed, models.Model):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=5000)
    association = models.ForeignKey(
        Association,
        verbose_name=_("proposing association"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="topics",
        help_text=_("Empty when the coordination of the CCAS proposes it."),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="proposed_topics",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=TopicKind.choices, default=TopicKind.DISCUSSION
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated duration (minutes)"), default=15
    )
    status = models.CharField(
        _("state"), max_length=20, choices=TopicStatus.choices, default=TopicStatus.PROPOSED
    )
    meeting = models.ForeignKey(
        MeetingPage,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topics",
        help_text=_("The meeting it is proposed for, then scheduled on."),
    )
    late = models.BooleanField(_("proposed after the deadline"), default=False)
    answer = models.TextField(
        _("answer of the coordination"), blank=True, help_text=_("Why it was declined or deferred.")
    )
    outcome = models.TextField(_("outcome"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("proposed on"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.FilterField("status"),
        index.FilterField("network_id"),
        index.FilterField("association_id"),
    ]

    network = network_field()
    objects = scoped_manager(path="network")

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:topic", args=[self.pk])

    @property
    def is_network_visible(self):
        return self.status in NETWORK_VISIBLE

    @property
    def is_editable(self):
        return self.status in EDITABLE

    @property
    def is_supportable(self):
        return self.status in SUPPORTABLE

    @property
    def proposer_name(self):
        return self.association.name if self.association_id else _("Coordination of the CCAS")


class TopicAttachment(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="topics/%Y/%m/")
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.name


class TopicSupport(models.Model):
    """Another association says "we too": the topic matters to it as well (one per association)."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="supports")
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="topic_supports"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support of a topic")
        verbose_name_plural = _("supports of topics")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "association"], name="one_topic_support_per_association"
            )
        ]

    def __str__(self):
        return f"{self.association} – {self.topic}"
