"""Orientation feedback: recorded without personal data, counted per association and
neighbourhood; "wrong information" reaches the association's editors through the
notification centre (``sheet_wrong_information``)."""

from django.db import transaction
from django.db.models import Count

from .. import notifications
from ..models import Association, FeedbackKind, Neighbourhood, OrientationFeedback


@transaction.atomic
def record_feedback(association, kind, note=""):
    feedback = OrientationFeedback.objects.create(
        association=association,
        kind=kind,
        note=(note or "").strip()[:200],
        neighbourhood=association.neighbourhood,
    )
    if kind == FeedbackKind.WRONG:
        notifications.emit(
            "sheet_wrong_information", f"sheet-feedback:{feedback.pk}", feedback_id=feedback.pk
        )
    return feedback


def _table(rows, key):
    table = {}
    for row in rows:
        entry = table.setdefault(row[key], {kind: 0 for kind in FeedbackKind.values})
        entry[row["kind"]] = row["n"]
    for entry in table.values():
        entry["total"] = sum(entry[kind] for kind in FeedbackKind.values)
    return table


def counts():
    """{"associations": [(association, {kind: n, "total": n})], "neighbourhoods": [(label, …)],
    "kinds": [(value, label)]}, in two queries."""
    by_association = _table(
        OrientationFeedback.objects.values("association", "kind").annotate(n=Count("pk")),
        "association",
    )
    by_neighbourhood = _table(
        OrientationFeedback.objects.values("neighbourhood", "kind").annotate(n=Count("pk")),
        "neighbourhood",
    )
    associations = Association.objects.filter(pk__in=by_association).order_by("name")
    return {
        "kinds": FeedbackKind.choices,
        "associations": [(a, by_association[a.pk]) for a in associations],
        "neighbourhoods": [
            (Neighbourhood(code).label, by_neighbourhood[code])
            for code in sorted(by_neighbourhood)
            if code in Neighbourhood.values
        ],
    }
