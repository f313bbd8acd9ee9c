"""The workspace home (what needs the person's attention) and an association's page."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail import hooks

from entraide import readercache
from entraide.dates import format_date as date_format

from .. import permissions
from ..models import Association, Attendance, Invitation, Topic
from ..models.topics import EDITABLE
from ..notifications.centre import unread_count
from ..services import board, comments, requests
from ..services.meetings import next_open_meeting
from .decorators import login_required


@login_required
def home(request):
    readercache.keep(request)
    access = permissions.access(request.user)
    return render(
        request,
        "workspace/home.html",
        {
            "memberships": access.active_memberships,
            "is_coordinator": access.is_coordinator,
            "is_orientation_agent": access.is_orientation_agent,
            "attention": attention_items(request.user),
            "board_posts": (
                board.recent_open_posts() if permissions.can_view_board(request.user) else None
            ),
            "board_days": board.HOME_DAYS,
        },
    )


def attention_items(user):
    """What needs the person's attention on their workspace home.

    The workspace's own entries, then those of the other apps (actions due, minutes to
    amend or approve, practices to review) from the ``entraide_workspace_attention`` hook.
    """
    items = []
    if permissions.is_coordinator(user):
        pending = Invitation.objects.pending().count()
        if pending:
            items.append(
                {
                    "text": ngettext(
                        "%(count)s invitation waiting for an answer",
                        "%(count)s invitations waiting for an answer",
                        pending,
                    )
                    % {"count": pending},
                    "url": reverse("workspace:invitations"),
                }
            )
        reported = comments.reported().count()
        if reported:
            items.append(
                {
                    "text": ngettext(
                        "%(count)s reported comment to review",
                        "%(count)s reported comments to review",
                        reported,
                    )
                    % {"count": reported},
                    "url": reverse("meetings:moderation"),
                }
            )
    items.extend(meeting_attention(user))
    unread = unread_count(user)
    if unread:
        items.append(
            {
                "text": ngettext(
                    "%(count)s unread notification", "%(count)s unread notifications", unread
                )
                % {"count": unread},
                "url": reverse("notifications:list"),
            }
        )
    for hook in hooks.get_hooks("entraide_workspace_attention"):
        items.extend(hook(user))
    return items


def meeting_attention(user):
    """The next meeting, proposals to answer, attendance still to give."""
    items = []
    if not permissions.can_view_meetings(user):
        return items
    if permissions.is_coordinator(user):
        waiting = Topic.objects.filter(status__in=EDITABLE).count()
        if waiting:
            items.append(
                {
                    "text": ngettext(
                        "%(count)s topic proposal to answer",
                        "%(count)s topic proposals to answer",
                        waiting,
                    )
                    % {"count": waiting},
                    "url": reverse("meetings:topics"),
                }
            )
        overdue = len(requests.overdue_requests())
        if overdue:
            items.append(
                {
                    "text": ngettext(
                        "%(count)s request of an association without an answer for more than two meetings",
                        "%(count)s requests of associations without an answer for more than two meetings",
                        overdue,
                    )
                    % {"count": overdue},
                    "url": reverse("workspace:overdue_requests"),
                }
            )
    meeting = next_open_meeting()
    if meeting is None:
        return items
    items.append(
        {
            "text": _("Next meeting: %(date)s, %(place)s")
            % {
                "date": date_format(meeting.date, "l j F Y"),
                "place": meeting.host.name if meeting.host else _("host to be found"),
            },
            "url": meeting.url,
        }
    )
    answered = set(
        Attendance.objects.filter(meeting=meeting)
        .exclude(answer="")
        .values_list("association_id", flat=True)
    )
    if not permissions.is_coordinator(user):
        for association in permissions.attendance_associations(user):
            if association.pk not in answered:
                items.append(
                    {
                        "text": _(
                            "%(association)s has not said whether it comes to the next meeting"
                        )
                        % {"association": association.name},
                        "url": f"{meeting.url}#presence",
                    }
                )
    return items


@login_required
def association_detail(request, slug):
    association = get_object_or_404(Association, slug=slug)
    if not permissions.can_view_association_workspace(request.user, association):
        raise Http404
    memberships = (
        association.memberships.active().select_related("user").order_by("role", "user__last_name")
    )
    return render(
        request,
        "workspace/association_detail.html",
        {
            "association": association,
            "memberships": memberships,
            "can_manage": permissions.can_manage_memberships(request.user, association),
            **association_page_blocks(request, association),
        },
    )


def association_page_blocks(request, association):
    """What the other apps show on an association's page (its actions, its practices), from
    the ``entraide_association_page`` hook."""
    context = {}
    for hook in hooks.get_hooks("entraide_association_page"):
        context.update(hook(request, association))
    return context
