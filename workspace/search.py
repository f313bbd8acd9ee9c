"""What the workspace gives the network search (``entraide.search``): meetings, topics,
discussions and the associations' liaison sheets, as the searcher may see them. The
``entraide_search_providers`` hook of ``workspace.wagtail_hooks`` names them."""

from entraide.search import LIMIT_PER_KIND, Result, excerpt, page_urls, search_models

from . import permissions
from .models import Discussion, MeetingPage
from .services import directory


def meetings(query, user):
    if not permissions.can_view_meetings(user):
        return []
    # Limited in the database (one more than kept, to tell the search it is capped).
    found = list(MeetingPage.objects.live().search(query)[: LIMIT_PER_KIND + 1])
    urls = page_urls(found)
    return [
        Result("meeting", page.title, urls[page.pk], page.date, excerpt(page.practical_info))
        for page in found
        if page.pk in urls
    ]


def topics(query, user):
    if not permissions.can_view_meetings(user):
        return []
    found = search_models(query, permissions.visible_topics(user).select_related("association"))[
        : LIMIT_PER_KIND + 1
    ]
    return [
        Result(
            "topic",
            topic.title,
            topic.get_absolute_url(),
            topic.created_at.date(),
            excerpt(topic.description),
        )
        for topic in found
        if permissions.can_view_topic(user, topic)
    ]


def discussions(query, user):
    if not permissions.is_network_member(user):
        return []
    found = search_models(query, Discussion.objects.select_related("association"))[
        : LIMIT_PER_KIND + 1
    ]
    return [
        Result(
            "discussion", d.title, d.get_absolute_url(), d.created_at.date(), excerpt(d.situation)
        )
        for d in found
        if permissions.can_view_discussion(user, d)
    ]


def associations(query, user):
    """Liaison sheets found by the words of what the searcher may read of them (activity
    words such as "bébé", "couches", "colis", "horaires" included): the sheets are not put in
    a shared index, each search reads the searcher's own ``SheetView``s."""
    words = [w for w in directory.folded(query).split() if len(w) > 1]
    if not words:
        return []
    found = []
    for view in directory.views_for(user):
        text = directory.folded(view.search_text())
        if all(word in text for word in words):
            state = directory.status(view)
            parts = [state["phrase"]] if state else []
            parts += [s.get_activity_display() for s in view.services]
            found.append(
                Result(
                    "association",
                    view.name,
                    view.sheet.get_absolute_url(),
                    None,
                    excerpt(" · ".join(str(p) for p in parts)),
                )
            )
    return found
