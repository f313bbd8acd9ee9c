"""Demo content of the meetings: a past year hosted in turn, the next meeting with its
agenda, proposals in every state, comments and attendance. Sends no e-mail."""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from ..models import (
    AgendaItemKind,
    Association,
    AttendanceAnswer,
    MeetingPage,
    MeetingStatus,
    Topic,
    TopicKind,
    TopicStatus,
    User,
)
from ..services import agenda, attendance, comments, meetings, rotation
from .people import demo_associations

HOSTING = {
    "panier-epeule": (25, "Plain-pied, toilettes accessibles, métro Épeule-Montesquieu."),
    "solidarite-alma": (30, "Salle au rez-de-chaussée, bus L4 arrêt Alma."),
    "main-tendue-pile": (20, "Une marche à l'entrée, rampe disponible sur demande."),
    "epicerie-trois-ponts": (15, "Salle à l'étage sans ascenseur."),
    "secours-hommelet": (20, "Plain-pied, parking vélo."),
    "partage-sainte-elisabeth": (35, "Grande salle paroissiale, accessible en fauteuil."),
    "entraide-moulin": (18, "Plain-pied, métro Eurotéléport à 10 minutes."),
    "relais-hauts-champs": (40, "Restaurant associatif, accessible, parking."),
}

PAST_TOPICS = [
    (
        "panier-epeule",
        "Hausse des demandes liées aux factures d'énergie",
        TopicKind.DISCUSSION,
        "Depuis l'automne, de plus en plus de familles viennent après avoir payé une régularisation d'électricité.",
        "Le CCAS rappellera aux associations les aides du fonds de solidarité logement ; fiche d'orientation diffusée.",
    ),
    (
        "secours-hommelet",
        "Rupture de lait infantile premier âge",
        TopicKind.INFORMATION,
        "Nos stocks de lait premier âge sont vides depuis trois semaines.",
        "Le CCAS a réparti son stock de lait infantile entre quatre associations.",
    ),
    (
        "solidarite-alma",
        "Mutualiser un camion frigorifique",
        TopicKind.DECISION,
        "Trois associations louent chacune un camion pour aller à la banque alimentaire.",
        "Essai de mutualisation sur trois mois entre l'Alma, l'Épeule et le Pile.",
    ),
    (
        "partage-sainte-elisabeth",
        "Accueillir les personnes sans papiers",
        TopicKind.PRACTICE,
        "Comment nous accueillons sans demander de justificatif, et comment nous orientons ensuite.",
        "Présentation faite ; les fiches de liaison précisent désormais qui accueille sans justificatif.",
    ),
]


def tuesday(date):
    """The network meets on Tuesdays: the Tuesday of the same week."""
    return date - datetime.timedelta(days=date.weekday() - 1)


def load(command):
    if MeetingPage.objects.exists():
        return
    coordinator = User.objects.get(email="coordination@exemple.org")
    associations = {a.slug: a for a in demo_associations()}
    for slug, (capacity, notes) in HOSTING.items():
        Association.objects.filter(slug=slug).update(
            accepts_hosting=True, room_capacity=capacity, accessibility_notes=notes
        )

    today = timezone.localdate()
    past_dates = [tuesday(today - relativedelta(months=2 * n)) for n in range(6, 0, -1)]
    past = []
    for date in past_dates:
        host = rotation.suggest_host()
        meeting = meetings.plan_meeting(
            coordinator,
            date=date,
            start_time=datetime.time(9, 30),
            end_time=datetime.time(12, 0),
            host=host,
        )
        past.append(meeting)
        command.created += 1

    editors = {slug: User.objects.get(email=f"editeur@{slug}.exemple.org") for slug in associations}
    members = {slug: User.objects.get(email=f"membre@{slug}.exemple.org") for slug in associations}

    # Past meetings: topics discussed and closed, attendance recorded.
    for meeting, (slug, title, kind, description, _outcome) in zip(
        past[-4:], PAST_TOPICS, strict=True
    ):
        topic = Topic.objects.create(
            title=title,
            description=description,
            association=associations[slug],
            proposed_by=editors[slug],
            kind=kind,
            estimated_minutes=20,
            meeting=meeting,
            status=TopicStatus.ACCEPTED,
            answered_by=coordinator,
            answered_at=timezone.now(),
        )
        agenda.add_topic_item(meeting, topic)
    for meeting in past:
        meeting.status = MeetingStatus.AGENDA_PUBLISHED
        meeting.agenda_published_at = timezone.now()
        meeting.save_operational("status", "agenda_published_at")
        present = {
            a: (2 if i % 3 else 1) for i, a in enumerate(associations.values()) if i % 4 != 3
        }
        covered = {
            item.pk for item in meeting.agenda_items.all() if item.kind == AgendaItemKind.TOPIC
        }
        attendance.record_attendance(meeting, coordinator, present, covered)
    for _slug, title, _kind, _description, outcome in PAST_TOPICS:
        Topic.objects.filter(title=title).update(status=TopicStatus.CLOSED, outcome=outcome)

    # The next meeting, three weeks ahead, with its agenda published.
    following = meetings.plan_meeting(
        coordinator,
        date=tuesday(today + datetime.timedelta(days=21)),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 0),
        host=rotation.suggest_host(),
    )
    meetings.plan_meeting(
        coordinator,
        date=following.date + relativedelta(months=2),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 0),
        host=rotation.suggest_host(),
    )
    command.created += 2

    def topic(
        slug,
        title,
        description,
        kind=TopicKind.DISCUSSION,
        minutes=15,
        status=TopicStatus.PROPOSED,
        **extra,
    ):
        created = Topic.objects.create(
            title=title,
            description=description,
            association=associations[slug],
            proposed_by=members[slug],
            kind=kind,
            estimated_minutes=minutes,
            meeting=following,
            status=status,
            **extra,
        )
        command.created += 1
        return created

    accepted = [
        topic(
            "soupe-fresnoy",
            "Maraudes d'hiver : coordonner les soirs de passage",
            "Plusieurs associations passent le même soir dans le centre, aucune le mercredi.",
            minutes=20,
        ),
        topic(
            "amis-cul-de-four",
            "Jardin partagé : des légumes pour les colis",
            "Notre jardin produit plus que prévu ; qui peut en distribuer ?",
            kind=TopicKind.PRACTICE,
        ),
        topic(
            "relais-hauts-champs",
            "Nouveau public : étudiants en difficulté",
            "Depuis la rentrée, des étudiants viennent au restaurant associatif.",
            kind=TopicKind.INFORMATION,
            minutes=10,
        ),
    ]
    for item in accepted:
        item.status = TopicStatus.ACCEPTED
        item.answered_by, item.answered_at = coordinator, timezone.now()
        item.save()
        agenda.add_topic_item(following, item)
    topic(
        "panier-epeule",
        "Horaires d'ouverture pendant les fêtes",
        "Proposons un tableau commun des ouvertures du 20 décembre au 5 janvier.",
        minutes=10,
    )
    topic(
        "epicerie-trois-ponts",
        "Tarifs de l'épicerie solidaire",
        "Nous voudrions comparer nos tarifs avec les autres épiceries.",
        status=TopicStatus.DECLINED,
        answer="Sujet propre à l'épicerie : la coordination vous met en relation avec l'épicerie de l'Alma.",
        answered_by=coordinator,
        answered_at=timezone.now(),
    )
    topic(
        "entraide-moulin",
        "Permanence logement commune",
        "Une permanence logement partagée entre associations ?",
        status=TopicStatus.DEFERRED,
        answer="Reporté : le service logement de la ville viendra en présenter une en mars.",
        answered_by=coordinator,
        answered_at=timezone.now(),
    )
    topic(
        "main-tendue-pile",
        "Recrutement de bénévoles",
        "Idée retirée : traitée directement avec le Pile.",
        status=TopicStatus.WITHDRAWN,
    )
    following.status = MeetingStatus.AGENDA_PUBLISHED
    following.agenda_published_at = timezone.now()
    following.save_operational("status", "agenda_published_at")
    following.bump_sequence()

    # Comments on the next meeting's topics.
    maraudes = accepted[0]
    first = comments.post(
        maraudes,
        editors["main-tendue-pile"],
        "Nous pouvons prendre le mercredi soir un mois sur deux.",
    )
    comments.post(
        maraudes,
        members["soupe-fresnoy"],
        "Merci ! Faisons un planning partagé avant la réunion.",
        reply_to=first.pk,
    )
    comments.post(maraudes, coordinator, "Le CCAS peut prêter des thermos et des couvertures.")
    comments.post(
        accepted[1],
        editors["solidarite-alma"],
        "Nous avons une chambre froide pour stocker les légumes.",
    )

    # Attendance answers for the next meeting.
    answers = [
        ("panier-epeule", AttendanceAnswer.COMING, 2),
        ("solidarite-alma", AttendanceAnswer.COMING, 1),
        ("main-tendue-pile", AttendanceAnswer.UNSURE, None),
        ("soupe-fresnoy", AttendanceAnswer.COMING, 2),
        ("epicerie-trois-ponts", AttendanceAnswer.NOT_COMING, None),
        ("relais-hauts-champs", AttendanceAnswer.COMING, 3),
    ]
    for slug, answer, count in answers:
        attendance.answer_attendance(following, associations[slug], editors[slug], answer, count)
    command.created += len(answers)
