"""What the minutes give the network search: minutes, decisions, action items (the
``entraide_search_providers`` hook of ``minutes.wagtail_hooks`` names them).

Only non-confidential text is indexed (``MinutesPage.search_text``, and confidential
decisions and actions are never indexed), so nobody finds a confidential part.
"""

from entraide.search import Result, excerpt, search_models

from . import permissions
from .models import ActionItem, Decision, MinutesPage


def minutes(query, user):
    if not permissions.can_view_minutes(user):
        return []
    found = MinutesPage.objects.live().search(query)
    results = []
    for page in found:
        meeting = page.get_parent().specific
        results.append(
            Result("minutes", page.title, page.url, meeting.date, excerpt(page.search_text))
        )
    return results


def decisions(query, user):
    if not permissions.can_view_minutes(user):
        return []
    found = search_models(
        query,
        Decision.objects.filter(withdrawn=False, confidential=False).select_related(
            "meeting", "minutes"
        ),
    )
    return [
        Result(
            "decision", excerpt(d.text, 120), d.get_absolute_url(), d.meeting.date, d.section_title
        )
        for d in found
        if d.minutes.live
    ]


def actions(query, user):
    if not permissions.can_view_minutes(user):
        return []
    found = search_models(
        query,
        ActionItem.objects.filter(withdrawn=False, confidential=False).select_related(
            "meeting", "minutes", "owner"
        ),
    )
    return [
        Result("action", excerpt(a.what, 120), a.get_absolute_url(), a.meeting.date, a.owner.name)
        for a in found
        if a.minutes.live
    ]
