"""Networks: one installation serves several towns' food-aid networks.

A ``Network`` is a Wagtail ``Site`` (its own host name and home page) with its own groups
for the roles that are not tied to one association (coordination, orientation agents, the
network's members, the meetings' secretaries). Everything that belongs to a network either
names it (``network`` below) or belongs to something that does (an association, a page of
its tree); the managers of ``NetworkScopedManager`` and ``NetworkPageManager`` filter by the
current network (``workspace.networks``) so that no listing forgets it.
"""

import re

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageManager

from workspace import networks

HOSTNAME_MAX_LENGTH = 255


def validate_hostname(value):
    if not re.fullmatch(
        r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*", value
    ):
        raise ValidationError(
            _("Enter a host name in lower case, such as tourcoing.entraide.example.org."),
            code="invalid_hostname",
        )


class Network(models.Model):
    """A town's food-aid network: its site, its groups, its settings (``NetworkSettings``)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    town = models.CharField(_("town"), max_length=100)
    site = models.OneToOneField(
        "wagtailcore.Site",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="network",
    )
    coordinators = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="coordinated_network", editable=False
    )
    orientation_agents = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="agents_network", editable=False
    )
    members = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="members_network", editable=False
    )
    secretaries = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="secretaries_network", editable=False
    )
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    @property
    def root_path(self):
        """The tree path of the network's home page: its pages' paths start with it."""
        return self.site.root_page.path

    @property
    def role_groups(self):
        return [self.coordinators, self.orientation_agents, self.members]

    @property
    def hostname(self):
        return self.site.hostname

    def base_url(self):
        return self.site.root_url


class NetworkScopedManager(models.Manager):
    """Lists only the current network's rows when a network is current.

    ``path`` is the lookup from the model to its network (``network`` when the model names
    it, ``association__network`` for what belongs to an association). With no current
    network (a migration, a maintenance command) every row is listed; a task works on one
    object and activates its network first (``workspace.networks.activate``).
    ``everywhere()`` lists every network's rows, for the few readers that say so
    (practices from elsewhere, the operator's views).
    """

    # A class attribute, not an argument: Django derives the related managers
    # (``association.memberships``) from the class and builds them without arguments.
    network_path = "network"

    def get_queryset(self):
        queryset = super().get_queryset()
        network = networks.current()
        if network is None:
            return queryset
        return scope(queryset, self.network_path, network)

    def everywhere(self):
        return super().get_queryset()


class NetworkPageManager(PageManager):
    """Pages of the current network's tree only (its home page and what is under it)."""

    def get_queryset(self):
        queryset = super().get_queryset()
        network = networks.current()
        if network is None:
            return queryset
        return queryset.filter(path__startswith=network.root_path)

    def everywhere(self):
        return super().get_queryset()


class LocalURLs:
    """A page's ``url`` is local ("/reunions/…") when the page is on the current network's
    site (the first network's when none is current), as Wagtail gives it for a single site or with the request: with several sites and
    no request, Wagtail writes the site's ``root_url`` (its configured port, not the one the
    visitor uses), which broke every link of ``make run`` on port 8000."""

    def get_url(self, request=None, current_site=None):
        if current_site is None and request is None:
            network = networks.current_or_default()
            if network is not None:
                current_site = network.site
        return super().get_url(request=request, current_site=current_site)

    url = property(get_url)


def scope(queryset, path, network):
    """``queryset`` limited to ``network`` along ``path``: a lookup to the network (its id is
    compared), a lookup ending in ``__in_tree`` (a page's id, kept when the page is in the
    network's tree: a subquery, which the search backend accepts on the row's own column)."""
    if path.endswith("__in_tree"):
        field = path.removesuffix("__in_tree")
        tree = Page.objects.filter(path__startswith=network.root_path).values("pk")
        return queryset.filter(**{f"{field}__in": tree})
    return queryset.filter(**{path: network.pk})


def scoped_manager(queryset_class=None, path="network"):
    """A ``NetworkScopedManager`` along ``path``, with the methods of ``queryset_class``."""
    base = (
        NetworkScopedManager.from_queryset(queryset_class)
        if queryset_class is not None
        else NetworkScopedManager
    )
    name = f"{(queryset_class or models.QuerySet).__name__}ScopedBy{path.title().replace('_', '')}"
    return type(name, (base,), {"network_path": path, "__module__": __name__})()


def scoped_page_manager(queryset_class):
    return NetworkPageManager.from_queryset(queryset_class)()


def network_field(related_name="+"):
    """The ``network`` of a row that names its network: the current one when it is created."""
    return models.ForeignKey(
        Network,
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name=related_name,
        default=networks.current_or_default_id,
        editable=False,
    )
