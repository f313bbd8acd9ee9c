"""Links: a topic "practice to share" presents a practice at a meeting; a practice cites
decisions of the network."""

import datetime

from django.urls import reverse
from django.utils import timezone

from minutes import services as minutes_services
from minutes.models import Decision
from practices.models import PracticePresentation
from tests.factories import make_meeting, make_topic
from tests.utils import text
from workspace.models import TopicKind, TopicStatus
from workspace.services import topics as topic_services


def test_proposing_a_new_topic_to_present_the_practice(
    client_for, practice_a, member_a, coordinator
):
    meeting = make_meeting(coordinator, days_ahead=30)
    response = client_for(member_a).post(
        reverse("practices:present", args=[practice_a.pk]), {"topic": ""}
    )
    assert response.status_code == 302
    link = PracticePresentation.objects.get()
    topic = link.topic
    assert topic.kind == TopicKind.PRACTICE
    assert topic.association == practice_a.association
    assert topic.meeting == meeting
    assert topic.status == TopicStatus.PROPOSED
    assert practice_a.url in topic.description
    # Proposed, not yet accepted: the association sees it, others do not.
    assert "Proposée pour la réunion du" in text(client_for(member_a).get(practice_a.url))
    assert "Proposée pour la réunion du" not in text(client_for(None).get(practice_a.url))
    topic_services.accept_topic(topic, coordinator, meeting)
    page = text(client_for(None).get(practice_a.url))
    assert "À l'ordre du jour de la réunion du" in page


def test_linking_an_existing_topic_and_presented_at_a_past_meeting(
    client_for, practice_a, editor_a, coordinator, association_a
):
    meeting = make_meeting(coordinator, days_ahead=10)
    topic = make_topic(
        association_a, editor_a, meeting, title="Notre planning", kind=TopicKind.PRACTICE
    )
    other_kind = make_topic(
        association_a, editor_a, meeting, title="Autre", kind=TopicKind.DISCUSSION
    )
    client = client_for(editor_a)
    page = client.get(practice_a.url).content.decode()
    assert "Notre planning" in page and ">Autre" not in page
    response = client.post(
        reverse("practices:present", args=[practice_a.pk]), {"topic": other_kind.pk}
    )
    assert response.status_code == 400
    response = client.post(reverse("practices:present", args=[practice_a.pk]), {"topic": topic.pk})
    assert response.status_code == 302
    assert topic.practice_link.practice.pk == practice_a.pk
    # Held and discussed: "presented at the meeting of <date>".
    meeting.date = timezone.localdate() - datetime.timedelta(days=3)
    meeting.save_operational("date")
    topic.status = TopicStatus.DISCUSSED
    topic.save()
    date = meeting.date.strftime("%d").lstrip("0")
    date = "1er" if date == "1" else date
    content = text(client_for(None).get(practice_a.url))
    assert f"Présentée à la réunion du {date}" in content
    # Network members may open the topic; anonymous visitors only read the date.
    topic_url = reverse("meetings:topic", args=[topic.pk])
    assert topic_url in client_for(editor_a).get(practice_a.url).content.decode()
    assert topic_url not in client_for(None).get(practice_a.url).content.decode()
    # A topic presents one practice only.
    response = client_for(editor_a).post(
        reverse("practices:present", args=[practice_a.pk]), {"topic": topic.pk}
    )
    assert response.status_code == 400


def test_practice_cites_decisions_for_the_network_only(
    client_for, practice_a, coordinator, member_b, association_a
):
    meeting = make_meeting(coordinator, days_ahead=1)
    minutes, _created = minutes_services.start_minutes(meeting, coordinator)
    minutes.save_revision().publish()
    minutes.refresh_from_db()
    decision = Decision.objects.create(
        uuid="d-1",
        minutes=minutes,
        meeting=meeting,
        section_id="s",
        section_title="Bénévoles",
        text="Chaque association affiche son planning de bénévoles.",
    )
    secret = Decision.objects.create(
        uuid="d-2",
        minutes=minutes,
        meeting=meeting,
        section_id="s",
        section_title="Bénévoles",
        text="Décision confidentielle",
        confidential=True,
    )
    practice_a.cited_decisions.set([decision, secret])
    practice_a.save_revision().publish()
    member = text(client_for(member_b).get(practice_a.url))
    assert "Chaque association affiche son planning de bénévoles." in member
    assert "Décision confidentielle" not in member
    assert "Chaque association affiche son planning" not in text(
        client_for(None).get(practice_a.url)
    )
    assert "Décision confidentielle" in text(client_for(coordinator).get(practice_a.url))
