"""The printable liaison sheets: one association's A4 sheet (``/associations/<slug>/fiche.pdf``)
and a neighbourhood's (``/associations/quartier/<neighbourhood>/fiche.pdf``), every
association of it on one or two pages, to hand to a person at the desk.

What they print comes from ``SheetView``s, as the sheet page: the facts the person may read
(``permissions.visible_fields``), so an anonymous visitor's PDF never holds what only the
orientation agents may read. A PDF that holds a fact above the public level is ``private``.
"""

import base64

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

# A logo is refused above 1 MB when uploaded (workspace.forms.directory).
LOGO_MAX_BYTES = 1024 * 1024


def qr_code(url):
    """An SVG data URI of a QR code to ``url`` (no file, no outside request)."""
    return segno.make(url, error="m").svg_data_uri(scale=3, border=2, dark="#111")


def valid_on(day):
    """ "1er décembre 2026": the date a printed sheet is valid on."""
    return f"{hours.format_date(day)} {day.year}"


def logo_data_uri(sheet):
    """The sheet's logo as a data URI for the printed sheet (public, like the name), or "":
    WeasyPrint reads no stored file by address, and a missing file prints no logo."""
    if not sheet.logo:
        return ""
    extension = sheet.logo.name.rsplit(".", 1)[-1].lower()
    kind = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}
    if extension not in kind:
        return ""
    try:
        with sheet.logo.storage.open(sheet.logo.name, "rb") as stored:
            content = stored.read(LOGO_MAX_BYTES + 1)
    except OSError:
        return ""
    if len(content) > LOGO_MAX_BYTES:
        return ""
    return f"data:{kind[extension]};base64,{base64.b64encode(content).decode()}"


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
        "logo": logo_data_uri(view.sheet),
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
