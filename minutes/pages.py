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


def workflow_attention(user):
    """Minutes circulating for amendments, and minutes waiting for the director's approval."""
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.timezone import localtime
    from django.utils.translation import gettext as _
    from wagtail.models import TaskState

    from workspace.permissions import is_coordinator

    from .models import CirculationTaskState, DirectorApprovalTask, attendance_recorded

    states = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS,
        workflow_state__content_type=ContentType.objects.get_for_model(MinutesPage),
    ).select_related("workflow_state", "task")
    if not states:
        return []
    pages = {
        page.pk: page
        for page in MinutesPage.objects.filter(
            pk__in=[int(state.workflow_state.object_id) for state in states]
        )
    }
    coordinator = is_coordinator(user)
    items = []
    for state in states:
        page = pages.get(int(state.workflow_state.object_id))
        if page is None:
            continue
        meeting = page.get_parent().specific
        day = date_format(meeting.date, "j F Y")
        specific = state.specific
        if isinstance(specific, CirculationTaskState):
            if not permissions.can_comment_circulation(user, meeting):
                continue
            items.append(
                {
                    "text": _(
                        "The minutes of the meeting of %(date)s circulate for amendments until %(deadline)s"
                    )
                    % {
                        "date": day,
                        "deadline": date_format(localtime(specific.deadline), "j F Y"),
                    },
                    "url": reverse("minutes:draft", args=[meeting.slug]),
                }
            )
        elif coordinator and isinstance(state.task.specific, DirectorApprovalTask):
            if attendance_recorded(meeting):
                items.append(
                    {
                        "text": _("The minutes of the meeting of %(date)s wait for your approval")
                        % {"date": day},
                        "url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                    }
                )
            else:
                items.append(
                    {
                        "text": _(
                            "The minutes of the meeting of %(date)s wait for the attendance record before approval"
                        )
                        % {"date": day},
                        "url": reverse("meetings:record_attendance", args=[meeting.slug]),
                    }
                )
    return items


def association_page(request, association):
    return {"association_actions": views.association_actions(association, request.user)}
