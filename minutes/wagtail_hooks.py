"""What the minutes plug into the site's plug-in points (docs/hooks.md)."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from entraide import workflow
from entraide.search import Provider
from workspace import networks
from workspace.services.figures import ParticipationColumn

from . import bootstrap, demo, notifications, pages, permissions, search
from .models import ActionItem, ActionStatus, ActionUpdate, Decision, MinutesPage, MinutesSection


@hooks.register("construct_page_action_menu")
def name_the_minutes_submit(menu_items, request, context):
    """ "Faire circuler aux associations présentes", not "Soumettre à Approbation des comptes
    rendus"."""
    if isinstance(context.get("page"), MinutesPage):
        workflow.relabel_submit(
            menu_items,
            _("Circulate to the associations that attended"),
            _("Send again for approval"),
        )


@hooks.register("after_edit_page")
def land_after_submitting_minutes(request, page):
    """After a submit, whoever drafted the minutes reads to whom they circulate and until when."""
    if isinstance(page.specific, MinutesPage) and workflow.submitted_now(request, page):
        meeting = page.get_parent().specific
        return workflow.land(
            request,
            reverse("minutes:submitted", args=[meeting.slug]),
            gettext("Minutes sent to the associations that attended for amendments"),
        )
    return None


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
        Provider(
            "minutes", _("Minutes"), search.minutes, order=30, cache_level=permissions.search_level
        ),
        Provider(
            "decision",
            _("Decisions"),
            search.decisions,
            order=40,
            cache_level=permissions.search_level,
        ),
        Provider(
            "action",
            _("Action items"),
            search.actions,
            order=50,
            cache_level=permissions.search_level,
        ),
    ]


@hooks.register("entraide_member_fragment_models")
def minutes_fragment_models():
    """What the members' cached fragments show of the minutes: their body (sections,
    decisions, actions and their status) and the agendas' follow-up of actions."""
    return [MinutesPage, MinutesSection, Decision, ActionItem, ActionUpdate]


hooks.register("entraide_meeting_page", pages.meeting_page)
hooks.register("entraide_association_page", pages.association_page)
hooks.register("entraide_topic_page", pages.topic_page)
hooks.register("entraide_topic_outcomes", pages.topics_outcome)
hooks.register("entraide_agenda_follow_up", pages.follow_up)
hooks.register("entraide_workspace_attention", pages.attention)
hooks.register("entraide_workspace_attention", pages.workflow_attention)
hooks.register("entraide_demo_loaders", demo.load, order=20)


def actions_done(start, end):
    """Action items done per owner association (marked done between ``start`` and ``end``)."""
    return dict(
        ActionItem.objects.filter(
            status=ActionStatus.DONE,
            withdrawn=False,
            updated_at__date__gte=start,
            updated_at__date__lte=end,
        )
        .values_list("owner_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


@hooks.register("entraide_figures_participation")
def minutes_participation():
    return [ParticipationColumn("actions", _("actions done"), actions_done, 40)]


@hooks.register("entraide_network_created")
def minutes_of_a_new_network(network):
    """A new network's minutes get their approval workflow."""
    with networks.activate(network):
        bootstrap.ensure_workflow()
