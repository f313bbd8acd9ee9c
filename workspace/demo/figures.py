"""The demo figures: two years of monthly reports for the ten associations, with the seasons
of food aid (more in winter and at the start of the school year, less in summer when several
associations close), one small association whose counts the public tables hide, one report
corrected (its history shows it), CCAS allocations every quarter and the periods published.

Numbers come from a generator seeded by each association's slug: a second run finds every
row already there and changes nothing (idempotent)."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from ..models import (
    ActivityReport,
    Allocation,
    Association,
    Period,
    PeriodKind,
    PublishedPeriod,
    ReportRevision,
    User,
)
from .people import ASSOCIATIONS, COORDINATOR, editor_email

# Households helped in an ordinary month, per association.
SIZES = {
    "panier-epeule": 180,
    "solidarite-alma": 140,
    "main-tendue-pile": 95,
    "epicerie-trois-ponts": 120,
    "secours-hommelet": 210,
    "amis-cul-de-four": 60,
    "partage-sainte-elisabeth": 75,
    "soupe-fresnoy": 4,  # a very small one: its neighbourhood's counts are hidden
    "entraide-moulin": 110,
    "relais-hauts-champs": 85,
}
# How a month compares with an ordinary one: winter and September up, summer down.
SEASON = {1: 1.2, 2: 1.15, 3: 1.05, 4: 1.0, 5: 0.95, 6: 0.9, 7: 0.7, 8: 0.55, 9: 1.1}
SEASON.update({10: 1.05, 11: 1.15, 12: 1.3})
MONTHS = 24


def months_back(today, count=MONTHS):
    """The ``count`` months before the current one, oldest first."""
    period = Period.containing(PeriodKind.MONTH, today).previous()
    found = []
    for _index in range(count):
        found.append(period)
        period = period.previous()
    return list(reversed(found))


def figures_for(rng, size, period):
    factor = SEASON[period.start.month] * rng.uniform(0.92, 1.08)
    households = max(int(round(size * factor)), 0)
    people = int(round(households * rng.uniform(2.3, 2.9))) if households else 0
    under_3 = int(round(people * rng.uniform(0.06, 0.1)))
    other = int(round(people * rng.uniform(0.25, 0.33)))
    rentree = 1.8 if period.start.month == 9 else 1.0
    return {
        "households": households,
        "people": max(people, under_3 + other),
        "children_under_3": under_3,
        "children_other": other,
        "new_registrations": int(round(households * rng.uniform(0.05, 0.12) * rentree)),
        "distributions": int(round((8 if size > 20 else 2) * factor)) or 1,
        "volunteers": max(2, int(round(size / 12 * rng.uniform(0.8, 1.2)))),
    }


def load(command):
    today = timezone.localdate()
    periods = months_back(today)
    associations = {
        a.slug: a for a in Association.objects.filter(slug__in=[d["slug"] for d in ASSOCIATIONS])
    }
    editors = {u.email: u for u in User.objects.filter(email__in=[editor_email(s) for s in SIZES])}
    coordinator = User.objects.filter(email=COORDINATOR["email"]).first()
    existing = set(
        ActivityReport.objects.filter(period_kind=PeriodKind.MONTH).values_list(
            "association_id", "period_start"
        )
    )
    new_reports = []
    for slug, size in SIZES.items():
        association = associations.get(slug)
        if association is None:
            continue
        rng = random.Random(f"figures-{slug}")
        for index, period in enumerate(periods):
            # A little growth over the two years.
            values = figures_for(rng, size * (1 + 0.1 * index / MONTHS), period)
            if (association.pk, period.start) in existing:
                continue
            # Associations that close in August (the small ones) report nothing then.
            if period.start.month == 8 and size < 70:
                continue
            sent = timezone.make_aware(
                datetime.datetime.combine(
                    period.end + datetime.timedelta(days=5), datetime.time(10)
                )
            )
            new_reports.append(
                ActivityReport(
                    association=association,
                    period_kind=PeriodKind.MONTH,
                    period_start=period.start,
                    created_by=editors.get(editor_email(slug)),
                    created_at=sent,
                    updated_at=sent,
                    notes="Fermeture une semaine pour inventaire."
                    if period.start.month == 5 and index % 7 == 0
                    else "",
                    **values,
                )
            )
    created = ActivityReport.objects.bulk_create(new_reports)
    # Both databases give the new rows their keys back from ``bulk_create``.
    ReportRevision.objects.bulk_create(
        ReportRevision(
            report=report,
            number=1,
            values=report.values(),
            notes=report.notes,
            changed_by=report.created_by,
            changed_at=report.created_at,
        )
        for report in created
    )
    command.created += len(created)
    _correct_one(periods, associations, editors)
    _allocations(today, periods, associations, coordinator, command)
    _publish(today, periods, coordinator)


def _correct_one(periods, associations, editors):
    """The Épeule's report of three months ago was corrected: a typo in the people."""
    association = associations.get("panier-epeule")
    if association is None or len(periods) < 3:
        return
    report = ActivityReport.objects.filter(
        association=association, period_kind=PeriodKind.MONTH, period_start=periods[-3].start
    ).first()
    if report is None or report.revisions.count() > 1:
        return
    first = report.revisions.get(number=1)
    first.values = {**first.values, "people": report.people * 10}
    first.save(update_fields=["values"])
    ReportRevision.objects.create(
        report=report,
        number=2,
        values=report.values(),
        notes=report.notes,
        changed_by=editors.get(editor_email("panier-epeule")),
        changed_at=report.created_at + datetime.timedelta(days=2),
    )


def _allocations(today, periods, associations, coordinator, command):
    """Every quarter, the CCAS shares its budget, nappies and milk by the associations' size."""
    if Allocation.objects.filter(note__startswith="Dotation trimestrielle").exists():
        return
    rows = []
    quarters = sorted({Period.containing(PeriodKind.QUARTER, p.start) for p in periods})
    for quarter in quarters:
        day = quarter.start + datetime.timedelta(days=9)
        if day > today:
            continue
        for slug, size in SIZES.items():
            association = associations.get(slug)
            if association is None:
                continue
            rows.append(
                Allocation(
                    association=association,
                    given_on=day,
                    budget=Decimal(size * 15).quantize(Decimal("1")),
                    nappies=size // 6,
                    infant_milk=size // 8,
                    other_goods="Kits d'hygiène" if quarter.start.month == 10 else "",
                    note=f"Dotation trimestrielle {quarter.label}",
                    recorded_by=coordinator,
                )
            )
    Allocation.objects.bulk_create(rows)
    command.created += len(rows)


def _publish(today, periods, coordinator):
    """Every month but the last two are public."""
    for period in periods[:-2]:
        PublishedPeriod.objects.get_or_create(
            period_kind=period.kind,
            period_start=period.start,
            defaults={"published_by": coordinator},
        )
