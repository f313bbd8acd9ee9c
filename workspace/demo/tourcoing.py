"""The demo's second network: Tourcoing, on the host ``tourcoing.localhost``.

Small on purpose: three associations with their liaison sheets, a coordinator, an editor and
a member per association, one meeting, two practices (one public). One person of Roubaix's
demo (``BOTH``) is also a member of a Tourcoing association: the account in two networks.
Idempotent: nothing is created when the network exists; sends no e-mail (the command marks
what the content emitted as processed).
"""

import datetime

from django.utils import timezone

from .. import networks
from ..models import Activity, Association, LiaisonSheet, Network, Place, Role, Service
from ..models import Neighbourhood as N
from ..services import meetings
from ..services.directory import record_revision
from ..services.memberships import add_membership
from ..services.networks import create_network
from .people import editor_email, member_email, user

NAME = "Réseau d'aide alimentaire de Tourcoing"
TOWN = "Tourcoing"
SLUG = "tourcoing"
HOSTNAME = "tourcoing.localhost"
ADDRESS = "http://tourcoing.localhost:8000/"

COORDINATOR = {
    "email": "coordination@tourcoing.exemple.org",
    "first_name": "Claire",
    "last_name": "Desmet",
}
# A member of Roubaix's demo who is also a member in Tourcoing.
BOTH = "membre@solidarite-alma.exemple.org"
BOTH_ASSOCIATION = "resto-bourgogne"

ASSOCIATIONS = [
    {
        "slug": "resto-bourgogne",
        "name": "Le Resto solidaire de la Bourgogne",
        "address": "12 rue de Bourgogne",
        "main_activities": "Repas chauds le midi, colis d'urgence.",
        "people": (("Martine", "Vanneste"), ("Ahmed", "Belkacem")),
        "place": (50.7270, 3.1700, "Mo-Fr 11:30-13:30; PH off"),
        "services": [(Activity.MEALS, "Repas chaud du midi"), (Activity.FOOD_PARCELS, "")],
    },
    {
        "slug": "epicerie-blanc-seau",
        "name": "Épicerie solidaire du Blanc-Seau",
        "address": "30 avenue Gustave Dron",
        "main_activities": "Épicerie à petits prix sur orientation, ateliers budget.",
        "people": (("Sylvie", "Debruyne"), ("Kevin", "Lecomte")),
        "place": (50.7120, 3.1620, "Tu,Th 14:00-17:30; PH off"),
        "services": [(Activity.SOCIAL_GROCERY, ""), (Activity.ADMIN_HELP, "Le jeudi")],
    },
    {
        "slug": "colis-pont-rompu",
        "name": "Les Colis du Pont-Rompu",
        "address": "4 rue du Pont-Rompu",
        "main_activities": "Distribution de colis le samedi, vestiaire, lait infantile.",
        "people": (("Jacques", "Vandamme"), ("Nora", "Zerrouki")),
        "place": (50.7310, 3.1550, "Sa 09:00-12:00; PH off"),
        "services": [(Activity.FOOD_PARCELS, "Le samedi matin"), (Activity.CLOTHES, "")],
    },
]

PRACTICES = [
    {
        "association": "resto-bourgogne",
        "slug": "repas-suspendus",
        "title": "Des repas « suspendus » payés d'avance par les habitants",
        "summary": (
            "Les habitants du quartier paient d'avance un repas que le restaurant solidaire "
            "offre à qui en a besoin, sans justificatif."
        ),
        "start_year": 2022,
        "public": True,
    },
    {
        "association": "epicerie-blanc-seau",
        "slug": "atelier-budget-mensuel",
        "title": "Un atelier budget chaque mois à l'épicerie",
        "summary": "Un atelier d'une heure pour préparer ses courses du mois avec une bénévole.",
        "start_year": 2023,
        "public": False,
    },
]


def network():
    return Network.objects.filter(site__hostname=HOSTNAME).select_related("site").first()


def load(command):
    if network() is not None:
        return
    # Created with no network current: the first network's loaders run in it, and its
    # scoped managers would not see the new network's home page.
    with networks.activate(None):
        tourcoing = create_network(name=NAME, town=TOWN, hostname=HOSTNAME, slug=SLUG)
    command.created += 1
    with networks.activate(tourcoing.pk):
        _load(command, networks.current())


def _load(command, tourcoing):
    coordinator = user(command, **COORDINATOR)
    coordinator.groups.add(tourcoing.coordinators)
    associations = {}
    today = timezone.localdate()
    for index, data in enumerate(ASSOCIATIONS):
        association = Association.objects.create(
            slug=data["slug"],
            name=data["name"],
            # The neighbourhoods are Roubaix's: Tourcoing's associations are in its centre.
            neighbourhood=N.CENTRE,
            address=data["address"],
            postcode="59200",
            city=TOWN,
            main_activities=data["main_activities"],
            joined_on=datetime.date(2019, 9, 1),
            email=f"contact@{data['slug']}.exemple.org",
            accepts_hosting=index == 0,
            room_capacity=25 if index == 0 else None,
            network=tourcoing,
        )
        associations[association.slug] = association
        command.created += 1
        (editor_first, editor_last), (member_first, member_last) = data["people"]
        editor = user(command, editor_email(association.slug), editor_first, editor_last)
        member = user(command, member_email(association.slug), member_first, member_last)
        for person, role in ((editor, Role.EDITOR), (member, Role.MEMBER)):
            add_membership(person, association, role)
            command.created += 1
        lat, lon, hours = data["place"]
        sheet = LiaisonSheet.objects.create(
            association=association,
            area_served=TOWN,
            presentation=data["main_activities"],
            orientation_name=f"Accueil de {association.name}",
            orientation_role="Bénévole responsable de l'accueil",
            orientation_phone=f"03 20 70 {10 + index:02d} {40 + index:02d}",
            walk_in=True,
            last_checked_on=today - datetime.timedelta(days=15 + index),
            last_checked_by=editor,
        )
        Place.objects.create(
            sheet=sheet,
            address=data["address"],
            neighbourhood=N.CENTRE,
            latitude=lat,
            longitude=lon,
            opening_hours=hours,
            position=0,
        )
        for position, (activity, description) in enumerate(data["services"]):
            Service.objects.create(
                sheet=sheet, activity=activity, description=description, position=position
            )
        record_revision(sheet, editor, "fiche de démonstration")

    both = user(command, BOTH, "Olivier", "Lambert")
    add_membership(both, associations[BOTH_ASSOCIATION], Role.MEMBER)
    command.created += 1

    # One meeting, in three weeks, at the first association.
    date = today + datetime.timedelta(days=21)
    meetings.plan_meeting(
        coordinator,
        date=date - datetime.timedelta(days=date.weekday() - 3),  # a Thursday
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 30),
        host=associations["resto-bourgogne"],
    )
    command.created += 1

    _practices(command, associations, coordinator)


def _practices(command, associations, coordinator):
    # The practices app builds on the workspace (it imports it at the top): the workspace
    # reads it here only, in the demo, when both are loaded — the other way round would loop.
    from practices import bootstrap as practices_bootstrap  # see above: an import cycle
    from practices.demo import _create, _p, _steps  # see above: an import cycle
    from practices.models import Visibility  # see above: an import cycle

    index = practices_bootstrap.ensure_all()
    if index is None:
        return
    for data in PRACTICES:
        association = associations[data["association"]]
        editor = association.memberships.filter(role=Role.EDITOR).first().user
        values = {
            "slug": data["slug"],
            "title": data["title"],
            "summary": data["summary"],
            "start_year": data["start_year"],
            "place": TOWN,
            "actions": _steps([("Lancer", ""), ("Faire le point chaque mois", "")]),
            "results_people": _p("Des habitants qui reviennent et se sentent accueillis."),
            "visibility": Visibility.PUBLIC if data["public"] else Visibility.NETWORK,
        }
        _create(index, values, association, editor, {}, coordinator)
        command.created += 1
