"""Anonymous public pages from the cache: a hit the second time, a change shown at once, never a
signed-in page, no cookie, 304 when unchanged, compressed HTML; a hit in one cache round trip,
compressed once, with its ETag and its 304."""

import gzip
import hashlib

import pytest
from django.middleware import http as django_http
from django.urls import reverse

from entraide import pagecache
from entraide.bootstrap import ensure_home_page
from practices import bootstrap as practices_bootstrap
from tests.practices.conftest import make_practice
from tests.utils import recorded_calls, text

HEADER = "X-Entraide-Cache"


@pytest.fixture
def site_pages(db, association_a, editor_a):
    home = ensure_home_page()
    index = practices_bootstrap.ensure_all()
    practice = make_practice(index, association_a, title="Un planning partagé", user=editor_a)
    return home, index, practice


def anonymous(client, path, **extra):
    client.logout()
    client.cookies.clear()
    return client.get(path, **extra)


@pytest.mark.parametrize("path", ["/", "/pratiques/", "practice"])
def test_the_second_anonymous_request_is_a_hit_and_sets_no_cookie(client, site_pages, path):
    if path == "practice":
        path = site_pages[2].url
    first = anonymous(client, path)
    assert first.status_code == 200 and first[HEADER] == "miss"
    assert not first.cookies, first.cookies
    second = anonymous(client, path)
    assert second.status_code == 200 and second[HEADER] == "hit"
    assert second.content == first.content
    assert not second.cookies
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]


def test_a_published_change_shows_at_once(client, site_pages, coordinator):
    _home, _index, practice = site_pages
    anonymous(client, "/pratiques/")
    anonymous(client, practice.url)
    assert anonymous(client, "/pratiques/")[HEADER] == "hit"
    draft = practice.get_latest_revision_as_object()
    draft.title = "Un planning partagé et affiché"
    draft.save_revision(user=coordinator).publish()
    listing = anonymous(client, "/pratiques/")
    assert listing[HEADER] == "miss" and "Un planning partagé et affiché" in text(listing)
    assert "Un planning partagé et affiché" in text(anonymous(client, practice.url))


def test_an_unpublished_practice_disappears_at_once(client, site_pages, coordinator):
    _home, _index, practice = site_pages
    url = practice.url
    assert anonymous(client, url).status_code == 200
    assert anonymous(client, url)[HEADER] == "hit"
    practice.unpublish(user=coordinator)
    assert anonymous(client, url).status_code == 404
    assert "Un planning partagé" not in text(anonymous(client, "/pratiques/"))


def test_a_home_page_change_and_an_association_change_show_at_once(
    client, site_pages, coordinator, association_a
):
    home = site_pages[0]
    anonymous(client, "/")
    assert anonymous(client, "/")[HEADER] == "hit"
    draft = home.get_latest_revision_as_object()
    draft.lead = "Dix associations, un réseau."
    draft.save_revision(user=coordinator).publish()
    assert "Dix associations, un réseau." in text(anonymous(client, "/"))
    association_a.name = "Le Panier renommé"
    association_a.save()
    assert "Le Panier renommé" in text(anonymous(client, "/"))


def test_a_signed_in_request_never_reads_nor_fills_the_cache(client_for, site_pages, member_a):
    client = client_for(None)
    anonymous(client, "/")
    assert anonymous(client, "/")[HEADER] == "hit"
    signed_in = client_for(member_a).get("/")
    assert HEADER not in signed_in
    assert "Connecté" in text(signed_in) or member_a.first_name in text(signed_in)
    # And the anonymous page did not become the member's.
    again = anonymous(client, "/")
    assert again[HEADER] == "hit" and member_a.first_name not in text(again)


def test_an_unchanged_page_answers_304(client, site_pages):
    first = anonymous(client, "/pratiques/")
    etag = first["ETag"]
    assert first["Cache-Control"] == "max-age=0, must-revalidate"
    again = anonymous(client, "/pratiques/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_pages_with_a_form_that_needs_a_cookie_are_not_kept(client, site_pages):
    login = anonymous(client, reverse("login"))
    assert login.status_code == 200 and "csrftoken" in login.cookies
    assert HEADER not in login
    assert HEADER not in anonymous(client, reverse("login"))


def test_the_language_is_part_of_the_key(client, site_pages):
    french = anonymous(client, "/pratiques/")
    client.cookies["entraide_language"] = "en"
    english = client.get("/pratiques/")
    assert english[HEADER] == "miss" and english.content != french.content
    assert 'lang="en"' in text(english)


def test_html_is_compressed(client, site_pages):
    response = anonymous(client, "/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert b"Entraide" in gzip.decompress(response.content)
    hit = anonymous(client, "/", HTTP_ACCEPT_ENCODING="gzip")
    assert hit[HEADER] == "hit" and hit["Content-Encoding"] == "gzip"


def test_a_broken_cache_serves_pages_as_usual(client, site_pages, monkeypatch):
    from django.core import cache as cache_module

    # django-redis with IGNORE_EXCEPTIONS answers every call as a miss when Redis is down.
    for name in ("get", "set", "add"):
        monkeypatch.setattr(cache_module.cache, name, lambda *a, **k: None)
    monkeypatch.setattr(cache_module.cache, "get_many", lambda *a, **k: {})
    assert anonymous(client, "/").status_code == 200
    assert anonymous(client, "/").status_code == 200
    assert pagecache.generation()  # a generation is made up when the cache forgets it


def test_a_host_not_served_here_gets_400_and_no_cache_warning(client, site_pages, caplog):
    response = anonymous(client, "/", HTTP_HOST="unknown.example")
    assert response.status_code == 400
    assert "page cache unavailable" not in caplog.text


def test_a_hit_is_compressed_once_with_the_etag_of_its_body(client, site_pages):
    miss = anonymous(client, "/pratiques/", HTTP_ACCEPT_ENCODING="gzip")
    hit = anonymous(client, "/pratiques/", HTTP_ACCEPT_ENCODING="gzip")
    assert (miss[HEADER], hit[HEADER]) == ("miss", "hit")
    # The same stored bytes each time (no random padding: the page holds no secret).
    assert hit.content == miss.content and hit["Content-Encoding"] == "gzip"
    assert hit["Content-Length"] == str(len(hit.content))
    body = gzip.decompress(hit.content)
    assert hit["ETag"] == miss["ETag"] == f'W/"{hashlib.md5(body).hexdigest()}"'
    for name in ("Cache-Control", "Content-Security-Policy", "Content-Language", "X-Request-ID"):
        assert hit[name], name
    assert hit["Cache-Control"] == "max-age=0, must-revalidate"
    assert "Accept-Encoding" in hit["Vary"] and "Accept-Language" in hit["Vary"]


def test_a_browser_without_gzip_gets_the_plain_page_from_the_cache(client, site_pages):
    compressed = anonymous(client, "/pratiques/", HTTP_ACCEPT_ENCODING="gzip")
    plain = anonymous(client, "/pratiques/")
    assert plain[HEADER] == "hit" and "Content-Encoding" not in plain
    assert plain.content == gzip.decompress(compressed.content)
    assert plain["ETag"] == compressed["ETag"].removeprefix("W/")
    assert "Accept-Encoding" in plain["Vary"]


@pytest.mark.parametrize("encoding", ["gzip", ""])
def test_a_hit_answers_304_from_the_cache(client, site_pages, encoding):
    first = anonymous(client, "/", HTTP_ACCEPT_ENCODING=encoding)
    assert anonymous(client, "/", HTTP_ACCEPT_ENCODING=encoding)[HEADER] == "hit"
    for sent in (first["ETag"], first["ETag"].removeprefix("W/"), f'"other", {first["ETag"]}'):
        again = anonymous(client, "/", HTTP_ACCEPT_ENCODING=encoding, HTTP_IF_NONE_MATCH=sent)
        assert again.status_code == 304 and not again.content, sent
        assert again["ETag"] == first["ETag"]
        assert again["Cache-Control"] == "max-age=0, must-revalidate"
    changed = anonymous(client, "/", HTTP_ACCEPT_ENCODING=encoding, HTTP_IF_NONE_MATCH='"other"')
    assert changed.status_code == 200 and changed[HEADER] == "hit"


def test_a_hit_reads_the_cache_once(client, site_pages):
    anonymous(client, "/")
    with recorded_calls(pagecache) as calls:
        hit = anonymous(client, "/")
    assert hit[HEADER] == "hit"
    assert calls == ["get_many"]


def test_a_page_rendered_while_a_change_is_published_is_not_served_after_it(rf, db):
    from django.http import HttpResponse

    from entraide.pagecache import AnonymousPageCacheMiddleware

    rendered = []

    def view(request):
        rendered.append(1)
        if len(rendered) == 1:
            pagecache.invalidate()  # a change published while the first page is rendered
        return HttpResponse("<p>page</p>" * 50, content_type="text/html; charset=utf-8")

    middleware = AnonymousPageCacheMiddleware(view)
    assert middleware(rf.get("/page/"))[HEADER] == "miss"
    assert middleware(rf.get("/page/"))[HEADER] == "miss"  # the first one was out of date
    assert middleware(rf.get("/page/"))[HEADER] == "hit"
    assert len(rendered) == 2


def test_a_hit_carries_the_headers_of_the_page(client, site_pages):
    """A hit's headers are copied from the stored page as they are: the same names and
    values as the page had when it was rendered (but its request id and the cache's word)."""
    miss = anonymous(client, "/pratiques/", HTTP_ACCEPT_ENCODING="gzip")
    hit = anonymous(client, "/pratiques/", HTTP_ACCEPT_ENCODING="gzip")
    assert (miss[HEADER], hit[HEADER]) == ("miss", "hit")

    def headers(response):
        return {
            name: value for name, value in response.items() if name not in ("X-Request-ID", HEADER)
        }

    assert headers(hit) == headers(miss)
    assert hit["X-Request-ID"] != miss["X-Request-ID"]


def test_a_hit_still_answers_412_to_a_failed_if_match(client, site_pages):
    """Django's conditional checks still run on a hit for ``If-Match`` and
    ``If-Unmodified-Since`` (only ``If-None-Match`` was answered by the cache)."""
    first = anonymous(client, "/")
    assert anonymous(client, "/", HTTP_IF_MATCH='"other"').status_code == 412
    matched = anonymous(client, "/", HTTP_IF_MATCH=first["ETag"].removeprefix("W/"))
    assert matched.status_code == 200 and matched[HEADER] == "hit"


def test_the_key_is_worked_out_once_for_the_same_request(client, site_pages, monkeypatch):
    worked_out = []
    original = pagecache._key_for

    def counting(request):
        worked_out.append(request.get_full_path())
        return original(request)

    monkeypatch.setattr(pagecache, "_key_for", counting)
    pagecache.remembered_keys.forget()
    assert anonymous(client, "/")[HEADER] == "miss"
    assert anonymous(client, "/")[HEADER] == "hit"
    assert worked_out == ["/"]
    # Another language, another address: their own keys, and their own pages.
    english = anonymous(client, "/", HTTP_ACCEPT_LANGUAGE="en")
    assert english[HEADER] == "miss" and english["Content-Language"] == "en"
    assert anonymous(client, "/?page=2")[HEADER] == "miss"
    assert worked_out == ["/", "/", "/?page=2"]
    # A long address is worked out each time and not remembered.
    long_path = "/?q=" + "a" * pagecache.RAW_KEY_LENGTH
    remembered = len(pagecache.remembered_keys)
    anonymous(client, long_path)
    assert anonymous(client, long_path)[HEADER] == "hit"
    assert len(pagecache.remembered_keys) == remembered and worked_out.count(long_path) == 2


def test_the_remembered_keys_are_bounded(client, site_pages, monkeypatch):
    monkeypatch.setattr(pagecache, "KEYS_REMEMBERED", 3)
    pagecache.remembered_keys.forget()
    for number in range(10):
        anonymous(client, f"/?page={number}")
        assert len(pagecache.remembered_keys) <= 3


def test_djangos_etag_check_runs_on_a_miss_and_not_on_a_hit(client, site_pages, monkeypatch):
    """``entraide.pagecache.ConditionalGetMiddleware`` leaves a hit alone (the cache compared
    its ETag already) and checks a rendered page as Django's does."""
    checked = []
    original = django_http.get_conditional_response

    def counting(request, **kwargs):
        checked.append(request.path)
        return original(request, **kwargs)

    monkeypatch.setattr(django_http, "get_conditional_response", counting)
    assert anonymous(client, "/")[HEADER] == "miss"
    assert checked == ["/"]
    assert anonymous(client, "/")[HEADER] == "hit"
    assert checked == ["/"]
    anonymous(client, "/", HTTP_IF_MATCH='"other"')
    assert checked == ["/", "/"]
