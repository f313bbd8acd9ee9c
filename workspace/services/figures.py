"""The network's figures: saving reports (with their history), allocations, publications and
reminders, and the tables of the dashboard, computed in the database.

Every table is built by a fixed number of queries whatever the number of associations and
periods (``GROUP BY`` in the database, one query per table). Tables shown beyond the
coordinator and the association itself go through ``suppression.protect`` first.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks

from .. import notifications, permissions
from ..models import (
    REPORT_FIELDS,
    ActivityReport,
    Allocation,
    Association,
    Attendance,
    Event,
    FeedbackKind,
    Neighbourhood,
    NetworkSettings,
    OrientationFeedback,
    Period,
    PeriodKind,
    Position,
    PublishedPeriod,
    ReportRevision,
    Topic,
)
from . import suppression

# The columns of the activity tables, in order. ``adults`` is worked out (people less the
# children); the others are the report's own fields.
MEASURES = [
    ("households", _("households")),
    ("people", _("people")),
    ("adults", _("adults")),
    ("children_under_3", _("children under 3")),
    ("children_other", _("other children")),
    ("new_registrations", _("new registrations")),
    ("distributions", _("distributions or meals")),
    ("volunteers", _("volunteers")),
]
MEASURE_KEYS = [key for key, _label in MEASURES]
# Adults and children make the people of a row: a group for the suppression.
PARTITION = (["adults", "children_under_3", "children_other"], "people")
# A jump this large from the previous period asks the editor to confirm.
JUMP_FACTOR = 10

ALLOCATION_COLUMNS = [
    ("budget", _("budget (€)")),
    ("nappies", _("nappies (packs)")),
    ("infant_milk", _("infant milk (tins)")),
    ("count", _("allocations")),
]


def measure_expression(key):
    if key == "adults":
        return F("people") - F("children_under_3") - F("children_other")
    return F(key)


def sums(prefix="t_"):
    return {f"{prefix}{key}": Sum(measure_expression(key)) for key in MEASURE_KEYS}


def maxima():
    return {f"max_{key}": Max(measure_expression(key)) for key in MEASURE_KEYS}


# --- Periods -----------------------------------------------------------------------------


def frequency():
    return NetworkSettings.load().report_frequency


def current_period(today=None):
    return Period.containing(frequency(), today or timezone.localdate())


def recent_periods(count=None, today=None):
    """The current period and those before it, newest first (what a report may be for): two
    years of them."""
    period = current_period(today)
    if count is None:
        count = 8 if period.kind == PeriodKind.QUARTER else 24
    found = []
    for _index in range(count):
        found.append(period)
        period = period.previous()
    return found


def is_future(period, today=None):
    return period.start > (today or timezone.localdate())


# --- Reports ----------------------------------------------------------------------------


def report_for(association, period):
    return ActivityReport.objects.filter(
        association=association, period_kind=period.kind, period_start=period.start
    ).first()


def previous_report(association, period):
    return report_for(association, period.previous())


def jumps(values, previous):
    """The figures that moved ``JUMP_FACTOR`` times or more from ``previous`` (a report),
    as ``[(field name, before, now)]``."""
    if previous is None:
        return []
    found = []
    for name in REPORT_FIELDS:
        before, now = getattr(previous, name), values.get(name)
        if not before or now is None:
            continue
        if now >= JUMP_FACTOR * before or now * JUMP_FACTOR <= before:
            found.append((name, before, now))
    return found


class AlreadyReported(Exception):
    def __init__(self, report):
        super().__init__(str(report))
        self.report = report


def _snapshot(report, user, now):
    number = (report.revisions.aggregate(last=Max("number"))["last"] or 0) + 1
    return ReportRevision.objects.create(
        report=report,
        number=number,
        values=report.values(),
        notes=report.notes,
        changed_by=user,
        changed_at=now,
    )


@transaction.atomic
def create_report(user, association, period, values, notes=""):
    """A new report; ``AlreadyReported`` when the period has one (it is to be edited)."""
    existing = report_for(association, period)
    if existing is not None:
        raise AlreadyReported(existing)
    now = timezone.now()
    try:
        with transaction.atomic():
            report = ActivityReport.objects.create(
                association=association,
                period_kind=period.kind,
                period_start=period.start,
                notes=notes,
                created_by=user,
                created_at=now,
                updated_at=now,
                **{name: values[name] for name in REPORT_FIELDS},
            )
    except IntegrityError:  # sent twice at once: the other one won
        raise AlreadyReported(report_for(association, period)) from None
    _snapshot(report, user, now)
    return report


@transaction.atomic
def correct_report(user, report, values, notes=""):
    """Change a report's figures; the former state stays in its history."""
    report = ActivityReport.objects.select_for_update().get(pk=report.pk)
    changed = any(getattr(report, name) != values[name] for name in REPORT_FIELDS)
    if not changed and report.notes == notes:
        return report, False
    for name in REPORT_FIELDS:
        setattr(report, name, values[name])
    report.notes = notes
    report.updated_at = timezone.now()
    report.save()
    _snapshot(report, user, report.updated_at)
    return report, True


def history(report):
    """The report's versions, newest first, each with what changed from the one before."""
    revisions = list(report.revisions.select_related("changed_by").order_by("number"))
    labels = dict(report_field_labels())
    entries = []
    before = None
    for revision in revisions:
        changes = []
        if before is not None:
            for name in REPORT_FIELDS:
                old, new = before.values.get(name), revision.values.get(name)
                if old != new:
                    changes.append({"label": labels[name], "old": old, "new": new})
            if before.notes != revision.notes:
                changes.append({"label": _("notes"), "old": None, "new": None, "notes": True})
        entries.append({"revision": revision, "changes": changes, "first": before is None})
        before = revision
    return list(reversed(entries))


def report_field_labels():
    return [(name, ActivityReport._meta.get_field(name).verbose_name) for name in REPORT_FIELDS]


def reports_of(associations):
    return (
        ActivityReport.objects.filter(association__in=associations)
        .select_related("association")
        .order_by("-period_start", "association__name")
    )


def missing_reports(period):
    """The active associations without a report for ``period``."""
    reported = ActivityReport.objects.filter(
        association=OuterRef("pk"), period_kind=period.kind, period_start=period.start
    )
    return Association.objects.active().filter(~Exists(reported)).order_by("name")


@transaction.atomic
def send_reminders(period, by=None):
    """Remind the editors of each association that has not reported for ``period``, once per
    association and period (through the notification centre); returns how many."""
    sent = 0
    for association in missing_reports(period):
        key = f"figures-missing:{association.pk}:{period.code}"
        if Event.objects.filter(key=key).exists():
            continue
        notifications.emit(
            "figures_missing",
            key,
            association_id=association.pk,
            period=period.code,
        )
        sent += 1
    return sent


def remind_last_period(today=None):
    """The beat task's work: a few days into a period, the one just ended is due."""
    return send_reminders(current_period(today).previous())


# --- Allocations --------------------------------------------------------------------------


@transaction.atomic
def record_allocation(user, **values):
    return Allocation.objects.create(recorded_by=user, **values)


def allocations_of(associations=None):
    queryset = Allocation.objects.select_related("association")
    if associations is not None:
        queryset = queryset.filter(association__in=associations)
    return queryset.order_by("-given_on", "association__name", "-pk")


def allocation_totals(queryset, kind):
    """Totals per period of ``kind`` (month or quarter), newest first."""
    trunc = TruncQuarter if kind == PeriodKind.QUARTER else TruncMonth
    rows = (
        queryset.annotate(period=trunc("given_on"))
        .values("period")
        .annotate(
            g_budget=Sum("budget"),
            g_nappies=Sum("nappies"),
            g_infant_milk=Sum("infant_milk"),
            g_count=Count("pk"),
        )
        .order_by("-period")
    )
    return [
        {
            "period": Period.containing(kind, _as_date(row["period"])),
            **{key: row[f"g_{key}"] for key, _label in ALLOCATION_COLUMNS},
        }
        for row in rows
    ]


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


# --- Publication --------------------------------------------------------------------------


@transaction.atomic
def publish_period(user, period):
    published, _created = PublishedPeriod.objects.get_or_create(
        period_kind=period.kind, period_start=period.start, defaults={"published_by": user}
    )
    return published


@transaction.atomic
def unpublish_period(user, period):
    PublishedPeriod.objects.filter(period_kind=period.kind, period_start=period.start).delete()


def published_periods():
    return {row.period for row in PublishedPeriod.objects.all()}


# --- Tables -------------------------------------------------------------------------------


@dataclass
class Cell:
    value: object
    hidden: bool = False
    label: str = ""

    @property
    def text(self):
        if self.hidden:
            return str(HIDDEN)
        if self.value is None:
            return "–"
        if isinstance(self.value, Decimal):
            return f"{self.value:.2f}".replace(".", ",")
        return str(self.value)


HIDDEN = _("hidden")


@dataclass
class Table:
    """One table of the dashboard, as shown on the page, in the CSV and in the PDF."""

    slug: str
    title: str
    columns: list  # [(key, label)]
    rows: list = field(
        default_factory=list
    )  # [{"label": str, "cells": {key: Cell}, "total": bool}]
    first_column: str = ""
    caption: str = ""
    protected: bool = False

    def add(self, label, values, total=False, hidden=()):
        self.rows.append(
            {
                "label": capfirst(label),
                "cells": [
                    Cell(values.get(key), key in hidden, label) for key, label in self.columns
                ],
                "values": values,
                "total": total,
            }
        )

    @property
    def has_hidden(self):
        return any(cell.hidden for row in self.rows for cell in row["cells"])

    @property
    def is_empty(self):
        return not self.rows


def _year_filter(queryset, year):
    return queryset.filter(period_start__year=year)


def visible_reports(user, year, public=False):
    """The reports that make the network totals for ``user`` in ``year``: every period for
    the network, published periods only for the public."""
    queryset = _year_filter(ActivityReport.objects.all(), year)
    if public:
        published = PublishedPeriod.objects.filter(
            period_kind=OuterRef("period_kind"), period_start=OuterRef("period_start")
        )
        queryset = queryset.filter(Exists(published))
    return queryset


def _row_values(row):
    return {key: row[key] for key in MEASURE_KEYS}


def network_tables(reports, protect, year):
    """The network totals per period (with the year's total) and per neighbourhood, for the
    year; ``protect``: hide small counts (everybody but the coordinator)."""
    per_period = list(
        reports.values("period_kind", "period_start")
        .annotate(**sums(), **maxima(), associations=Count("association", distinct=True))
        .order_by("period_start", "period_kind")
    )
    per_neighbourhood = list(
        reports.values("association__neighbourhood")
        .annotate(**sums(), associations=Count("association", distinct=True))
        .order_by("association__neighbourhood")
    )
    per_association = list(
        reports.values("association_id", "association__neighbourhood").annotate(**sums()).order_by()
    )
    total = reports.aggregate(**sums())

    values, contributions, groups = {}, {}, []
    periods = [Period(row["period_kind"], row["period_start"]) for row in per_period]
    neighbourhoods = [row["association__neighbourhood"] for row in per_neighbourhood]
    largest_year = {}
    largest_neighbourhood = {}
    for row in per_association:
        for key in MEASURE_KEYS:
            value = row[f"t_{key}"] or 0
            largest_year[key] = max(largest_year.get(key, 0), value)
            place = (row["association__neighbourhood"], key)
            largest_neighbourhood[place] = max(largest_neighbourhood.get(place, 0), value)
    for period, row in zip(periods, per_period, strict=True):
        for key in MEASURE_KEYS:
            values[("period", period, key)] = row[f"t_{key}"] or 0
            contributions[("period", period, key)] = row[f"max_{key}"] or 0
    for name, row in zip(neighbourhoods, per_neighbourhood, strict=True):
        for key in MEASURE_KEYS:
            values[("place", name, key)] = row[f"t_{key}"] or 0
            contributions[("place", name, key)] = largest_neighbourhood.get((name, key), 0)
    for key in MEASURE_KEYS:
        values[("year", key)] = total[f"t_{key}"] or 0
        contributions[("year", key)] = largest_year.get(key, 0)
        groups.append(([("period", period, key) for period in periods], ("year", key)))
        groups.append(([("place", name, key) for name in neighbourhoods], ("year", key)))
    members, whole = PARTITION
    for period in periods:
        groups.append(([("period", period, m) for m in members], ("period", period, whole)))
    for name in neighbourhoods:
        groups.append(([("place", name, m) for m in members], ("place", name, whole)))
    groups.append(([("year", m) for m in members], ("year", whole)))
    hidden = suppression.protect(values, groups, contributions) if protect else set()

    trend = Table(
        "totaux",
        _("Network totals per period"),
        MEASURES,
        first_column=_("period"),
        protected=protect,
    )
    for period in periods:
        trend.add(
            period.label,
            {key: values[("period", period, key)] for key in MEASURE_KEYS},
            hidden={key for key in MEASURE_KEYS if ("period", period, key) in hidden},
        )
        trend.rows[-1]["period"] = period
    if periods:
        trend.add(
            _("Total %(year)s") % {"year": year},
            {key: values[("year", key)] for key in MEASURE_KEYS},
            total=True,
            hidden={key for key in MEASURE_KEYS if ("year", key) in hidden},
        )
    places = Table(
        "quartiers",
        _("Totals per neighbourhood, %(year)s") % {"year": year},
        MEASURES,
        first_column=_("neighbourhood"),
        protected=protect,
    )
    labels = dict(Neighbourhood.choices)
    for name in neighbourhoods:
        places.add(
            labels.get(name, name),
            {key: values[("place", name, key)] for key in MEASURE_KEYS},
            hidden={key for key in MEASURE_KEYS if ("place", name, key) in hidden},
        )
    if neighbourhoods:
        places.add(
            pgettext_lazy("figures total row", "Network"),
            {key: values[("year", key)] for key in MEASURE_KEYS},
            total=True,
            hidden={key for key in MEASURE_KEYS if ("year", key) in hidden},
        )
    return trend, places


def association_periods(association, year):
    """One association's own figures per period of ``year`` (never hidden: its own)."""
    table = Table(
        f"association-{association.slug}",
        _("%(name)s, per period") % {"name": association.name},
        MEASURES,
        first_column=_("period"),
    )
    rows = (
        _year_filter(ActivityReport.objects.filter(association=association), year)
        .annotate(adults=measure_expression("adults"))
        .values("period_kind", "period_start", *MEASURE_KEYS)
        .order_by("period_start")
    )
    for row in rows:
        period = Period(row["period_kind"], row["period_start"])
        table.add(period.label, _row_values(row))
        table.rows[-1]["period"] = period
    return table


def _allocation_sums(year, associations=None):
    queryset = Allocation.objects.filter(given_on__year=year)
    if associations is not None:
        queryset = queryset.filter(association__in=associations)
    return {
        row["association_id"]: row
        for row in queryset.values("association_id").annotate(
            g_budget=Sum("budget"), g_nappies=Sum("nappies"), g_infant_milk=Sum("infant_milk")
        )
    }


PER_ASSOCIATION_COLUMNS = [
    ("households", _("households")),
    ("people", _("people")),
    ("children_under_3", _("children under 3")),
    ("budget", _("budget (€)")),
    ("budget_per_person", _("€ per person helped")),
    ("nappies", _("nappies (packs)")),
    ("infant_milk", _("infant milk (tins)")),
]


def associations_table(year, associations):
    """Figures and allocations of each of ``associations`` over the year: the coordinator's
    table (every association) or an association's own row."""
    table = Table(
        "associations",
        _("Per association, %(year)s: people helped and CCAS allocations") % {"year": year},
        PER_ASSOCIATION_COLUMNS,
        first_column=_("association"),
    )
    ids = [a.pk for a in associations]
    figures = {
        row["association_id"]: row
        for row in _year_filter(ActivityReport.objects.filter(association_id__in=ids), year)
        .values("association_id")
        .annotate(**sums())
        .order_by()
    }
    given = _allocation_sums(year, ids)
    for association in associations:
        row = figures.get(association.pk, {})
        gift = given.get(association.pk, {})
        people = row.get("t_people") or 0
        budget = gift.get("g_budget") or Decimal("0")
        table.add(
            association.name,
            {
                "households": row.get("t_households") or 0,
                "people": people,
                "children_under_3": row.get("t_children_under_3") or 0,
                "budget": budget,
                "budget_per_person": (budget / people).quantize(Decimal("0.01"))
                if people
                else None,
                "nappies": gift.get("g_nappies") or 0,
                "infant_milk": gift.get("g_infant_milk") or 0,
            },
        )
        table.rows[-1]["association"] = association
    return table


def allocations_table(year, associations=None):
    kind = frequency()
    queryset = Allocation.objects.filter(given_on__year=year)
    if associations is not None:
        queryset = queryset.filter(association__in=associations)
    table = Table(
        "dotations",
        _("CCAS allocations per period, %(year)s") % {"year": year},
        ALLOCATION_COLUMNS,
        first_column=_("period"),
    )
    for row in reversed(allocation_totals(queryset, kind)):
        table.add(row["period"].label, row)
    if table.rows:
        table.add(
            _("Total %(year)s") % {"year": year},
            {
                key: sum((r["values"][key] or 0) for r in table.rows)
                for key, _label in ALLOCATION_COLUMNS
            },
            total=True,
        )
    return table


def feedback_tables(year):
    """The orientation agents' feedback counts per association and per neighbourhood."""
    columns = [(kind.value, kind.label) for kind in FeedbackKind] + [("all", _("total"))]
    counts = {kind.value: Count("pk", filter=Q(kind=kind.value)) for kind in FeedbackKind}
    queryset = OrientationFeedback.objects.filter(created_on__year=year)
    per_association = Table(
        "orientations",
        _("Orientation feedback per association, %(year)s") % {"year": year},
        columns,
        first_column=_("association"),
    )
    for row in (
        queryset.values("association__name")
        .annotate(**counts, all=Count("pk"))
        .order_by("association__name")
    ):
        per_association.add(row["association__name"], row)
    per_place = Table(
        "orientations-quartiers",
        _("Orientation feedback per neighbourhood, %(year)s") % {"year": year},
        columns,
        first_column=_("neighbourhood"),
    )
    labels = dict(Neighbourhood.choices)
    for row in (
        queryset.values("neighbourhood")
        .annotate(**counts, all=Count("pk"))
        .order_by("neighbourhood")
    ):
        per_place.add(labels.get(row["neighbourhood"], row["neighbourhood"]), row)
    return per_association, per_place


@dataclass
class ParticipationColumn:
    """One count of the participation table: ``counts(start, end)`` returns
    ``{association id: count}`` in one query (the ``entraide_figures_participation`` hook)."""

    key: str
    label: str
    counts: object
    order: int = 0


def meetings_attended(start, end):
    return dict(
        Attendance.objects.filter(present=True, meeting__date__gte=start, meeting__date__lte=end)
        .values_list("association_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def topics_proposed(start, end):
    return dict(
        Topic.objects.filter(
            association__isnull=False, created_at__date__gte=start, created_at__date__lte=end
        )
        .values_list("association_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def positions_taken(start, end):
    """Positions given in consultations between ``start`` and ``end`` (by when first given)."""
    return dict(
        Position.objects.filter(created_at__date__gte=start, created_at__date__lte=end)
        .values_list("association_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def participation_columns():
    columns = []
    for hook in hooks.get_hooks("entraide_figures_participation"):
        columns.extend(hook())
    return sorted(columns, key=lambda column: column.order)


def participation_table(year, associations):
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    columns = participation_columns()
    table = Table(
        "participation",
        _("Participation in the network, %(year)s") % {"year": year},
        [(column.key, column.label) for column in columns],
        first_column=_("association"),
    )
    counted = {column.key: column.counts(start, end) for column in columns}
    for association in associations:
        table.add(
            association.name,
            {column.key: counted[column.key].get(association.pk, 0) for column in columns},
        )
    return table


# --- The dashboard -------------------------------------------------------------------------


@dataclass
class Dashboard:
    year: int
    level: str  # "coordinator", "association", "network", "public"
    tables: list = field(default_factory=list)
    own: list = field(default_factory=list)  # the person's associations' own tables
    trend: Table = None
    places: Table = None
    associations: Table = None
    allocations: Table = None
    participation: Table = None
    feedback: tuple = ()
    missing: list = field(default_factory=list)
    period: Period = None
    published: set = field(default_factory=set)

    def table(self, slug):
        for table in self.all_tables():
            if table.slug == slug:
                return table
        return None

    def all_tables(self):
        found = [self.trend, self.places, *self.own, self.associations, self.allocations]
        found += [self.participation, *self.feedback]
        return [table for table in found if table is not None]


def years():
    """The years that have reports, newest first (the current year at least)."""
    found = {day.year for day in ActivityReport.objects.dates("period_start", "year", order="DESC")}
    found.add(timezone.localdate().year)
    return sorted(found, reverse=True)


def level_of(user):
    if permissions.can_see_all_figures(user):
        return "coordinator"
    if permissions.figures_associations(user):
        return "association"
    if permissions.can_see_network_figures(user):
        return "network"
    return "public"


def dashboard(user, year):
    """What ``user`` may see of ``year``'s figures, table by table."""
    level = level_of(user)
    board = Dashboard(year=year, level=level)
    coordinator = level == "coordinator"
    reports = visible_reports(user, year, public=level == "public")
    board.trend, board.places = network_tables(reports, protect=not coordinator, year=year)
    if level == "public":
        board.places = None
    if coordinator:
        associations = list(Association.objects.active().order_by("name"))
        board.associations = associations_table(year, associations)
        board.allocations = allocations_table(year)
        board.participation = participation_table(year, associations)
        board.feedback = feedback_tables(year)
        board.period = current_period().previous()
        board.missing = list(missing_reports(board.period))
        board.published = published_periods()
    elif level == "association":
        associations = permissions.figures_associations(user)
        board.own = [association_periods(association, year) for association in associations]
        board.associations = associations_table(year, associations)
        board.allocations = allocations_table(year, associations)
        board.participation = participation_table(year, associations)
    return board
