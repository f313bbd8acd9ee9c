"""The minutes' views under /reunions/: the PDF, starting the minutes from the agenda, the
secretary, the draft that circulates for amendments, errata, action items and the registers
of decisions and actions. The minutes page itself is Wagtail's (``minutes.pages``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from weasyprint import HTML

from entraide import files
from entraide.redirects import safe_next
from workspace import permissions as workspace_permissions
from workspace.forms.consultations import ConsultationForm
from workspace.models import MeetingPage
from workspace.services import consultations as consultation_services
from workspace.views.decorators import coordinator_required, network_member_required

from . import permissions, services
from .approval import attendance_recorded
from .filters import ActionFilter, DecisionFilter
from .forms import ActionUpdateForm, AmendmentForm, ErratumForm, SecretaryForm
from .models import OPEN_STATUSES, ActionItem, Decision, MinutesPage
from .pages import minutes_context, positions_by_consultation, submitted_context


def get_meeting(slug):
    return get_object_or_404(
        MeetingPage.objects.live().select_related("host", "secretary"), slug=slug
    )


# --- What a reader may see ------------------------------------------------------------


@network_member_required
def minutes_pdf(request, slug):
    meeting = get_meeting(slug)
    page = MinutesPage.objects.child_of(meeting).live().first()
    if page is None:
        raise Http404
    html = render_to_string(
        "minutes/minutes_pdf.html", {**minutes_context(page, request.user), "request": request}
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="compte-rendu-{meeting.date.isoformat()}.pdf"'
    )
    return files.protect(response)


# --- Drafting ------------------------------------------------------------------------


@network_member_required
@require_POST
def start(request, slug):
    meeting = get_meeting(slug)
    if not permissions.can_draft(request.user, meeting):
        raise PermissionDenied
    page, created = services.start_minutes(meeting, request.user)
    if created:
        messages.success(
            request,
            _(
                "The minutes are started from the agenda: write each item's summary, decisions and actions."
            ),
        )
    return redirect("wagtailadmin_pages:edit", page.pk)


@coordinator_required
@require_POST
def secretary(request, slug):
    meeting = get_meeting(slug)
    form = SecretaryForm(request.POST)
    if form.is_valid():
        services.name_secretary(meeting, form.cleaned_data["secretary"])
        who = form.cleaned_data["secretary"]
        messages.success(
            request,
            _("%(person)s will draft the minutes.") % {"person": who}
            if who
            else _("The coordination will draft the minutes."),
        )
    else:
        messages.error(request, _("Choose a person from the list."))
    return redirect(meeting.url)


@network_member_required
def draft(request, slug):
    """The minutes while they circulate: the associations that attended send amendments."""
    meeting = get_meeting(slug)
    page = MinutesPage.objects.child_of(meeting).first()
    if page is None or not (
        permissions.can_comment_circulation(request.user, meeting)
        or permissions.can_draft(request.user, meeting)
    ):
        raise Http404
    if page.live:
        return redirect(page.url)
    latest = page.get_latest_revision_as_object()
    circulation = services.circulation_state(page)
    form = None
    if request.method == "POST":
        if circulation is None:
            messages.error(
                request, _("The minutes are not circulating any more: amendments are closed.")
            )
            return redirect("minutes:draft", slug=meeting.slug)
        form = AmendmentForm(request.POST)
        section_ids = {section.id for section in latest.sections}
        if form.is_valid() and form.cleaned_data["section"] in section_ids:
            access = workspace_permissions.access(request.user)
            attended = [
                m.association
                for m in access.active_memberships
                if m.association.attendances.filter(meeting=meeting, present=True).exists()
            ]
            services.add_amendment(
                page,
                request.user,
                form.cleaned_data["section"],
                form.cleaned_data["text"].strip(),
                attended[0] if attended else None,
            )
            messages.success(request, _("Your amendment is sent to the coordination."))
            return redirect(
                f"{reverse('minutes:draft', args=[meeting.slug])}#section-{form.cleaned_data['section']}"
            )
        if form.is_valid():
            raise Http404
    if circulation is not None and meeting.pk in permissions.attended_meeting_ids(request.user):
        # Read by a member of an association that attended: no reminder for them.
        services.record_draft_reading(page, request.user)
    context = minutes_context(latest, request.user, rows=False)
    amendments = {}
    for amendment in page.amendments.select_related("author", "association"):
        amendments.setdefault(amendment.section_id, []).append(amendment)
    for section in context["sections"]:
        section["amendments"] = amendments.get(section["id"], [])
        section["form"] = (
            form
            if form is not None and form.data.get("section") == section["id"]
            else AmendmentForm(initial={"section": section["id"]})
        )
    context.update(
        {
            "circulation": circulation,
            "is_draft_view": True,
            "can_draft": permissions.can_draft(request.user, meeting),
            "can_open_consultation": workspace_permissions.can_open_consultation(request.user),
            "can_amend": circulation is not None
            and permissions.can_comment_circulation(request.user, meeting),
            "attendance_missing": not attendance_recorded(meeting),
        }
    )
    return render(request, "minutes/minutes_draft.html", context)


# --- Consulting the associations on a decision being drafted -----------------------------


@coordinator_required
def open_consultation(request, slug, decision_id):
    """The coordination puts a decision of the draft minutes to the associations."""
    meeting = get_meeting(slug)
    page = MinutesPage.objects.child_of(meeting).first()
    if page is None or page.live:
        raise Http404
    latest = page.get_latest_revision_as_object()
    found = None
    for section in latest.sections:
        for block in section.value["decisions"].bound_blocks:
            if block.id == decision_id:
                found = (section, block)
    if found is None:
        raise Http404
    section, block = found
    draft_url = f"{reverse('minutes:draft', args=[meeting.slug])}#decision-{block.id}"
    if section.value["confidential"] or block.value["confidential"]:
        messages.error(request, _("A confidential decision cannot be put to every association."))
        return redirect(draft_url)
    existing = consultation_services.open_on_decision(block.id, meeting=meeting)
    if existing is not None:
        return redirect(existing.get_absolute_url())
    row = page.section_rows.filter(uuid=section.id).first()
    topic = row.topic if row is not None else None
    text = block.value["text"]
    form = ConsultationForm(
        request.POST if request.method == "POST" else None,
        initial={
            "question": _("Do you agree with this decision: “%(title)s”?") % {"title": text[:300]}
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultation = consultation_services.open_on_draft_decision(
                request.user,
                meeting=meeting,
                decision_uuid=block.id,
                decision_text=text,
                topic=topic,
                question=form.cleaned_data["question"],
                closes_at=form.cleaned_data["closes_at"],
            )
        except consultation_services.ConsultationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("The consultation is open: every association's editors are told.")
            )
            return redirect(consultation.get_absolute_url())
    return render(
        request,
        "workspace/consultation_form.html",
        {"form": form, "subject": text, "back": draft_url},
        status=400 if form.is_bound else 200,
    )


# --- After publication -----------------------------------------------------------------


@network_member_required
def submitted(request, slug):
    """Where the coordinator or the secretary lands after submitting the minutes."""
    meeting = get_meeting(slug)
    page = MinutesPage.objects.child_of(meeting).first()
    if page is None or not permissions.can_draft(request.user, meeting):
        raise Http404
    return render(request, "minutes/submitted.html", submitted_context(page, meeting))


@coordinator_required
@require_POST
def add_erratum(request, slug):
    meeting = get_meeting(slug)
    page = get_object_or_404(MinutesPage.objects.child_of(meeting).live())
    form = ErratumForm(request.POST)
    if form.is_valid():
        services.add_erratum(page, request.user, form.cleaned_data["text"].strip())
        messages.success(request, _("The erratum is added, dated today."))
    else:
        messages.error(request, _("Write the correction."))
    return redirect(f"{page.url}#errata")


@network_member_required
@require_POST
def update_action(request, pk):
    action = get_object_or_404(
        ActionItem.objects.select_related("owner", "meeting"), pk=pk, withdrawn=False
    )
    if not permissions.can_update_action(request.user, action) or (
        action.confidential and not permissions.can_see_confidential(request.user, action.meeting)
    ):
        raise Http404
    form = ActionUpdateForm(request.POST)
    back = safe_next(
        request,
        request.POST.get("next"),
        reverse("workspace:association", args=[action.owner.slug]),
    )
    if form.is_valid():
        services.set_action_status(
            action, request.user, form.cleaned_data["status"], form.cleaned_data["note"].strip()
        )
        messages.success(
            request, _("The action is now “%(status)s”.") % {"status": action.get_status_display()}
        )
    else:
        messages.error(
            request,
            _("The action was not changed: %(errors)s")
            % {"errors": " ".join(str(e) for errors in form.errors.values() for e in errors)},
        )
    return redirect(f"{back}#action-{action.pk}")


# --- Registers ------------------------------------------------------------------------


@network_member_required
def decisions(request):
    base = (
        Decision.objects.filter(withdrawn=False, minutes__live=True)
        .filter(permissions.confidential_filter(request.user))
        .select_related("meeting", "minutes")
        .prefetch_related("associations", "themes")
        .order_by("-meeting__date", "order")
    )
    filterset = DecisionFilter(request.GET or None, queryset=base)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    shown = list(rows.select_related("consultation")[:300])
    positions = positions_by_consultation([d.consultation for d in shown if d.consultation])
    for decision in shown:
        decision.outcome_label, decision.counts = services.decision_parts(
            decision.outcome, decision.consultation, positions.get(decision.consultation_id)
        )
        decision.phrase = (
            services.decision_phrase(
                decision.outcome, decision.consultation, positions.get(decision.consultation_id)
            )
            if decision.outcome or decision.consultation_id
            else ""
        )
    return render(
        request,
        "minutes/decisions.html",
        {"filter": filterset, "decisions": shown, "count": rows.count()},
    )


@network_member_required
def actions(request):
    base = permissions.visible_actions(request.user).order_by("due_date", "pk")
    if not request.GET:
        base = base.filter(status__in=OPEN_STATUSES)
    filterset = ActionFilter(request.GET or None, queryset=base)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    rows = rows.prefetch_related(Prefetch("updates"))
    return render(
        request,
        "minutes/actions.html",
        {"filter": filterset, "actions": rows[:300], "today": timezone.localdate()},
    )
