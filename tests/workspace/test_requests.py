"""An association's requests: every topic and discussion it raised, its state, what came of it
and how long it waited; the coordination's list of requests without an answer for more than
two meetings."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from minutes import services as minutes_services
from tests.factories import make_meeting, make_topic
from tests.minutes.conftest import decision, fill, publish
from tests.utils import text, visible_text
from workspace.models import (
    AgendaItem,
    Attendance,
    Discussion,
    DiscussionStatus,
    Topic,
    TopicSupport,
)
from workspace.services import attendance as attendance_services
from workspace.services import discussions as discussion_services
from workspace.services import requests
from workspace.services import topics as topic_services


def ago(days):
    """Noon, Paris time, so many calendar days ago: a day count that does not move with the hour
    the test runs at (an instant 120 days back crosses the summer-time change)."""
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def requests_url(association):
    return reverse("workspace:association_requests", args=[association.slug])


OVERDUE = reverse("workspace:overdue_requests")


def days_ago(obj, days, field="created_at"):
    type(obj).objects.filter(pk=obj.pk).update(**{field: ago(days)})
    obj.refresh_from_db()
    return obj


@pytest.fixture
def network(coordinator, member_a, editor_a, association_a, association_b, member_b):
    """Four meetings held (100, 70, 40 and 10 days ago) and A's requests in every state."""
    held = [
        make_meeting(coordinator, days_ahead=-days, host=association_b)
        for days in (100, 70, 40, 10)
    ]
    w = {"held": held}
    w["waiting"] = days_ago(make_topic(association_a, member_a, title="Un local pour l'hiver"), 120)
    w["recent"] = days_ago(make_topic(association_a, member_a, title="Les colis d'été"), 20)
    w["declined"] = days_ago(make_topic(association_a, member_a, title="Une sortie au zoo"), 50)
    topic_services.decline_topic(w["declined"], coordinator, "Hors du champ du réseau.")
    Topic.objects.filter(pk=w["declined"].pk).update(answered_at=ago(45))
    # Proposed 60 days ago, discussed at the meeting 40 days ago, with a decision in its minutes.
    discussed = days_ago(make_topic(association_a, editor_a, title="Maraudes d'hiver"), 60)
    topic_services.accept_topic(discussed, coordinator, held[2])
    item = AgendaItem.objects.get(topic=discussed)
    attendance_services.record_attendance(
        held[2], coordinator, {association_a: 2, association_b: None}, covered={item.pk}
    )
    page, _created = minutes_services.start_minutes(held[2], coordinator)
    sections = page.get_latest_revision_as_object().sections
    index = [s.value["agenda_item"] for s in sections].index(item.pk)
    fill(
        page,
        section=index,
        decisions=[
            decision("Un planning commun des maraudes"),
            decision("CONFIDENTIEL aide discrète", confidential=True),
        ],
        user=coordinator,
    )
    w["minutes"] = publish(page, coordinator)
    topic_services.close_topic(discussed, coordinator, "Un planning commun est adopté.")
    w["discussed"] = Topic.objects.get(pk=discussed.pk)
    w["open"] = days_ago(
        Discussion.objects.create(
            title="Des familles sans domiciliation",
            situation="Trois par semaine.",
            association=association_a,
            opened_by=member_a,
        ),
        90,
    )
    closed = Discussion.objects.create(
        title="Plus d'étudiants le mardi",
        situation="Le mardi surtout.",
        association=association_a,
        opened_by=member_a,
    )
    discussion_services.close(closed, "Les épiceries ouvrent un créneau le jeudi.")
    w["closed"] = days_ago(closed, 30)
    raised = Discussion.objects.create(
        title="Le froid dans les files",
        situation="Une heure dehors.",
        association=association_a,
        opened_by=member_a,
    )
    w["raised_topic"] = discussion_services.raise_to_meeting(raised, member_a)
    w["raised"] = raised
    TopicSupport.objects.create(topic=w["waiting"], association=association_b, user=member_b)
    w["other"] = make_topic(association_b, member_b, title="Le sujet de B")
    return w


@pytest.mark.parametrize(
    "who, status",
    [
        ("member_a", 200),
        ("editor_a", 200),
        ("member_b", 404),
        ("editor_b", 404),
        ("agent", 404),
        ("coordinator", 200),
    ],
)
def test_who_reads_an_association_requests(client_for, people, association_a, who, status):
    assert client_for(people[who]).get(requests_url(association_a)).status_code == status


def test_anonymous_is_sent_to_login(client, association_a):
    response = client.get(requests_url(association_a))
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_the_association_page_links_to_its_requests(client_for, member_a, association_a):
    page = text(client_for(member_a).get(reverse("workspace:association", args=["assoc-a"])))
    assert requests_url(association_a) in page and "Nos demandes au réseau" in page


def test_every_request_with_its_state_outcome_and_wait(client_for, network, editor_a):
    response = client_for(editor_a).get(requests_url(network["waiting"].association))
    page = visible_text(response)
    for title in (
        "Un local pour l'hiver",
        "Les colis d'été",
        "Une sortie au zoo",
        "Maraudes d'hiver",
        "Des familles sans domiciliation",
        "Plus d'étudiants le mardi",
        "Le froid dans les files",
    ):
        assert title in page
    assert "Le sujet de B" not in page
    # A raised discussion is followed through its topic: listed once, with a link back.
    assert page.count("Le froid dans les files") == 2  # the topic's title, "Issu de la discussion"
    assert "Issu de la discussion « Le froid dans les files »" in page
    # Waiting: days and meetings held since.
    assert "en attente depuis 120 jours, 4 réunions tenues depuis" in page
    assert "en attente depuis 20 jours, 1 réunion tenue depuis" in page
    assert "en attente depuis 90 jours, 3 réunions tenues depuis" in page
    assert page.count("sans réponse après plus de deux réunions") == 2
    # Answered: declined with the coordination's reason, after 5 days.
    assert "Hors du champ du réseau." in page and "après 5 jours" in page
    # Discussed at the meeting 40 days ago, 20 days after it was proposed; what came of it.
    held = network["held"][2].date
    assert f"discuté pour la première fois à la réunion du {held.day}" in page
    assert "après 20 jours" in page
    assert "Un planning commun est adopté." in page
    assert "Un planning commun des maraudes" in page
    assert network["minutes"].url in text(response)
    # A attended the meeting: its people read the confidential decision.
    assert "CONFIDENTIEL aide discrète" in page
    # The closed discussion's outcome; the support of B on the waiting topic.
    assert "Les épiceries ouvrent un créneau le jeudi." in page
    assert "« nous aussi » : 1 association" in page


def test_the_waiting_times_computed(network, rf, member_a):
    request = rf.get("/")
    request.user = member_a
    entries = {
        entry["title"]: entry
        for entry in requests.association_requests(request, network["waiting"].association)
    }
    assert entries["Un local pour l'hiver"]["waiting_meetings"] == 4
    assert entries["Un local pour l'hiver"]["overdue"]
    assert entries["Les colis d'été"]["waiting_meetings"] == 1
    assert not entries["Les colis d'été"]["overdue"]
    assert entries["Maraudes d'hiver"]["discussed_on"] == network["held"][2].date
    assert entries["Maraudes d'hiver"]["waited_days"] == 20
    assert not entries["Maraudes d'hiver"]["waiting"]
    assert entries["Une sortie au zoo"]["waited_days"] == 5
    assert entries["Plus d'étudiants le mardi"]["answered_on"] is not None


def test_a_cancelled_meeting_is_not_counted(network, coordinator, rf, member_a):
    later = network["held"][3]
    later.status = "cancelled"
    later.save()
    request = rf.get("/")
    request.user = member_a
    entries = {
        e["title"]: e
        for e in requests.association_requests(request, network["waiting"].association)
    }
    assert entries["Un local pour l'hiver"]["waiting_meetings"] == 3
    assert entries["Les colis d'été"]["waiting_meetings"] == 0


def test_confidential_parts_are_hidden_from_who_may_not_read_them(
    client_for, network, coordinator, association_a, member_a
):
    # Had A not attended the meeting, its people would read "[élément confidentiel]" there,
    # as on the topic's page; the coordination reads everything.
    Attendance.objects.filter(meeting=network["held"][2], association=association_a).update(
        present=False
    )
    page = visible_text(client_for(member_a).get(requests_url(association_a)))
    assert "CONFIDENTIEL aide discrète" not in page
    assert "Un planning commun des maraudes" in page and "[élément confidentiel]" in page
    page = visible_text(client_for(coordinator).get(requests_url(association_a)))
    assert "CONFIDENTIEL aide discrète" in page


def test_the_coordination_sees_the_requests_overdue(client_for, network, coordinator):
    response = client_for(coordinator).get(OVERDUE)
    page = visible_text(response)
    assert "Un local pour l'hiver" in page and "Des familles sans domiciliation" in page
    assert page.index("Un local pour l'hiver") < page.index("Des familles sans domiciliation")
    for answered in ("Les colis d'été", "Une sortie au zoo", "Maraudes d'hiver", "Le sujet de B"):
        assert answered not in page
    assert "Association A" in page
    # …and on the workspace home, with a link.
    home = text(client_for(coordinator).get(reverse("workspace:home")))
    assert "2 demandes d'associations sans réponse depuis plus de deux réunions" in home
    assert OVERDUE in home


@pytest.mark.parametrize("who", ["member_a", "editor_a", "member_b", "agent"])
def test_the_overdue_list_is_the_coordination_s(client_for, people, who):
    assert client_for(people[who]).get(OVERDUE).status_code == 403


def test_a_raised_or_closed_discussion_is_no_longer_overdue(
    client_for, network, coordinator, member_a
):
    discussion_services.close(network["open"], "Vu en réunion.")
    topic_services.decline_topic(network["waiting"], coordinator, "Pas cette année.")
    page = visible_text(client_for(coordinator).get(OVERDUE))
    assert "Aucune demande n'attend depuis plus de deux réunions." in page


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_the_requests(
    client_for, network, coordinator, editor_a, association_a, member_a
):
    url = requests_url(association_a)
    before = _queries(client_for(editor_a), url)
    overdue = _queries(client_for(coordinator), OVERDUE)
    home = _queries(client_for(coordinator), reverse("workspace:home"))
    for n in range(5):
        days_ago(make_topic(association_a, member_a, title=f"Encore un sujet {n}"), 200)
        days_ago(
            Discussion.objects.create(
                title=f"Encore une discussion {n}",
                situation="…",
                association=association_a,
                opened_by=member_a,
                status=DiscussionStatus.OPEN,
            ),
            150,
        )
    assert _queries(client_for(editor_a), url) == before
    assert _queries(client_for(coordinator), OVERDUE) == overdue
    assert _queries(client_for(coordinator), reverse("workspace:home")) == home
