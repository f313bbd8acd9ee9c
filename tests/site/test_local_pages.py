"""Each web process's own copy of the anonymous pages (site/localpages.py): a hit without a
round trip to Redis, a change in this process or in another one heard at once, nothing
trusted while the listener is not connected, and pages served through a Redis outage."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings as django_settings

from entraide import localpages, pagecache
from entraide.bootstrap import ensure_home_page
from tests.utils import recorded_calls
from tests.workers import PrivateRedis

HEADER = "X-Entraide-Cache"


def entry(generation, seconds=60):
    return (generation, b"<p>page</p>", False, '"etag"', (), time.time() + seconds)


# --- The process's copy itself (no Redis needed) ------------------------------------------


@pytest.fixture
def local():
    pages = localpages.LocalPages()
    pages._pid = os.getpid()  # as if the listener ran: these tests tell it what it heard
    pages.learn("g1")
    return pages


def test_an_entry_is_kept_only_under_the_generation_the_process_trusts(local):
    local.put("a", entry("g0"))  # rendered before a change this process heard of
    assert local.get("a", "g1") is None
    local.put("a", entry("g1"))
    assert local.get("a", "g1") is not None
    local.forget()  # the listener lost its connection
    assert local.generation() is None
    local.put("b", entry("g1"))
    local.learn("g1")
    assert local.get("a", "g1") is None and local.get("b", "g1") is None


def test_a_new_generation_drops_every_kept_page(local):
    local.put("a", entry("g1"))
    local.learn("g2")
    assert local.get("a", "g1") is None and local.get("a", "g2") is None


def test_a_page_past_its_time_is_not_served(local):
    local.put("a", entry("g1", seconds=-1))
    assert local.get("a", "g1") is None


def test_the_copy_keeps_at_most_the_set_number_of_pages(local, settings):
    settings.ANONYMOUS_PAGE_CACHE_LOCAL_ENTRIES = 3
    for name in "abcd":
        local.put(name, entry("g1"))
    local.get("b", "g1")  # read lately: kept
    local.put("e", entry("g1"))
    assert [name for name in "abcde" if local.get(name, "g1")] == ["b", "d", "e"]


def test_a_forked_process_trusts_nothing_of_its_parent(local, monkeypatch):
    local.put("a", entry("g1"))
    started = []
    monkeypatch.setattr(localpages.LocalPages, "_listen", lambda self, stopping: started.append(1))
    monkeypatch.setattr(localpages.os, "getpid", lambda: -1)
    assert local.generation() is None
    local._thread.join(5)
    assert started == [1]
    assert local.get("a", "g1") is None


def test_without_redis_there_is_no_local_copy(settings):
    settings.ANONYMOUS_PAGE_CACHE_LOCAL = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert not localpages.enabled()  # the embedded default's cache is in the process already
    assert pagecache.AnonymousPageCacheMiddleware(lambda request: None).local() is None


# --- With Redis (second CI pass) -----------------------------------------------------------


def wait_for(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.fixture
def listening(settings, db):
    settings.ANONYMOUS_PAGE_CACHE_LOCAL = True
    localpages.pages.stop()
    ensure_home_page()
    yield localpages.pages
    localpages.pages.stop()


def anonymous(client, path="/"):
    client.cookies.clear()
    return client.get(path)


def served_from_this_process(client, path="/"):
    """The answer, and whether it was served without a call to the shared cache."""
    with recorded_calls(pagecache) as calls:
        response = anonymous(client, path)
    return response, not calls


@pytest.mark.real_services
def test_a_hit_makes_no_round_trip_once_the_listener_knows_the_generation(client, listening):
    assert anonymous(client)[HEADER] == "miss"
    assert wait_for(lambda: listening.generation() is not None)
    anonymous(client)  # kept by this process now
    response, local = served_from_this_process(client)
    assert response.status_code == 200 and response[HEADER] == "hit" and local
    assert not response.cookies


@pytest.mark.real_services
def test_a_change_in_this_process_shows_at_once(client, listening):
    anonymous(client)
    assert wait_for(lambda: listening.generation() is not None)
    anonymous(client)
    assert served_from_this_process(client)[1]
    pagecache.invalidate()
    assert anonymous(client)[HEADER] == "miss"


@pytest.mark.real_services
def test_a_change_made_by_another_process_is_heard(client, listening):
    anonymous(client)
    assert wait_for(lambda: listening.generation() is not None)
    before = listening.generation()
    anonymous(client)
    assert served_from_this_process(client)[1]
    # Another process (a web worker, the Celery worker) publishes a change.
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from entraide import pagecache; pagecache.invalidate()",
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        check=True,
        timeout=60,
    )
    assert wait_for(lambda: listening.generation() not in (None, before))
    assert anonymous(client)[HEADER] == "miss"


@pytest.mark.real_services
def test_through_a_redis_outage_pages_are_served_and_nothing_kept_is_trusted(
    client, listening, settings
):
    redis = PrivateRedis()
    redis.start()
    try:
        cache = dict(django_settings.CACHES["default"])
        settings.CACHES = {"default": {**cache, "LOCATION": redis.url}}
        assert anonymous(client)[HEADER] == "miss"
        assert wait_for(lambda: listening.generation() is not None)
        anonymous(client)
        assert served_from_this_process(client)[1]

        redis.stop()
        assert wait_for(lambda: listening.generation() is None)
        response, local = served_from_this_process(client)
        assert response.status_code == 200 and not local  # rendered, not the kept copy

        redis.start()  # back, empty: the listener reads (or waits for) a new generation
        assert anonymous(client).status_code == 200
        assert wait_for(lambda: listening.generation() is not None, seconds=40)
        anonymous(client)
        assert served_from_this_process(client)[1]
    finally:
        localpages.pages.stop()
        redis.stop()
