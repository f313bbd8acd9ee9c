"""The figures under /chiffres/: the dashboard (per reader), its CSV tables and yearly PDF, the
activity reports and their history, the CCAS allocations, publication and reminders."""

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from weasyprint import HTML

from entraide import files, readercache

from .. import permissions
from ..forms.figures import AllocationForm, PeriodForm, ReportForm
from ..models import ActivityReport, Association, Period
from ..services import charts, figures
from .decorators import coordinator_required, login_required


def _year(request):
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        year = None
    if year is None or not 2000 <= year <= 2100:
        year = timezone.localdate().year
    return year


def _charts(board):
    """The charts of the dashboard, each drawn from one of its tables."""
    found = []
    if board.trend and board.trend.rows:
        found.append(
            {
                "table": board.trend,
                "svg": charts.table_chart(
                    board.trend, "people", "chart-trend", _("People helped per period")
                ),
            }
        )
    if board.places and board.places.rows:
        found.append(
            {
                "table": board.places,
                "svg": charts.table_chart(
                    board.places, "people", "chart-places", _("People helped per neighbourhood")
                ),
            }
        )
    if board.level == "coordinator" and board.associations and board.associations.rows:
        found.append(
            {
                "table": board.associations,
                "svg": charts.table_chart(
                    board.associations,
                    "budget_per_person",
                    "chart-budget",
                    _("CCAS budget per person helped, per association"),
                    unit=" €",
                ),
            }
        )
    return found


def dashboard(request):
    readercache.keep(request)
    year = _year(request)
    board = figures.dashboard(request.user, year)
    chart_list = _charts(board)
    charted = {id(entry["table"]): entry["svg"] for entry in chart_list}
    sections = [{"table": table, "chart": charted.get(id(table))} for table in board.all_tables()]
    return render(
        request,
        "workspace/figures/dashboard.html",
        {
            "board": board,
            "sections": sections,
            "years": figures.years(),
            "threshold": figures.suppression.threshold(),
            "periods": figures.recent_periods(),
        },
    )


def table_csv(request, table):
    year = _year(request)
    board = figures.dashboard(request.user, year)
    found = board.table(table)
    if found is None:
        raise Http404
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.slug}-{year}.csv"'
    response.write("\ufeff")  # spreadsheets read the accents right
    writer = csv.writer(response, delimiter=";")
    writer.writerow([found.first_column, *[label for _key, label in found.columns]])
    for row in found.rows:
        writer.writerow([row["label"], *[cell.text for cell in row["cells"]]])
    private = board.level != "public"
    return files.protect(response, cache=files.PRIVATE if private else files.PUBLIC)


def yearly_pdf(request, year):
    if not 2000 <= year <= 2100:
        raise Http404
    board = figures.dashboard(request.user, year)
    chart_list = _charts(board)
    charted = {id(entry["table"]): entry["svg"] for entry in chart_list}
    sections = [{"table": table, "chart": charted.get(id(table))} for table in board.all_tables()]
    html = render_to_string(
        "workspace/figures/pdf.html",
        {
            "board": board,
            "sections": sections,
            "threshold": figures.suppression.threshold(),
            "made_on": timezone.localdate(),
        },
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="chiffres-{year}.pdf"'
    private = board.level != "public"
    return files.protect(response, cache=files.PRIVATE if private else files.PUBLIC)


# --- Reports ---------------------------------------------------------------------------------


@login_required
def reports(request):
    if not permissions.can_use_reports(request.user):
        raise PermissionDenied
    user = request.user
    coordinator = permissions.can_see_all_figures(user)
    period = figures.current_period().previous()
    if coordinator:
        listed = figures.reports_of(Association.objects.all())[:60]
    else:
        listed = figures.reports_of(permissions.figures_associations(user))
    return render(
        request,
        "workspace/figures/reports.html",
        {
            "reports": listed,
            "coordinator": coordinator,
            "period": period,
            "missing": list(figures.missing_reports(period)) if coordinator else [],
            "reporting": permissions.report_associations(user) if not coordinator else [],
            "current": figures.current_period(),
        },
    )


def _report_form_page(request, form, association=None, report=None, status=200):
    return render(
        request,
        "workspace/figures/report_form.html",
        {
            "form": form,
            "association": association,
            "report": report,
            "history": figures.history(report) if report else [],
            "existing": getattr(form, "existing", None),
            "report_values": [
                (label, getattr(report, name)) for name, label in figures.report_field_labels()
            ]
            if report
            else [],
        },
        status=status,
    )


@login_required
def report_new(request, slug):
    association = get_object_or_404(Association.objects.active(), slug=slug)
    if not permissions.can_report_figures(request.user, association):
        raise Http404
    if request.method == "POST":
        form = ReportForm(request.POST, association=association)
        if form.is_valid():
            try:
                report = figures.create_report(
                    request.user,
                    association,
                    form.cleaned_data["period"],
                    form.values(),
                    form.cleaned_data["notes"],
                )
            except figures.AlreadyReported as already:
                form.existing = already.report
                form.add_error(None, _("This period was reported meanwhile: correct that report."))
                return _report_form_page(request, form, association, status=409)
            messages.success(
                request,
                _("The figures of %(period)s are saved. Thank you.")
                % {"period": report.period.label},
            )
            return redirect("figures:report", pk=report.pk)
        return _report_form_page(request, form, association, status=400)
    period = Period.parse(request.GET.get("periode", ""))
    if period is not None:
        existing = figures.report_for(association, period)
        if existing is not None:
            messages.info(
                request,
                _("%(period)s is already reported: you can correct it here.")
                % {"period": period.label},
            )
            return redirect("figures:report", pk=existing.pk)
    initial = {"period": (period or figures.current_period().previous()).code}
    form = ReportForm(initial=initial, association=association)
    return _report_form_page(request, form, association)


@login_required
def report_detail(request, pk):
    report = get_object_or_404(ActivityReport.objects.select_related("association"), pk=pk)
    if not permissions.can_view_report(request.user, report):
        raise Http404
    editable = permissions.can_report_figures(request.user, report.association)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        form = ReportForm(request.POST, report=report)
        if form.is_valid():
            _report, changed = figures.correct_report(
                request.user, report, form.values(), form.cleaned_data["notes"]
            )
            if changed:
                messages.success(
                    request, _("The report is corrected; the history keeps the former figures.")
                )
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("figures:report", pk=report.pk)
        return _report_form_page(request, form, report.association, report, status=400)
    form = (
        ReportForm(initial={**report.values(), "notes": report.notes}, report=report)
        if editable
        else None
    )
    return _report_form_page(request, form, report.association, report)


@require_POST
@coordinator_required
def remind(request):
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a period in the list."))
        return redirect("figures:reports")
    sent = figures.send_reminders(form.cleaned_data["period"], by=request.user)
    messages.success(
        request,
        _("Reminders sent to %(count)s associations (each one is reminded once per period).")
        % {"count": sent},
    )
    return redirect("figures:reports")


@require_POST
@coordinator_required
def publish(request):
    form = PeriodForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a period in the list."))
        return redirect("figures:dashboard")
    period = form.cleaned_data["period"]
    if request.POST.get("action") == "unpublish":
        figures.unpublish_period(request.user, period)
        messages.success(request, _("%(period)s is no longer public.") % {"period": period.label})
    else:
        figures.publish_period(request.user, period)
        messages.success(
            request,
            _("The network totals of %(period)s are public (small counts hidden).")
            % {"period": period.label},
        )
    return redirect(reverse("figures:dashboard") + f"?annee={period.start.year}")


# --- Allocations -----------------------------------------------------------------------------


@login_required
def allocations(request):
    user = request.user
    if not permissions.can_view_allocations(user):
        raise PermissionDenied
    coordinator = permissions.can_record_allocation(user)
    year = _year(request)
    associations = None if coordinator else permissions.figures_associations(user)
    return render(
        request,
        "workspace/figures/allocations.html",
        {
            "allocations": figures.allocations_of(associations).filter(given_on__year=year),
            "totals": figures.allocations_table(year, associations),
            "coordinator": coordinator,
            "year": year,
            "years": figures.years(),
        },
    )


@login_required
def allocation_new(request):
    if not permissions.can_record_allocation(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = AllocationForm(request.POST)
        if form.is_valid():
            allocation = figures.record_allocation(request.user, **form.cleaned_data)
            messages.success(
                request,
                _("The allocation to %(name)s is recorded.") % {"name": allocation.association},
            )
            return redirect(reverse("figures:allocations") + f"?annee={allocation.given_on.year}")
        status = 400
    else:
        form = AllocationForm()
        status = 200
    return render(request, "workspace/figures/allocation_form.html", {"form": form}, status=status)
