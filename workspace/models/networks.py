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
from django.core.exceptions import FullResultSet, ValidationError
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


class InCurrentNetwork(models.Lookup):
    """``<path to a network>__in_current_network=<network id or None>``: the row belongs to the
    network current **when the query runs** (``workspace.networks.current``), or, with none
    current then, to the network given (the one current when the queryset was made); with
    neither, every row.

    Read when the SQL is written, not when the queryset is made: a queryset kept across
    requests (a form field's choices made at import, a StreamField chooser's field, a form
    class built once per process by Wagtail's panels) lists the network of the request that
    uses it, not of the first one that built it.
    """

    lookup_name = "in_current_network"
    prepare_rhs = False
    can_use_none_as_rhs = True

    def get_prep_lookup(self):
        return self.rhs

    # What of the network the condition compares: its id here, its tree path below.
    network_attribute = "pk"

    def as_sql(self, compiler, connection):
        network = networks.current()
        value = getattr(network, self.network_attribute) if network is not None else self.rhs
        if value is None:
            raise FullResultSet
        lhs, params = self.process_lhs(compiler, connection)
        condition, value = self.condition(lhs, value, connection)
        return condition, (*params, value)

    def condition(self, lhs, value, connection):
        return f"{lhs} = %s", value


class InCurrentTree(InCurrentNetwork):
    """``<page>__in_current_tree=<root path or None>``: the page (by id) is in the tree of the
    network current when the query runs (or of the one given; with neither, every row)."""

    lookup_name = "in_current_tree"
    network_attribute = "root_path"

    def condition(self, lhs, root, connection):
        quote = connection.ops.quote_name
        pages = (
            f"SELECT {quote('id')} FROM {quote(Page._meta.db_table)} WHERE {quote('path')} LIKE %s"
        )
        return f"{lhs} IN ({pages})", f"{root}%"


class PathInCurrentTree(InCurrentTree):
    """``path__in_current_tree=<root path or None>`` on a page's own tree path."""

    def condition(self, lhs, root, connection):
        return f"{lhs} LIKE %s", f"{root}%"


models.ForeignKey.register_lookup(InCurrentNetwork)
models.ForeignKey.register_lookup(InCurrentTree)
Page._meta.get_field("path").register_lookup(PathInCurrentTree)


class NetworkScopedManager(models.Manager):
    """Lists only the current network's rows when a network is current.

    ``path`` is the lookup from the model to its network (``network`` when the model names
    it, ``association__network`` for what belongs to an association). The network is the one
    current when the query runs (``InCurrentNetwork``), so a queryset kept from one request
    to another follows the request. With no current network (a migration, a maintenance
    command) every row is listed; a task works on one object and activates its network first
    (``workspace.networks.activate``).
    ``everywhere()`` lists every network's rows, for the few readers that say so
    (practices from elsewhere, the operator's views).
    """

    # A class attribute, not an argument: Django derives the related managers
    # (``association.memberships``) from the class and builds them without arguments.
    network_path = "network"

    def get_queryset(self):
        return scope(super().get_queryset(), self.network_path, networks.current())

    def everywhere(self):
        return super().get_queryset()


class NetworkPageManager(PageManager):
    """Pages of the current network's tree only (its home page and what is under it), the
    network being the one current when the query runs."""

    def get_queryset(self):
        network = networks.current()
        return (
            super()
            .get_queryset()
            .filter(path__in_current_tree=network.root_path if network is not None else None)
        )

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
    """``queryset`` limited along ``path`` (a lookup to the network, or one ending in
    ``__in_tree``: a page, kept when it is in the network's tree) to the network current when
    the query runs, or to ``network`` when none is current then (every row when ``network``
    is None too). A lookup on the row's own column, which the search backend accepts."""
    if path.endswith("__in_tree"):
        field = path.removesuffix("__in_tree")
        root = network.root_path if network is not None else None
        return queryset.filter(**{f"{field}__in_current_tree": root})
    return queryset.filter(
        **{f"{path}__in_current_network": network.pk if network is not None else None}
    )


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
