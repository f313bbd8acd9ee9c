"""Discussions of emerging issues, under /discussions/ (network members only)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide import readercache

from .. import permissions
from ..forms.comments import thread_context
from ..forms.discussions import CloseForm, DiscussionForm, RaiseForm, SupportForm
from ..models import Discussion, DiscussionStatus, DiscussionSupport, Theme
from ..notifications import follows
from ..services import comments, discussions
from .comments import post_from_request
from .decorators import coordinator_required, network_member_required

# --- Views -------------------------------------------------------------------------------


def get_discussion(request, pk):
    discussion = get_object_or_404(
        Discussion.objects.select_related("association", "opened_by", "topic", "topic__meeting"),
        pk=pk,
    )
    if not permissions.can_view_discussion(request.user, discussion):
        raise Http404
    return discussion


def describe_discussions(pks):
    """{pk: {"title", "url"}} of discussions, for the moderation queue."""
    return {
        d.pk: {"title": d.title, "url": d.get_absolute_url()}
        for d in Discussion.objects.filter(pk__in=pks)
    }


@network_member_required
def discussion_list(request):
    status = request.GET.get("etat") or ""
    base = Discussion.objects.select_related("association").prefetch_related(
        "themes",
        Prefetch("supports", queryset=DiscussionSupport.objects.select_related("association")),
    )
    if status in DiscussionStatus.values:
        base = base.filter(status=status)
    rows = list(base.order_by("-updated_at")[:200])
    counts = comments.count_for(rows)
    for discussion in rows:
        discussion.comment_count = counts.get(discussion.pk, 0)
        discussion.concerned = [s.association for s in discussion.supports.all()]
    totals = dict(Discussion.objects.values_list("status").annotate(n=Count("pk")))
    return render(
        request,
        "workspace/discussion_list.html",
        {
            "discussions": rows,
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
        discussion = discussions.open_discussion(
            user,
            title=data["title"],
            situation=data["situation"],
            association=data["association"],
            themes=data["themes"],
        )
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
    can_comment = permissions.can_comment_discussion(user, discussion)
    can_moderate = permissions.can_moderate(user)
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
        **thread_context(
            request,
            discussion,
            moderator=can_moderate,
            form=comment_form,
            can_comment=can_comment,
            can_moderate=can_moderate,
        ),
        "can_comment": can_comment,
        "can_moderate": can_moderate,
        "can_raise": permissions.can_raise_discussion(user, discussion),
        "can_close": permissions.can_close_discussion(user, discussion),
        "following": follows.is_following(user, discussion),
        "followed_themes": follows.followed_ids(user, Theme),
        "support_form": support_form
        or (SupportForm(associations=can_support_for) if can_support_for else None),
        "raise_form": RaiseForm() if permissions.can_raise_discussion(user, discussion) else None,
        "close_form": close_form
        or (CloseForm() if permissions.can_close_discussion(user, discussion) else None),
        "comments_title": _("Comments"),
        "decisions": discussion.outcome_decisions.select_related("minutes", "meeting"),
    }
    return context


@network_member_required
def discussion_detail(request, pk):
    discussion = get_discussion(request, pk)
    readercache.keep(request)
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
    row = discussions.support(
        discussion,
        request.user,
        form.cleaned_data["association"],
        form.cleaned_data["note"].strip(),
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

    return post_from_request(
        request,
        discussion,
        allowed=permissions.can_view_discussion(request.user, discussion),
        refusal=(
            _("This discussion is locked by the coordination: no new comment.")
            if discussion.locked
            else None
        ),
        render=render_page,
        notify=lambda comment: discussions.comment_posted(discussion, comment),
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
    discussions.raise_to_meeting(discussion, request.user, meeting)
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
    discussions.close(
        discussion, form.cleaned_data["outcome"].strip(), form.cleaned_data["decisions"]
    )
    messages.success(
        request, _("The discussion is closed with its outcome; its followers are told.")
    )
    return redirect(discussion.get_absolute_url())


@coordinator_required
@require_POST
def lock(request, pk):
    discussion = get_discussion(request, pk)
    discussions.set_locked(discussion, request.POST.get("locked") == "1")
    messages.success(
        request,
        _("The discussion is locked: no new comment.")
        if discussion.locked
        else _("The discussion is open to comments again."),
    )
    return redirect(discussion.get_absolute_url())
