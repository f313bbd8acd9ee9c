"""Attendance of a meeting: each association's answer, reminding those who have not
answered, and recording who came after the meeting."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import pages, permissions
from ..forms.attendance import AttendanceForm, RecordAttendanceForm
from ..models import AgendaItemKind, Association
from ..services import attendance
from .decorators import coordinator_required, network_member_required
from .meetings import get_meeting


@network_member_required
@require_POST
def answer_attendance(request, slug):
    meeting = get_meeting(slug)
    associations = permissions.attendance_associations(request.user)
    if not associations:
        raise Http404
    if meeting.has_started or meeting.is_cancelled:
        messages.error(
            request, _("The meeting has started or is cancelled: answers can no longer change.")
        )
        return redirect(meeting.url)
    form = AttendanceForm(request.POST, associations=associations)
    if not form.is_valid():
        if "association" in form.errors:
            raise Http404  # an association the person does not answer for
        return render(
            request,
            "workspace/meeting_page.html",
            pages.meeting_context(request, meeting, attendance_form=form),
        )
    data = form.cleaned_data
    attendance.answer_attendance(
        meeting, data["association"], request.user, data["answer"], data.get("people_count")
    )
    messages.success(request, _("Your answer is saved. You can change it until the meeting."))
    return redirect(f"{meeting.url}#presence")


@coordinator_required
@require_POST
def remind_attendance(request, slug):
    meeting = get_meeting(slug)
    summary = attendance.attendance_summary(meeting, Association.objects.active())
    if attendance.remind_attendance(meeting, request.user, summary["missing"]):
        messages.success(
            request,
            _("A reminder goes to the editors of %(count)s association(s) that have not answered.")
            % {"count": len(summary["missing"])},
        )
    else:
        messages.info(request, _("Every association has answered."))
    return redirect(f"{meeting.url}#presence")


@coordinator_required
def record_attendance(request, slug):
    meeting = get_meeting(slug)
    if not meeting.has_started:
        messages.error(request, _("Actual attendance is recorded once the meeting has started."))
        return redirect(meeting.url)
    associations = list(Association.objects.active().order_by("name"))
    answers = {a.association_id: a for a in meeting.attendances.all()}
    initial_presence = {
        pk: (
            a.present_count
            if a.present_count is not None
            else (a.people_count if a.answer == "coming" else None)
        )
        for pk, a in answers.items()
    }
    topic_items = [
        i for i in meeting.agenda_items.select_related("topic") if i.kind == AgendaItemKind.TOPIC
    ]
    form = RecordAttendanceForm(
        request.POST if request.method == "POST" else None,
        associations=associations,
        topic_items=topic_items,
        initial_presence=initial_presence,
    )
    if request.method == "POST" and form.is_valid():
        attendance.record_attendance(meeting, request.user, form.presence(), form.covered())
        messages.success(
            request, _("Attendance recorded. Topics not covered move to the next meeting.")
        )
        return redirect(meeting.url)
    return render(request, "workspace/attendance_record.html", {"meeting": meeting, "form": form})
