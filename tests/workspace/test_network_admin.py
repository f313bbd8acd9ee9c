"""The operator creates a network in Wagtail's admin and invites its first coordinator."""

import re

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape
from wagtail.models import Site

from tests.factories import UserFactory, make_coordinator
from workspace import networks, permissions
from workspace.models import Invitation, InvitationRole, Network, User

INDEX = reverse("entraide_networks")
CREATE = reverse("entraide_network_create")
STRONG = "Un-vrai-mot-de-passe-2026"
HOST = "tourcoing.localhost"


def form(**changes):
    data = {
        "name": "Entraide Tourcoing",
        "town": "Tourcoing",
        "hostname": HOST,
        "port": "80",
        "email": "Coordination@Tourcoing.exemple.org",
    }
    data.update(changes)
    return data


@pytest.fixture
def operator(db):
    return UserFactory(email="operateur@exemple.org", is_superuser=True, is_staff=True)


def link_path(message):
    match = re.search(r"http://tourcoing\.localhost(/invitation/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_the_operator_sees_the_networks_and_the_form(client_for, operator):
    client = client_for(operator)
    page = client.get(INDEX)
    assert page.status_code == 200
    assert escape(networks.default().name) in page.content.decode()
    assert client.get(CREATE).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "staff"])
def test_nobody_else_may_list_or_create_networks(db, client, client_for, who):
    if who == "coordinator":
        client = client_for(make_coordinator())
    elif who == "staff":
        client = client_for(UserFactory(is_staff=True))
    before = Network.objects.count()
    for url in (INDEX, CREATE):
        response = client.get(url)
        assert response.status_code in (302, 403, 404)  # 404: nobody in this network's admin
    response = client.post(CREATE, form())
    assert response.status_code in (302, 403, 404)
    assert Network.objects.count() == before
    assert not Site.objects.filter(hostname=HOST).exists()
    assert mail.outbox == []


def test_creating_a_network_invites_its_coordinator_on_its_own_host(client_for, client, operator):
    response = client_for(operator).post(CREATE, form())
    client.logout()  # client_for signed the same client in
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == INDEX
    network = Network.objects.get(name="Entraide Tourcoing")
    assert network.site.hostname == HOST and network.site.port == 80
    assert network.town == "Tourcoing" and network.slug == "tourcoing"

    invitation = Invitation.objects.everywhere().get(network=network)
    assert invitation.email == "coordination@tourcoing.exemple.org"
    assert invitation.role == InvitationRole.COORDINATOR and invitation.association is None
    assert len(invitation.token_hash) == 64  # only the hash is stored
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["coordination@tourcoing.exemple.org"]
    assert "Entraide Tourcoing" in message.subject
    path = link_path(message)
    assert invitation.token_hash not in message.body

    # The link works on the network's host only (another network knows nothing of it).
    assert client.get(path).status_code == 404
    page = client.get(path, HTTP_HOST=HOST)
    assert page.status_code == 200
    assert "Entraide Tourcoing" in page.content.decode()
    response = client.post(
        path,
        {"first_name": "Claire", "last_name": "Dumont", "password1": STRONG, "password2": STRONG},
        HTTP_HOST=HOST,
    )
    assert response.status_code == 302
    user = User.objects.get(email="coordination@tourcoing.exemple.org")
    assert user.groups.filter(pk=network.coordinators_id).exists()
    with networks.activate(network):
        assert permissions.is_coordinator(user)
    with networks.activate(networks.default()):
        assert not permissions.is_coordinator(User.objects.get(pk=user.pk))
    # Single use.
    assert client.get(path, HTTP_HOST=HOST).status_code == 410


def test_an_existing_account_accepts_the_coordination(client_for, operator):
    person = UserFactory(email="coordination@tourcoing.exemple.org")
    client_for(operator).post(CREATE, form())
    network = Network.objects.get(name="Entraide Tourcoing")
    path = link_path(mail.outbox[0])
    client = client_for(person)
    assert client.get(path, HTTP_HOST=HOST).status_code == 200
    response = client.post(path, HTTP_HOST=HOST)
    assert response.status_code == 302
    assert person.groups.filter(pk=network.coordinators_id).exists()


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"hostname": "localhost"}, "hostname", "duplicate_hostname"),
        ({"hostname": "Tourcoing_Réseau!"}, "hostname", "invalid_hostname"),
        ({"hostname": "http://tourcoing.localhost/"}, "hostname", "invalid_hostname"),
        ({"email": "pas-une-adresse"}, "email", "invalid"),
        ({"port": "99999"}, "port", "max_value"),
        ({"name": ""}, "name", "required"),
        ({"town": "!!!"}, "town", "invalid_town"),
    ],
)
def test_bad_input_is_refused_clearly_and_nothing_typed_is_lost(
    client_for, operator, changes, field, code
):
    data = form(**changes)
    response = client_for(operator).post(CREATE, data)
    assert response.status_code == 400
    errors = response.context["form"].errors.as_data()
    assert [error.code for error in errors[field]] == [code]
    html = response.content.decode()
    assert 'class="error-message"' in html
    for key, value in data.items():
        if value and key != "port":
            assert f'value="{value}"' in html.replace("&#x27;", "'") or key == field
    assert not Network.objects.filter(name="Entraide Tourcoing").exists() or field == "name"
    assert mail.outbox == []


def test_a_second_network_of_the_same_name_is_refused(client_for, operator):
    client = client_for(operator)
    assert client.post(CREATE, form()).status_code == 302
    response = client.post(CREATE, form(hostname="autre.localhost"))
    assert response.status_code == 400
    codes = [e.code for e in response.context["form"].errors.as_data()["name"]]
    assert codes == ["duplicate_name"]


def test_same_town_twice_gets_another_short_name(client_for, operator):
    client = client_for(operator)
    client.post(CREATE, form())
    response = client.post(
        CREATE, form(name="Entraide Tourcoing Nord", hostname="nord.localhost", email="a@b.org")
    )
    assert response.status_code == 302
    assert Network.objects.get(name="Entraide Tourcoing Nord").slug == "tourcoing-2"


def test_an_invitation_is_for_an_association_or_a_network(operator, association_a):
    network = networks.default()
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.create(email="x@y.org", role="coordinator", invited_by=operator)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.create(
            email="x@y.org",
            role="coordinator",
            invited_by=operator,
            association=association_a,
            network=network,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.create(email="x@y.org", role="member", invited_by=operator, network=network)
