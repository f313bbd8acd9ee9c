"""French full-text search of practices.

On PostgreSQL, Wagtail's database backend uses the ``french_unaccent`` text search
configuration (created by migration 0002, set as ``SEARCH_CONFIG``): "benevole",
"bénévole" and "bénévoles" all become the lexeme ``benevol``. On the embedded SQLite,
each practice also indexes ``search_stems``, its words stemmed with Snowball's French
stemmer and stripped of accents, and the query is turned into stems the same way.
"""

import re
import unicodedata

import snowballstemmer
from django.db import connection

_stemmer = snowballstemmer.stemmer("french")
WORD = re.compile(r"\w+", re.UNICODE)
MAX_RESULTS = 1000


def unaccent(text):
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def words(text):
    return [word for word in WORD.findall((text or "").lower()) if len(word) > 1 or word.isdigit()]


def stems(text):
    """The distinct unaccented French stems of ``text``, space-separated."""
    seen = dict.fromkeys(unaccent(stem) for stem in _stemmer.stemWords(words(text)))
    return " ".join(stem for stem in seen if stem)


def search_ids(queryset, query):
    """Primary keys of the practices of ``queryset`` matching ``query``, best first."""
    query = (query or "").strip()[:200]
    if not words(query):
        return []
    if connection.vendor == "postgresql":
        results = queryset.search(query, operator="and")
    else:
        results = queryset.search(stems(query), operator="and")
    return [page.pk for page in results[:MAX_RESULTS]]


def register_provider():
    """The practices in the network search (``/recherche/``), as the searcher may read them."""
    from django.utils.translation import gettext_lazy as _

    from entraide.search import Result, excerpt, register

    @register("practice", _("Practices"), order=35)
    def practices(query, user):
        from .permissions import visible_practices

        readable = visible_practices(user)
        ids = search_ids(readable, query)[:60]
        pages = {page.pk: page for page in readable.filter(pk__in=ids)}
        return [
            Result(
                "practice",
                pages[pk].title,
                pages[pk].url,
                pages[pk].first_published_at.date() if pages[pk].first_published_at else None,
                excerpt(pages[pk].summary),
            )
            for pk in ids
            if pk in pages
        ]

    return practices
