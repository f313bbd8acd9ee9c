"""No model that belongs to a network is listed without the network's filter.

Structural: every concrete model of the project's apps with a path to ``workspace.Network``
(a ``network`` foreign key, a key to something that has one, or a Wagtail page) has a
scoped default manager (``NetworkScopedManager`` / ``NetworkPageManager``), unless it is on
``ALLOWED`` below with the reason. Dynamic: with a second network current, the scoped
managers list no row of the first one.
"""

import pytest
from django.apps import apps
from wagtail.models import Page

from workspace import networks
from workspace.models.networks import Network, NetworkPageManager, NetworkScopedManager

PROJECT_APPS = {"entraide", "workspace", "minutes", "practices"}

# Models with a path to a network whose default manager is not scoped, and why.
ALLOWED = {
    # The network itself and what defines it.
    "workspace.Network": "the networks themselves (the operator lists them)",
    # A person's own rows: the notification centre lists the person's notifications of
    # every network, each saying which network it comes from (issue #17, item 4); the
    # deliveries are the e-mails of those notifications, sent by the tasks.
    "workspace.Notification": "a person's own notifications, of every network they are in",
    "workspace.Delivery": "the e-mails of a person's notifications (read by the tasks)",
    # Children only ever read through their scoped parent (``parent.children`` or
    # ``filter(parent=…)`` with a parent found through its scoped manager).
    "minutes.ActionUpdate": "read through its action (ActionItem, scoped)",
    "minutes.Amendment": "read through its minutes page (scoped)",
    "minutes.DraftReading": "read through its minutes page (filter(minutes=page))",
    "minutes.Erratum": "read through its minutes page",
    "minutes.MinutesSection": "read through its minutes page (filter(minutes=page))",
    "practices.PracticePresentation": "read through its topic or practice",
    "practices.PracticeTag": "taggit's through rows, read through the practice page",
    "workspace.AgendaItem": "read through its meeting (filter(meeting=…))",
    "workspace.CommentDetails": "read through its comment (comment.details)",
    "workspace.DiscussionSupport": "read through its discussion (discussion.supports)",
    "workspace.HostDecline": "read through its meeting (filter(meeting=…))",
    "workspace.ReportRevision": "read through its activity report",
    "workspace.SheetRevision": "read through its liaison sheet",
    "workspace.TopicAttachment": "read through its topic (topic.attachments)",
    "workspace.TopicSupport": "read through its topics (filter(topic=… / topic_id__in=…))",
}


def _network_path(model, seen=()):
    """The first lookup path from ``model`` to Network ("association__network"), or None."""
    if issubclass(model, Page):
        return "<page tree>"
    if len(seen) > 4:
        return None
    for field in model._meta.get_fields():
        if not (field.is_relation and field.concrete and (field.many_to_one or field.one_to_one)):
            continue
        target = field.related_model
        if target is None or target in seen or target is model:
            continue
        if target is Network:
            return field.name
        if target._meta.app_label not in PROJECT_APPS and not issubclass(target, Page):
            continue
        inner = _network_path(target, (*seen, model))
        if inner is not None:
            return f"{field.name}__{inner}"
    return None


def project_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
        and not model._meta.abstract
        and not model._meta.proxy
    ]


def _label(model):
    return f"{model._meta.app_label}.{model.__name__}"


def test_every_model_of_a_network_has_a_scoped_manager():
    missing = []
    for model in project_models():
        label = _label(model)
        if label in ALLOWED or model is Network:
            continue
        path = _network_path(model)
        if path is None:
            continue
        manager = model._default_manager
        if not isinstance(manager, NetworkScopedManager | NetworkPageManager):
            missing.append(f"{label} (to its network: {path}; manager {type(manager).__name__})")
    assert not missing, (
        "models that belong to a network but whose default manager lists every network's "
        "rows (use scoped_manager() / NetworkPageManager from workspace/models/networks.py, "
        "or add them to ALLOWED with the reason):\n" + "\n".join(sorted(missing))
    )


def test_the_allow_list_names_existing_models():
    labels = {_label(model) for model in project_models()}
    assert set(ALLOWED) <= labels, set(ALLOWED) - labels


def scoped_models():
    return [
        model
        for model in project_models()
        if isinstance(model._default_manager, NetworkScopedManager | NetworkPageManager)
    ]


@pytest.mark.django_db
def test_a_scoped_manager_of_network_b_lists_no_row_of_network_a():
    """Every scoped model, with the two-network matrix's objects: B's listing holds no A row."""
    from tests.workspace.networld import build_two_networks

    worlds = build_two_networks()
    a, b = worlds.network_a, worlds.network_b
    wrong, counted = [], 0
    for model in scoped_models():
        manager = model._default_manager
        with networks.activate(None):
            everywhere = manager.everywhere() if hasattr(manager, "everywhere") else manager.all()
            ids_a = set(_ids_in(model, everywhere, a))
        with networks.activate(b):
            listed = set(manager.all().values_list("pk", flat=True))
        counted += len(ids_a)
        if listed & ids_a:
            wrong.append(f"{_label(model)}: {len(listed & ids_a)} rows of {a} listed in {b}")
    assert counted, "the world built no row in network A"
    assert not wrong, "\n".join(wrong)


def _ids_in(model, queryset, network):
    """The ids of ``queryset``'s rows that belong to ``network`` (by the manager's path)."""
    manager = model._default_manager
    if isinstance(manager, NetworkPageManager):
        return queryset.filter(path__startswith=network.root_path).values_list("pk", flat=True)
    from workspace.models.networks import scope

    return scope(queryset, manager.network_path, network).values_list("pk", flat=True)


@pytest.mark.django_db
def test_the_moderation_queue_holds_the_current_networks_comments_only():
    """Comments have no network of their own: the queue follows the commented object's."""
    from tests.factories import AssociationFactory, make_member, make_topic
    from workspace.models import Role
    from workspace.services import comments
    from workspace.services.networks import create_network

    association = AssociationFactory()
    member = make_member(association, Role.MEMBER)
    topic = make_topic(association, member)
    comment = comments.post(topic, member, "Un commentaire du premier réseau.")
    comments.flag(comment, make_member(association, Role.MEMBER), note="à revoir")
    hidden = comments.post(topic, member, "Un autre.")
    hidden.is_public = False
    hidden.save()
    first = networks.default()
    other = create_network(name="Réseau B", town="Tourcoing", hostname="b.localhost")
    with networks.activate(first):
        assert list(comments.reported()) == [comment]
        assert list(comments.hidden()) == [hidden]
    with networks.activate(other):
        assert not comments.reported().exists()
        assert not comments.hidden().exists()
