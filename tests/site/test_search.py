"""The network search returns only what the searcher may see, for every role and kind."""

import datetime

import pytest
from django.urls import reverse

from minutes import services
from minutes.models import ActionItem, Decision
from tests.factories import make_meeting, make_topic
from tests.minutes.conftest import action, decision, fill, publish
from tests.utils import text
from workspace.models import Discussion, TopicStatus
from workspace.services import attendance as attendance_services
from workspace.services import topics as topic_services


@pytest.fixture
def corpus(coordinator, member_a, association_a, association_b):
    meeting = make_meeting(coordinator, days_ahead=-3, host=association_a)
    make_topic(association_a, member_a, meeting=meeting, title="Maraudes privées de A")
    accepted = make_topic(association_a, member_a, meeting=meeting, title="Maraudes du réseau")
    topic_services.accept_topic(accepted, coordinator, meeting)
    make_topic(
        association_b,
        member_a,
        meeting=meeting,
        title="Maraudes refusées de B",
        status=TopicStatus.DECLINED,
    )
    attendance_services.record_attendance(meeting, coordinator, {association_a: 2}, covered=set())
    page, _ = services.start_minutes(meeting, coordinator)
    fill(
        page,
        summary=[
            {"type": "paragraph", "value": "<p>Les maraudes du mercredi.</p>"},
            {"type": "confidential_paragraph", "value": "<p>Famille Zorglub hébergée.</p>"},
        ],
        decisions=[
            decision("Planning commun des maraudes"),
            decision("Aide Zorglub", confidential=True),
        ],
        actions=[
            action(
                "Diffuser les maraudes", association_a, meeting.date + datetime.timedelta(days=9)
            ),
            action(
                "Accompagner Zorglub",
                association_b,
                meeting.date + datetime.timedelta(days=9),
                confidential=True,
            ),
        ],
        user=coordinator,
    )
    publish(page, coordinator)
    assert Decision.objects.count() == 2 and ActionItem.objects.count() == 2
    Discussion.objects.create(
        title="Maraudes en hausse",
        situation="Les maraudes voient plus de monde.",
        association=association_a,
        opened_by=member_a,
    )
    return meeting


def found(client, query, **params):
    response = client.get(reverse("search"), {"q": query, **params})
    assert response.status_code == 200
    return text(response)


EXPECTED = {
    # who: (private topic of A, declined topic of B)
    "member_a": (True, True),  # member_a proposed both (B's on paper) but is a member of A only
    "editor_a": (True, False),
    "member_b": (False, True),
    "editor_b": (False, True),
    "agent": (False, False),
    "coordinator": (True, True),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_every_role_finds_only_what_it_may_see(client_for, people, corpus, who):
    page = found(client_for(people[who]), "maraudes")
    private_a, declined_b = EXPECTED[who]
    if who == "member_a":
        declined_b = False  # visibility follows the association, not who typed it
    assert ("Maraudes privées de A" in page) is private_a
    assert ("Maraudes refusées de B" in page) is declined_b
    for always in (
        "Maraudes du réseau",
        "Compte rendu de la réunion du",
        "Planning commun des maraudes",
        "Diffuser les maraudes",
        "Maraudes en hausse",
    ):
        assert always in page, (who, always)


@pytest.mark.parametrize("first", ["coordinator", "member_a", "member_b", "agent"])
def test_results_kept_for_one_role_are_never_found_by_another(client_for, people, corpus, first):
    """The kinds whose results are kept per reader level (``Provider.cache_level``): whoever
    searches first fills the cache, every role then finds exactly what it may see."""
    order = [first] + [who for who in EXPECTED if who != first] + [first]
    for who in order:
        page = found(client_for(people[who]), "maraudes")
        private_a, declined_b = EXPECTED[who]
        if who == "member_a":
            declined_b = False
        assert ("Maraudes privées de A" in page) is private_a, (first, who)
        assert ("Maraudes refusées de B" in page) is declined_b, (first, who)
        assert "Maraudes du réseau" in page and "Planning commun des maraudes" in page
    page = found(client_for(None), "maraudes")
    assert "Maraudes du réseau" not in page and "Planning commun" not in page


def test_kept_results_show_a_change_at_once(client_for, member_a, association_a, corpus):
    client = client_for(member_a)
    assert "Maraudes de nuit" not in found(client, "maraudes")
    topic = make_topic(association_a, member_a, meeting=corpus, title="Maraudes de nuit")
    assert "Maraudes de nuit" in found(client, "maraudes")
    topic.title = "Tournées de nuit"
    topic.save()
    assert "Maraudes de nuit" not in found(client, "maraudes")
    discussion = Discussion.objects.get(title="Maraudes en hausse")
    discussion.title = "Tournées en hausse"
    discussion.save()
    assert "Maraudes en hausse" not in found(client, "maraudes")
    decision = Decision.objects.get(text__contains="Planning commun")
    anchor = f"#decision-{decision.pk}"
    assert anchor in client.get(reverse("search"), {"q": "maraudes"}).content.decode()
    decision.withdrawn = True
    decision.save()
    assert anchor not in client.get(reverse("search"), {"q": "maraudes"}).content.decode()


@pytest.mark.parametrize("who", list(EXPECTED))
def test_confidential_parts_are_found_by_nobody(client_for, people, corpus, who):
    page = found(client_for(people[who]), "Zorglub")
    assert "0 résultat" in page and 'class="result"' not in page


def test_anonymous_visitors_find_nothing_of_the_workspace(client, corpus):
    page = found(client, "maraudes")
    assert "Seuls les contenus publics" in page
    assert (
        "Maraudes du réseau" not in page
        and "Planning commun" not in page
        and "Compte rendu" not in page
        and "Maraudes en hausse" not in page
    )


def test_a_person_whose_membership_ended_finds_nothing(client_for, member_b, corpus):
    from workspace.services import memberships as workspace_services

    workspace_services.end_membership(member_b.memberships.get(), by=None)
    page = found(client_for(member_b), "maraudes")
    assert "Maraudes du réseau" not in page and "Maraudes en hausse" not in page


def test_facets_by_kind_and_year(client_for, coordinator, corpus):
    client = client_for(coordinator)
    page = found(client, "maraudes")
    assert "Sujets (" in page and "Décisions (1)" in page and "Actions (1)" in page
    only = found(client, "maraudes", type="decision")
    assert "Planning commun des maraudes" in only and "Maraudes du réseau" not in only
    year = corpus.date.year
    assert f"{year} (" in page
    assert "Planning commun des maraudes" in found(client, "maraudes", annee=year)
    assert "Planning commun des maraudes" not in found(client, "maraudes", annee=year - 5)
    assert "Planning commun" not in found(client, "maraudes", annee="pas-une-année", type="meeting")


def test_results_are_paged_and_a_capped_kind_says_so(
    client_for, coordinator, member_a, association_a, monkeypatch
):
    from entraide import search as network_search
    from entraide import views as site_views

    monkeypatch.setattr(network_search, "LIMIT_PER_KIND", 5)
    monkeypatch.setattr(site_views, "RESULTS_PER_PAGE", 2)
    meeting = make_meeting(coordinator, days_ahead=20, host=association_a)
    for n in range(7):
        topic = make_topic(association_a, member_a, meeting=meeting, title=f"Colis d'hiver {n}")
        topic_services.accept_topic(topic, coordinator, meeting)
    client = client_for(coordinator)
    first = found(client, "colis")
    assert "5 résultats" in first  # the five kept of the seven found
    assert "Sujets (5+)" in first
    assert "Plus de 5 résultats pour certains types (Sujets)" in first
    assert "Page 1 sur 3" in first and 'rel="next"' in first and 'rel="prev"' not in first
    assert first.count('class="result"') == 2
    last = found(client, "colis", page=3)
    assert "Page 3 sur 3" in last and 'rel="prev"' in last
    assert last.count('class="result"') == 1
    assert 'href="?q=colis&page=2" rel="prev"' in last  # the query stays in the page links
    # A page number out of range or not a number shows a page of results, never an error.
    assert "Page 3 sur 3" in found(client, "colis", page=99)
    assert "Page 1 sur 3" in found(client, "colis", page="abc")
    # A narrow enough search has no warning.
    narrow = found(client, "colis 3")
    assert "Plus de 5 résultats" not in narrow
