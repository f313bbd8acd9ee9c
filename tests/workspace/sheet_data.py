"""A full liaison sheet for the tests of the directory's outputs (PDF, open data, feedback):
a fact at each level, hours with nth weekdays and public holidays off, a dated closure with a
substitute and a message."""

import datetime

from django.utils import timezone

from workspace.models import (
    Activity,
    Closure,
    Language,
    LiaisonSheet,
    Neighbourhood,
    Place,
    Referent,
    Service,
)

AGENT_FACT = "Accueil sans titre de séjour CANARY-A-LEVEL"
NETWORK_FACT = "CANARY-N-LEVEL Référente Camille"
PUBLIC_FACT = "Colis chaque semaine PUBLIC-FACT"


def make_sheet(association, substitute=None, **overrides):
    today = timezone.localdate()
    values = {
        "presentation": PUBLIC_FACT,
        "network": "Secours populaire",
        "welcome_details": "familles avec enfants",
        "walk_in": True,
        "documents": "Justificatif de domicile",
        "area_served": "Roubaix",
        "languages": [Language.FRENCH, Language.ARABIC],
        "accepts_undocumented": True,
        "admin_situations": AGENT_FACT,
        "orientation_name": "Sam Orientation",
        "orientation_phone": "03 20 00 00 01",
        "siret": "12345678901234",
        "last_checked_on": today - datetime.timedelta(days=10),
    }
    values.update(overrides)
    sheet = LiaisonSheet.objects.create(association=association, **values)
    association.phone = "03 20 11 22 33"
    association.email = "contact@assoc.exemple.org"
    association.save()
    place = Place.objects.create(
        sheet=sheet,
        name="Local du quartier",
        address="12 rue de l'Épeule",
        neighbourhood=Neighbourhood.EPEULE,
        latitude=50.69,
        longitude=3.16,
        step_free=True,
        opening_hours="Mo-Fr 09:00-12:00; Sa[1,3] 14:00-17:00; PH off",
    )
    Service.objects.create(sheet=sheet, activity=Activity.BABY, description="couches", place=place)
    Service.objects.create(sheet=sheet, activity=Activity.FOOD_PARCELS)
    Referent.objects.create(sheet=sheet, name=NETWORK_FACT, phone="06 00 00 00 00")
    Closure.objects.create(
        sheet=sheet,
        start=today + datetime.timedelta(days=2),
        end=today + datetime.timedelta(days=4),
        message="Inventaire",
        substitute=substitute,
        substitute_text="" if substitute else "la mairie de quartier",
    )
    return sheet
