"""Meetings under /reunions/: planning one (or a year of them with the fair rotation),
changing, cancelling, declining to host. The meeting list and each meeting are Wagtail
pages (their context is in ``workspace.pages``)."""

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.dates import format_date as date_format

from .. import permissions
from ..forms.meetings import MeetingForm, PlanSeriesForm, ReasonForm, meeting_initial
from ..models import MeetingPage, MeetingStatus, NetworkSettings
from ..services import meetings, rotation
from .decorators import coordinator_required, login_required, network_member_required


def get_meeting(slug):
    return get_object_or_404(MeetingPage.objects.live().select_related("host"), slug=slug)


@coordinator_required
def plan(request):
    suggestion = rotation.suggest_host()
    next_date = rotation.next_dates(1)[0]
    initial = {**meeting_initial(next_date), "host": suggestion}
    form = MeetingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = meetings.plan_meeting(request.user, **data)
        messages.success(
            request,
            _("The meeting of %(date)s is planned.")
            % {"date": date_format(meeting.date, "DATE_FORMAT")},
        )
        return redirect("meetings:agenda", slug=meeting.slug)
    return render(
        request,
        "workspace/meeting_form.html",
        {"form": form, "ranking": rotation.ranking(), "suggestion": suggestion, "planning": True},
    )


@coordinator_required
def edit_meeting(request, slug):
    meeting = get_meeting(slug)
    initial = {
        "date": meeting.date,
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "host": meeting.host_id or rotation.suggest_host(meeting),
        "venue": meeting.venue,
        "video_url": meeting.video_url,
        "proposal_deadline": meeting.proposal_deadline,
    }
    form = MeetingForm(
        request.POST if request.method == "POST" else None, initial=initial, meeting=meeting
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["proposal_deadline"] = data["proposal_deadline"] or meetings.default_deadline(
            data["date"]
        )
        changed = meetings.update_meeting(meeting, request.user, **data)
        if changed:
            messages.success(request, _("The meeting is updated; calendars will show the change."))
        else:
            messages.info(request, _("Nothing changed."))
        return redirect(meeting.url)
    return render(
        request,
        "workspace/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "ranking": rotation.ranking(meeting),
            "suggestion": rotation.suggest_host(meeting),
        },
    )


@coordinator_required
def cancel_meeting(request, slug):
    meeting = get_meeting(slug)
    if meeting.is_cancelled:
        messages.info(request, _("This meeting is already cancelled."))
        return redirect(meeting.url)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        meetings.cancel_meeting(meeting, request.user, form.cleaned_data["reason"])
        messages.success(
            request,
            _(
                "The meeting is cancelled; the members are told and its topics wait for the next one."
            ),
        )
        return redirect(meeting.url)
    return render(request, "workspace/meeting_cancel.html", {"meeting": meeting, "form": form})


@login_required
def decline_hosting(request, slug):
    meeting = get_meeting(slug)
    if not permissions.can_decline_hosting(request.user, meeting):
        raise Http404
    if meeting.has_started or meeting.is_cancelled:
        messages.error(request, _("It is too late to decline hosting this meeting."))
        return redirect(meeting.url)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        association = meetings.decline_hosting(meeting, request.user, form.cleaned_data["reason"])
        messages.success(
            request,
            _(
                "%(association)s will not host this meeting. The coordination is told and will find another host."
            )
            % {"association": association},
        )
        return redirect(meeting.url)
    return render(request, "workspace/meeting_decline.html", {"meeting": meeting, "form": form})


@network_member_required
def rotation_view(request):
    today = timezone.localdate()
    interval = NetworkSettings.load().meeting_interval_months
    horizon = today + relativedelta(years=1)
    planned = list(
        MeetingPage.objects.live()
        .filter(date__gte=today, date__lte=horizon)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("host")
        .order_by("date")
    )
    wanted = max(0, 12 // interval - len(planned))
    last_planned = planned[-1].date if planned else None
    dates = (
        [d for d in rotation.next_dates(wanted, after=last_planned) if d <= horizon]
        if wanted
        else []
    )
    suggestions = rotation.suggest_series(dates)
    past = (
        MeetingPage.objects.live()
        .filter(date__lt=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("host")
        .order_by("-date")[:24]
    )
    form = PlanSeriesForm(
        request.POST if request.method == "POST" else None, initial={"count": len(suggestions)}
    )
    if request.method == "POST":
        if not permissions.can_plan_meetings(request.user):
            raise PermissionDenied
        if form.is_valid():
            count = form.cleaned_data["count"]
            series = rotation.suggest_series(rotation.next_dates(count, after=last_planned))
            initial = meeting_initial()
            meetings.plan_series(
                request.user,
                series,
                start_time=initial["start_time"],
                end_time=initial["end_time"],
            )
            messages.success(
                request,
                _("%(count)s meetings are planned with the suggested hosts.") % {"count": count},
            )
            return redirect("meetings:rotation")
    return render(
        request,
        "workspace/rotation.html",
        {
            "past": past,
            "planned": planned,
            "suggestions": suggestions,
            "ranking": rotation.ranking(),
            "form": form,
            "can_plan": permissions.can_plan_meetings(request.user),
        },
    )
