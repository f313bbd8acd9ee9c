"""Creating a network: its groups, its home page, its Wagtail site, then what each app puts
in place for it (the ``entraide_network_created`` hook: the meetings' index, the practices'
library and workflow, the minutes' workflow …)."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify
from wagtail import hooks
from wagtail.models import Page, Site

from entraide.models import HomePage

from .. import bootstrap, networks, roles
from ..models import Network

GROUP_NAMES = {
    "coordinators": roles.COORDINATORS,
    "orientation_agents": roles.ORIENTATION_AGENTS,
    "members": roles.NETWORK,
    "secretaries": roles.SECRETARIES,
}


def group_name(role, network_name):
    return f"{GROUP_NAMES[role]} — {network_name}"


@transaction.atomic
def create_network(*, name, town, hostname, port=80, slug=None):
    """A new network on ``hostname``, with its groups, home page, site and structure.

    Called from a request (the operator's form) another network is current in: its home
    page is made with no network current (the scoped managers would not find it)."""
    slug = slug or slugify(town or name)[:60]
    # Made outside of any current network: the new home page belongs to none yet, and the
    # scoped managers of the network that may be current would not find it.
    with networks.activate(None):
        network = _create(name=name, town=town, hostname=hostname, port=port, slug=slug)
    with networks.activate(network.pk):
        bootstrap.ensure_roles()
        bootstrap.ensure_pages()
        for setup in hooks.get_hooks("entraide_network_created"):
            setup(networks.current())
    return network


def _create(*, name, town, hostname, port, slug):
    groups = {role: Group.objects.create(name=group_name(role, name)[:150]) for role in GROUP_NAMES}
    root = Page.get_first_root_node()
    home = root.add_child(
        instance=HomePage(
            title=f"Entraide {town}",
            slug=f"accueil-{slug}",
            lead=(
                f"Le réseau d'aide alimentaire de {town} : ses associations, leurs "
                "réunions, leurs bonnes pratiques."
            ),
        )
    )
    home.save_revision().publish()
    site = Site.objects.create(hostname=hostname, port=port, site_name=name, root_page=home)
    network = Network.objects.create(name=name, slug=slug, town=town, site=site, **groups)
    networks.forget()
    return network
