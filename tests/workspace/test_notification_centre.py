import re

import pytest
from django.core import mail
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.utils import text, visible_text
from workspace import notifications
from workspace.models import Category, Delivery, Discussion, DiscussionSupport, Mode, Notification
from workspace.notifications import follows
from workspace.services import comments
from workspace.services import memberships as services


def run(fn, *args, **kwargs):
    """Run ``fn`` and the on-commit work it schedules (tasks are eager in tests)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(*args, **kwargs)


@pytest.fixture
def thread(editor_a, member_b, association_a, association_b):
    d = Discussion.objects.create(
        title="Lait deuxième âge",
        situation="Rupture",
        association=association_a,
        opened_by=editor_a,
    )
    follows.follow(editor_a, d, explicit=False)
    DiscussionSupport.objects.create(discussion=d, association=association_b, user=member_b)
    follows.follow(member_b, d, explicit=False)
    return d


def comment_event(discussion, author, text_="Un avis"):
    c = comments.post(discussion, author, text_)
    return notifications.emit(
        "discussion_comment", f"comment:{c.pk}", comment_id=c.pk, discussion_id=discussion.pk
    )


def test_each_event_reaches_exactly_its_followers(
    db, thread, editor_a, member_b, member_a, coordinator
):
    run(comment_event, thread, coordinator, "Le CCAS a du stock")
    notified = set(Notification.objects.values_list("user__email", flat=True))
    # The opener and the supporter follow; the author is left out; member_a never followed.
    assert notified == {editor_a.email, member_b.email}
    assert coordinator.email not in notified  # followed by commenting, but is the author
    run(comment_event, thread, member_a, "Nous aussi")
    assert Notification.objects.filter(user=coordinator).count() == 1


def test_unfollow_stops_and_is_respected_when_commenting_again(
    db, thread, editor_a, member_b, coordinator
):
    follows.unfollow(member_b, thread)
    comments.post(thread, member_b, "Je commente quand même")
    run(comment_event, thread, coordinator)
    assert not Notification.objects.filter(user=member_b).exists()
    assert Notification.objects.filter(user=editor_a).exists()


def test_ended_membership_gets_nothing(db, thread, member_b, coordinator):
    services.end_membership(member_b.memberships.get(), by=coordinator)
    run(comment_event, thread, coordinator)
    assert not Notification.objects.filter(user=member_b).exists()
    assert not [m for m in mail.outbox if member_b.email in m.to]


def test_defaults_meetings_at_once_comments_in_daily_digest(
    db, thread, editor_a, coordinator, meeting
):
    from workspace.services import agenda

    mail.outbox.clear()
    run(comment_event, thread, coordinator)
    assert not [m for m in mail.outbox if editor_a.email in m.to]  # comments: daily digest
    assert (
        Delivery.objects.filter(
            recipient=editor_a, channel=notifications.DAILY, sent_at__isnull=True
        ).count()
        == 1
    )
    run(agenda.publish_agenda, meeting, coordinator)
    assert [m for m in mail.outbox if editor_a.email in m.to and "Ordre du jour" in m.subject]


def test_daily_digest_once_grouped_french_with_html_and_unsubscribe_headers(
    db, thread, editor_a, coordinator, member_a
):
    run(comment_event, thread, coordinator, "Premier avis")
    run(comment_event, thread, member_a, "Second avis")
    mail.outbox.clear()
    # The opener, the supporter and the coordinator (who follows since commenting).
    assert notifications.send_digests(notifications.DAILY) == 3
    assert (
        notifications.send_digests(notifications.DAILY) == 0
    )  # a retried beat tick sends nothing more
    digests = [m for m in mail.outbox if editor_a.email in m.to]
    assert len(digests) == 1
    message = digests[0]
    assert message.subject == "[Entraide] Vos nouvelles du réseau du jour"
    assert (
        "== Lait deuxième âge ==" in message.body
        and message.body.count("Nouveau commentaire sur « Lait deuxième âge »") == 2
    )
    html = message.alternatives[0][0]
    assert (
        message.alternatives[0][1] == "text/html" and "<h2" in html and "Lait deuxième âge" in html
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.match(
        r"<http://.+/notifications/desabonnement/.+/>", message.extra_headers["List-Unsubscribe"]
    )


def test_weekly_digest_and_none(db, thread, editor_a, member_b, coordinator):
    notifications.set_preference(editor_a, Category.COMMENTS, Mode.WEEKLY)
    notifications.set_preference(member_b, Category.COMMENTS, Mode.NONE)
    run(comment_event, thread, coordinator)
    assert not Notification.objects.filter(user=member_b).exists()
    assert Notification.objects.filter(user=editor_a).exists()
    mail.outbox.clear()
    assert notifications.send_digests(notifications.DAILY) == 0
    assert notifications.send_digests(notifications.WEEKLY) == 1
    assert mail.outbox[0].subject == "[Entraide] Vos nouvelles du réseau de la semaine"


def test_preferences_page(client_for, editor_a):
    client = client_for(editor_a)
    page = text(client.get(reverse("notifications:preferences")))
    assert "Comment je suis informé·e" in page and "Commentaires sur ce que je suis" in page
    data = {category: Mode.EMAIL for category in Category.values}
    data[Category.COMMENTS] = Mode.WEEKLY
    client.post(reverse("notifications:preferences"), data)
    assert notifications.preferences_of(editor_a)[Category.COMMENTS] == Mode.WEEKLY
    bad = client.post(
        reverse("notifications:preferences"), {**data, Category.MEETINGS: "sometimes"}
    )
    assert "Sélectionnez un choix valide" in text(bad)


def test_one_click_unsubscribe_without_login(client, db, editor_a):
    token = notifications.unsubscribe_token(editor_a, Category.MEETINGS)
    url = reverse("notifications:unsubscribe", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and "Ne plus envoyer les courriels « réunions" in text(page)
    assert (
        notifications.preferences_of(editor_a)[Category.MEETINGS] == Mode.EMAIL
    )  # GET changes nothing
    client_with_csrf = client.__class__(enforce_csrf_checks=True)
    done = client_with_csrf.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "C'est fait" in text(done)
    assert notifications.preferences_of(editor_a)[Category.MEETINGS] == Mode.APP


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-4] + "abcd",
        lambda t: t[:12],
        lambda t: "x" * 40,
        lambda t: t.replace(":", "-", 1),
    ],
)
def test_forged_unsubscribe_links_are_refused(client, db, editor_a, mangle):
    token = notifications.unsubscribe_token(editor_a, Category.MEETINGS)
    response = client.post(reverse("notifications:unsubscribe", args=[mangle(token)]))
    assert response.status_code == 400 and "Ce lien n'est pas valide" in text(response)
    assert notifications.preferences_of(editor_a)[Category.MEETINGS] == Mode.EMAIL


def test_unsubscribe_token_is_scoped_to_one_person_and_kind(db, editor_a, member_b):
    from django.core import signing

    forged = signing.dumps(
        {"u": member_b.pk, "k": Category.MEETINGS}, salt="another.salt", compress=True
    )
    assert notifications.read_unsubscribe_token(forged) is None
    token = notifications.unsubscribe_token(editor_a, "everything")
    assert notifications.read_unsubscribe_token(token) is None


def test_notification_centre_list_open_and_read(
    client_for, thread, editor_a, member_b, coordinator
):
    run(comment_event, thread, coordinator, "Le CCAS a du stock")
    client = client_for(editor_a)
    home = text(client.get("/espace/"))
    assert 'class="count">1<span class="visually-hidden"> non lues' in home
    listing = text(client.get(reverse("notifications:list")))
    assert "Nouveau commentaire sur « Lait deuxième âge »" in listing
    notification = Notification.objects.get(user=editor_a)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"].startswith(
        thread.get_absolute_url()
    )
    notification.refresh_from_db()
    assert notification.read_at is not None
    # Someone else's notification does not exist for you.
    other = Notification.objects.get(user=member_b)
    assert client.get(reverse("notifications:open", args=[other.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[other.pk])).status_code == 404
    client_for(member_b).post(reverse("notifications:read_all"))
    other.refresh_from_db()
    assert other.read_at is not None


def test_notification_list_queries_do_not_grow(client_for, thread, editor_a, coordinator):
    client = client_for(editor_a)
    for n in range(2):
        run(comment_event, thread, coordinator, f"avis {n}")

    def count():
        client.get(reverse("notifications:list"))
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("notifications:list")).status_code == 200
        return len(context)

    small = count()
    for n in range(40):
        run(comment_event, thread, coordinator, f"avis {n + 2}")
    assert Notification.objects.filter(user=editor_a).count() == 42
    assert count() == small


def test_follow_button_on_a_topic(client_for, member_b, editor_a, association_a, meeting):
    from tests.factories import make_topic
    from workspace.services import topics as topic_services

    topic = make_topic(association_a, editor_a, meeting=meeting)
    topic_services.accept_topic(topic, editor_a, meeting)
    client = client_for(member_b)
    assert "Suivre" in visible_text(client.get(topic.get_absolute_url()))
    client.post(
        reverse("notifications:follow", args=["workspace", "topic", topic.pk]), {"follow": "1"}
    )
    assert follows.is_following(member_b, topic)
    assert "Suivi — arrêter de suivre" in visible_text(client.get(topic.get_absolute_url()))


def test_subjects_and_titles_are_plain_text(db, editor_a, coordinator, association_a):
    """Apostrophes and quotes in names reach subjects and titles as typed, not as HTML."""
    d = Discussion.objects.create(
        title='L\'énergie & les "factures"',
        situation="…",
        association=association_a,
        opened_by=editor_a,
    )
    follows.follow(editor_a, d)
    notifications.set_preference(editor_a, Category.COMMENTS, Mode.EMAIL)
    mail.outbox.clear()
    run(comment_event, d, coordinator)
    assert (
        mail.outbox[0].subject
        == '[Entraide] Nouveau commentaire sur « L\'énergie & les "factures" »'
    )
    assert (
        Notification.objects.get(user=editor_a).title
        == 'Nouveau commentaire sur « L\'énergie & les "factures" »'
    )
