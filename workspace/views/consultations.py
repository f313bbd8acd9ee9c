"""Consultations on decisions: opening one on a topic (the coordination), reading the
positions of every association and taking one's own (an association's editors).

Whoever may see the topic sees the consultation; others get 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..forms.consultations import ConsultationForm, PositionForm
from ..models import Association, Consultation, Stance
from ..services import consultations as services
from .decorators import coordinator_required, network_member_required
from .topics import get_topic


@coordinator_required
def open_on_topic(request, pk):
    topic = get_topic(request, pk)
    refusal = services.topic_refusal(topic)
    if refusal:
        messages.error(request, refusal)
        return redirect(topic.get_absolute_url())
    form = ConsultationForm(
        request.POST if request.method == "POST" else None,
        initial={
            "question": _("Do you agree with this decision: “%(title)s”?") % {"title": topic.title}
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultation = services.open_on_topic(
                request.user,
                topic,
                question=form.cleaned_data["question"],
                closes_at=form.cleaned_data["closes_at"],
            )
        except services.ConsultationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The consultation is open: every association's editors are told."),
            )
            return redirect(consultation.get_absolute_url())
    return render(
        request,
        "workspace/consultation_form.html",
        {"form": form, "topic": topic, "subject": topic.title, "back": topic.get_absolute_url()},
        status=400 if form.is_bound else 200,
    )


def get_consultation(request, pk):
    consultation = get_object_or_404(
        Consultation.objects.select_related("topic", "topic__association", "meeting"), pk=pk
    )
    if not permissions.can_view_consultation(request.user, consultation):
        raise Http404
    return consultation


@network_member_required
def consultation_detail(request, pk):
    """The question, the counts, each association's position and reason; the position form
    for an association's editors while it is open (POST takes the position)."""
    consultation = get_consultation(request, pk)
    user = request.user
    associations = permissions.position_associations(user, consultation)
    is_open = consultation.is_open()
    form, status = None, 200
    if request.method == "POST":
        if not associations:
            raise PermissionDenied(_("Only an association's editors take its position."))
        form = PositionForm(request.POST, associations=associations)
        if form.is_valid():
            association = form.cleaned_data["association"]
            try:
                services.take_position(
                    consultation,
                    user,
                    association,
                    stance=form.cleaned_data["stance"],
                    reason=form.cleaned_data["reason"],
                )
            except services.ConsultationError as error:
                if consultation.is_open():
                    form.add_error(None, str(error))
                else:
                    messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _(
                        "The position of %(association)s is recorded; it can change until the consultation closes."
                    )
                    % {"association": association.name},
                )
                return redirect(f"{consultation.get_absolute_url()}#positions")
        status = 400
        is_open = consultation.is_open()
    positions = services.positions_of(consultation)
    by_association = {position.association_id: position for position in positions}
    rows = [
        {"association": association, "position": by_association.get(association.pk)}
        for association in Association.objects.active().order_by("name")
    ]
    # Associations that left the network keep their position in the list.
    listed = {row["association"].pk for row in rows}
    rows += [
        {"association": p.association, "position": p}
        for p in positions
        if p.association_id not in listed
    ]
    if form is None and associations and is_open:
        own = by_association.get(associations[0].pk) if len(associations) == 1 else None
        form = PositionForm(
            associations=associations,
            initial={"stance": own.stance, "reason": own.reason} if own else None,
        )
    context = {
        "consultation": consultation,
        "topic": consultation.topic,
        "rows": rows,
        "counts": [
            {"stance": stance, "label": Stance(stance).label, "count": count}
            for stance, count in services.tally(consultation, positions).items()
        ],
        "summary": services.summary(consultation, positions),
        "answered": len(positions),
        "is_open": is_open,
        "form": form if is_open else None,
        "can_answer": bool(associations),
        "now": timezone.now(),
    }
    return render(request, "workspace/consultation_detail.html", context, status=status)
