"""A comment thread is rendered once per reader level and kept
(``workspace.forms.comments.thread_context``): whoever fills the cache, every role then reads
exactly its own thread (the moderators' tools only for them, with their own CSRF token; "change"
and "delete" only on the reader's own comments, "report" only on others'), and a change shows at
the next request."""

import re
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.middleware.csrf import _unmask_cipher_token
from django.urls import reverse

from tests.factories import make_coordinator, make_topic
from tests.utils import visible_text
from workspace.models import TopicStatus
from workspace.services import comments

HIDDEN_TEXT = "Un propos que la coordination a masqué"
HIDDEN_NOTICE = "[commentaire masqué par la coordination]"
ROLES = ("coordinator", "coordinator_2", "member_a", "editor_a", "member_b", "editor_b")


@pytest.fixture
def coordinator_2(db):
    return make_coordinator(email="coordination2@test.exemple.org")


@pytest.fixture
def readers(people, coordinator_2):
    return {**people, "coordinator_2": coordinator_2}


@pytest.fixture
def thread(readers, association_a, coordinator):
    """A network-visible topic with a comment of each member and one hidden comment."""
    cache.clear()
    topic = make_topic(association_a, readers["editor_a"], status=TopicStatus.ACCEPTED)
    written = {}
    for who in ("member_a", "member_b", "editor_b"):
        written[who] = comments.post(topic, readers[who], f"Le commentaire de {who}")
    written["reply"] = comments.post(
        topic, readers["editor_a"], "La réponse de editor_a", reply_to=written["member_a"].pk
    )
    hidden = comments.post(topic, readers["member_b"], HIDDEN_TEXT)
    comments.set_hidden(hidden, coordinator, True)
    comments.flag(written["editor_b"], readers["member_a"])
    written["hidden"] = hidden
    return topic, written


def tools(soup, pk):
    article = soup.select_one(f"#c{pk}")
    assert article is not None, pk
    return article.select_one(".comment-tools")


def csrf_secrets(soup):
    """The CSRF secrets of the page's forms (each token is the secret, masked anew)."""
    return {
        _unmask_cipher_token(i["value"]) for i in soup.select("input[name=csrfmiddlewaretoken]")
    }


@pytest.mark.parametrize("first", ["coordinator", "member_a", "editor_b"])
def test_a_thread_cached_for_one_role_never_shows_to_another(client_for, readers, thread, first):
    topic, written = thread
    writers = {
        written["member_a"].pk: "member_a",
        written["member_b"].pk: "member_b",
        written["editor_b"].pk: "editor_b",
        written["reply"].pk: "editor_a",
    }
    order = [first] + [who for who in ROLES if who != first] + [first]
    seen_tokens = {}
    for who in order:
        client = client_for(readers[who])
        response = client.get(topic.get_absolute_url())
        assert response.status_code == 200, who
        content = response.content.decode()
        soup = BeautifulSoup(content, "html.parser")
        text = visible_text(response)
        moderator = who.startswith("coordinator")
        assert "entraide-thread-csrf-token" not in content
        assert "<!--r:" not in content and "<!--own:" not in content
        # Moderation: the buttons, the hidden text and the reports only for the moderators.
        assert ("Masquer" in text) is moderator, (first, who)
        assert (HIDDEN_TEXT in text) is moderator, (first, who)
        assert (HIDDEN_NOTICE in text) is not moderator, (first, who)
        assert ("signalé une fois" in text) is moderator, (first, who)
        # The moderators' forms carry the reader's own CSRF token, the one of the page's form.
        tokens = csrf_secrets(soup)
        assert tokens == {client.cookies["csrftoken"].value}, who
        if moderator:
            seen_tokens[who] = tokens
        # "Change" and "delete" on the reader's own comments only; "report" on the others'.
        for pk, writer in writers.items():
            comment_tools = tools(soup, pk)
            links = {a.get("href") for a in comment_tools.select("a")}
            own = writer == who
            assert (reverse("meetings:edit_comment", args=[pk]) in links) is own, (first, who, pk)
            assert (reverse("meetings:delete_comment", args=[pk]) in links) is own
            report = reverse("meetings:flag_comment", args=[pk])
            assert (report in links) is (not own and not moderator), (first, who, pk)
    # Two coordinators never share a CSRF secret through the cache.
    assert not seen_tokens["coordinator"] & seen_tokens["coordinator_2"]


def test_the_thread_comes_from_the_cache_and_a_change_shows_at_once(
    client_for, readers, thread, coordinator
):
    topic, written = thread
    client = client_for(readers["member_b"])
    client.get(topic.get_absolute_url())
    with mock.patch("workspace.services.comments.tree", side_effect=AssertionError("not cached")):
        assert client.get(topic.get_absolute_url()).status_code == 200
    comments.post(topic, readers["member_a"], "Un nouveau commentaire")
    assert "Un nouveau commentaire" in visible_text(client.get(topic.get_absolute_url()))
    comments.edit(written["member_b"], "Un texte changé")
    assert "Un texte changé" in visible_text(client.get(topic.get_absolute_url()))
    comments.delete(written["member_b"])  # update() only: the service tells the cache
    assert "Un texte changé" not in visible_text(client.get(topic.get_absolute_url()))
    comments.set_hidden(written["editor_b"], coordinator, True)
    page = visible_text(client.get(topic.get_absolute_url()))
    assert "Le commentaire de editor_b" not in page
    # A new report shows to the moderators at once.
    coordination = client_for(coordinator)
    assert "signalé une fois" in visible_text(coordination.get(topic.get_absolute_url()))
    comments.flag(written["member_a"], readers["member_b"])
    soup = BeautifulSoup(coordination.get(topic.get_absolute_url()).content, "html.parser")
    assert "signalé une fois" in soup.select_one(f"#c{written['member_a'].pk}").get_text()


def test_the_edit_links_end_with_the_edit_window(client_for, readers, thread, settings):
    topic, written = thread
    client = client_for(readers["member_a"])
    edit = reverse("meetings:edit_comment", args=[written["member_a"].pk])
    assert edit in client.get(topic.get_absolute_url()).content.decode()
    settings.COMMENT_EDIT_MINUTES = 0
    assert edit not in client.get(topic.get_absolute_url()).content.decode()


def test_replying_from_the_cached_thread_answers_the_thread(client_for, readers, thread):
    topic, written = thread
    client = client_for(readers["member_b"])
    client.get(topic.get_absolute_url())
    response = client.get(f"{topic.get_absolute_url()}?repondre={written['reply'].pk}")
    form = re.search(r'<form[^>]*id="comment-form".*?</form>', response.content.decode(), re.S)
    assert f'name="reply_to" value="{written["member_a"].pk}"' in form.group(0)
    assert "Votre réponse à" in visible_text(response)
    response = client.get(f"{topic.get_absolute_url()}?repondre=abc")
    assert response.status_code == 200


def test_with_the_cache_down_the_thread_is_rendered_without_it(client_for, readers, thread):
    topic, written = thread
    broken = mock.Mock(
        **{
            f"{name}.side_effect": ConnectionError("down")
            for name in ("get", "get_many", "set", "add")
        }
    )
    with mock.patch("entraide.pagecache.cache", broken):
        response = client_for(readers["member_a"]).get(topic.get_absolute_url())
    assert response.status_code == 200
    assert "Le commentaire de editor_b" in visible_text(response)
    assert HIDDEN_TEXT not in visible_text(response)
