"""The good-practice library: practice sheets structured like those of RESOLIS.

A practice is a Wagtail page under ``/pratiques/`` (``PracticeIndexPage``), written by an
editor of the association that runs it and reviewed by the coordination through the
practices workflow. It is either visible to the network only (a ``PageViewRestriction``
to the network's groups, kept in step with its ``visibility`` on publication) or public.

What changes outside the page editor (adoptions by other associations, links from
meeting topics) are plain rows, never ``ParentalKey`` children: publishing an older
revision must not bring back or remove them.
"""

import datetime

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, Workflow
from wagtail.search import index

from entraide.forms import LimitedPageForm
from entraide.restrictions import ServedRestrictions
from workspace import networks
from workspace.models import Neighbourhood
from workspace.models.networks import LocalURLs, NetworkPageManager, network_field, scoped_manager

from . import sanitize
from .blocks import (
    RICH,
    AltTextBlock,  # noqa: F401 - migration 0001 names practices.models.AltTextBlock
    DocumentBlock,
    ImageWithAltBlock,
    StepBlock,
)
from .panels import PracticePageForm
from .stems import stems

WORKFLOW_NAME = "Validation des pratiques"
DEFAULT_PUBLISHER = "Entraide, réseau d'aide alimentaire de Roubaix"
FIRST_YEAR = 1945


# --- Choices -----------------------------------------------------------------------


class Visibility(models.TextChoices):
    NETWORK = "network", _("network members only")
    PUBLIC = "public", _("public: anyone can read it")


class Licence(models.TextChoices):
    CC_BY_4 = "cc-by-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    CC_BY_SA_4 = "cc-by-sa-4.0", _("Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)")
    CC_BY_NC_4 = "cc-by-nc-4.0", _("Creative Commons Attribution-NonCommercial 4.0 (CC BY-NC 4.0)")
    CC_BY_3 = "cc-by-3.0", _("Creative Commons Attribution 3.0 (CC BY 3.0)")
    CC0 = "cc0-1.0", _("Public domain dedication (CC0 1.0)")
    RESERVED = "reserved", _("All rights reserved")


LICENCE_URLS = {
    Licence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/deed.fr",
    Licence.CC_BY_SA_4: "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
    Licence.CC_BY_NC_4: "https://creativecommons.org/licenses/by-nc/4.0/deed.fr",
    Licence.CC_BY_3: "https://creativecommons.org/licenses/by/3.0/deed.fr",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.fr",
}


class AdoptionKind(models.TextChoices):
    SAME = "same", _("We do this too")
    TRIED = "tried", _("We tried it")


# --- Pages -------------------------------------------------------------------------


def practices_workflow(page=None):
    """The review of the network ``page`` belongs to (default: the current network)."""
    network = networks.network_of(page) if page is not None and page.path else None
    return Workflow.objects.filter(
        name=networks.local_name(WORKFLOW_NAME, network), active=True
    ).first()


class PracticesWorkflow:
    """Always the practices workflow, wherever the page is. The index answers too: Wagtail's
    create view asks the parent whether a workflow applies to a new practice."""

    def get_workflow(self):
        return practices_workflow(self)

    @property
    def has_workflow(self):
        return self.get_workflow() is not None


class PracticeIndexPage(LocalURLs, ServedRestrictions, PracticesWorkflow, Page):
    """``/pratiques/``: the list of practices, public (anonymous visitors see public ones)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = []
    settings_panels = []
    base_form_class = LimitedPageForm
    text_limits = {"intro": 2000}
    parent_page_types = ["entraide.HomePage"]
    subpage_types = ["practices.PracticePage"]
    max_count = 1

    objects = NetworkPageManager()

    class Meta:
        verbose_name = _("practice library")

    def route(self, request, path_components):
        # A practice in one query (Wagtail's routing reads the page, then its specific row).
        if path_components:
            practice = PracticePage.objects.child_of(self).filter(slug=path_components[0]).first()
            if practice is not None:
                practice._cached_parent_obj = self
                return practice.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        # cycle: practices.pages reads the permissions and filters, which import these models
        from . import pages

        context = super().get_context(request, *args, **kwargs)
        return {**context, **pages.practice_list_context(request, self)}

    def permissions_for_user(self, user):
        # cycle: practices.permissions imports these models
        from .permissions import PracticeIndexPermissionTester

        return PracticeIndexPermissionTester(user, self)


class PracticePage(LocalURLs, ServedRestrictions, PracticesWorkflow, Page):
    """A practice sheet, structured like the RESOLIS sheets."""

    summary = models.TextField(
        _("summary"),
        max_length=800,
        help_text=_("Two or three sentences: what the practice is and why it helps."),
    )
    association = models.ForeignKey(
        "workspace.Association",
        verbose_name=_("association that runs it"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practices",
        help_text=_("Empty when the CCAS coordination runs it."),
    )
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_(
            "A person or a role to ask about the practice. Shown to everyone who can read it."
        ),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    start_year = models.PositiveSmallIntegerField(
        _("start year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(2100)],
    )
    place = models.CharField(_("place"), max_length=200, blank=True, default="Roubaix")
    neighbourhood = models.CharField(
        _("neighbourhood"),
        max_length=40,
        blank=True,
        choices=Neighbourhood.choices,
        help_text=_("Leave empty when the practice concerns the whole town."),
    )
    context = RichTextField(_("context and observation"), blank=True, features=RICH)
    objectives = RichTextField(_("objectives"), blank=True, features=RICH)
    actions = StreamField(
        [("step", StepBlock())],
        blank=True,
        verbose_name=_("actions (steps in order)"),
    )
    results_association = RichTextField(_("results for the association"), blank=True, features=RICH)
    results_people = RichTextField(_("results for the people helped"), blank=True, features=RICH)
    results_network = RichTextField(_("results for the network"), blank=True, features=RICH)
    difficulties = RichTextField(_("difficulties met"), blank=True, features=RICH)
    resources = RichTextField(_("resources and partners"), blank=True, features=RICH)
    success_factors = RichTextField(_("success factors"), blank=True, features=RICH)
    cost = models.CharField(
        _("cost"), max_length=300, blank=True, help_text=_("Leave empty when not known.")
    )
    attachments = StreamField(
        [("image", ImageWithAltBlock()), ("document", DocumentBlock())],
        blank=True,
        verbose_name=_("images and documents"),
    )
    themes = ParentalManyToManyField(
        "workspace.Theme", blank=True, related_name="practices", verbose_name=_("themes")
    )
    tags = ClusterTaggableManager(
        through="practices.PracticeTag",
        blank=True,
        verbose_name=_("tags"),
        help_text=_("Free words, separated by commas."),
    )
    cited_decisions = ParentalManyToManyField(
        "minutes.Decision",
        blank=True,
        related_name="cited_by_practices",
        verbose_name=_("decisions of the network it cites"),
    )
    visibility = models.CharField(
        _("who can read it"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.NETWORK,
        help_text=_(
            "Public practices are readable by anyone and indexed by search engines; "
            "the others only by the network's members."
        ),
    )
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY_4
    )
    credit_author = models.CharField(
        _("credited to"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to credit the association that runs the practice."),
    )
    credit_publisher = models.CharField(
        _("published by"),
        max_length=200,
        blank=True,
        help_text=_("When the sheet was first published elsewhere, e.g. “Journal RESOLIS”."),
    )
    source_url = models.URLField(
        _("address of the original"),
        blank=True,
        help_text=_("When the sheet was first published elsewhere."),
    )
    # Unaccented French stems of the whole sheet: the embedded SQLite search matches
    # "benevole", "bénévole" and "bénévoles" through them.
    search_stems = models.TextField(editable=False, blank=True, default="")
    # Themes, tags and the association's name, for the full-text search.
    search_keywords = models.TextField(editable=False, blank=True, default="")

    # The rich text parts of the sheet (cleaned when saved, limited in the editor).
    RICH_FIELDS = [
        "context",
        "objectives",
        "results_association",
        "results_people",
        "results_network",
        "difficulties",
        "resources",
        "success_factors",
    ]

    content_panels = [
        HelpPanel(
            content=_(
                "<p>Write the sheet, then <strong>Submit</strong> it: the coordination reviews it "
                "and publishes it, or sends it back with a comment. Save a draft at any time; "
                "<strong>Preview</strong> shows the page as readers will see it.</p>"
            )
        ),
        FieldPanel("title"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                # A plain list of the person's associations, not the snippet chooser (whose
                # listing needs rights on every association).
                FieldPanel("association", widget=forms.Select),
                FieldPanel("contact"),
                FieldPanel("contact_email"),
            ],
            heading=_("Who runs it"),
        ),
        MultiFieldPanel(
            [FieldPanel("start_year"), FieldPanel("place"), FieldPanel("neighbourhood")],
            heading=_("When and where"),
        ),
        FieldPanel("context"),
        FieldPanel("objectives"),
        FieldPanel("actions"),
        MultiFieldPanel(
            [
                FieldPanel("results_association"),
                FieldPanel("results_people"),
                FieldPanel("results_network"),
            ],
            heading=_("Results"),
        ),
        FieldPanel("difficulties"),
        FieldPanel("resources"),
        FieldPanel("success_factors"),
        FieldPanel("cost"),
        FieldPanel("attachments"),
        MultiFieldPanel(
            [FieldPanel("themes", widget=forms.CheckboxSelectMultiple), FieldPanel("tags")],
            heading=_("Themes and tags"),
        ),
        FieldPanel("cited_decisions"),
        MultiFieldPanel(
            [
                FieldPanel("visibility", widget=forms.RadioSelect),
                FieldPanel("licence"),
                FieldPanel("credit_author"),
                FieldPanel("credit_publisher"),
                FieldPanel("source_url"),
            ],
            heading=_("Readers, licence and credit"),
        ),
    ]
    promote_panels = [FieldPanel("slug")]
    settings_panels = []
    base_form_class = PracticePageForm
    # Characters of text of each part of the sheet (a RESOLIS sheet fills about two pages).
    text_limits = dict.fromkeys(RICH_FIELDS, 10000)
    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = []

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("context"),
        index.SearchField("objectives"),
        index.SearchField("actions"),
        index.SearchField("results_association"),
        index.SearchField("results_people"),
        index.SearchField("results_network"),
        index.SearchField("difficulties"),
        index.SearchField("resources"),
        index.SearchField("success_factors"),
        index.SearchField("search_keywords"),
        index.SearchField("search_stems"),
        index.FilterField("association_id"),
        index.FilterField("visibility"),
        index.FilterField("neighbourhood"),
        index.FilterField("start_year"),
    ]

    objects = NetworkPageManager()

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        for name in self.RICH_FIELDS:
            setattr(self, name, sanitize.clean_html(getattr(self, name)))
        self.sanitize_steps()
        self.search_keywords = self.keywords()
        self.search_stems = stems(self.plain_text() + "\n" + self.search_keywords)
        result = super().save(*args, **kwargs)
        if not self.live and self.first_published_at is None:
            # Never published: the readers chosen in the draft show in the editor's status
            # panel. Once live, the restriction follows the published version only.
            # cycle: practices.bootstrap imports these models
            from .bootstrap import sync_restriction

            sync_restriction(self)
        return result

    def sanitize_steps(self):
        raw = list(self.actions.raw_data) if self.actions else []
        changed = False
        for item in raw:
            value = item.get("value") or {}
            text = value.get("text")
            if isinstance(text, str):
                cleaned = sanitize.clean_html(text)
                if cleaned != text:
                    value["text"] = cleaned
                    changed = True
        if changed:
            self.actions = raw

    def plain_text(self):
        parts = [self.title, self.summary, self.place, self.cost]
        parts += [strip_tags(getattr(self, name) or "") for name in self.RICH_FIELDS]
        for item in self.actions.raw_data if self.actions else []:
            value = item.get("value") or {}
            parts += [value.get("title") or "", strip_tags(value.get("text") or "")]
        return "\n".join(part for part in parts if part)

    def keywords(self):
        parts = [self.runner_name] if self.association_id or self.pk else []
        if self.pk:
            parts += [theme.name for theme in self.themes.all()]
            parts += [tag.name for tag in self.tags.all()]
        return "\n".join(parts)

    def get_absolute_url(self):
        return self.url

    # --- Derived values --------------------------------------------------------------

    @property
    def runner_name(self):
        if self.association_id:
            return self.association.name
        return str(_("Coordination of the CCAS"))

    @property
    def is_public(self):
        return self.visibility == Visibility.PUBLIC

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    def citation(self, url="", publisher=None):
        """The line to quote when reusing the sheet (``publisher``: the network that
        publishes it, when it is not the first one)."""
        author = self.credit_author or self.runner_name
        publisher = self.credit_publisher or publisher or DEFAULT_PUBLISHER
        address = self.source_url or url
        values = {
            "author": author,
            "title": self.title,
            "publisher": publisher,
            "url": address,
            "licence": self.get_licence_display(),
        }
        if self.source_url or not self.first_published_at:
            line = gettext("%(author)s, “%(title)s”, %(publisher)s")
        else:
            values["year"] = timezone.localtime(self.first_published_at).year
            line = gettext("%(author)s, “%(title)s”, %(publisher)s, %(year)s")
        line = line % values
        if address:
            line += ", " + address
        return gettext("%(citation)s. Licence: %(licence)s.") % {
            "citation": line,
            "licence": values["licence"],
        }

    @cached_property
    def images(self):
        return [block.value for block in self.attachments if block.block_type == "image"]

    @cached_property
    def documents(self):
        return [block.value for block in self.attachments if block.block_type == "document"]

    def attached_image_ids(self):
        return {value["image"].pk for value in self.images if value.get("image")}

    def attached_document_ids(self):
        return {value["document"].pk for value in self.documents if value.get("document")}

    # --- Permissions: decided by the practice's association -------------------------

    def permissions_for_user(self, user):
        # cycle: practices.permissions imports these models
        from .permissions import PracticePermissionTester

        return PracticePermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        # cycle: practices.pages reads the permissions and forms, which import these models
        from . import pages

        context = super().get_context(request, *args, **kwargs)
        # The admin's preview and "view draft" show the sheet as its readers will see it.
        preview = getattr(request, "is_preview", False)
        return {**context, **pages.practice_context(request, self, preview=preview)}

    def get_sitemap_urls(self, request=None):
        # Network-only practices are excluded by the sitemap's .public(); this is the
        # second lock, for a restriction not yet in place.
        if not self.is_public:
            return []
        return super().get_sitemap_urls(request)


class PracticeTag(TaggedItemBase):
    content_object = ParentalKey(
        PracticePage, on_delete=models.CASCADE, related_name="tagged_items"
    )


# --- Rows that change outside the editor -----------------------------------------------


class Adoption(models.Model):
    """An association says it does this too, or tried it: once per practice."""

    practice = models.ForeignKey(PracticePage, on_delete=models.CASCADE, related_name="adoptions")
    association = models.ForeignKey(
        "workspace.Association",
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="practice_adoptions",
    )
    kind = models.CharField(
        _("what you say"), max_length=10, choices=AdoptionKind.choices, default=AdoptionKind.SAME
    )
    note = models.TextField(_("short note"), max_length=500, blank=True)
    adopted_on = models.DateField(_("since"), default=datetime.date.today)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager(path="association__network")

    class Meta:
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        ordering = ["-adopted_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "association"], name="one_adoption_per_association"
            )
        ]

    def __str__(self):
        return f"{self.association} → {self.practice}"


class PracticePresentation(models.Model):
    """A topic of kind "practice to share" presents this practice at a meeting."""

    topic = models.OneToOneField(
        "workspace.Topic", on_delete=models.CASCADE, related_name="practice_link"
    )
    practice = models.ForeignKey(
        PracticePage, on_delete=models.CASCADE, related_name="presentations"
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("presentation at a meeting")
        verbose_name_plural = _("presentations at meetings")
        ordering = ["-linked_at"]

    def __str__(self):
        return f"{self.practice} @ {self.topic}"


# --- Practices read from other installations' feeds ---------------------------------------


class FeedSubscription(models.Model):
    """A network reads another installation's feed of public practices (its JSON Feed,
    ``/pratiques/flux.json``, or an Atom feed); ``practices.remote`` refreshes it (a beat
    task)."""

    network = network_field(related_name="practice_subscriptions")
    url = models.URLField(_("address of the feed"), max_length=500)
    title = models.CharField(_("name of the source"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    fetched_at = models.DateTimeField(_("last read"), null=True, blank=True)
    succeeded_at = models.DateTimeField(_("last read without error"), null=True, blank=True)
    error = models.CharField(_("last error"), max_length=500, blank=True)

    objects = scoped_manager(path="network")

    class Meta:
        verbose_name = _("feed subscription")
        verbose_name_plural = _("feed subscriptions")
        ordering = ["title", "url"]
        constraints = [
            models.UniqueConstraint(fields=["network", "url"], name="one_subscription_per_url")
        ]

    def __str__(self):
        return self.title or self.url


class RemotePractice(models.Model):
    """A practice read from a subscribed feed: read-only, attributed, its rich text cleaned
    (``practices.sanitize``), updated in place by its id in the feed."""

    subscription = models.ForeignKey(
        FeedSubscription, on_delete=models.CASCADE, related_name="practices"
    )
    remote_id = models.CharField(max_length=500)
    url = models.URLField(max_length=500, blank=True)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    # {"context": "<p>…</p>", …}: the RESOLIS sections, cleaned.
    sections = models.JSONField(default=dict, blank=True)
    themes = models.JSONField(default=list, blank=True)
    association = models.CharField(max_length=300, blank=True)
    town = models.CharField(max_length=200, blank=True)
    network_name = models.CharField(max_length=200, blank=True)
    licence = models.CharField(max_length=200, blank=True)
    licence_url = models.URLField(max_length=500, blank=True)
    citation = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(auto_now=True)
    # Its words stemmed and unaccented (``practices.stems``): what the network search
    # matches, the same way on PostgreSQL and SQLite.
    search_stems = models.TextField(editable=False, blank=True, default="")

    objects = scoped_manager(path="subscription__network")

    class Meta:
        verbose_name = _("practice from another installation")
        verbose_name_plural = _("practices from other installations")
        ordering = ["-published_at", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "remote_id"], name="one_row_per_remote_practice"
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_stems = stems(self.searchable_text())
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_stems"}
        super().save(*args, **kwargs)

    def searchable_text(self):
        sections = " ".join(strip_tags(html) for html in (self.sections or {}).values())
        parts = [self.title, self.summary, sections, " ".join(self.themes or [])]
        parts += [self.association, self.town, self.network_name]
        return "\n".join(part for part in parts if part)

    SECTION_LABELS = {
        "context": _("Context and observation"),
        "objectives": _("Objectives"),
        "actions": _("Actions"),
        "results_association": _("For the association"),
        "results_people": _("For the people helped"),
        "results_network": _("For the network"),
        "difficulties": _("Difficulties met"),
        "resources": _("Resources and partners"),
        "success_factors": _("Success factors"),
    }

    def section_list(self):
        return [
            (label, self.sections[key])
            for key, label in self.SECTION_LABELS.items()
            if (self.sections or {}).get(key)
        ]
