"""Meetings, topics, agendas, attendance and comments: the workspace's own pages.

The meeting list and each meeting are Wagtail pages (served through ``serve``); the
actions around them are ordinary views under ``/reunions/``. Every view asks
``permissions``; another association's private object answers 404.
"""

from dateutil.relativedelta import relativedelta
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from entraide import files

from . import agenda, calendar, comments, extensions, follows, permissions, rotation
from .decorators import coordinator_required, login_required, network_member_required
from .forms_meetings import (
    AgendaItemForm,
    AttendanceForm,
    MeetingForm,
    OutcomeForm,
    PlanSeriesForm,
    ReasonForm,
    RecordAttendanceForm,
    TopicAnswerForm,
    TopicForm,
    meeting_initial,
)
from .models import (
    AgendaItem,
    AgendaItemKind,
    Association,
    CalendarFeed,
    MeetingPage,
    MeetingStatus,
    NetworkSettings,
    Topic,
    TopicAttachment,
    TopicStatus,
)
from .models.topics import EDITABLE, NETWORK_VISIBLE


def get_meeting(slug):
    return get_object_or_404(MeetingPage.objects.live().select_related("host"), slug=slug)


def _require_network(request):
    if not permissions.can_view_meetings(request.user):
        raise PermissionDenied


# --- Meeting pages (served by Wagtail) ---------------------------------------------


def meeting_index(request, page):
    _require_network(request)
    today = timezone.localdate()
    meetings = MeetingPage.objects.live().select_related("host")
    return render(
        request,
        "workspace/meeting_index_page.html",
        {
            "page": page,
            "upcoming": meetings.filter(date__gte=today).order_by("date", "start_time"),
            "past": meetings.filter(date__lt=today).order_by("-date")[:30],
            "can_plan": permissions.can_plan_meetings(request.user),
        },
    )


def meeting_detail(request, page, attendance_form=None, status=200):
    _require_network(request)
    user = request.user
    is_coordinator = permissions.is_coordinator(user)
    items = list(page.agenda_items.select_related("topic", "presenter"))
    rows, overrun = agenda.schedule(page, items)
    counts = comments.count_for([item.topic for item in items if item.topic_id])
    for row in rows:
        row["comments"] = counts.get(row["item"].topic_id, 0)
    agenda.add_follow_up(rows, page, user)

    answerable = [] if page.has_started else permissions.attendance_associations(user)
    if not is_coordinator:
        answerable = [a for a in answerable if a.is_active]
    answers = {a.association_id: a for a in page.attendances.select_related("association")}
    if attendance_form is None and answerable and not is_coordinator:
        mine = answers.get(answerable[0].pk)
        initial = {"association": answerable[0].pk}
        if mine and mine.answer:
            initial.update(answer=mine.answer, people_count=mine.people_count)
        attendance_form = AttendanceForm(associations=answerable, initial=initial)
    my_answers = [answers[a.pk] for a in answerable if a.pk in answers and answers[a.pk].answer]

    context = {
        "page": page,
        "schedule": rows,
        "overrun": overrun,
        "show_agenda": page.agenda_is_published or is_coordinator,
        "is_coordinator": is_coordinator,
        "attendance_form": attendance_form if not is_coordinator else None,
        "my_answers": my_answers,
        "can_decline": permissions.can_decline_hosting(user, page)
        and not page.has_started
        and not page.is_cancelled,
        "declines": page.host_declines.select_related("association"),
    }
    context.update(extensions.context_for(extensions.meeting_page, request, page))
    if is_coordinator:
        context["attendance"] = agenda.attendance_summary(
            page, Association.objects.active().order_by("name")
        )
        context["pending_topics"] = page.topics.filter(
            status__in=[TopicStatus.PROPOSED, TopicStatus.DEFERRED]
        ).count()
        if page.host_id is None and not page.is_cancelled:
            context["suggested_host"] = rotation.suggest_host(page)
    return render(request, "workspace/meeting_page.html", context, status=status)


# --- Planning ----------------------------------------------------------------------


@coordinator_required
def plan(request):
    suggestion = rotation.suggest_host()
    next_date = rotation.next_dates(1)[0]
    initial = {**meeting_initial(next_date), "host": suggestion}
    form = MeetingForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = agenda.plan_meeting(request.user, **data)
        messages.success(
            request,
            _("The meeting of %(date)s is planned.")
            % {"date": date_format(meeting.date, "DATE_FORMAT")},
        )
        return redirect("meetings:agenda", slug=meeting.slug)
    return render(
        request,
        "workspace/meeting_form.html",
        {"form": form, "ranking": rotation.ranking(), "suggestion": suggestion, "planning": True},
    )


@coordinator_required
def edit_meeting(request, slug):
    meeting = get_meeting(slug)
    initial = {
        "date": meeting.date,
        "start_time": meeting.start_time,
        "end_time": meeting.end_time,
        "host": meeting.host_id or rotation.suggest_host(meeting),
        "venue": meeting.venue,
        "video_url": meeting.video_url,
        "proposal_deadline": meeting.proposal_deadline,
    }
    form = MeetingForm(
        request.POST if request.method == "POST" else None, initial=initial, meeting=meeting
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["proposal_deadline"] = data["proposal_deadline"] or agenda.default_deadline(
            data["date"]
        )
        changed = agenda.update_meeting(meeting, request.user, **data)
        if changed:
            messages.success(request, _("The meeting is updated; calendars will show the change."))
        else:
            messages.info(request, _("Nothing changed."))
        return redirect(meeting.url)
    return render(
        request,
        "workspace/meeting_form.html",
        {
            "form": form,
            "meeting": meeting,
            "ranking": rotation.ranking(meeting),
            "suggestion": rotation.suggest_host(meeting),
        },
    )


@coordinator_required
def cancel_meeting(request, slug):
    meeting = get_meeting(slug)
    if meeting.is_cancelled:
        messages.info(request, _("This meeting is already cancelled."))
        return redirect(meeting.url)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        agenda.cancel_meeting(meeting, request.user, form.cleaned_data["reason"])
        messages.success(
            request,
            _(
                "The meeting is cancelled; the members are told and its topics wait for the next one."
            ),
        )
        return redirect(meeting.url)
    return render(request, "workspace/meeting_cancel.html", {"meeting": meeting, "form": form})


@login_required
def decline_hosting(request, slug):
    meeting = get_meeting(slug)
    if not permissions.can_decline_hosting(request.user, meeting):
        raise Http404
    if meeting.has_started or meeting.is_cancelled:
        messages.error(request, _("It is too late to decline hosting this meeting."))
        return redirect(meeting.url)
    form = ReasonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        association = agenda.decline_hosting(meeting, request.user, form.cleaned_data["reason"])
        messages.success(
            request,
            _(
                "%(association)s will not host this meeting. The coordination is told and will find another host."
            )
            % {"association": association},
        )
        return redirect(meeting.url)
    return render(request, "workspace/meeting_decline.html", {"meeting": meeting, "form": form})


@network_member_required
def rotation_view(request):
    today = timezone.localdate()
    interval = NetworkSettings.load().meeting_interval_months
    horizon = today + relativedelta(years=1)
    planned = list(
        MeetingPage.objects.live()
        .filter(date__gte=today, date__lte=horizon)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("host")
        .order_by("date")
    )
    wanted = max(0, 12 // interval - len(planned))
    last_planned = planned[-1].date if planned else None
    dates = (
        [d for d in rotation.next_dates(wanted, after=last_planned) if d <= horizon]
        if wanted
        else []
    )
    suggestions = rotation.suggest_series(dates)
    past = (
        MeetingPage.objects.live()
        .filter(date__lt=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("host")
        .order_by("-date")[:24]
    )
    form = PlanSeriesForm(
        request.POST if request.method == "POST" else None, initial={"count": len(suggestions)}
    )
    if request.method == "POST":
        if not permissions.can_plan_meetings(request.user):
            raise PermissionDenied
        if form.is_valid():
            count = form.cleaned_data["count"]
            series = rotation.suggest_series(rotation.next_dates(count, after=last_planned))
            initial = meeting_initial()
            with transaction.atomic():
                for date, host in series:
                    agenda.plan_meeting(
                        request.user,
                        date=date,
                        start_time=initial["start_time"],
                        end_time=initial["end_time"],
                        host=host,
                    )
            messages.success(
                request,
                _("%(count)s meetings are planned with the suggested hosts.") % {"count": count},
            )
            return redirect("meetings:rotation")
    return render(
        request,
        "workspace/rotation.html",
        {
            "past": past,
            "planned": planned,
            "suggestions": suggestions,
            "ranking": rotation.ranking(),
            "form": form,
            "can_plan": permissions.can_plan_meetings(request.user),
        },
    )


# --- Agenda ------------------------------------------------------------------------


@coordinator_required
def agenda_builder(request, slug):
    meeting = get_meeting(slug)
    add_form = AgendaItemForm(prefix="add")
    if request.method == "POST":
        response = _agenda_action(request, meeting)
        if response is not None:
            return response
        add_form = getattr(request, "_agenda_add_form", add_form)
    items = list(meeting.agenda_items.select_related("topic", "presenter"))
    rows, overrun = agenda.schedule(meeting, items)
    for row in rows:
        row["form"] = AgendaItemForm(instance=row["item"], prefix=f"item{row['item'].pk}")
    pending = meeting.topics.filter(
        status__in=[TopicStatus.PROPOSED, TopicStatus.DEFERRED]
    ).select_related("association")
    return render(
        request,
        "workspace/agenda_builder.html",
        {
            "meeting": meeting,
            "schedule": rows,
            "overrun": overrun,
            "add_form": add_form,
            "pending": pending,
        },
    )


def _agenda_action(request, meeting):
    action = request.POST.get("action", "")
    back = redirect("meetings:agenda", slug=meeting.slug)
    if action == "publish":
        if meeting.is_cancelled:
            messages.error(request, _("A cancelled meeting has no agenda to publish."))
            return back
        agenda.publish_agenda(meeting, request.user)
        messages.success(
            request, _("The agenda is published; every member association receives it by e-mail.")
        )
        return redirect(meeting.url)
    if action == "add":
        form = AgendaItemForm(
            request.POST,
            prefix="add",
            instance=AgendaItem(meeting=meeting, kind=AgendaItemKind.OTHER),
        )
        if form.is_valid():
            item = form.save(commit=False)
            item.position = 9999
            item.save()
            agenda.renumber(meeting)
            # Keep the closing items last.
            for closing in meeting.agenda_items.filter(
                kind__in=[AgendaItemKind.ACTIONS, AgendaItemKind.NEXT_MEETING]
            ):
                agenda.move_item_to(closing, 9999)
            messages.success(request, _("Item added."))
            return back
        request._agenda_add_form = form
        messages.error(request, _("The item was not added: see the form below."))
        return None
    item = get_object_or_404(AgendaItem, pk=request.POST.get("item"), meeting=meeting)
    if action in ("up", "down"):
        agenda.move_item(item, -1 if action == "up" else 1)
    elif action == "move":
        try:
            agenda.move_item_to(item, int(request.POST.get("position", "")))
        except ValueError:
            messages.error(request, _("Give the new position as a number."))
    elif action == "update":
        form = AgendaItemForm(request.POST, instance=item, prefix=f"item{item.pk}")
        if form.is_valid():
            form.save()
            messages.success(request, _("Item updated."))
        else:
            messages.error(
                request,
                _("The item was not changed: %(errors)s")
                % {"errors": " ".join(str(e) for errors in form.errors.values() for e in errors)},
            )
    elif action == "remove":
        if item.topic_id and item.topic.status == TopicStatus.ACCEPTED:
            Topic.objects.filter(pk=item.topic_id).update(status=TopicStatus.PROPOSED)
        item.delete()
        agenda.renumber(meeting)
        messages.success(request, _("Item removed from the agenda."))
    return redirect(f"{reverse('meetings:agenda', args=[meeting.slug])}#item-{item.pk}")


@network_member_required
def agenda_pdf(request, slug):
    from weasyprint import HTML

    meeting = get_meeting(slug)
    if not (meeting.agenda_is_published or permissions.is_coordinator(request.user)):
        raise Http404
    rows, overrun = agenda.schedule(meeting)
    agenda.add_follow_up(rows, meeting, request.user)
    html = render_to_string(
        "workspace/agenda_pdf.html", {"meeting": meeting, "schedule": rows, "request": request}
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="ordre-du-jour-{meeting.date.isoformat()}.pdf"'
    )
    return files.protect(response)


@network_member_required
def meeting_ics(request, slug):
    meeting = get_meeting(slug)
    response = HttpResponse(
        calendar.meeting_ics(meeting), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="reunion-{meeting.date.isoformat()}.ics"'
    )
    return files.protect(response)


# --- Attendance --------------------------------------------------------------------


@network_member_required
@require_POST
def answer_attendance(request, slug):
    meeting = get_meeting(slug)
    associations = permissions.attendance_associations(request.user)
    if not associations:
        raise Http404
    if meeting.has_started or meeting.is_cancelled:
        messages.error(
            request, _("The meeting has started or is cancelled: answers can no longer change.")
        )
        return redirect(meeting.url)
    form = AttendanceForm(request.POST, associations=associations)
    if not form.is_valid():
        if "association" in form.errors:
            raise Http404  # an association the person does not answer for
        return meeting_detail(request, meeting, attendance_form=form, status=200)
    data = form.cleaned_data
    agenda.answer_attendance(
        meeting, data["association"], request.user, data["answer"], data.get("people_count")
    )
    messages.success(request, _("Your answer is saved. You can change it until the meeting."))
    return redirect(f"{meeting.url}#presence")


@coordinator_required
@require_POST
def remind_attendance(request, slug):
    meeting = get_meeting(slug)
    summary = agenda.attendance_summary(meeting, Association.objects.active())
    if agenda.remind_attendance(meeting, request.user, summary["missing"]):
        messages.success(
            request,
            _("A reminder goes to the editors of %(count)s association(s) that have not answered.")
            % {"count": len(summary["missing"])},
        )
    else:
        messages.info(request, _("Every association has answered."))
    return redirect(f"{meeting.url}#presence")


@coordinator_required
def record_attendance(request, slug):
    meeting = get_meeting(slug)
    if not meeting.has_started:
        messages.error(request, _("Actual attendance is recorded once the meeting has started."))
        return redirect(meeting.url)
    associations = list(Association.objects.active().order_by("name"))
    answers = {a.association_id: a for a in meeting.attendances.all()}
    initial_presence = {
        pk: (
            a.present_count
            if a.present_count is not None
            else (a.people_count if a.answer == "coming" else None)
        )
        for pk, a in answers.items()
    }
    topic_items = [
        i for i in meeting.agenda_items.select_related("topic") if i.kind == AgendaItemKind.TOPIC
    ]
    form = RecordAttendanceForm(
        request.POST if request.method == "POST" else None,
        associations=associations,
        topic_items=topic_items,
        initial_presence=initial_presence,
    )
    if request.method == "POST" and form.is_valid():
        agenda.record_attendance(meeting, request.user, form.presence(), form.covered())
        messages.success(
            request, _("Attendance recorded. Topics not covered move to the next meeting.")
        )
        return redirect(meeting.url)
    return render(request, "workspace/attendance_record.html", {"meeting": meeting, "form": form})


# --- Topics ------------------------------------------------------------------------


@network_member_required
def topic_list(request):
    user = request.user
    access = permissions.access(user)
    mine = Topic.objects.none()
    if access.association_ids():
        mine = Topic.objects.filter(association_id__in=access.association_ids())
    base = Topic.objects.select_related("association", "meeting")
    context = {
        "mine": base.filter(pk__in=mine.values("pk")).order_by("-created_at"),
        "network": base.filter(status__in=NETWORK_VISIBLE).order_by(
            "-meeting__date", "-created_at"
        )[:100],
        "can_propose": permissions.can_propose_topic(user),
        "is_coordinator": permissions.is_coordinator(user),
    }
    if context["is_coordinator"]:
        context["to_answer"] = base.filter(status__in=EDITABLE).order_by("late", "created_at")
    return render(request, "workspace/topic_list.html", context)


@network_member_required
def propose_topic(request):
    user = request.user
    if not permissions.can_propose_topic(user):
        raise PermissionDenied
    associations = permissions.proposing_associations(user)
    target = agenda.next_open_meeting()
    late_meeting = target if agenda.is_late(target) else None
    form = TopicForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        associations=associations,
        allow_ccas=permissions.is_coordinator(user),
        late_meeting=late_meeting,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            topic = agenda.propose_topic(
                user,
                association=data.get("association"),
                title=data["title"],
                description=data["description"],
                kind=data["kind"],
                estimated_minutes=data["estimated_minutes"],
                meeting=target,
            )
            _save_attachments(topic, form, user)
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


def _save_attachments(topic, form, user):
    """Store the new files and remove those the form asks to remove (files after commit)."""
    for attachment in form.cleaned_data.get("remove_attachments") or []:
        stored = attachment.file
        attachment.delete()
        transaction.on_commit(lambda stored=stored: stored.delete(save=False))
    uploads = form.cleaned_data.get("attachments") or []
    for upload, content_type in zip(uploads, form.attachment_types, strict=True):
        TopicAttachment.objects.create(
            topic=topic,
            file=upload,
            name=upload.name[:200],
            content_type=content_type,
            size=upload.size,
            uploaded_by=user,
        )


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
    user = request.user
    is_coordinator = permissions.is_coordinator(user)
    context = {
        "topic": topic,
        "attachments": topic.attachments.all(),
        "comment_tree": comments.tree(topic, moderator=is_coordinator),
        "comment_form": comment_form or comments.CommentForm(topic),
        "can_comment": permissions.can_comment(user, topic),
        "can_edit": permissions.can_edit_topic(user, topic),
        "can_moderate": permissions.can_moderate(user),
        "is_coordinator": is_coordinator,
        "following": follows.is_following(user, topic),
    }
    if permissions.can_answer_topic(user):
        if topic.status in EDITABLE:
            context["answer_form"] = answer_form or TopicAnswerForm(
                initial={"meeting": topic.meeting_id}
            )
        if topic.status in (TopicStatus.ACCEPTED, TopicStatus.DISCUSSED):
            context["outcome_form"] = outcome_form or OutcomeForm()
    return render(request, "workspace/topic_detail.html", context, status=status)


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
        with transaction.atomic():
            for name in ("title", "description", "kind", "estimated_minutes"):
                setattr(topic, name, data[name])
            if data.get("association"):
                topic.association = data["association"]
            topic.save()
            _save_attachments(topic, form, request.user)
        messages.success(request, _("The proposal is updated."))
        return redirect(topic.get_absolute_url())
    return render(request, "workspace/topic_form.html", {"form": form, "topic": topic})


@network_member_required
def withdraw_topic(request, pk):
    topic = get_topic(request, pk)
    if not permissions.can_edit_topic(request.user, topic):
        raise Http404
    if request.method == "POST":
        agenda.withdraw_topic(topic)
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
        agenda.accept_topic(topic, request.user, data["meeting"])
        messages.success(
            request,
            _("Topic accepted and placed on the agenda of %(meeting)s.")
            % {"meeting": data["meeting"].title},
        )
        return redirect("meetings:agenda", slug=data["meeting"].slug)
    if data["decision"] == TopicAnswerForm.DEFER:
        agenda.defer_topic(topic, request.user, data["reason"].strip(), data.get("meeting"))
        messages.success(request, _("Topic deferred; the association reads your answer."))
    else:
        agenda.decline_topic(topic, request.user, data["reason"].strip())
        messages.success(request, _("Topic declined; the association reads your answer."))
    return redirect(topic.get_absolute_url())


@coordinator_required
@require_POST
def close_topic(request, pk):
    topic = get_topic(request, pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        return topic_detail(request, pk, outcome_form=form)
    agenda.close_topic(topic, request.user, form.cleaned_data["outcome"].strip())
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


# --- Comments ----------------------------------------------------------------------


@network_member_required
@require_POST
def post_comment(request, pk):
    topic = get_topic(request, pk)

    def notify(comment):
        from . import notifications

        notifications.emit(
            "comment_posted", f"comment:{comment.pk}", comment_id=comment.pk, topic_id=topic.pk
        )

    return comments.post_from_request(
        request,
        topic,
        allowed=permissions.can_comment(request.user, topic),
        render=lambda form, status: topic_detail(request, pk, comment_form=form, status=status),
        notify=notify,
        url=topic.get_absolute_url(),
        success=_("Your comment is published."),
    )


def _comment_for(request, comment_pk):
    from django_comments_xtd.models import XtdComment

    comment = get_object_or_404(XtdComment, pk=comment_pk, is_removed=False)
    if comment.content_type.model_class() is not Topic:
        # A comment on another app's object (a practice…): that app says who may see it.
        return comment, comments.registered_target(request, comment)
    topic = get_topic(request, int(comment.object_pk))
    return comment, topic


@network_member_required
@require_POST
def flag_comment(request, comment_pk):
    comment, topic = _comment_for(request, comment_pk)
    comments.flag(comment, request.user)
    messages.success(request, _("Thank you: the coordination will look at this comment."))
    return redirect(f"{topic.get_absolute_url()}#c{comment.pk}")


@coordinator_required
@require_POST
def hide_comment(request, comment_pk, hidden=True):
    comment, topic = _comment_for(request, comment_pk)
    comments.set_hidden(comment, request.user, hidden)
    messages.success(request, _("Comment hidden.") if hidden else _("Comment restored."))
    if request.POST.get("next") == "moderation":
        return redirect("meetings:moderation")
    return redirect(f"{topic.get_absolute_url()}#c{comment.pk}")


@coordinator_required
def moderation(request):
    from django_comments.models import CommentFlag

    reported = list(
        comments.reported()
        .select_related("user", "content_type")
        .annotate(
            flag_count=Count(
                "flags", filter=Q(flags__flag=CommentFlag.SUGGEST_REMOVAL), distinct=True
            )
        )
        .order_by("-submit_date")[:200]
    )
    hidden = list(
        comments.hidden().select_related("user", "content_type").order_by("-submit_date")[:200]
    )
    everything = reported + hidden
    topics = {
        t.pk: t
        for t in Topic.objects.filter(
            pk__in=[int(c.object_pk) for c in everything if c.content_type.model == "topic"]
        )
    }
    others = comments.describe_targets(c for c in everything if c.content_type.model != "topic")

    def rows(items):
        return [
            {
                "comment": c,
                "topic": topics.get(int(c.object_pk)) if c.content_type.model == "topic" else None,
                "target": others.get(c.pk),
            }
            for c in items
        ]

    return render(
        request,
        "workspace/moderation.html",
        {"reported": rows(reported), "hidden": rows(hidden)},
    )


@coordinator_required
@require_POST
def keep_comment(request, comment_pk):
    comment, topic = _comment_for(request, comment_pk)
    comments.keep(comment, request.user)
    messages.success(request, _("Comment kept; its reports are closed."))
    if request.POST.get("next") == "moderation":
        return redirect("meetings:moderation")
    return redirect(f"{topic.get_absolute_url()}#c{comment.pk}")


# --- Calendar feeds ----------------------------------------------------------------


@login_required
def calendar_settings(request):
    feed, _created = CalendarFeed.objects.get_or_create(user=request.user)
    if request.method == "POST":
        feed.regenerate()
        messages.success(request, _("A new private address is ready; the old one no longer works."))
        return redirect("workspace:calendar")
    url = request.build_absolute_uri(reverse("calendar_feed", args=[feed.token]))
    return render(request, "workspace/calendar_settings.html", {"feed_url": url})


def calendar_feed(request, token):
    feed = get_object_or_404(CalendarFeed.objects.select_related("user"), token=token)
    user = feed.user
    meetings = MeetingPage.objects.none()
    if user.is_active and permissions.can_view_meetings(user):
        since = timezone.localdate().replace(day=1, month=1)
        meetings = (
            MeetingPage.objects.live()
            .filter(date__gte=since.replace(year=since.year - 1))
            .select_related("host")
        )
    response = HttpResponse(
        calendar.feed_ics(meetings), content_type="text/calendar; charset=utf-8"
    )
    return files.protect(response, files.PRIVATE_FEED)
