"""Attendance: each association's answer before a meeting, reminders to answer, and the
record of who came and which topics were covered."""

from django.db import transaction
from django.utils import timezone

from .. import notifications
from ..models import AgendaItemKind, Attendance, MeetingStatus, TopicStatus
from .agenda import add_topic_item
from .meetings import next_open_meeting


def answer_attendance(meeting, association, user, answer, people_count=None):
    attendance, _ = Attendance.objects.get_or_create(meeting=meeting, association=association)
    attendance.answer = answer
    attendance.people_count = people_count if answer == "coming" else None
    attendance.answered_by = user
    attendance.answered_at = timezone.now()
    attendance.save()
    return attendance


def attendance_summary(meeting, associations):
    """Answers of every active association, the count of people coming, who did not answer."""
    answers = {a.association_id: a for a in meeting.attendances.all()}
    rows = [
        {"association": association, "attendance": answers.get(association.pk)}
        for association in associations
    ]
    coming = [r for r in rows if r["attendance"] and r["attendance"].answer == "coming"]
    missing = [r["association"] for r in rows if not (r["attendance"] and r["attendance"].answer)]
    return {
        "rows": rows,
        "associations_coming": len(coming),
        "people_coming": sum((r["attendance"].people_count or 1) for r in coming),
        "missing": missing,
    }


def remind_attendance(meeting, user, associations):
    if not associations:
        return None
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    return notifications.emit(
        "attendance_reminder",
        f"meeting:{meeting.pk}:attendance-reminder:{stamp}",
        meeting_id=meeting.pk,
        association_ids=[a.pk for a in associations],
    )


@transaction.atomic
def record_attendance(meeting, user, presence, covered):
    """After the meeting: who came (``{association: count or None}``) and which topics were covered.

    Covered topics become "discussed"; accepted topics not covered roll over to the
    next meeting's agenda (or wait for the next meeting to be planned).
    """
    for association, count in presence.items():
        attendance, _ = Attendance.objects.get_or_create(meeting=meeting, association=association)
        attendance.present = count is not None and count > 0
        attendance.present_count = count or None
        attendance.save(update_fields=["present", "present_count"])
    following = next_open_meeting(after=meeting)
    for item in meeting.agenda_items.select_related("topic"):
        if item.kind != AgendaItemKind.TOPIC:
            continue
        item.covered = item.pk in covered
        item.save(update_fields=["covered"])
        topic = item.topic
        if topic is None or topic.status != TopicStatus.ACCEPTED:
            continue
        if item.covered:
            topic.status = TopicStatus.DISCUSSED
            topic.save(update_fields=["status", "updated_at"])
        else:
            topic.meeting = following
            topic.save(update_fields=["meeting", "updated_at"])
            if following is not None:
                add_topic_item(following, topic)
    meeting.status = MeetingStatus.HELD
    meeting.attendance_recorded_at = timezone.now()
    meeting.save_operational("status", "attendance_recorded_at")
