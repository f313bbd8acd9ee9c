from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workspace import networks, permissions
from workspace.notifications.centre import unread_count

from . import pagecache
from .models import HomePage


def shell(request):
    """Navigation of the header, by what the signed-in person may use."""
    user = getattr(request, "user", None)
    links = [
        ("/", _("Home")),
        (reverse("directory:list"), _("Associations")),
        ("/pratiques/", _("Practices")),
        (reverse("figures:dashboard"), _("Figures")),
    ]
    if user is not None and user.is_authenticated:
        access = permissions.access(user)
        links.append((reverse("workspace:home"), _("My workspace")))
        if permissions.can_view_meetings(user):
            links.append(("/reunions/", _("Meetings")))
            links.append((reverse("meetings:topics"), _("Topics")))
            links.append((reverse("discussions:list"), _("Discussions")))
        if permissions.can_view_board(user):
            links.append((reverse("board:list"), _("Needs and offers")))
        if permissions.can_use_orientation(user):
            links.append((reverse("orientation"), _("Orientation")))
        if access.is_coordinator:
            links.append((reverse("workspace:memberships"), _("Members")))
            links.append((reverse("workspace:invitations"), _("Invitations")))
            links.append((reverse("meetings:moderation"), _("Moderation")))
            links.append((reverse("wagtailadmin_home"), _("Administration")))
    nav = [{"url": url, "label": label} for url, label in links]
    context = {"nav_items": nav, "footer_credit": _footer_credit(request)}
    if user is not None and user.is_authenticated:
        context["unread_notifications"] = unread_count(user)
        context["network_switch"] = network_switch(request, user)
        context["network_switch_current"] = next(
            (item["name"] for item in context["network_switch"] if item["current"]), ""
        )
    return context


def network_switch(request, user):
    """The header's switch between the networks where ``user`` has a role: the current one
    marked, with a link to its host's home (on the request's scheme and port); each other one
    through this host, which signs the person in on that network's host
    (``workspace/services/hops.py``); nothing for a person in one network."""
    mine = permissions.networks_of(user)
    if len(mine) < 2:
        return []
    current = networks.current_or_default()
    found = []
    for network in mine:
        is_current = current is not None and network.pk == current.pk
        found.append(
            {
                "name": network.name,
                # The port the visitor typed (runserver's 8000), kept on the other hosts.
                "url": networks.address_on(request, network)
                if is_current
                else reverse("network_hop", args=[network.pk]),
                "current": is_current,
            }
        )
    return found


def _footer_credit(request):
    """The home page's credit line, the same for every reader: kept in the cache under the
    anonymous page cache's generation, which starts anew when a page is published."""

    def credit():
        home = HomePage.objects.live().only("credit").first()
        return home.credit if home else ""

    return pagecache.remember("footer-credit", credit)
