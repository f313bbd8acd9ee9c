"""Discussions of emerging issues, under /discussions/ (network members only)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import agenda, comments, follows, notifications, permissions
from .decorators import coordinator_required, network_member_required
from .forms_meetings import OnBehalfForm
from .models import (
    Association,
    Discussion,
    DiscussionStatus,
    DiscussionSupport,
    MeetingPage,
    MeetingStatus,
    Theme,
    TopicKind,
)

# --- Forms ------------------------------------------------------------------------------


class DiscussionForm(OnBehalfForm):
    association_missing = gettext_lazy("Choose the association that opens this discussion.")
    association = forms.ModelChoiceField(
        label=gettext_lazy("Opened by"), queryset=Association.objects.none(), required=False
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=200,
        error_messages={"required": gettext_lazy("Give the discussion a title.")},
    )
    situation = forms.CharField(
        label=gettext_lazy("What do you observe?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Describe the situation without naming the people you help."),
        error_messages={"required": gettext_lazy("Describe what you observe.")},
    )
    themes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def clean_title(self):
        return self.strip("title", _("Give the discussion a title."))

    def clean_situation(self):
        return self.strip("situation", _("Describe what you observe."))


class SupportForm(forms.Form):
    association = forms.ModelChoiceField(
        label=gettext_lazy("For the association"), queryset=Association.objects.none()
    )
    note = forms.CharField(
        label=gettext_lazy("A word on what you see (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, associations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["association"].queryset = Association.objects.filter(
            pk__in=[a.pk for a in associations]
        )
        if len(associations) == 1:
            self.fields["association"].initial = associations[0].pk
            self.fields["association"].widget = forms.HiddenInput()


class RaiseForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("Meeting"), queryset=MeetingPage.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = MeetingPage.objects.live().filter(
            date__gte=timezone.localdate(),
            status__in=[MeetingStatus.PLANNED, MeetingStatus.AGENDA_PUBLISHED],
        )
        self.fields["meeting"].label_from_instance = lambda meeting: meeting.title
        self.fields["meeting"].empty_label = gettext_lazy("— the next meeting —")
        self.fields["meeting"].required = False


class CloseForm(forms.Form):
    outcome = forms.CharField(
        label=gettext_lazy("What the network learnt or decided"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": gettext_lazy("Write the outcome before closing.")},
    )
    decisions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Related decisions"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        from minutes.models import Decision

        super().__init__(*args, **kwargs)
        self.fields["decisions"].queryset = (
            Decision.objects.filter(withdrawn=False, minutes__live=True, confidential=False)
            .select_related("meeting")
            .order_by("-meeting__date")[:50]
        )
        self.fields["decisions"].label_from_instance = lambda d: (
            f"{d.meeting.date:%d/%m/%Y} — {d.text[:90]}"
        )


# --- Views -------------------------------------------------------------------------------


def get_discussion(request, pk):
    discussion = get_object_or_404(
        Discussion.objects.select_related("association", "opened_by", "topic", "topic__meeting"),
        pk=pk,
    )
    if not permissions.can_view_discussion(request.user, discussion):
        raise Http404
    return discussion


@network_member_required
def discussion_list(request):
    status = request.GET.get("etat") or ""
    base = Discussion.objects.select_related("association").prefetch_related(
        "themes",
        Prefetch("supports", queryset=DiscussionSupport.objects.select_related("association")),
    )
    if status in DiscussionStatus.values:
        base = base.filter(status=status)
    discussions = list(base.order_by("-updated_at")[:200])
    counts = comments.count_for(discussions)
    for discussion in discussions:
        discussion.comment_count = counts.get(discussion.pk, 0)
        discussion.concerned = [s.association for s in discussion.supports.all()]
    totals = dict(Discussion.objects.values_list("status").annotate(n=Count("pk")))
    return render(
        request,
        "workspace/discussion_list.html",
        {
            "discussions": discussions,
            "status": status,
            "statuses": [
                (value, label, totals.get(value, 0)) for value, label in DiscussionStatus.choices
            ],
            "can_open": permissions.can_open_discussion(request.user),
        },
    )


@network_member_required
def open_discussion(request):
    user = request.user
    if not permissions.can_open_discussion(user):
        raise PermissionDenied
    form = DiscussionForm(
        request.POST if request.method == "POST" else None,
        associations=permissions.proposing_associations(user),
        allow_ccas=permissions.is_coordinator(user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            discussion = Discussion.objects.create(
                title=data["title"],
                situation=data["situation"],
                association=data["association"],
                opened_by=user,
            )
            discussion.themes.set(data["themes"])
            follows.follow(user, discussion, explicit=False)
        messages.success(
            request, _("The discussion is open: the network can answer and say it sees this too.")
        )
        return redirect(discussion.get_absolute_url())
    return render(request, "workspace/discussion_form.html", {"form": form})


def discussion_context(request, discussion, comment_form=None, support_form=None, close_form=None):
    user = request.user
    supports = list(discussion.supports.select_related("association", "user"))
    concerned = [discussion.association] if discussion.association_id else []
    concerned += [s.association for s in supports if s.association not in concerned]
    supported = {s.association_id for s in supports}
    can_support_for = [
        a
        for a in permissions.proposing_associations(user)
        if a.pk not in supported and a.pk != discussion.association_id
    ]
    context = {
        "discussion": discussion,
        "supports": supports,
        "concerned": concerned,
        "neighbourhoods": sorted({a.get_neighbourhood_display() for a in concerned}),
        "themes": discussion.themes.all(),
        "comment_tree": comments.tree(discussion, moderator=permissions.can_moderate(user)),
        "comment_form": comment_form or comments.CommentForm(discussion),
        "can_comment": permissions.can_comment_discussion(user, discussion),
        "can_moderate": permissions.can_moderate(user),
        "can_raise": permissions.can_raise_discussion(user, discussion),
        "can_close": permissions.can_close_discussion(user, discussion),
        "following": follows.is_following(user, discussion),
        "support_form": support_form
        or (SupportForm(associations=can_support_for) if can_support_for else None),
        "raise_form": RaiseForm() if permissions.can_raise_discussion(user, discussion) else None,
        "close_form": close_form
        or (CloseForm() if permissions.can_close_discussion(user, discussion) else None),
        "comments_title": _("Comments"),
        "decisions": discussion.outcome_decisions.select_related("minutes", "meeting"),
    }
    context.update(outcome_links(discussion))
    return context


# Other apps add what a closed discussion links to (practices…).
OUTCOME_LINKS = []


def outcome_links(discussion):
    context = {}
    for provider in OUTCOME_LINKS:
        context.update(provider(discussion))
    return context


@network_member_required
def discussion_detail(request, pk):
    discussion = get_discussion(request, pk)
    return render(
        request, "workspace/discussion_detail.html", discussion_context(request, discussion)
    )


@network_member_required
@require_POST
def support(request, pk):
    discussion = get_discussion(request, pk)
    supported = set(discussion.supports.values_list("association_id", flat=True))
    associations = [
        a
        for a in permissions.proposing_associations(request.user)
        if a.pk not in supported and a.pk != discussion.association_id
    ]
    if not associations:
        messages.info(request, _("Your association is already counted among those who see this."))
        return redirect(discussion.get_absolute_url())
    form = SupportForm(request.POST, associations=associations)
    if not form.is_valid():
        return render(
            request,
            "workspace/discussion_detail.html",
            discussion_context(request, discussion, support_form=form),
        )
    with transaction.atomic():
        row = DiscussionSupport.objects.create(
            discussion=discussion,
            association=form.cleaned_data["association"],
            user=request.user,
            note=form.cleaned_data["note"].strip(),
        )
        Discussion.objects.filter(pk=discussion.pk).update(updated_at=timezone.now())
        follows.follow(request.user, discussion, explicit=False)
        notifications.emit(
            "discussion_supported",
            f"discussion:{discussion.pk}:support:{row.pk}",
            discussion_id=discussion.pk,
            support_id=row.pk,
        )
    messages.success(
        request, _("Noted: %(association)s sees this too.") % {"association": row.association}
    )
    return redirect(f"{discussion.get_absolute_url()}#concerned")


@network_member_required
@require_POST
def post_comment(request, pk):
    discussion = get_discussion(request, pk)

    def render_page(form, status):
        context = discussion_context(request, discussion, comment_form=form)
        return render(request, "workspace/discussion_detail.html", context, status=status)

    def notify(comment):
        Discussion.objects.filter(pk=discussion.pk).update(updated_at=timezone.now())
        notifications.emit(
            "discussion_comment",
            f"comment:{comment.pk}",
            comment_id=comment.pk,
            discussion_id=discussion.pk,
        )

    return comments.post_from_request(
        request,
        discussion,
        allowed=permissions.can_view_discussion(request.user, discussion),
        refusal=(
            _("This discussion is locked by the coordination: no new comment.")
            if discussion.locked
            else None
        ),
        render=render_page,
        notify=notify,
        url=discussion.get_absolute_url(),
        success=_("Your comment is published."),
    )


@network_member_required
@require_POST
def raise_to_meeting(request, pk):
    discussion = get_discussion(request, pk)
    if not permissions.can_raise_discussion(request.user, discussion):
        raise PermissionDenied
    form = RaiseForm(request.POST)
    meeting = form.cleaned_data.get("meeting") if form.is_valid() else None
    with transaction.atomic():
        topic = agenda.propose_topic(
            request.user,
            association=discussion.association,
            title=discussion.title[:200],
            description=_("Raised from the discussion “%(title)s”:") % {"title": discussion.title}
            + "\n\n"
            + discussion.situation,
            kind=TopicKind.DISCUSSION,
            estimated_minutes=20,
            meeting=meeting,
        )
        discussion.topic = topic
        discussion.status = DiscussionStatus.RAISED
        discussion.save(update_fields=["topic", "status", "updated_at"])
        notifications.emit(
            "discussion_raised",
            f"discussion:{discussion.pk}:raised:{topic.pk}",
            discussion_id=discussion.pk,
        )
    messages.success(
        request,
        _(
            "The discussion is proposed as a topic for the meeting: it is in the proposals to answer."
        ),
    )
    return redirect(discussion.get_absolute_url())


@coordinator_required
@require_POST
def close(request, pk):
    discussion = get_discussion(request, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "workspace/discussion_detail.html",
            discussion_context(request, discussion, close_form=form),
        )
    with transaction.atomic():
        discussion.status = DiscussionStatus.CLOSED
        discussion.outcome = form.cleaned_data["outcome"].strip()
        discussion.closed_at = timezone.now()
        discussion.save(update_fields=["status", "outcome", "closed_at", "updated_at"])
        discussion.outcome_decisions.set(form.cleaned_data["decisions"])
        for provider in CLOSE_HOOKS:
            provider(request, discussion)
        notifications.emit(
            "discussion_closed", f"discussion:{discussion.pk}:closed", discussion_id=discussion.pk
        )
    messages.success(
        request, _("The discussion is closed with its outcome; its followers are told.")
    )
    return redirect(discussion.get_absolute_url())


# Other apps record more links when a discussion closes (practices…).
CLOSE_HOOKS = []


@coordinator_required
@require_POST
def lock(request, pk):
    discussion = get_discussion(request, pk)
    discussion.locked = request.POST.get("locked") == "1"
    discussion.save(update_fields=["locked"])
    messages.success(
        request,
        _("The discussion is locked: no new comment.")
        if discussion.locked
        else _("The discussion is open to comments again."),
    )
    return redirect(discussion.get_absolute_url())
