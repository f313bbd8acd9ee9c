"""Practices from elsewhere ("Pratiques d'ailleurs"): the public practices of the other
networks of this installation, and those read from other installations' feeds
(``RemotePractice``, see ``practices.remote``).

A practice of another network is shown read-only on this host at a stable address,
``/pratiques/ailleurs/<network slug>/<page id>/``, with its network, licence and citation
and a link to its own address on its network's host (where its images, documents and
questions are). Only live, public practices without a view restriction are ever read
here: a members-only practice of another network is a 404, like an unknown one.
"""

from django.http import Http404

from workspace import networks

from .models import PracticePage, Visibility


def _public(queryset):
    return queryset.live().public().filter(visibility=Visibility.PUBLIC)


def public_practices():
    """The live public practices of every network of the installation."""
    return _public(PracticePage.objects.everywhere())


def public_practices_elsewhere(current):
    """The live public practices of every network but ``current``."""
    queryset = public_practices()
    if current is not None:
        queryset = queryset.exclude(path__startswith=current.root_path)
    return queryset


def other_networks(current=None):
    current = current or networks.current_or_default()
    return [n for n in networks.all_networks() if current is None or n.pk != current.pk]


def network_for_path(path, known):
    for network in known:
        if path.startswith(network.root_path):
            return network
    return None


def elsewhere_practices(limit=None):
    """Public live practices of the other networks, newest first, each with ``.network``."""
    current = networks.current_or_default()
    known = other_networks(current)
    if not known:
        return []
    queryset = (
        public_practices_elsewhere(current)
        .select_related("association")
        .prefetch_related("themes")
        .order_by("-first_published_at", "pk")
    )
    if limit:
        queryset = queryset[:limit]
    rows = []
    for practice in queryset:
        network = network_for_path(practice.path, known)
        if network is None:
            continue
        practice.network = network
        practice.elsewhere_url = elsewhere_url(network, practice)
        rows.append(practice)
    return rows


def elsewhere_url(network, practice):
    # cycle: the URLconf imports the views, which import this module
    from django.urls import reverse

    return reverse("practices:elsewhere_practice", args=[network.slug, practice.pk])


def get_elsewhere(network_slug, pk):
    """The public live practice ``pk`` of the other network ``network_slug``, else 404."""
    current = networks.current_or_default()
    network = next((n for n in other_networks(current) if n.slug == network_slug), None)
    if network is None:
        raise Http404
    practice = (
        public_practices()
        .filter(pk=pk, path__startswith=network.root_path)
        .select_related("association")
        .first()
    )
    if practice is None or practice.get_view_restrictions().exists():
        raise Http404
    practice.network = network
    practice.elsewhere_url = elsewhere_url(network, practice)
    return practice


def original_url(request, practice):
    """The practice's own address, on its network's host (the request's scheme and port)."""
    return networks.address_on(request, practice.network, practice.get_url_parts()[2] or "/")
