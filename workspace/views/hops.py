"""The header's network switch: from this host to another network's, still signed in
(``services/hops.py`` says how and why)."""

from urllib.parse import urlencode

from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from .. import networks, permissions
from ..services import hops
from .decorators import login_required

BACKEND = "django.contrib.auth.backends.ModelBackend"


@never_cache
@login_required
def hop(request, network_id):
    """To the workspace of another of the person's networks, on its host."""
    target = next(
        (found for found in permissions.networks_of(request.user) if found.pk == network_id),
        None,
    )
    if target is None:
        raise Http404
    current = networks.current_or_default()
    if current is not None and current.pk == target.pk:
        return redirect("workspace:home")
    query = urlencode({"jeton": hops.token(request.user, target)})
    return redirect(networks.address_on(request, target, f"{reverse('network_arrival')}?{query}"))


@never_cache
def arrival(request):
    """Signs the person in on this network's host from a switch's token, then to their
    workspace. A token that is not good (any more) says so and offers to sign in."""
    user = hops.person(request.GET.get("jeton", ""), networks.current())
    if user is None:
        if request.user.is_authenticated:
            return redirect("workspace:home")
        return render(request, "registration/network_arrival_invalid.html", status=400)
    if not (request.user.is_authenticated and request.user.pk == user.pk):
        login(request, user, backend=BACKEND)
    return redirect("workspace:home")
