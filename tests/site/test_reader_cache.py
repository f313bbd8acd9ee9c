"""A signed-in reader's pages kept whole (site/readercache.py): a hit the second time; out of
date at once after any write (a save, a queryset update, a comment posted, a write of the
worker), never another person's or another session's page, never a page with a message,
the views with side effects or forms of their own left alone, a broken cache harmless."""

import gzip

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from entraide import readercache
from tests.utils import comment_security_data, text
from workspace.models import Topic

HEADER = readercache.HEADER


def signed_in(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def reading(client, url, **extra):
    """The page, read twice: the first answer may set the CSRF cookie, the browser keeps it."""
    response = client.get(url, **extra)
    if response.cookies:
        response = client.get(url, **extra)
    return response


@pytest.mark.parametrize("page", ["home", "topic", "meetings", "meeting", "search"])
def test_the_second_request_is_a_hit_with_the_same_page(page, member_a, topic, meeting):
    url = {
        "home": reverse("workspace:home"),
        "topic": topic.get_absolute_url(),
        "meetings": "/reunions/",
        "meeting": meeting.url,
        "search": "/recherche/?q=dons",
    }[page]
    client = signed_in(member_a)
    first = reading(client, url)
    assert first.status_code == 200 and first[HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second.status_code == 200 and second[HEADER] == "hit"
    assert second.content == first.content
    # The session and the person, nothing else: a signed-out session is not served.
    assert len(queries) <= 2, [q["sql"][:80] for q in queries]


def test_a_save_a_queryset_update_and_a_comment_show_at_once(member_a, topic):
    client = signed_in(member_a)
    url = topic.get_absolute_url()
    reading(client, url)
    assert client.get(url)[HEADER] == "hit"
    topic.title = "Les dons du marché"
    topic.save()
    changed = client.get(url)
    assert changed[HEADER] == "miss" and "Les dons du marché" in text(changed)
    assert client.get(url)[HEADER] == "hit"
    # No model signal for a queryset update: the SQL itself is watched.
    Topic.objects.filter(pk=topic.pk).update(title="Les dons de la boulangerie")
    updated = client.get(url)
    assert updated[HEADER] == "miss" and "Les dons de la boulangerie" in text(updated)
    # A comment posted by someone else (the form's own page, then the thread).
    other = signed_in(topic.proposed_by)
    posted = other.post(
        reverse("meetings:comment", args=[topic.pk]),
        {**comment_security_data(topic), "comment": "Un avis tout neuf", "reply_to": ""},
    )
    assert posted.status_code == 302
    thread = client.get(url)
    assert thread[HEADER] == "miss" and "Un avis tout neuf" in text(thread)


def test_a_write_in_a_transaction_makes_pages_out_of_date_again_at_commit(member_a, topic):
    client = signed_in(member_a)
    url = topic.get_absolute_url()
    reading(client, url)
    assert client.get(url)[HEADER] == "hit"
    with transaction.atomic():
        Topic.objects.filter(pk=topic.pk).update(title="Dans la transaction")
        # At once (this request's next page is not the old one)...
        assert client.get(url)[HEADER] == "miss"
        Topic.objects.filter(pk=topic.pk).update(title="Encore dans la transaction")
        # ... and once more at commit, whatever the number of writes (the test's own
        # transaction never commits: the callback is looked at, then run by hand).
        at_commit = [
            callback
            for _savepoints, callback, _robust in connection.run_on_commit
            if callback is readercache.invalidate
        ]
    assert len(at_commit) == 1
    before = readercache.version()
    at_commit[0]()
    assert readercache.version() != before


def test_writes_to_the_sessions_do_not_make_pages_out_of_date(member_a, topic):
    client = signed_in(member_a)
    url = topic.get_absolute_url()
    reading(client, url)
    before = readercache.version()
    store = SessionStore()  # a session written (signing in also writes the last login)
    store["language"] = "fr"
    store.save()
    store["language"] = "en"
    store.save()
    assert readercache.version() == before
    assert client.get(url)[HEADER] == "hit"


def test_another_person_and_another_session_never_get_the_page(member_a, editor_a, topic):
    url = topic.get_absolute_url()
    mine = signed_in(member_a)
    reading(mine, url)
    assert mine.get(url)[HEADER] == "hit"
    theirs = signed_in(editor_a)
    assert theirs.get(url)[HEADER] == "miss"
    again = signed_in(member_a)  # the same person, another browser
    assert again.get(url)[HEADER] == "miss"
    # Signed out: the kept page is not served to the old cookie.
    session_cookie = mine.cookies[settings.SESSION_COOKIE_NAME].value
    mine.post(reverse("logout"))
    stale = Client()
    stale.cookies[settings.SESSION_COOKIE_NAME] = session_cookie
    stale.cookies[settings.CSRF_COOKIE_NAME] = mine.cookies[settings.CSRF_COOKIE_NAME].value
    response = stale.get(url)
    assert HEADER not in response and response.status_code in (302, 404)


def test_a_page_with_a_message_is_neither_served_nor_kept(member_a, topic):
    client = signed_in(member_a)
    url = topic.get_absolute_url()
    reading(client, url)
    posted = client.post(
        reverse("meetings:comment", args=[topic.pk]),
        {**comment_security_data(topic), "comment": "Mon avis", "reply_to": ""},
    )
    with_message = client.get(posted["Location"])
    assert HEADER not in with_message
    assert "Votre commentaire est publié." in text(with_message)
    after = client.get(url)
    assert after[HEADER] == "miss" and "Votre commentaire est publié." not in text(after)


def test_pages_that_do_not_ask_are_never_kept(member_a):
    client = signed_in(member_a)
    url = reverse("notifications:list")
    reading(client, url)
    assert HEADER not in client.get(url)


def test_an_anonymous_visitor_and_a_post_never_touch_it(member_a, topic):
    url = topic.get_absolute_url()
    anonymous = Client()
    assert HEADER not in anonymous.get(url)
    client = signed_in(member_a)
    reading(client, url)
    posted = client.post(reverse("meetings:comment", args=[topic.pk]), {"comment": ""})
    assert HEADER not in posted


def test_a_hit_is_compressed_with_the_headers_of_the_page_and_answers_304(member_a, meeting):
    client = signed_in(member_a)
    first = reading(client, meeting.url, HTTP_ACCEPT_ENCODING="gzip")
    hit = client.get(meeting.url, HTTP_ACCEPT_ENCODING="gzip")
    assert hit[HEADER] == "hit" and hit["Content-Encoding"] == "gzip"
    assert gzip.decompress(hit.content) == gzip.decompress(first.content)
    # Wagtail's headers for a restricted page, and the security headers, replayed.
    assert "private" in hit["Cache-Control"] and "no-store" in hit["Cache-Control"]
    assert hit["X-Frame-Options"] == first["X-Frame-Options"]
    assert hit["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "Cookie" in hit["Vary"]
    not_modified = client.get(
        meeting.url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=hit["ETag"]
    )
    assert not_modified.status_code == 304


def test_the_language_is_part_of_the_key(member_a, meeting):
    client = signed_in(member_a)
    french = reading(client, meeting.url)
    client.cookies["entraide_language"] = "en"
    english = client.get(meeting.url)
    assert english[HEADER] == "miss" and english.content != french.content


def test_time_limits_what_is_kept(member_a, meeting, settings):
    settings.READER_PAGE_CACHE_SECONDS = 0
    client = signed_in(member_a)
    assert HEADER not in reading(client, meeting.url)
    assert HEADER not in client.get(meeting.url)


def test_switched_off_by_its_setting(member_a, meeting, settings):
    settings.READER_PAGE_CACHE = False
    client = signed_in(member_a)
    reading(client, meeting.url)
    assert HEADER not in client.get(meeting.url)


def test_a_broken_cache_serves_pages_as_usual(member_a, topic, monkeypatch):
    from django.core import cache as cache_module

    client = signed_in(member_a)
    url = topic.get_absolute_url()
    for name in ("get", "set", "add"):
        monkeypatch.setattr(cache_module.cache, name, lambda *a, **k: None)
    monkeypatch.setattr(cache_module.cache, "get_many", lambda *a, **k: {})
    assert reading(client, url).status_code == 200
    assert client.get(url).status_code == 200
    # A write while the cache is down is not an error either.
    topic.title = "Écrit sans cache"
    topic.save()
    response = client.get(url)
    assert response.status_code == 200 and "Écrit sans cache" in text(response)


def test_a_cache_that_raises_does_not_stop_a_write(member_a, topic, monkeypatch):
    from django.core import cache as cache_module

    def broken(*args, **kwargs):
        raise ConnectionError("the cache is down")

    monkeypatch.setattr(cache_module.cache, "set", broken)
    topic.title = "Écrit, le cache en panne"
    topic.save()
    topic.refresh_from_db()
    assert topic.title == "Écrit, le cache en panne"
