"""What the workspace needs in the database, put back in place after every migrate
(idempotent): the groups of the network-wide roles and their permissions, the meetings'
index page restricted to the network, the network's shared themes."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, Page, PageViewRestriction

from entraide.bootstrap import ensure_home_page
from entraide.models import HomePage

from . import roles
from .models import MeetingIndexPage, Theme
from .models.themes import DEFAULT_THEMES

COORDINATOR_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("django_comments", "can_moderate"),
    ("workspace", "add_association"),
    ("workspace", "change_association"),
    ("workspace", "view_association"),
    ("workspace", "change_networksettings"),
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


def ensure_roles(**kwargs):
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ALL}
    coordinators = groups[roles.COORDINATORS]
    wanted = []
    for app_label, codename in COORDINATOR_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is not None:
            wanted.append(permission)
    coordinators.permissions.add(*wanted)
    secretaries = Group.objects.get_or_create(name=roles.SECRETARIES)[0]
    access_admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access_admin is not None:
        secretaries.permissions.add(access_admin)

    root = Page.get_first_root_node()
    if root is not None:
        for codename in COORDINATOR_PAGE_PERMISSIONS:
            permission = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename=codename
            ).first()
            if permission is not None:
                GroupPagePermission.objects.get_or_create(
                    group=coordinators, page=root, permission=permission
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
    groups = [Group.objects.get_or_create(name=name)[0] for name in roles.ALL]
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
    """Everything above, with the site's home page first."""
    ensure_home_page()
    ensure_roles()
    ensure_pages()
    ensure_themes()
