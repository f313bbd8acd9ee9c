"""Network-only practices never appear to anonymous visitors: list, page, search, feed,
sitemap, PDF, attachments. Public ones are readable by everybody."""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from practices.models import PracticePage, Visibility
from tests.factories import UserFactory
from tests.practices.conftest import make_practice
from tests.utils import text

PUBLIC = "Un planning partagé des bénévoles"
NETWORK = "Accueil sans justificatif"


@pytest.fixture
def both(practice_a, network_practice_a):
    return practice_a, network_practice_a


READERS = ["member_a", "editor_a", "member_b", "editor_b", "agent", "coordinator"]


def test_network_only_practice_is_restricted_and_public_one_is_not(both):
    public, network = both
    assert not PageViewRestriction.objects.filter(page=public).exists()
    restriction = PageViewRestriction.objects.get(page=network)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert set(restriction.groups.values_list("name", flat=True)) == {
        "Coordination",
        "Agents d'orientation",
        "Réseau",
    }
    assert list(PracticePage.objects.live().public()) == [public]


def test_visibility_follows_the_published_version(both):
    public, network = both
    network.visibility = Visibility.PUBLIC
    network.save_revision()  # a draft changes nothing yet
    assert PageViewRestriction.objects.filter(page=network).exists()
    network.get_latest_revision().publish()
    assert not PageViewRestriction.objects.filter(page=network).exists()
    public.visibility = Visibility.NETWORK
    public.save_revision().publish()
    assert PageViewRestriction.objects.filter(page=public).exists()


@pytest.mark.parametrize("who", [None, "stranger"])
def test_outsiders_never_see_network_only_practices(client_for, both, who):
    public, network = both
    user = UserFactory(email="inconnu@exemple.org") if who else None
    client = client_for(user)
    listing = client.get("/pratiques/")
    assert listing.status_code == 200
    assert PUBLIC in text(listing) and NETWORK not in text(listing)
    assert client.get(public.url).status_code == 200
    page = client.get(network.url)
    assert page.status_code == 404  # not a redirect to the login page that tells it exists
    assert NETWORK not in text(page)
    search = client.get("/pratiques/", {"q": "justificatif"})
    assert NETWORK not in text(search)
    assert "0 pratique" in text(search)
    search = client.get("/pratiques/", {"q": "papiers", "visibility": "network"})
    assert NETWORK not in text(search)
    feed = client.get(reverse("practices:feed"))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/atom+xml")
    assert PUBLIC in feed.content.decode() and NETWORK not in feed.content.decode()
    assert network.slug not in feed.content.decode()
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert public.slug in sitemap.content.decode()
    assert network.slug not in sitemap.content.decode()
    for name in ("practices:pdf",):
        assert client.get(reverse(name, args=[network.pk])).status_code == 404
        assert client.get(reverse(name, args=[public.pk])).status_code == 200


@pytest.mark.parametrize("role", READERS)
def test_every_network_role_sees_network_only_practices(people, client_for, both, role):
    public, network = both
    client = client_for(people[role])
    listing = client.get("/pratiques/")
    assert PUBLIC in text(listing) and NETWORK in text(listing)
    assert "réseau seulement" in text(listing)
    page = client.get(network.url)
    assert page.status_code == 200
    assert NETWORK in text(page)
    search = client.get("/pratiques/", {"q": "justificatif"})
    assert NETWORK in text(search)
    # The feed and the sitemap stay public-only, whoever asks.
    assert NETWORK not in client.get(reverse("practices:feed")).content.decode()
    assert network.slug not in client.get("/sitemap.xml").content.decode()


def test_members_filter_by_readers(client_for, member_b, both):
    client = client_for(member_b)
    only_network = text(client.get("/pratiques/", {"visibility": "network"}))
    assert NETWORK in only_network and PUBLIC not in only_network
    only_public = text(client.get("/pratiques/", {"visibility": "public"}))
    assert PUBLIC in only_public and NETWORK not in only_public


def test_anonymous_list_has_no_readers_filter(client, both):
    content = text(client.get("/pratiques/"))
    assert 'name="visibility"' not in content


def test_drafts_are_nobodys_page(client_for, people, index, association_a):
    draft = make_practice(index, association_a, title="Brouillon", publish=False)
    for role in ("anonymous", "member_a", "coordinator"):
        client = client_for(people[role])
        assert "Brouillon" not in text(client.get("/pratiques/"))
        assert client.get(reverse("practices:pdf", args=[draft.pk])).status_code == 404


def test_the_library_itself_is_public(client, index):
    assert not PageViewRestriction.objects.filter(page=index).exists()
    response = client.get("/pratiques/")
    assert response.status_code == 200
    assert "/pratiques/" in client.get("/sitemap.xml").content.decode()


def test_header_links_to_the_library_for_everyone(client_for, people, index):
    for role in ("anonymous", "member_a", "agent"):
        response = client_for(people[role]).get("/")
        assert 'href="/pratiques/"' in response.content.decode()


def test_filter_choices_reveal_nothing_of_network_only_practices(
    client_for, index, association_a, association_b, member_a
):
    make_practice(index, association_a, start_year=2018)
    make_practice(
        index, association_b, title="Secrète", visibility=Visibility.NETWORK, start_year=2012
    )
    anonymous = client_for(None).get("/pratiques/").content.decode()
    assert "Association A" in anonymous and "Association B" not in anonymous
    assert ">2018<" in anonymous and ">2012<" not in anonymous
    member = client_for(member_a).get("/pratiques/").content.decode()
    assert "Association B" in member and ">2012<" in member
