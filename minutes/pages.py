"""What the minutes show: their page (as each reader may read it, confidential parts replaced),
and what they add to the workspace's pages (``minutes.wagtail_hooks``): the meeting page's
minutes block, a topic's outcome (where it was discussed, its decisions and actions), the
agenda's follow-up of actions, an association's actions, and what needs attention on the
workspace home.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail.models import TaskState

from entraide import pagecache, readercache
from entraide.dates import format_date as date_format
from workspace.models import MeetingPage, Position
from workspace.permissions import access, fragment_level, is_coordinator
from workspace.services.memberships import coordinators

from . import permissions, services
from .approval import attendance_recorded
from .forms import ActionUpdateForm, ErratumForm, SecretaryForm
from .models import (
    OPEN_STATUSES,
    ActionItem,
    CirculationTaskState,
    Decision,
    DirectorApprovalTask,
    MinutesPage,
    MinutesSection,
)

CONFIDENTIAL = gettext_lazy("[confidential item]")


def minutes_context(page, user, rows=True):
    """Sections, decisions and actions as ``user`` may read them: confidential parts replaced."""
    meeting = page.get_parent().specific
    see = permissions.can_see_confidential(user, meeting)
    decision_rows = (
        {d.uuid: d for d in page.decision_rows.prefetch_related("associations")} if rows else {}
    )
    action_rows = {a.uuid: a for a in page.action_rows.select_related("owner")} if rows else {}
    section_topics = dict(page.section_rows.values_list("uuid", "topic_id")) if page.pk else {}
    consulted = services.ConsultationsOf(meeting, [t for t in section_topics.values() if t])
    positions = positions_by_consultation(
        list(consulted.by_uuid.values()) + list(consulted.by_topic.values())
    )
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
            consultation = consulted.find(block.id, section_topics.get(section.id))
            outcome = data.get("outcome") or ""
            consultation_positions = positions.get(getattr(consultation, "pk", None), [])
            outcome_label, counts = services.decision_parts(
                outcome, consultation, consultation_positions
            )
            entry = {
                "outcome": outcome,
                "outcome_label": outcome_label,
                "counts": counts,
                "consultation": consultation,
                "own_consultation": consultation is not None
                and consultation.decision_uuid == block.id,
                "phrase": services.decision_phrase(outcome, consultation, consultation_positions)
                if outcome or consultation
                else "",
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


def positions_by_consultation(consultations):
    """{consultation pk: its positions with their association}, in one query."""
    found = {c.pk: [] for c in consultations}
    if found:
        for position in (
            Position.objects.filter(consultation__in=found)
            .select_related("association")
            .order_by("association__name")
        ):
            found[position.consultation_id].append(position)
    return found


def minutes_body(page, user):
    """The minutes' body (attendance, sections, tables of decisions and actions) as ``user``
    may read it, rendered once per reader level and kept in the cache until the minutes, their
    rows or the attendance change (``entraide_member_fragment_models``) or are published again:
    {"html": …, "see": whether the confidential parts are shown}."""

    def render():
        context = minutes_context(page, user)
        return {
            "html": render_to_string("minutes/includes/minutes_fragment.html", context),
            "see": context["can_see_confidential"],
        }

    key = (
        f"fragment:minutes:{page.pk}:{page.live_revision_id}:{fragment_level(user)}:"
        f"{translation.get_language()}:{timezone.localdate().isoformat()}"
    )
    return pagecache.remember(key, render, members=True)


def minutes_page_context(request, page):
    if not permissions.can_view_minutes(request.user):
        raise PermissionDenied
    readercache.keep(request)
    body = minutes_body(page, request.user)
    context = {
        "page": page,
        "meeting": page.get_parent().specific,
        "minutes_html": body["html"],
        "can_see_confidential": body["see"],
        "errata": page.errata.all(),
    }
    context["can_add_erratum"] = permissions.can_add_erratum(request.user)
    context["erratum_form"] = ErratumForm()
    # The same answer as the page's permission tester, without building one (a query).
    context["can_view_revisions"] = permissions.can_view_revisions(request.user)
    return context


def submitted_context(page, meeting):
    """The page whoever submitted the minutes lands on: to whom they circulate, until when,
    and who approves them after."""
    circulation = services.circulation_state(page)
    task_state = page.current_workflow_task_state
    awaiting_approval = task_state is not None and isinstance(
        task_state.task.specific, DirectorApprovalTask
    )
    present = [
        attendance.association
        for attendance in meeting.attendances.filter(present=True)
        .select_related("association")
        .order_by("association__name")
    ]
    return {
        "page": page,
        "meeting": meeting,
        "circulation": circulation,
        "deadline": localtime(circulation.deadline)
        if circulation and circulation.deadline
        else None,
        "awaiting_approval": awaiting_approval,
        "associations": present,
        "approvers": [person.get_full_name() or str(person) for person in coordinators()],
        "attendance_missing": not attendance_recorded(meeting),
        "draft_url": reverse("minutes:draft", args=[meeting.slug]),
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "meeting_url": meeting.url,
    }


# --- On the workspace's pages ------------------------------------------------------------


def follow_up(meeting, user):
    """Open action items decided at earlier meetings, for the next agenda."""
    entries = []
    for action in services.open_actions_before(meeting):
        hidden = action.confidential and not permissions.can_see_confidential(user, action.meeting)
        entries.append({"action": action, "hidden": hidden})
    return entries


def meeting_page(request, meeting):
    user = request.user
    page = MinutesPage.objects.child_of(meeting).first()
    context = {
        "minutes_enabled": True,
        "minutes_page": page,
        "minutes_live": page is not None and page.live,
        "can_draft_minutes": permissions.can_draft(user, meeting),
        "can_read_draft": page is not None
        and not page.live
        and (
            permissions.can_draft(user, meeting)
            or permissions.can_comment_circulation(user, meeting)
        ),
        "circulating": page is not None
        and not page.live
        and services.circulation_state(page) is not None,
    }
    if is_coordinator(user):
        context["secretary_form"] = SecretaryForm(initial={"secretary": meeting.secretary_id})
    return context


def topic_page(request, topic):
    return {"topic_outcome": topic_outcome(request, topic), "confidential_label": CONFIDENTIAL}


def topic_outcome(request, topic):
    """Where ``topic`` was discussed: for each minutes section covering it (published minutes,
    or a draft for whoever may read it), its link, decisions and actions, confidential parts
    replaced as on the minutes page. A fixed number of queries, whatever the decisions."""
    return topics_outcome(request, [topic]).get(topic.pk, [])


def topics_outcome(request, topics):
    """``topic_outcome`` of several topics at once: {topic id: entries}, in a fixed number of
    queries whatever the topics and decisions (an association's requests)."""
    user = request.user
    if not permissions.can_view_minutes(user):
        return {}
    sections = [
        section
        for section in MinutesSection.objects.filter(
            topic__in=[topic.pk for topic in topics], withdrawn=False, meeting__live=True
        )
        .select_related("minutes", "meeting")
        .order_by("meeting__date", "order")
        if section.minutes.live or permissions.can_read_draft(user, section.meeting)
    ]
    live = [section.pk for section in sections if section.minutes.live]
    decisions, actions = {}, {}
    if live:
        for row in Decision.objects.filter(minutes_section__in=live, withdrawn=False).order_by(
            "order"
        ):
            decisions.setdefault(row.minutes_section_id, []).append(row)
        for row in (
            ActionItem.objects.filter(minutes_section__in=live, withdrawn=False)
            .select_related("owner")
            .order_by("order")
        ):
            actions.setdefault(row.minutes_section_id, []).append(row)
    drafts = {}
    entries = {}
    for section in sections:
        see = permissions.can_see_confidential(user, section.meeting)
        if section.minutes.live:
            url = section.minutes.get_url(request)
            entry = _outcome_entry(section, url, see)
            entry["decisions"] = [
                _outcome_item(row.text, f"{url}#decision-{row.pk}", row.confidential, see)
                for row in decisions.get(section.pk, [])
            ]
            entry["actions"] = [
                {
                    **_outcome_item(row.what, f"{url}#action-{row.pk}", row.confidential, see),
                    "owner": row.owner,
                    "due_date": row.due_date,
                    "status": row.get_status_display(),
                    "status_code": row.status,
                }
                for row in actions.get(section.pk, [])
            ]
        else:
            if section.minutes_id not in drafts:
                drafts[section.minutes_id] = {
                    block.id: block.value
                    for block in section.minutes.get_latest_revision_as_object().sections
                }
            value = drafts[section.minutes_id].get(section.uuid)
            url = reverse("minutes:draft", args=[section.meeting.slug])
            entry = _outcome_entry(section, url, see)
            entry["draft"] = True
            if value is not None:
                entry.update(_draft_items(value, url, see))
        if entry["hidden"]:
            entry["decisions"], entry["actions"] = [], []
        entries.setdefault(section.topic_id, []).append(entry)
    return entries


def _outcome_entry(section, url, see):
    return {
        "meeting": section.meeting,
        "title": section.title,
        "url": f"{url}#section-{section.uuid}",
        "hidden": section.confidential and not see,
        "draft": False,
        "decisions": [],
        "actions": [],
    }


def _outcome_item(text, url, confidential, see):
    hidden = confidential and not see
    return {"text": "" if hidden else text, "url": url, "hidden": hidden}


def _draft_items(value, url, see):
    """A draft section's decisions and actions, from its blocks (rows come at publication)."""
    section_confidential = bool(value["confidential"])
    return {
        "decisions": [
            _outcome_item(
                block.value["text"],
                f"{url}#decision-{block.id}",
                section_confidential or bool(block.value["confidential"]),
                see,
            )
            for block in value["decisions"].bound_blocks
        ],
        "actions": [
            {
                **_outcome_item(
                    block.value["what"],
                    f"{url}#action-{block.id}",
                    section_confidential or bool(block.value["confidential"]),
                    see,
                ),
                "owner": block.value["owner"],
                "due_date": block.value["due_date"],
            }
            for block in value["actions"].bound_blocks
        ],
    }


def association_page(request, association):
    return {"association_actions": association_actions(association, request.user)}


def association_actions(association, user):
    """Actions owned by ``association`` as ``user`` may see them, with the form to update each."""
    rows = (
        permissions.visible_actions(user).filter(owner=association).order_by("-status", "due_date")
    )
    return [
        {
            "action": action,
            "form": ActionUpdateForm(
                initial={"status": action.status}, auto_id=f"action{action.pk}_%s"
            ),
        }
        for action in rows
    ]


def attention(user):
    """Open action items of the person's associations, on their workspace home."""
    ids = access(user).association_ids()
    if not ids:
        return []
    rows = (
        ActionItem.objects.filter(
            owner_id__in=ids, status__in=OPEN_STATUSES, withdrawn=False, minutes__live=True
        )
        .filter(permissions.confidential_filter(user))
        .values("owner__slug", "owner__name")
        .annotate(total=Count("pk"), late=Count("pk", filter=Q(due_date__lt=timezone.localdate())))
        .order_by("owner__name")
    )
    items = []
    for row in rows:
        text = ngettext(
            "%(count)s open action item of %(name)s",
            "%(count)s open action items of %(name)s",
            row["total"],
        ) % {"count": row["total"], "name": row["owner__name"]}
        if row["late"]:
            text += " " + ngettext("(%(late)s overdue)", "(%(late)s overdue)", row["late"]) % {
                "late": row["late"]
            }
        items.append(
            {
                "text": text,
                "url": reverse("workspace:association", args=[row["owner__slug"]])
                + "#actions-title",
            }
        )
    return items


def workflow_attention(user):
    """Minutes circulating for amendments, and minutes waiting for the director's approval."""
    states = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS,
        workflow_state__content_type=ContentType.objects.get_for_model(MinutesPage),
    ).select_related("workflow_state", "task")
    if not states:
        return []
    # The minutes' rows without their sections, and their meetings in one query.
    pages = {
        page.pk: page
        for page in MinutesPage.objects.filter(
            pk__in=[int(state.workflow_state.object_id) for state in states]
        ).defer_streamfields()
    }
    parents = {page.path[: -MinutesPage.steplen] for page in pages.values()}
    meetings = {
        meeting.path: meeting
        for meeting in MeetingPage.objects.filter(path__in=parents).defer_streamfields()
    }
    coordinator = is_coordinator(user)
    items = []
    for state in states:
        page = pages.get(int(state.workflow_state.object_id))
        if page is None:
            continue
        meeting = meetings.get(page.path[: -MinutesPage.steplen])
        if meeting is None:
            continue
        day = date_format(meeting.date, "j F Y")
        specific = state.specific
        if isinstance(specific, CirculationTaskState):
            if not permissions.can_comment_circulation(user, meeting):
                continue
            items.append(
                {
                    "text": _(
                        "The minutes of the meeting of %(date)s circulate for amendments until %(deadline)s"
                    )
                    % {
                        "date": day,
                        "deadline": date_format(localtime(specific.deadline), "j F Y"),
                    },
                    "url": reverse("minutes:draft", args=[meeting.slug]),
                }
            )
        elif coordinator and isinstance(state.task.specific, DirectorApprovalTask):
            if attendance_recorded(meeting):
                items.append(
                    {
                        "text": _("The minutes of the meeting of %(date)s wait for your approval")
                        % {"date": day},
                        "url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
                    }
                )
            else:
                items.append(
                    {
                        "text": _(
                            "The minutes of the meeting of %(date)s wait for the attendance record before approval"
                        )
                        % {"date": day},
                        "url": reverse("meetings:record_attendance", args=[meeting.slug]),
                    }
                )
    return items
