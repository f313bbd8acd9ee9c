"""What the minutes add to the workspace's pages (registered in ``MinutesConfig.ready``)."""

from . import permissions, services, views
from .models import MinutesPage


def follow_up(meeting, user):
    """Open action items decided at earlier meetings, for the next agenda."""
    entries = []
    for action in services.open_actions_before(meeting):
        hidden = action.confidential and not permissions.can_see_confidential(user, action.meeting)
        entries.append({"action": action, "hidden": hidden})
    return entries


def meeting_page(request, meeting):
    user = request.user
    page = MinutesPage.objects.child_of(meeting).first()
    context = {
        "minutes_enabled": True,
        "minutes_page": page,
        "minutes_live": page is not None and page.live,
        "can_draft_minutes": permissions.can_draft(user, meeting),
        "can_read_draft": page is not None
        and not page.live
        and (
            permissions.can_draft(user, meeting)
            or permissions.can_comment_circulation(user, meeting)
        ),
        "circulating": page is not None
        and not page.live
        and services.circulation_state(page) is not None,
    }
    from workspace.permissions import is_coordinator

    if is_coordinator(user):
        context["secretary_form"] = views.SecretaryForm(initial={"secretary": meeting.secretary_id})
    return context


def association_page(request, association):
    return {"association_actions": views.association_actions(association, request.user)}
