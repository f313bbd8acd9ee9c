"""The public directory (/associations/), the sheets, their editor, the map data and the
orientation view (/orientation/). Every fact shown comes from a ``SheetView``: what the person
may read of a sheet, decided by ``permissions.visible_fields``."""

import datetime
import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide import files, readercache

from .. import permissions
from ..filters.directory import DirectoryFilter, summer_of
from ..forms import directory as forms
from ..models import CHECKED_SECTIONS, Association
from ..services import directory
from .decorators import login_required
from .feedback import form_for as feedback_form_for


def _cache_until_change(request, statuses, now):
    """Anonymous pages that say "open now" are kept only until the first status changes (and
    at most until midnight, when "today" changes)."""
    midnight = timezone.make_aware(
        datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time.min)
    )
    changes = [s["changes_at"] for s in statuses if s and s.get("changes_at")]
    first = min([midnight, *changes])
    request.page_cache_seconds = max(1, math.floor((first - now).total_seconds()))


def _listing(request, orientation):
    now = timezone.localtime()
    views = directory.views_for(request.user)
    filterset = DirectoryFilter(request.GET or None, views=views, orientation=orientation, now=now)
    results = filterset.results()
    directory.add_substitute_hours(results, views)
    entries = [{"view": view, "status": directory.status(view, now)} for view in results]
    _cache_until_change(request, [e["status"] for e in entries], now)
    # Closures are listed once begun; with "open this summer", those of the summer too.
    closures_until = now.date()
    if (
        filterset.is_bound
        and filterset.form.is_valid()
        and filterset.form.cleaned_data.get("summer")
    ):
        closures_until = summer_of(now.date())[1]
    return {
        "closures_until": closures_until,
        "filter": filterset,
        "entries": entries,
        "active_filters": filterset.active(),
        "orientation": orientation,
        "today": now.date(),
        "tile_url": settings.DIRECTORY_TILE_URL,
        "tile_attribution": settings.DIRECTORY_TILE_ATTRIBUTION,
    }


def directory_list(request):
    context = _listing(request, orientation=False)
    context["map_data_url"] = reverse("directory:map") + (
        "?" + request.GET.urlencode() if request.GET else ""
    )
    return render(request, "workspace/directory/list.html", context)


def orientation(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_use_orientation(request.user):
        raise PermissionDenied
    readercache.keep(request)
    context = _listing(request, orientation=True)
    return render(request, "workspace/directory/orientation.html", context)


def map_data(request):
    """GeoJSON of the places the person may see, for the results of the same filters."""
    now = timezone.localtime()
    views = directory.views_for(request.user)
    orientation = permissions.can_use_orientation(request.user)
    filterset = DirectoryFilter(request.GET or None, views=views, orientation=orientation, now=now)
    features = []
    for view in filterset.results():
        state = directory.status(view, now)
        for place in view.places:
            if place.latitude is None or place.longitude is None:
                continue
            features.append(
                {
                    "type": "Feature",
                    "geometry": {
                        "type": "Point",
                        "coordinates": [float(place.longitude), float(place.latitude)],
                    },
                    "properties": {
                        "name": view.name,
                        "url": reverse("directory:sheet", args=[view.slug]),
                        "address": place.full_address,
                        "status": state["phrase"] if state else "",
                    },
                }
            )
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    if request.user.is_authenticated:
        response["Cache-Control"] = "private, no-store"
    return response


LOGO_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}


def stored_logo(request, name):
    """A sheet's logo under its stored name (``logos/…``), for everybody: a logo is as public
    as the association's name. Only an active association's current logo is served."""
    if not name.startswith("logos/"):
        return None
    sheet = directory.sheets().filter(logo=name).select_related(None).prefetch_related(None).first()
    extension = name.rsplit(".", 1)[-1].lower()
    if sheet is None or extension not in LOGO_TYPES:
        raise Http404
    return files.file_response(
        sheet.logo, f"logo.{extension}", LOGO_TYPES[extension], inline=True, cache=files.PUBLIC
    )


def _sheet_or_404(slug):
    association = get_object_or_404(Association.objects.active(), slug=slug)
    return association, directory.sheet_for(association)


def sheet_detail(request, slug):
    association, sheet = _sheet_or_404(slug)
    sheet = get_object_or_404(directory.sheets(), pk=sheet.pk)
    now = timezone.localtime()
    view = directory.view_of(sheet, request.user)
    directory.add_substitute_hours([view], directory.substitutes_of([view], request.user))
    state = directory.status(view, now)
    _cache_until_change(request, [state], now)
    hours_rows = [
        {
            "place": place,
            "service": service,
            "text": directory.plain_hours(text),
        }
        for place, service, text in view.hours_sources()
    ]
    return render(
        request,
        "workspace/directory/sheet.html",
        {
            "view": view,
            "sheet": sheet,
            "association": association,
            "status": state,
            "hours_rows": hours_rows,
            "checked": directory.section_dates(sheet),
            "upcoming": directory.upcoming(view, now),
            "can_edit": permissions.can_edit_sheet(request.user, association),
            "feedback_form": feedback_form_for(request.user),
            "today": now.date(),
        },
    )


def _editor_forms(request, association, sheet):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    return {
        "contact": forms.ContactForm(data, instance=association, prefix="contact"),
        "sheet": forms.SheetForm(data, files, instance=sheet, prefix="sheet"),
        "places": forms.PlaceFormSet(data, instance=sheet, prefix="places"),
        "services": forms.ServiceFormSet(data, instance=sheet, prefix="services"),
        "closures": forms.ClosureFormSet(data, instance=sheet, prefix="closures"),
        "referents": forms.ReferentFormSet(data, instance=sheet, prefix="referents"),
        "visibility": forms.VisibilityForm(
            data, sheet=sheet, user=request.user, prefix="visibility"
        ),
    }


@login_required
def sheet_edit(request, slug):
    association, sheet = _sheet_or_404(slug)
    if not permissions.can_edit_sheet(request.user, association):
        raise Http404
    parts = _editor_forms(request, association, sheet)
    if request.method == "POST":
        if all(part.is_valid() for part in parts.values()):
            warnings = forms.warnings_of(parts["places"], parts["visibility"])
            with transaction.atomic():
                directory.save_sheet(
                    sheet,
                    request.user,
                    [parts[name] for name in ("contact", "sheet", "visibility", "places")]
                    + [parts[name] for name in ("services", "closures", "referents")],
                )
            messages.success(request, _("The sheet is saved."))
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("directory:edit", slug=association.slug)
        messages.error(request, _("The sheet is not saved: correct what is shown below."))
    return render(
        request,
        "workspace/directory/edit.html",
        {
            "association": association,
            "sheet": sheet,
            "parts": parts,
            "revisions": sheet.revisions.select_related("user")[:5],
            "tile_url": settings.DIRECTORY_TILE_URL,
            "tile_attribution": settings.DIRECTORY_TILE_ATTRIBUTION,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def section_confirm(request, slug, section):
    """ "Toujours à jour" for one part of the sheet, from the sheet's page (its editors and the
    coordination): that part is dated today, nothing else changes."""
    association, sheet = _sheet_or_404(slug)
    if not permissions.can_edit_sheet(request.user, association) or section not in CHECKED_SECTIONS:
        raise Http404
    directory.confirm_section(sheet, request.user, section)
    messages.success(request, _("Thank you: this part of the sheet is marked up to date today."))
    return redirect(f"{reverse('directory:sheet', args=[association.slug])}#{section}-title")


@login_required
@require_POST
def sheet_confirm(request, slug):
    association, sheet = _sheet_or_404(slug)
    if not permissions.can_edit_sheet(request.user, association):
        raise Http404
    directory.confirm_up_to_date(sheet, request.user)
    messages.success(request, _("Thank you: the sheet is marked up to date today."))
    return redirect("directory:edit", slug=association.slug)
