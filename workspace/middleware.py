"""The current network of each request (``workspace.networks``), from its host name."""

from . import networks


class NetworkMiddleware:
    """Makes the network of the request's site current for the whole request.

    Placed before the session, so that everything after it — the page cache, the login
    throttle, the views, Wagtail's admin — reads the same network.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        network = networks.for_request(request)
        request.network = network
        with networks.activate(network):
            return self.get_response(request)
