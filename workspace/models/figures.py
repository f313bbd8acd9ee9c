"""The network's figures: each association's activity reports (aggregate counts only, never
who was helped), their corrections, the CCAS's allocations, and the periods the coordinator
made public.

A period is a month or a quarter, stored as its first day and its kind; the network settings
say which kind new reports are asked for (``NetworkSettings.report_frequency``)."""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from entraide.dates import format_date

from .networks import network_field, scoped_manager
from .people import Association

MONTH_NAMES = [
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
]


class PeriodKind(models.TextChoices):
    MONTH = "month", _("every month")
    QUARTER = "quarter", _("every quarter")


class Period:
    """A month or a quarter: ``kind`` and its first day ``start``."""

    def __init__(self, kind, start):
        self.kind = kind
        self.start = start

    @classmethod
    def containing(cls, kind, day):
        if kind == PeriodKind.QUARTER:
            return cls(kind, datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1))
        return cls(kind, datetime.date(day.year, day.month, 1))

    @classmethod
    def parse(cls, text):
        """ "2026-11" (a month) or "2026-T4" (a quarter); None when it is neither."""
        text = (text or "").strip().upper()
        try:
            year, rest = text.split("-", 1)
            year = int(year)
            if rest.startswith("T"):
                quarter = int(rest[1:])
                if 1 <= quarter <= 4 and 2000 <= year <= 2100:
                    return cls(PeriodKind.QUARTER, datetime.date(year, 3 * quarter - 2, 1))
            else:
                month = int(rest)
                if 1 <= month <= 12 and 2000 <= year <= 2100:
                    return cls(PeriodKind.MONTH, datetime.date(year, month, 1))
        except ValueError:
            pass
        return None

    @property
    def months(self):
        return 3 if self.kind == PeriodKind.QUARTER else 1

    @property
    def end(self):
        """The period's last day."""
        month = self.start.month + self.months
        year = self.start.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return datetime.date(year, month, 1) - datetime.timedelta(days=1)

    def previous(self):
        return Period.containing(self.kind, self.start - datetime.timedelta(days=1))

    def next(self):
        return Period.containing(self.kind, self.end + datetime.timedelta(days=1))

    @property
    def code(self):
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}-T{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m}"

    @property
    def label(self):
        if self.kind == PeriodKind.QUARTER:
            quarter = (self.start.month - 1) // 3 + 1
            return _("Q%(quarter)s %(year)s") % {"quarter": quarter, "year": self.start.year}
        return f"{MONTH_NAMES[self.start.month - 1]} {self.start.year}"

    @property
    def short_label(self):
        if self.kind == PeriodKind.QUARTER:
            return _("Q%(quarter)s") % {"quarter": (self.start.month - 1) // 3 + 1}
        return str(MONTH_NAMES[self.start.month - 1])[:4].rstrip(".") + "."

    def __eq__(self, other):
        return isinstance(other, Period) and (self.kind, self.start) == (other.kind, other.start)

    def __hash__(self):
        return hash((self.kind, self.start))

    def __lt__(self, other):
        return (self.start, self.kind) < (other.start, other.kind)

    def __repr__(self):
        return f"Period({self.code})"

    def __str__(self):
        return str(self.label)


# The figures of a report, in the order forms, tables and CSV files show them.
REPORT_FIELDS = [
    "households",
    "people",
    "children_under_3",
    "children_other",
    "new_registrations",
    "distributions",
    "volunteers",
]


def count_field(label, help_text=""):
    return models.PositiveIntegerField(
        label, default=0, validators=[MinValueValidator(0)], help_text=help_text
    )


class ActivityReport(models.Model):
    """What one association did in one period, as counts."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="activity_reports",
    )
    period_kind = models.CharField(
        _("kind of period"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.MONTH
    )
    period_start = models.DateField(_("first day of the period"))
    households = count_field(_("households helped"))
    people = count_field(_("people in these households"), _("Adults and children, all together."))
    children_under_3 = count_field(_("of whom children under 3"))
    children_other = count_field(_("of whom other children (3 to 17)"))
    new_registrations = count_field(_("new registrations"))
    distributions = count_field(_("distributions or meals served"))
    volunteers = count_field(_("volunteers active"))
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("Optional. Never the name of a person helped."),
    )
    created_at = models.DateTimeField(_("reported on"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last changed on"), default=timezone.now)

    objects = scoped_manager(path="association__network")

    class Meta:
        verbose_name = _("activity report")
        verbose_name_plural = _("activity reports")
        ordering = ["-period_start", "association__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "period_kind", "period_start"],
                name="one_report_per_association_and_period",
            )
        ]
        indexes = [models.Index(fields=["period_kind", "period_start"])]

    def __str__(self):
        return f"{self.association} – {self.period.label}"

    @property
    def period(self):
        return Period(self.period_kind, self.period_start)

    @property
    def adults(self):
        return max(self.people - self.children_under_3 - self.children_other, 0)

    def values(self):
        return {name: getattr(self, name) for name in REPORT_FIELDS}


class ReportRevision(models.Model):
    """One saved state of a report: the first entry and every correction, kept as history."""

    report = models.ForeignKey(ActivityReport, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveSmallIntegerField(_("version"))
    values = models.JSONField(_("figures"))
    notes = models.TextField(_("notes"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed on"), default=timezone.now)

    class Meta:
        verbose_name = _("version of a report")
        verbose_name_plural = _("versions of reports")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_revision_number")
        ]

    def __str__(self):
        return f"{self.report} v{self.number}"


class Allocation(models.Model):
    """What the CCAS gave an association on a day: budget, nappies, infant milk, other goods."""

    association = models.ForeignKey(
        Association,
        verbose_name=_("association"),
        on_delete=models.CASCADE,
        related_name="allocations",
    )
    given_on = models.DateField(_("date"), default=timezone.localdate)
    budget = models.DecimalField(
        _("food-aid budget (euros)"),
        max_digits=10,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    nappies = count_field(_("nappies (packs)"))
    infant_milk = count_field(_("infant milk (tins)"))
    other_goods = models.CharField(
        _("other goods in kind"),
        max_length=200,
        blank=True,
        help_text=_("For example: 20 kg of pasta, hygiene kits."),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded on"), default=timezone.now)

    objects = scoped_manager(path="association__network")

    class Meta:
        verbose_name = _("CCAS allocation")
        verbose_name_plural = _("CCAS allocations")
        ordering = ["-given_on", "association__name", "-pk"]
        indexes = [models.Index(fields=["given_on"])]

    def __str__(self):
        return f"{self.association} – {format_date(self.given_on)}"


class PublishedPeriod(models.Model):
    """A period whose network totals the coordinator made public."""

    period_kind = models.CharField(
        _("kind of period"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.MONTH
    )
    period_start = models.DateField(_("first day of the period"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published on"), default=timezone.now)

    network = network_field()
    objects = scoped_manager(path="network")

    class Meta:
        verbose_name = _("published period")
        verbose_name_plural = _("published periods")
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "period_kind", "period_start"],
                name="one_publication_per_period",
            )
        ]

    def __str__(self):
        return str(self.period.label)

    @property
    def period(self):
        return Period(self.period_kind, self.period_start)
