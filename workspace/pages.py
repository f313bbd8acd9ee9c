"""What the workspace's Wagtail pages show: the list of meetings and a meeting.

The page models add this to their ``get_context()``; the attendance view shows the meeting
page again with the refused form. Both pages are for the network (``PermissionDenied``
otherwise, which Wagtail's login redirect or the "refused" page answers).

What other apps show on a meeting's page (its minutes) comes from the
``entraide_meeting_page`` hook.
"""

from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail import hooks

from entraide import pagecache, readercache

from . import permissions
from .forms.attendance import AttendanceForm
from .models import Association, MeetingPage, TopicStatus
from .services import agenda, attendance, comments, rotation


def check_reader(request):
    if not permissions.can_view_meetings(request.user):
        raise PermissionDenied


def meeting_index_context(request, page):
    check_reader(request)
    readercache.keep(request)
    today = timezone.localdate()
    meetings = MeetingPage.objects.live().select_related("host")
    return {
        "page": page,
        "upcoming": meetings.filter(date__gte=today).order_by("date", "start_time"),
        "past": meetings.filter(date__lt=today).order_by("-date")[:30],
        "can_plan": permissions.can_plan_meetings(request.user),
    }


def agenda_html(page, user, show_agenda):
    """The meeting's agenda section, rendered once per reader level and kept in the cache until
    something it shows changes (``entraide_member_fragment_models``): its items, their topics,
    comment counts and presenters, and under "follow-up of actions" the open actions, whose
    confidential ones only the coordination and the associations that attended read."""

    def render():
        items = list(page.agenda_items.select_related("topic", "presenter"))
        rows, overrun = agenda.schedule(page, items)
        counts = comments.count_for([item.topic for item in items if item.topic_id])
        for row in rows:
            row["comments"] = counts.get(row["item"].topic_id, 0)
        agenda.add_follow_up(rows, page, user)
        return render_to_string(
            "workspace/includes/meeting_agenda.html",
            {"page": page, "schedule": rows, "overrun": overrun, "show_agenda": show_agenda},
        )

    if not show_agenda:
        return render_to_string("workspace/includes/meeting_agenda.html", {"page": page})
    key = (
        f"fragment:agenda:{page.pk}:{permissions.fragment_level(user)}:"
        f"{translation.get_language()}:{timezone.localdate().isoformat()}"
    )
    return pagecache.remember(key, render, members=True)


def meeting_context(request, page, attendance_form=None):
    check_reader(request)
    readercache.keep(request)
    user = request.user
    is_coordinator = permissions.is_coordinator(user)
    show_agenda = page.agenda_is_published or is_coordinator

    answerable = [] if page.has_started else permissions.attendance_associations(user)
    if not is_coordinator:
        answerable = [a for a in answerable if a.is_active]
    answers = {}
    if answerable:
        answers = {
            a.association_id: a
            for a in page.attendances.filter(association__in=answerable).select_related(
                "association"
            )
        }
    if attendance_form is None and answerable and not is_coordinator:
        mine = answers.get(answerable[0].pk)
        initial = {"association": answerable[0].pk}
        if mine and mine.answer:
            initial.update(answer=mine.answer, people_count=mine.people_count)
        attendance_form = AttendanceForm(associations=answerable, initial=initial)
    my_answers = [answers[a.pk] for a in answerable if a.pk in answers and answers[a.pk].answer]

    context = {
        "page": page,
        "agenda_html": agenda_html(page, user, show_agenda),
        "show_agenda": show_agenda,
        "is_coordinator": is_coordinator,
        "attendance_form": attendance_form if not is_coordinator else None,
        "my_answers": my_answers,
        "can_decline": permissions.can_decline_hosting(user, page)
        and not page.has_started
        and not page.is_cancelled,
        "declines": page.host_declines.select_related("association"),
    }
    for hook in hooks.get_hooks("entraide_meeting_page"):
        context.update(hook(request, page))
    if is_coordinator:
        context["attendance"] = pagecache.remember(
            # Only the coordination reads it; "active" associations depend on the day.
            f"fragment:attendance:{page.pk}:{timezone.localdate().isoformat()}",
            lambda: attendance.attendance_summary(
                page, Association.objects.active().order_by("name")
            ),
            members=True,
        )
        context["pending_topics"] = page.topics.filter(
            status__in=[TopicStatus.PROPOSED, TopicStatus.DEFERRED]
        ).count()
        if page.host_id is None and not page.is_cancelled:
            context["suggested_host"] = rotation.suggest_host(page)
    return context
