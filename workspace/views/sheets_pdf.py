"""The printable liaison sheets: one association's A4 sheet (``/associations/<slug>/fiche.pdf``)
and a neighbourhood's (``/associations/quartier/<neighbourhood>/fiche.pdf``), every
association of it on one or two pages, to hand to a person at the desk.

What they print comes from ``SheetView``s, as the sheet page: the facts the person may read
(``permissions.visible_fields``), so an anonymous visitor's PDF never holds what only the
orientation agents may read. A PDF that holds a fact above the public level is ``private``.
"""

import segno
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from weasyprint import HTML

from entraide import files

from .. import permissions
from ..models import Association, Level, Neighbourhood
from ..services import directory, hours


def qr_code(url):
    """An SVG data URI of a QR code to ``url`` (no file, no outside request)."""
    return segno.make(url, error="m").svg_data_uri(scale=3, border=2, dark="#111")


def valid_on(day):
    """ "1er décembre 2026": the date a printed sheet is valid on."""
    return f"{hours.format_date(day)} {day.year}"


def holds_restricted(view):
    """Whether the view shows a field whose level is above the public."""
    return any(permissions.field_level(view.sheet, key) != Level.PUBLIC for key in view.show)


def _entry(request, view, now):
    url = request.build_absolute_uri(reverse("directory:sheet", args=[view.slug]))
    return {
        "view": view,
        "sheet": view.sheet,
        "association": view.association,
        "status": directory.status(view, now),
        "hours_rows": [
            {"place": place, "service": service, "text": directory.plain_hours(text)}
            for place, service, text in view.hours_sources()
        ],
        "upcoming": directory.upcoming(view, now, days=21),
        "url": url,
        "qr": qr_code(url),
    }


def _pdf_response(request, template, context, filename, restricted):
    html = render_to_string(template, context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return files.protect(response, cache=files.PRIVATE if restricted else files.PUBLIC)


def sheet_pdf(request, slug):
    association = get_object_or_404(Association.objects.active(), slug=slug)
    sheet = get_object_or_404(directory.sheets(), association=association)
    now = timezone.localtime()
    view = directory.view_of(sheet, request.user)
    return _pdf_response(
        request,
        "workspace/directory/pdf/sheet.html",
        {"entry": _entry(request, view, now), "valid_on": valid_on(now.date())},
        f"fiche-{association.slug}.pdf",
        holds_restricted(view),
    )


def neighbourhood_pdf(request, neighbourhood):
    if neighbourhood not in Neighbourhood.values:
        raise Http404
    now = timezone.localtime()
    views = [
        view for view in directory.views_for(request.user) if neighbourhood in view.neighbourhoods
    ]
    label = Neighbourhood(neighbourhood).label
    url = request.build_absolute_uri(reverse("directory:list") + f"?neighbourhood={neighbourhood}")
    return _pdf_response(
        request,
        "workspace/directory/pdf/neighbourhood.html",
        {
            "entries": [_entry(request, view, now) for view in views],
            "neighbourhood": label,
            "valid_on": valid_on(now.date()),
            "url": url,
            "qr": qr_code(url),
        },
        f"associations-{neighbourhood}.pdf",
        any(holds_restricted(view) for view in views),
    )
