"""People, associations and their memberships.

Network-wide roles (coordinator, orientation agent) are Django groups; roles inside
an association (editor, member) are ``Membership`` rows, which keep their history:
ending a membership stamps ``ended_at`` instead of deleting the row.
"""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.forms import LimitedModelForm

from .. import networks
from .networks import NetworkScopedManager, network_field, scoped_manager


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        # E-mail addresses are matched without regard to case at login.
        return self.get(email__iexact=email)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with an e-mail address."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)


class Neighbourhood(models.TextChoices):
    """Neighbourhoods (quartiers) of Roubaix."""

    ALMA = "alma", "Alma"
    BARBIEUX = "barbieux", "Barbieux"
    CENTRE = "centre", "Centre"
    CUL_DE_FOUR = "cul-de-four", "Cul-de-Four"
    EPEULE = "epeule", "Épeule"
    FOSSE_AUX_CHENES = "fosse-aux-chenes", "Fosse-aux-Chênes"
    FRESNOY_MACKELLERIE = "fresnoy-mackellerie", "Fresnoy-Mackellerie"
    HAUTS_CHAMPS = "hauts-champs", "Hauts-Champs"
    HOMMELET = "hommelet", "Hommelet"
    JUSTICE = "justice", "Justice"
    MOULIN = "moulin", "Moulin"
    NOUVEAU_ROUBAIX = "nouveau-roubaix", "Nouveau Roubaix"
    PILE = "pile", "Pile"
    POTENNERIE = "potennerie", "Potennerie"
    SAINTE_ELISABETH = "sainte-elisabeth", "Sainte-Élisabeth"
    SARTEL_CARIHEM = "sartel-carihem", "Sartel-Carihem"
    TROIS_PONTS = "trois-ponts", "Trois-Ponts"


class AssociationQuerySet(models.QuerySet):
    def active(self):
        today = timezone.localdate()
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=today))


class Association(models.Model):
    """A member association of the network: the unit of membership."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80)
    neighbourhood = models.CharField(
        _("neighbourhood"), max_length=40, choices=Neighbourhood.choices
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, default="59100")
    city = models.CharField(_("town"), max_length=100, default="Roubaix")
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    main_activities = models.TextField(_("main activities"), blank=True)
    accepts_hosting = models.BooleanField(
        _("can host network meetings"),
        default=False,
        help_text=_(
            "Whether the association accepts to host the bimonthly meeting in its premises."
        ),
    )
    room_capacity = models.PositiveSmallIntegerField(
        _("room capacity (people)"), null=True, blank=True
    )
    accessibility_notes = models.TextField(
        _("accessibility of the premises"),
        blank=True,
        help_text=_("Step-free access, toilets, public transport…"),
    )
    joined_on = models.DateField(_("member of the network since"), null=True, blank=True)
    left_on = models.DateField(
        _("left the network on"),
        null=True,
        blank=True,
        help_text=_("Set when the association leaves the network; its history is kept."),
    )

    objects = scoped_manager(AssociationQuerySet, "network")

    # The snippet editor's form limits the free texts (not the database).
    base_form_class = LimitedModelForm
    text_limits = {"main_activities": 2000, "accessibility_notes": 1000}

    network = network_field("associations")

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["name"]
        # Unique in its network: two towns may each have their "Restos du Cœur".
        constraints = [
            models.UniqueConstraint(
                fields=["network", "name"],
                name="association_name_unique_in_network",
                violation_error_message=_("An association of this network already has this name."),
            ),
            models.UniqueConstraint(
                fields=["network", "slug"],
                name="association_slug_unique_in_network",
                violation_error_message=_(
                    "An association of this network already has this short name."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("workspace:association", args=[self.slug])

    @property
    def is_active(self):
        return self.left_on is None or self.left_on > timezone.localdate()

    @property
    def full_address(self):
        return ", ".join(
            part for part in [self.address, f"{self.postcode} {self.city}".strip()] if part
        )


class Role(models.TextChoices):
    EDITOR = "editor", _("association editor")
    MEMBER = "member", _("association member")


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class Membership(models.Model):
    """A person's role in one association; a person may belong to several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    started_at = models.DateTimeField(_("since"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended on"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ended by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = scoped_manager(MembershipQuerySet, "association__network")

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["association__name", "user__last_name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "association"],
                condition=Q(ended_at__isnull=True),
                name="one_active_membership_per_association",
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.association} ({self.get_role_display()})"

    @property
    def is_active(self):
        return self.ended_at is None


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class InvitationRole(models.TextChoices):
    """An association's roles, and the coordination of a whole network (the operator's)."""

    EDITOR = Role.EDITOR.value, Role.EDITOR.label
    MEMBER = Role.MEMBER.value, Role.MEMBER.label
    COORDINATOR = "coordinator", _("network coordinator")


class InvitationManager(NetworkScopedManager):
    """The current network's invitations: to its associations, or to coordinate it."""

    def get_queryset(self):
        queryset = self.everywhere()
        network = networks.current()
        if network is None:
            return queryset
        return queryset.filter(Q(association__network=network.pk) | Q(network=network.pk))


class Invitation(models.Model):
    """A single-use, expiring invitation to join an association with a role, or (sent by
    the operator) to coordinate a network: exactly one of ``association`` and ``network``.

    Only the SHA-256 of the token is stored: the link in the e-mail is the only copy.
    """

    email = models.EmailField(_("e-mail address"))
    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="invitations",
        null=True,
        blank=True,
    )
    network = models.ForeignKey(
        "workspace.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="invitations",
        null=True,
        blank=True,
    )
    role = models.CharField(
        _("role"), max_length=20, choices=InvitationRole.choices, default=Role.MEMBER
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="invitations_sent",
    )
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires on"))
    accepted_at = models.DateTimeField(_("accepted on"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    objects = InvitationManager.from_queryset(InvitationQuerySet)()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                name="invitation_association_or_network",
                condition=(
                    Q(
                        association__isnull=False,
                        network__isnull=True,
                        role__in=[Role.EDITOR, Role.MEMBER],
                    )
                    | Q(association__isnull=True, network__isnull=False, role="coordinator")
                ),
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.place}"

    @property
    def place(self):
        """What the invitation opens: the association, or the network to coordinate."""
        return self.association if self.association_id else self.network

    @property
    def is_coordination(self):
        return self.network_id is not None

    @classmethod
    def create(cls, *, email, role, invited_by, association=None, network=None):
        """Create an invitation and return it with its clear token (never stored)."""
        token = secrets.token_urlsafe(32)
        invitation = cls.objects.create(
            email=email.strip().lower(),
            association=association,
            network=network,
            role=role,
            invited_by=invited_by,
            token_hash=hash_token(token),
            expires_at=timezone.now() + settings.INVITATION_VALIDITY,
        )
        return invitation, token

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_used(self):
        return self.accepted_at is not None

    @property
    def status(self):
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.is_expired:
            return "expired"
        return "pending"

    def get_status_display(self):
        return {
            "accepted": _("accepted"),
            "revoked": _("withdrawn"),
            "expired": _("expired"),
            "pending": _("waiting for an answer"),
        }[self.status]
