"""What the library needs in the database, put in place after every migrate (idempotent),
for every network (each has its own; the first network's keep the names below, another's
are named after it, ``workspace.networks.local_name``):

- ``/pratiques/`` under the home page, public (no view restriction);
- the practices workflow: one review by the *Coordination* group;
- the group of practice writers (every association editor is in it while they are one):
  Wagtail admin access, adding pages under ``/pratiques/``, uploading images and
  documents into the *Pratiques* collection;
- the *Pratiques* collection, where writers' uploads go.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    PageViewRestriction,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from entraide.models import HomePage
from workspace import networks, roles
from workspace.bootstrap import restrict_to_network
from workspace.models import Membership, Network, Role, User

from .models import WORKFLOW_NAME, PracticeIndexPage, Visibility

WRITERS = "Rédaction des pratiques"
COLLECTION = "Pratiques"
TASK_NAME = "Relecture par la coordination"
INDEX_SLUG = "pratiques"
INDEX_TITLE = "Bonnes pratiques du réseau"
INDEX_INTRO = (
    "<p>Les associations du réseau partagent ici leurs modes opératoires. "
    "Chaque fiche suit la trame des fiches RESOLIS : contexte, objectifs, actions, résultats, "
    "difficultés, facteurs de réussite. Dites-le quand vous adoptez une pratique !</p>"
)

WRITER_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
COORDINATOR_COLLECTION_PERMISSIONS = WRITER_COLLECTION_PERMISSIONS + [
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
]


def _permission(app_label, codename):
    return Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()


def ensure_all():
    """The library of every network (of the installation before networks: the only one);
    returns the index of the current network (by default, the first one)."""
    every = list(Network.objects.order_by("pk"))
    if not every:
        return ensure_network()
    wanted = networks.current_or_default()
    found = None
    for network in every:
        with networks.activate(network.pk):
            index = ensure_network()
        if wanted is None or network.pk == wanted.pk:
            found = found or index
    return found


def ensure_network():
    """The current network's library: its index, collection, writers and review."""
    index = ensure_index()
    collection = ensure_collection()
    ensure_groups(index, collection)
    ensure_workflow(index)
    return index


def writers_group(network=None):
    return Group.objects.get_or_create(name=networks.local_name(WRITERS, network))[0]


def ensure_index():
    index = PracticeIndexPage.objects.first()
    if index is not None:
        return index
    home = HomePage.objects.first()
    if home is None:
        return None
    index = PracticeIndexPage(title=INDEX_TITLE, slug=INDEX_SLUG, intro=INDEX_INTRO)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def ensure_collection():
    root = Collection.get_first_root_node()
    if root is None:
        # Wagtail's migration creates the root collection; a flushed database has none.
        root = Collection.add_root(name="Root")
    name = networks.local_name(COLLECTION)
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def ensure_groups(index=None, collection=None):
    writers = writers_group()
    coordinators = roles.group("coordinators")
    access_admin = _permission("wagtailadmin", "access_admin")
    if access_admin is not None:
        writers.permissions.add(access_admin)
    if index is not None:
        add_page = _permission("wagtailcore", "add_page")
        if add_page is not None:
            GroupPagePermission.objects.get_or_create(
                group=writers, page=index, permission=add_page
            )
    if collection is not None:
        for group, wanted in (
            (writers, WRITER_COLLECTION_PERMISSIONS),
            (coordinators, COORDINATOR_COLLECTION_PERMISSIONS),
        ):
            for app_label, codename in wanted:
                permission = _permission(app_label, codename)
                if permission is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=collection, permission=permission
                    )
    sync_all_writers()
    return writers


def ensure_workflow(index=None):
    """The network's review: one task, the network's coordinators; assigned to its index."""
    workflow, _ = Workflow.objects.get_or_create(
        name=networks.local_name(WORKFLOW_NAME), defaults={"active": True}
    )
    if not workflow.workflow_tasks.exists():
        name = networks.local_name(TASK_NAME)
        task = GroupApprovalTask.objects.filter(name=name).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=name)
        task.groups.set([roles.group("coordinators")])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    if index is not None and networks.current() is not None:
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow


# --- Writers follow the memberships ------------------------------------------------------


def sync_writer(user):
    """In each network's writers' group exactly while the person is an editor of one of the
    network's associations."""
    held = set()
    if user.is_active:
        held = set(
            Membership.objects.everywhere()
            .active()
            .filter(user=user, role=Role.EDITOR)
            .values_list("association__network", flat=True)
        )
    every = list(Network.objects.order_by("pk"))
    if not every:
        group = writers_group()
        (user.groups.add if held else user.groups.remove)(group)
        return
    for network in every:
        group = writers_group(network)
        if network.pk in held:
            user.groups.add(group)
        else:
            user.groups.remove(group)


def sync_all_writers():
    """The current network's writers: the editors of its associations."""
    group = writers_group()
    editors = User.objects.filter(
        is_active=True,
        memberships__ended_at__isnull=True,
        memberships__role=Role.EDITOR,
    )
    network = networks.current()
    if network is not None:
        editors = editors.filter(memberships__association__network=network.pk)
    editors = editors.distinct()
    group.user_set.add(*editors)
    group.user_set.remove(*group.user_set.exclude(pk__in=editors.values("pk")))


# --- Readers follow the "who can read it" field --------------------------------------------


def sync_restriction(page):
    """A network-only practice is restricted to the network's groups; a public one is not."""
    if page.visibility == Visibility.PUBLIC:
        PageViewRestriction.objects.filter(page=page).delete()
    else:
        PageViewRestriction.objects.filter(page=page).exclude(
            restriction_type=PageViewRestriction.GROUPS
        ).delete()
        restrict_to_network(page)
