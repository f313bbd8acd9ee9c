"""A page's view restrictions, read once while the page is served.

Serving a restricted page checks its view restrictions (and its ancestors') several times:
our ``before_serve_page`` hook (a signed-in outsider gets the "refused" page), Wagtail's own
check (anonymous visitors go to the login page), and the practices' "is it public" tests.
Each call of ``Page.get_view_restrictions()`` costs two to four queries. The first hook
reads them once, with their groups (``remember``); page models with ``ServedRestrictions``
then answer every later call from that read. Nothing else is cached: a page loaded anywhere
else asks the database as usual.
"""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction


class ServedRestrictions:
    """Mixin for page models (before ``Page``): the restrictions read by ``remember``."""

    def get_view_restrictions(self):
        remembered = getattr(self, "_served_view_restrictions", None)
        if remembered is not None:
            return remembered
        return super().get_view_restrictions()


def view_restrictions(page):
    """What ``Page.get_view_restrictions()`` finds, in one query instead of two: the
    restrictions of the page and its ancestors (of the original page for an alias)."""
    steplen = page.steplen
    paths = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
    pages = Page.objects.filter(path__in=paths)
    return PageViewRestriction.objects.filter(
        Q(page__in=pages.filter(alias_of__isnull=True))
        | Q(page__in=pages.filter(alias_of__isnull=False).values("alias_of"))
    )


def remember(page):
    """Read ``page``'s view restrictions and their groups now, for the rest of serving it."""
    if not isinstance(page, ServedRestrictions):
        return
    restrictions = view_restrictions(page).prefetch_related("groups")
    len(restrictions)  # evaluated once: iterating and .exists() read the result
    page._served_view_restrictions = restrictions
