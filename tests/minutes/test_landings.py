"""After submitting the minutes, whoever drafted them lands on a page of ours: to whom the
draft circulates, until when, who approves; the submit button says what it does."""

from django.test import Client
from django.urls import reverse

from minutes import services
from tests.minutes.test_editor_blocks import post, section
from tests.utils import text, visible_text
from workspace.models import MeetingPage


def submit(client, page, held):
    item = held.agenda_items.first()
    return post(client, page, [section("Maraudes d'hiver", item.pk)], **{"action-submit": "1"})


def test_the_coordinator_lands_on_the_circulation_page(
    client_for, coordinator, held, association_a, association_b
):
    page, _created = services.start_minutes(held, coordinator)
    client = client_for(coordinator)
    response = submit(client, page, held)
    landing = reverse("minutes:submitted", args=[held.slug])
    assert response.status_code == 302, text(response)[:2000]
    assert response["Location"] == landing
    response = client.get(landing)
    content = visible_text(response)
    assert "Compte rendu envoyé aux associations présentes pour amendements" in content
    assert "Le compte rendu circule auprès des associations présentes" in content
    assert association_a.name in content and association_b.name not in content  # B was absent
    deadline = services.circulation_state(page).deadline
    assert str(deadline.astimezone().day) in content
    assert "Dominique Coord" in content  # who approves
    assert "modération" not in content
    assert reverse("minutes:draft", args=[held.slug]) in text(response)


def test_the_secretary_lands_there_too_and_members_do_not_see_it(
    client_for, coordinator, member_a, member_b, held
):
    MeetingPage.objects.filter(pk=held.pk).update(secretary=member_a)
    page, _created = services.start_minutes(held, coordinator)
    landing = reverse("minutes:submitted", args=[held.slug])
    response = submit(client_for(coordinator), page, held)
    assert response["Location"] == landing
    assert client_for(member_a).get(landing).status_code == 200
    assert client_for(member_b).get(landing).status_code == 404
    assert Client().get(landing).status_code == 302


def test_the_submit_button_says_the_minutes_circulate(client_for, coordinator, held):
    page, _created = services.start_minutes(held, coordinator)
    content = visible_text(
        client_for(coordinator).get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    )
    assert "Faire circuler aux associations présentes" in content
    assert "Soumettre à" not in content


def test_saving_stays_in_the_editor(client_for, coordinator, held):
    page, _created = services.start_minutes(held, coordinator)
    item = held.agenda_items.first()
    response = post(client_for(coordinator), page, [section("Maraudes d'hiver", item.pk)])
    assert response.status_code == 302
    assert "envoye" not in response["Location"]
