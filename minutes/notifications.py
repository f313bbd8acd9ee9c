"""Who hears about minutes and action items (see ``workspace.notifications``); the
``entraide_notification_handlers`` hook of ``minutes.wagtail_hooks`` gives these handlers."""

from django.db.models import Q
from django.urls import reverse
from wagtail.models import TaskState

from workspace import permissions as workspace_permissions
from workspace.models import Association, Attendance, Category, Role, User
from workspace.notifications import Handler
from workspace.services.memberships import network_people

from . import permissions
from .models import ActionItem, CirculationTaskState, DraftReading, MinutesPage


class MinutesPublished(Handler):
    kind = "minutes_published"
    template_dir = "minutes/emails"
    category = Category.MINUTES

    def url(self, event):
        page = self.minutes(event)
        return page.url if page else "/reunions/"

    def group(self, event):
        page = self.minutes(event)
        return page.get_parent().title if page else ""

    def minutes(self, event):
        return self.row(MinutesPage.objects.live(), event, "minutes_id")

    def recipients(self, event):
        return network_people() if self.minutes(event) else User.objects.none()

    def may_see(self, event, user):
        return permissions.can_view_minutes(user)

    def context(self, event, user):
        page = self.minutes(event)
        meeting = page.get_parent().specific
        mine = workspace_permissions.access(user).association_ids()
        actions = (
            ActionItem.objects.filter(minutes=page, withdrawn=False, owner_id__in=mine)
            .filter(permissions.confidential_filter(user))
            .select_related("owner")
        )
        return {"page": page, "meeting": meeting, "actions": actions}


class ActionHandler(Handler):
    template_dir = "minutes/emails"
    category = Category.ACTIONS

    def url(self, event):
        action = self.action(event)
        return (
            f"{action.owner.get_absolute_url()}#action-{action.pk}"
            if action
            else "/reunions/actions/"
        )

    def group(self, event):
        action = self.action(event)
        return action.owner.name if action else ""

    def action(self, event):
        return self.row(ActionItem, event, "action_id", "owner", "meeting")

    def recipients(self, event):
        action = self.action(event)
        if action is None or not action.is_open or action.withdrawn:
            return User.objects.none()
        return (
            User.objects.filter(
                Q(memberships__association=action.owner, memberships__ended_at__isnull=True)
                & Q(memberships__role__in=[Role.EDITOR, Role.MEMBER]),
                is_active=True,
            )
            .distinct()
            .order_by("pk")
        )

    def may_see(self, event, user):
        action = self.action(event)
        if action is None or not permissions.can_update_action(user, action):
            return False
        return not action.confidential or permissions.can_see_confidential(user, action.meeting)

    def context(self, event, user):
        return {"action": self.action(event)}


class ActionDueSoon(ActionHandler):
    kind = "action_due_soon"


class ActionOverdue(ActionHandler):
    kind = "action_overdue"


class CirculationHandler(Handler):
    """The draft circulates for amendments: who attended hears of it, with the deadline."""

    template_dir = "minutes/emails"
    category = Category.MINUTES

    def state(self, event):
        state = self.row(CirculationTaskState, event, "state_id", "task")
        if state is None or state.status != TaskState.STATUS_IN_PROGRESS:
            # Ended or sent back to the draft: the news no longer holds.
            return None
        return state

    def minutes(self, event):
        state = self.state(event)
        if state is None:
            return None
        return MinutesPage.objects.filter(pk=int(state.workflow_state.object_id)).first()

    def url(self, event):
        page = self.minutes(event)
        if page is None:
            return "/reunions/"
        return reverse("minutes:draft", args=[page.get_parent().slug])

    def group(self, event):
        page = self.minutes(event)
        return page.get_parent().title if page else ""

    def recipients(self, event):
        """Every member of the associations that attended the meeting."""
        page = self.minutes(event)
        if page is None:
            return User.objects.none()
        attended = Attendance.objects.filter(
            meeting_id=page.get_parent().pk,
            present=True,
            association__in=Association.objects.active(),
        ).values("association_id")
        return (
            User.objects.filter(
                is_active=True,
                memberships__association_id__in=attended,
                memberships__ended_at__isnull=True,
            )
            .distinct()
            .order_by("pk")
        )

    def may_see(self, event, user):
        page = self.minutes(event)
        return page is not None and permissions.can_comment_circulation(
            user, page.get_parent().specific
        )

    def context(self, event, user):
        state = self.state(event)
        page = self.minutes(event)
        return {
            "page": page,
            "meeting": page.get_parent().specific,
            "deadline": state.end,
            "draft_url": self.url(event),
        }


class MinutesCirculating(CirculationHandler):
    kind = "minutes_circulating"


class CirculationReminder(CirculationHandler):
    """Two days before the end: to those who have not opened the draft yet."""

    kind = "circulation_reminder"

    def recipients(self, event):
        page = self.minutes(event)
        if page is None:
            return User.objects.none()
        readers = DraftReading.objects.filter(minutes=page).values("user_id")
        return super().recipients(event).exclude(pk__in=readers)

    def may_see(self, event, user):
        page = self.minutes(event)
        if page is None or DraftReading.objects.filter(minutes=page, user=user).exists():
            return False
        return super().may_see(event, user)
