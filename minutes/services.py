"""Starting minutes from the agenda, publishing them into rows, actions, errata, amendments."""

import datetime

from django.db import transaction
from django.utils import timezone, translation
from wagtail.models import TaskState

from entraide import pagecache
from entraide.dates import format_date as date_format
from workspace import notifications, roles
from workspace import permissions as workspace_permissions
from workspace.models import Consultation, MeetingPage, Theme
from workspace.services import consultations as consultation_services

from .models import (
    OPEN_STATUSES,
    ActionItem,
    ActionUpdate,
    Amendment,
    CirculationTaskState,
    Decision,
    DecisionOutcome,
    DecisionScope,
    DraftReading,
    Erratum,
    MinutesPage,
    MinutesSection,
)

SLUG = "compte-rendu"


def minutes_of(meeting):
    return MinutesPage.objects.child_of(meeting).first()


def minutes_title(meeting):
    with translation.override("fr"):
        return "Compte rendu de la réunion du " + date_format(meeting.date, "j F Y")


@transaction.atomic
def start_minutes(meeting, user):
    """A draft with one section per agenda item, prefilled with its topic and presenter."""
    existing = minutes_of(meeting)
    if existing is not None:
        return existing, False
    sections = []
    for item in meeting.agenda_items.select_related("topic", "presenter"):
        sections.append(
            (
                "section",
                {
                    "title": item.display_title,
                    "agenda_item": item.pk,
                    "presenter": item.presenter,
                    "confidential": False,
                    "summary": [],
                    "decisions": [],
                    "actions": [],
                },
            )
        )
    page = MinutesPage(
        title=minutes_title(meeting), slug=SLUG, sections=sections, live=False, owner=user
    )
    meeting.add_child(instance=page)
    # Saving the revision writes the section rows, each linked to its agenda item and topic.
    page.save_revision(user=user, log_action=True)
    return page, True


def name_secretary(meeting, secretary):
    """The person drafts these minutes; they get access to the page editor for it.

    Whoever was secretary before loses that access unless they still draft other minutes.
    """
    previous = meeting.secretary
    meeting.secretary = secretary
    meeting.save_operational("secretary")
    for person in {previous, secretary} - {None}:
        sync_secretary_group(person)


def drafts_minutes(user):
    """True while the person is secretary of a meeting whose minutes are not yet published,
    and still belongs to the network."""
    if not user.is_active or not workspace_permissions.access(user).active_memberships:
        return False
    for meeting in MeetingPage.objects.filter(secretary=user):
        published = (
            MinutesPage.objects.child_of(meeting).filter(first_published_at__isnull=False).exists()
        )
        if not published:
            return True
    return False


def sync_secretary_group(user):
    """In the group "Secrétaires de séance" (Wagtail admin access) exactly while the person
    has minutes to draft: named, not replaced, minutes unpublished, still a member."""
    group = roles.group("secretaries")
    if hasattr(user, "_entraide_access"):
        del user._entraide_access
    if hasattr(user, "_entraide_memberships"):
        del user._entraide_memberships
    if drafts_minutes(user):
        user.groups.add(group)
    else:
        user.groups.remove(group)


def membership_changed(membership):
    """A membership ended (or changed): the person's secretary access follows."""
    if roles.group("secretaries").user_set.filter(pk=membership.user_id).exists():
        sync_secretary_group(membership.user)


# --- Sections, decisions and actions as rows -------------------------------------------


@transaction.atomic
def sync_sections(page, content=None):
    """Keep the section rows of ``page`` in step with ``content`` (a revision of the page, or
    the page itself): title, confidentiality, order, and the agenda item each covers with its
    topic (only an item of this meeting's agenda). A section no longer there is withdrawn.

    Returns the rows by block id."""
    content = content if content is not None else page
    meeting = page.get_parent().specific
    items = {item.pk: item for item in meeting.agenda_items.all()}
    rows = {}
    for order, section in enumerate(content.sections, start=1):
        if not section.id:
            continue
        value = section.value
        item = items.get(value.get("agenda_item"))
        rows[section.id], _ = MinutesSection.objects.update_or_create(
            minutes=page,
            uuid=section.id,
            defaults={
                "meeting": meeting,
                "title": value["title"][:200],
                "agenda_item": item,
                "topic_id": item.topic_id if item is not None else None,
                "confidential": bool(value["confidential"]),
                "withdrawn": False,
                "order": order,
            },
        )
    MinutesSection.objects.filter(minutes=page).exclude(uuid__in=rows).update(withdrawn=True)
    pagecache.invalidate_member_fragments()
    return rows


def revision_saved(revision):
    """A revision of some minutes was saved (started from the agenda, edited, submitted):
    their section rows follow it."""
    page = MinutesPage.objects.filter(pk=revision.object_id).first()
    if page is not None:
        sync_sections(page, revision.as_object())


# --- Consultations on decisions ---------------------------------------------------------


class ConsultationsOf:
    """The consultations that may stand behind the decisions of one meeting's minutes, read
    in one query: a decision's own (opened on it while drafted, by its block id), else the
    latest one on the topic its section covers."""

    def __init__(self, meeting, topic_ids=None):
        rows = Consultation.objects.filter(meeting=meeting)
        if topic_ids:
            rows = rows | Consultation.objects.filter(topic_id__in=topic_ids)
        rows = list(rows.order_by("created_at", "pk"))
        self.by_uuid = {c.decision_uuid: c for c in rows if c.decision_uuid}
        self.by_topic = {c.topic_id: c for c in rows if c.topic_id and not c.decision_uuid}

    def find(self, decision_uuid, topic_id):
        return self.by_uuid.get(decision_uuid) or self.by_topic.get(topic_id)


def decision_parts(outcome, consultation, positions=None):
    """("adoptée", "7 pour, 1 abstention, 1 contre : motif (association)"): the short outcome
    the minutes record and the positions of the associations (empty when not consulted), for
    the tables that show the short outcome with the phrase below it."""
    label = DecisionOutcome(outcome).label if outcome in DecisionOutcome.values else ""
    counts = consultation_services.summary(consultation, positions) if consultation else ""
    return str(label), counts


def decision_phrase(outcome, consultation, positions=None):
    """ "adoptée — 7 pour, 1 abstention, 1 contre : motif (association)": the outcome the
    minutes record and, when the associations were consulted, their positions."""
    label = DecisionOutcome(outcome).label if outcome in DecisionOutcome.values else ""
    if consultation is None:
        return str(label)
    counts = consultation_services.summary(consultation, positions)
    return f"{label} — {counts}" if label else counts


# --- Publication -------------------------------------------------------------------


def _association_ids(values):
    return [association.pk for association in values if association is not None]


@transaction.atomic
def sync_rows(page):
    """Upsert the sections, then the decisions and actions from the published content, by
    block id; each decision and action points at its section row.

    Text, owner, due date and confidentiality follow the page; status stays on the row.
    Rows whose block disappeared are marked withdrawn, never deleted.
    """
    meeting = page.get_parent().specific
    section_rows = sync_sections(page)
    consulted = ConsultationsOf(
        meeting, [row.topic_id for row in section_rows.values() if row.topic_id]
    )
    seen_decisions, seen_actions = set(), set()
    order = 0
    for section in page.sections:
        value = section.value
        section_confidential = bool(value["confidential"])
        section_row = section_rows.get(section.id)
        agenda_item_id = section_row.agenda_item_id if section_row is not None else None
        for decision_block in value["decisions"].bound_blocks:
            order += 1
            data = decision_block.value
            decision, _ = Decision.objects.update_or_create(
                uuid=decision_block.id,
                defaults={
                    "minutes": page,
                    "meeting": meeting,
                    "section_id": section.id,
                    "minutes_section": section_row,
                    "agenda_item_id": agenda_item_id,
                    "section_title": value["title"],
                    "text": data["text"],
                    "scope": data["scope"] or DecisionScope.NETWORK,
                    "outcome": data.get("outcome") or "",
                    "consultation": consulted.find(
                        decision_block.id, section_row.topic_id if section_row else None
                    ),
                    "confidential": section_confidential or bool(data["confidential"]),
                    "withdrawn": False,
                    "order": order,
                },
            )
            decision.associations.set(_association_ids(data["associations"]))
            decision.themes.set(
                Theme.objects.filter(pk__in=[int(pk) for pk in data["themes"] or []])
            )
            seen_decisions.add(decision_block.id)
        for action_block in value["actions"].bound_blocks:
            order += 1
            data = action_block.value
            ActionItem.objects.update_or_create(
                uuid=action_block.id,
                defaults={
                    "minutes": page,
                    "meeting": meeting,
                    "section_id": section.id,
                    "minutes_section": section_row,
                    "section_title": value["title"],
                    "what": data["what"],
                    "owner": data["owner"],
                    "person": data["person"] or "",
                    "due_date": data["due_date"],
                    "confidential": section_confidential or bool(data["confidential"]),
                    "withdrawn": False,
                    "order": order,
                },
            )
            seen_actions.add(action_block.id)
    Decision.objects.filter(minutes=page).exclude(uuid__in=seen_decisions).update(withdrawn=True)
    ActionItem.objects.filter(minutes=page).exclude(uuid__in=seen_actions).update(withdrawn=True)
    pagecache.invalidate_member_fragments()


def minutes_published(page):
    """The minutes went live: their rows, the secretary's access, and the news for everyone."""
    sync_rows(page)
    secretary = page.get_parent().specific.secretary
    if secretary is not None:
        # Published minutes are frozen: their secretary has nothing left to draft.
        sync_secretary_group(secretary)
    notifications.emit("minutes_published", f"minutes:{page.pk}:published", minutes_id=page.pk)


# --- After publication ---------------------------------------------------------------


@transaction.atomic
def set_action_status(action, user, status, note):
    action.status = status
    action.save(update_fields=["status", "updated_at"])
    return ActionUpdate.objects.create(action=action, status=status, note=note, author=user)


def add_erratum(page, user, text):
    return Erratum.objects.create(minutes=page, text=text, author=user)


def add_amendment(page, user, section_id, text, association=None):
    return Amendment.objects.create(
        minutes=page, section_id=section_id, author=user, text=text, association=association
    )


def open_actions_before(meeting):
    """Actions decided at earlier meetings and still open: the next agenda's follow-up."""
    return (
        ActionItem.objects.filter(
            status__in=OPEN_STATUSES, withdrawn=False, meeting__date__lt=meeting.date
        )
        .select_related("owner", "meeting")
        .order_by("due_date", "pk")
    )


def circulation_state(page):
    state = page.current_workflow_task_state
    if state is not None and isinstance(state.specific, CirculationTaskState):
        return state.specific
    return None


def circulation_started(state):
    """The draft starts circulating: the associations that attended are told at once."""
    notifications.emit("minutes_circulating", f"circulation:{state.pk}:started", state_id=state.pk)


def record_draft_reading(page, user):
    """``user`` opened the circulating draft (they will not get the reminder)."""
    DraftReading.objects.get_or_create(minutes=page, user=user)


def send_circulation_reminders(now=None, days_before=2):
    """Two days before a circulation ends, remind who has not read the draft (once each:
    the event key is the circulation's, the ledger one row per person)."""
    now = now or timezone.now()
    count = 0
    states = CirculationTaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS,
        deadline__gt=now,
        deadline__lte=now + datetime.timedelta(days=days_before),
    )
    for state in states:
        notifications.emit(
            "circulation_reminder", f"circulation:{state.pk}:reminder", state_id=state.pk
        )
        count += 1
    return count


def close_circulations(now=None):
    """Approve the circulations whose period has ended; the director's approval follows."""
    now = now or timezone.now()
    closed = 0
    states = CirculationTaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS, deadline__lte=now
    )
    for state in states:
        state.approve(user=None, comment="Fin de la période de circulation.")
        closed += 1
    return closed


def send_action_reminders(today=None, days_before=3):
    """Once a few days before the due date, once when overdue (keys make it once)."""
    today = today or timezone.localdate()
    count = 0
    soon = today + datetime.timedelta(days=days_before)
    actions = ActionItem.objects.filter(
        status__in=OPEN_STATUSES, withdrawn=False, minutes__live=True
    )
    for action in actions.filter(due_date__gt=today, due_date__lte=soon):
        notifications.emit(
            "action_due_soon", f"action:{action.pk}:due-soon:{action.due_date}", action_id=action.pk
        )
        count += 1
    for action in actions.filter(due_date__lt=today):
        notifications.emit(
            "action_overdue", f"action:{action.pk}:overdue:{action.due_date}", action_id=action.pk
        )
        count += 1
    return count
