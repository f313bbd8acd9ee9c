"""What the workspace gives the network search (``entraide.search``): meetings, topics and
discussions, as the searcher may see them. The ``entraide_search_providers`` hook of
``workspace.wagtail_hooks`` names them."""

from entraide.search import Result, excerpt, search_models

from . import permissions
from .models import Discussion, MeetingPage, Topic


def meetings(query, user):
    if not permissions.can_view_meetings(user):
        return []
    found = MeetingPage.objects.live().search(query)
    return [
        Result("meeting", page.title, page.url, page.date, excerpt(page.practical_info))
        for page in found
    ]


def topics(query, user):
    if not permissions.can_view_meetings(user):
        return []
    found = search_models(query, Topic.objects.select_related("association"))
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
    found = search_models(query, Discussion.objects.select_related("association"))
    return [
        Result(
            "discussion", d.title, d.get_absolute_url(), d.created_at.date(), excerpt(d.situation)
        )
        for d in found
        if permissions.can_view_discussion(user, d)
    ]
