"""The demo network: ten fictional associations in real neighbourhoods of Roubaix, an
editor and a member for each, the coordinator and an orientation agent."""

from datetime import date

from django.conf import settings
from django.contrib.auth.models import Group

from .. import roles
from ..models import Association, Role, User
from ..models import Neighbourhood as N
from ..services.memberships import add_membership

ASSOCIATIONS = [
    {
        "slug": "panier-epeule",
        "name": "Le Panier de l'Épeule",
        "neighbourhood": N.EPEULE,
        "address": "14 rue de l'Épeule",
        "main_activities": "Distribution de colis alimentaires le mardi et le vendredi, vestiaire.",
    },
    {
        "slug": "solidarite-alma",
        "name": "Solidarité Alma",
        "neighbourhood": N.ALMA,
        "address": "3 place du Travail",
        "main_activities": "Épicerie solidaire, ateliers cuisine, aide aux démarches.",
    },
    {
        "slug": "main-tendue-pile",
        "name": "La Main tendue du Pile",
        "neighbourhood": N.PILE,
        "address": "52 rue de Condé",
        "main_activities": "Repas chauds le midi, accueil de jour, orientation.",
    },
    {
        "slug": "epicerie-trois-ponts",
        "name": "Épicerie solidaire des Trois-Ponts",
        "neighbourhood": N.TROIS_PONTS,
        "address": "8 rue Jean Macé",
        "main_activities": "Épicerie à petits prix sur orientation d'un travailleur social.",
    },
    {
        "slug": "secours-hommelet",
        "name": "Secours fraternel de l'Hommelet",
        "neighbourhood": N.HOMMELET,
        "address": "27 rue de l'Hommelet",
        "main_activities": "Colis d'urgence, lait infantile et couches, écoute.",
    },
    {
        "slug": "amis-cul-de-four",
        "name": "Les Amis du Cul-de-Four",
        "neighbourhood": N.CUL_DE_FOUR,
        "address": "5 rue du Cul-de-Four",
        "main_activities": "Distribution mensuelle, jardin partagé, soutien scolaire.",
    },
    {
        "slug": "partage-sainte-elisabeth",
        "name": "Partage Sainte-Élisabeth",
        "neighbourhood": N.SAINTE_ELISABETH,
        "address": "19 rue Sainte-Élisabeth",
        "main_activities": "Colis alimentaires, accueil des personnes sans papiers, cours de français.",
    },
    {
        "slug": "soupe-fresnoy",
        "name": "La Soupe du Fresnoy",
        "neighbourhood": N.FRESNOY_MACKELLERIE,
        "address": "41 rue du Fresnoy",
        "main_activities": "Soupe du soir en hiver, maraude, petit-déjeuner le dimanche.",
    },
    {
        "slug": "entraide-moulin",
        "name": "Entraide Moulin-Potennerie",
        "neighbourhood": N.MOULIN,
        "address": "2 rue du Moulin",
        "main_activities": "Distribution hebdomadaire, vestiaire, permanence logement.",
    },
    {
        "slug": "relais-hauts-champs",
        "name": "Le Relais des Hauts-Champs",
        "neighbourhood": N.HAUTS_CHAMPS,
        "address": "11 avenue Salengro",
        "main_activities": "Colis alimentaires, restaurant associatif, aide à l'énergie.",
    },
]

FIRST_NAMES = [
    "Nadia",
    "Olivier",
    "Fatou",
    "Bruno",
    "Hélène",
    "Karim",
    "Sophie",
    "Joël",
    "Amina",
    "Pierre",
    "Leïla",
    "Marc",
    "Chantal",
    "Youssef",
    "Isabelle",
    "Thierry",
    "Malika",
    "Denis",
    "Agnès",
    "Rachid",
]
LAST_NAMES = [
    "Dubois",
    "Lambert",
    "Diallo",
    "Vandenberghe",
    "Roussel",
    "Haddad",
    "Delattre",
    "Verbeke",
    "Benkacem",
    "Lemaire",
    "Mansouri",
    "Deconinck",
    "Boulanger",
    "Cherif",
    "Wattel",
    "Dupont",
    "Kaci",
    "Vermeulen",
    "Hennion",
    "Saïdi",
]

COORDINATOR = {
    "email": "coordination@exemple.org",
    "first_name": "Dominique",
    "last_name": "Lefebvre",
}
AGENT = {"email": "agent@exemple.org", "first_name": "Samia", "last_name": "Benali"}
JOINED_ON = date(2014, 1, 15)


def demo_associations():
    """The demo's associations only: an installation with real ones keeps them out of the demo."""
    return Association.objects.filter(slug__in=[data["slug"] for data in ASSOCIATIONS])


def editor_email(slug):
    return f"editeur@{slug}.exemple.org"


def member_email(slug):
    return f"membre@{slug}.exemple.org"


def user(command, email, first_name, last_name):
    """The demo person ``email``, created with the demo password if missing."""
    person, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    if created:
        person.set_password(settings.DEMO_PASSWORD)
        person.save(update_fields=["password"])
        command.created += 1
    return person


def load(command):
    coordinator = user(command, **COORDINATOR)
    coordinator.groups.add(Group.objects.get(name=roles.COORDINATORS))
    agent = user(command, **AGENT)
    agent.groups.add(Group.objects.get(name=roles.ORIENTATION_AGENTS))

    for index, data in enumerate(ASSOCIATIONS):
        association, created = Association.objects.get_or_create(
            slug=data["slug"],
            defaults={
                **data,
                "joined_on": JOINED_ON,
                "email": f"contact@{data['slug']}.exemple.org",
            },
        )
        command.created += created
        editor = user(
            command,
            editor_email(association.slug),
            FIRST_NAMES[2 * index],
            LAST_NAMES[2 * index],
        )
        member = user(
            command,
            member_email(association.slug),
            FIRST_NAMES[2 * index + 1],
            LAST_NAMES[2 * index + 1],
        )
        for person, role in ((editor, Role.EDITOR), (member, Role.MEMBER)):
            if not person.memberships.filter(association=association).exists():
                add_membership(person, association, role)
                command.created += 1
