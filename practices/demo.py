"""Demo practices: the RESOLIS sheet of the network itself first, then practices of demo
associations, public and network-only, with adoptions, questions and a meeting link.

Idempotent (nothing is done when the RESOLIS practice exists) and sends no e-mail:
the events of the adoptions and questions are recorded as already processed.
"""

import datetime

from django.utils import timezone

from workspace.demo.people import demo_associations
from workspace.models import Event, Theme, Topic, TopicKind, User
from workspace.services import comments

from . import bootstrap
from .models import Adoption, AdoptionKind, Licence, PracticePage, PracticePresentation, Visibility

RESOLIS_SLUG = "ccas-roubaix-reseau-aide-alimentaire"


def _items(lines):
    return "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"


def _p(*paragraphs):
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def _steps(steps):
    return [{"type": "step", "value": {"title": title, "text": text}} for title, text in steps]


# The source document, structured the RESOLIS way (see shared/seed/ccas-roubaix-network.txt).
RESOLIS = {
    "slug": RESOLIS_SLUG,
    "title": "Le CCAS de Roubaix coordonne un réseau d'associations d'aide alimentaire",
    "summary": (
        "Le Centre Communal d'Action Sociale (CCAS) « Centre » de Roubaix coordonne un réseau "
        "d'associations caritatives du champ de l'aide alimentaire depuis 2014, afin de répondre "
        "efficacement aux besoins des personnes en difficulté et de favoriser l'entraide entre "
        "ces structures locales."
    ),
    "start_year": 2014,
    "place": "Roubaix",
    "contact": "Direction de l'action sociale du CCAS de Roubaix",
    "context": _p(
        "Tous les acteurs roubaisiens de la solidarité partagent le constat que les demandes "
        "d'aides émanant des ménages en difficulté, tant pour le règlement des factures "
        "énergétiques que pour une aide alimentaire, augmentent. Le CCAS de Roubaix lance alors "
        "une enquête et une analyse sur les besoins. Au printemps 2013, une chargée de mission "
        "est recrutée pour six mois afin de mener un diagnostic de l'aide alimentaire sur le "
        "territoire. Cette étude s'est révélée d'autant plus nécessaire quand l'Union européenne "
        "a envisagé, au 1er janvier 2014, d'interrompre le financement de l'aide alimentaire.",
    ),
    "objectives": _items(
        [
            "Renforcer les relations entre les associations d'aide alimentaire du territoire",
            "Permettre l'échange de pratiques et de savoir-faire",
            "Améliorer l'efficacité dans la réponse aux besoins alimentaires",
            "Repérer et comprendre les nouvelles problématiques émergentes",
        ]
    ),
    "actions": _steps(
        [
            (
                "Enquête et analyse des besoins",
                _p(
                    "Afin d'identifier les bénéficiaires et les associations œuvrant dans le "
                    "domaine de l'aide alimentaire."
                ),
            ),
            (
                "Présentation du diagnostic en septembre 2013",
                _items(
                    [
                        "26 184 inscriptions réalisées à Roubaix en 2012 (une personne peut "
                        "s'inscrire plusieurs fois)",
                        "Préconisations : renforcer la coordination entre les associations afin "
                        "d'améliorer l'efficacité de l'aide alimentaire ; recentrer les rencontres "
                        "sur le domaine de l'aide alimentaire auprès des personnes en difficulté",
                    ]
                ),
            ),
            (
                "Depuis 2014 : réunions itinérantes bimestrielles avec les associations",
                _items(
                    [
                        "Lieu : à tour de rôle, dans les locaux d'une des associations",
                        "Animation : par le directeur de l'action sociale du CCAS",
                        "Objectif : mieux se connaître, partager les problèmes actuels, échanger "
                        "sur les situations rencontrées, prendre connaissance des modes "
                        "opératoires existants et créer des partenariats",
                    ]
                ),
            ),
            (
                "Plate-forme de communication (la Fabrique) proposée par le CCAS aux petites "
                "associations",
                _items(
                    [
                        "Afin de les aider à mieux informer leurs publics : mise en ligne des "
                        "heures d'ouverture des structures d'aide, des personnes référentes, des "
                        "lieux et des principales activités des associations qui le souhaitent",
                        "Le public roubaisien est enclin à se diriger vers de petites structures, "
                        "très familiales, à l'échelle d'un quartier",
                    ]
                ),
            ),
        ]
    ),
    "results_association": (
        "<p><strong>Pour les associations :</strong></p>"
        + _items(
            [
                "Forte participation des acteurs associatifs locaux : réseau composé de 10 "
                "associations",
                "Reconnaissance et valorisation du travail des petites associations qui n'ont pas "
                "de moyens de communication",
            ]
        )
        + "<p><strong>Pour le CCAS :</strong> facilitation du travail des agents du CCAS "
        "(notamment celui d'orientation).</p>"
        + _items(
            [
                "Meilleure information sur les activités de chacune des associations : les fiches "
                "de liaison sont désormais plus formalisées et précisent les spécificités de "
                "chaque association (par exemple : identification des associations qui aident les "
                "publics sans papiers)",
                "Le repérage a permis de dénombrer plus précisément les bénéficiaires de l'aide "
                "alimentaire",
            ]
        )
    ),
    "results_network": _items(
        [
            "Renforcement des liens entre les associations mais aussi entre celles-ci et les "
            "institutions",
            "Mutualisation des connaissances, meilleure compréhension des attentes des personnes "
            "en difficulté, découverte de nouveaux modes de fonctionnement pertinents pour "
            "répondre aux demandes alimentaires",
        ]
    ),
    "difficulties": _items(
        [
            "Les associations ne trouvent pas de consensus sur tous les sujets.",
            "Frustration de la part de certaines associations qui pensaient avoir des réponses à "
            "leurs propres demandes en faisant partie de ce réseau.",
        ]
    ),
    "resources": _items(
        [
            "Orientation des dons du CCAS vers les associations",
            "Le CCAS met à disposition son budget destiné à l'aide alimentaire, ainsi que des "
            "couches et du lait maternisé.",
            "Répit financier : maintien des financements européens jusqu'en 2020 qui permet de "
            "faire face à l'augmentation des demandes des ménages",
            "La Fabrique, plateforme internet des échanges démocratiques roubaisiens "
            '(<a href="http://lafabrique.ville-roubaix.fr/">lafabrique.ville-roubaix.fr</a>)',
        ]
    ),
    "success_factors": _items(
        [
            "Prise en compte de toutes les associations (quelle que soit leur envergure et que "
            "l'aide alimentaire corresponde à leur objet principal ou en complément d'autres "
            "activités)",
            "Co-construction de la coordination des structures",
            "Modalité de la coordination : fixer des objectifs humbles, ne pas être "
            "interventionniste, ne pas chercher à coordonner toutes les associations (ne pas "
            "tenter de regrouper « tout en un »), ouverture d'esprit",
        ]
    ),
    "cost": "Recrutement d'une chargée de mission pendant 6 mois",
    "visibility": Visibility.PUBLIC,
    "licence": Licence.CC_BY_3,
    "credit_author": "CCAS de Roubaix",
    "credit_publisher": "Journal RESOLIS",
    "source_url": "https://www.resolis.org/",
    "themes": ["partenariats", "orientation", "financement"],
    "tags": ["réseau", "coordination", "diagnostic", "RESOLIS"],
}

PRACTICES = [
    {
        "association": "panier-epeule",
        "slug": "planning-partage-des-benevoles",
        "title": "Un planning partagé des bénévoles",
        "summary": (
            "Chaque bénévole s'inscrit sur un planning affiché au local et sur un tableur partagé : "
            "plus aucune distribution annulée faute de bras."
        ),
        "start_year": 2022,
        "contact": "Responsable des bénévoles",
        "context": _p(
            "Les distributions du vendredi manquaient souvent de bénévoles ; deux ont été "
            "annulées en 2021."
        ),
        "objectives": _items(["Ne plus annuler de distribution", "Répartir l'effort"]),
        "actions": _steps(
            [
                ("Afficher le planning du mois au local", _p("Une ligne par créneau.")),
                (
                    "Ouvrir un tableur partagé",
                    _p("Pour celles et ceux qui préfèrent le téléphone."),
                ),
                ("Relancer le mercredi les créneaux vides", ""),
            ]
        ),
        "results_association": _p("Aucune distribution annulée en 2023."),
        "results_people": _p("Des horaires d'ouverture enfin tenus."),
        "difficulties": _p("Les bénévoles âgés préfèrent le papier : garder les deux."),
        "success_factors": _p("Une personne référente qui relance chaque semaine."),
        "cost": "Aucun",
        "visibility": Visibility.PUBLIC,
        "themes": ["benevoles", "distribution"],
        "tags": ["planning", "bénévoles"],
    },
    {
        "association": "solidarite-alma",
        "slug": "ateliers-cuisine-produits-du-colis",
        "title": "Des ateliers cuisine avec les produits du colis",
        "summary": (
            "Une fois par mois, un atelier cuisine apprend à préparer les produits les moins "
            "connus du colis : moins de gaspillage, plus de convivialité."
        ),
        "start_year": 2019,
        "context": _p("Des légumes secs et des conserves revenaient intacts à l'épicerie."),
        "objectives": _items(["Réduire le gaspillage", "Créer du lien entre les familles"]),
        "actions": _steps(
            [
                ("Choisir chaque mois un produit du colis", ""),
                ("Cuisiner ensemble puis partager le repas", ""),
            ]
        ),
        "results_people": _p("Les familles repartent avec des recettes et des idées."),
        "resources": _p("Cuisine prêtée par le centre social ; produits de la banque alimentaire."),
        "cost": "Environ 30 € par atelier",
        "visibility": Visibility.PUBLIC,
        "themes": ["distribution", "partenariats"],
        "tags": ["cuisine", "anti-gaspillage"],
    },
    {
        "association": "secours-hommelet",
        "slug": "stock-tampon-lait-infantile",
        "title": "Un stock tampon de lait infantile et de couches",
        "summary": (
            "Nous gardons toujours deux semaines de lait premier âge et de couches d'avance, "
            "reconstituées avec la dotation du CCAS."
        ),
        "start_year": 2023,
        "context": _p("En 2023, trois semaines de rupture de lait premier âge."),
        "actions": _steps(
            [
                ("Compter chaque lundi", ""),
                ("Commander dès que le stock passe sous deux semaines", ""),
            ]
        ),
        "difficulties": _p("Les dates de péremption du lait : sortir le plus ancien d'abord."),
        "cost": "Dotation du CCAS",
        "visibility": Visibility.NETWORK,
        "themes": ["petite-enfance", "stock-chaine-du-froid"],
        "tags": ["lait infantile"],
    },
    {
        "association": "soupe-fresnoy",
        "slug": "releves-temperature-camion",
        "title": "Relever la température du camion frigorifique",
        "summary": (
            "À chaque ramasse, la température du camion est notée sur une fiche : la chaîne du "
            "froid se prouve et les partenaires nous confient plus de produits frais."
        ),
        "start_year": 2020,
        "actions": _steps(
            [
                ("Thermomètre enregistreur dans le camion", ""),
                ("Fiche signée au départ et à l'arrivée", ""),
            ]
        ),
        "results_network": _p("Fiche reprise par deux autres associations."),
        "cost": "Un thermomètre à 40 €",
        "visibility": Visibility.PUBLIC,
        "themes": ["stock-chaine-du-froid", "hygiene"],
        "tags": ["chaîne du froid", "ramasse"],
    },
    {
        "association": "partage-sainte-elisabeth",
        "slug": "accueil-sans-justificatif",
        "title": "Accueillir sans demander de justificatif",
        "summary": (
            "Nous accueillons toute personne sans demander de papiers, puis nous orientons vers "
            "les partenaires qui peuvent aider durablement."
        ),
        "start_year": 2016,
        "context": _p("Des personnes sans papiers n'osaient plus venir."),
        "actions": _steps(
            [
                ("Premier accueil sans question sur la situation administrative", ""),
                ("Un entretien d'orientation proposé, jamais imposé", ""),
            ]
        ),
        "results_people": _p("Des personnes qui reviennent et acceptent d'être orientées."),
        "visibility": Visibility.NETWORK,
        "themes": ["sans-papiers", "orientation"],
        "tags": ["accueil"],
        "topic": "Accueillir les personnes sans papiers",
    },
    {
        "association": "amis-cul-de-four",
        "slug": "jardin-partage-legumes-colis",
        "title": "Des légumes du jardin partagé dans les colis",
        "summary": (
            "Notre jardin partagé fournit des légumes frais pour les colis de la saison, et les "
            "familles peuvent venir jardiner."
        ),
        "start_year": 2021,
        "actions": _steps([("Récolter le jeudi", ""), ("Distribuer le vendredi", "")]),
        "results_people": _p("Des légumes frais chaque semaine de juin à octobre."),
        "visibility": Visibility.PUBLIC,
        "themes": ["distribution", "partenariats"],
        "tags": ["jardin", "légumes"],
        "topic": "Jardin partagé : des légumes pour les colis",
    },
]

ADOPTIONS = [
    (
        RESOLIS_SLUG,
        "entraide-moulin",
        AdoptionKind.SAME,
        "Nous réunissons aussi nos bénévoles tous les deux mois.",
    ),
    (
        "planning-partage-des-benevoles",
        "solidarite-alma",
        AdoptionKind.SAME,
        "Tableur partagé depuis janvier.",
    ),
    (
        "planning-partage-des-benevoles",
        "soupe-fresnoy",
        AdoptionKind.TRIED,
        "Essayé l'hiver dernier, repris cette année.",
    ),
    ("planning-partage-des-benevoles", "relais-hauts-champs", AdoptionKind.SAME, ""),
    (
        "releves-temperature-camion",
        "panier-epeule",
        AdoptionKind.SAME,
        "Même fiche, imprimée en A5.",
    ),
    ("releves-temperature-camion", "main-tendue-pile", AdoptionKind.SAME, ""),
    (
        "stock-tampon-lait-infantile",
        "relais-hauts-champs",
        AdoptionKind.TRIED,
        "Difficile sans local fermé.",
    ),
    ("accueil-sans-justificatif", "main-tendue-pile", AdoptionKind.SAME, ""),
]

QUESTIONS = [
    (
        "planning-partage-des-benevoles",
        "epicerie-trois-ponts",
        "Quel tableur utilisez-vous, et qui a le droit de le modifier ?",
        "Un tableur en ligne gratuit ; chaque bénévole peut écrire, la référente vérifie le mercredi.",
    ),
    (
        "releves-temperature-camion",
        "secours-hommelet",
        "Gardez-vous les fiches ? Combien de temps ?",
        "Un an, dans un classeur au local : la banque alimentaire peut les demander.",
    ),
]


def _create(index, data, association, owner, themes, publisher):
    data = dict(data)
    theme_slugs = data.pop("themes", [])
    tags = data.pop("tags", [])
    data.pop("association", None)
    data.pop("topic", None)
    page = PracticePage(association=association, owner=owner, **data)
    index.add_child(instance=page)
    page.themes.set([themes[slug] for slug in theme_slugs if slug in themes])
    page.tags.set(tags)
    page.save()
    # Written by the association's editor, approved and published by the coordination.
    revision = page.save_revision(user=owner)
    _quiet(
        "practice_reviewed",
        f"practice-reviewed:revision:{revision.pk}",
        practice_id=page.pk,
        outcome="published",
        comment="",
    )
    revision.publish(user=publisher)
    page.refresh_from_db()
    return page


def _quiet(kind, key, **payload):
    """Record an event as already processed: the demo sends no e-mail."""
    Event.objects.get_or_create(
        key=key, defaults={"kind": kind, "payload": payload, "processed_at": timezone.now()}
    )


def load(command):
    if PracticePage.objects.filter(slug=RESOLIS_SLUG).exists():
        return
    index = bootstrap.ensure_all()
    if index is None:
        return
    coordinator = User.objects.filter(email="coordination@exemple.org").first()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    associations = {a.slug: a for a in demo_associations()}
    pages = {}
    pages[RESOLIS_SLUG] = _create(index, RESOLIS, None, coordinator, themes, coordinator)
    command.created += 1
    for data in PRACTICES:
        association = associations.get(data["association"])
        if association is None:
            continue
        editor = User.objects.filter(email=f"editeur@{association.slug}.exemple.org").first()
        page = _create(index, data, association, editor, themes, coordinator)
        pages[data["slug"]] = page
        command.created += 1
        if data.get("topic"):
            topic = Topic.objects.filter(
                title=data["topic"], kind=TopicKind.PRACTICE, practice_link__isnull=True
            ).first()
            if topic is not None:
                PracticePresentation.objects.create(topic=topic, practice=page, linked_by=editor)
    today = timezone.localdate()
    for n, (slug, adopter, kind, note) in enumerate(ADOPTIONS):
        page, association = pages.get(slug), associations.get(adopter)
        if page is None or association is None:
            continue
        editor = User.objects.filter(email=f"editeur@{association.slug}.exemple.org").first()
        adoption = Adoption.objects.create(
            practice=page,
            association=association,
            kind=kind,
            note=note,
            adopted_on=today - datetime.timedelta(days=30 * (n + 1)),
            created_by=editor,
        )
        _quiet(
            "practice_adopted",
            f"practice-adoption:{adoption.pk}",
            adoption_id=adoption.pk,
            practice_id=page.pk,
        )
        command.created += 1
    for slug, asker_slug, question, answer in QUESTIONS:
        page = pages.get(slug)
        if page is None or page.association is None:
            continue
        asker = User.objects.filter(email=f"membre@{asker_slug}.exemple.org").first()
        author = User.objects.filter(email=f"editeur@{page.association.slug}.exemple.org").first()
        if asker is None or author is None:
            continue
        first = comments.post(page, asker, question)
        reply = comments.post(page, author, answer, reply_to=first.pk)
        for comment in (first, reply):
            _quiet(
                "practice_question",
                f"practice-comment:{comment.pk}",
                comment_id=comment.pk,
                practice_id=page.pk,
            )
        command.created += 2
