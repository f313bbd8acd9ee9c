"""Consultations on decisions: the coordination asks, each association (its editors) takes one
position until the closing date, whoever may see the topic reads the count and the reasons,
the minutes' decision records the outcome with the positions, the register filters by it, and
each position is heard once."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from minutes.models import Decision
from tests.factories import AssociationFactory, make_meeting, make_member, make_topic
from tests.matrix import topic_section
from tests.minutes.conftest import decision, fill, publish
from workspace.models import (
    DEFAULT_MODES,
    Category,
    Consultation,
    Mode,
    Notification,
    Position,
    Role,
    Stance,
    TopicKind,
)
from workspace.services import consultations as services
from workspace.services import topics as topic_services

IN_A_WEEK = "%Y-%m-%dT%H:%M"


def later(days=7):
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def decision_topic(coordinator, member_a, association_a, meeting):
    topic = make_topic(
        association_a, member_a, meeting=meeting, title="Un local commun", kind=TopicKind.DECISION
    )
    topic_services.accept_topic(topic, coordinator, meeting)
    return topic


@pytest.fixture
def consultation(run, coordinator, decision_topic):
    return run(
        services.open_on_topic,
        coordinator,
        decision_topic,
        question="Louons-nous un local commun ?",
        closes_at=later(),
    )


def position_data(stance, reason="", association=None):
    data = {"stance": stance, "reason": reason}
    if association is not None:
        data["association"] = association.pk
    return data


# --- Opening ---------------------------------------------------------------------------


def test_the_coordinator_opens_a_consultation_on_a_decision_topic(
    client_for, coordinator, decision_topic
):
    client = client_for(coordinator)
    url = reverse("meetings:open_consultation", args=[decision_topic.pk])
    assert client.get(decision_topic.get_absolute_url()).content.decode().count(url) == 1
    closes = later().astimezone(timezone.get_current_timezone()).strftime(IN_A_WEEK)
    response = client.post(url, {"question": "Louons-nous un local ?", "closes_at": closes})
    consultation = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == consultation.get_absolute_url()
    assert consultation.topic == decision_topic and consultation.opened_by == coordinator
    assert consultation.is_open()


@pytest.mark.parametrize(
    "closes_at, message",
    [
        ("", "Indiquez la date et l'heure de clôture de la consultation."),
        ("demain", "Indiquez une date et une heure, par exemple 15/12/2026 18:00."),
        ("2020-01-01T10:00", "La date de clôture doit être dans le futur."),
    ],
)
def test_a_closing_date_in_the_future_is_required_and_what_was_typed_is_kept(
    client_for, coordinator, decision_topic, closes_at, message
):
    response = client_for(coordinator).post(
        reverse("meetings:open_consultation", args=[decision_topic.pk]),
        {"question": "Une question gardée", "closes_at": closes_at},
    )
    assert response.status_code == 400
    page = response.content.decode().replace("&#x27;", "'")
    assert message in page
    assert "Une question gardée" in page
    assert not Consultation.objects.exists()


def test_the_service_refuses_a_past_date_too(coordinator, decision_topic):
    with pytest.raises(services.ConsultationError):
        services.open_on_topic(coordinator, decision_topic, question="Q", closes_at=timezone.now())


def test_only_decision_topics_on_an_agenda_and_one_open_at_a_time(
    client_for, coordinator, member_a, association_a, meeting, consultation, decision_topic
):
    discussion = make_topic(association_a, member_a, meeting=meeting, kind=TopicKind.DISCUSSION)
    topic_services.accept_topic(discussion, coordinator, meeting)
    proposed = make_topic(association_a, member_a, meeting=meeting, kind=TopicKind.DECISION)
    assert services.topic_refusal(discussion)
    assert services.topic_refusal(proposed)
    assert services.topic_refusal(decision_topic)  # one is already open
    client = client_for(coordinator)
    for topic in (discussion, proposed, decision_topic):
        response = client.get(reverse("meetings:open_consultation", args=[topic.pk]))
        assert response.status_code == 302
    # Once it closes, another may open.
    Consultation.objects.update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    assert services.topic_refusal(decision_topic) is None


def test_only_the_coordinator_opens_one(client_for, editor_a, member_b, decision_topic):
    url = reverse("meetings:open_consultation", args=[decision_topic.pk])
    for user in (editor_a, member_b):
        assert client_for(user).get(url).status_code == 403


# --- Positions -------------------------------------------------------------------------


def test_one_position_per_association_changeable_until_it_closes(
    client_for, editor_a, consultation, association_a
):
    client = client_for(editor_a)
    url = consultation.get_absolute_url()
    assert client.post(url, position_data(Stance.AGREE)).status_code == 302
    assert client.post(url, position_data(Stance.DISAGREE, "Trop cher")).status_code == 302
    (position,) = Position.objects.all()
    assert position.association == association_a
    assert position.stance == Stance.DISAGREE and position.reason == "Trop cher"
    # Another editor of the same association changes the same answer.
    other = make_member(association_a, Role.EDITOR, email="autre@a.exemple.org")
    assert client_for(other).post(url, position_data(Stance.ABSTAIN)).status_code == 302
    assert Position.objects.get().stance == Stance.ABSTAIN


def test_only_editors_take_a_position(client_for, member_a, agent, coordinator, consultation):
    url = consultation.get_absolute_url()
    for user in (member_a, agent, coordinator):
        page = client_for(user).get(url)
        assert page.status_code == 200 and 'name="stance"' not in page.content.decode()
        assert client_for(user).post(url, position_data(Stance.BLOCK, "Non")).status_code == 403
    assert not Position.objects.exists()


def test_an_editor_answers_only_for_their_own_associations(
    client_for, editor_a, consultation, association_b
):
    response = client_for(editor_a).post(
        consultation.get_absolute_url(), position_data(Stance.BLOCK, "Non", association_b)
    )
    assert response.status_code == 400
    assert not Position.objects.exists()


def test_an_editor_of_two_associations_chooses_which_one(
    client_for, editor_a, consultation, association_a, association_b
):
    from workspace.services.memberships import add_membership

    add_membership(editor_a, association_b, Role.EDITOR)
    client = client_for(editor_a)
    url = consultation.get_absolute_url()
    assert client.post(url, position_data(Stance.AGREE)).status_code == 400
    client.post(url, position_data(Stance.AGREE, association=association_a))
    client.post(url, position_data(Stance.ABSTAIN, association=association_b))
    assert dict(Position.objects.values_list("association__slug", "stance")) == {
        association_a.slug: Stance.AGREE,
        association_b.slug: Stance.ABSTAIN,
    }


def test_blocking_needs_a_reason(client_for, editor_a, consultation):
    response = client_for(editor_a).post(consultation.get_absolute_url(), position_data("block"))
    assert response.status_code == 400
    assert "Dites pourquoi votre association bloque la décision." in response.content.decode()
    assert not Position.objects.exists()
    with pytest.raises(services.ConsultationError):
        services.take_position(
            consultation, editor_a, editor_a.memberships.get().association, stance="block"
        )


def test_no_change_after_the_closing_date(client_for, editor_a, consultation, association_a):
    services.take_position(consultation, editor_a, association_a, stance=Stance.AGREE)
    Consultation.objects.update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    consultation.refresh_from_db()
    client = client_for(editor_a)
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert 'name="stance"' not in page
    response = client.post(consultation.get_absolute_url(), position_data(Stance.BLOCK, "Non"))
    assert response.status_code == 400
    assert Position.objects.get().stance == Stance.AGREE
    # The service checks the stored date, whatever the object it is given says.
    stale = Consultation.objects.get()
    stale.closes_at = later()
    with pytest.raises(services.ConsultationError):
        services.take_position(stale, editor_a, association_a, stance=Stance.BLOCK, reason="x")


def test_an_unknown_stance_is_refused(client_for, editor_a, consultation):
    response = client_for(editor_a).post(consultation.get_absolute_url(), position_data("maybe"))
    assert response.status_code == 400
    assert not Position.objects.exists()


# --- Who sees it -------------------------------------------------------------------------


def test_everybody_who_sees_the_topic_sees_the_count_and_reasons(
    client_for, people, consultation, association_a, association_b, editor_a, editor_b
):
    services.take_position(consultation, editor_a, association_a, stance=Stance.AGREE)
    services.take_position(
        consultation, editor_b, association_b, stance=Stance.BLOCK, reason="Le local est trop loin"
    )
    for name, user in people.items():
        response = client_for(user).get(consultation.get_absolute_url())
        if user is None:
            assert response.status_code == 302
            continue
        assert response.status_code == 200, name
        page = response.content.decode()
        assert "Le local est trop loin" in page
        assert "1 pour, 1 blocage" in page


def test_a_consultation_on_a_private_proposal_is_as_private_as_it(
    client_for, coordinator, member_a, member_b, association_a, consultation, decision_topic
):
    # Put back to "proposed" (e.g. its meeting was cancelled): private to its association.
    decision_topic.status = "proposed"
    decision_topic.save()
    url = consultation.get_absolute_url()
    assert client_for(member_b).get(url).status_code == 404
    assert client_for(member_a).get(url).status_code == 200
    assert client_for(coordinator).get(url).status_code == 200


def test_former_members_and_outsiders_do_not_see_it(client_for, consultation, association_a):
    from workspace.models import Membership
    from workspace.services.memberships import end_membership

    former = make_member(association_a, Role.EDITOR, email="ancien@a.exemple.org")
    end_membership(Membership.objects.get(user=former), by=None)
    response = client_for(former).get(consultation.get_absolute_url())
    assert response.status_code == 403


# --- Notifications ---------------------------------------------------------------------


def test_opening_notifies_every_associations_editors_once(
    run, coordinator, editor_a, editor_b, member_a, member_b, decision_topic
):
    consultation = run(
        services.open_on_topic, coordinator, decision_topic, question="Q ?", closes_at=later()
    )
    notified = list(
        Notification.objects.filter(event__kind="consultation_opened").values_list(
            "user__email", flat=True
        )
    )
    assert sorted(notified) == sorted([editor_a.email, editor_b.email])
    notification = Notification.objects.filter(event__kind="consultation_opened").first()
    assert notification.category == Category.CONSULTATIONS
    assert notification.url == consultation.get_absolute_url()
    assert (
        notification.title == "La position de votre association est demandée : « Un local commun »"
    )
    # By e-mail at once by default, once each.
    opened = [m for m in mail.outbox if "La position de votre association" in m.subject]
    assert sorted(to for m in opened for to in m.to) == sorted([editor_a.email, editor_b.email])
    assert "Q ?" in opened[0].body and consultation.get_absolute_url() in opened[0].body


def test_a_position_notifies_the_coordinator_and_the_topics_association_once(
    run, coordinator, editor_a, member_a, editor_b, association_b, consultation
):
    Notification.objects.all().delete()
    run(services.take_position, consultation, editor_b, association_b, stance=Stance.DISAGREE)
    run(services.take_position, consultation, editor_b, association_b, stance=Stance.DISAGREE)
    notified = sorted(
        Notification.objects.filter(event__kind="position_taken").values_list(
            "user__email", flat=True
        )
    )
    # The coordination, the proposer (member_a) and A's editors; not who answered.
    assert notified == sorted([coordinator.email, editor_a.email, member_a.email])
    title = Notification.objects.filter(event__kind="position_taken").first().title
    assert title == "Association B : « pas d'accord » sur « Un local commun »"
    # A change of stance is heard again, once.
    run(
        services.take_position,
        consultation,
        editor_b,
        association_b,
        stance=Stance.BLOCK,
        reason="Non",
    )
    assert Notification.objects.filter(event__kind="position_taken").count() == 6


def test_the_category_is_in_the_preferences(client_for, member_a):
    page = client_for(member_a).get(reverse("notifications:preferences")).content.decode()
    assert "Consultations sur les décisions et positions des associations" in page
    assert DEFAULT_MODES[Category.CONSULTATIONS] == Mode.EMAIL


def test_the_editors_outcomes_are_the_rows_outcomes():
    from minutes.blocks import OUTCOME_CHOICES
    from minutes.models import DecisionOutcome

    assert [(v, str(label)) for v, label in OUTCOME_CHOICES] == [
        (v, str(label)) for v, label in DecisionOutcome.choices
    ]


# --- The minutes and the register ---------------------------------------------------------


@pytest.fixture
def held_with_consultation(
    run, coordinator, member_a, editor_a, editor_b, association_a, association_b
):
    """A decision topic consulted on, then discussed at a past meeting; three positions."""
    meeting = make_meeting(coordinator, days_ahead=-2, host=association_a)
    topic = make_topic(
        association_a, member_a, meeting=meeting, title="Un local commun", kind=TopicKind.DECISION
    )
    topic_services.accept_topic(topic, coordinator, meeting)
    consultation = services.open_on_topic(
        coordinator, topic, question="Un local commun ?", closes_at=later()
    )
    association_c = AssociationFactory(name="Association C", slug="assoc-c")
    editor_c = make_member(association_c, Role.EDITOR, email="editeur@c.exemple.org")
    services.take_position(consultation, editor_a, association_a, stance=Stance.AGREE)
    services.take_position(consultation, editor_b, association_b, stance=Stance.ABSTAIN)
    services.take_position(
        consultation, editor_c, association_c, stance=Stance.BLOCK, reason="Trop loin du quartier"
    )
    from workspace.services import attendance as attendance_services

    attendance_services.record_attendance(
        meeting, coordinator, {association_a: 2, association_b: 1}, covered={}
    )
    from minutes import services as minutes_services

    page, _created = minutes_services.start_minutes(meeting, coordinator)
    return meeting, topic, consultation, page


def test_the_minutes_decision_records_the_outcome_with_the_positions(
    client_for, coordinator, member_b, held_with_consultation
):
    meeting, topic, consultation, page = held_with_consultation
    fill(
        page,
        section=topic_section(page, topic),
        decisions=[
            {**decision("Chercher un local commun"), "outcome": "no_consensus"},
            {**decision("Reparler du local en mars"), "outcome": "adopted"},
        ],
        user=coordinator,
    )
    # The draft shows the phrase already.
    draft = client_for(coordinator).get(reverse("minutes:draft", args=[meeting.slug]))
    assert (
        "sans consensus — 1 pour, 1 abstention, 1 blocage : Trop loin du quartier (Association C)"
        in draft.content.decode()
    )
    published = publish(page, coordinator)
    rows = {row.text: row for row in Decision.objects.filter(minutes=published)}
    assert rows["Chercher un local commun"].outcome == "no_consensus"
    assert rows["Chercher un local commun"].consultation == consultation
    assert rows["Reparler du local en mars"].outcome == "adopted"
    # The positions are kept whatever the outcome.
    assert consultation.positions.count() == 3
    body = client_for(member_b).get(published.url).content.decode()
    assert (
        "sans consensus — 1 pour, 1 abstention, 1 blocage : Trop loin du quartier (Association C)"
        in body
    )
    assert "adoptée — 1 pour, 1 abstention, 1 blocage" in body
    assert consultation.get_absolute_url() in body
    # The table of the decisions taken has an outcome column.
    table = body[body.index('id="decisions-title"') :]
    table = table[: table.index("</table>")]
    assert '<th scope="col">Conclusion</th>' in table
    assert '<strong class="outcome-no_consensus">Sans consensus</strong>' in table
    assert '<strong class="outcome-adopted">Adoptée</strong>' in table


def test_the_register_shows_and_filters_the_outcome(
    client_for, coordinator, member_b, held_with_consultation
):
    meeting, topic, consultation, page = held_with_consultation
    fill(
        page,
        section=topic_section(page, topic),
        decisions=[
            {**decision("Chercher un local commun"), "outcome": "no_consensus"},
            {**decision("Reparler du local en mars"), "outcome": "adopted"},
            decision("Une décision sans issue notée"),
        ],
        user=coordinator,
    )
    publish(page, coordinator)
    client = client_for(member_b)
    url = reverse("minutes:decisions")
    everything = client.get(url).content.decode()
    assert "Chercher un local commun" in everything and "Reparler du local" in everything
    # The short outcome, the positions' phrase below it (it wraps in a column of its own
    # width instead of squeezing "Concerne").
    assert (
        '<div class="decision-outcome"><strong class="outcome-no_consensus">Sans consensus</strong>'
        '<span class="decision-outcome-detail">1 pour, 1 abstention, 1 blocage : '
        "Trop loin du quartier (Association C)</span>"
    ) in everything
    assert 'class="decision-concerns"' in everything
    only = client.get(url, {"outcome": "no_consensus"}).content.decode()
    assert "Chercher un local commun" in only and "Reparler du local" not in only
    none = client.get(url, {"outcome": "none"}).content.decode()
    assert "Une décision sans issue notée" in none and "Chercher un local" not in none
    assert client.get(url, {"outcome": "nimporte"}).status_code == 200


def test_a_consultation_on_a_decision_being_drafted(
    client_for, coordinator, editor_b, association_b, held_with_consultation
):
    meeting, topic, consultation, page = held_with_consultation
    fill(
        page,
        section=topic_section(page, topic),
        decisions=[decision("Ouvrir le samedi")],
        user=coordinator,
    )
    page.refresh_from_db()
    block_id = (
        page.get_latest_revision_as_object()
        .sections[topic_section(page, topic)]
        .value["decisions"]
        .bound_blocks[0]
        .id
    )
    client = client_for(coordinator)
    draft = client.get(reverse("minutes:draft", args=[meeting.slug])).content.decode()
    url = reverse("minutes:open_consultation", args=[meeting.slug, block_id])
    assert url in draft and consultation.get_absolute_url() in draft
    assert client_for(editor_b).get(url).status_code == 403
    client = client_for(coordinator)
    closes = later(3).astimezone(timezone.get_current_timezone()).strftime(IN_A_WEEK)
    response = client.post(url, {"question": "Ouvrir le samedi ?", "closes_at": closes})
    assert response.status_code == 302
    own = Consultation.objects.get(decision_uuid=block_id)
    assert own.decision_text == "Ouvrir le samedi" and own.meeting == meeting
    assert (
        client_for(editor_b)
        .post(own.get_absolute_url(), position_data(Stance.DISAGREE, "Pas de bénévoles"))
        .status_code
        == 302
    )
    # Its own consultation, not the topic's, stands behind this decision.
    published = publish(page, coordinator)
    row = Decision.objects.get(minutes=published, text="Ouvrir le samedi")
    assert row.consultation == own
    client = client_for(coordinator)
    assert (
        client.get(reverse("minutes:open_consultation", args=[meeting.slug, "absent"])).status_code
        == 404
    )


def test_a_confidential_decision_is_not_put_to_the_network(
    client_for, coordinator, held_with_consultation
):
    meeting, topic, consultation, page = held_with_consultation
    fill(
        page,
        section=topic_section(page, topic),
        decisions=[decision("Aide discrète", confidential=True)],
        user=coordinator,
    )
    page.refresh_from_db()
    block_id = (
        page.get_latest_revision_as_object()
        .sections[topic_section(page, topic)]
        .value["decisions"]
        .bound_blocks[0]
        .id
    )
    url = reverse("minutes:open_consultation", args=[meeting.slug, block_id])
    assert client_for(coordinator).get(url).status_code == 302
    assert not Consultation.objects.filter(decision_uuid=block_id).exists()


# --- Demo ------------------------------------------------------------------------------


def test_the_demo_has_an_open_consultation_with_positions_once(db, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    (consultation,) = Consultation.objects.all()
    assert consultation.is_open() and consultation.topic.kind == TopicKind.DECISION
    assert consultation.topic.is_network_visible
    assert consultation.positions.count() == 4
    assert consultation.positions.filter(stance=Stance.DISAGREE).exclude(reason="").exists()
    call_command("load_demo", verbosity=0)
    assert Consultation.objects.count() == 1 and Position.objects.count() == 4


def test_changing_only_the_reason_is_heard_once_per_change(
    run, coordinator, editor_a, member_a, editor_b, association_b, consultation
):
    def heard():
        return Notification.objects.filter(event__kind="position_taken", user=coordinator)

    Notification.objects.all().delete()
    run(services.take_position, consultation, editor_b, association_b, stance=Stance.DISAGREE)
    run(
        services.take_position,
        consultation,
        editor_b,
        association_b,
        stance=Stance.DISAGREE,
        reason="Le local est trop petit",
    )
    assert heard().count() == 2
    # The same again (a second click): nothing new.
    run(
        services.take_position,
        consultation,
        editor_b,
        association_b,
        stance=Stance.DISAGREE,
        reason="Le local est trop petit",
    )
    assert heard().count() == 2
    run(
        services.take_position,
        consultation,
        editor_b,
        association_b,
        stance=Stance.DISAGREE,
        reason="Le local est trop loin",
    )
    assert heard().count() == 3
    # Back to the first reason is a change too.
    run(
        services.take_position,
        consultation,
        editor_b,
        association_b,
        stance=Stance.DISAGREE,
        reason="Le local est trop petit",
    )
    assert heard().count() == 4
    assert Position.objects.get(association=association_b).reason == "Le local est trop petit"
