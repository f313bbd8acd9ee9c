"""The header's switch between networks: shown to a person with a role in several, with a
link to each network (the current one marked, on its host; the others through the switch's
sign-in on their host); hidden for a person in one."""

from django.utils.html import escape

from tests.factories import UserFactory, make_member
from workspace import networks
from workspace.models import Role


def switch(response):
    text = response.content.decode()
    if 'class="network-switch"' not in text:
        return None
    return text.split('class="network-switch"', 1)[1].split("</nav>", 1)[0]


def test_a_person_in_both_networks_sees_the_switch_current_marked(
    client, network_b, association_a, association_b2
):
    person = make_member(association_a, Role.MEMBER, email="deux@exemple.org")
    make_member(association_b2, Role.EDITOR, email="deux@exemple.org")
    person.refresh_from_db()  # the factory set the password again
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    part = switch(client.get("/espace/"))
    assert part is not None
    # The current network's own host (the first network's site is on ``localhost``); the
    # other one through this host, which signs the person in there (test_network_hops.py).
    assert f'href="/compte/reseau/{network_b.pk}/"' in part and "http://localhost/" in part
    assert escape(networks.default().name) in part and escape(network_b.name) in part
    assert part.count('aria-current="true"') == 1
    current = part.split('aria-current="true"', 1)[1].split("</a>", 1)[0]
    assert escape(networks.default().name) in current
    # On B's host, B is the current one; the port of the request is kept.
    part_b = switch(client.get("/espace/", HTTP_HOST="b.localhost:8000"))
    current_b = part_b.split('aria-current="true"', 1)[1].split("</a>", 1)[0]
    assert network_b.name in current_b
    assert "http://b.localhost:8000/" in part_b
    assert f'href="/compte/reseau/{networks.default().pk}/"' in part_b


def test_a_coordinator_of_b_and_member_of_a_sees_it(client, network_b, association_a):
    person = make_member(association_a, Role.MEMBER, email="coord-b@exemple.org")
    person.groups.add(network_b.coordinators)
    person.refresh_from_db()  # the factory set the password again
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    part = switch(client.get("/espace/"))
    assert part is not None and network_b.name in part


def test_hidden_for_a_person_in_one_network(client, network_b, association_a, association_b2):
    person = make_member(association_a, Role.MEMBER, email="un@exemple.org")
    person.refresh_from_db()  # the factory set the password again
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    assert switch(client.get("/espace/")) is None
    other = UserFactory(email="coordination-b@exemple.org")
    other.groups.add(network_b.coordinators)
    client.force_login(other, backend="django.contrib.auth.backends.ModelBackend")
    assert switch(client.get("/", HTTP_HOST="b.localhost")) is None


def test_hidden_with_a_single_network(client, association_a):
    person = make_member(association_a, Role.MEMBER, email="seul@exemple.org")
    person.refresh_from_db()  # the factory set the password again
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    assert switch(client.get("/espace/")) is None


def test_an_ended_membership_does_not_count(client, network_b, association_a, association_b2):
    from workspace.services import memberships

    person = make_member(association_a, Role.MEMBER, email="ancien@exemple.org")
    make_member(association_b2, Role.MEMBER, email="ancien@exemple.org")
    with networks.activate(network_b.pk):
        memberships.end_membership(person.memberships.get(association=association_b2), by=None)
    person.refresh_from_db()  # the factory set the password again
    client.force_login(person, backend="django.contrib.auth.backends.ModelBackend")
    assert switch(client.get("/espace/")) is None
