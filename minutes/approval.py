"""What the approval of minutes waits for: the meeting's attendance, recorded after it.

The director's approval task, the editor's status panel, the permission tester and the
workspace home all ask this.
"""


def attendance_recorded(meeting):
    return (
        meeting.attendance_recorded_at is not None
        and meeting.attendances.filter(present=True).exists()
    )
