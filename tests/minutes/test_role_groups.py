"""Groups that follow a temporary role: a person is in them exactly while they hold the role.

"Secrétaires de séance" opens the Wagtail admin to the person who drafts one meeting's
minutes; "Rédaction des pratiques" to the editors of an association. A former secretary or
a former editor must lose that access.
"""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from minutes import services
from practices import bootstrap as practices_setup
from tests.factories import make_meeting
from tests.minutes.conftest import publish
from workspace import roles
from workspace.models import Membership, Role
from workspace.services import memberships as workspace_services


def in_group(user, name):
    return Group.objects.filter(name=name, user=user).exists()


def admin_answer(client_for, user):
    return client_for(user).get(reverse("wagtailadmin_home")).status_code


def test_a_named_secretary_gets_the_admin_until_the_minutes_are_published(
    client_for, coordinator, editor_b, held, draft
):
    client_for(coordinator).post(
        reverse("minutes:secretary", args=[held.slug]), {"secretary": editor_b.pk}
    )
    assert in_group(editor_b, roles.SECRETARIES)
    assert admin_answer(client_for, editor_b) == 200
    publish(draft, coordinator)
    assert not in_group(editor_b, roles.SECRETARIES)


def test_a_replaced_secretary_loses_the_group(coordinator, editor_b, member_a, held):
    services.name_secretary(held, editor_b)
    services.name_secretary(held, member_a)
    assert not in_group(editor_b, roles.SECRETARIES)
    assert in_group(member_a, roles.SECRETARIES)
    services.name_secretary(held, None)
    assert not in_group(member_a, roles.SECRETARIES)


def test_a_secretary_of_two_meetings_keeps_the_group_while_one_is_left(
    coordinator, editor_b, held, association_a
):
    other = make_meeting(coordinator, days_ahead=-30, host=association_a)
    services.name_secretary(held, editor_b)
    services.name_secretary(other, editor_b)
    services.name_secretary(held, None)
    assert in_group(editor_b, roles.SECRETARIES)
    services.name_secretary(other, None)
    assert not in_group(editor_b, roles.SECRETARIES)


def test_a_secretary_who_leaves_the_network_loses_the_admin(
    client_for, coordinator, editor_b, held
):
    services.name_secretary(held, editor_b)
    membership = Membership.objects.get(user=editor_b)
    workspace_services.end_membership(membership, coordinator)
    assert not in_group(editor_b, roles.SECRETARIES)
    assert admin_answer(client_for, editor_b) != 200


@pytest.fixture
def writers(db):
    practices_setup.ensure_all()
    return practices_setup.WRITERS


def test_practice_writers_follow_the_editor_role(
    client_for, coordinator, writers, association_a, association_b
):
    from tests.factories import make_member

    person = make_member(association_a, Role.EDITOR, email="redaction@a.exemple.org")
    assert in_group(person, writers)
    assert admin_answer(client_for, person) == 200

    membership = Membership.objects.get(user=person)
    workspace_services.change_role(membership, Role.MEMBER)
    assert not in_group(person, writers)

    workspace_services.change_role(membership, Role.EDITOR)
    assert in_group(person, writers)
    workspace_services.end_membership(membership, coordinator)
    assert not in_group(person, writers)
    assert admin_answer(client_for, person) != 200


def test_an_editor_of_two_associations_stays_a_writer_while_one_is_left(
    coordinator, writers, association_a, association_b
):
    from tests.factories import make_member

    person = make_member(association_a, Role.EDITOR, email="deux@a.exemple.org")
    workspace_services.add_membership(person, association_b, Role.EDITOR)
    workspace_services.end_membership(
        Membership.objects.get(user=person, association=association_a), coordinator
    )
    assert in_group(person, writers)
    workspace_services.end_membership(
        Membership.objects.get(user=person, association=association_b, ended_at=None),
        coordinator,
    )
    assert not in_group(person, writers)
