"""Adoptions: "we do this too" / "we tried it", once per association, never one's own."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from practices.models import Adoption, AdoptionKind
from tests.factories import AssociationFactory, make_member
from tests.practices.conftest import make_practice
from tests.utils import text
from workspace.models import Role

TWICE = "Association B l'a déjà dit le"
OWN = "Association A mène cette pratique : une association n'adopte pas la sienne."


def adopt(client, practice, **data):
    values = {
        "kind": AdoptionKind.SAME,
        "note": "Nous le faisons depuis l'hiver.",
        "adopted_on": timezone.localdate().isoformat(),
    }
    values.update(data)
    return client.post(reverse("practices:adopt", args=[practice.pk]), values)


def test_adopting_shows_on_the_practice_and_on_both_association_pages(
    client_for, practice_a, editor_a, editor_b, association_a, association_b
):
    mail.outbox.clear()
    response = adopt(client_for(editor_b), practice_a, kind=AdoptionKind.TRIED)
    assert response.status_code == 302
    assert response["Location"].endswith("#adoptions")
    adoption = Adoption.objects.get()
    assert adoption.association == association_b
    assert adoption.kind == AdoptionKind.TRIED
    assert adoption.created_by == editor_b
    page = client_for(None).get(practice_a.url)
    content = text(page)
    assert "Adoptée par 1 association" in content
    assert "Association B" in content and "Nous l'avons essayée" in content
    assert "Nous le faisons depuis l'hiver." not in content  # notes are for the network
    assert "Nous le faisons depuis l'hiver." in text(client_for(editor_a).get(practice_a.url))
    # The authoring association hears of it.
    assert any(editor_a.email in m.to and "Association B" in m.subject for m in mail.outbox)
    # Each association's page lists practices it runs and adopted.
    runs = text(client_for(editor_a).get(reverse("workspace:association", args=["assoc-a"])))
    assert "Pratiques qu'elle mène" in runs and practice_a.title in runs
    adopted = text(client_for(editor_b).get(reverse("workspace:association", args=["assoc-b"])))
    assert "Pratiques qu'elle a adoptées" in adopted and practice_a.title in adopted
    listing = text(client_for(None).get("/pratiques/"))
    assert "adoptée par 1 association" in listing


def test_adopting_twice_is_refused_with_a_message(client_for, practice_a, editor_b):
    client = client_for(editor_b)
    assert adopt(client, practice_a).status_code == 302
    response = adopt(client, practice_a, note="Encore")
    assert response.status_code == 400
    assert TWICE in text(response)
    assert Adoption.objects.count() == 1
    # The form is not offered again to that association.
    page = text(client.get(practice_a.url))
    assert "Votre association le fait aussi ?" not in page


def test_a_colleague_cannot_adopt_twice_either(client_for, practice_a, editor_b, association_b):
    colleague = make_member(association_b, Role.EDITOR, email="autre@b.exemple.org")
    adopt(client_for(editor_b), practice_a)
    response = adopt(client_for(colleague), practice_a)
    assert response.status_code in (400, 403)
    assert Adoption.objects.count() == 1


def test_adopting_ones_own_practice_is_refused_with_a_message(client_for, practice_a, editor_a):
    client = client_for(editor_a)
    page = text(client.get(practice_a.url))
    assert "Votre association le fait aussi ?" not in page
    assert "C'est la pratique de votre association" in page
    response = adopt(client, practice_a)
    assert response.status_code == 400
    assert OWN in text(response)
    assert not Adoption.objects.exists()


def test_an_editor_of_two_associations_chooses_which_adopts(
    client_for, practice_a, editor_b, association_a
):
    third = AssociationFactory(name="Association C", slug="assoc-c")
    make_member(third, Role.EDITOR, email=editor_b.email)
    editor_b.refresh_from_db()
    client = client_for(editor_b)
    page = client.get(practice_a.url).content.decode()
    assert 'name="association"' in page and "Association C" in page
    assert adopt(client, practice_a, association=third.pk).status_code == 302
    # An association one does not speak for is not a choice.
    response = adopt(client, practice_a, association=association_a.pk)
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in text(response)
    assert Adoption.objects.count() == 1


def test_bad_dates_and_long_notes_keep_what_was_typed(client_for, practice_a, editor_b):
    client = client_for(editor_b)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = adopt(client, practice_a, adopted_on=tomorrow.isoformat(), note="Gardé")
    assert response.status_code == 400
    assert "La date ne peut pas être dans le futur." in text(response)
    assert "Gardé" in text(response)
    response = adopt(client, practice_a, note="x" * 501)
    assert response.status_code == 400
    assert "La note fait au plus 500 caractères (elle en a 501)." in text(response)
    assert not Adoption.objects.exists()


def test_withdrawing_an_adoption(client_for, practice_a, editor_b, editor_a):
    adopt(client_for(editor_b), practice_a)
    adoption = Adoption.objects.get()
    url = reverse("practices:withdraw_adoption", args=[practice_a.pk, adoption.pk])
    assert client_for(editor_a).post(url).status_code == 404
    assert client_for(editor_b).post(url).status_code == 302
    assert not Adoption.objects.exists()


def test_adopting_a_network_only_practice_needs_the_network(
    client_for, index, association_a, editor_b
):
    from practices.models import Visibility

    practice = make_practice(index, association_a, visibility=Visibility.NETWORK)
    assert adopt(client_for(editor_b), practice).status_code == 302
    assert adopt(client_for(None), practice).status_code == 302  # to the login page
    assert Adoption.objects.count() == 1


@pytest.fixture(autouse=True)
def practice_news_by_email_at_once(monkeypatch):
    """These tests read the e-mails sent at once: practice news go by e-mail immediately
    here (by default they wait for the daily digest, see test_notification_centre.py)."""
    from workspace.models import DEFAULT_MODES, Category, Mode

    monkeypatch.setitem(DEFAULT_MODES, Category.PRACTICES, Mode.EMAIL)
