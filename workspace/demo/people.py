"""The demo network: ten fictional associations in real neighbourhoods of Roubaix."""

from datetime import date

from .models import Neighbourhood as N

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


def editor_email(slug):
    return f"editeur@{slug}.exemple.org"


def member_email(slug):
    return f"membre@{slug}.exemple.org"
