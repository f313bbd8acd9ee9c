"""The liaison sheets of the associations: what the public directory and the orientation
agents read.

A sheet is one-to-one with its ``Association`` (which keeps the name, the neighbourhood and
the public contact details); its places, services, closures and referent persons are rows of
their own. Every fact of a sheet belongs to one *field* of ``SHEET_FIELDS`` whose default
level is public (P), network members (N) or orientation agents and coordinator (A); the
association may make a field stricter, or more open where the coordinator allowed it for
that sheet. ``workspace.permissions.visible_fields`` decides, and every output asks it.

Revisions: each save through ``workspace.services.directory`` writes a ``SheetRevision`` with
a JSON snapshot of the whole sheet (places, services, closures and referents included), its
author and time. The sheet is not a Wagtail page or snippet: it is edited from a front-end
form by editors who have no access to Wagtail's admin (README, "Directory").
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .networks import scoped_manager
from .people import Association, Neighbourhood


class Level(models.TextChoices):
    """Who may read a fact of a sheet, from the most open to the strictest."""

    PUBLIC = "P", _("everybody (public)")
    NETWORK = "N", _("network members")
    AGENTS = "A", _("orientation agents and coordinator")


LEVEL_RANK = {Level.PUBLIC: 0, Level.NETWORK: 1, Level.AGENTS: 2}


class SheetField:
    """One field of the liaison sheet as visibility sees it: a key, a label, its default
    level, and whether the association may change its level at all."""

    def __init__(self, key, label, default, adjustable=True):
        self.key = key
        self.label = label
        self.default = default
        self.adjustable = adjustable


# Every fact of a sheet, with its default level. Outputs ask ``visible_fields`` for the keys.
SHEET_FIELDS = (
    SheetField("name", _("name and neighbourhood"), Level.PUBLIC, adjustable=False),
    SheetField("presentation", _("short presentation"), Level.PUBLIC),
    SheetField("network", _("network it belongs to"), Level.PUBLIC),
    SheetField("places", _("places: address, coordinates, access"), Level.PUBLIC),
    SheetField("contact", _("public phone, e-mail, website"), Level.PUBLIC),
    SheetField("services", _("activities and services"), Level.PUBLIC),
    SheetField("hours", _("opening hours"), Level.PUBLIC),
    SheetField("closures", _("closures, messages and substitutes"), Level.PUBLIC),
    SheetField("welcome", _("who is welcome"), Level.PUBLIC),
    SheetField("access_modes", _("how to come"), Level.PUBLIC),
    SheetField("documents", _("documents to bring"), Level.PUBLIC),
    SheetField("cost", _("cost"), Level.PUBLIC),
    SheetField("area", _("area served"), Level.PUBLIC),
    SheetField("languages", _("languages spoken"), Level.PUBLIC),
    SheetField("last_checked_on", _("last checked on"), Level.PUBLIC, adjustable=False),
    SheetField("admin_situations", _("administrative situations accepted"), Level.AGENTS),
    SheetField("saturation", _("saturation and waiting list"), Level.AGENTS),
    SheetField("orientation_referent", _("orientation referent"), Level.AGENTS),
    SheetField("agent_procedure", _("procedure for orientation agents"), Level.AGENTS),
    SheetField("points_to_watch", _("points to watch"), Level.AGENTS),
    SheetField("referents", _("referent persons of the association"), Level.NETWORK),
    SheetField("hosting", _("hosts meetings, room capacity"), Level.NETWORK),
    SheetField("external_ids", _("SIRET and RNA numbers"), Level.NETWORK),
    SheetField("last_checked_by", _("checked by whom"), Level.NETWORK, adjustable=False),
)
FIELDS_BY_KEY = {field.key: field for field in SHEET_FIELDS}


class Activity(models.TextChoices):
    FOOD_PARCELS = "colis", _("food parcels")
    SOCIAL_GROCERY = "epicerie", _("social grocery")
    MEALS = "repas", _("meals")
    CLOTHES = "vetements", _("clothes")
    BABY = "bebe", _("baby products (nappies, infant milk)")
    HYGIENE = "hygiene", _("hygiene products")
    ADMIN_HELP = "administratif", _("help with paperwork")
    LANGUAGE = "francais", _("French classes")
    LISTENING = "ecoute", _("welcome and listening")


# The data·inclusion thématique of each activity, where one fits (open data exports).
THEMATIQUES = {
    Activity.FOOD_PARCELS: "equipement-et-alimentation--aide-alimentaire",
    Activity.SOCIAL_GROCERY: "equipement-et-alimentation--aide-alimentaire",
    Activity.MEALS: "equipement-et-alimentation--alimentation",
    Activity.CLOTHES: "equipement-et-alimentation--habillement",
    Activity.ADMIN_HELP: (
        "acces-aux-droits-et-citoyennete--accompagnement-dans-les-demarches-administratives"
    ),
    Activity.LANGUAGE: "apprendre-francais--suivre-formation",
}

# Words a resident types, per activity (the search index and the directory's word search).
ACTIVITY_WORDS = {
    Activity.FOOD_PARCELS: "colis alimentaire nourriture aide alimentaire courses",
    Activity.SOCIAL_GROCERY: "épicerie sociale solidaire courses nourriture",
    Activity.MEALS: "repas manger déjeuner soupe",
    Activity.CLOTHES: "vêtements habits vestiaire",
    Activity.BABY: "bébé bébés couches lait infantile puériculture enfant",
    Activity.HYGIENE: "hygiène savon protections périodiques",
    Activity.ADMIN_HELP: "papiers administratif démarches dossier",
    Activity.LANGUAGE: "français cours langue alphabétisation",
    Activity.LISTENING: "écoute accueil café parler",
}


class Welcome(models.TextChoices):
    UNCONDITIONAL = "inconditionnel", _("everybody, unconditionally")
    PREFERENTIAL = "preferentiel", _("everybody, with a preference")
    EXCLUSIVE = "exclusif", _("only a given public")


class Cost(models.TextChoices):
    FREE = "gratuit", _("free")
    CONTRIBUTION = "participation", _("a small contribution")


class Saturation(models.TextChoices):
    OPEN = "places", _("places available")
    WAITING = "attente", _("waiting list")
    FULL = "complet", _("full for now")


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    TURKISH = "tr", _("Turkish")
    BERBER = "ber", _("Berber languages")
    PORTUGUESE = "pt", _("Portuguese")
    ROMANI = "rom", _("Romani")
    DUTCH = "nl", _("Dutch")


# The parts of a sheet that say "vérifié le …" each, with the sheet's fields and visibility
# keys (``SHEET_FIELDS``) that make each of them: a save that changes one of them dates it.
CHECKED_SECTIONS = {
    "services": ("services",),
    "hours": ("hours", "closures"),
    "places": ("places",),
    "how": ("welcome", "access_modes", "documents", "cost", "area", "languages"),
    "contact": ("contact",),
    "orientation": (
        "admin_situations",
        "saturation",
        "orientation_referent",
        "agent_procedure",
        "points_to_watch",
    ),
    "network": ("referents", "hosting", "external_ids"),
}


class LiaisonSheet(models.Model):
    """The liaison sheet of one association (the ``Association`` holds name and contact)."""

    association = models.OneToOneField(
        Association, verbose_name=_("association"), on_delete=models.CASCADE, related_name="sheet"
    )
    presentation = models.TextField(_("short presentation"), blank=True, max_length=1000)
    # Public, like the name (served by ``workspace.views.directory.logo`` through the stored
    # files' hook): PNG, JPEG or WebP, at most 1 MB, checked by ``SheetForm``.
    logo = models.ImageField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        help_text=_("PNG, JPEG or WebP, 1 MB at most. Shown to everybody, like the name."),
    )
    network = models.CharField(
        _("network it belongs to"),
        max_length=120,
        blank=True,
        help_text=_("For example Restos du Cœur, Secours populaire; empty if none."),
    )
    welcome = models.CharField(
        _("who is welcome"), max_length=20, choices=Welcome.choices, default=Welcome.UNCONDITIONAL
    )
    welcome_details = models.CharField(_("public, ages, families"), max_length=300, blank=True)
    walk_in = models.BooleanField(_("walk in, without appointment"), default=False)
    by_appointment = models.BooleanField(_("by appointment"), default=False)
    registration = models.BooleanField(_("after registration"), default=False)
    on_referral = models.BooleanField(_("on referral by a social worker"), default=False)
    access_details = models.CharField(
        _("how to come: details"),
        max_length=300,
        blank=True,
        help_text=_("For example: ring at the side door; registration on Monday mornings."),
    )
    documents = models.TextField(_("documents to bring"), blank=True, max_length=600)
    cost = models.CharField(_("cost"), max_length=20, choices=Cost.choices, default=Cost.FREE)
    cost_details = models.CharField(_("contribution asked"), max_length=200, blank=True)
    area_served = models.CharField(_("area served"), max_length=200, blank=True)
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    # A-level facts (orientation agents and coordinator by default).
    accepts_undocumented = models.BooleanField(
        _("welcomes people without residence papers"), default=False
    )
    admin_situations = models.CharField(
        _("administrative situations accepted"), max_length=400, blank=True
    )
    saturation = models.CharField(
        _("current saturation"), max_length=20, choices=Saturation.choices, default=Saturation.OPEN
    )
    saturation_details = models.CharField(_("waiting list, delays"), max_length=300, blank=True)
    orientation_name = models.CharField(_("orientation referent"), max_length=120, blank=True)
    orientation_role = models.CharField(_("their role"), max_length=120, blank=True)
    orientation_phone = models.CharField(_("direct line"), max_length=30, blank=True)
    orientation_best_time = models.CharField(_("best time to call"), max_length=120, blank=True)
    agent_procedure = models.TextField(
        _("procedure for orientation agents"), blank=True, max_length=600
    )
    points_to_watch = models.TextField(_("points to watch"), blank=True, max_length=600)
    # N-level facts (network members by default).
    siret = models.CharField(_("SIRET number"), max_length=14, blank=True)
    rna = models.CharField(_("RNA number"), max_length=10, blank=True)
    # Freshness: the fields the reminders and the "checked by" sections build on.
    last_checked_on = models.DateField(_("last checked on"), null=True, blank=True)
    last_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # {section key (CHECKED_SECTIONS): ISO date}: when each part of the sheet was last changed
    # or confirmed; a section without a date reads the whole sheet's ``last_checked_on``.
    sections_checked = models.JSONField(_("sections checked on"), default=dict, blank=True)
    checked_by_phone = models.BooleanField(
        _("checked by a CCAS agent on the phone"),
        default=False,
        help_text=_("Otherwise the association checked it itself."),
    )
    # Visibility: {field key: level} where the association chose another level than the
    # default, and the keys of the fields the coordinator allows to be more open.
    visibility = models.JSONField(_("visibility of each field"), default=dict, blank=True)
    open_allowed = models.JSONField(
        _("fields the coordinator allows to open"), default=list, blank=True
    )
    updated_at = models.DateTimeField(_("changed on"), default=timezone.now)

    objects = scoped_manager(path="association__network")

    class Meta:
        verbose_name = _("liaison sheet")
        verbose_name_plural = _("liaison sheets")
        ordering = ["association__name"]

    def __str__(self):
        return str(self.association)

    def get_absolute_url(self):
        return reverse("directory:sheet", args=[self.association.slug])

    def level_chosen(self, key):
        return self.visibility.get(key)


class Place(models.Model):
    """A place where the association receives people."""

    sheet = models.ForeignKey(
        LiaisonSheet, verbose_name=_("sheet"), on_delete=models.CASCADE, related_name="places"
    )
    name = models.CharField(_("name of the place"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=255)
    postcode = models.CharField(_("postcode"), max_length=10, default="59100")
    city = models.CharField(_("town"), max_length=100, default="Roubaix")
    neighbourhood = models.CharField(
        _("neighbourhood"), max_length=40, choices=Neighbourhood.choices
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    step_free = models.BooleanField(_("step-free access"), default=False)
    floor = models.CharField(_("floor, entrance"), max_length=120, blank=True)
    transport = models.CharField(_("public transport"), max_length=200, blank=True)
    opening_hours = models.CharField(
        _("opening hours (OpenStreetMap syntax)"), max_length=255, blank=True
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = scoped_manager(path="sheet__association__network")

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["sheet", "position", "pk"]

    def __str__(self):
        return self.name or self.address

    @property
    def full_address(self):
        return ", ".join(p for p in [self.address, f"{self.postcode} {self.city}".strip()] if p)


class Service(models.Model):
    """An activity of the association, with its own hours where they differ from the place's."""

    sheet = models.ForeignKey(
        LiaisonSheet, verbose_name=_("sheet"), on_delete=models.CASCADE, related_name="services"
    )
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    description = models.CharField(_("details"), max_length=300, blank=True)
    place = models.ForeignKey(
        Place,
        verbose_name=_("place"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="services",
    )
    opening_hours = models.CharField(
        _("own opening hours (OpenStreetMap syntax)"),
        max_length=255,
        blank=True,
        help_text=_("Empty when they are the place's."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = scoped_manager(path="sheet__association__network")

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["sheet", "position", "pk"]

    def __str__(self):
        return self.get_activity_display()

    @property
    def thematique(self):
        return THEMATIQUES.get(self.activity, "")


class Closure(models.Model):
    """A dated closure or message (``start`` to ``end`` included), with who to go to instead.

    A closure expires by itself: after its end it is no longer shown nor followed."""

    sheet = models.ForeignKey(
        LiaisonSheet, verbose_name=_("sheet"), on_delete=models.CASCADE, related_name="closures"
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("to (included)"))
    closed = models.BooleanField(
        _("closed during these days"),
        default=True,
        help_text=_("Untick for a message only (the place stays open)."),
    )
    message = models.CharField(_("message"), max_length=300, blank=True)
    substitute = models.ForeignKey(
        Association,
        verbose_name=_("go instead to (an association of the network)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    substitute_text = models.CharField(
        _("or go instead to (free text)"), max_length=300, blank=True
    )

    objects = scoped_manager(path="sheet__association__network")

    class Meta:
        verbose_name = _("closure or message")
        verbose_name_plural = _("closures and messages")
        ordering = ["sheet", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="closure_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.start} – {self.end}"


class Referent(models.Model):
    """A referent person of the association (network members by default)."""

    sheet = models.ForeignKey(
        LiaisonSheet, verbose_name=_("sheet"), on_delete=models.CASCADE, related_name="referents"
    )
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = scoped_manager(path="sheet__association__network")

    class Meta:
        verbose_name = _("referent person")
        verbose_name_plural = _("referent persons")
        ordering = ["sheet", "position", "pk"]

    def __str__(self):
        return self.name


class SheetRevision(models.Model):
    """A saved state of a sheet: the whole sheet as JSON, who saved it and when."""

    sheet = models.ForeignKey(
        LiaisonSheet, verbose_name=_("sheet"), on_delete=models.CASCADE, related_name="revisions"
    )
    created_at = models.DateTimeField(_("saved on"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    summary = models.CharField(_("what changed"), max_length=200, blank=True)
    content = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("revision of a sheet")
        verbose_name_plural = _("revisions of sheets")
        ordering = ["sheet", "-created_at", "-pk"]

    def __str__(self):
        return f"{self.sheet} – {self.created_at:%Y-%m-%d %H:%M}"
