"""The operator's networks in Wagtail's admin: the list, and creating one with the invitation
of its first coordinator (superusers only, on any host)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..forms.networks import NetworkForm
from ..models import Invitation, Network
from ..services import memberships
from ..services.networks import create_network


def _operator(request):
    if not permissions.can_manage_networks(request.user):
        raise PermissionDenied


def index(request):
    _operator(request)
    rows = []
    for network in Network.objects.select_related("site", "coordinators").order_by("pk"):
        rows.append(
            {
                "network": network,
                "coordinators": network.coordinators.user_set.order_by("email"),
                "invitations": Invitation.objects.everywhere()
                .pending()
                .filter(network=network)
                .order_by("-created_at"),
            }
        )
    return render(request, "workspace/networks/index.html", {"rows": rows})


def create(request):
    _operator(request)
    form = NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        network = create_network(
            name=data["name"],
            town=data["town"],
            hostname=data["hostname"],
            port=data["port"],
            slug=form.slug(),
        )
        invitation = memberships.invite_coordinator(
            email=data["email"], network=network, invited_by=request.user
        )
        messages.success(
            request,
            _(
                "The network %(network)s was created on %(url)s. Invitation sent to %(email)s; "
                "the link is valid until %(date)s."
            )
            % {
                "network": network.name,
                "url": network.site.root_url,
                "email": invitation.email,
                "date": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y"),
            },
        )
        return redirect("entraide_networks")
    return render(
        request,
        "workspace/networks/create.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
