"""An association's requests to the network (its topics and discussions, what came of them,
how long they waited), and the coordination's list of those left without an answer."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..models import Association
from ..services import requests
from .decorators import coordinator_required, login_required

CONFIDENTIAL = _("[confidential item]")


@login_required
def association_requests(request, slug):
    association = get_object_or_404(Association, slug=slug)
    if not permissions.can_view_association_requests(request.user, association):
        raise Http404
    entries = requests.association_requests(request, association)
    return render(
        request,
        "workspace/association_requests.html",
        {
            "association": association,
            "entries": entries,
            "summary": requests.summary(entries),
            "confidential_label": CONFIDENTIAL,
        },
    )


@coordinator_required
def overdue_requests(request):
    return render(
        request,
        "workspace/overdue_requests.html",
        {"entries": requests.overdue_requests(), "confidential_label": CONFIDENTIAL},
    )
