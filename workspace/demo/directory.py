"""The demo liaison sheets: the ten associations with places (coordinates in their
neighbourhoods), activities, varied opening hours (weekly, 1st and 3rd of the month, monthly,
closed on public holidays), a summer closure with a substitute, restricted facts at each
level and one stale sheet. A sheet already there is left as it is (idempotent)."""

from datetime import date, timedelta

from django.utils import timezone

from ..forms.directory import SheetForm
from ..models import (
    Activity,
    Association,
    Closure,
    Cost,
    Level,
    LiaisonSheet,
    Place,
    Referent,
    Saturation,
    Service,
    Welcome,
)
from ..models import Neighbourhood as N
from ..services.directory import record_revision
from .people import editor_email

A = Activity

SHEETS = {
    "panier-epeule": {
        "presentation": "Une petite équipe de bénévoles qui connaît chaque famille du quartier.",
        "network": "Banque alimentaire du Nord",
        "walk_in": True,
        "languages": ["fr"],
        "places": [("14 rue de l'Épeule", N.EPEULE, 50.6853, 3.1655, "Tu,Fr 14:00-17:00; PH off")],
        "services": [(A.FOOD_PARCELS, "Colis le mardi et le vendredi"), (A.CLOTHES, "")],
        "saturation": Saturation.WAITING,
        "saturation_details": "Deux semaines d'attente pour une première inscription.",
    },
    "solidarite-alma": {
        "presentation": "Épicerie solidaire et aide aux démarches, au cœur de l'Alma.",
        "cost": Cost.CONTRIBUTION,
        "cost_details": "10 % du prix en magasin",
        "registration": True,
        "languages": ["fr", "ar"],
        "places": [
            (
                "3 place du Travail",
                N.ALMA,
                50.6960,
                3.1620,
                "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
            )
        ],
        "services": [(A.SOCIAL_GROCERY, ""), (A.ADMIN_HELP, "Le jeudi après-midi")],
        "step_free": True,
    },
    "main-tendue-pile": {
        "presentation": "Un repas chaud le midi et un accueil de jour pour tous.",
        "walk_in": True,
        "languages": ["fr", "ar", "en"],
        "places": [("52 rue de Condé", N.PILE, 50.6830, 3.1900, "Mo-Sa 11:30-14:00")],
        "services": [(A.MEALS, "Repas chaud du midi"), (A.LISTENING, "")],
        "step_free": True,
        "accepts_undocumented": True,
        "admin_situations": "Tout le monde, sans condition de papiers.",
    },
    "epicerie-trois-ponts": {
        "presentation": "Épicerie à petits prix, sur orientation d'un travailleur social.",
        "welcome": Welcome.EXCLUSIVE,
        "welcome_details": "Familles orientées par un travailleur social",
        "on_referral": True,
        "registration": True,
        "cost": Cost.CONTRIBUTION,
        "documents": "La fiche d'orientation du travailleur social, un justificatif de domicile.",
        "places": [
            ("8 rue Jean Macé", N.TROIS_PONTS, 50.6775, 3.2020, "We,Sa 09:30-12:00; PH off")
        ],
        "services": [(A.SOCIAL_GROCERY, ""), (A.HYGIENE, "")],
        "saturation": Saturation.FULL,
        "saturation_details": "Complet jusqu'en janvier.",
        # The coordination allowed it: the saturation is shown to the network.
        "visibility": {"saturation": Level.NETWORK},
        "open_allowed": ["saturation"],
    },
    "secours-hommelet": {
        "presentation": "Colis d'urgence, lait infantile et couches pour les tout-petits.",
        "walk_in": True,
        "languages": ["fr", "tr"],
        "places": [
            (
                "27 rue de l'Hommelet",
                N.HOMMELET,
                50.6985,
                3.1800,
                "Tu[1,3] 09:00-12:00; Th 14:00-17:00; PH off",
            )
        ],
        "services": [
            (A.FOOD_PARCELS, "Colis d'urgence"),
            (A.BABY, "Lait infantile et couches, sur présentation du carnet de santé"),
            (A.LISTENING, ""),
        ],
        "step_free": True,
        "summer_closure": "partage-sainte-elisabeth",
    },
    "amis-cul-de-four": {
        "presentation": "Une distribution par mois et un jardin partagé.",
        "registration": True,
        "places": [
            ("5 rue du Cul-de-Four", N.CUL_DE_FOUR, 50.6950, 3.2000, "Sa[1] 14:00-17:00; PH off")
        ],
        "services": [(A.FOOD_PARCELS, "Le premier samedi du mois")],
    },
    "partage-sainte-elisabeth": {
        "presentation": "Colis alimentaires, cours de français et aide aux démarches.",
        "walk_in": True,
        "by_appointment": True,
        "languages": ["fr", "ar", "en", "pt"],
        "documents": "Aucun document n'est exigé.",
        "places": [
            (
                "19 rue Sainte-Élisabeth",
                N.SAINTE_ELISABETH,
                50.6800,
                3.1790,
                "Mo,We,Fr 09:00-12:00; PH off",
            )
        ],
        "services": [
            (A.FOOD_PARCELS, ""),
            (A.LANGUAGE, "Le mercredi, tous niveaux"),
            (A.ADMIN_HELP, "Sur rendez-vous"),
            (A.BABY, "Couches, selon les dons"),
        ],
        "accepts_undocumented": True,
        "admin_situations": "Personnes sans titre de séjour, demandeurs d'asile, déboutés.",
        "points_to_watch": "Ne pas envoyer le vendredi après 11 h : le stock est épuisé.",
        # A fact the association keeps for the network: the documents it does not ask for.
        "visibility": {"documents": Level.NETWORK},
    },
    "soupe-fresnoy": {
        "presentation": "La soupe du soir en semaine, le petit-déjeuner du dimanche.",
        "walk_in": True,
        "places": [
            (
                "41 rue du Fresnoy",
                N.FRESNOY_MACKELLERIE,
                50.7020,
                3.1680,
                "Mo-Fr 18:30-20:30; Su 08:30-10:30",
            )
        ],
        "services": [(A.MEALS, "Soupe et petit-déjeuner")],
    },
    "entraide-moulin": {
        "presentation": "Distribution hebdomadaire et vestiaire.",
        "registration": True,
        "places": [("2 rue du Moulin", N.MOULIN, 50.6870, 3.1780, "Th 09:00-12:00; PH off")],
        "services": [(A.FOOD_PARCELS, ""), (A.CLOTHES, ""), (A.BABY, "Lait infantile")],
        "stale": True,
    },
    "relais-hauts-champs": {
        "presentation": "Colis alimentaires et restaurant associatif.",
        "network": "Secours populaire",
        "walk_in": True,
        "places": [
            (
                "11 avenue Salengro",
                N.HAUTS_CHAMPS,
                50.6750,
                3.2130,
                "Mo-Fr 11:45-13:30; PH off",
            ),
            (
                "Salle Watremez, rue de Lannoy",
                N.HAUTS_CHAMPS,
                50.6770,
                3.2100,
                "Tu,Th 14:00-16:30; PH off",
            ),
        ],
        "services": [(A.MEALS, "Restaurant associatif"), (A.FOOD_PARCELS, "Salle Watremez")],
        "step_free": True,
    },
}

# What a demo sheet may set directly: the editor's own fields (the form's list), and the
# visibility choices the editor's visibility part writes.
SHEET_KEYS = (*SheetForm.Meta.fields, "visibility", "open_allowed")


def next_summer(today):
    year = today.year if today < date(today.year, 8, 1) else today.year + 1
    return date(year, 8, 1), date(year, 8, 23)


def load(command):
    today = timezone.localdate()
    associations = {a.slug: a for a in Association.objects.filter(slug__in=SHEETS)}
    for index, (slug, data) in enumerate(SHEETS.items()):
        association = associations.get(slug)
        if association is None or LiaisonSheet.objects.filter(association=association).exists():
            continue
        editor = association.memberships.filter(user__email=editor_email(slug)).first()
        editor = editor.user if editor else None
        values = dict(
            area_served="Roubaix",
            orientation_name=f"Référent orientation {association.name}",
            orientation_role="Bénévole responsable de l'accueil",
            orientation_phone=f"03 20 00 {10 + index:02d} {20 + index:02d}",
            orientation_best_time="le matin avant 10 h",
            agent_procedure="Appeler avant d'envoyer quelqu'un ; donner la fiche papier.",
            siret=f"{40000000000000 + index * 1111:014d}",
            rna=f"W59{index:07d}",
            last_checked_on=today - timedelta(days=200 if data.get("stale") else 10 + 3 * index),
            last_checked_by=editor,
        )
        # The demo's own facts win over these defaults.
        values.update({key: data[key] for key in SHEET_KEYS if key in data})
        sheet = LiaisonSheet.objects.create(association=association, **values)
        places = []
        for position, (address, neighbourhood, lat, lon, text) in enumerate(data["places"]):
            places.append(
                Place.objects.create(
                    sheet=sheet,
                    address=address,
                    neighbourhood=neighbourhood,
                    latitude=lat,
                    longitude=lon,
                    opening_hours=text,
                    step_free=data.get("step_free", False),
                    transport="Métro Roubaix Grand-Place, bus 25" if position == 0 else "",
                    position=position,
                )
            )
        for position, (activity, description) in enumerate(data["services"]):
            place = places[-1] if description == "Salle Watremez" else None
            Service.objects.create(
                sheet=sheet,
                activity=activity,
                description=description,
                place=place,
                position=position,
            )
        Referent.objects.create(
            sheet=sheet,
            name=f"Présidence de {association.name}",
            role="président·e",
            phone=f"06 00 00 {10 + index:02d} {30 + index:02d}",
            email=f"presidence@{slug}.exemple.org",
        )
        substitute = data.get("summer_closure")
        if substitute:
            start, end = next_summer(today)
            Closure.objects.create(
                sheet=sheet,
                start=start,
                end=end,
                message="congés d'été",
                substitute=Association.objects.filter(slug=substitute).first(),
            )
        record_revision(sheet, editor, "fiche de démonstration")
        command.created += 1
