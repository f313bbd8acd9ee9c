"""French full-text search of practices, for the library's list and the network search.

On PostgreSQL, Wagtail's database backend uses the ``french_unaccent`` text search
configuration (created by migration 0002, set as ``SEARCH_CONFIG``): "benevole",
"bénévole" and "bénévoles" all become the lexeme ``benevol``. On the embedded SQLite,
each practice also indexes ``search_stems``, its words stemmed with Snowball's French
stemmer and stripped of accents (``practices.stems``), and the query is turned into stems
the same way.
"""

from django.db import connection

from entraide.search import LIMIT_PER_KIND, Result, excerpt, page_urls

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
