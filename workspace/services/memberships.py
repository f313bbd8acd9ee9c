"""Memberships and invitations, in one place so that groups stay in step; and who is in the
network (the people the network's notifications go to)."""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from entraide.tasks import enqueue

from .. import roles
from ..models import (
    Association,
    Invitation,
    InvitationRole,
    Membership,
    Network,
    User,
    hash_token,
)
from ..tasks import send_rendered_mail


def sync_network_group(user):
    """Put the person in each network's members group exactly while they have an active
    membership in one of its associations."""
    held = set(
        Membership.objects.everywhere()
        .filter(user=user, ended_at__isnull=True)
        .values_list("association__network", flat=True)
    )
    for network in Network.objects.select_related("members"):
        if network.pk in held:
            user.groups.add(network.members)
        else:
            user.groups.remove(network.members)
    if hasattr(user, "_entraide_access"):
        del user._entraide_access
    if hasattr(user, "_entraide_memberships"):
        del user._entraide_memberships


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


@transaction.atomic
def invite(*, email, association, role, invited_by, absolute_url):
    """Invite ``email`` to ``association`` with ``role``: a new invitation replaces any that is
    still waiting for the same place, and the link leaves by e-mail after commit.

    ``absolute_url(path)`` makes the link absolute (the address the coordinator used).
    """
    Invitation.objects.pending().filter(email=email, association=association).update(
        revoked_at=timezone.now()
    )
    invitation, token = Invitation.objects.model.create(
        email=email, association=association, role=role, invited_by=invited_by
    )
    context = {
        "link": absolute_url(reverse("accept_invitation", args=[token])),
        "association": invitation.association.name,
        "role": str(invitation.get_role_display()),
        "inviter": str(invitation.invited_by),
        "expires": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y"),
    }
    enqueue(
        send_rendered_mail,
        "workspace/emails/invitation_subject.txt",
        "workspace/emails/invitation.txt",
        context,
        invitation.email,
    )
    return invitation


@transaction.atomic
def invite_coordinator(*, email, network, invited_by):
    """The operator invites ``email`` to coordinate ``network``: the same single-use, expiring
    link as an association's invitation, on the network's own host name."""
    email = email.strip().lower()
    Invitation.objects.everywhere().pending().filter(email=email, network=network).update(
        revoked_at=timezone.now()
    )
    invitation, token = Invitation.objects.model.create(
        email=email, network=network, role=InvitationRole.COORDINATOR, invited_by=invited_by
    )
    context = {
        "link": network.site.root_url + reverse("accept_invitation", args=[token]),
        "network": network.name,
        "town": network.town,
        "inviter": str(invitation.invited_by),
        "expires": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y"),
    }
    enqueue(
        send_rendered_mail,
        "workspace/emails/coordinator_invitation_subject.txt",
        "workspace/emails/coordinator_invitation.txt",
        context,
        invitation.email,
    )
    return invitation


def withdraw_invitation(invitation):
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_account(invitation):
    """The existing account of the invited address, if any."""
    return User.objects.filter(email__iexact=invitation.email).first()


class InvitationError(Exception):
    """The invitation cannot be used; ``reason`` is one of unknown, used, expired, revoked."""

    def __init__(self, reason, invitation=None):
        super().__init__(reason)
        self.reason = reason
        self.invitation = invitation


def find_invitation(token):
    invitation = (
        Invitation.objects.select_related("association", "network")
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
    # (of the invitation only: the network filter joins its association, which may be none)
    invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
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
    if invitation.network_id is not None:
        user.groups.add(invitation.network.coordinators)
        if hasattr(user, "_entraide_access"):
            del user._entraide_access
        if hasattr(user, "_entraide_memberships"):
            del user._entraide_memberships
    else:
        add_membership(user, invitation.association, invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return invitation, user


# --- Who is in the network ----------------------------------------------------------------


def network_people():
    """Everybody with an active membership of an active association, and the coordinators."""
    associations = Association.objects.active()
    return (
        User.objects.filter(
            Q(memberships__ended_at__isnull=True, memberships__association__in=associations)
            | Q(groups=roles.group("coordinators"))
        )
        .filter(is_active=True)
        .distinct()
        .order_by("pk")
    )


def coordinators():
    group = roles.group("coordinators")
    return group.user_set.filter(is_active=True).order_by("pk") if group else User.objects.none()
