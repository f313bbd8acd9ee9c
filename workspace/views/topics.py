"""Topics proposed for the meetings: the list, proposing and changing one (with its
attachments), the coordination's answer and outcome, the attachments, the comments.

Until accepted, a proposal is private to its association and the coordination: another
association gets 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail import hooks

from entraide import files, readercache
from entraide.redirects import safe_next

from .. import permissions
from ..forms.comments import thread_context
from ..forms.topics import OutcomeForm, TopicAnswerForm, TopicForm
from ..models import Topic, TopicAttachment, TopicStatus, TopicSupport
from ..models.topics import EDITABLE, NETWORK_VISIBLE, SUPPORTABLE
from ..notifications import follows
from ..services import consultations as consultation_services
from ..services import topics
from ..services.meetings import next_open_meeting
from .comments import post_from_request
from .decorators import coordinator_required, network_member_required


@network_member_required
def topic_list(request):
    user = request.user
    access = permissions.access(user)
    mine = Topic.objects.none()
    if access.association_ids():
        mine = Topic.objects.filter(association_id__in=access.association_ids())
    base = Topic.objects.select_related("association", "meeting").annotate(
        support_count=Count("supports")
    )
    context = {
        "mine": base.filter(pk__in=mine.values("pk")).order_by("-created_at"),
        "network": base.filter(status__in=NETWORK_VISIBLE).order_by(
            "-meeting__date", "-created_at"
        )[:100],
        "can_propose": permissions.can_propose_topic(user),
        "is_coordinator": permissions.is_coordinator(user),
        "others": others_proposals(user, base),
    }
    if context["is_coordinator"]:
        context["to_answer"] = base.filter(status__in=EDITABLE).order_by(
            "-support_count", "late", "created_at"
        )
    return render(request, "workspace/topic_list.html", context)


def others_proposals(user, base):
    """Proposals of the other associations waiting for an answer, as their members may see
    them to say "we too": title, kind, association, meeting and who supports them."""
    own = permissions.access(user).association_ids()
    if not own:
        return []
    rows = list(
        base.filter(status__in=EDITABLE, association__isnull=False)
        .exclude(association_id__in=own)
        .order_by("-support_count", "created_at")[:100]
    )
    supported = {}
    for topic_id, association_id in TopicSupport.objects.filter(
        topic__in=rows, association_id__in=own
    ).values_list("topic_id", "association_id"):
        supported.setdefault(topic_id, set()).add(association_id)
    names = topics.supporters([t.pk for t in rows])
    associations = permissions.proposing_associations(user)
    for topic in rows:
        topic.supporters = names.get(topic.pk, [])
        topic.support_choices = [
            (a, a.pk in supported.get(topic.pk, set()))
            for a in associations
            if a.pk != topic.association_id
        ]
    return rows


def support_context(user, topic):
    """Who said "we too" on ``topic``, and what ``user`` may do about it (its page)."""
    names = topics.supporters([topic.pk]).get(topic.pk, [])
    choices = []
    if permissions.supporting_associations(user, topic):
        supported = set(
            TopicSupport.objects.filter(topic=topic).values_list("association_id", flat=True)
        )
        choices = [(a, a.pk in supported) for a in permissions.supporting_associations(user, topic)]
    return {"supporters": names, "support_choices": choices}


@network_member_required
def propose_topic(request):
    user = request.user
    if not permissions.can_propose_topic(user):
        raise PermissionDenied
    associations = permissions.proposing_associations(user)
    target = next_open_meeting()
    late_meeting = target if topics.is_late(target) else None
    form = TopicForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        associations=associations,
        allow_ccas=permissions.is_coordinator(user),
        late_meeting=late_meeting,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        topic = topics.propose_topic(
            user,
            association=data.get("association"),
            title=data["title"],
            description=data["description"],
            kind=data["kind"],
            estimated_minutes=data["estimated_minutes"],
            meeting=target,
            attachments=form.new_attachments(),
        )
        if topic.late:
            messages.warning(
                request,
                _(
                    "Your proposal is sent, marked late: the coordination will tell you whether it can be discussed."
                ),
            )
        else:
            messages.success(
                request,
                _("Your proposal is sent. The coordination will answer it; follow its state here."),
            )
        return redirect(topic.get_absolute_url())
    return render(
        request,
        "workspace/topic_form.html",
        {"form": form, "target": target, "late_meeting": late_meeting},
    )


def consultations_context(user, topic):
    """The consultations on ``topic`` with their counts, and whether one may open now."""
    now = timezone.now()
    entries = [
        {
            "consultation": consultation,
            "is_open": consultation.is_open(now),
            "summary": consultation_services.summary(consultation),
        }
        for consultation in topic.consultations.all()
    ]
    can_open = (
        permissions.can_open_consultation(user)
        and consultation_services.topic_refusal(topic, now) is None
    )
    return {"consultations": entries, "can_open_consultation": can_open}


def get_topic(request, pk):
    topic = get_object_or_404(
        Topic.objects.select_related("association", "meeting", "proposed_by"), pk=pk
    )
    if not permissions.can_view_topic(request.user, topic):
        raise Http404
    return topic


@network_member_required
def topic_detail(request, pk, comment_form=None, answer_form=None, outcome_form=None, status=200):
    topic = get_topic(request, pk)
    readercache.keep(request)
    user = request.user
    is_coordinator = permissions.is_coordinator(user)
    can_comment = permissions.can_comment(user, topic)
    can_moderate = permissions.can_moderate(user)
    context = {
        "topic": topic,
        "attachments": topic.attachments.all(),
        **thread_context(
            request,
            topic,
            moderator=is_coordinator,
            form=comment_form,
            can_comment=can_comment,
            can_moderate=can_moderate,
        ),
        "can_comment": can_comment,
        "can_edit": permissions.can_edit_topic(user, topic),
        "can_moderate": can_moderate,
        "is_coordinator": is_coordinator,
        "following": follows.is_following(user, topic),
        **support_context(user, topic),
    }
    context.update(consultations_context(user, topic))
    # What came of it (the minutes: where it was discussed, its decisions and actions).
    for hook in hooks.get_hooks("entraide_topic_page"):
        context.update(hook(request, topic))
    if permissions.can_answer_topic(user):
        if topic.status in EDITABLE:
            context["answer_form"] = answer_form or TopicAnswerForm(
                initial={"meeting": topic.meeting_id}
            )
        if topic.status in (TopicStatus.ACCEPTED, TopicStatus.DISCUSSED):
            context["outcome_form"] = outcome_form or OutcomeForm()
    return render(request, "workspace/topic_detail.html", context, status=status)


@network_member_required
@require_POST
def support_topic(request, pk):
    """ "We too": an association other than the topic's says it matters to it as well, or
    takes it back (a toggle). Whoever may not see the proposal's title gets 404."""
    topic = get_object_or_404(Topic.objects.select_related("association"), pk=pk)
    user = request.user
    if not permissions.can_see_proposal_title(user, topic):
        raise Http404
    back = safe_next(request, request.POST.get("next"), reverse_topic_back(user, topic))
    if topic.status not in SUPPORTABLE:
        messages.info(request, _("This topic was already discussed: it needs no more support."))
        return redirect(back)
    associations = permissions.supporting_associations(user, topic)
    if not associations:
        raise PermissionDenied
    chosen = request.POST.get("association", "")
    association = next((a for a in associations if str(a.pk) == chosen), None)
    if association is None and len(associations) == 1 and not chosen:
        association = associations[0]
    if association is None:
        messages.error(request, _("Choose the association that says “we too”."))
        return redirect(back)
    row = topics.toggle_support(topic, user, association)
    if row is None:
        messages.success(
            request,
            _("%(association)s no longer says “we too” on this topic.")
            % {"association": association.name},
        )
    else:
        messages.success(
            request,
            _(
                "Noted: %(association)s says “we too”. The coordination sees it as it builds the agenda."
            )
            % {"association": association.name},
        )
    return redirect(back)


def reverse_topic_back(user, topic):
    """Where a "we too" leads back: the topic's page when the person may read it, else the list."""
    if permissions.can_view_topic(user, topic):
        return topic.get_absolute_url()
    return f"{reverse('meetings:topics')}#proposal-{topic.pk}"


@network_member_required
def edit_topic(request, pk):
    topic = get_topic(request, pk)
    if not permissions.can_edit_topic(request.user, topic):
        raise Http404
    associations = permissions.proposing_associations(request.user)
    if topic.association and topic.association not in associations:
        associations = [topic.association, *associations]
    initial = {
        "association": topic.association_id,
        "title": topic.title,
        "description": topic.description,
        "kind": topic.kind,
        "estimated_minutes": topic.estimated_minutes,
    }
    form = TopicForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=initial,
        associations=associations,
        allow_ccas=topic.association_id is None,
        topic=topic,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        topics.update_topic(
            topic,
            request.user,
            association=data.get("association"),
            add=form.new_attachments(),
            remove=data.get("remove_attachments") or [],
            **{name: data[name] for name in ("title", "description", "kind", "estimated_minutes")},
        )
        messages.success(request, _("The proposal is updated."))
        return redirect(topic.get_absolute_url())
    return render(request, "workspace/topic_form.html", {"form": form, "topic": topic})


@network_member_required
def withdraw_topic(request, pk):
    topic = get_topic(request, pk)
    if not permissions.can_edit_topic(request.user, topic):
        raise Http404
    if request.method == "POST":
        topics.withdraw_topic(topic)
        messages.success(request, _("The proposal is withdrawn."))
        return redirect("meetings:topics")
    return render(request, "workspace/topic_withdraw.html", {"topic": topic})


@coordinator_required
@require_POST
def answer_topic(request, pk):
    topic = get_topic(request, pk)
    if topic.status not in EDITABLE:
        messages.info(request, _("This topic was already answered."))
        return redirect(topic.get_absolute_url())
    form = TopicAnswerForm(request.POST)
    if not form.is_valid():
        return topic_detail(request, pk, answer_form=form)
    data = form.cleaned_data
    if data["decision"] == TopicAnswerForm.ACCEPT:
        topics.accept_topic(topic, request.user, data["meeting"])
        messages.success(
            request,
            _("Topic accepted and placed on the agenda of %(meeting)s.")
            % {"meeting": data["meeting"].title},
        )
        return redirect("meetings:agenda", slug=data["meeting"].slug)
    if data["decision"] == TopicAnswerForm.DEFER:
        topics.defer_topic(topic, request.user, data["reason"].strip(), data.get("meeting"))
        messages.success(request, _("Topic deferred; the association reads your answer."))
    else:
        topics.decline_topic(topic, request.user, data["reason"].strip())
        messages.success(request, _("Topic declined; the association reads your answer."))
    return redirect(topic.get_absolute_url())


@coordinator_required
@require_POST
def close_topic(request, pk):
    topic = get_topic(request, pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return topic_detail(request, pk, outcome_form=form)
    topics.close_topic(topic, request.user, form.cleaned_data["outcome"].strip())
    messages.success(request, _("Topic closed with its outcome."))
    return redirect(topic.get_absolute_url())


def topic_attachment(request, pk, attachment_pk):
    # A file is never a page to log in to: whoever may not read it gets 404, signed in or not.
    if not permissions.is_network_member(request.user):
        raise Http404
    topic = get_topic(request, pk)
    attachment = get_object_or_404(TopicAttachment, pk=attachment_pk, topic=topic)
    return files.file_response(
        attachment.file, files.download_name(attachment.name), attachment.content_type
    )


@network_member_required
@require_POST
def post_comment(request, pk):
    topic = get_topic(request, pk)

    return post_from_request(
        request,
        topic,
        allowed=permissions.can_comment(request.user, topic),
        render=lambda form, status: topic_detail(request, pk, comment_form=form, status=status),
        notify=lambda comment: topics.comment_posted(topic, comment),
        url=topic.get_absolute_url(),
        success=_("Your comment is published."),
    )
