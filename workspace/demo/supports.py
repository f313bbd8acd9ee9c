"""Demo "we too" on the next meeting's proposals, and a request waiting for months (the
coordination's list of requests without an answer). Sends no e-mail; a second run changes
nothing."""

import datetime

from django.utils import timezone

from ..models import Association, Membership, Role, Topic, TopicSupport

SUPPORTS = [
    (
        "Horaires d'ouverture pendant les fêtes",
        ["solidarite-alma", "secours-hommelet", "soupe-fresnoy"],
    ),
    ("Permanence logement commune", ["relais-hauts-champs", "partage-sainte-elisabeth"]),
    ("Maraudes d'hiver : coordonner les soirs de passage", ["main-tendue-pile"]),
]
# Proposed in the spring and deferred: it has waited more than two meetings.
LONG_WAITING = ("Permanence logement commune", 200)


def load(command):
    if TopicSupport.objects.exists():
        return
    associations = {a.slug: a for a in Association.objects.all()}
    members = {
        m.association.slug: m.user
        for m in Membership.objects.active()
        .filter(role=Role.MEMBER)
        .select_related("association", "user")
    }
    for title, slugs in SUPPORTS:
        topic = Topic.objects.filter(title=title).first()
        if topic is None:
            continue
        for slug in slugs:
            if slug in associations and associations[slug].pk != topic.association_id:
                TopicSupport.objects.create(
                    topic=topic, association=associations[slug], user=members.get(slug)
                )
                command.created += 1
    title, days = LONG_WAITING
    Topic.objects.filter(title=title).update(
        created_at=timezone.now() - datetime.timedelta(days=days)
    )
