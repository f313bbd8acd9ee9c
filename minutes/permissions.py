"""Who may do what with minutes, decisions and action items."""

from django.db.models import Q
from wagtail.models import PagePermissionTester

from workspace import permissions as workspace_permissions
from workspace.models import Attendance

from .approval import attendance_recorded
from .models import ActionItem


def is_secretary(user, meeting):
    return user.is_authenticated and meeting.secretary_id == user.pk


def attended_meetings(user):
    """The meetings that one of the person's associations attended, as a subquery."""
    ids = workspace_permissions.access(user).association_ids()
    return Attendance.objects.filter(association_id__in=ids, present=True).values("meeting_id")


def attended_meeting_ids(user):
    """Meetings that one of the person's associations attended (read once per request user)."""
    access = workspace_permissions.access(user)
    cached = getattr(access, "_attended", None)
    if cached is None:
        ids = access.association_ids()
        cached = access._attended = (
            set(attended_meetings(user).values_list("meeting_id", flat=True)) if ids else set()
        )
    return cached


def can_see_confidential(user, meeting):
    """The coordination and the associations that attended the meeting."""
    if workspace_permissions.is_coordinator(user):
        return True
    return meeting.pk in attended_meeting_ids(user)


def confidential_filter(user, prefix=""):
    """Q() keeping what ``user`` may see among confidential rows (decisions, actions)."""
    if workspace_permissions.is_coordinator(user):
        return Q()
    if not workspace_permissions.access(user).association_ids():
        return Q(**{f"{prefix}confidential": False})
    # A subquery: the same single query however many meetings the associations attended.
    return Q(**{f"{prefix}confidential": False}) | Q(
        **{f"{prefix}meeting_id__in": attended_meetings(user)}
    )


def visible_actions(user):
    """Action items of published minutes, as ``user`` may see them (confidential ones for the
    coordination and the associations that attended)."""
    return (
        ActionItem.objects.filter(withdrawn=False, minutes__live=True)
        .filter(confidential_filter(user))
        .select_related("owner", "meeting", "minutes")
    )


def can_view_minutes(user):
    return workspace_permissions.can_view_meetings(user)


def search_level(user):
    """The readers who find the same minutes, decisions and actions in the search (only
    what is not confidential is indexed): everyone who reads the minutes."""
    return "minutes-readers" if can_view_minutes(user) else None


def can_draft(user, meeting):
    return workspace_permissions.is_coordinator(user) or is_secretary(user, meeting)


def can_view_revisions(user):
    """The minutes' revisions (and the page tester's coordinator-only actions)."""
    return user.is_active and (user.is_superuser or workspace_permissions.is_coordinator(user))


def can_comment_circulation(user, meeting):
    """During circulation: the associations that attended, the secretary, the coordination."""
    return can_draft(user, meeting) or meeting.pk in attended_meeting_ids(user)


def can_read_draft(user, meeting):
    """Unpublished minutes: whoever drafts them and the associations that attended."""
    return can_comment_circulation(user, meeting)


def can_update_action(user, action):
    if workspace_permissions.is_coordinator(user):
        return True
    return action.owner_id in workspace_permissions.access(user).association_ids()


def can_add_erratum(user):
    return workspace_permissions.is_coordinator(user)


class MinutesPermissionTester(PagePermissionTester):
    """Drafted by the coordinator or the meeting's secretary; published by the coordinator
    once attendance is recorded; frozen after publication (errata only)."""

    def __init__(self, user, page):
        super().__init__(user, page)
        self.meeting = page.get_parent().specific

    def _coordinator(self):
        return can_view_revisions(self.user)

    def _drafter(self):
        return self._coordinator() or (
            self.user.is_active and is_secretary(self.user, self.meeting)
        )

    def can_edit(self):
        if not self.user.is_active or self.page.first_published_at is not None:
            return False
        if self._coordinator():
            return True
        if self._drafter():
            task = self.page.current_workflow_task
            # The secretary writes the draft, not during the director's approval.
            return task is None or task.specific.__class__.__name__ == "CirculationTask"
        return False

    def can_delete(self, ignore_bulk=False):
        return self._coordinator() and self.page.first_published_at is None

    def can_publish(self):
        return self._coordinator() and attendance_recorded(self.meeting)

    def can_unpublish(self):
        return self.user.is_active and self.user.is_superuser

    def can_submit_for_moderation(self):
        return (
            self._drafter()
            and self.page.first_published_at is None
            and super().can_submit_for_moderation()
        )

    def can_view_revisions(self):
        return self._coordinator()

    def can_lock(self):
        return self._coordinator()

    def can_unlock(self):
        return self._coordinator()

    def can_copy(self):
        return False

    def can_move(self):
        return False
