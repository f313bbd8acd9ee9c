"""What each app puts in place for every network: the practices' library (index, collection,
writers, review) and the minutes' approval workflow, each network its own."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
)

from minutes import bootstrap as minutes_setup
from minutes.models import WORKFLOW_NAME as MINUTES_WORKFLOW
from minutes.models import DirectorApprovalTask
from practices import bootstrap as practices_setup
from practices.models import WORKFLOW_NAME as PRACTICES_WORKFLOW
from practices.models import PracticeIndexPage
from tests.factories import AssociationFactory, make_member
from workspace import networks, roles
from workspace.models import Role
from workspace.services.networks import create_network

SUFFIX = " — Entraide Tourcoing"


@pytest.fixture
def first(db):
    return networks.default()


@pytest.fixture
def second(db, first):
    return create_network(
        name="Entraide Tourcoing", town="Tourcoing", hostname="tourcoing.localhost"
    )


def index_of(network):
    return PracticeIndexPage.objects.everywhere().get(path__startswith=network.root_path)


def test_each_network_has_its_library_under_its_own_home(first, second):
    a, b = index_of(first), index_of(second)
    assert a.pk != b.pk
    assert b.get_parent().pk == second.site.root_page_id
    assert b.live and b.slug == "pratiques"


def test_each_network_has_its_collection_and_its_writers(first, second):
    assert Collection.objects.filter(name=practices_setup.COLLECTION).count() == 1
    collection_b = Collection.objects.get(name=practices_setup.COLLECTION + SUFFIX)
    writers_a = Group.objects.get(name=practices_setup.WRITERS)
    writers_b = Group.objects.get(name=practices_setup.WRITERS + SUFFIX)
    # B's writers add pages under B's index only; A's never under B's.
    assert set(
        GroupPagePermission.objects.filter(group=writers_b).values_list("page", flat=True)
    ) == {index_of(second).pk}
    assert not GroupPagePermission.objects.filter(group=writers_a, page=index_of(second)).exists()
    assert not GroupCollectionPermission.objects.filter(
        group=writers_a, collection=collection_b
    ).exists()
    assert GroupCollectionPermission.objects.filter(
        group=writers_b, collection=collection_b
    ).exists()
    assert GroupCollectionPermission.objects.filter(
        group=second.coordinators, collection=collection_b
    ).exists()
    assert not GroupCollectionPermission.objects.filter(
        group=first.coordinators, collection=collection_b
    ).exists()


def test_an_editor_writes_in_the_network_of_their_association_only(first, second):
    with networks.activate(second):
        association = AssociationFactory(name="Resto Tourcoing", slug="resto-tourcoing")
    editor = make_member(association, role=Role.EDITOR)
    names = set(editor.groups.values_list("name", flat=True))
    assert practices_setup.WRITERS + SUFFIX in names
    assert practices_setup.WRITERS not in names


def test_each_network_reviews_its_own_practices(first, second):
    workflow_a = Workflow.objects.get(name=PRACTICES_WORKFLOW)
    workflow_b = Workflow.objects.get(name=PRACTICES_WORKFLOW + SUFFIX)
    task_b = workflow_b.tasks.get().specific
    assert list(task_b.groups.all()) == [second.coordinators]
    assert list(workflow_a.tasks.get().specific.groups.all()) == [first.coordinators]
    assert WorkflowPage.objects.get(page=index_of(second)).workflow == workflow_b
    assert index_of(second).get_workflow() == workflow_b
    assert index_of(first).get_workflow() == workflow_a


def test_each_network_approves_its_own_minutes(first, second):
    workflow_b = Workflow.objects.get(name=MINUTES_WORKFLOW + SUFFIX)
    approvals = [t.specific for t in workflow_b.tasks.all()]
    director = [t for t in approvals if isinstance(t, DirectorApprovalTask)]
    assert [list(t.groups.all()) for t in director] == [[second.coordinators]]
    first_director = [
        t.specific
        for t in Workflow.objects.get(name=MINUTES_WORKFLOW).tasks.all()
        if isinstance(t.specific, DirectorApprovalTask)
    ]
    assert [list(t.groups.all()) for t in first_director] == [[roles.group("coordinators", first)]]


def test_the_bootstraps_run_again_without_duplicates(first, second):
    counts = (
        PracticeIndexPage.objects.everywhere().count(),
        Collection.objects.count(),
        Group.objects.count(),
        Workflow.objects.count(),
        GroupPagePermission.objects.count(),
    )
    practices_setup.ensure_all()
    minutes_setup.ensure_all()
    assert counts == (
        PracticeIndexPage.objects.everywhere().count(),
        Collection.objects.count(),
        Group.objects.count(),
        Workflow.objects.count(),
        GroupPagePermission.objects.count(),
    )
