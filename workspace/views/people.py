from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from entraide.tasks import enqueue

from . import comments, extensions, permissions, services
from .decorators import coordinator_required, login_required
from .forms import AcceptInvitationForm, InvitationForm, MembershipRoleForm
from .models import Association, Invitation, Membership, Role
from .tasks import send_rendered_mail


@login_required
def home(request):
    access = permissions.access(request.user)
    return render(
        request,
        "workspace/home.html",
        {
            "memberships": access.active_memberships,
            "is_coordinator": access.is_coordinator,
            "is_orientation_agent": access.is_orientation_agent,
            "attention": attention_items(request.user),
        },
    )


def attention_items(user):
    """What needs the person's attention on their workspace home.

    Each later feature adds its own entries here (proposals to answer, actions due…).
    """
    items = []
    if permissions.is_coordinator(user):
        pending = Invitation.objects.pending().count()
        if pending:
            items.append(
                {
                    "text": ngettext(
                        "%(count)s invitation waiting for an answer",
                        "%(count)s invitations waiting for an answer",
                        pending,
                    )
                    % {"count": pending},
                    "url": reverse("workspace:invitations"),
                }
            )
        reported = comments.reported().count()
        if reported:
            items.append(
                {
                    "text": ngettext(
                        "%(count)s reported comment to review",
                        "%(count)s reported comments to review",
                        reported,
                    )
                    % {"count": reported},
                    "url": reverse("meetings:moderation"),
                }
            )
    items.extend(meeting_attention(user))
    unread = user.notifications.filter(read_at__isnull=True).count()
    if unread:
        items.append(
            {
                "text": ngettext(
                    "%(count)s unread notification", "%(count)s unread notifications", unread
                )
                % {"count": unread},
                "url": reverse("notifications:list"),
            }
        )
    for provider in extensions.attention:
        items.extend(provider(user))
    return items


def meeting_attention(user):
    """The next meeting, proposals to answer, attendance still to give."""
    from . import agenda
    from .models import Attendance, Topic
    from .models.topics import EDITABLE

    items = []
    if not permissions.can_view_meetings(user):
        return items
    if permissions.is_coordinator(user):
        waiting = Topic.objects.filter(status__in=EDITABLE).count()
        if waiting:
            items.append(
                {
                    "text": ngettext(
                        "%(count)s topic proposal to answer",
                        "%(count)s topic proposals to answer",
                        waiting,
                    )
                    % {"count": waiting},
                    "url": reverse("meetings:topics"),
                }
            )
    meeting = agenda.next_open_meeting()
    if meeting is None:
        return items
    items.append(
        {
            "text": _("Next meeting: %(date)s, %(place)s")
            % {
                "date": date_format(meeting.date, "l j F Y"),
                "place": meeting.host.name if meeting.host else _("host to be found"),
            },
            "url": meeting.url,
        }
    )
    answered = set(
        Attendance.objects.filter(meeting=meeting)
        .exclude(answer="")
        .values_list("association_id", flat=True)
    )
    if not permissions.is_coordinator(user):
        for association in permissions.attendance_associations(user):
            if association.pk not in answered:
                items.append(
                    {
                        "text": _(
                            "%(association)s has not said whether it comes to the next meeting"
                        )
                        % {"association": association.name},
                        "url": f"{meeting.url}#presence",
                    }
                )
    return items


@login_required
def association_detail(request, slug):
    association = get_object_or_404(Association, slug=slug)
    if not permissions.can_view_association_workspace(request.user, association):
        raise Http404
    memberships = (
        association.memberships.active().select_related("user").order_by("role", "user__last_name")
    )
    return render(
        request,
        "workspace/association_detail.html",
        {
            "association": association,
            "memberships": memberships,
            "can_manage": permissions.can_manage_memberships(request.user, association),
            **extensions.context_for(extensions.association_page, request, association),
        },
    )


# --- Invitations -------------------------------------------------------------------


@coordinator_required
def invite(request):
    form = InvitationForm(
        request.POST if request.method == "POST" else None,
        initial={"association": request.GET.get("association")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            # A new invitation replaces any that is still waiting for the same place.
            Invitation.objects.pending().filter(
                email=data["email"], association=data["association"]
            ).update(revoked_at=timezone.now())
            invitation, token = Invitation.objects.model.create(
                email=data["email"],
                association=data["association"],
                role=data["role"],
                invited_by=request.user,
            )
            send_invitation(request, invitation, token)
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


def send_invitation(request, invitation, token):
    link = request.build_absolute_uri(reverse("accept_invitation", args=[token]))
    context = {
        "link": link,
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


@coordinator_required
def invitations(request):
    return render(
        request,
        "workspace/invitations.html",
        {"invitations": Invitation.objects.select_related("association", "invited_by")[:200]},
    )


@coordinator_required
@require_POST
def withdraw_invitation(request, pk):
    invitation = get_object_or_404(
        Invitation, pk=pk, accepted_at__isnull=True, revoked_at__isnull=True
    )
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    messages.success(
        request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email}
    )
    return redirect("workspace:invitations")


def accept_invitation(request, token):
    try:
        invitation = services.find_invitation(token)
    except services.InvitationError as error:
        return invitation_problem(request, error)

    existing = invitation_account(invitation)
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
                % {"role": invitation.get_role_display(), "association": invitation.association},
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
                "association": invitation.association,
            },
        )
        return redirect("workspace:home")
    return render(
        request, "workspace/invitation_accept.html", {"invitation": invitation, "form": form}
    )


def invitation_account(invitation):
    from .models import User

    return User.objects.filter(email__iexact=invitation.email).first()


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
