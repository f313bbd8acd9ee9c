"""Demo needs and offers: open ones of each kind, one answered and matched, follows of a few
categories and the notifications they brought. Sends no e-mail (rows are written directly)."""

import datetime

from django.utils import timezone

from ..models import (
    Answer,
    Association,
    BoardCategory,
    Category,
    CategoryFollow,
    Event,
    Notification,
    Post,
    PostKind,
    PostStatus,
    User,
)

# (association, kind, category, title, quantity, unit, place, days ahead, details)
POSTS = [
    (
        "panier-epeule",
        PostKind.OFFER,
        BoardCategory.FRESH_FOOD,
        "30 kg de yaourts et fromages blancs à date courte",
        30,
        "kg",
        "Le Panier de l'Épeule, rue de l'Épeule",
        3,
        "Reçus du magasin de la rue de Lannoy, à consommer avant la fin de semaine. "
        "À venir chercher avec une glacière, mardi ou mercredi entre 14 h et 17 h.",
    ),
    (
        "amis-cul-de-four",
        PostKind.NEED,
        BoardCategory.VOLUNTEERS,
        "Deux bénévoles pour la distribution de samedi matin",
        2,
        "bénévoles",
        "Salle paroissiale du Cul-de-Four",
        9,
        "De 8 h 30 à 12 h : installation, accueil et rangement.",
    ),
    (
        "secours-hommelet",
        PostKind.NEED,
        BoardCategory.VEHICLE,
        "Une camionnette pour la collecte du jeudi à la Banque alimentaire",
        1,
        "camionnette",
        "Hommelet, départ rue de l'Hommelet",
        12,
        "Notre véhicule est au garage pour deux semaines ; un permis B suffit.",
    ),
    (
        "epicerie-trois-ponts",
        PostKind.NEED,
        BoardCategory.COLD_STORAGE,
        "De la place au froid pour 200 litres de lait pendant une semaine",
        200,
        "litres",
        "Trois-Ponts",
        6,
        "",
    ),
    (
        "relais-hauts-champs",
        PostKind.OFFER,
        BoardCategory.TRAINING,
        "Formation hygiène alimentaire pour les bénévoles : 4 places",
        4,
        "places",
        "Relais des Hauts-Champs",
        20,
        "Une matinée animée par une diététicienne du CCAS ; inscription par réponse.",
    ),
    (
        "main-tendue-pile",
        PostKind.OFFER,
        BoardCategory.EQUIPMENT,
        "Un congélateur coffre en bon état",
        1,
        "",
        "La Main tendue, Pile",
        15,
        "Nous en avons reçu un second ; à enlever sur place (deux personnes).",
    ),
]

# (answering association, the post's title, message)
ANSWERS = [
    (
        "soupe-fresnoy",
        "30 kg de yaourts et fromages blancs à date courte",
        "Nous passons mardi à 15 h avec deux glacières : cela ira pour notre soupe du mercredi.",
    ),
    (
        "entraide-moulin",
        "Deux bénévoles pour la distribution de samedi matin",
        "Une de nos bénévoles peut venir ce samedi ; elle vous appelle jeudi.",
    ),
]

# Demo people who follow board categories.
FOLLOWS = {
    "membre@soupe-fresnoy.exemple.org": [BoardCategory.FRESH_FOOD, BoardCategory.COLD_STORAGE],
    "membre@panier-epeule.exemple.org": [BoardCategory.VOLUNTEERS, BoardCategory.VEHICLE],
}


def load(command):
    if Post.objects.exists():
        return
    today = timezone.localdate()
    associations = {a.slug: a for a in Association.objects.all()}
    posts = {}
    for slug, kind, category, title, quantity, unit, place, days, details in POSTS:
        post = Post.objects.create(
            association=associations[slug],
            created_by=User.objects.get(email=f"editeur@{slug}.exemple.org"),
            kind=kind,
            category=category,
            title=title,
            description=details,
            quantity=quantity,
            unit=unit,
            place=place,
            until=today + datetime.timedelta(days=days),
        )
        posts[title] = post
        command.created += 1
    for slug, title, message in ANSWERS:
        Answer.objects.create(
            post=posts[title],
            association=associations[slug],
            user=User.objects.get(email=f"membre@{slug}.exemple.org"),
            message=message,
        )
    # The yoghurts went to the Soupe of Fresnoy.
    matched = posts[ANSWERS[0][1]]
    matched.status = PostStatus.MATCHED
    matched.matched_with = associations["soupe-fresnoy"]
    matched.closed_at = timezone.now()
    matched.save(update_fields=["status", "matched_with", "closed_at"])

    now = timezone.now()
    for email, categories in FOLLOWS.items():
        user = User.objects.get(email=email)
        for category in categories:
            CategoryFollow.objects.get_or_create(user=user, category=category)
        for post in posts.values():
            if post.category not in categories or post.association.slug in email:
                continue
            event, _created = Event.objects.get_or_create(
                key=f"board-post:{post.pk}:created",
                defaults={
                    "kind": "board_post_created",
                    "payload": {"post_id": post.pk},
                    "processed_at": now,
                },
            )
            label = "Offre" if post.kind == PostKind.OFFER else "Besoin"
            Notification.objects.create(
                user=user,
                event=event,
                category=Category.BOARD_POSTS,
                title=f"{label} de {post.association.name} : « {post.title} »",
                url=post.get_absolute_url(),
                group=post.title,
            )
