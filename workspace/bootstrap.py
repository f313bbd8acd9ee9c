"""What the workspace needs in the database, put back in place after every migrate
(idempotent): the first network (the default site and the role groups), and for every
network the permissions of its role groups, its meetings' index page restricted to it; the
shared themes."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, GroupSitePermission, Page, PageViewRestriction, Site

from entraide.bootstrap import ensure_home_page
from entraide.models import HomePage

from . import networks, roles
from .models import MeetingIndexPage, Network, Theme
from .models.themes import DEFAULT_THEMES

# The network that existed before several: the town of the source document.
FIRST_NETWORK_NAME = "Réseau d'aide alimentaire de Roubaix"

COORDINATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("django_comments", "can_moderate"),
    ("workspace", "add_association"),
    ("workspace", "change_association"),
    ("workspace", "view_association"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
COORDINATOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]


def ensure_first_network():
    """The network that exists before any other: the default site, the groups of the roles
    under their usual names (the data migration ``0021_networks`` does the same)."""
    network = Network.objects.order_by("pk").first()
    if network is not None:
        return network
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    if site is None:
        return None
    groups = {
        field: Group.objects.get_or_create(name=name)[0] for field, name in roles.FIELDS.items()
    }
    network = Network.objects.create(
        name=FIRST_NETWORK_NAME, slug="roubaix", town="Roubaix", site=site, **groups
    )
    networks.forget()
    return network


def ensure_roles(**kwargs):
    """The current network's role groups and their permissions (pages: on its home page)."""
    groups = {name: group for name, group in zip(roles.ALL, roles.network_groups(), strict=True)}
    coordinators = groups[roles.COORDINATORS]
    wanted = []
    for app_label, codename in COORDINATOR_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            wanted.append(permission)
    coordinators.permissions.add(*wanted)
    network = networks.current()
    # The network's settings: on its own site only (a global permission listed every
    # network's site in the settings' site switcher, each link a 404).
    settings_permission = Permission.objects.filter(
        content_type__app_label="workspace", codename="change_networksettings"
    ).first()
    if settings_permission is not None:
        coordinators.permissions.remove(settings_permission)
        settings_network = network or networks.current_or_default()
        if settings_network is not None:
            GroupSitePermission.objects.get_or_create(
                group=coordinators, site=settings_network.site, permission=settings_permission
            )
    secretaries = roles.group("secretaries")
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access_admin is not None:
        secretaries.permissions.add(access_admin)

    home = network.site.root_page if network is not None else HomePage.objects.first()
    root = Page.get_first_root_node()
    if root is not None and home is not None:
        # Before several networks, the coordination's rights were on the tree's root: now
        # on the network's home page only, so that it never edits another network's pages.
        GroupPagePermission.objects.filter(group=coordinators, page=root).delete()
    if home is not None:
        for codename in COORDINATOR_PAGE_PERMISSIONS:
            permission = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if permission is not None:
                GroupPagePermission.objects.get_or_create(
                    group=coordinators, page=home, permission=permission
                )
    return groups


def ensure_pages():
    """The workspace's structural pages, restricted to the network.

    ``/reunions/`` is created under the home page with a view restriction to the
    network's groups: pages created in code get no restriction by themselves.
    """
    home = HomePage.objects.first()
    if home is None:
        return
    index = MeetingIndexPage.objects.first()
    if index is None:
        index = MeetingIndexPage(title="Réunions du réseau", slug="reunions")
        home.add_child(instance=index)
        index.save_revision().publish()
    restrict_to_network(index)


def restrict_to_network(page):
    groups = roles.network_groups()
    restriction = PageViewRestriction.objects.filter(
        page=page, restriction_type=PageViewRestriction.GROUPS
    ).first()
    if restriction is None:
        restriction = PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.GROUPS
        )
    restriction.groups.add(*groups)
    return restriction


def ensure_themes():
    if not Theme.objects.exists():
        for slug, name in DEFAULT_THEMES:
            Theme.objects.get_or_create(slug=slug, defaults={"name": name})


def ensure_all():
    """Everything above, with the site's home page and the first network first."""
    ensure_home_page()
    ensure_first_network()
    for network in Network.objects.select_related("site__root_page"):
        with networks.activate(network.pk):
            ensure_roles()
            ensure_pages()
    ensure_themes()
