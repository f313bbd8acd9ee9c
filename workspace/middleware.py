"""The current network of each request (``workspace.networks``), from its host name."""

import functools
import logging

from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation

from entraide.errors import DATABASE_ERRORS, database_unavailable

from . import networks, permissions

logger = logging.getLogger(__name__)

# Answers that read no network's data, served even when the network cannot be read.
WITHOUT_NETWORK = ("/healthz",)


@functools.cache
def admin_prefix():
    """The path under which Wagtail's admin lives (its images, documents, snippets…)."""
    return reverse("wagtailadmin_home")


class NetworkMiddleware:
    """Makes the network of the request's site current for the whole request.

    Placed before the session, so that everything after it — the page cache, the login
    throttle, the views, Wagtail's admin — reads the same network. A database that is down
    gets the French 503 page here (the network is read once per host and process): a
    request never runs without its network, so that nothing is listed unfiltered.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            network = networks.for_request(request)
        except DATABASE_ERRORS as error:
            if request.path.startswith(WITHOUT_NETWORK):
                return self.get_response(request)
            logger.error(
                "database unavailable on %s %s: %s",
                request.method,
                request.path,
                error.__class__.__name__,
            )
            # Before LocaleMiddleware: the page in the visitor's language all the same.
            with translation.override(translation.get_language_from_request(request)):
                return database_unavailable()
        request.network = network
        with networks.activate(network):
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        """Wagtail's admin views of one page or one site's settings take their object by id
        from every network: another network's page or settings are not found (404)."""
        match = getattr(request, "resolver_match", None)
        if match is None or not match.view_name:
            return None
        network = getattr(request, "network", None)
        in_admin = request.path_info.startswith(admin_prefix())
        if in_admin and getattr(request.user, "is_superuser", False):
            elsewhere = _page_network_elsewhere(network, view_kwargs)
            if elsewhere is not None:
                # The operator opened a page of another network (from the tree's root):
                # it is edited on that network's host, where its models are read.
                if request.method in ("GET", "HEAD"):
                    return HttpResponseRedirect(_on_host(request, elsewhere))
                raise Http404
        if not permissions.admin_object_in_network(
            request.user,
            network,
            match.view_name,
            view_kwargs,
            in_admin=in_admin,
        ):
            raise Http404
        return None


def _page_network_elsewhere(network, kwargs):
    """The network of the admin page named in ``kwargs`` when it is not ``network``'s."""
    if network is None:
        return None
    for path in permissions.admin_page_paths(kwargs):
        if path.startswith(network.root_path):
            continue
        for other in networks.all_networks():
            if path.startswith(other.root_path):
                return other
    return None


def _on_host(request, network):
    """The request's address on ``network``'s host name (the request's scheme and port)."""
    return networks.address_on(request, network, request.get_full_path())
