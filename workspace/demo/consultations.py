"""Demo content of the consultations: a decision to take on the next meeting's agenda, put
to the associations, with a few positions (one disagrees with a reason). Written as rows,
like the rest of the demo: it notifies nobody. Idempotent."""

import datetime

from django.utils import timezone

from ..models import (
    Association,
    Consultation,
    MeetingPage,
    MeetingStatus,
    Position,
    Stance,
    Topic,
    TopicKind,
    TopicStatus,
    User,
)
from ..services import agenda

TITLE = "Un local de stockage commun"
POSITIONS = [
    ("panier-epeule", Stance.AGREE, ""),
    ("secours-hommelet", Stance.AGREE, "Nous pouvons y déposer nos colis du jeudi."),
    ("main-tendue-pile", Stance.ABSTAIN, "Nous sommes trop loin pour en profiter."),
    (
        "soupe-fresnoy",
        Stance.DISAGREE,
        "Le loyer pèserait sur notre budget : nous préférons des dépôts chez les uns et les autres.",
    ),
]


def load(command):
    if Consultation.objects.exists():
        return
    following = (
        MeetingPage.objects.live()
        .filter(status=MeetingStatus.AGENDA_PUBLISHED, date__gte=timezone.localdate())
        .order_by("date")
        .first()
    )
    if following is None:
        return
    coordinator = User.objects.get(email="coordination@exemple.org")
    associations = {a.slug: a for a in Association.objects.all()}
    proposer = associations["solidarite-alma"]
    topic = Topic.objects.create(
        title=TITLE,
        description=(
            "Louer à plusieurs un local près de la gare pour stocker les denrées sèches et "
            "le lait infantile que donne le CCAS."
        ),
        association=proposer,
        proposed_by=User.objects.get(email="editeur@solidarite-alma.exemple.org"),
        kind=TopicKind.DECISION,
        estimated_minutes=20,
        meeting=following,
        status=TopicStatus.ACCEPTED,
        answered_by=coordinator,
        answered_at=timezone.now(),
    )
    agenda.add_topic_item(following, topic)
    # Open until the evening before the meeting.
    closes = timezone.make_aware(
        datetime.datetime.combine(following.date - datetime.timedelta(days=1), datetime.time(18))
    )
    consultation = Consultation.objects.create(
        topic=topic,
        meeting=following,
        question="Louons-nous ensemble un local de stockage, au loyer partagé selon la taille de chaque association ?",
        closes_at=max(closes, timezone.now() + datetime.timedelta(days=2)),
        opened_by=coordinator,
    )
    for slug, stance, reason in POSITIONS:
        Position.objects.create(
            consultation=consultation,
            association=associations[slug],
            stance=stance,
            reason=reason,
            author=User.objects.get(email=f"editeur@{slug}.exemple.org"),
        )
    command.created += 2 + len(POSITIONS)
