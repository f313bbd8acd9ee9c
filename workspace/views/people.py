"""Invitations (sending, withdrawing, accepting one) and memberships (changing a role,
ending one): the coordinator's, except accepting."""

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms.people import AcceptInvitationForm, InvitationForm, MembershipRoleForm
from ..models import Association, Invitation, Membership, Role
from ..services import memberships as services
from .decorators import coordinator_required

# --- Invitations -------------------------------------------------------------------


@coordinator_required
def invite(request):
    form = InvitationForm(
        request.POST if request.method == "POST" else None,
        initial={"association": request.GET.get("association")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation = services.invite(
            email=data["email"],
            association=data["association"],
            role=data["role"],
            invited_by=request.user,
            absolute_url=request.build_absolute_uri,
        )
        messages.success(
            request,
            _("Invitation sent to %(email)s. The link is valid until %(date)s.")
            % {
                "email": invitation.email,
                "date": timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y"),
            },
        )
        return redirect("workspace:invitations")
    return render(request, "workspace/invite.html", {"form": form})


@coordinator_required
def invitations(request):
    return render(
        request,
        "workspace/invitations.html",
        {
            "invitations": Invitation.objects.filter(association__isnull=False).select_related(
                "association", "invited_by"
            )[:200]
        },
    )


@coordinator_required
@require_POST
def withdraw_invitation(request, pk):
    invitation = get_object_or_404(
        Invitation,
        pk=pk,
        association__isnull=False,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    )
    services.withdraw_invitation(invitation)
    messages.success(
        request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
    )
    return redirect("workspace:invitations")


def accept_invitation(request, token):
    try:
        invitation = services.find_invitation(token)
    except services.InvitationError as error:
        return invitation_problem(request, error)

    existing = services.invitation_account(invitation)
    if existing is not None:
        # The person already has an account (e.g. in another association).
        if not request.user.is_authenticated:
            return render(request, "workspace/invitation_login.html", {"invitation": invitation})
        if request.method == "POST":
            try:
                services.accept_invitation(token, user=request.user)
            except services.InvitationError as error:
                return invitation_problem(request, error)
            messages.success(
                request,
                _("You are now %(role)s of %(association)s.")
                % {"role": invitation.get_role_display(), "association": invitation.place},
            )
            return redirect("workspace:home")
        if request.user.pk != existing.pk:
            return invitation_problem(
                request, services.InvitationError("other_account", invitation)
            )
        return render(request, "workspace/invitation_join.html", {"invitation": invitation})

    if request.user.is_authenticated:
        return invitation_problem(request, services.InvitationError("other_account", invitation))

    form = AcceptInvitationForm(
        request.POST if request.method == "POST" else None, email=invitation.email
    )
    if request.method == "POST" and form.is_valid():
        try:
            _invitation, user = services.accept_invitation(
                token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationError as error:
            return invitation_problem(request, error)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(
            request,
            _("Welcome, %(name)s! You are now %(role)s of %(association)s.")
            % {
                "name": user.first_name,
                "role": invitation.get_role_display(),
                "association": invitation.place,
            },
        )
        return redirect("workspace:home")
    return render(
        request, "workspace/invitation_accept.html", {"invitation": invitation, "form": form}
    )


def invitation_problem(request, error):
    status = (
        404
        if error.reason == "unknown"
        else 410
        if error.reason in ("used", "expired", "revoked")
        else 403
    )
    return render(
        request,
        "workspace/invitation_problem.html",
        {"reason": error.reason, "invitation": error.invitation},
        status=status,
    )


# --- Memberships -------------------------------------------------------------------


@coordinator_required
def memberships(request):
    associations = Association.objects.prefetch_related("memberships__user").order_by("name")
    selected = request.GET.get("association")
    if selected:
        associations = associations.filter(slug=selected)
    rows = []
    for association in associations:
        active = [m for m in association.memberships.all() if m.ended_at is None]
        active.sort(key=lambda m: (m.role, m.user.last_name.lower(), m.user.email))
        rows.append((association, active))
    return render(
        request,
        "workspace/memberships.html",
        {"rows": rows, "roles": Role.choices, "selected": selected},
    )


@coordinator_required
@require_POST
def change_membership(request, pk):
    membership = get_object_or_404(
        Membership.objects.active().select_related("user", "association"), pk=pk
    )
    form = MembershipRoleForm(request.POST, instance=membership)
    if form.is_valid():
        services.change_role(membership, form.cleaned_data["role"])
        messages.success(
            request,
            _("%(person)s is now %(role)s of %(association)s.")
            % {
                "person": membership.user,
                "role": membership.get_role_display(),
                "association": membership.association,
            },
        )
    else:
        messages.error(request, _("Choose one of the proposed roles."))
    return redirect(f"{reverse('workspace:memberships')}#association-{membership.association.slug}")


@coordinator_required
def end_membership(request, pk):
    membership = get_object_or_404(
        Membership.objects.active().select_related("user", "association"), pk=pk
    )
    if request.method == "POST":
        services.end_membership(membership, by=request.user)
        messages.success(
            request,
            _("%(person)s is no longer a member of %(association)s.")
            % {"person": membership.user, "association": membership.association},
        )
        return redirect(
            f"{reverse('workspace:memberships')}#association-{membership.association.slug}"
        )
    return render(request, "workspace/membership_end.html", {"membership": membership})
