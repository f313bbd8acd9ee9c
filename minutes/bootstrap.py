"""What the minutes need in the database, put in place after every migrate (idempotent):
their approval workflow, one per network (the director's group is the network's
coordinators; the first network's keeps its name, another's is named after it)."""

from wagtail.models import Workflow, WorkflowTask

from workspace import networks, roles
from workspace.models import Network

from .models import WORKFLOW_NAME, CirculationTask, DirectorApprovalTask


def ensure_all():
    every = list(Network.objects.order_by("pk"))
    if not every:
        return ensure_workflow()
    for network in every:
        with networks.activate(network.pk):
            ensure_workflow()
    return None


def ensure_workflow():
    """The current network's minutes workflow: circulation for amendments, then the
    director's approval (the network's coordinators)."""
    workflow, _ = Workflow.objects.get_or_create(
        name=networks.local_name(WORKFLOW_NAME), defaults={"active": True}
    )
    if workflow.workflow_tasks.exists():
        return workflow
    circulation = CirculationTask.objects.create(
        name=networks.local_name("Circulation aux associations présentes"), days=7
    )
    approval = DirectorApprovalTask.objects.create(
        name=networks.local_name("Approbation par le directeur de l'action sociale")
    )
    approval.groups.set([roles.group("coordinators")])
    WorkflowTask.objects.create(workflow=workflow, task=circulation, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=approval, sort_order=1)
    return workflow
