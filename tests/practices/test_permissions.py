"""Who does what with practices, for every role: a generated matrix over the actions."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from practices import permissions
from practices.models import Adoption, PracticePresentation
from tests.practices.test_questions import question_data

ROLES = ["anonymous", "member_a", "editor_a", "member_b", "editor_b", "agent", "coordinator"]

# role: (write, edit A's practice, submit it, approve, adopt it, see network-only, comment, present)
EXPECTED = {
    "anonymous": (False, False, False, False, False, False, False, False),
    "member_a": (False, False, False, False, False, True, True, True),
    "editor_a": (True, True, True, False, False, True, True, True),
    "member_b": (False, False, False, False, False, True, True, False),
    "editor_b": (True, False, False, False, True, True, True, False),
    "agent": (False, False, False, False, False, True, True, False),
    "coordinator": (True, True, True, True, False, True, True, True),
}


def _user(people, role):
    from django.contrib.auth.models import AnonymousUser

    return people[role] or AnonymousUser()


@pytest.mark.parametrize("role", ROLES)
def test_permission_module(people, practice_a, network_practice_a, role):
    user = _user(people, role)
    expected = EXPECTED[role]
    answers = (
        permissions.can_write(user),
        permissions.can_edit(user, practice_a),
        permissions.can_submit(user, practice_a),
        permissions.can_approve(user),
        permissions.can_adopt(user, practice_a),
        permissions.can_view(user, network_practice_a),
        permissions.can_comment(user, practice_a),
        permissions.can_present(user, practice_a),
    )
    assert answers == expected


@pytest.mark.parametrize("role", ROLES)
def test_adopting_through_the_site(people, client_for, practice_a, role):
    client = client_for(people[role])
    response = client.post(
        reverse("practices:adopt", args=[practice_a.pk]),
        {"kind": "same", "note": "", "adopted_on": timezone.localdate().isoformat()},
    )
    adopted = Adoption.objects.filter(practice=practice_a).exists()
    if role == "anonymous":
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    elif role == "editor_b":
        assert response.status_code == 302 and adopted
    elif role == "editor_a":
        assert response.status_code == 400  # its own practice: a message, see test_adoption
    else:
        assert response.status_code == 403
    assert adopted is (role == "editor_b")


@pytest.mark.parametrize("role", ROLES)
def test_asking_a_question_through_the_site(people, client_for, practice_a, role):
    client = client_for(people[role])
    response = client.post(
        reverse("practices:comment", args=[practice_a.pk]),
        question_data(practice_a, "Combien de bénévoles par créneau ?"),
    )
    posted = XtdComment.objects.filter(object_pk=str(practice_a.pk)).exists()
    if role == "anonymous":
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
        assert not posted
    else:
        assert response.status_code == 302
        assert posted


@pytest.mark.parametrize("role", ROLES)
def test_presenting_at_a_meeting_through_the_site(people, client_for, practice_a, role):
    client = client_for(people[role])
    response = client.post(reverse("practices:present", args=[practice_a.pk]), {"topic": ""})
    linked = PracticePresentation.objects.filter(practice=practice_a).exists()
    if role == "anonymous":
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    elif EXPECTED[role][7]:
        assert response.status_code == 302
    else:
        assert response.status_code == 404
    assert linked is EXPECTED[role][7]


@pytest.mark.parametrize("role", ROLES)
def test_network_only_practice_page_by_role(people, client_for, network_practice_a, role):
    response = client_for(people[role]).get(network_practice_a.url)
    assert response.status_code == (200 if EXPECTED[role][5] else 404)


def test_an_ended_membership_loses_network_practices(client_for, member_b, network_practice_a):
    from workspace.services import memberships as services

    services.end_membership(member_b.memberships.get(), None)
    member_b.refresh_from_db()
    assert client_for(member_b).get(network_practice_a.url).status_code == 404


def test_comments_views_of_django_comments_are_not_mounted(client, practice_a):
    for path in ("/comments/", "/comments/post/", f"/comments/cr/1/{practice_a.pk}/"):
        assert client.get(path).status_code == 404
