import pytest
from django.urls import reverse

from tests.utils import text
from workspace import roles
from workspace.models import Membership, Role


def membership_of(user):
    return Membership.objects.active().get(user=user)


def test_coordinator_changes_a_role(client_for, coordinator, member_a):
    m = membership_of(member_a)
    response = client_for(coordinator).post(
        reverse("workspace:change_membership", args=[m.pk]), {"role": Role.EDITOR}
    )
    assert response.status_code == 302
    assert membership_of(member_a).role == Role.EDITOR


def test_unknown_role_is_refused_with_a_message(client_for, coordinator, member_a):
    m = membership_of(member_a)
    response = client_for(coordinator).post(
        reverse("workspace:change_membership", args=[m.pk]), {"role": "admin"}, follow=True
    )
    assert "Choisissez l'un des rôles proposés" in text(response)
    assert membership_of(member_a).role == Role.MEMBER


def test_coordinator_ends_a_membership_and_history_is_kept(client_for, coordinator, member_a):
    m = membership_of(member_a)
    client = client_for(coordinator)
    confirm = client.get(reverse("workspace:end_membership", args=[m.pk]))
    assert confirm.status_code == 200
    response = client.post(reverse("workspace:end_membership", args=[m.pk]))
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.ended_at is not None and m.ended_by == coordinator
    assert not member_a.groups.filter(name=roles.NETWORK).exists()
    # The person can be invited back: a new active membership is allowed.
    assert Membership.objects.filter(user=member_a).count() == 1


def test_person_in_two_associations_keeps_network_access_when_one_ends(
    client_for, coordinator, member_a, association_b
):
    from workspace.services import memberships as services

    services.add_membership(member_a, association_b, Role.MEMBER)
    first = Membership.objects.active().get(user=member_a, association__slug="assoc-a")
    client_for(coordinator).post(reverse("workspace:end_membership", args=[first.pk]))
    assert member_a.groups.filter(name=roles.NETWORK).exists()


@pytest.mark.parametrize("who", ["member_a", "editor_a", "agent"])
def test_members_cannot_manage_memberships(client_for, people, who):
    """A member or editor of A cannot change or end B's memberships (nor A's)."""
    client = client_for(people[who])
    for target in ("member_b", "editor_b", "member_a"):
        m = membership_of(people[target])
        assert (
            client.post(
                reverse("workspace:change_membership", args=[m.pk]), {"role": Role.EDITOR}
            ).status_code
            == 403
        )
        assert client.post(reverse("workspace:end_membership", args=[m.pk])).status_code == 403
        assert membership_of(people[target]).role == m.role
    assert client.get(reverse("workspace:memberships")).status_code == 403


def test_association_page_is_for_its_members_and_the_coordinator(client_for, people, association_a):
    url = reverse("workspace:association", args=[association_a.slug])
    expected = {
        "anonymous": 302,
        "member_a": 200,
        "editor_a": 200,
        "member_b": 404,
        "editor_b": 404,
        "agent": 404,
        "coordinator": 200,
    }
    for who, status in expected.items():
        assert client_for(people[who]).get(url).status_code == status, who


def test_memberships_list_query_count_does_not_grow(
    client_for, coordinator, association_a, django_assert_max_num_queries
):
    from tests.factories import AssociationFactory, make_member

    for _i in range(8):
        association = AssociationFactory()
        for _ in range(3):
            make_member(association)
    client = client_for(coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("workspace:memberships")).status_code == 200
