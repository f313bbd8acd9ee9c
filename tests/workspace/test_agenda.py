import io

import pypdf
import pytest
from django.urls import reverse

from tests.factories import make_member, make_topic
from tests.utils import text, visible_text
from workspace.models import AgendaItem, AgendaItemKind, MeetingStatus, NetworkSettings, TopicStatus
from workspace.services import agenda
from workspace.services import topics as topic_services


def titles(meeting):
    return [item.display_title for item in meeting.agenda_items.select_related("topic")]


@pytest.fixture
def two_topics(meeting, coordinator, member_a, association_a):
    first = make_topic(
        association_a, member_a, meeting=meeting, title="Maraudes d'hiver", estimated_minutes=20
    )
    second = make_topic(
        association_a, member_a, meeting=meeting, title="Jardin partagé", estimated_minutes=30
    )
    topic_services.accept_topic(first, coordinator, meeting)
    topic_services.accept_topic(second, coordinator, meeting)
    return first, second


def test_agenda_template_and_computed_start_times(meeting, two_topics):
    assert titles(meeting) == [
        "Accueil par l'association hôte",
        "Tour de table des nouvelles",
        "Maraudes d'hiver",
        "Jardin partagé",
        "Suivi des actions",
        "Prochaine réunion",
    ]
    rows, overrun = agenda.schedule(meeting)
    starts = [row["start"].strftime("%H:%M") for row in rows]
    assert starts == ["09:30", "09:40", "10:00", "10:20", "10:50", "11:05"]
    assert overrun == 0


def test_template_comes_from_the_network_settings(coordinator, association_a):
    from tests.factories import make_meeting

    settings = NetworkSettings.load()
    settings.welcome_minutes = 25
    settings.save()
    meeting = make_meeting(coordinator, host=association_a)
    assert meeting.agenda_items.get(kind=AgendaItemKind.WELCOME).duration_minutes == 25


def test_overrun_warning(client_for, coordinator, meeting, two_topics):
    item = AgendaItem.objects.get(topic=two_topics[1])
    response = client_for(coordinator).post(
        reverse("meetings:agenda", args=[meeting.slug]),
        {
            "action": "update",
            "item": item.pk,
            f"item{item.pk}-duration_minutes": 90,
            f"item{item.pk}-presenter": "",
        },
    )
    assert response.status_code == 302
    page = text(client_for(coordinator).get(reverse("meetings:agenda", args=[meeting.slug])))
    assert "L'ordre du jour dépasse de 15 minutes la fin de la réunion." in page


def test_reordering_without_javascript(client_for, coordinator, meeting, two_topics):
    client = client_for(coordinator)
    url = reverse("meetings:agenda", args=[meeting.slug])
    garden = AgendaItem.objects.get(topic=two_topics[1])
    client.post(url, {"action": "up", "item": garden.pk})
    assert titles(meeting)[2:4] == ["Jardin partagé", "Maraudes d'hiver"]
    client.post(url, {"action": "down", "item": garden.pk})
    assert titles(meeting)[2:4] == ["Maraudes d'hiver", "Jardin partagé"]
    client.post(url, {"action": "move", "item": garden.pk, "position": "1"})
    assert titles(meeting)[0] == "Jardin partagé"
    bad = client.post(
        url, {"action": "move", "item": garden.pk, "position": "premier"}, follow=True
    )
    assert "Indiquez la nouvelle position par un nombre." in text(bad)
    first = meeting.agenda_items.first()
    client.post(url, {"action": "up", "item": first.pk})  # already first: nothing moves
    assert titles(meeting)[0] == "Jardin partagé"


def test_builder_buttons_are_real_form_buttons(client_for, coordinator, meeting, two_topics):
    page = text(client_for(coordinator).get(reverse("meetings:agenda", args=[meeting.slug])))
    assert page.count('name="action" value="up"') == 6
    assert 'Monter<span class="visually-hidden"> : Maraudes d\'hiver</span>' in page


def test_add_and_remove_items(client_for, coordinator, meeting, two_topics, association_b):
    client = client_for(coordinator)
    url = reverse("meetings:agenda", args=[meeting.slug])
    missing = client.post(url, {"action": "add", "add-title": "", "add-duration_minutes": 10})
    assert "Titre : Champ requis." in visible_text(missing)
    assert 'value="10"' in text(missing)
    client.post(
        url,
        {
            "action": "add",
            "add-title": "Point sur les dons",
            "add-duration_minutes": 10,
            "add-presenter": association_b.pk,
        },
    )
    assert titles(meeting)[-3:] == ["Point sur les dons", "Suivi des actions", "Prochaine réunion"]
    item = AgendaItem.objects.get(topic=two_topics[0])
    client.post(url, {"action": "remove", "item": item.pk})
    assert "Maraudes d'hiver" not in titles(meeting)
    two_topics[0].refresh_from_db()
    assert two_topics[0].status == TopicStatus.PROPOSED


def test_draft_agenda_is_for_the_coordinator_only(
    client_for, coordinator, member_a, meeting, two_topics
):
    assert "Maraudes d'hiver" not in visible_text(client_for(member_a).get(meeting.url))
    assert "Maraudes d'hiver" in visible_text(client_for(coordinator).get(meeting.url))
    assert (
        client_for(member_a).get(reverse("meetings:agenda_pdf", args=[meeting.slug])).status_code
        == 404
    )


def test_publishing_sends_the_agenda_once_to_every_member(
    client_for, coordinator, meeting, two_topics, member_a, editor_b, agent, mailoutbox
):
    member_b2 = make_member(editor_b.memberships.first().association, email="second@b.exemple.org")
    response = client_for(coordinator).post(
        reverse("meetings:agenda", args=[meeting.slug]), {"action": "publish"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED and meeting.sequence == 1
    recipients = sorted(email for message in mailoutbox for email in message.to)
    assert recipients == sorted(
        [coordinator.email, member_a.email, editor_b.email, member_b2.email]
    )
    message = mailoutbox[0]
    assert message.subject.startswith("[Entraide] Ordre du jour de la réunion du réseau du")
    assert "10:00  Maraudes d'hiver (Association A)" in message.body
    assert meeting.location in message.body and meeting.url in message.body
    assert "Date :" in message.body and "Horaire : 09:30–12:00" in message.body
    assert "Maraudes d'hiver" in visible_text(client_for(member_a).get(meeting.url))


def test_pdf_of_the_agenda(client_for, coordinator, member_a, meeting, two_topics):
    agenda.publish_agenda(meeting, coordinator)
    response = client_for(member_a).get(reverse("meetings:agenda_pdf", args=[meeting.slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    content = "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Ordre du jour" in content and "Maraudes d'hiver" in content and "10:00" in content
    assert "Réseau d'aide alimentaire de Roubaix" in content


def test_meeting_page_prints_the_agenda(client_for, coordinator, member_a, meeting, two_topics):
    agenda.publish_agenda(meeting, coordinator)
    page = text(client_for(member_a).get(meeting.url))
    assert 'media="print"' in page and 'class="actions-bar no-print"' in page
