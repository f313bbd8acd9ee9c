"""What the library needs in the database, put in place after every migrate (idempotent).

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
    WorkflowTask,
)

from entraide.models import HomePage
from workspace import roles
from workspace.bootstrap import restrict_to_network
from workspace.models import Membership, Role, User

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
    index = ensure_index()
    collection = ensure_collection()
    ensure_groups(index, collection)
    ensure_workflow()
    return index


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
    existing = root.get_children().filter(name=COLLECTION).first()
    return existing or root.add_child(name=COLLECTION)


def ensure_groups(index=None, collection=None):
    writers = Group.objects.get_or_create(name=WRITERS)[0]
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


def ensure_workflow():
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
        if task is None:
            task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.set([roles.group("coordinators")])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


# --- Writers follow the memberships ------------------------------------------------------


def sync_writer(user):
    """In the writers' group exactly while the person is an editor of an association."""
    group = Group.objects.get_or_create(name=WRITERS)[0]
    if user.is_active and Membership.objects.active().filter(user=user, role=Role.EDITOR).exists():
        user.groups.add(group)
    else:
        user.groups.remove(group)


def sync_all_writers():
    group = Group.objects.get_or_create(name=WRITERS)[0]
    editors = User.objects.filter(
        is_active=True,
        memberships__ended_at__isnull=True,
        memberships__role=Role.EDITOR,
    ).distinct()
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
