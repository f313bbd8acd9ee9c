"""A new discussion is heard by the network (a kind of its own, daily digest by default); a new
topic proposal reaches the coordination at once; each once."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.utils import text
from workspace import notifications
from workspace.models import DEFAULT_MODES, Category, Delivery, Event, Mode, Notification, Theme
from workspace.notifications import process_event
from workspace.services import discussions, topics


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def open_discussion(user, association):
    return discussions.open_discussion(
        user,
        title="Plus de familles le samedi",
        situation="Depuis la rentrée, dix familles de plus chaque samedi.",
        association=association,
        themes=Theme.objects.all()[:1],
    )


def test_new_discussions_have_their_own_kind_in_the_daily_digest_by_default(client_for, member_a):
    assert DEFAULT_MODES[Category.NEW_DISCUSSIONS] == Mode.DAILY
    page = text(client_for(member_a).get(reverse("notifications:preferences")))
    assert "Nouvelles discussions ouvertes dans le réseau" in page


def test_a_new_discussion_reaches_every_network_member_but_its_opener(
    run, member_a, editor_a, member_b, editor_b, coordinator, agent, association_a
):
    mail.outbox.clear()
    discussion = run(open_discussion, member_a, association_a)
    notified = set(
        Notification.objects.filter(event__kind="discussion_opened").values_list(
            "user__email", flat=True
        )
    )
    assert notified == {editor_a.email, member_b.email, editor_b.email, coordinator.email}
    (notification,) = Notification.objects.filter(user=member_b, event__kind="discussion_opened")
    assert notification.category == Category.NEW_DISCUSSIONS
    assert notification.url == discussion.get_absolute_url()
    assert "Nouvelle discussion : « Plus de familles le samedi »" in notification.title
    # Daily digest by default: nothing at once, one digest later.
    assert not mail.outbox
    assert notifications.send_digests(notifications.DAILY) == 4
    digest = [m for m in mail.outbox if member_b.email in m.to]
    assert len(digest) == 1 and "Plus de familles le samedi" in digest[0].body
    assert notifications.send_digests(notifications.DAILY) == 0


def test_a_member_who_wants_new_discussions_at_once_gets_an_e_mail_once(
    run, member_a, member_b, association_a
):
    notifications.set_preference(member_b, Category.NEW_DISCUSSIONS, Mode.EMAIL)
    mail.outbox.clear()
    discussion = run(open_discussion, member_a, association_a)
    (message,) = [m for m in mail.outbox if member_b.email in m.to]
    assert "Nouvelle discussion : « Plus de familles le samedi »" in message.subject
    assert "Association A a ouvert la discussion" in message.body
    assert discussion.get_absolute_url() in message.body
    # Processing the event again sends nothing more.
    run(process_event, Event.objects.get(kind="discussion_opened").pk)
    assert len([m for m in mail.outbox if member_b.email in m.to]) == 1


def test_turning_new_discussions_off_keeps_the_other_discussion_news(
    run, member_a, member_b, association_a
):
    notifications.set_preference(member_b, Category.NEW_DISCUSSIONS, Mode.NONE)
    run(open_discussion, member_a, association_a)
    assert not Notification.objects.filter(user=member_b).exists()
    assert notifications.preferences_of(member_b)[Category.DISCUSSIONS] == Mode.DAILY


def test_a_new_proposal_reaches_the_coordination_at_once(
    run, member_a, editor_a, member_b, coordinator, agent, association_a, meeting
):
    mail.outbox.clear()
    topic = run(
        topics.propose_topic,
        member_a,
        association=association_a,
        title="Le froid dans les files d'attente",
        description="Des personnes attendent dehors une heure.",
        kind="discussion",
        estimated_minutes=15,
        meeting=meeting,
    )
    (message,) = [m for m in mail.outbox if coordinator.email in m.to]
    assert "Nouvelle proposition de Association A : « Le froid dans les files d'attente »" in (
        message.subject
    )
    assert topic.get_absolute_url() in message.body
    assert Notification.objects.filter(user=coordinator, event__kind="topic_proposed").count() == 1
    # A proposal stays private to its association and the coordination: nobody else hears.
    for person in (member_a, editor_a, member_b, agent):
        assert not Notification.objects.filter(user=person, event__kind="topic_proposed")
    assert len(mail.outbox) == 1
    run(process_event, Event.objects.get(kind="topic_proposed").pk)
    assert len(mail.outbox) == 1
    assert Delivery.objects.filter(event__kind="topic_proposed").count() == 2  # app + e-mail


def test_a_proposal_through_the_form_notifies_the_coordination(
    client_for, django_capture_on_commit_callbacks, member_a, coordinator, association_a, meeting
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(member_a).post(
            reverse("meetings:propose"),
            {
                "association": association_a.pk,
                "title": "Les colis d'été",
                "description": "Qui reste ouvert en août ?",
                "kind": "information",
                "estimated_minutes": 10,
            },
        )
    assert response.status_code == 302
    assert [m for m in mail.outbox if coordinator.email in m.to]
