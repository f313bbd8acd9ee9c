"""The one place that decides the current network.

In a request, it is the network of the Wagtail ``Site`` the host name designates (the
default site's network for an unknown host); ``NetworkMiddleware`` makes it current for the
whole request. In a task or a command, it is the network of the object worked on:
``with networks.activate(network):``. The permission module (``workspace.permissions``)
and the scoped managers (``workspace.models.networks``) ask ``current()``; rows created
while a network is current belong to it (``current_or_default_id`` is the default of
every ``network`` field).

Networks are read once per process and kept (they change when the operator creates or
renames one: ``forget()`` runs on every save of a network or a site, and after a migrate).
"""

import contextlib
import threading
from contextvars import ContextVar

from django.http.request import split_domain_port

_current = ContextVar("entraide_network", default=None)

# Hosts kept per process: the Host header comes from the visitor, the memory must not grow.
HOSTS_KEPT = 256


class _Known:
    """What this process knows of the networks, by site, id and host (and the default)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.clear()

    def clear(self):
        self.by_site = {}
        self.by_pk = {}
        self.by_host = {}
        self.default = None
        self.count = None
        self.listed = None


_known = _Known()


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
    if network is not None and not hasattr(network, "site_id"):
        network = get(network)
    token = _current.set(network)
    try:
        yield network
    finally:
        _current.reset(token)


def activate_for(obj):
    """``activate`` with the network ``obj`` belongs to (see ``network_of``)."""
    return activate(network_of(obj))


def _network_model():
    # workspace.models imports this module (its managers and fields ask current()): the
    # model is looked up when first needed, not at import time.
    from django.apps import apps

    return apps.get_model("workspace", "Network")


def _load(**filters):
    return (
        _network_model()
        .objects.select_related(
            "site__root_page", "coordinators", "orientation_agents", "members", "secretaries"
        )
        .filter(**filters)
        .first()
    )


def get(pk):
    with _known.lock:
        if pk in _known.by_pk:
            return _known.by_pk[pk]
    network = _load(pk=pk)
    if network is not None:
        with _known.lock:
            _known.by_pk[pk] = network
    return network


def for_site(site):
    if site is None:
        return default()
    with _known.lock:
        if site.pk in _known.by_site:
            return _known.by_site[site.pk] or default()
    network = _load(site=site)
    with _known.lock:
        _known.by_site[site.pk] = network
    return network or default()


def default():
    """The network of the default site (the first network), or the first one."""
    with _known.lock:
        if _known.default is not None:
            return _known.default
    network = _load(site__is_default_site=True) or _load()
    if network is not None:
        with _known.lock:
            _known.default = network
    return network


def for_request(request):
    """The network of the request's host (kept per host name and port in this process, so
    that a page served from the cache costs no query). Wagtail still reads the request's
    ``Site`` itself: the site and its home page kept here are shared by every request of the
    process and must not be handed to code that caches on them (``page.specific``)."""
    cached = getattr(request, "_entraide_network", None)
    if cached is not None:
        return cached
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    with _known.lock:
        network = _known.by_host.get(key)
    if network is None:
        site = _site_model()._find_for_request(request)
        network = for_site(site)
        if network is not None and (site is None or site.pk == network.site_id):
            with _known.lock:
                if len(_known.by_host) >= HOSTS_KEPT:
                    _known.by_host.clear()
                _known.by_host[key] = network
    request._entraide_network = network
    return network


def _site_model():
    # Wagtail's models are ready after this module is imported (see _network_model).
    from django.apps import apps

    return apps.get_model("wagtailcore", "Site")


def forget(**kwargs):
    """Drop what this process knows of the networks (after a network or a site changed)."""
    with _known.lock:
        _known.clear()


def several():
    """Whether this installation has more than one network (kept: no query after the first)."""
    with _known.lock:
        if _known.count is not None:
            return _known.count > 1
    count = _network_model().objects.count()
    with _known.lock:
        _known.count = count
    return count > 1


def all_networks():
    """Every network, in the order they were made (kept: no query after the first)."""
    with _known.lock:
        if _known.listed is not None:
            return list(_known.listed)
    listed = list(_network_model().objects.select_related("site__root_page").order_by("pk"))
    with _known.lock:
        _known.listed = listed
    return list(listed)


def network_of(obj):
    """The network an object belongs to: its ``network``, its association's, its page's."""
    if obj is None:
        return None
    if isinstance(obj, _network_model()):
        return obj
    network_id = getattr(obj, "network_id", None)
    if network_id is not None:
        return get(network_id)
    association = getattr(obj, "association", None)
    if association is not None and getattr(association, "network_id", None):
        return get(association.network_id)
    path = getattr(obj, "path", None)
    if isinstance(path, str) and hasattr(obj, "depth"):  # a page of the tree
        for network in all_networks():
            if path.startswith(network.root_path):
                return get(network.pk)
    return None


def local_name(name, network=None):
    """The name of an object each network has its own of (a group, a collection, a workflow):
    the first network's keeps its usual ``name``; another's is ``name — network``."""
    network = network or current_or_default()
    first = default()
    if network is None or first is None or network.pk == first.pk:
        return name
    return f"{name} — {network.name}"[:150]


def address_on(request, network, path="/"):
    """``path`` on ``network``'s host name, on the request's scheme and port: every network
    of one installation is served by the same server (runserver's 8000 is kept in the demo,
    where the sites say port 80)."""
    _domain, port = split_domain_port(request.get_host())
    suffix = f":{port}" if port and port != ("443" if request.is_secure() else "80") else ""
    return f"{request.scheme}://{network.site.hostname}{suffix}{path}"
