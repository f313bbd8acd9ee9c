from django.http import Http404
from wagtail import hooks

from . import permissions
from .setup import COLLECTION


@hooks.register("before_serve_page", order=-100)
def hide_network_practices(page, request, serve_args, serve_kwargs):
    """A network-only practice does not exist for anyone outside the network.

    Wagtail would answer a restricted page with a redirect to the login page, which
    tells that the page exists; anonymous visitors get a plain 404 instead.
    """
    from .models import PracticePage

    if isinstance(page, PracticePage) and not permissions.can_view_network_practices(request.user):
        if not page.is_public or page.get_view_restrictions().exists():
            raise Http404


@hooks.register("before_serve_document")
def hide_practice_documents(document, request):
    """Documents of the practices are read through their practice's page, which checks who
    may read it; Wagtail's own address serves them to the network only."""
    collection = getattr(document, "collection", None)
    if collection is not None and collection.name == COLLECTION:
        if not permissions.can_view_network_practices(request.user):
            raise Http404


@hooks.register("construct_explorer_page_queryset")
def hide_other_drafts_in_explorer(parent_page, pages, request):
    """The admin's page explorer (and its menu) lists only the drafts one may edit."""
    return pages.exclude(pk__in=permissions.unreadable_drafts(request.user))


@hooks.register("construct_page_chooser_queryset")
def hide_other_drafts_in_chooser(pages, request):
    """The page chooser (links in rich text) too."""
    return pages.exclude(pk__in=permissions.unreadable_drafts(request.user))
