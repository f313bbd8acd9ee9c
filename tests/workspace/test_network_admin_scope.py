"""Wagtail's admin of a network shows nothing of another: a coordinator of network B (on
B's host) against the objects of network A (the first network)."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from tests.factories import AssociationFactory, UserFactory
from workspace import networks
from workspace.models import Association
from workspace.services.networks import create_network

HOST_B = "tourcoing.localhost"


@pytest.fixture
def first(db):
    return networks.default()


@pytest.fixture
def second(db, first):
    return create_network(name="Entraide Tourcoing", town="Tourcoing", hostname=HOST_B)


@pytest.fixture
def coordinator_b(second):
    user = UserFactory(email="coordination@tourcoing.exemple.org")
    user.groups.add(second.coordinators)
    return user


@pytest.fixture
def admin_b(client, coordinator_b):
    client.force_login(coordinator_b)
    return client


def get(client, url):
    return client.get(url, HTTP_HOST=HOST_B)


def test_the_coordinator_of_b_gets_into_the_admin_of_b(admin_b, second):
    assert get(admin_b, reverse("wagtailadmin_home")).status_code == 200
    assert (
        get(admin_b, reverse("wagtailadmin_explore", args=[second.site.root_page_id])).status_code
        == 200
    )


def test_the_explorer_and_the_editor_of_a_are_closed_to_b(admin_b, first):
    home_a = first.site.root_page_id
    for url in (
        reverse("wagtailadmin_explore", args=[home_a]),
        reverse("wagtailadmin_pages:edit", args=[home_a]),
        reverse("wagtailadmin_pages:add_subpage", args=[home_a]),
    ):
        response = get(admin_b, url)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert "/admin/login" not in response["Location"]


def test_the_page_search_of_b_finds_nothing_of_a(admin_b, first, second):
    title_a = Page.objects.get(pk=first.site.root_page_id).title
    response = get(admin_b, reverse("wagtailadmin_pages:search") + "?q=" + title_a.split()[-1])
    assert response.status_code == 200
    assert f"/admin/pages/{first.site.root_page_id}/" not in response.content.decode()


def test_the_associations_of_a_are_not_listed_in_b(admin_b, first, second):
    with networks.activate(first):
        association_a = AssociationFactory(name="Secours de Roubaix", slug="secours-roubaix")
    with networks.activate(second):
        AssociationFactory(name="Resto de Tourcoing", slug="resto-tourcoing")
    listing = get(admin_b, reverse("wagtailsnippets_workspace_association:list"))
    if listing.status_code == 200:
        html = listing.content.decode()
        assert "Secours de Roubaix" not in html
    response = get(
        admin_b, reverse("wagtailsnippets_workspace_association:edit", args=[association_a.pk])
    )
    assert response.status_code in (302, 403, 404)
    assert Association.objects.everywhere().filter(pk=association_a.pk).exists()


def test_the_settings_of_a_are_closed_to_b(admin_b, first, second):
    own = get(
        admin_b,
        reverse("wagtailsettings:edit", args=["workspace", "networksettings", second.site_id]),
    )
    assert own.status_code == 200
    other = get(
        admin_b,
        reverse("wagtailsettings:edit", args=["workspace", "networksettings", first.site_id]),
    )
    assert other.status_code in (302, 403, 404)


def test_the_settings_site_switcher_names_only_the_own_network(admin_b, client, first, second):
    """The coordination changes its network's settings on its own site only (a site
    permission): Wagtail's switcher lists no other network's site."""
    own = get(
        admin_b,
        reverse("wagtailsettings:edit", args=["workspace", "networksettings", second.site_id]),
    )
    body = own.content.decode()
    assert own.status_code == 200
    assert f"networksettings/{first.site_id}/" not in body
    assert 'name="site"' not in body  # no switcher: one site to edit
    # The settings' menu entry leads to the own network's settings.
    response = get(admin_b, reverse("wagtailsettings:edit", args=["workspace", "networksettings"]))
    assert response.status_code == 302
    assert response["Location"].endswith(f"networksettings/{second.site_id}/")
    # The first network's coordination, the same on its own host.
    from tests.factories import make_coordinator

    client.force_login(make_coordinator(email="coordination@premier.exemple.org"))
    url = reverse("wagtailsettings:edit", args=["workspace", "networksettings", first.site_id])
    response = client.get(url)
    assert response.status_code == 200
    assert f"networksettings/{second.site_id}/" not in response.content.decode()
    # The operator (superuser) switches between every network's site.
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    body = client.get(url).content.decode()
    assert f"networksettings/{second.site_id}/" in body


def test_the_operator_edits_each_network_on_its_host(client, first, second):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    url = reverse("wagtailadmin_pages:edit", args=[first.site.root_page_id])
    assert client.get(url).status_code == 200
    url = reverse("wagtailadmin_pages:edit", args=[second.site.root_page_id])
    assert get(client, url).status_code == 200


def test_the_operator_opening_another_networks_page_is_sent_to_its_host(client, first, second):
    """From the tree's root the operator reaches every network's pages: one of another
    network is edited on that network's host (its models are read there), never a 500."""
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for page, host, other_host in (
        (first.site.root_page_id, HOST_B, first.site.hostname),
        (second.site.root_page_id, "localhost", HOST_B),
    ):
        for name in ("wagtailadmin_pages:edit", "wagtailadmin_explore"):
            url = reverse(name, args=[page])
            response = client.get(url, HTTP_HOST=host)
            assert response.status_code == 302, (name, host)
            assert response["Location"] == f"http://{other_host}{url}"
            assert client.get(url, HTTP_HOST=other_host).status_code == 200
        # A form sent to the wrong host is not found (nothing is saved on the way).
        url = reverse("wagtailadmin_pages:edit", args=[page])
        assert client.post(url, {"title": "Perdu"}, HTTP_HOST=host).status_code == 404
    # The development server's port is kept.
    url = reverse("wagtailadmin_pages:edit", args=[second.site.root_page_id])
    response = client.get(url, HTTP_HOST="localhost:8000")
    assert response["Location"] == f"http://{HOST_B}:8000{url}"
