"""The core of several networks: the current network from the host, rows that belong to it,
permissions and settings per network, the town named on every page."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AssociationFactory, make_coordinator, make_member
from workspace import networks, permissions, roles
from workspace.models import Association, NetworkSettings, Topic
from workspace.services.networks import create_network


@pytest.fixture
def other():
    return create_network(name="Réseau de Bétheville", town="Bétheville", hostname="b.localhost")


def test_the_host_decides_the_network_and_an_unknown_host_gets_the_first(db, other, settings):
    # An allowed host that no network claims (a server's own name or address).
    settings.ALLOWED_HOSTS = [".localhost", "unknown.example", "testserver"]
    first = networks.default()
    assert first.site.is_default_site and first.town == "Roubaix"
    pages = {
        "b.localhost": "Bétheville",
        "localhost": "Roubaix",
        "unknown.example": "Roubaix",
    }
    for host, town in pages.items():
        body = Client().get("/", HTTP_HOST=host).content.decode()
        assert f"réseau d'aide alimentaire de {town}" in body, host
    # The directory's description names the town too.
    body = Client().get(reverse("directory:list"), HTTP_HOST="b.localhost").content.decode()
    assert "à Bétheville" in body and "à Roubaix" not in body


def test_rows_belong_to_the_network_current_when_made_and_managers_list_its_own(db, other):
    first = networks.default()
    here = AssociationFactory(name="Le Panier")
    with networks.activate(other):
        there = AssociationFactory(name="Le Panier")  # the same name, in another network
        assert list(Association.objects.all()) == [there]
        assert Association.objects.everywhere().count() == 2
    assert here.network_id == first.pk and there.network_id == other.pk
    with networks.activate(first):
        assert list(Association.objects.all()) == [here]
    # With no network current (a maintenance command), every row.
    assert Association.objects.count() == 2


def test_roles_are_per_network(db, other):
    coordinator_b = make_coordinator(email="coordination@b.example.org")
    coordinator_b.groups.remove(roles.group("coordinators"))
    coordinator_b.groups.add(other.coordinators)
    with networks.activate(other):
        association_b = AssociationFactory(name="Le Fournil")
    member = make_member(association_b, email="membre@b.example.org")

    assert not permissions.is_coordinator(coordinator_b)  # in the first network: nobody
    assert not permissions.is_network_member(member)
    with networks.activate(other):
        assert permissions.is_coordinator(coordinator_b)
        assert permissions.is_network_member(member)
        assert permissions.is_member_of(member, association_b)

    # By the request's host, the same.
    client = Client()
    client.force_login(coordinator_b)
    assert client.get(reverse("workspace:memberships"), HTTP_HOST="b.localhost").status_code == 200
    assert client.get(reverse("workspace:memberships")).status_code in (403, 404)


def test_a_topic_proposed_on_a_network_host_belongs_to_that_network(db, other):
    with networks.activate(other):
        association_b = AssociationFactory(name="Le Fournil")
    member = make_member(association_b, email="editeur@b.example.org", role="editor")
    client = Client()
    client.force_login(member)
    response = client.post(
        reverse("meetings:propose"),
        {
            "association": association_b.pk,
            "title": "Les dons de pain",
            "description": "Qui les prend ?",
            "kind": "information",
            "estimated_minutes": 10,
        },
        HTTP_HOST="b.localhost",
    )
    assert response.status_code == 302
    topic = Topic.objects.everywhere().get(title="Les dons de pain")
    assert topic.network_id == other.pk
    with networks.activate(networks.default()):
        assert not Topic.objects.filter(title="Les dons de pain").exists()


def test_each_network_has_its_own_settings(db, other):
    first = NetworkSettings.load()
    first.meeting_interval_months = 3
    first.save()
    with networks.activate(other):
        theirs = NetworkSettings.load()
        assert theirs.pk != first.pk and theirs.site_id == other.site_id
        assert theirs.meeting_interval_months == 2
    assert NetworkSettings.load().meeting_interval_months == 3


def test_a_queryset_kept_from_one_network_lists_the_network_current_when_it_runs(db, other):
    """Querysets made once and kept (a form field's choices made at import, a StreamField
    chooser's field built on first use, Wagtail's page form classes) follow the network of the
    request that runs them, not of the first that built them."""
    from minutes.blocks import SectionBlock
    from workspace.forms.meetings import MeetingForm

    first = networks.default()
    here = AssociationFactory(name="Le Panier d'ici")
    with networks.activate(other):
        there = AssociationFactory(name="Le Panier de là-bas")
        kept = Association.objects.all()  # made in the other network…
        chooser = SectionBlock().child_blocks["presenter"].field  # …built there first
    with networks.activate(first):  # …run in the first one
        assert list(kept) == [here]
        assert list(chooser.queryset) == [here]
        assert [a for a in MeetingForm().fields["host"].queryset] == [here]
        assert Association.objects.filter(pk=there.pk).count() == 0
    with networks.activate(other):
        assert list(kept.all()) == [there]
        assert list(chooser.queryset.all()) == [there]
        assert chooser.clean(there.pk) == there
        assert [a for a in MeetingForm().fields["host"].queryset] == [there]
    # With no network current when it runs: the network current when it was made.
    assert list(kept.all()) == [there]
    assert Association.objects.count() == 2


def test_pages_kept_from_one_network_list_the_network_current_when_they_run(db, other):
    from tests.factories import make_meeting
    from workspace.models import MeetingPage

    first = networks.default()
    here = make_meeting(make_coordinator(email="coordination@a.example.org"))
    coordinator_b = make_coordinator(email="coordination@b.example.org")
    coordinator_b.groups.set([other.coordinators])
    with networks.activate(other):
        there = make_meeting(coordinator_b)
        kept = MeetingPage.objects.all()
    assert here.path.startswith(first.root_path) and there.path.startswith(other.root_path)
    with networks.activate(first):
        assert list(kept.all()) == [here]
    with networks.activate(other):
        assert list(kept.all()) == [there]
