"""Orientation feedback: the one-click form on a sheet (orientation agents and coordinator)
and the counts per association and neighbourhood (the coordinator, in Wagtail's admin)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import permissions
from ..forms.feedback import FeedbackForm
from ..models import Association
from ..services import feedback as services
from ..services import freshness
from .decorators import login_required


def form_for(user):
    """The empty form for the sheet page, or ``None`` for who may not give feedback."""
    return FeedbackForm() if permissions.can_give_orientation_feedback(user) else None


@login_required
@require_POST
def give_feedback(request, slug):
    if not permissions.can_give_orientation_feedback(request.user):
        raise PermissionDenied
    association = get_object_or_404(Association.objects.active(), slug=slug)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "workspace/directory/feedback.html",
            {"form": form, "association": association},
            status=400,
        )
    services.record_feedback(association, form.cleaned_data["kind"], form.cleaned_data["note"])
    messages.success(request, _("Thank you: your feedback is recorded."))
    return redirect("directory:sheet", slug=association.slug)


def counts(request):
    if not permissions.can_read_orientation_feedback(request.user):
        raise PermissionDenied
    return render(request, "workspace/directory/feedback_counts.html", services.counts())


def stale_sheets(request):
    """The coordinator's list of sheets not checked for the network's set age."""
    if not permissions.can_read_orientation_feedback(request.user):
        raise PermissionDenied
    return render(
        request,
        "workspace/directory/stale_sheets.html",
        {"entries": freshness.stale_entries(), "months": freshness.stale_months()},
    )
