"""Anonymous pages kept in each web process too, so that a hit makes no round trip to Redis.

The page cache (``site/pagecache.py``) keeps anonymous visitors' pages in Redis, shared by
every web process, and checks at each hit that the page was rendered under the current
*generation* (a change of public content starts a new one). That check and the page's entry
are one Redis round trip, which was more than half of the CPU time of a hit (``make bench``).

With Redis as the cache, each web process also keeps the pages it served last (at most
``ANONYMOUS_PAGE_CACHE_LOCAL_ENTRIES``) and **knows the current generation without asking**:
:func:`pagecache.invalidate` publishes each new generation on a Redis pub/sub channel, and a
thread of each process listens to it. A hit from this process's pages is served only when

- the listener is connected and has read the generation since it last (re)connected: it
  subscribes first, then reads the generation, so nothing published in between is missed;
- the page was rendered under that generation and its time (the cache's timeout, or less for
  a page that changes with the time, ``request.page_cache_seconds``) is not over.

Otherwise the request goes to Redis as before. A change shows at once in the process that
made it (it knows its new generation before publishing it) and within the time Redis takes
to deliver a message (well under a millisecond here) in the others. When Redis stops or the
listener's connection breaks, this process stops trusting what it kept: it forgets its pages
and reads Redis again (which then fails and pages are rendered as usual) until the listener
is back and has read the generation again. Nothing here runs without Redis (the embedded
default's in-process cache has no round trip to save).

Redis's own client-side caching (``CLIENT TRACKING``, redis-py's ``cache_config``) would do
the same with less code, but redis-py supports it only from Redis 7.4, and Debian 12 (these
machines, and the suite's PostgreSQL + Redis pass) has 7.0.
"""

import logging
import os
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

CHANNEL_NAME = "pagecache:generation-changes"
# The listener's wait for a message before it pings Redis (a connection that died without
# a word is found within about this long; until then, no change is published either).
LISTEN_SECONDS = 5.0


def redis_is_the_cache():
    return "django_redis" in settings.CACHES["default"]["BACKEND"]


def enabled():
    """Whether this process keeps its own copy (with Redis as the cache, unless turned off)."""
    return bool(getattr(settings, "ANONYMOUS_PAGE_CACHE_LOCAL", True) and redis_is_the_cache())


def channel():
    """The channel of this installation: the cache's key prefix and Redis database (channels
    are shared by every database of a Redis server)."""
    database = _client().connection_pool.connection_kwargs.get("db", 0)
    return f"{cache.make_key(CHANNEL_NAME)}:db{database}"


def _client():
    # reason: django-redis is only installed and configured when Redis is the cache.
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def _listener_client():
    """A connection of its own for the listener, that never reconnects by itself: a
    reconnection behind its back could miss a message, so an error ends the subscription
    and the listener starts again from the generation."""
    # reason: as above, redis is only installed and configured when Redis is the cache.
    import redis

    # reason: as above.
    from redis.backoff import NoBackoff

    # reason: as above.
    from redis.retry import Retry

    return redis.Redis.from_url(
        settings.CACHES["default"]["LOCATION"],
        retry=Retry(NoBackoff(), 0),
        socket_connect_timeout=1.0,
        socket_timeout=LISTEN_SECONDS,
    )


def announce(generation):
    """Tells every web process that ``generation`` is the current one (also from a process
    that keeps no copy itself: the Celery worker, a management command)."""
    if not redis_is_the_cache():
        return
    pages.learn(generation, only_if_listening=True)
    try:
        _client().publish(channel(), generation)
    except Exception:  # the cache is down: the listeners lost their connection too
        logger.warning("cache unavailable to announce a generation", exc_info=True)


class LocalPages:
    """One process's pages and what it knows of the generation (``None``: nothing trusted)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries = OrderedDict()
        self._generation = None
        self._pid = None
        self._thread = None
        self._stopping = threading.Event()

    def size(self):
        return getattr(settings, "ANONYMOUS_PAGE_CACHE_LOCAL_ENTRIES", 500)

    # --- what requests ask --------------------------------------------------------------

    def generation(self):
        """The current generation when this process knows it, else ``None``; starts the
        listener in a process that has none yet (a forked worker starts its own)."""
        if self._pid != os.getpid():
            self._start()
            return None
        return self._generation

    def get(self, key, generation):
        """The entry kept under ``key`` when it was rendered under ``generation`` and its
        time is not over."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] != generation or entry[5] <= time.time():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        """Keeps ``entry`` when it was rendered under the generation this process trusts."""
        with self._lock:
            if self._generation is None or entry[0] != self._generation:
                return
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size():
                self._entries.popitem(last=False)

    # --- what the listener (and a change in this process) tells -------------------------

    def learn(self, generation, only_if_listening=False):
        """``generation`` is now the current one (``None``: not known any more).
        ``only_if_listening``: a change made in this process, which it trusts only while its
        listener is connected (with Redis down, it would hear of no other change)."""
        with self._lock:
            if only_if_listening and self._generation is None:
                return
            if generation != self._generation:
                self._entries.clear()
            self._generation = generation

    def forget(self):
        """Trust nothing kept until the listener has read the generation again."""
        self.learn(None)

    def _start(self):
        # reason: imported here, in the request's thread, before the listener's thread uses
        # it (two threads importing redis at once can deadlock on its circular imports).
        import redis.client  # noqa: F401

        with self._lock:
            if self._pid == os.getpid():
                return
            # A new process (or the first request): what the parent kept is not ours.
            self._pid = os.getpid()
            self._entries.clear()
            self._generation = None
            self._stopping = threading.Event()
            self._thread = threading.Thread(
                target=self._listen, args=(self._stopping,), name="entraide-pages", daemon=True
            )
        self._thread.start()

    def stop(self):
        """Stops the listener (tests); the next request starts a new one. The old thread ends
        at its next wake-up, telling nothing any more."""
        self._stopping.set()
        with self._lock:
            self._pid = None
            self._thread = None
            self._entries.clear()
            self._generation = None

    def _listen(self, stopping):
        pause = 0.5
        while not stopping.is_set():
            client = pubsub = None
            try:
                client = _listener_client()
                pubsub = client.pubsub(ignore_subscribe_messages=True)
                pubsub.subscribe(channel())
                # Subscribed first, then the generation read: nothing published between
                # them is missed. ``None`` (no generation yet): the next request that reads
                # Redis starts one and announces it.
                self._heard(stopping, cache.get(_generation_key()))
                pause = 0.5
                while not stopping.is_set():
                    message = pubsub.get_message(timeout=LISTEN_SECONDS)
                    if message is None:
                        pubsub.ping()  # a dead connection raises here
                        continue
                    if message.get("type") == "message":
                        data = message["data"]
                        self._heard(stopping, data.decode() if isinstance(data, bytes) else data)
            except Exception:  # any error of the connection: nothing trusted until back
                self._heard(stopping, None)
                logger.warning("page cache listener disconnected", exc_info=True)
                stopping.wait(pause)
                pause = min(pause * 2, 30)
            finally:
                for closable in (pubsub, client):
                    try:
                        if closable is not None:
                            closable.close()
                    except Exception:  # already broken
                        pass

    def _heard(self, stopping, generation):
        """What the listener heard, unless it was stopped (a newer listener tells now)."""
        with self._lock:
            if stopping.is_set():
                return
            if generation != self._generation:
                self._entries.clear()
            self._generation = generation


def _generation_key():
    # reason: pagecache imports this module.
    from .pagecache import GENERATION_KEY

    return GENERATION_KEY


pages = LocalPages()
