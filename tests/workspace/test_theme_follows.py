"""Members follow themes (from their preferences or a discussion's page) and hear of each new
discussion and each newly published practice in them, once, instead of among all the new
discussions."""

import pytest
from django.core import mail
from django.urls import reverse

from practices import bootstrap as practices_setup
from tests.practices.conftest import make_practice
from tests.utils import text
from workspace import notifications
from workspace.models import Category, Mode, Notification, Theme
from workspace.notifications import follows
from workspace.services import discussions


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


@pytest.fixture
def hygiene(db):
    return Theme.objects.get(slug="hygiene")


def open_discussion(user, association, themes):
    return discussions.open_discussion(
        user,
        title="Plus de demandes de couches",
        situation="Les familles demandent des couches chaque semaine.",
        association=association,
        themes=themes,
    )


def test_a_member_follows_themes_from_the_preferences(client_for, member_b, hygiene):
    client = client_for(member_b)
    page = text(client.get(reverse("notifications:preferences")))
    assert "Thèmes que je suis" in page
    data = {category: Mode.APP for category in Category.values}
    response = client.post(reverse("notifications:preferences"), {**data, "themes": [hygiene.pk]})
    assert response.status_code == 302
    assert follows.followed_ids(member_b, Theme) == {hygiene.pk}
    page = text(client.get(reverse("notifications:preferences")))
    assert (
        f'value="{hygiene.pk}" checked' in page
        or f'checked value="{hygiene.pk}"' in page
        or (f'value="{hygiene.pk}"' in page and "checked" in page)
    )
    # Unticking stops following.
    client.post(reverse("notifications:preferences"), data)
    assert follows.followed_ids(member_b, Theme) == set()


def test_a_new_discussion_in_a_followed_theme_is_heard_as_such_once(
    run, member_a, member_b, editor_b, association_a, hygiene
):
    follows.follow(member_b, hygiene)
    mail.outbox.clear()
    discussion = run(open_discussion, member_a, association_a, [hygiene])
    theirs = Notification.objects.filter(user=member_b)
    assert [n.event.kind for n in theirs] == ["discussion_in_theme"]  # not twice
    (notice,) = theirs
    assert notice.category == Category.DISCUSSIONS
    assert notice.url == discussion.get_absolute_url()
    assert "Hygiène" in notice.title and "Plus de demandes de couches" in notice.title
    # Those who follow no theme hear of it among the new discussions.
    assert Notification.objects.filter(user=editor_b, event__kind="discussion_opened").count() == 1
    assert not Notification.objects.filter(user=editor_b, event__kind="discussion_in_theme")
    # In the daily digest of the "discussions" kind by default, once.
    assert notifications.send_digests(notifications.DAILY) >= 1
    digest = [m for m in mail.outbox if member_b.email in m.to]
    assert len(digest) == 1 and "Plus de demandes de couches" in digest[0].body


def test_a_discussion_in_another_theme_is_not_heard_as_theme_news(
    run, member_a, member_b, association_a, hygiene
):
    follows.follow(member_b, hygiene)
    other = Theme.objects.exclude(pk=hygiene.pk).first()
    run(open_discussion, member_a, association_a, [other])
    kinds = list(Notification.objects.filter(user=member_b).values_list("event__kind", flat=True))
    assert kinds == ["discussion_opened"]


def test_the_opener_does_not_hear_of_their_own_discussion(run, member_a, association_a, hygiene):
    follows.follow(member_a, hygiene)
    run(open_discussion, member_a, association_a, [hygiene])
    assert not Notification.objects.filter(user=member_a)


def test_a_practice_published_in_a_followed_theme_is_heard_once(
    run, editor_a, member_b, agent, association_a, hygiene
):
    follows.follow(member_b, hygiene)
    follows.follow(editor_a, hygiene)  # its own association hears of the publication instead
    notifications.set_preference(member_b, Category.PRACTICES, Mode.EMAIL)
    mail.outbox.clear()
    index = practices_setup.ensure_all()
    practice = run(make_practice, index, association_a, title="Un vestiaire bébé", themes=[hygiene])
    (notice,) = Notification.objects.filter(user=member_b, event__kind="practice_in_theme")
    assert notice.category == Category.PRACTICES
    assert "Un vestiaire bébé" in notice.title
    (message,) = [m for m in mail.outbox if member_b.email in m.to]
    assert "Un vestiaire bébé" in message.subject
    assert "dans un thème que vous suivez (Hygiène)" in message.body
    assert not Notification.objects.filter(user=editor_a, event__kind="practice_in_theme")
    # A new version of the practice is not news again.
    revision = practice.save_revision(user=editor_a)
    run(revision.publish)
    assert Notification.objects.filter(user=member_b, event__kind="practice_in_theme").count() == 1


def test_a_theme_is_followed_from_a_discussion_page(
    run, client_for, member_a, member_b, association_a, hygiene
):
    discussion = run(open_discussion, member_a, association_a, [hygiene])
    client = client_for(member_b)
    page = text(client.get(discussion.get_absolute_url()))
    assert "Suivre le thème « Hygiène »" in page
    url = reverse("notifications:follow", args=["workspace", "theme", hygiene.pk])
    response = client.post(url, {"follow": "1", "next": discussion.get_absolute_url()})
    assert response.status_code == 302
    assert follows.followed_ids(member_b, Theme) == {hygiene.pk}
    assert "Vous suivez le thème « Hygiène » — arrêter" in text(
        client.get(discussion.get_absolute_url())
    )


def test_following_a_theme_needs_the_network(client, hygiene):
    url = reverse("notifications:follow", args=["workspace", "theme", hygiene.pk])
    response = client.post(url, {"follow": "1"})
    assert response.status_code in (302, 404)
    assert response.status_code != 200
