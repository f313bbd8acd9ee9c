"""Demo discussions in each state, follows, notifications and preferences. Sends no e-mail."""

from django.utils import timezone

from ..models import (
    Category,
    Discussion,
    DiscussionStatus,
    DiscussionSupport,
    Event,
    Mode,
    Notification,
    Preference,
    Theme,
    TopicKind,
    User,
)
from ..notifications import follows
from ..services import comments, topics
from .people import demo_associations

DISCUSSIONS = [
    (
        "relais-hauts-champs",
        "Plus de familles après les régularisations d'électricité",
        "Depuis octobre, une dizaine de familles par semaine arrivent après avoir payé une régularisation "
        "d'électricité. Elles n'étaient jamais venues.",
        "energie",
        ["panier-epeule", "solidarite-alma", "entraide-moulin"],
    ),
    (
        "secours-hommelet",
        "Rupture de lait infantile deuxième âge",
        "Nous n'avons plus de lait deuxième âge depuis deux semaines ; les familles se rabattent sur le lait de vache.",
        "petite-enfance",
        ["partage-sainte-elisabeth"],
    ),
    (
        "partage-sainte-elisabeth",
        "Un nouveau groupe de personnes sans papiers au centre",
        "Un groupe d'une vingtaine de personnes arrivées récemment vient à la distribution du jeudi.",
        "sans-papiers",
        ["main-tendue-pile", "soupe-fresnoy"],
    ),
    (
        "amis-cul-de-four",
        "Bénévoles épuisés en fin d'année",
        "Trois bénévoles ont arrêté ; les distributions de décembre sont difficiles à tenir.",
        "benevoles",
        [],
    ),
]


def load(command):
    if Discussion.objects.exists():
        return
    coordinator = User.objects.get(email="coordination@exemple.org")
    associations = {a.slug: a for a in demo_associations()}
    themes = {t.slug: t for t in Theme.objects.all()}
    created = []
    for slug, title, situation, theme, seen_by in DISCUSSIONS:
        editor = User.objects.get(email=f"editeur@{slug}.exemple.org")
        discussion = Discussion.objects.create(
            title=title, situation=situation, association=associations[slug], opened_by=editor
        )
        if theme in themes:
            discussion.themes.add(themes[theme])
        follows.follow(editor, discussion, explicit=False)
        for other in seen_by:
            member = User.objects.get(email=f"membre@{other}.exemple.org")
            DiscussionSupport.objects.create(
                discussion=discussion,
                association=associations[other],
                user=member,
                note="Nous aussi, depuis peu.",
            )
            follows.follow(member, discussion, explicit=False)
        created.append(discussion)
        command.created += 1
    energy, milk, newcomers, volunteers = created
    comments.post(
        energy,
        User.objects.get(email="membre@panier-epeule.exemple.org"),
        "Même constat à l'Épeule, surtout des retraités.",
    )
    comments.post(
        newcomers, coordinator, "Le CCAS peut organiser une permanence d'accès aux droits."
    )
    # Raised to the next meeting: a proposed topic linked both ways.
    topic = topics.propose_topic(
        User.objects.get(email="editeur@relais-hauts-champs.exemple.org"),
        association=energy.association,
        title=energy.title,
        description=energy.situation,
        kind=TopicKind.DISCUSSION,
        estimated_minutes=20,
    )
    energy.topic = topic
    energy.status = DiscussionStatus.RAISED
    energy.save(update_fields=["topic", "status"])
    # Closed with an outcome.
    milk.status = DiscussionStatus.CLOSED
    milk.outcome = "Le CCAS a réparti son stock de lait deuxième âge entre quatre associations ; point en février."
    milk.closed_at = timezone.now()
    milk.save(update_fields=["status", "outcome", "closed_at"])
    # Preferences and notifications for the demo accounts.
    member = User.objects.get(email="membre@panier-epeule.exemple.org")
    Preference.objects.get_or_create(
        user=member, category=Category.COMMENTS, defaults={"mode": Mode.WEEKLY}
    )
    for discussion, kind in ((energy, "discussion_raised"), (milk, "discussion_closed")):
        event = Event.objects.create(
            kind=kind,
            key=f"discussion:{discussion.pk}:demo:{kind}",
            payload={"discussion_id": discussion.pk},
            processed_at=timezone.now(),
        )
        for follower in follows.followers(discussion):
            Notification.objects.create(
                user=follower,
                event=event,
                category=Category.DISCUSSIONS,
                title=("Porté en réunion : " if kind == "discussion_raised" else "Clos : ")
                + discussion.title,
                url=discussion.get_absolute_url(),
                group=discussion.title,
            )
