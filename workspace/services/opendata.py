"""Open data: the public facts of the liaison sheets as data·inclusion ``structures`` and
``services`` (schema v1) and as a CSV file.

Whoever asks, the exports read the sheets as an anonymous visitor would
(``permissions.visible_fields`` through ``directory.views_for``): a fact kept for the network
or the orientation agents is never exported, not even translated into a schema value (the
sheets' "welcomes people without residence papers" is never the ``personnes-exilees``
public). A CSV cell that a spreadsheet would read as a formula is neutralised.
"""

import csv
import io

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import translation

from ..models import Activity, Cost, Welcome
from . import directory

SOURCE = "entraide-roubaix"

# The data·inclusion (v1) thématiques of each activity; only values of the schema's list.
THEMATIQUES = {
    Activity.FOOD_PARCELS: ["equipement-et-alimentation--alimentation"],
    Activity.SOCIAL_GROCERY: ["equipement-et-alimentation--alimentation"],
    Activity.MEALS: ["equipement-et-alimentation--alimentation"],
    Activity.CLOTHES: ["equipement-et-alimentation--habillement"],
    Activity.BABY: [
        "equipement-et-alimentation--alimentation",
        "famille--soutien-a-la-parentalite-et-a-leducation",
    ],
    Activity.HYGIENE: ["equipement-et-alimentation--aide-menagere"],
    Activity.ADMIN_HELP: [
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives"
    ],
    Activity.LANGUAGE: ["lecture-ecriture-calcul--maitriser-le-francais"],
    Activity.LISTENING: ["remobilisation--lien-social"],
}
# The schema's type of service of each activity.
TYPES = {
    Activity.ADMIN_HELP: "accompagnement",
    Activity.LANGUAGE: "atelier",
    Activity.LISTENING: "accompagnement",
}
# National networks the schema names (``reseaux_porteurs``), from the words of the sheet.
NETWORKS = {
    "restos du c": "restos-du-coeur",
    "secours populaire": "secours-populaire",
    "croix-rouge": "croix-rouge",
    "croix rouge": "croix-rouge",
    "emmaüs": "emmaus",
    "emmaus": "emmaus",
    "banque alimentaire": "banques-alimentaires",
}

CSV_COLUMNS = [
    "nom",
    "quartier",
    "presentation",
    "reseau",
    "adresse",
    "code_postal",
    "commune",
    "latitude",
    "longitude",
    "accessible_plain_pied",
    "telephone",
    "courriel",
    "site_web",
    "activites",
    "horaires",
    "horaires_osm",
    "fermetures",
    "accueil",
    "modalites",
    "documents",
    "cout",
    "zone",
    "langues",
    "verifie_le",
    "lien",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def public_views():
    """Every sheet as the public reads it (whoever asks for the export)."""
    return directory.views_for(AnonymousUser())


def _date_maj(view):
    sheet = view.sheet
    if "last_checked_on" in view.show and sheet.last_checked_on:
        return sheet.last_checked_on.isoformat()
    return sheet.updated_at.date().isoformat()


def _place_fields(place):
    if place is None:
        return {}
    found = {
        "adresse": place.address,
        "code_postal": place.postcode if len(place.postcode or "") == 5 else None,
        "commune": place.city or None,
    }
    if place.latitude is not None and place.longitude is not None:
        found["latitude"] = float(place.latitude)
        found["longitude"] = float(place.longitude)
    return found


def _contact_fields(view):
    if "contact" not in view.show:
        return {}
    association = view.association
    return {
        "telephone": association.phone or None,
        "courriel": association.email or None,
    }


def _first_hours(view):
    for _place, service, text in view.hours_sources():
        if service is None:
            return text
    return None


def _networks(view):
    if "network" not in view.show or not view.sheet.network:
        return None
    words = view.sheet.network.lower()
    found = {value for key, value in NETWORKS.items() if key in words}
    return sorted(found) or None


def _clean(record):
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def structure(view, base_url):
    place = view.places[0] if view.places else None
    record = {
        "source": SOURCE,
        "id": view.slug,
        "nom": view.name,
        "date_maj": _date_maj(view),
        "description": view.sheet.presentation if "presentation" in view.show else None,
        "lien_source": base_url + reverse("directory:sheet", args=[view.slug]),
        "siret": view.sheet.siret if "external_ids" in view.show else None,
        **_place_fields(place),
        **_contact_fields(view),
        "site_web": view.association.website if "contact" in view.show else None,
        "horaires_accueil": _first_hours(view),
        "reseaux_porteurs": _networks(view),
    }
    return _clean(record)


def _publics(view):
    if "welcome" not in view.show:
        return None
    if view.sheet.welcome == Welcome.UNCONDITIONAL:
        return ["tous-publics"]
    details = (view.sheet.welcome_details or "").lower()
    found = []
    if "famil" in details:
        found.append("familles")
    if "jeune" in details:
        found.append("jeunes")
    if "senior" in details or "âgé" in details:
        found.append("seniors")
    if "femme" in details:
        found.append("femmes")
    return found or None


def _mobilisation(view):
    if "access_modes" not in view.show:
        return {}
    sheet = view.sheet
    modes, by = set(), set()
    if sheet.walk_in:
        modes.add("se-presenter")
    if (sheet.by_appointment or sheet.registration) and "contact" in view.show:
        if view.association.phone:
            modes.add("telephoner")
        if view.association.email:
            modes.add("envoyer-un-courriel")
    if sheet.walk_in or sheet.by_appointment or sheet.registration:
        by.add("usagers")
    if sheet.on_referral:
        by.add("professionnels")
    details = []
    if sheet.walk_in:
        details.append("sans rendez-vous")
    if sheet.by_appointment:
        details.append("sur rendez-vous")
    if sheet.registration:
        details.append("après inscription")
    if sheet.on_referral:
        details.append("sur orientation d'un travailleur social")
    return {
        "modes_mobilisation": sorted(modes) or None,
        "mobilisable_par": sorted(by) or None,
        "mobilisation_precisions": ", ".join(details) or None,
    }


def service_record(view, service, base_url):
    place = service.place if (service.place and "places" in view.show) else None
    place = place or (view.places[0] if view.places else None)
    hours_text = None
    if "hours" in view.show:
        hours_text = service.opening_hours or (place.opening_hours if place else None)
    sheet = view.sheet
    record = {
        "source": SOURCE,
        "structure_id": view.slug,
        "id": f"{view.slug}--{service.pk}",
        "nom": service.get_activity_display(),
        "description": service.description or service.get_activity_display(),
        "lien_source": base_url + reverse("directory:sheet", args=[view.slug]),
        "date_maj": _date_maj(view),
        "type": TYPES.get(service.activity, "aide-materielle"),
        "thematiques": THEMATIQUES.get(service.activity),
        "frais": (
            ("gratuit" if sheet.cost == Cost.FREE else "payant") if "cost" in view.show else None
        ),
        "frais_precisions": sheet.cost_details if "cost" in view.show else None,
        "publics": _publics(view),
        "publics_precisions": sheet.welcome_details if "welcome" in view.show else None,
        "conditions_acces": sheet.documents if "documents" in view.show else None,
        **_place_fields(place),
        **_contact_fields(view),
        "modes_accueil": ["en-presentiel"],
        **_mobilisation(view),
        "horaires_accueil": hours_text,
    }
    return _clean(record)


def structures(base_url):
    with translation.override("fr"):
        return [structure(view, base_url) for view in public_views()]


def services(base_url):
    with translation.override("fr"):
        return [
            service_record(view, service, base_url)
            for view in public_views()
            for service in view.services
        ]


# --- CSV -----------------------------------------------------------------------------------


def neutralised(value):
    """A cell as text; one that a spreadsheet would run as a formula gets a leading quote."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_row(view, base_url):
    sheet = view.sheet
    place = view.places[0] if view.places else None
    show = view.show
    modes = _mobilisation(view).get("mobilisation_precisions") or ""
    return {
        "nom": view.name,
        "quartier": view.association.get_neighbourhood_display(),
        "presentation": sheet.presentation if "presentation" in show else "",
        "reseau": sheet.network if "network" in show else "",
        "adresse": place.address if place else "",
        "code_postal": place.postcode if place else "",
        "commune": place.city if place else "",
        "latitude": place.latitude if place and place.latitude is not None else "",
        "longitude": place.longitude if place and place.longitude is not None else "",
        "accessible_plain_pied": ("oui" if view.step_free else "non") if place else "",
        "telephone": view.association.phone if "contact" in show else "",
        "courriel": view.association.email if "contact" in show else "",
        "site_web": view.association.website if "contact" in show else "",
        "activites": " ; ".join(
            s.get_activity_display() + (f" ({s.description})" if s.description else "")
            for s in view.services
        ),
        "horaires": " ; ".join(directory.plain_hours(t) for _p, _s, t in view.hours_sources()),
        "horaires_osm": " || ".join(t for _p, _s, t in view.hours_sources()),
        "fermetures": " ; ".join(
            f"{c.start.isoformat()}/{c.end.isoformat()} {c.message}".strip()
            + (f" → {directory.substitute_label(c)}" if directory.substitute_label(c) else "")
            for c in view.closures
        ),
        "accueil": (
            sheet.get_welcome_display()
            + (f" — {sheet.welcome_details}" if sheet.welcome_details else "")
            if "welcome" in show
            else ""
        ),
        "modalites": modes,
        "documents": sheet.documents if "documents" in show else "",
        "cout": (
            sheet.get_cost_display() + (f" — {sheet.cost_details}" if sheet.cost_details else "")
            if "cost" in show
            else ""
        ),
        "zone": sheet.area_served if "area" in show else "",
        "langues": ", ".join(str(label) for label in view.language_labels),
        "verifie_le": (
            sheet.last_checked_on.isoformat()
            if "last_checked_on" in show and sheet.last_checked_on
            else ""
        ),
        "lien": base_url + reverse("directory:sheet", args=[view.slug]),
    }


def associations_csv(base_url):
    """The CSV text (UTF-8 with a byte-order mark, so that spreadsheets read the accents)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, delimiter=";")
    writer.writeheader()
    with translation.override("fr"):
        for view in public_views():
            row = csv_row(view, base_url)
            writer.writerow({key: neutralised(row[key]) for key in CSV_COLUMNS})
    return "\ufeff" + out.getvalue()
