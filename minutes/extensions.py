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


def attention(user):
    """Open action items of the person's associations, on their workspace home."""
    from django.db.models import Count, Q
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import ngettext

    from workspace.permissions import access

    from .models import OPEN_STATUSES, ActionItem

    ids = access(user).association_ids()
    if not ids:
        return []
    rows = (
        ActionItem.objects.filter(
            owner_id__in=ids, status__in=OPEN_STATUSES, withdrawn=False, minutes__live=True
        )
        .filter(permissions.confidential_filter(user))
        .values("owner__slug", "owner__name")
        .annotate(total=Count("pk"), late=Count("pk", filter=Q(due_date__lt=timezone.localdate())))
        .order_by("owner__name")
    )
    items = []
    for row in rows:
        text = ngettext(
            "%(count)s open action item of %(name)s",
            "%(count)s open action items of %(name)s",
            row["total"],
        ) % {"count": row["total"], "name": row["owner__name"]}
        if row["late"]:
            text += " " + ngettext("(%(late)s overdue)", "(%(late)s overdue)", row["late"]) % {
                "late": row["late"]
            }
        items.append(
            {
                "text": text,
                "url": reverse("workspace:association", args=[row["owner__slug"]])
                + "#actions-title",
            }
        )
    return items


def association_page(request, association):
    return {"association_actions": views.association_actions(association, request.user)}
