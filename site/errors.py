"""What people see when the database is away: a short French page, never a traceback.

A PostgreSQL restart or a dropped connection raises ``OperationalError`` (or
``InterfaceError``) wherever the request happens to query. The middleware turns it into a
503 page that needs neither the database nor the cache to render, and Django's persistent
connections with ``CONN_HEALTH_CHECKS`` reconnect by themselves at the next request once the
database is back: no restart of the web process is needed.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import TemplateDoesNotExist, loader
from django.template.loader import render_to_string
from django.views import defaults

from .observability import current_request_id

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable():
    """The 503 page: rendered without a request, so without any query."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 when a view meets a database that is down or a connection that dropped."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            logger.error(
                "database unavailable on %s %s: %s",
                request.method,
                request.path,
                exception.__class__.__name__,
            )
            return database_unavailable()
        return None


def server_error(request, template_name="500.html"):
    """``handler500``: the same 503 page when a database error escaped a middleware."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return database_unavailable()
    # The page gives the request id, which the error report in the logs carries too.
    try:
        template = loader.get_template(template_name)
    except TemplateDoesNotExist:
        return defaults.server_error(request, template_name=template_name)
    return HttpResponseServerError(template.render({"request_id": current_request_id()}))
