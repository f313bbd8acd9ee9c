"""Practices from elsewhere: the public practices of another network of the installation,
read on this network's host, adopted by one of its associations, their authors told."""

import pytest
from django.urls import reverse
from django.utils import timezone

from practices import bootstrap as practices_setup
from practices.models import Adoption, AdoptionKind, Visibility
from tests.factories import AssociationFactory, make_member
from tests.practices.conftest import make_practice
from tests.utils import text
from workspace import networks
from workspace.models import Event, Notification, Role
from workspace.notifications.delivery import handlers_by_kind
from workspace.services.networks import create_network

B_HOST = "tourcoing.localhost"


@pytest.fixture
def two(db, index, association_a, editor_a):
    """Network A (the first one, Roubaix) with a public and a members-only practice; network
    B (Tourcoing) with an association and its editor."""
    w = type("World", (), {})()
    w.a = networks.default()
    w.public = make_practice(index, association_a, user=editor_a)
    w.members_only = make_practice(
        index,
        association_a,
        title="Accueil sans justificatif",
        visibility=Visibility.NETWORK,
        user=editor_a,
        summary="CANARY-MEMBERS-ONLY nous accueillons sans papiers.",
    )
    w.b = create_network(name="Réseau de Tourcoing", town="Tourcoing", hostname=B_HOST)
    with networks.activate(w.b):
        w.association_b = AssociationFactory(name="Épicerie de Tourcoing", slug="epicerie-t")
        w.editor_b = make_member(w.association_b, Role.EDITOR, email="editeur@tourcoing.test")
        w.index_b = practices_setup.ensure_all()
        w.practice_b = make_practice(
            w.index_b, w.association_b, title="Un frigo solidaire", user=w.editor_b
        )
    w.editor_a = editor_a
    return w


def get_b(client, url, **kwargs):
    return client.get(url, HTTP_HOST=B_HOST, **kwargs)


def test_the_library_of_b_lists_the_public_practices_of_a_with_network_and_licence(client_for, two):
    page = text(get_b(client_for(None), "/pratiques/"))
    assert "Pratiques d'ailleurs" in page
    assert two.public.title in page
    assert two.a.name in page  # the network it comes from
    assert "CC BY 4.0" in page
    # Never a members-only practice of another network, even to a member of B.
    for user in (None, two.editor_b):
        for url in ("/pratiques/", reverse("practices:elsewhere")):
            content = text(get_b(client_for(user), url))
            assert "CANARY-MEMBERS-ONLY" not in content
            assert two.members_only.title not in content
            # B's own practice is not "from elsewhere" on B's host.
        listing = text(get_b(client_for(user), reverse("practices:elsewhere")))
        assert two.practice_b.title not in listing
    # And A's library shows B's practice as from elsewhere.
    assert two.practice_b.title in text(client_for(None).get(reverse("practices:elsewhere")))


def test_a_practice_of_a_reads_on_bs_host_with_attribution(client_for, two):
    url = reverse("practices:elsewhere_practice", args=[two.a.slug, two.public.pk])
    response = get_b(client_for(None), url)
    assert response.status_code == 200
    content = text(response)
    assert two.public.title in content and two.a.name in content
    assert "Pour citer cette pratique" in content and two.a.name in content
    original = f"http://{two.a.site.hostname}{two.public.get_url_parts()[2]}"
    assert f'href="{original}"' in response.content.decode()
    # On runserver's port (the demo's sites say port 80), the address keeps that port.
    on_8000 = client_for(None).get(url, HTTP_HOST=f"{B_HOST}:8000")
    assert f'href="http://{two.a.site.hostname}:8000{two.public.get_url_parts()[2]}"' in (
        on_8000.content.decode()
    )
    # Members-only, another network's slug, or one's own network: 404.
    for network, practice in (
        (two.a, two.members_only),
        (two.b, two.practice_b),
        (two.a, two.practice_b),
    ):
        path = reverse("practices:elsewhere_practice", args=[network.slug, practice.pk])
        assert get_b(client_for(two.editor_b), path).status_code == 404


def test_an_association_of_b_adopts_a_practice_of_a_and_as_authors_are_told(client_for, two):
    url = reverse("practices:elsewhere_adopt", args=[two.a.slug, two.public.pk])
    response = client_for(two.editor_b).post(
        url,
        {
            "kind": AdoptionKind.SAME,
            "note": "Depuis janvier.",
            "adopted_on": timezone.localdate().isoformat(),
        },
        HTTP_HOST=B_HOST,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    adoption = Adoption.objects.everywhere().get()
    assert adoption.association == two.association_b and adoption.practice_id == two.public.pk
    # The event belongs to A, and says it comes from B.
    event = Event.objects.everywhere().get(kind="practice_adopted")
    assert event.network_id == two.a.pk
    assert event.payload["from_network"] == two.b.name
    notice = Notification.objects.get(user=two.editor_a)
    assert "Épicerie de Tourcoing" in notice.title and two.b.name in notice.title
    # Its e-mail (sent at once or in a digest, as the person chose) names network B too.
    handler = handlers_by_kind()["practice_adopted"]
    with networks.activate(event.network_id):
        subject, body = handler.render(event, two.editor_a)
    assert two.b.name in subject and two.b.name in body
    # A's page lists the adoption with its network (its note stays in B).
    content = text(client_for(two.editor_a).get(two.public.url))
    assert "Épicerie de Tourcoing" in content and two.b.name in content
    assert "Depuis janvier." not in content
    # A second answer is refused with a message, nothing lost.
    again = client_for(two.editor_b).post(
        url,
        {"kind": AdoptionKind.SAME, "adopted_on": timezone.localdate().isoformat()},
        HTTP_HOST=B_HOST,
    )
    assert again.status_code == 400
    assert Adoption.objects.everywhere().count() == 1


def test_adopting_elsewhere_needs_an_editor_of_this_network(client_for, two, editor_a):
    url = reverse("practices:elsewhere_adopt", args=[two.a.slug, two.public.pk])
    data = {"kind": AdoptionKind.SAME, "adopted_on": timezone.localdate().isoformat()}
    anonymous = client_for(None).post(url, data, HTTP_HOST=B_HOST)
    assert (
        anonymous.status_code == 302
        and "/connexion" in anonymous["Location"]
        or ("login" in anonymous["Location"])
    )
    # A's editor, on B's host, speaks for no association of B.
    assert client_for(editor_a).post(url, data, HTTP_HOST=B_HOST).status_code == 403
    members_only = reverse("practices:elsewhere_adopt", args=[two.a.slug, two.members_only.pk])
    assert client_for(two.editor_b).post(members_only, data, HTTP_HOST=B_HOST).status_code == 404
    assert not Adoption.objects.everywhere().exists()


def test_an_association_of_b_withdraws_its_adoption_of_a_practice_of_a(client_for, two):
    adopt = reverse("practices:elsewhere_adopt", args=[two.a.slug, two.public.pk])
    data = {"kind": AdoptionKind.SAME, "adopted_on": timezone.localdate().isoformat()}
    assert client_for(two.editor_b).post(adopt, data, HTTP_HOST=B_HOST).status_code == 302
    adoption = Adoption.objects.everywhere().get()
    page = reverse("practices:elsewhere_practice", args=[two.a.slug, two.public.pk])
    withdraw = reverse(
        "practices:elsewhere_withdraw", args=[two.a.slug, two.public.pk, adoption.pk]
    )
    # The editor of B sees the button; A's editor, on B's host or A's, cannot use it.
    assert withdraw in get_b(client_for(two.editor_b), page).content.decode()
    assert client_for(two.editor_a).post(withdraw, HTTP_HOST=B_HOST).status_code == 404
    assert client_for(two.editor_a).post(withdraw).status_code == 404
    local = reverse("practices:withdraw_adoption", args=[two.public.pk, adoption.pk])
    assert client_for(two.editor_a).post(local).status_code == 404
    assert client_for(None).post(withdraw, HTTP_HOST=B_HOST).status_code == 302  # to log in
    assert Adoption.objects.everywhere().count() == 1
    # An unknown adoption, or one of another practice: 404.
    for other in (
        reverse("practices:elsewhere_withdraw", args=[two.a.slug, two.public.pk, 999999]),
        reverse(
            "practices:elsewhere_withdraw", args=[two.a.slug, two.members_only.pk, adoption.pk]
        ),
    ):
        assert client_for(two.editor_b).post(other, HTTP_HOST=B_HOST).status_code == 404
    response = client_for(two.editor_b).post(withdraw, HTTP_HOST=B_HOST, follow=True)
    assert response.status_code == 200
    assert "La réponse de votre association est retirée." in text(response)
    assert not Adoption.objects.everywhere().exists()
    # A's page no longer lists it.
    assert "Épicerie de Tourcoing" not in text(client_for(two.editor_a).get(two.public.url))


def test_the_search_of_b_finds_the_public_practices_of_a_as_from_elsewhere(client_for, two):
    for user in (None, two.editor_b):
        response = get_b(client_for(user), "/recherche/", data={"q": "benevoles planning"})
        assert response.status_code == 200
        content = text(response)
        assert "Pratiques d'ailleurs" in content and two.public.title in content
        assert two.a.name in content  # the network it comes from
        url = reverse("practices:elsewhere_practice", args=[two.a.slug, two.public.pk])
        assert f'href="{url}"' in response.content.decode()
        # Never a members-only practice of another network.
        found = text(get_b(client_for(user), "/recherche/", data={"q": "justificatif"}))
        assert two.members_only.title not in found and "CANARY-MEMBERS-ONLY" not in found
    # B's own practice is in the search as its own, never as from elsewhere.
    response = get_b(client_for(None), "/recherche/", data={"q": "frigo", "type": "practice"})
    assert two.practice_b.title in text(response)
    elsewhere = get_b(
        client_for(None), "/recherche/", data={"q": "frigo", "type": "practice_elsewhere"}
    )
    assert two.practice_b.title not in text(elsewhere)
    # And A's search finds B's practice from elsewhere.
    assert two.practice_b.title in text(client_for(None).get("/recherche/", data={"q": "frigo"}))
