"""Wagtail e-mails the submitter when a workflow is approved or rejected. For practices,
the workspace's own notification (``practice_reviewed`` in ``notifications``) says it instead: to
every editor of the association, in the notification centre, by e-mail as each person chose,
with the one-click unsubscribe link. Wagtail's e-mails are kept for other pages."""

from django.contrib.contenttypes.models import ContentType
from wagtail.admin.mail import (
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
)
from wagtail.models import WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected

from .models import PracticePage


def is_practice(workflow_state):
    return workflow_state.content_type_id == ContentType.objects.get_for_model(PracticePage).pk


class NotForPractices:
    def can_handle(self, instance, **kwargs):
        return super().can_handle(instance, **kwargs) and not is_practice(instance)


class ApprovalNotifier(NotForPractices, WorkflowStateApprovalEmailNotifier):
    pass


class RejectionNotifier(NotForPractices, WorkflowStateRejectionEmailNotifier):
    pass


# Wagtail's own notifiers of workflow signals, replaced by ours under Wagtail's dispatch_uids:
# whichever app is ready first, only ours stays connected.
WAGTAIL_NOTIFIERS = [
    (workflow_approved, ApprovalNotifier(), "workflow_state_approved_email_notification"),
    (workflow_rejected, RejectionNotifier(), "workflow_state_rejected_email_notification"),
]


def replace_wagtail_notifiers():
    for signal, notifier, uid in WAGTAIL_NOTIFIERS:
        signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
        signal.connect(notifier, sender=WorkflowState, dispatch_uid=uid)
