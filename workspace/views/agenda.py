"""The agenda builder of a meeting (the coordinator's) and the agenda as a PDF."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from weasyprint import HTML

from entraide import files

from .. import permissions
from ..forms.agenda import AgendaItemForm
from ..models import AgendaItem, AgendaItemKind, TopicStatus
from ..services import agenda, topics
from .decorators import coordinator_required, network_member_required
from .meetings import get_meeting


@coordinator_required
def agenda_builder(request, slug):
    meeting = get_meeting(slug)
    add_form = AgendaItemForm(prefix="add")
    if request.method == "POST":
        response = _agenda_action(request, meeting)
        if response is not None:
            return response
        add_form = getattr(request, "_agenda_add_form", add_form)
    items = list(meeting.agenda_items.select_related("topic__association", "presenter"))
    rows, overrun = agenda.schedule(meeting, items)
    presenters = None
    for row in rows:
        row["form"] = AgendaItemForm(instance=row["item"], prefix=f"item{row['item'].pk}")
        # The presenters' list is read once for every row (not one query per item).
        field = row["form"].fields["presenter"]
        if presenters is None:
            presenters = list(field.choices)
        field.choices = presenters
    pending = list(
        meeting.topics.filter(status__in=[TopicStatus.PROPOSED, TopicStatus.DEFERRED])
        .select_related("association")
        .annotate(support_count=Count("supports"))
        .order_by("-support_count", "late", "created_at")
    )
    # "We too": how many other associations support each topic, in one query for them all.
    names = topics.supporters([row["item"].topic_id for row in rows if row["item"].topic_id])
    names.update(topics.supporters([topic.pk for topic in pending]))
    for row in rows:
        row["supporters"] = names.get(row["item"].topic_id, [])
    for topic in pending:
        topic.supporters = names.get(topic.pk, [])
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
            agenda.add_item(meeting, **form.cleaned_data)
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
            agenda.update_item(item, **form.cleaned_data)
            messages.success(request, _("Item updated."))
        else:
            messages.error(
                request,
                _("The item was not changed: %(errors)s")
                % {"errors": " ".join(str(e) for errors in form.errors.values() for e in errors)},
            )
    elif action == "remove":
        agenda.remove_item(item)
        messages.success(request, _("Item removed from the agenda."))
    return redirect(f"{reverse('meetings:agenda', args=[meeting.slug])}#item-{item.pk}")


@network_member_required
def agenda_pdf(request, slug):
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
