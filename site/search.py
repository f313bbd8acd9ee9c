"""The network search: one query over every kind of object, as the searcher may see it.

Each app gives its providers through the ``entraide_search_providers`` hook
(docs/hooks.md): each searches its own objects and keeps only those the person may see:
pages through ``.live()`` and the app's permission module, models through their indexed
(never confidential) fields and the same permission checks. Results carry a kind and a
date, for the facets.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from itertools import islice

from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail import hooks
from wagtail.models import Site
from wagtail.search.backends import get_search_backend

from workspace import networks

from . import pagecache

LIMIT_PER_KIND = 60


@dataclass
class Result:
    kind: str
    title: str
    url: str
    date: datetime.date | None = None
    excerpt: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def year(self):
        return self.date.year if self.date else None


@dataclass
class Provider:
    kind: str
    label: str
    search: object  # callable(query, user) -> iterable of Result
    order: int = 100
    # callable(user) -> str or None: the level of readers who all get the same results from
    # ``search`` (kept in the cache per query, level and language until what the members'
    # fragments or the public pages show changes); None: not kept for this reader.
    cache_level: object = None


def providers():
    """Every app's providers, in their order (one per kind: the last given wins)."""
    by_kind = {}
    for hook in hooks.get_hooks("entraide_search_providers"):
        for provider in hook():
            by_kind.pop(provider.kind, None)
            by_kind[provider.kind] = provider
    return sorted(by_kind.values(), key=lambda p: p.order)


def search(query, user, kind=None, year=None):
    """Results and facets.

    Facets: {"kinds": [(kind, label, count)], "years": [(year, count)], "capped": [kind]};
    a kind is *capped* when it found more than ``LIMIT_PER_KIND`` results (only that many
    are kept: the person is asked to refine).
    """
    query = (query or "").strip()
    if not query:
        return [], {"kinds": [], "years": [], "capped": []}
    everything, capped = [], []
    every_provider = providers()
    for provider in every_provider:
        found = _found(provider, query, user)
        if len(found) > LIMIT_PER_KIND:
            capped.append(provider.kind)
        everything.extend(found[:LIMIT_PER_KIND])
    kinds = []
    for provider in every_provider:
        count = sum(
            1 for r in everything if r.kind == provider.kind and (year is None or r.year == year)
        )
        if count:
            kinds.append((provider.kind, provider.label, count))
    years = {}
    for result in everything:
        if result.year and (kind is None or result.kind == kind):
            years[result.year] = years.get(result.year, 0) + 1
    results = [
        r
        for r in everything
        if (kind is None or r.kind == kind) and (year is None or r.year == year)
    ]
    return results, {
        "kinds": kinds,
        "years": sorted(years.items(), reverse=True),
        "capped": capped,
    }


def _found(provider, query, user):
    """What ``provider`` finds (one more than kept, to say "refine"), from the cache when the
    provider names the reader's level (``Provider.cache_level``)."""

    def compute():
        return list(islice(provider.search(query, user), LIMIT_PER_KIND + 1))

    level = provider.cache_level(user) if provider.cache_level else None
    if level is None:
        return compute()
    digest = hashlib.sha256(query.encode("utf-8", "replace")).hexdigest()[:32]
    key = f"search:{provider.kind}:{level}:{translation.get_language()}:{digest}"
    return pagecache.remember(key, compute, members=True)


def search_models(query, queryset):
    """Full-text search of a model's queryset with the site's search backend."""
    return get_search_backend().search(query, queryset)


def page_urls(pages):
    """{page pk: url} for many pages from one read of the sites' root paths, as ``page.url``
    gives them (which reads the root paths from the cache once per page)."""
    root_paths = Site.get_site_root_paths()
    current = networks.current_or_default()
    urls = {}
    for page in pages:
        for site_id, root_path, root_url, _language in root_paths:
            if page.url_path.startswith(root_path):
                path = reverse("wagtail_serve", args=(page.url_path[len(root_path) :],))
                # Local on the current network's own site (as ``LocalURLs`` gives them).
                local = len(root_paths) == 1 or (current is not None and site_id == current.site_id)
                urls[page.pk] = path if local else root_url + path
                break
    return urls


def excerpt(text, length=220):
    return Truncator(" ".join(strip_tags(text or "").split())).chars(length)
