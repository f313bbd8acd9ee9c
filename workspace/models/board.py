"""The needs and offers board between associations (coups de main).

An association posts a need (volunteers for a distribution, a van, cold storage, a
product) or an offer (fresh food before its date, equipment, training) until a date; other
associations answer it privately (the answer is read by the poster's association, the
answerer's and the coordination); the poster marks it matched (with whom, if they wish) or
closed, and a post past its date closes by itself.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.search import index

from .networks import network_field, scoped_manager
from .people import Association

TITLE_MAX_LENGTH = 150
DESCRIPTION_MAX_LENGTH = 2000
ANSWER_MAX_LENGTH = 2000
PLACE_MAX_LENGTH = 200
UNIT_MAX_LENGTH = 40
QUANTITY_MAX = 100_000


class PostKind(models.TextChoices):
    NEED = "need", pgettext_lazy("board post kind", "need")
    OFFER = "offer", pgettext_lazy("board post kind", "offer")


class BoardCategory(models.TextChoices):
    VOLUNTEERS = "volunteers", _("volunteers")
    VEHICLE = "vehicle", _("vehicle or van")
    COLD_STORAGE = "cold_storage", _("cold storage")
    FRESH_FOOD = "fresh_food", _("fresh food")
    PRODUCTS = "products", _("dry products and hygiene")
    EQUIPMENT = "equipment", _("equipment")
    TRAINING = "training", _("training")
    OTHER = "other", _("other")


class PostStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("board post state", "open")
    MATCHED = "matched", pgettext_lazy("board post state", "matched")
    CLOSED = "closed", pgettext_lazy("board post state", "closed")


class Post(index.Indexed, models.Model):
    kind = models.CharField(_("kind"), max_length=10, choices=PostKind.choices)
    category = models.CharField(_("category"), max_length=20, choices=BoardCategory.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("details"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=UNIT_MAX_LENGTH, blank=True)
    place = models.CharField(_("place"), max_length=PLACE_MAX_LENGTH)
    until = models.DateField(_("until"))
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.PROTECT,
        related_name="board_posts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="board_posts"
    )
    status = models.CharField(
        _("state"), max_length=10, choices=PostStatus.choices, default=PostStatus.OPEN
    )
    matched_with = models.ForeignKey(
        Association,
        verbose_name=_("matched with"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="board_matches",
    )
    expired = models.BooleanField(_("closed when its date passed"), default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("posted on"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The network search (``workspace.search.board_posts``): what the whole board shows.
    search_fields = [
        index.SearchField("title"),
        index.SearchField("description"),
        index.SearchField("place"),
        index.AutocompleteField("title"),
        index.FilterField("status"),
        index.FilterField("network_id"),
    ]

    network = network_field()
    objects = scoped_manager(path="network")

    class Meta:
        verbose_name = _("need or offer")
        verbose_name_plural = _("needs and offers")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "until"], name="board_post_status_until")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__isnull=True) | models.Q(quantity__gte=1),
                name="board_post_quantity_positive",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("board:detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status == PostStatus.OPEN


class Answer(models.Model):
    """An association answers a post: read by the poster's association, the answerer's and
    the coordination only."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="answers")
    association = models.ForeignKey(
        Association,
        verbose_name=_("for the association"),
        on_delete=models.PROTECT,
        related_name="board_answers",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"), max_length=ANSWER_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager(path="post__network")

    class Meta:
        verbose_name = _("answer to a need or offer")
        verbose_name_plural = _("answers to needs and offers")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.association} → {self.post}"


class CategoryFollow(models.Model):
    """Someone hears of every new post of a category."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="board_follows"
    )
    category = models.CharField(_("category"), max_length=20, choices=BoardCategory.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    network = network_field()
    objects = scoped_manager(path="network")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "network", "category"], name="one_follow_per_category"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.category}"
