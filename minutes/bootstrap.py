"""What the minutes need in the database, put in place after every migrate (idempotent):
their approval workflow."""

from wagtail.models import Workflow, WorkflowTask

from workspace import roles

from .models import WORKFLOW_NAME, CirculationTask, DirectorApprovalTask


def ensure_workflow():
    """The minutes workflow: circulation for amendments, then the director's approval."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if workflow.workflow_tasks.exists():
        return workflow
    circulation = CirculationTask.objects.create(
        name="Circulation aux associations présentes", days=7
    )
    approval = DirectorApprovalTask.objects.create(
        name="Approbation par le directeur de l'action sociale"
    )
    approval.groups.set([roles.group("coordinators")])
    WorkflowTask.objects.create(workflow=workflow, task=circulation, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=approval, sort_order=1)
    return workflow
