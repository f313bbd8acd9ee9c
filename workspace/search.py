"""Search providers of the workspace: meetings and topics (see ``entraide.search``)."""

from django.utils.translation import gettext_lazy as _

from entraide.search import Result, excerpt, register, search_models

from . import permissions
from .models import MeetingPage, Topic


@register("meeting", _("Meetings"), order=10)
def meetings(query, user):
    if not permissions.can_view_meetings(user):
        return []
    found = MeetingPage.objects.live().search(query)
    return [
        Result("meeting", page.title, page.url, page.date, excerpt(page.practical_info))
        for page in found
    ]


@register("topic", _("Topics"), order=20)
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


@register("discussion", _("Discussions"), order=60)
def discussions(query, user):
    from .models import Discussion

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
