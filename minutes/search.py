"""What the minutes give the network search: minutes, decisions, action items (the
``entraide_search_providers`` hook of ``minutes.wagtail_hooks`` names them).

Only non-confidential text is indexed (``MinutesPage.search_text``, and confidential
decisions and actions are never indexed), so nobody finds a confidential part.
"""

from entraide.search import LIMIT_PER_KIND, Result, excerpt, page_urls, search_models
from workspace.models import MeetingPage

from . import permissions
from .models import ActionItem, Decision, MinutesPage


def minutes(query, user):
    if not permissions.can_view_minutes(user):
        return []
    # Limited in the database; the meetings (for their dates) and the addresses in bulk.
    found = list(MinutesPage.objects.live().search(query)[: LIMIT_PER_KIND + 1])
    steplen = MinutesPage.steplen
    dates = dict(
        MeetingPage.objects.filter(path__in={page.path[:-steplen] for page in found}).values_list(
            "path", "date"
        )
    )
    urls = page_urls(found)
    return [
        Result(
            "minutes",
            page.title,
            urls[page.pk],
            dates.get(page.path[:-steplen]),
            excerpt(page.search_text),
        )
        for page in found
        if page.pk in urls
    ]


def _live_minutes():
    # The search backend filters on the row's own columns only (not minutes__live): a
    # subquery on the minutes' id.
    return MinutesPage.objects.live().values("pk")


def decisions(query, user):
    if not permissions.can_view_minutes(user):
        return []
    found = search_models(
        query,
        Decision.objects.filter(
            withdrawn=False, confidential=False, minutes_id__in=_live_minutes()
        ).select_related("meeting", "minutes"),
    )[: LIMIT_PER_KIND + 1]
    found = list(found)
    urls = page_urls({d.minutes for d in found})
    return [
        Result(
            "decision",
            excerpt(d.text, 120),
            f"{urls[d.minutes_id]}#decision-{d.pk}",
            d.meeting.date,
            d.section_title,
        )
        for d in found
        if d.minutes_id in urls
    ]


def actions(query, user):
    if not permissions.can_view_minutes(user):
        return []
    found = search_models(
        query,
        ActionItem.objects.filter(
            withdrawn=False, confidential=False, minutes_id__in=_live_minutes()
        ).select_related("meeting", "minutes", "owner"),
    )[: LIMIT_PER_KIND + 1]
    found = list(found)
    urls = page_urls({a.minutes for a in found})
    return [
        Result(
            "action",
            excerpt(a.what, 120),
            f"{urls[a.minutes_id]}#action-{a.pk}",
            a.meeting.date,
            a.owner.name,
        )
        for a in found
        if a.minutes_id in urls
    ]
