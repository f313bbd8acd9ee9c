import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from entraide import files
from entraide.redirects import safe_next
from workspace import permissions as workspace_permissions
from workspace.decorators import coordinator_required, network_member_required
from workspace.models import Association, MeetingPage, Theme, User

from . import permissions, services
from .models import (
    OPEN_STATUSES,
    ActionItem,
    ActionStatus,
    Decision,
    MinutesPage,
    attendance_recorded,
)

CONFIDENTIAL = gettext_lazy("[confidential item]")


def get_meeting(slug):
    return get_object_or_404(
        MeetingPage.objects.live().select_related("host", "secretary"), slug=slug
    )


# --- What a reader may see ------------------------------------------------------------


def minutes_context(page, user, rows=True):
    """Sections, decisions and actions as ``user`` may read them: confidential parts replaced."""
    meeting = page.get_parent().specific
    see = permissions.can_see_confidential(user, meeting)
    decision_rows = (
        {d.uuid: d for d in page.decision_rows.prefetch_related("associations")} if rows else {}
    )
    action_rows = {a.uuid: a for a in page.action_rows.select_related("owner")} if rows else {}
    sections, all_decisions, all_actions = [], [], []
    for section in page.sections:
        value = section.value
        hidden = bool(value["confidential"]) and not see
        paragraphs = []
        for block in value["summary"]:
            confidential = block.block_type == "confidential_paragraph"
            paragraphs.append(
                {
                    "value": block.value,
                    "confidential": confidential,
                    "hidden": confidential and not see,
                }
            )
        decisions = []
        for block in value["decisions"].bound_blocks:
            data = block.value
            confidential = bool(value["confidential"] or data["confidential"])
            entry = {
                "id": block.id,
                "text": data["text"],
                "scope": data["scope"],
                "associations": [a for a in data["associations"] if a],
                "confidential": confidential,
                "hidden": confidential and not see,
                "row": decision_rows.get(block.id),
                "section": value["title"],
            }
            decisions.append(entry)
            all_decisions.append(entry)
        actions = []
        for block in value["actions"].bound_blocks:
            data = block.value
            confidential = bool(value["confidential"] or data["confidential"])
            entry = {
                "id": block.id,
                "what": data["what"],
                "owner": data["owner"],
                "person": data["person"],
                "due_date": data["due_date"],
                "confidential": confidential,
                "hidden": confidential and not see,
                "row": action_rows.get(block.id),
                "section": value["title"],
            }
            actions.append(entry)
            all_actions.append(entry)
        sections.append(
            {
                "id": section.id,
                "title": value["title"],
                "presenter": value["presenter"],
                "confidential": bool(value["confidential"]),
                "hidden": hidden,
                "paragraphs": paragraphs,
                "decisions": decisions,
                "actions": actions,
            }
        )
    return {
        "page": page,
        "meeting": meeting,
        "sections": sections,
        "decisions": all_decisions,
        "actions": all_actions,
        "present": meeting.attendances.filter(present=True)
        .select_related("association")
        .order_by("association__name"),
        "errata": page.errata.all(),
        "can_see_confidential": see,
        "confidential_label": CONFIDENTIAL,
    }


def minutes_detail(request, page):
    if not permissions.can_view_minutes(request.user):
        raise PermissionDenied
    context = minutes_context(page, request.user)
    context["can_add_erratum"] = permissions.can_add_erratum(request.user)
    context["erratum_form"] = ErratumForm()
    context["can_view_revisions"] = page.permissions_for_user(request.user).can_view_revisions()
    return render(request, "minutes/minutes_page.html", context)


@network_member_required
def minutes_pdf(request, slug):
    from weasyprint import HTML

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


class SecretaryForm(forms.Form):
    secretary = forms.ModelChoiceField(
        label=gettext_lazy("Secretary of the meeting"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("— nobody: the coordination writes the minutes —"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secretary"].queryset = (
            User.objects.filter(is_active=True, memberships__ended_at__isnull=True)
            .distinct()
            .order_by("last_name")
        )


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


class AmendmentForm(forms.Form):
    section = forms.CharField(widget=forms.HiddenInput(), max_length=64)
    text = forms.CharField(
        label=gettext_lazy("Your amendment"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Write the change you ask for.")},
    )


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
            "can_amend": circulation is not None
            and permissions.can_comment_circulation(request.user, meeting),
            "attendance_missing": not attendance_recorded(meeting),
        }
    )
    return render(request, "minutes/minutes_draft.html", context)


# --- After publication -----------------------------------------------------------------


class ErratumForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Erratum"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Write the correction.")},
    )


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


class ActionUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[(value, capfirst(label)) for value, label in ActionStatus.choices],
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Say in a few words what changed.")},
    )


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


def year_choices():
    years = MeetingPage.objects.live().dates("date", "year", order="DESC")
    return [(d.year, d.year) for d in years]


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Words"), method="search", max_length=200)
    year = django_filters.ChoiceFilter(
        label=gettext_lazy("Year"), field_name="meeting__date__year", choices=year_choices
    )
    theme = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Theme"), field_name="themes", queryset=Theme.objects.all()
    )
    association = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Association concerned"),
        method="concerning",
        queryset=Association.objects.all(),
    )

    class Meta:
        model = Decision
        fields = []

    def search(self, queryset, name, value):
        words = [w for w in value.split() if w]
        for word in words:
            queryset = queryset.filter(text__icontains=word) | queryset.filter(
                section_title__icontains=word
            )
        return queryset

    def concerning(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(scope="network") | Q(associations=value)).distinct()


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
    return render(
        request,
        "minutes/decisions.html",
        {"filter": filterset, "decisions": rows[:300], "count": rows.count()},
    )


class ActionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=ActionStatus.choices)
    owner = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Owner association"), queryset=Association.objects.all()
    )
    overdue = django_filters.BooleanFilter(
        label=gettext_lazy("Overdue only"), method="only_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = ActionItem
        fields = []

    def only_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(status__in=OPEN_STATUSES, due_date__lt=timezone.localdate())
        return queryset


def visible_actions(user):
    return (
        ActionItem.objects.filter(withdrawn=False, minutes__live=True)
        .filter(permissions.confidential_filter(user))
        .select_related("owner", "meeting", "minutes")
    )


@network_member_required
def actions(request):
    base = visible_actions(request.user).order_by("due_date", "pk")
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


def association_actions(association, user):
    """Actions owned by ``association`` as ``user`` may see them, with the form to update each."""
    rows = visible_actions(user).filter(owner=association).order_by("-status", "due_date")
    return [
        {
            "action": action,
            "form": ActionUpdateForm(
                initial={"status": action.status}, auto_id=f"action{action.pk}_%s"
            ),
        }
        for action in rows
    ]
