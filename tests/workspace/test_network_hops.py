"""The header's switch keeps a person signed in from one network's host to another's: a
signed token, once, for a minute, for a person with a role there, on that network's host."""

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_member
from workspace import networks
from workspace.models import Role
from workspace.services import hops, memberships

BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def both(association_a, association_b2):
    """A person with a role in both networks, signed in on the first one's host."""
    person = make_member(association_a, Role.MEMBER, email="deux@exemple.org")
    make_member(association_b2, Role.EDITOR, email="deux@exemple.org")
    person.refresh_from_db()  # the factory set the password again
    return person


def signed_in(person, host="localhost"):
    client = Client(HTTP_HOST=host)
    client.force_login(person, backend=BACKEND)
    return client


def hop(client, network, host="localhost"):
    """The switch's link to ``network`` on ``host``: the address on the other host it sends to."""
    response = client.get(reverse("network_hop", args=[network.pk]), HTTP_HOST=host)
    assert response.status_code == 302, response.status_code
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    )
    return response["Location"]


def arrive(location, client=None):
    """Follows ``location`` on its own host, with that host's cookies only (a browser's)."""
    parts = urlsplit(location)
    client = client or Client()
    return client, client.get(f"{parts.path}?{parts.query}", HTTP_HOST=parts.netloc or "localhost")


def workspace_of(client, host):
    return client.get(reverse("workspace:home"), HTTP_HOST=host)


def test_the_switch_signs_the_person_in_on_the_other_host(both, network_b):
    location = hop(signed_in(both), network_b)
    assert location.startswith("http://b.localhost/compte/arrivee/?jeton=")
    client, response = arrive(location)
    assert response.status_code == 302 and response["Location"] == reverse("workspace:home")
    page = workspace_of(client, "b.localhost")
    assert page.status_code == 200 and "Association de B" in page.content.decode()
    assert page.wsgi_request.user.pk == both.pk
    # The switch on B's host brings the person back the same way.
    back = hop(client, networks.default(), host="b.localhost")
    assert back.startswith("http://localhost/compte/arrivee/?jeton=")
    client_a, response = arrive(back)
    assert workspace_of(client_a, "localhost").wsgi_request.user.pk == both.pk


def test_the_links_of_the_switch_go_through_it(both, network_b):
    page = signed_in(both).get(reverse("workspace:home")).content.decode()
    part = page.split('class="network-switch"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{reverse("network_hop", args=[network_b.pk])}"' in part


def test_a_token_works_once(both, network_b):
    location = hop(signed_in(both), network_b)
    arrive(location)
    _client, again = arrive(location)
    assert again.status_code == 400
    assert "Ce lien n'est plus valable" in again.content.decode()
    assert not again.wsgi_request.user.is_authenticated


def test_a_token_is_for_its_network_host_only(both, network_b):
    location = hop(signed_in(both), network_b)
    parts = urlsplit(location)
    client = Client()
    response = client.get(f"{parts.path}?{parts.query}", HTTP_HOST="localhost")
    assert response.status_code == 400
    assert not workspace_of(client, "localhost").wsgi_request.user.is_authenticated


def test_a_token_expires_after_a_minute(both, network_b, monkeypatch):
    location = hop(signed_in(both), network_b)
    monkeypatch.setattr(hops, "SECONDS", -1)
    assert arrive(location)[1].status_code == 400


def test_a_changed_password_voids_the_token(both, network_b):
    location = hop(signed_in(both), network_b)
    both.set_password("un-tout-autre-mot-de-passe")
    both.save()
    assert arrive(location)[1].status_code == 400


def test_a_role_ended_meanwhile_voids_the_token(both, network_b, association_b2):
    location = hop(signed_in(both), network_b)
    with networks.activate(network_b.pk):
        memberships.end_membership(both.memberships.get(association=association_b2), by=None)
    assert arrive(location)[1].status_code == 400


def test_forged_and_broken_tokens_are_refused(both, network_b):
    location = hop(signed_in(both), network_b)
    token = location.split("jeton=", 1)[1]
    for value in ("", "x", token[:-2] + "zz", token + "a" * 5000, "%00", "é:é:é"):
        client = Client()
        response = client.get("/compte/arrivee/", {"jeton": value}, HTTP_HOST="b.localhost")
        assert response.status_code == 400, value
        assert not workspace_of(client, "b.localhost").wsgi_request.user.is_authenticated


def test_nobody_hops_to_a_network_where_they_have_no_role(association_a, network_b):
    person = make_member(association_a, Role.MEMBER, email="un@exemple.org")
    person.refresh_from_db()
    client = signed_in(person)
    assert client.get(reverse("network_hop", args=[network_b.pk])).status_code == 404
    assert client.get(reverse("network_hop", args=[999999])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(network_b):
    response = Client().get(reverse("network_hop", args=[network_b.pk]), HTTP_HOST="localhost")
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_current_network_is_the_workspace(both, network_b):
    client = signed_in(both)
    response = client.get(reverse("network_hop", args=[networks.default().pk]))
    assert response.status_code == 302 and response["Location"] == reverse("workspace:home")


def test_a_person_signed_in_already_is_sent_to_the_workspace(both, network_b):
    client_b = signed_in(both, host="b.localhost")
    for value in ("x", ""):
        response = client_b.get("/compte/arrivee/", {"jeton": value}, HTTP_HOST="b.localhost")
        assert response.status_code == 302 and response["Location"] == reverse("workspace:home")
