import logging

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import readercache
from . import search as network_search
from .celery import app

logger = logging.getLogger(__name__)


def _check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _check_cache():
    cache.set("healthz", "ok", timeout=10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return the value just written")


def _check_broker():
    if app.conf.task_always_eager:
        return "eager"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


@never_cache
def healthz(request):
    """State of the database, cache and broker; 503 when one is down.

    Only "ok", "eager" or "down" per component: no host names, URLs or messages.
    """
    checks = {"database": _check_database, "cache": _check_cache, "broker": _check_broker}
    state = {}
    for name, check in checks.items():
        try:
            state[name] = check() or "ok"
        except Exception:  # noqa: BLE001 - any failure means "down"
            logger.warning("healthz: %s is down", name, exc_info=settings.DEBUG)
            state[name] = "down"
    healthy = all(value != "down" for value in state.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", **state}, status=200 if healthy else 503
    )


def csrf_failure(request, reason=""):
    """A French page instead of Django's bare English one when a form has expired."""
    return render(request, "csrf_failure.html", status=403)


RESULTS_PER_PAGE = 20
MAX_QUERY_LENGTH = 200


def search(request):
    """/recherche/: the network search, over what the person may see."""
    readercache.keep(request)
    query = request.GET.get("q", "")
    labels = {p.kind: p.label for p in network_search.providers()}
    kind = request.GET.get("type") if request.GET.get("type") in labels else None
    try:
        year = int(request.GET.get("annee", "")) if request.GET.get("annee") else None
    except ValueError:
        year = None
    if year is not None and not 1900 <= year <= 9999:
        year = None
    # Too long: said, not cut (a shortened query would find something else).
    too_long = len(query) > MAX_QUERY_LENGTH
    if too_long:
        results, facets = [], {"kinds": [], "years": [], "capped": []}
    else:
        results, facets = network_search.search(query, request.user, kind=kind, year=year)
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    shown_capped = [code for code in facets["capped"] if kind is None or code == kind]
    return render(
        request,
        "entraide/search.html",
        {
            "query": query,
            "kind": kind,
            "year": year,
            "results": page,
            "total": len(results),
            "facets": facets,
            "labels": labels,
            "capped_labels": [labels[code] for code in shown_capped],
            "limit": network_search.LIMIT_PER_KIND,
            "too_long": too_long,
            "max_length": MAX_QUERY_LENGTH,
        },
    )
