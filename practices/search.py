"""French full-text search of practices, for the library's list and the network search.

On PostgreSQL, Wagtail's database backend uses the ``french_unaccent`` text search
configuration (created by migration 0002, set as ``SEARCH_CONFIG``): "benevole",
"bénévole" and "bénévoles" all become the lexeme ``benevol``. On the embedded SQLite,
each practice also indexes ``search_stems``, its words stemmed with Snowball's French
stemmer and stripped of accents (``practices.stems``), and the query is turned into stems
the same way.
"""

from django.db import connection
from django.urls import reverse

from entraide.search import LIMIT_PER_KIND, Result, excerpt, page_urls
from workspace import networks

from . import elsewhere as elsewhere_module
from .models import RemotePractice
from .permissions import visible_practices
from .stems import stems, words

MAX_RESULTS = 1000


def search_ids(queryset, query, limit=MAX_RESULTS):
    """Primary keys of the practices of ``queryset`` matching ``query``, best first (at most
    ``limit``, limited in the database)."""
    query = (query or "").strip()[:200]
    if not words(query):
        return []
    if connection.vendor == "postgresql":
        results = queryset.search(query, operator="and")
    else:
        results = queryset.search(stems(query), operator="and")
    return [page.pk for page in results[:limit]]


def practices(query, user):
    """The practices in the network search (``/recherche/``), as the searcher may read them."""
    readable = visible_practices(user)
    ids = search_ids(readable, query, limit=LIMIT_PER_KIND + 1)
    pages = {page.pk: page for page in readable.filter(pk__in=ids)}
    urls = page_urls(pages.values())
    return [
        Result(
            "practice",
            pages[pk].title,
            urls[pk],
            pages[pk].first_published_at.date() if pages[pk].first_published_at else None,
            excerpt(pages[pk].summary),
        )
        for pk in ids
        if pk in pages and pk in urls
    ]


def elsewhere(query, user):
    """ "Pratiques d'ailleurs" in the network search: the public practices of this
    installation's other networks, then those read from the feeds this network subscribed
    to. Public everywhere, so the same for every reader of the network."""
    query = (query or "").strip()[:200]
    if not words(query):
        return []
    results = []
    current = networks.current_or_default()
    known = elsewhere_module.other_networks(current)
    if known:
        readable = elsewhere_module.public_practices_elsewhere(current)
        ids = search_ids(readable, query, limit=LIMIT_PER_KIND + 1)
        pages = {page.pk: page for page in readable.filter(pk__in=ids)}
        for pk in ids:
            page = pages.get(pk)
            network = page and elsewhere_module.network_for_path(page.path, known)
            if network is None:
                continue
            results.append(
                Result(
                    "practice_elsewhere",
                    page.title,
                    elsewhere_module.elsewhere_url(network, page),
                    page.first_published_at.date() if page.first_published_at else None,
                    excerpt(f"{network.name} · {page.summary}"),
                )
            )
    remote = RemotePractice.objects.select_related("subscription")
    for stem in stems(query).split():
        remote = remote.filter(search_stems__contains=stem)
    index = reverse("practices:elsewhere")
    for row in remote.order_by("-published_at", "title")[: LIMIT_PER_KIND + 1]:
        source = row.network_name or str(row.subscription)
        results.append(
            Result(
                "practice_elsewhere",
                row.title,
                f"{index}#distante-{row.pk}",
                row.published_at.date() if row.published_at else None,
                excerpt(f"{source} · {row.summary}"),
            )
        )
    return results


def elsewhere_level(user):
    """Everyone reads the same practices from elsewhere (public ones): kept per network."""
    return "public"
