"""Support for proposed topics: other associations say "we too" (one support per association,
a toggle), see only the proposal's title, and the coordination sees the counts while building
the agenda."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AssociationFactory, make_member, make_topic
from tests.utils import text, visible_text
from workspace.models import Event, Membership, Notification, Role, TopicStatus, TopicSupport
from workspace.notifications import process_event
from workspace.services import topics as topic_services

TOPICS = reverse("meetings:topics")


def support_url(topic):
    return reverse("meetings:support_topic", args=[topic.pk])


@pytest.fixture
def proposal(meeting, member_a, association_a):
    return make_topic(
        association_a,
        member_a,
        meeting=meeting,
        title="Un local partagé pour l'hiver",
        description="Le devis du bailleur est de 300 euros par mois.",
    )


def test_a_member_of_another_association_says_we_too_and_takes_it_back(
    client_for, proposal, member_b, association_b
):
    client = client_for(member_b)
    response = client.post(support_url(proposal), {"next": TOPICS})
    assert response.status_code == 302 and response["Location"] == TOPICS
    support = TopicSupport.objects.get()
    assert (support.topic, support.association, support.user) == (
        proposal,
        association_b,
        member_b,
    )
    # The same button again takes it back (a toggle).
    client.post(support_url(proposal), {"association": association_b.pk})
    assert not TopicSupport.objects.exists()


def test_one_support_per_association(client_for, proposal, member_b, editor_b, association_b):
    client_for(member_b).post(support_url(proposal))
    page = client_for(editor_b).get(TOPICS)
    # Another person of B sees that B already said it, and may take it back for B.
    assert "Retirer le « nous aussi » de Association B" in visible_text(page)
    assert TopicSupport.objects.filter(topic=proposal).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        TopicSupport.objects.create(topic=proposal, association=association_b, user=editor_b)


def test_a_person_of_two_associations_chooses_which_one(client_for, proposal, association_b):
    third = AssociationFactory(name="Association C", slug="assoc-c")
    person = make_member(association_b, Role.MEMBER, email="deux@exemple.org")
    Membership.objects.create(user=person, association=third, role=Role.MEMBER)
    client = client_for(person)
    # Without saying which association, nothing is recorded.
    response = client.post(support_url(proposal), {"next": TOPICS})
    assert response.status_code == 302 and not TopicSupport.objects.exists()
    client.post(support_url(proposal), {"association": third.pk})
    client.post(support_url(proposal), {"association": association_b.pk})
    assert set(TopicSupport.objects.values_list("association__slug", flat=True)) == {
        "assoc-b",
        "assoc-c",
    }
    assert TopicSupport.objects.filter(user=person).count() == 2


@pytest.mark.parametrize(
    "who, status",
    [("member_a", 403), ("editor_a", 403), ("agent", 404), ("coordinator", 403)],
)
def test_not_its_own_association_and_only_members_of_associations(
    client_for, people, proposal, who, status
):
    response = client_for(people[who]).post(support_url(proposal))
    assert response.status_code == status
    assert not TopicSupport.objects.exists()


def test_anonymous_is_sent_to_login(client, proposal):
    response = client.post(support_url(proposal))
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_an_association_that_tampers_with_the_choice_records_nothing(
    client_for, proposal, member_b, association_a
):
    response = client_for(member_b).post(support_url(proposal), {"association": association_a.pk})
    assert response.status_code == 302 and not TopicSupport.objects.exists()
    response = client_for(member_b).post(support_url(proposal), {"association": "abc"})
    assert response.status_code == 302 and not TopicSupport.objects.exists()


def test_others_see_the_title_only_and_the_page_stays_private(
    client_for, proposal, member_b, agent
):
    page = text(client_for(member_b).get(TOPICS))
    assert "Un local partagé pour l'hiver" in page and "Association A" in page
    assert "300 euros" not in page
    # Its page, files and comments stay its association's and the coordination's.
    assert client_for(member_b).get(proposal.get_absolute_url()).status_code == 404
    # Orientation agents are no association: they see no proposal.
    assert "Un local partagé" not in text(client_for(agent).get(TOPICS))


def test_declined_or_withdrawn_proposals_are_not_shown_to_others(
    client_for, proposal, coordinator, member_b
):
    topic_services.decline_topic(proposal, coordinator, "Hors du champ du réseau.")
    assert "Un local partagé" not in text(client_for(member_b).get(TOPICS))
    response = client_for(member_b).post(support_url(proposal))
    assert response.status_code == 404


def test_a_discussed_topic_needs_no_more_support(client_for, proposal, coordinator, member_b):
    topic_services.accept_topic(proposal, coordinator, proposal.meeting)
    proposal.status = TopicStatus.DISCUSSED
    proposal.save()
    response = client_for(member_b).post(support_url(proposal))
    assert response.status_code == 302 and not TopicSupport.objects.exists()


def test_an_accepted_topic_is_supported_from_its_page(
    client_for, proposal, coordinator, member_b, association_b
):
    topic_services.accept_topic(proposal, coordinator, proposal.meeting)
    client = client_for(member_b)
    page = visible_text(client.get(proposal.get_absolute_url()))
    assert "Nous aussi" in page
    client.post(support_url(proposal), {"next": proposal.get_absolute_url()})
    page = visible_text(client.get(proposal.get_absolute_url()))
    assert "1 autre association dit « nous aussi » : Association B" in page


def test_its_association_sees_who_supports_it(client_for, proposal, member_b, member_a):
    client_for(member_b).post(support_url(proposal))
    page = visible_text(client_for(member_a).get(proposal.get_absolute_url()))
    assert "1 autre association dit « nous aussi » : Association B" in page
    # …and cannot support its own proposal.
    assert "Nous aussi :" not in page


def test_supporting_notifies_the_topic_association(
    client_for, proposal, member_a, editor_a, member_b, editor_b, coordinator
):
    client_for(member_b).post(support_url(proposal))
    told = set(
        Notification.objects.filter(event__kind="topic_supported").values_list(
            "user__email", flat=True
        )
    )
    # Its editors and whoever proposed it; not the supporter, nor other people.
    assert told == {member_a.email, editor_a.email}
    note = Notification.objects.filter(user=editor_a).get()
    assert "Association B" in note.title and note.url == proposal.get_absolute_url()


def test_a_support_taken_back_before_delivery_tells_nobody(proposal, member_b, association_b):
    with TestCase.captureOnCommitCallbacks(execute=False):
        topic_services.toggle_support(proposal, member_b, association_b)
        topic_services.toggle_support(proposal, member_b, association_b)
    process_event(Event.objects.get(kind="topic_supported").pk)
    assert not Notification.objects.exists()


# --- The coordination, while building the agenda ------------------------------------------


def test_the_coordination_sees_the_counts_in_the_agenda_builder(
    client_for, proposal, meeting, coordinator, member_a, association_a, member_b
):
    accepted = make_topic(association_a, member_a, meeting=meeting, title="Les horaires d'été")
    topic_services.accept_topic(accepted, coordinator, meeting)
    third = AssociationFactory(name="Association C", slug="assoc-c")
    member_c = make_member(third, Role.MEMBER, email="membre@c.exemple.org")
    for person in (member_b, member_c):
        client_for(person).post(support_url(proposal))
    client_for(member_b).post(support_url(accepted))
    response = client_for(coordinator).get(reverse("meetings:agenda", args=[meeting.slug]))
    page = visible_text(response)
    assert "« nous aussi » : 2 associations (Association B, Association C)" in page
    assert "« nous aussi » : 1 association" in page  # the accepted topic, on the agenda
    # The proposals to answer show it too, the most supported first.
    listing = visible_text(client_for(coordinator).get(TOPICS))
    assert "Un local partagé pour l'hiver" in listing


def test_the_most_supported_proposal_comes_first(
    client_for, meeting, coordinator, member_a, association_a, member_b
):
    first = make_topic(association_a, member_a, meeting=meeting, title="Sujet peu soutenu")
    second = make_topic(association_a, member_a, meeting=meeting, title="Sujet très soutenu")
    client_for(member_b).post(support_url(second))
    page = text(client_for(coordinator).get(reverse("meetings:agenda", args=[meeting.slug])))
    assert page.index("Sujet très soutenu") < page.index("Sujet peu soutenu")
    assert first.pk != second.pk


def _queries(client, url):
    client.get(url)  # caches warmed (the site, the settings)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_query_counts_do_not_grow_with_topics_and_supports(
    client_for, meeting, coordinator, member_a, association_a, member_b
):
    supporters = [AssociationFactory(name=f"Soutien {n}", slug=f"soutien-{n}") for n in range(3)]

    def add(count):
        for n in range(count):
            topic = make_topic(association_a, member_a, meeting=meeting, title=f"Sujet {n}")
            for association in supporters:
                TopicSupport.objects.create(topic=topic, association=association)
            if n % 2:
                topic_services.accept_topic(topic, coordinator, meeting)

    agenda_url = reverse("meetings:agenda", args=[meeting.slug])
    add(2)
    coordinator_client = client_for(coordinator)
    builder = _queries(coordinator_client, agenda_url)
    listing = _queries(coordinator_client, TOPICS)
    other = _queries(client_for(member_b), TOPICS)
    add(6)
    coordinator_client = client_for(coordinator)
    assert _queries(coordinator_client, agenda_url) == builder
    assert _queries(coordinator_client, TOPICS) == listing
    assert _queries(client_for(member_b), TOPICS) == other


def test_the_coordination_s_own_proposals_are_not_shown_to_the_associations(
    client_for, meeting, coordinator, member_b
):
    own = make_topic(None, coordinator, meeting=meeting, title="Un sujet du CCAS")
    assert "Un sujet du CCAS" not in text(client_for(member_b).get(TOPICS))
    assert client_for(member_b).post(support_url(own)).status_code == 404


def test_nous_aussi_does_not_break_across_lines(client_for, proposal, coordinator, member_b):
    """Non-breaking spaces inside the guillemets, and between the words, in the French."""
    topic_services.accept_topic(proposal, coordinator, proposal.meeting)
    client = client_for(member_b)
    client.post(support_url(proposal), {"next": proposal.get_absolute_url()})
    raw = client.get(proposal.get_absolute_url()).content.decode()
    assert "«\u00a0nous\u00a0aussi\u00a0»" in raw
    assert "« nous aussi »" not in raw and "« nous" not in raw and "aussi »" not in raw
