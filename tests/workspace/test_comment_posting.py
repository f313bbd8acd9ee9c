"""One comment-posting path for topics, discussions and practice questions.

Every check of ``workspace.post_from_request`` is run against the three kinds of
commented objects, so that they cannot drift apart again: who may post, lock, form age and
integrity, size, the per-minute limit (counted in the database, so that it holds with the
cache down), the follow and the notification.
"""

import time

import pytest
from django.urls import reverse
from django_comments.forms import DEFAULT_COMMENTS_TIMEOUT
from django_comments_xtd.models import XtdComment

from tests.factories import make_topic
from tests.practices.conftest import make_practice
from tests.utils import comment_security_data, text
from workspace.models import Discussion, Notification
from workspace.notifications import follows
from workspace.services import comments
from workspace.services import topics as topic_services

KINDS = ["topic", "discussion", "practice"]
KEPT = "Un texte que la personne a tapé avec soin"


@pytest.fixture
def targets(coordinator, association_a, editor_a, meeting):
    from practices import bootstrap as practices_setup

    topic = make_topic(association_a, editor_a, meeting=meeting, title="Les colis d'été")
    topic_services.accept_topic(topic, coordinator, meeting)
    discussion = Discussion.objects.create(
        title="Plus de familles cet hiver",
        situation="Dix familles de plus par semaine.",
        association=association_a,
        opened_by=editor_a,
    )
    practice = make_practice(practices_setup.ensure_all(), association_a, user=editor_a)
    return {"topic": topic, "discussion": discussion, "practice": practice}


def url_for(kind, obj):
    name = {"topic": "meetings:comment", "discussion": "discussions:comment"}.get(
        kind, "practices:comment"
    )
    return reverse(name, args=[obj.pk])


def form_data(obj, typed, timestamp=None, **overrides):
    data = comment_security_data(obj, timestamp)
    data.update({"comment": typed, "reply_to": ""})
    data.update(overrides)
    return data


def thread(obj):
    return comments.thread_queryset(obj)


@pytest.mark.parametrize("kind", KINDS)
def test_a_comment_is_saved_followed_and_notified(
    kind, targets, client_for, member_b, editor_a, django_capture_on_commit_callbacks
):
    obj = targets[kind]
    follows.follow(editor_a, obj)
    response = client_for(member_b).post(url_for(kind, obj), form_data(obj, "Nous aussi."))
    assert response.status_code == 302
    saved = thread(obj).get()
    assert response["Location"].endswith(f"#c{saved.pk}")
    assert saved.comment == "Nous aussi." and saved.user == member_b
    assert follows.is_following(member_b, obj)
    assert Notification.objects.filter(user=editor_a).exists()


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "case, overrides, message",
    [
        ("empty", {"comment": "   "}, "Écrivez quelque chose avant d'envoyer."),
        (
            "too long",
            {"comment": "x" * 3001},
            "Un commentaire fait au plus 3000 caractères (celui-ci en a 3001).",
        ),
        (
            "tampered",
            {"security_hash": "0" * 40},
            "Ce formulaire a été modifié en chemin.",
        ),
    ],
)
def test_bad_comments_are_refused_in_french(
    kind, case, overrides, message, targets, client_for, member_b
):
    obj = targets[kind]
    response = client_for(member_b).post(url_for(kind, obj), form_data(obj, KEPT, **overrides))
    assert response.status_code == 400
    assert message in text(response)
    assert not thread(obj).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_an_expired_form_keeps_the_text(kind, targets, client_for, member_b):
    obj = targets[kind]
    old = int(time.time()) - DEFAULT_COMMENTS_TIMEOUT - 60
    response = client_for(member_b).post(url_for(kind, obj), form_data(obj, KEPT, timestamp=old))
    assert response.status_code == 400
    page = text(response)
    assert "ouverte depuis plus de deux heures" in page and KEPT in page
    assert not thread(obj).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_posting_too_fast_is_refused_with_the_text_kept(
    kind, targets, client_for, member_b, settings
):
    settings.COMMENTS_PER_MINUTE = 2
    obj = targets[kind]
    client = client_for(member_b)
    for n in range(2):
        assert client.post(url_for(kind, obj), form_data(obj, f"message {n}")).status_code == 302
    response = client.post(url_for(kind, obj), form_data(obj, KEPT))
    assert response.status_code == 429
    page = text(response)
    assert "Vous publiez trop vite" in page and KEPT in page
    assert thread(obj).count() == 2


def test_the_limit_counts_every_kind_of_comment_of_a_person(
    targets, client_for, member_b, member_a, settings
):
    settings.COMMENTS_PER_MINUTE = 3
    client = client_for(member_b)
    for kind in KINDS:
        obj = targets[kind]
        assert client.post(url_for(kind, obj), form_data(obj, kind)).status_code == 302
    topic = targets["topic"]
    assert client.post(url_for("topic", topic), form_data(topic, KEPT)).status_code == 429
    # Another person is not slowed down by the first one.
    other = client_for(member_a).post(url_for("topic", topic), form_data(topic, "à mon tour"))
    assert other.status_code == 302


def test_the_limit_holds_without_the_cache(targets, client_for, member_b, settings, monkeypatch):
    """The count lives in the database: a cache that fails changes nothing."""
    from django.core import cache as cache_module

    def broken(*args, **kwargs):
        raise ConnectionError("the cache is down")

    for name in ("get", "set", "add", "incr", "get_many", "set_many"):
        monkeypatch.setattr(cache_module.cache, name, broken, raising=False)
    settings.COMMENTS_PER_MINUTE = 1
    obj = targets["discussion"]
    client = client_for(member_b)
    assert client.post(url_for("discussion", obj), form_data(obj, "un")).status_code == 302
    assert client.post(url_for("discussion", obj), form_data(obj, KEPT)).status_code == 429
    assert thread(obj).count() == 1


def test_comments_older_than_the_window_do_not_count(targets, client_for, member_b, settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.COMMENTS_PER_MINUTE = 1
    obj = targets["topic"]
    client = client_for(member_b)
    assert client.post(url_for("topic", obj), form_data(obj, "un")).status_code == 302
    XtdComment.objects.update(submit_date=timezone.now() - timedelta(seconds=61))
    assert client.post(url_for("topic", obj), form_data(obj, "deux")).status_code == 302


def test_a_locked_discussion_refuses_with_the_text_kept(targets, client_for, member_b):
    obj = targets["discussion"]
    Discussion.objects.filter(pk=obj.pk).update(locked=True)
    response = client_for(member_b).post(url_for("discussion", obj), form_data(obj, KEPT))
    assert response.status_code == 409
    page = text(response)
    assert "Cette discussion est verrouillée par la coordination" in page and KEPT in page
    assert not thread(obj).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_who_may_not_see_the_object_gets_404(kind, targets, client_for, association_a):
    from tests.factories import make_member
    from workspace.models import Membership, Role

    obj = targets[kind]
    former = make_member(association_a, Role.MEMBER, email="ancien@a.exemple.org")
    Membership.objects.filter(user=former).update(ended_at="2026-01-01T00:00Z")
    response = client_for(former).post(url_for(kind, obj), form_data(obj, KEPT))
    assert response.status_code in (403, 404)
    assert not thread(obj).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_a_reply_to_an_impossible_comment_is_a_plain_comment(kind, targets, client_for, member_b):
    obj = targets[kind]
    for reply_to in ("99999999999999999999999", "-4", "abc", "0"):
        response = client_for(member_b).post(
            url_for(kind, obj), form_data(obj, f"réponse {reply_to}", reply_to=reply_to)
        )
        assert response.status_code == 302
    assert thread(obj).count() == 4
    assert all(c.level == 0 for c in thread(obj))
