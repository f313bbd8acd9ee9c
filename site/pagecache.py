"""Anonymous visitors' pages served from the cache, and dropped at once when content changes.

A public page (the home page, the practices, the directory) is the same for every anonymous
visitor of a language, so the rendered answer is kept in the cache (Redis in production) and
served without running the rest of the stack. Only what is safe is kept:

- the request: ``GET`` or ``HEAD``, without a session cookie (nobody signed in; a signed-in
  person's request never reads nor fills the cache) and without pending messages;
- the answer: 200, HTML, no cookie set, nothing marked ``private``/``no-store``/``no-cache``.

Any page that sets a cookie (a form with a CSRF token, a message) is therefore never cached.

Invalidation is by *generation*: every cached page is stored under the current generation;
publishing, changing, moving or unpublishing a page, or saving or deleting a row of a model
that public pages show (the ``entraide_public_models`` hook, docs/hooks.md), starts a new
generation, so every page shows the change at the next request. A page whose content depends
on the time of day (open now / next opening) sets ``request.page_cache_seconds`` to when it
changes. With the cache down, nothing is cached and pages are rendered as usual.

A hit is cheap: the generation and the page's entry are read in one round trip (the entry
carries the generation it was rendered under, instead of the generation being part of its
key), or in none from the web process's own copy (``site/localpages.py``); the entry holds the body already compressed (gzip, once, when it is stored) and its
ETag, so a hit is neither compressed again by ``GZipMiddleware`` nor hashed again by
``ConditionalGetMiddleware``, and a browser that has the page gets its 304 from here. The
middlewares before this one still run on a hit: the request id and its log line, the
security headers (and the HTTPS redirect), the bad-input check, the current network.

Django's own per-site cache middleware does not fit: it keys answers on ``Vary: Cookie`` (so
it would keep signed-in pages, one per session) and has no invalidation but a timeout; the
``wagtail-cache`` package requires Wagtail < 8.
"""

import gzip
import hashlib
import logging
import re
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.http import ConditionalGetMiddleware as DjangoConditionalGetMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags, quote_etag
from django.utils.text import compress_string
from wagtail import hooks

from workspace import networks

from . import localpages

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
MEMBERS_KEY = "pagecache:members-version"
HEADER = "X-Entraide-Cache"
# Headers of the stored answer that are replayed on a hit.
KEPT_HEADERS = {
    "content-type",
    "content-language",
    "content-security-policy",
    "cross-origin-opener-policy",
    "referrer-policy",
    "vary",
    "x-content-type-options",
    "x-frame-options",
    "link",
    "cache-control",
}
# Of those, what a 304 carries (as Django's ``get_conditional_response``).
NOT_MODIFIED_HEADERS = {"cache-control", "vary"}


def timeout():
    return getattr(settings, "ANONYMOUS_PAGE_CACHE_SECONDS", 300)


def current_version(key):
    """The version kept under ``key``, started if none is there (or the cache forgot it)."""
    current = cache.get(key)
    if current is None:
        current = uuid.uuid4().hex[:12]
        if not cache.add(key, current, None):
            current = cache.get(key) or current
        elif key == GENERATION_KEY:
            localpages.announce(current)
    return current


def generation():
    """The current generation of public pages."""
    return current_version(GENERATION_KEY)


def members_version():
    """The version of what members' cached fragments show (agendas, attendance, minutes):
    a new one starts whenever a row of an ``entraide_member_fragment_models`` model changes
    (and when the cache forgot it)."""
    return current_version(MEMBERS_KEY)


def remember(name, compute, seconds=None, members=False):
    """``compute()``, kept in the cache under ``name`` until the next generation (a public
    change) or ``seconds``; with ``members``, also until the next change of what members'
    fragments show (:func:`members_version`). With the cache failing, computed each time.

    ``name`` must hold everything the answer depends on besides those versions: the object,
    the reader's level, the language, the day."""
    try:
        key = f"{name}:{_network_key()}:{generation()}"
        if members:
            key += f":{members_version()}"
        value = cache.get(key)
    except Exception:  # any cache backend's error: the answer is worked out without it
        logger.warning("cache unavailable for %s", name, exc_info=True)
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, seconds or timeout())
        except Exception:  # as above
            logger.warning("cache unavailable for %s", name, exc_info=True)
    return value


def invalidate():
    """Every cached page is out of date from now on: at once, and again when the transaction
    commits (a page rendered in between from the old rows is not kept). Each web process
    hears of the new generation (``site/localpages.py``)."""

    def bump():
        current = uuid.uuid4().hex[:12]
        try:
            cache.set(GENERATION_KEY, current, None)
        except Exception:  # the cache is down: nothing is served from it either
            logger.warning("cache unavailable for the public pages", exc_info=True)
            localpages.pages.forget()
            return
        localpages.announce(current)

    bump()
    transaction.on_commit(bump)


def invalidate_member_fragments():
    """Every cached members' fragment is out of date from now on: at once, and again when the
    transaction commits (a page rendered in between from the old rows is not kept)."""

    def bump():
        try:
            cache.set(MEMBERS_KEY, uuid.uuid4().hex[:12], None)
        except Exception:  # the cache is down: nothing is served from it either
            logger.warning("cache unavailable for the members' fragments", exc_info=True)

    bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump)


_MEMBER_MODELS = None


def shows_to_members(model):
    """True when a row of ``model`` can appear in a members' cached fragment
    (``entraide_member_fragment_models``)."""
    global _MEMBER_MODELS
    if _MEMBER_MODELS is None:
        found = set()
        for hook in hooks.get_hooks("entraide_member_fragment_models"):
            found.update(hook())
        _MEMBER_MODELS = found
    return any(issubclass(model, member_model) for member_model in _MEMBER_MODELS)


def _public_models():
    models = set()
    for hook in hooks.get_hooks("entraide_public_models"):
        models.update(hook())
    return models


_PUBLIC_MODELS = None


def shows_publicly(model):
    """True when a row of ``model`` can appear on an anonymous page."""
    global _PUBLIC_MODELS
    if _PUBLIC_MODELS is None:
        _PUBLIC_MODELS = _public_models()
    return any(issubclass(model, public) for public in _PUBLIC_MODELS)


def is_cacheable_request(request):
    if not getattr(settings, "ANONYMOUS_PAGE_CACHE", True):
        return False
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return False
    return not request.path.startswith(("/admin/", "/static/", "/healthz"))


def is_cacheable_response(response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if response.has_header("Content-Encoding"):  # compressed here, once (``_entry``)
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def _network_key():
    """Each network has its own pages and fragments (``workspace.networks``)."""
    network = networks.current()
    return f"n{network.pk}" if network is not None else "n-"


def key_for(request):
    """The key of a page's entry: network, language, method, host and address. The generation is
    not in the key but in the entry (see ``AnonymousPageCacheMiddleware``), so that a hit
    reads the generation and the page in one round trip, and a new generation overwrites
    the old entry instead of leaving it in the cache until it expires.

    Worked out once per raw request (the headers and cookie it is made of, :func:`_raw_key`)
    and then remembered by this process: the language, the checked host and the hash were
    about a tenth of a hit's time."""
    raw = _raw_key(request)
    key = remembered_keys.get(raw) if raw is not None else None
    if key is None:
        key = _key_for(request)  # raises DisallowedHost for a host not served here
        if raw is not None:
            remembered_keys.put(raw, key)
    return key


KEYS_REMEMBERED = 1000
RAW_KEY_LENGTH = 1000


class RememberedKeys:
    """The keys this process worked out last (``key_for``), by raw request: at most
    ``KEYS_REMEMBERED`` (all forgotten when full), and none for a request whose parts are long
    (``RAW_KEY_LENGTH``: its address, its languages), so that nobody fills the memory."""

    def __init__(self):
        self._keys = {}

    def __len__(self):
        return len(self._keys)

    def get(self, raw):
        return self._keys.get(raw)

    def put(self, raw, key):
        if len(self._keys) >= KEYS_REMEMBERED:
            self._keys.clear()
        self._keys[raw] = key

    def forget(self):
        self._keys.clear()


remembered_keys = RememberedKeys()


def _raw_key(request):
    """Everything ``_key_for`` reads from the request, as it came, or ``None`` when too long."""
    meta = request.META
    raw = (
        _network_key(),
        request.method,
        meta.get("HTTP_X_FORWARDED_HOST"),
        meta.get("HTTP_X_FORWARDED_PORT"),
        meta.get("HTTP_HOST"),
        meta.get("SERVER_NAME"),
        meta.get("SERVER_PORT"),
        request.path,
        meta.get("QUERY_STRING"),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME),
        meta.get("HTTP_ACCEPT_LANGUAGE"),
    )
    if sum(len(part) for part in raw if isinstance(part, str)) > RAW_KEY_LENGTH:
        return None
    return raw


@receiver(setting_changed)
def _forget_keys(**kwargs):
    """The allowed hosts or the languages changed (in tests): keys are worked out again."""
    remembered_keys.forget()


def _key_for(request):
    language = translation.get_language_from_request(request)
    # The host with its port: a page may hold absolute addresses built on them
    # (``networks.address_on``).
    address = request.get_host() + request.get_full_path()
    digest = hashlib.sha256(address.encode("utf-8", "replace")).hexdigest()
    return f"pagecache:v4:{_network_key()}:{language}:{request.method}:{digest}"


# Compressed as GZipMiddleware would (same thresholds), but once, when the page is stored.
GZIP_MINIMUM = 200
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def _entry(
    current_generation,
    response,
    seconds,
    padding=0,
    cache_control="max-age=0, must-revalidate",
):
    """What is stored for a cacheable answer: ``(generation, body, gzipped, etag, headers,
    expires)``, ``expires`` the time (``time.time()``) it is kept until (``seconds`` from now:
    a web process's own copy, ``site/localpages.py``, ends then too).

    The body is compressed here once (gzip), not at every hit by ``GZipMiddleware``, and
    without its random padding against BREACH: BREACH guesses a secret reflected in a
    compressed page, and a page kept here holds none — it was rendered for nobody signed in
    and set no cookie, so it carries no CSRF token nor any session's data
    (``is_cacheable_request``, ``is_cacheable_response``). The ETag is the one
    ``ConditionalGetMiddleware`` would give (a hash of the uncompressed body), weak when the
    body is sent compressed, as ``GZipMiddleware`` makes it.

    ``padding``: up to that many random bytes in the gzip header, as ``GZipMiddleware`` adds
    against BREACH (a signed-in reader's page holds a CSRF token: ``site/readercache.py``).
    """
    content = response.content
    etag = quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())
    gzipped = False
    if len(content) >= GZIP_MINIMUM:
        patch_vary_headers(response, ("Accept-Encoding",))
        compressed = compress_string(content, max_random_bytes=padding)
        if len(compressed) < len(content):
            content, gzipped = compressed, True
    _revalidate(response, cache_control)
    # As ``HttpResponse.headers`` holds them (lower-case name: name and checked value): a hit
    # copies them as they are (``_answer``).
    headers = {
        name.lower(): (name, value)
        for name, value in response.items()
        if name.lower() in KEPT_HEADERS
    }
    return (current_generation, content, gzipped, etag, headers, time.time() + seconds)


def _revalidate(response, cache_control="max-age=0, must-revalidate"):
    if "Cache-Control" not in response:
        # Browsers ask again each time, and get a 304 when nothing changed (ETag).
        response["Cache-Control"] = cache_control


def _as_stored(request, response, entry, header=HEADER):
    """The rendered answer (a miss) sent as a hit will be: the stored compressed body and
    its ETag; its other headers as rendered."""
    _generation, content, gzipped, etag = entry[:4]
    if gzipped and _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
        response.content = content
        response.headers["Content-Length"] = str(len(content))
        response.headers["Content-Encoding"] = "gzip"
        etag = "W/" + etag
    response.headers["ETag"] = etag
    response.headers[header] = "miss"
    return response


def _etag_matches(header, etag):
    """``If-None-Match`` against our ETag, by weak comparison (RFC 9110 13.1.2)."""
    if header.strip() == "*":
        return True
    ours = etag.removeprefix("W/")
    return any(tag.removeprefix("W/") == ours for tag in parse_etags(header))


def _answer(request, entry, state, header=HEADER):
    """The answer for ``entry``: a 304 when the browser has it, else the page, compressed
    when the browser accepts gzip (decompressed for the rare one that does not)."""
    _generation, content, gzipped, etag, headers = entry[:5]
    if gzipped:
        if _ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            etag = "W/" + etag
        else:
            content, gzipped = gzip.decompress(content), False
    none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if none_match and request.method == "GET" and _etag_matches(none_match, etag):
        response = HttpResponseNotModified()
        for lower, (name, value) in headers.items():
            if lower in NOT_MODIFIED_HEADERS:
                response.headers[name] = value
        response.headers["ETag"] = etag
        response.headers[header] = state
    else:
        response = HttpResponse(content)
        # The stored headers were checked when the page was rendered: copied as they are,
        # not set one by one again (each ``__setitem__`` checks and encodes its name and
        # value: half of building a hit's answer). ``_store`` is where
        # ``django.utils.datastructures.CaseInsensitiveMapping`` keeps them (the page cache
        # tests compare a hit's headers with the page's).
        store = response.headers._store
        store.update(headers)
        store["content-length"] = ("Content-Length", str(len(content)))
        if gzipped:
            store["content-encoding"] = ("Content-Encoding", "gzip")
        store["etag"] = ("ETag", etag)
        store[header.lower()] = (header, state)
    response.from_page_cache = state == "hit"
    return response


class CachedPagesMiddleware:
    """Serves a stored page with one cache round trip (the version and the entry read
    together by ``get_many``), its body already compressed and its ETag already computed:
    ``GZipMiddleware`` leaves an answer with a ``Content-Encoding`` alone and
    ``ConditionalGetMiddleware`` one with an ``ETag``. A subclass says which requests and
    answers, under which key and version (:class:`AnonymousPageCacheMiddleware`, and
    ``readercache.ReaderPageCacheMiddleware`` for signed-in readers)."""

    header = HEADER
    version_key = GENERATION_KEY
    # Random bytes in the gzip header against BREACH (none for pages that hold no secret).
    padding = 0
    cache_control = "max-age=0, must-revalidate"

    def __init__(self, get_response):
        self.get_response = get_response

    def is_cacheable_request(self, request):
        return is_cacheable_request(request)

    def is_cacheable_response(self, request, response):
        return is_cacheable_response(response)

    def key_for(self, request):
        return key_for(request)

    def version(self):
        return generation()

    def seconds(self):
        return timeout()

    def local(self):
        """This process's own copy of the pages (``site/localpages.py``), or ``None``."""
        return None

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        local = self.local()
        known = local.generation() if local is not None else None
        try:
            key = self.key_for(request)
            if known is not None:
                entry = local.get(key, known)
                if entry is not None:
                    return _answer(request, entry, "hit", header=self.header)
            found = cache.get_many([self.version_key, key])
            current = found.get(self.version_key) or self.version()
        except DisallowedHost:  # a host not served here: CommonMiddleware answers 400
            return self.get_response(request)
        except Exception:  # any cache backend's error: the page is rendered without it
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == current and entry[5] > time.time():
            if local is not None:
                local.put(key, entry)
            return _answer(request, entry, "hit", header=self.header)
        response = self.get_response(request)
        if not self.is_cacheable_response(request, response):
            return response
        seconds = min(self.seconds(), getattr(request, "page_cache_seconds", self.seconds()))
        if seconds <= 0:
            _revalidate(response, self.cache_control)
            return response
        # Stored under the version read before the page was rendered: a change meanwhile
        # started a new one, so this answer is not served after it.
        entry = _entry(
            current, response, seconds, padding=self.padding, cache_control=self.cache_control
        )
        try:
            cache.set(key, entry, seconds)
        except Exception:  # as above
            logger.warning("page cache unavailable", exc_info=True)
            return response
        if local is not None:
            local.put(key, entry)
        return _as_stored(request, response, entry, header=self.header)


class AnonymousPageCacheMiddleware(CachedPagesMiddleware):
    """Anonymous visitors' public pages, under the generation of public changes. The
    middlewares before this one (the request id and log line, security headers, bad input,
    the network) still run at a hit."""

    def local(self):
        return localpages.pages if localpages.enabled() else None


class ConditionalGetMiddleware(DjangoConditionalGetMiddleware):
    """Django's ``ConditionalGetMiddleware``, which leaves alone an answer served from a cache
    of pages here: it was compared with the browser's ``If-None-Match`` already (``_answer``)
    and carries no ``Last-Modified``. A request with ``If-Match`` or ``If-Unmodified-Since``
    still goes through Django's checks (a 412 where they fail)."""

    def process_response(self, request, response):
        if getattr(response, "from_page_cache", False) and not (
            "HTTP_IF_MATCH" in request.META or "HTTP_IF_UNMODIFIED_SINCE" in request.META
        ):
            return response
        return super().process_response(request, response)
