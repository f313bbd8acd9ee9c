"""The one place that decides the current network.

In a request, it is the network of the Wagtail ``Site`` the host name designates (the
default site's network for an unknown host); ``NetworkMiddleware`` makes it current for the
whole request. In a task or a command, it is the network of the object worked on:
``with networks.activate(network):``. The permission module (``workspace.permissions``)
and the scoped managers (``workspace.models.networks``) ask ``current()``; rows created
while a network is current belong to it (``current_or_default_id`` is the default of
every ``network`` field).

Networks are read once per process and kept (they change when the operator creates or
renames one: ``forget()`` runs on every save).
"""

import contextlib
import threading
from contextvars import ContextVar

_current = ContextVar("entraide_network", default=None)
_lock = threading.Lock()
_by_site = {}
_by_pk = {}
_by_host = {}
HOSTS_KEPT = 256
_default = {}


def current():
    """The network current in this request or task, or None outside of one."""
    return _current.get()


def current_or_default():
    return _current.get() or default()


def current_or_default_id():
    """The default of every ``network`` field: the current network, else the first one."""
    network = current_or_default()
    return network.pk if network is not None else None


@contextlib.contextmanager
def activate(network):
    """Make ``network`` (a Network, its id, or None for no filter) current inside the block."""
    from .models.networks import Network

    if network is not None and not isinstance(network, Network):
        network = get(network)
    token = _current.set(network)
    try:
        yield network
    finally:
        _current.reset(token)


def activate_for(obj):
    """``activate`` with the network ``obj`` belongs to (see ``network_of``)."""
    return activate(network_of(obj))


def _load(**filters):
    from .models.networks import Network

    return (
        Network.objects.select_related(
            "site__root_page", "coordinators", "orientation_agents", "members", "secretaries"
        )
        .filter(**filters)
        .first()
    )


def get(pk):
    with _lock:
        if pk in _by_pk:
            return _by_pk[pk]
    network = _load(pk=pk)
    if network is not None:
        with _lock:
            _by_pk[pk] = network
    return network


def for_site(site):
    if site is None:
        return default()
    with _lock:
        if site.pk in _by_site:
            return _by_site[site.pk] or default()
    network = _load(site=site)
    with _lock:
        _by_site[site.pk] = network
    return network or default()


def default():
    """The network of the default site (the first network), or the first one."""
    with _lock:
        if "network" in _default:
            return _default["network"]
    network = _load(site__is_default_site=True) or _load()
    if network is not None:
        with _lock:
            _default["network"] = network
    return network


def for_request(request):
    """The network of the request's host (kept per host name and port in this process, so
    that a page served from the cache costs no query); Wagtail's ``Site.find_for_request``
    then answers with the network's site without asking the database again."""
    from django.http.request import split_domain_port
    from wagtail.models import Site

    cached = getattr(request, "_entraide_network", None)
    if cached is not None:
        return cached
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    with _lock:
        network = _by_host.get(key)
    if network is None:
        site = Site._find_for_request(request)
        request._wagtail_site = site
        network = for_site(site)
        if network is not None and (site is None or site.pk == network.site_id):
            with _lock:
                if len(_by_host) >= HOSTS_KEPT:
                    _by_host.clear()
                _by_host[key] = network
    if network is not None and not hasattr(request, "_wagtail_site"):
        request._wagtail_site = network.site
    request._entraide_network = network
    return network


def forget(**kwargs):
    """Drop what this process knows of the networks (after a network or a site changed)."""
    with _lock:
        _by_site.clear()
        _by_pk.clear()
        _by_host.clear()
        _default.clear()


def all_networks():
    from .models.networks import Network

    return list(Network.objects.select_related("site__root_page").order_by("pk"))


def network_of(obj):
    """The network an object belongs to: its ``network``, its association's, its page's."""
    from wagtail.models import Page

    from .models.networks import Network

    if obj is None:
        return None
    if isinstance(obj, Network):
        return obj
    network_id = getattr(obj, "network_id", None)
    if network_id is not None:
        return get(network_id)
    association = getattr(obj, "association", None)
    if association is not None and getattr(association, "network_id", None):
        return get(association.network_id)
    if isinstance(obj, Page):
        for network in all_networks():
            if obj.path.startswith(network.root_path):
                return get(network.pk)
    return None
