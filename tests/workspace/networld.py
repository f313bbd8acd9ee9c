"""Two networks in one database, for the tests that nothing of one is reachable from the other.

Network A is the first network (the default site, host ``localhost``) with the permission
matrix's world (``tests.matrix.build_world``); network B is created like the operator does
(``create_network``, host ``b.localhost``) with a smaller world of its own, whose titles and
names are all different from A's, and one person per column of the matrix (``ROLES``).
"""

import datetime
from types import SimpleNamespace

B_HOST = "b.localhost"
A_HOST = "localhost"

# Texts that only A's objects contain: none of them may appear in an answer on B's host.
A_MARKERS = [
    "CANARY",
    "Association A",
    "Association B",
    "matrice.exemple.org",
    "Maraudes d'hiver",
    "Les horaires d'été",
    "La collecte de printemps",
    "Un local commun",
    "Une collecte commune",
    "Des familles arrivent sans domiciliation",
    "Plus d'étudiants aux distributions",
    # (the board's titles are the form's example text: their places instead)
    "1 rue A",
    "2 rue B",
    "Un planning partagé",
    "Un planning commun des maraudes",
    "Fiche publique de A",
    "devis-local.pdf",
    "horaires.pdf",
    # A's images and documents (titles and file names)
    "Image fiche-",
    "Document fiche-",
    "fiche-reseau",
    "fiche-brouillon",
]
# Texts that only B's objects contain (the same check, the other way).
B_MARKERS = [
    "TOURCOING-SECRET",
    "Restos de Tourcoing",
    "Épicerie du Blanc-Seau",
    "reseau-b.exemple.org",
    "Une tournée des marchés",
    "Une bourse aux vélos",
    "Un frigo solidaire au Virolois",
]


def build_network_b():
    """Network B with its own associations, people, meetings, minutes, topics, discussions,
    practices, sheets, board posts, figures, a calendar feed token and a notification."""
    from minutes import services as minutes_services
    from practices import bootstrap as practices_setup
    from practices.models import Visibility
    from tests.factories import AssociationFactory, UserFactory
    from tests.minutes.conftest import decision, fill, publish
    from tests.practices.conftest import make_practice
    from workspace import networks
    from workspace.models import (
        CalendarFeed,
        Category,
        Discussion,
        Event,
        LiaisonSheet,
        Membership,
        Notification,
        Role,
        TopicKind,
    )
    from workspace.services import attendance as attendance_services
    from workspace.services import board as board_services
    from workspace.services import figures
    from workspace.services import meetings as meeting_services
    from workspace.services import memberships as services
    from workspace.services import topics as topic_services
    from workspace.services.networks import create_network

    network = create_network(name="Réseau B de Tourcoing", town="Tourcoing", hostname=B_HOST)
    w = SimpleNamespace(network=network)
    with networks.activate(network):
        w.b1 = AssociationFactory(name="Les Restos de Tourcoing", slug="restos-tourcoing")
        w.b2 = AssociationFactory(name="Épicerie du Blanc-Seau", slug="epicerie-blanc-seau")

        def person(local):
            return UserFactory(email=f"{local}@reseau-b.exemple.org")

        def member(association, role, local):
            user = person(local)
            services.add_membership(user, association, role)
            return user

        w.coordinator = person("coordination")
        w.coordinator.groups.add(network.coordinators)
        w.agent = person("agent")
        w.agent.groups.add(network.orientation_agents)
        w.people = {
            "anonymous": None,
            "member_a": member(w.b1, Role.MEMBER, "membre1"),
            "editor_a": member(w.b1, Role.EDITOR, "editeur1"),
            "member_b": member(w.b2, Role.MEMBER, "membre2"),
            "editor_b": member(w.b2, Role.EDITOR, "editeur2"),
            "former": member(w.b1, Role.EDITOR, "ancien"),
            "agent": w.agent,
            "coordinator": w.coordinator,
        }
        services.end_membership(
            Membership.objects.get(user=w.people["former"], association=w.b1), by=w.coordinator
        )
        today = datetime.date.today()

        def plan(days, host):
            return meeting_services.plan_meeting(
                w.coordinator,
                date=today + datetime.timedelta(days=days),
                start_time=datetime.time(14, 0),
                end_time=datetime.time(16, 0),
                host=host,
            )

        w.held = plan(-25, w.b1)
        w.topic_held = topic_services.propose_topic(
            w.people["member_a"],
            association=w.b1,
            title="Une tournée des marchés",
            description="TOURCOING-SECRET les marchés du samedi.",
            kind=TopicKind.DISCUSSION,
            estimated_minutes=20,
            meeting=w.held,
        )
        topic_services.accept_topic(w.topic_held, w.coordinator, w.held)
        attendance_services.record_attendance(
            w.held, w.coordinator, {w.b1: 2, w.b2: None}, covered={}
        )
        minutes, _created = minutes_services.start_minutes(w.held, w.coordinator)
        fill(
            minutes,
            summary=[{"type": "paragraph", "value": "<p>Une tournée des marchés.</p>"}],
            decisions=[decision("Une tournée des marchés chaque samedi")],
            user=w.coordinator,
        )
        w.minutes = publish(minutes, w.coordinator)
        w.upcoming = plan(25, w.b2)
        w.topic = topic_services.propose_topic(
            w.people["member_b"],
            association=w.b2,
            title="Une bourse aux vélos",
            description="TOURCOING-SECRET des vélos pour les bénévoles.",
            kind=TopicKind.DISCUSSION,
            estimated_minutes=15,
            meeting=w.upcoming,
        )
        w.discussion = Discussion.objects.create(
            title="Un frigo solidaire au Virolois",
            situation="TOURCOING-SECRET le frigo déborde.",
            association=w.b1,
            opened_by=w.people["member_a"],
        )
        w.post = board_services.create_post(
            w.people["member_a"],
            association=w.b1,
            kind="offer",
            category="fresh_food",
            title="Une tournée des marchés : 20 cagettes",
            place="3 rue de Tourcoing",
            until=today + datetime.timedelta(days=3),
            quantity=20,
            unit="kg",
        )
        index = practices_setup.ensure_all()
        w.practice_index = index
        w.practice = make_practice(
            index, w.b1, title="Une bourse aux vélos solidaire", user=w.people["editor_a"]
        )
        w.practice_network = make_practice(
            index,
            w.b2,
            title="TOURCOING-SECRET un frigo partagé",
            visibility=Visibility.NETWORK,
            user=w.people["editor_b"],
        )
        w.sheet = LiaisonSheet.objects.create(
            association=w.b1, presentation="TOURCOING-SECRET fiche de Tourcoing"
        )
        LiaisonSheet.objects.create(association=w.b2)
        last = figures.current_period().previous()
        values = {
            "households": 12,
            "people": 30,
            "children_under_3": 2,
            "children_other": 8,
            "new_registrations": 1,
            "distributions": 4,
            "volunteers": 3,
        }
        w.report = figures.create_report(
            w.people["editor_a"], w.b1, last, values, "TOURCOING-SECRET"
        )
        w.feed_token = CalendarFeed.objects.create(user=w.people["member_a"]).token
        event = Event.objects.create(kind="agenda_published", key="networld:b", payload={})
        w.notification = Notification.objects.create(
            user=w.people["member_a"],
            event=event,
            category=Category.MEETINGS,
            title="TOURCOING-SECRET l'ordre du jour",
            url="/",
        )
    return w


def build_two_networks():
    """Network A (the matrix's world, no network current while it is built) and network B."""
    from tests import matrix
    from workspace import networks

    with networks.activate(None):
        world_a = matrix.build_world()
    world_b = build_network_b()
    return SimpleNamespace(
        a=world_a,
        b=world_b,
        network_a=networks.default(),
        network_b=world_b.network,
    )
