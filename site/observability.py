"""One structured log line per request, and a request id that follows it everywhere.

``RequestLogMiddleware`` (first in ``MIDDLEWARE``) takes the id the proxy sent in
``X-Request-ID`` (letters, digits, ``.``, ``_``, ``-``, ``:``, at most 128) or makes one,
sends it back in the response's ``X-Request-ID``, and keeps it in a context variable:
``RequestIdFilter`` puts it on every log record written while the request runs (error reports
of ``django.request`` included) and the 500 page shows it, so a person can quote it. When the
response is ready it logs one line on ``entraide.request``: method, path (never the query
string, which may carry a token), status, duration in milliseconds, number of database
queries, request id, and the user's id when signed in. ``JsonFormatter`` writes every record
as one JSON object per line (``LOG_FORMAT=json``, the default when ``DEBUG`` is off).
"""

import contextvars
import json
import logging
import re
import time
import traceback
import uuid
from datetime import UTC, datetime

from django.db import connections

HEADER = "X-Request-ID"
# Read from ``META``: ``request.headers`` would copy every header of the request first.
META_HEADER = "HTTP_X_REQUEST_ID"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
_request_id = contextvars.ContextVar("request_id", default=None)

logger = logging.getLogger("entraide.request")

# Attributes every LogRecord has: the rest are the ``extra`` fields of the call.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def current_request_id():
    """The id of the request being answered in this thread or task, or ``None``."""
    return _request_id.get()


def request_id_from(value):
    """The proxy's id when it is a plain token, else a new one (never trust its length)."""
    if value and _VALID.match(value):
        return value
    return uuid.uuid4().hex


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.META.get(META_HEADER))
        request.request_id = request_id
        token = _request_id.set(request_id)
        counter = _QueryCounter()
        started = time.perf_counter()
        try:
            with _counting(counter):
                response = self.get_response(request)
            response[HEADER] = request_id
            duration = (time.perf_counter() - started) * 1000
            # Only a user the request already loaded: the log line never queries (the
            # database may be what failed).
            user = getattr(request, "_cached_user", None)
            fields = {
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round(duration, 1),
                "queries": counter.count,
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            }
            # The error itself is reported by django.request (with the same request id).
            level = logging.WARNING if response.status_code >= 500 else logging.INFO
            logger.log(
                level,
                "%s %s %s %.1f ms %d queries",
                fields["method"],
                fields["path"],
                fields["status"],
                duration,
                counter.count,
                extra=fields,
            )
            return response
        finally:
            _request_id.reset(token)


class _counting:
    """Count the queries of every database connection of this thread."""

    def __init__(self, counter):
        self.counter = counter
        self.wrappers = []

    def __enter__(self):
        for connection in connections.all(initialized_only=False):
            wrapper = connection.execute_wrapper(self.counter)
            wrapper.__enter__()
            self.wrappers.append(wrapper)

    def __exit__(self, *exc):
        for wrapper in reversed(self.wrappers):
            wrapper.__exit__(*exc)


class RequestIdFilter(logging.Filter):
    """Every record gets ``request_id`` (``-`` outside a request)."""

    def filter(self, record):
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, extras."""

    def format(self, record):
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in data and not key.startswith("_"):
                data[key] = (
                    value if isinstance(value, str | int | float | bool | None) else str(value)
                )
        data.pop("request", None)  # django.request's HttpRequest: its repr says too much
        if record.exc_info:
            data["exception"] = "".join(traceback.format_exception(*record.exc_info)).strip()
        return json.dumps(data, ensure_ascii=False)
