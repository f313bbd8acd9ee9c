"""Changes to memberships, in one place so that groups stay in step."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from . import roles
from .models import Invitation, Membership, User


def sync_network_group(user):
    """Put the person in the network group exactly while they have an active membership."""
    group, _ = Group.objects.get_or_create(name=roles.NETWORK)
    if Membership.objects.active().filter(user=user).exists():
        user.groups.add(group)
    else:
        user.groups.remove(group)
    if hasattr(user, "_entraide_access"):
        del user._entraide_access


def add_membership(user, association, role):
    membership, created = Membership.objects.get_or_create(
        user=user, association=association, ended_at=None, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    sync_network_group(user)
    return membership


def change_role(membership, role):
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


def end_membership(membership, by):
    membership.ended_at = timezone.now()
    membership.ended_by = by
    membership.save(update_fields=["ended_at", "ended_by"])
    sync_network_group(membership.user)
    return membership


class InvitationError(Exception):
    """The invitation cannot be used; ``reason`` is one of unknown, used, expired, revoked."""

    def __init__(self, reason, invitation=None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def find_invitation(token):
    from .models import hash_token

    invitation = (
        Invitation.objects.select_related("association")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise InvitationError("unknown")
    if invitation.status in ("accepted", "revoked", "expired"):
        reason = {"accepted": "used", "revoked": "revoked", "expired": "expired"}[invitation.status]
        raise InvitationError(reason, invitation)
    return invitation


@transaction.atomic
def accept_invitation(token, *, user=None, first_name="", last_name="", password=None):
    """Use the invitation once: create the person if needed, then the membership."""
    invitation = find_invitation(token)
    # Lock the row so that two clicks on the link cannot both use it.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationError("used", invitation)
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise InvitationError("account_exists", invitation)
        user = User.objects.create_user(
            email=invitation.email, password=password, first_name=first_name, last_name=last_name
        )
    elif user.email.lower() != invitation.email.lower():
        raise InvitationError("other_account", invitation)
    add_membership(user, invitation.association, invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return invitation, user
