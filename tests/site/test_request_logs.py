"""One structured line per request, a request id in the response and in every error report."""

import json
import logging

import pytest
from django.test import RequestFactory

from entraide import errors
from entraide.observability import (
    JsonFormatter,
    RequestIdFilter,
    RequestLogMiddleware,
    current_request_id,
    request_id_from,
)


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "entraide.request"]


@pytest.mark.django_db
def test_each_request_logs_one_line_with_its_figures(client, caplog, member_a):
    caplog.set_level(logging.INFO, logger="entraide.request")
    client.force_login(member_a, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/espace/?token=secret")
    assert response.status_code == 200
    (line,) = request_lines(caplog)
    assert line.method == "GET" and line.path == "/espace/" and line.status == 200
    assert line.duration_ms > 0 and line.queries > 0
    assert line.user_id == member_a.pk
    assert line.request_id == response["X-Request-ID"]
    assert "secret" not in line.getMessage()


@pytest.mark.django_db
def test_the_proxy_request_id_is_kept_and_a_bad_one_replaced(client, caplog):
    caplog.set_level(logging.INFO, logger="entraide.request")
    response = client.get("/healthz", headers={"X-Request-ID": "proxy-7f3a.1"})
    assert response["X-Request-ID"] == "proxy-7f3a.1"
    bad = client.get("/healthz", headers={"X-Request-ID": "a b\n<script>" + "x" * 200})
    assert bad["X-Request-ID"] != "proxy-7f3a.1" and len(bad["X-Request-ID"]) == 32
    assert [r.request_id for r in request_lines(caplog)] == ["proxy-7f3a.1", bad["X-Request-ID"]]
    assert current_request_id() is None  # nothing leaks past the request


def test_request_ids_are_plain_tokens():
    assert request_id_from("abc-123") == "abc-123"
    for value in (None, "", "x" * 129, "a b", "é", "a\r\nSet-Cookie: x"):
        assert request_id_from(value) != value


def test_json_lines_carry_the_request_id_and_the_fields():
    record = logging.LogRecord("entraide.request", logging.INFO, "", 0, "GET / 200", (), None)
    record.status, record.duration_ms, record.request_id = 200, 3.2, "req-1"
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-1" and line["status"] == 200
    assert (
        line["duration_ms"] == 3.2 and line["level"] == "INFO" and line["time"].endswith("+00:00")
    )


def test_an_error_report_carries_the_request_id_and_the_500_page_shows_it(caplog):
    """django.request's report of an exception is written while the request runs: same id."""
    reports = []

    class Keep(logging.Handler):
        def emit(self, record):
            RequestIdFilter().filter(record)
            reports.append(JsonFormatter().format(record))

    handler = Keep(level=logging.ERROR)
    logging.getLogger("django.request").addHandler(handler)
    pages = []

    def view(request):
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            logging.getLogger("django.request").error(
                "Internal Server Error: %s",
                request.path,
                exc_info=True,
                extra={"status_code": 500, "request": request},
            )
            response = errors.server_error(request)
            pages.append(response.content.decode())
            return response

    try:
        request = RequestFactory().get("/oups/", headers={"X-Request-ID": "req-500"})
        response = RequestLogMiddleware(view)(request)
    finally:
        logging.getLogger("django.request").removeHandler(handler)
    assert response.status_code == 500 and response["X-Request-ID"] == "req-500"
    report = json.loads(reports[0])
    assert report["request_id"] == "req-500" and "RuntimeError: boom" in report["exception"]
    assert "request" not in report
    assert "req-500" in pages[0]


def test_settings_write_json_in_production(settings):
    from django.conf import settings as site_settings

    handler = site_settings.LOGGING["handlers"]["console"]
    assert handler["filters"] == ["request_id"]
    assert site_settings.MIDDLEWARE[0] == "entraide.observability.RequestLogMiddleware"
