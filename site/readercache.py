"""A signed-in reader's pages kept whole in the cache, until anything is written.

The pages members read again and again during a meeting (their workspace, the meetings, a
meeting's agenda, the minutes, a topic or a discussion and its comments, a search, the
orientation list) cost 20–40 ms of rendering each, most of it the same for every reader. A
view that may be kept says so with :func:`keep`; its ``GET`` answer is then stored for this reader and served again without
running the view, until:

- **anything is written** to the database (an ``INSERT``, ``UPDATE`` or ``DELETE`` on any
  table but the bookkeeping ones, :data:`IGNORED_TABLES`), by a request, the worker or the
  beat: every kept page of every reader is out of date at once, and again when the
  transaction commits (so a page rendered in between from the old rows is not kept). The
  check is on the SQL itself (a database "execute wrapper"), so a queryset ``update()``, a
  ``bulk_create`` or a raw statement count as much as a model's ``save()``;
- **time passes**: :func:`seconds` (``READER_PAGE_CACHE_SECONDS``, 60 by default), or less
  when the view says so (``request.page_cache_seconds``, as for the anonymous cache);
- the reader signs out or in again (the key holds the session and its CSRF cookie).

What is kept is safe to replay for the same reader only: the request is a ``GET`` or
``HEAD`` of a signed-in person with no message waiting; the answer a 200 HTML page that
sets no cookie. The key holds the network, the language, the address, a hash of the session
key and of the CSRF cookie (the page's forms carry a token of that secret), so one reader's
page is never served to another person nor to another session of the same person. The body
is stored compressed with ``GZipMiddleware``'s random padding against BREACH. A hit still
loads the session and the person (two queries): a session that was ended or a password that
was changed signs the reader out as before. With the cache down, pages are rendered as usual.

Views with side effects for the reader (the circulating minutes record that the reader
opened them) call :func:`keep` only when there is none left to make.
"""

import hashlib
import logging
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.utils import translation

from . import pagecache

logger = logging.getLogger(__name__)

VERSION_KEY = "readercache:version"
HEADER = "X-Entraide-Reader-Cache"
# Written on every request or by the beat without changing what a page shows.
IGNORED_TABLES = frozenset({"django_session"})
IGNORED_PREFIXES = ("axes_", "django_celery_beat_", "django_celery_results_")
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+[`"]?(\w+)', re.IGNORECASE)


def enabled():
    return getattr(settings, "READER_PAGE_CACHE", True)


def seconds():
    return getattr(settings, "READER_PAGE_CACHE_SECONDS", 60)


def keep(request):
    """The view's answer to this ``GET`` may be kept for this reader (see the module)."""
    request.reader_page_cache = True


# --- What makes kept pages out of date ---------------------------------------------


def version():
    """The current version of the readers' kept pages."""
    return pagecache.current_version(VERSION_KEY)


def invalidate():
    """Every kept page is out of date from now on."""
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex[:12], None)
    except Exception:  # the cache is down: nothing is served from it either
        logger.warning("cache unavailable for the readers' pages", exc_info=True)


def _ignored(table):
    return table in IGNORED_TABLES or table.startswith(IGNORED_PREFIXES)


def _pending(connection):
    """True when this transaction already asked for :func:`invalidate` at commit."""
    return any(callback is invalidate for _sids, callback, _robust in connection.run_on_commit)


def watch_writes(execute, sql, params, many, context):
    """The execute wrapper: a write makes every kept page out of date (see the module)."""
    result = execute(sql, params, many, context)
    match = _WRITE.match(sql) if isinstance(sql, str) else None
    if match and not _ignored(match[1].lower()):
        invalidate()
        connection = context["connection"]
        if connection.in_atomic_block and not _pending(connection):
            transaction.on_commit(invalidate, using=connection.alias)
    return result


@receiver(connection_created, dispatch_uid="readercache-watch-writes")
def _watch_connection(sender, connection, **kwargs):
    # A connection object is reused after each reconnection: the wrapper is added once.
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


# --- Serving ----------------------------------------------------------------------


def _has_messages(request):
    if request.COOKIES.get("messages"):  # an emptied cookie holds no message
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.get("_messages"))


def is_cacheable_request(request):
    if not enabled() or request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    if request.path.startswith(("/admin/", "/static/", "/healthz")):
        return False
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and not _has_messages(request))


def _sets_only_the_same_csrf_cookie(request, response):
    """Django sends the CSRF cookie again with every page that holds a form, to renew its
    expiry; a page that sets no other cookie, and this one to the value the reader already
    has, can be replayed (a hit does not renew it: the next page rendered does)."""
    name = settings.CSRF_COOKIE_NAME
    cookies = response.cookies
    if not cookies:
        return True
    return set(cookies) == {name} and cookies[name].value == request.COOKIES.get(name)


def is_cacheable_response(request, response):
    """The view asked for it (:func:`keep`), and the answer is a plain HTML page. Its
    ``Cache-Control`` (Wagtail's ``no-store`` on a restricted page) speaks to browsers and
    proxies, and is replayed to them with the page."""
    if not getattr(request, "reader_page_cache", False):
        return False
    if response.status_code != 200 or response.streaming:
        return False
    if not _sets_only_the_same_csrf_cookie(request, response):
        return False
    if response.has_header("Content-Encoding"):
        return False
    return response.get("Content-Type", "").startswith("text/html")


def key_for(request):
    """Network, language, method, and a hash of the session, the CSRF secret, the host
    (with its port) and the address (the session key itself never goes into a cache key)."""
    language = translation.get_language()
    reader = "|".join(
        (
            request.session.session_key or "",
            request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
            str(request.user.pk),
            request.get_host(),
            request.get_full_path(),
        )
    )
    digest = hashlib.sha256(reader.encode("utf-8", "replace")).hexdigest()
    return f"readercache:v3:{pagecache._network_key()}:{language}:{request.method}:{digest}"


class ReaderPageCacheMiddleware(pagecache.CachedPagesMiddleware):
    """After the session, the person and the messages: a signed-in reader's kept page, under
    the version of the database's writes. The middlewares after this one do not run on a
    hit: their headers (frame options, content security policy) are kept with the page."""

    header = HEADER
    version_key = VERSION_KEY
    padding = 100  # as GZipMiddleware: these pages hold a CSRF token
    cache_control = "private, max-age=0, must-revalidate"

    def is_cacheable_request(self, request):
        return is_cacheable_request(request)

    def is_cacheable_response(self, request, response):
        return is_cacheable_response(request, response)

    def key_for(self, request):
        return key_for(request)

    def version(self):
        return version()

    def seconds(self):
        return seconds()
