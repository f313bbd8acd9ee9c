"""What the minutes plug into the site's plug-in points (docs/hooks.md)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from entraide.search import Provider

from . import demo, notifications, pages, search
from .models import ActionItem, ActionUpdate, Decision, MinutesPage, MinutesSection


@hooks.register("entraide_notification_handlers")
def minutes_notification_handlers():
    return [
        notifications.MinutesPublished,
        notifications.MinutesCirculating,
        notifications.CirculationReminder,
        notifications.ActionDueSoon,
        notifications.ActionOverdue,
    ]


@hooks.register("entraide_search_providers")
def minutes_search_providers():
    return [
        Provider("minutes", _("Minutes"), search.minutes, order=30),
        Provider("decision", _("Decisions"), search.decisions, order=40),
        Provider("action", _("Action items"), search.actions, order=50),
    ]


@hooks.register("entraide_member_fragment_models")
def minutes_fragment_models():
    """What the members' cached fragments show of the minutes: their body (sections,
    decisions, actions and their status) and the agendas' follow-up of actions."""
    return [MinutesPage, MinutesSection, Decision, ActionItem, ActionUpdate]


hooks.register("entraide_meeting_page", pages.meeting_page)
hooks.register("entraide_association_page", pages.association_page)
hooks.register("entraide_topic_page", pages.topic_page)
hooks.register("entraide_agenda_follow_up", pages.follow_up)
hooks.register("entraide_workspace_attention", pages.attention)
hooks.register("entraide_workspace_attention", pages.workflow_attention)
hooks.register("entraide_demo_loaders", demo.load, order=20)
