"""Following a practice, and how its news reach people by default."""

from django.core import mail
from django.urls import reverse

from practices.models import PracticePage
from tests.practices.test_questions import ask
from tests.utils import visible_text
from workspace import notifications
from workspace.models import Delivery, Notification
from workspace.notifications import follows


def test_member_follows_a_practice_and_hears_of_its_questions(
    client_for, practice_a, member_b, editor_b, editor_a
):
    client = client_for(member_b)
    assert "Suivre" in visible_text(client.get(practice_a.url))
    client.post(
        reverse("notifications:follow", args=["practices", "practicepage", practice_a.pk]),
        {"follow": "1"},
    )
    assert follows.is_following(member_b, practice_a)
    ask(client_for(editor_b), practice_a, "Comment tenez-vous le planning à jour ?")
    assert Notification.objects.filter(user=member_b, title__contains=practice_a.title).exists()


def test_practice_news_go_to_the_daily_digest_by_default(
    client_for, practice_a, editor_a, editor_b
):
    mail.outbox.clear()
    ask(client_for(editor_b), practice_a, "Une question ?")
    assert not [m for m in mail.outbox if editor_a.email in m.to]
    assert Notification.objects.filter(user=editor_a).exists()
    assert Delivery.objects.filter(
        recipient=editor_a, channel=notifications.DAILY, sent_at__isnull=True
    ).exists()
    notifications.send_digests(notifications.DAILY)
    digest = [m for m in mail.outbox if editor_a.email in m.to]
    assert len(digest) == 1 and practice_a.title in digest[0].body


def test_following_a_network_only_practice_needs_to_see_it(
    client, client_for, network_practice_a, agent
):
    url = reverse("notifications:follow", args=["practices", "practicepage", network_practice_a.pk])
    assert client.post(url, {"follow": "1"}).status_code == 302  # anonymous: to the login page
    assert PracticePage.objects.filter(pk=network_practice_a.pk).exists()
