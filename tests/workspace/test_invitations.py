import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_member
from tests.utils import text
from workspace import roles
from workspace.models import Invitation, Membership, Role, User

INVITE_URL = reverse("workspace:invite")
STRONG = "Un-vrai-mot-de-passe-2026"


def invite(client, association, email="nouvelle@exemple.org", role=Role.EDITOR):
    return client.post(INVITE_URL, {"email": email, "association": association.pk, "role": role})


def link_from_mail(message):
    match = re.search(r"https?://\S+/invitation/\S+/", message.body)
    assert match, message.body
    return match.group(0).split("testserver", 1)[1]


@pytest.fixture
def sent(client_for, coordinator, association_a):
    client = client_for(coordinator)
    response = invite(client, association_a)
    assert response.status_code == 302
    client.logout()
    assert len(mail.outbox) == 1
    return link_from_mail(mail.outbox[0])


def test_coordinator_invites_and_the_invitee_lands_in_the_workspace(client, sent, association_a):
    message = mail.outbox[0]
    assert message.to == ["nouvelle@exemple.org"]
    assert "Invitation à rejoindre Association A" in message.subject
    assert "Bonjour" in message.body  # French mail

    page = client.get(sent)
    assert page.status_code == 200
    assert "Association A" in page.content.decode()

    response = client.post(
        sent,
        {"first_name": "Nora", "last_name": "Vasseur", "password1": STRONG, "password2": STRONG},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:home")
    user = User.objects.get(email="nouvelle@exemple.org")
    assert user.get_full_name() == "Nora Vasseur"
    assert user.check_password(STRONG)
    membership = Membership.objects.get(user=user)
    assert membership.association == association_a and membership.role == Role.EDITOR
    assert user.groups.filter(name=roles.NETWORK).exists()

    workspace = client.get(reverse("workspace:home"))
    assert workspace.status_code == 200
    assert "Association A" in workspace.content.decode()
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == user and invitation.accepted_at is not None


def test_the_token_is_not_stored_in_clear(sent):
    token = sent.rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert token not in str(list(Invitation.objects.values()))


def test_reused_link_gets_a_clear_page(client, sent):
    client.post(
        sent,
        {"first_name": "Nora", "last_name": "Vasseur", "password1": STRONG, "password2": STRONG},
    )
    client.logout()
    again = client.get(sent)
    assert again.status_code == 410
    assert "déjà été utilisée" in again.content.decode()
    repost = client.post(
        sent, {"first_name": "X", "last_name": "Y", "password1": STRONG, "password2": STRONG}
    )
    assert repost.status_code == 410
    assert User.objects.filter(email="nouvelle@exemple.org").count() == 1


def test_expired_link_gets_a_clear_page(client, sent):
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(sent)
    assert response.status_code == 410
    assert "a expiré" in response.content.decode()
    response = client.post(
        sent, {"first_name": "N", "last_name": "V", "password1": STRONG, "password2": STRONG}
    )
    assert response.status_code == 410
    assert not User.objects.filter(email="nouvelle@exemple.org").exists()


@pytest.mark.parametrize("mangle", [lambda t: t[:-3] + "abc", lambda t: t[:10], lambda t: "x" * 43])
def test_tampered_link_gets_a_clear_page(client, sent, mangle):
    token = sent.rstrip("/").rsplit("/", 1)[1]
    response = client.get(f"/invitation/{mangle(token)}/")
    assert response.status_code == 404
    assert "pas valide" in response.content.decode()


def test_a_link_with_a_nul_byte_is_refused_with_a_clear_page(client, sent):
    token = sent.rstrip("/").rsplit("/", 1)[1]
    response = client.get(f"/invitation/{token}%00/")
    assert response.status_code == 400
    assert "Vérifiez l'adresse" in text(response)


def test_withdrawn_invitation_cannot_be_used(client_for, client, sent, coordinator):
    invitation = Invitation.objects.get()
    client_for(coordinator).post(reverse("workspace:withdraw_invitation", args=[invitation.pk]))
    client.logout()
    response = client.get(sent)
    assert response.status_code == 410
    assert "retirée" in response.content.decode()


def test_a_new_invitation_replaces_the_pending_one(client_for, coordinator, association_a, sent):
    client = client_for(coordinator)
    invite(client, association_a)
    client.logout()
    assert client.get(sent).status_code == 410
    assert client.get(link_from_mail(mail.outbox[1])).status_code == 200


def test_bad_password_keeps_what_was_typed(client, sent):
    response = client.post(
        sent, {"first_name": "Nora", "last_name": "Vasseur", "password1": "123", "password2": "124"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Nora"' in html and 'value="Vasseur"' in html
    assert "Les deux mots de passe sont différents" in html
    assert not User.objects.filter(email="nouvelle@exemple.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_invitation_to_an_address_already_member_is_refused(
    client_for, coordinator, association_a, member_a
):
    response = invite(client_for(coordinator), association_a, email=member_a.email.upper())
    assert response.status_code == 200
    html = response.content.decode()
    assert "déjà membre de Association A" in html
    assert 'value="MEMBRE@A.EXEMPLE.ORG"' in html  # what was typed is kept
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_existing_person_joins_a_second_association(
    client_for, client, coordinator, association_a, association_b, member_b
):
    invite(client_for(coordinator), association_a, email=member_b.email, role=Role.MEMBER)
    link = link_from_mail(mail.outbox[0])
    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Se connecter pour accepter" in page.content.decode()

    client_for(member_b)
    assert client.get(link).status_code == 200
    response = client.post(link)
    assert response.status_code == 302
    assert set(
        Membership.objects.active()
        .filter(user=member_b)
        .values_list("association__slug", flat=True)
    ) == {
        "assoc-a",
        "assoc-b",
    }


def test_invitation_opened_while_logged_in_as_someone_else(
    client_for, coordinator, association_a, sent, member_b
):
    response = client_for(member_b).get(sent)
    assert response.status_code == 403
    assert "destinée à une autre personne" in response.content.decode()


@pytest.mark.parametrize("who", ["member_a", "editor_a", "editor_b", "agent"])
def test_only_the_coordinator_invites(client_for, people, association_a, who):
    client = client_for(people[who])
    assert client.get(INVITE_URL).status_code == 403
    assert invite(client, association_a).status_code == 403
    assert not Invitation.objects.exists()


def test_anonymous_visitor_is_sent_to_login(client, association_a):
    response = client.get(INVITE_URL)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_invitation_list_and_membership_pages_for_the_coordinator(client_for, coordinator, sent):
    client = client_for(coordinator)
    html = client.get(reverse("workspace:invitations")).content.decode()
    assert "nouvelle@exemple.org" in html and "en attente de réponse" in html


def test_join_as_already_member_via_second_invitation_is_harmless(
    client_for, coordinator, association_a
):
    """An invitation sent before the person joined by another link still works once."""
    user = make_member(association_a, Role.MEMBER, email="double@exemple.org")
    invitation, token = Invitation.create(
        email=user.email, association=association_a, role=Role.EDITOR, invited_by=coordinator
    )
    client = client_for(user)
    response = client.post(f"/invitation/{token}/")
    assert response.status_code == 302
    assert Membership.objects.active().get(user=user).role == Role.EDITOR
