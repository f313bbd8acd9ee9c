"""Opening consultations on decisions and taking positions on them.

Every write goes through these functions, which check what the forms check too (a closing
date in the future, a consultation still open, a reason to block) so that no other way in
skips them, and record the events that notify people.
"""

import hashlib

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import notifications
from ..models import Consultation, Position, Stance, TopicKind, TopicStatus

# Topics on which a consultation may open: on an agenda (before the meeting) or discussed.
CONSULTABLE = (TopicStatus.ACCEPTED, TopicStatus.DISCUSSED)


class ConsultationError(ValueError):
    """What the person asked cannot be done; the message says why, in their language."""


def check_closing(closes_at, now=None):
    if closes_at is None:
        raise ConsultationError(_("Give the date and time when the consultation closes."))
    if closes_at <= (now or timezone.now()):
        raise ConsultationError(_("The closing date must be in the future."))


def open_consultation_on(topic, now=None):
    """The consultation of ``topic`` still open, if any."""
    return topic.consultations.filter(closes_at__gt=now or timezone.now()).first()


def topic_refusal(topic, now=None):
    """Why no consultation may open on ``topic`` now (a message), or None."""
    if topic.kind != TopicKind.DECISION:
        return _("A consultation opens only on a topic of the kind “decision to take”.")
    if topic.status not in CONSULTABLE:
        return _("A consultation opens on a topic accepted on an agenda, before or at its meeting.")
    if open_consultation_on(topic, now) is not None:
        return _("A consultation is already open on this topic.")
    return None


@transaction.atomic
def open_on_topic(user, topic, *, question, closes_at, now=None):
    refusal = topic_refusal(topic, now)
    if refusal:
        raise ConsultationError(refusal)
    check_closing(closes_at, now)
    consultation = Consultation.objects.create(
        topic=topic, meeting=topic.meeting, question=question, closes_at=closes_at, opened_by=user
    )
    _opened(consultation)
    return consultation


def open_on_decision(decision_uuid, *, meeting, now=None):
    """The consultation still open on a decision of the minutes, if any."""
    return (
        Consultation.objects.filter(decision_uuid=decision_uuid, meeting=meeting)
        .filter(closes_at__gt=now or timezone.now())
        .first()
    )


@transaction.atomic
def open_on_draft_decision(
    user, *, meeting, decision_uuid, decision_text, question, closes_at, topic=None, now=None
):
    """A consultation on a decision being drafted in the minutes of ``meeting`` (its block
    id), and the topic its section covers, if any."""
    if not decision_uuid:
        raise ConsultationError(_("This decision is not saved in the minutes yet."))
    if open_on_decision(decision_uuid, meeting=meeting, now=now) is not None:
        raise ConsultationError(_("A consultation is already open on this decision."))
    check_closing(closes_at, now)
    consultation = Consultation.objects.create(
        topic=topic,
        meeting=meeting,
        decision_uuid=decision_uuid,
        decision_text=decision_text[:3000],
        question=question,
        closes_at=closes_at,
        opened_by=user,
    )
    _opened(consultation)
    return consultation


def _opened(consultation):
    notifications.emit(
        "consultation_opened",
        f"consultation:{consultation.pk}:opened",
        consultation_id=consultation.pk,
    )


@transaction.atomic
def take_position(consultation, user, association, *, stance, reason="", now=None):
    """``association`` takes (or changes) its position, given by ``user``, one of its editors
    (the view checks it). Refused once the consultation has closed, and to block without a
    reason. Each new position, and each change of stance or of the reason alone, is heard
    once; giving the same position and reason again changes nothing."""
    now = now or timezone.now()
    # Read again under a lock: the closing date is checked against the stored row.
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.is_open(now):
        raise ConsultationError(_("The consultation is closed: positions can no longer change."))
    if stance not in Stance.values:
        raise ConsultationError(_("Choose a position from the list."))
    reason = (reason or "").strip()
    if stance == Stance.BLOCK and not reason:
        raise ConsultationError(_("Say why your association blocks the decision."))
    position = (
        Position.objects.select_for_update()
        .filter(consultation=consultation, association=association)
        .first()
    )
    if position is not None and position.stance == stance and position.reason == reason:
        return position  # nothing changed (a second click): nobody hears of it again
    reason_only = position is not None and position.stance == stance
    if position is None:
        position = Position(consultation=consultation, association=association)
    position.stance, position.reason, position.author = stance, reason, user
    position.save()
    # One event per change, of the stance or of the reason only (keyed by the time of the
    # change and what it changed to).
    digest = hashlib.sha256(reason.encode()).hexdigest()[:12]
    notifications.emit(
        "position_taken",
        f"position:{position.pk}:{position.updated_at.isoformat()}:{stance}:{digest}",
        position_id=position.pk,
        consultation_id=consultation.pk,
        reason_only=reason_only,
    )
    return position


# --- Reading ---------------------------------------------------------------------------


def tally(consultation, positions=None):
    """{stance: count} in the order of the choices, zero counts included."""
    positions = list(consultation.positions.all()) if positions is None else positions
    counts = {stance: 0 for stance in Stance.values}
    for position in positions:
        counts[position.stance] = counts.get(position.stance, 0) + 1
    return counts


def positions_of(consultation):
    return list(consultation.positions.select_related("association").order_by("association__name"))


def counts_phrase(counts):
    """ "7 pour, 1 abstention, 1 contre": the stances taken, in the order of the choices."""
    words = {
        Stance.AGREE: lambda n: ngettext("%(n)d for", "%(n)d for", n),
        Stance.ABSTAIN: lambda n: ngettext("%(n)d abstention", "%(n)d abstentions", n),
        Stance.DISAGREE: lambda n: ngettext("%(n)d against", "%(n)d against", n),
        Stance.BLOCK: lambda n: ngettext("%(n)d block", "%(n)d blocks", n),
    }
    parts = [words[stance](n) % {"n": n} for stance, n in counts.items() if n]
    return ", ".join(parts) if parts else _("no position taken")


def reasons_phrase(positions):
    """The reasons of who did not agree: "le local est trop petit (Association B)"."""
    return _("; ").join(
        f"{position.reason} ({position.association.name})"
        for position in positions
        if position.reason and position.stance != Stance.AGREE
    )


def summary(consultation, positions=None):
    """Counts then reasons, as the minutes and the register show them."""
    positions = positions_of(consultation) if positions is None else positions
    text = counts_phrase(tally(consultation, positions))
    reasons = reasons_phrase(positions)
    if not reasons:
        return text
    return _("%(counts)s: %(reasons)s") % {"counts": text, "reasons": reasons}
