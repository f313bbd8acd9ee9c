"""Demo minutes: published minutes of the past meetings with decisions, actions in every
state, a confidential item and an erratum; the latest ones circulating with an amendment.
Sends no e-mail."""

import datetime

from django.utils import timezone

from workspace.demo.people import demo_associations
from workspace.models import Event, MeetingPage, MeetingStatus, Theme, User

from . import services
from .models import ActionItem, ActionStatus, MinutesPage

SUMMARIES = [
    "Chaque association présente ses nouvelles : fréquentation en hausse, arrivée de nouveaux bénévoles.",
    "Échange nourri ; plusieurs associations constatent la même évolution dans leur quartier.",
    "Le CCAS rappelle les dispositifs existants et propose un point d'étape à la prochaine réunion.",
]


def _paragraph(text, confidential=False):
    return {
        "type": "confidential_paragraph" if confidential else "paragraph",
        "value": f"<p>{text}</p>",
    }


def _fill(page, meeting, associations, themes, index, confidential_title=None):
    revision_page = page.get_latest_revision_as_object()
    for n, section in enumerate(revision_page.sections):
        value = section.value
        summary = [_paragraph(SUMMARIES[n % len(SUMMARIES)])]
        if value["title"] == confidential_title:
            value["confidential"] = True
            summary.append(
                _paragraph(
                    "Situation d'une famille suivie par deux associations, orientée vers le CCAS.",
                    True,
                )
            )
        value["summary"] = value["summary"].stream_block.to_python(summary)
        host = meeting.host or associations[0]
        if n == 2:
            value["decisions"] = value["decisions"].list_block.to_python(
                [
                    {
                        "text": f"Le réseau adopte la proposition présentée ({meeting.date:%m/%Y}).",
                        "scope": "network",
                        "associations": [],
                        "themes": [str(themes[index % len(themes)].pk)],
                        "confidential": False,
                    },
                    {
                        "text": "Les associations concernées se coordonnent pour les soirs de distribution.",
                        "scope": "some",
                        "associations": [
                            associations[index % 5].pk,
                            associations[(index + 3) % 10].pk,
                        ],
                        "themes": [str(themes[(index + 1) % len(themes)].pk)],
                        "confidential": False,
                    },
                ]
            )
            value["actions"] = value["actions"].list_block.to_python(
                [
                    {
                        "what": "Diffuser la fiche d'orientation mise à jour",
                        "owner": host.pk,
                        "person": "",
                        "due_date": (meeting.date + datetime.timedelta(days=30)).isoformat(),
                        "confidential": False,
                    },
                    {
                        "what": "Recenser les besoins en lait infantile",
                        "owner": associations[(index + 4) % 10].pk,
                        "person": "",
                        "due_date": (meeting.date + datetime.timedelta(days=75)).isoformat(),
                        "confidential": False,
                    },
                ]
            )
    revision_page.other_participants = "Service logement de la ville (invité)"
    return revision_page


def load(command):
    if MinutesPage.objects.exists():
        return
    coordinator = User.objects.get(email="coordination@exemple.org")
    associations = list(demo_associations().order_by("name"))
    themes = list(Theme.objects.order_by("name"))
    held = list(MeetingPage.objects.filter(status=MeetingStatus.HELD).order_by("date"))
    if not held:
        return
    for index, meeting in enumerate(held):
        page, _created = services.start_minutes(meeting, coordinator)
        # One confidential item, in the last published minutes: its decisions and
        # actions are seen only by the coordination and the associations that attended.
        titles = [item.display_title for item in meeting.agenda_items.all()]
        confidential = titles[2] if index == len(held) - 2 and len(titles) > 2 else None
        draft = _fill(page, meeting, associations, themes, index, confidential)
        revision = draft.save_revision(user=coordinator)
        command.created += 1
        if meeting == held[-1]:
            # The latest minutes circulate: an attending association sent an amendment.
            page.refresh_from_db()
            page.get_workflow().start(page, coordinator)
            attendance = (
                meeting.attendances.filter(present=True).select_related("association").first()
            )
            if attendance:
                editor = User.objects.get(
                    email=f"editeur@{attendance.association.slug}.exemple.org"
                )
                services.add_amendment(
                    page,
                    editor,
                    page.get_latest_revision_as_object().sections[1].id,
                    "Précisez que trois associations ont signalé la hausse, pas deux.",
                    attendance.association,
                )
            continue
        # Published without e-mails: the publication event is recorded as already sent.
        Event.objects.get_or_create(
            key=f"minutes:{page.pk}:published",
            defaults={
                "kind": "minutes_published",
                "processed_at": timezone.now(),
                "payload": {"minutes_id": page.pk},
            },
        )
        revision.publish(user=coordinator)
    # Actions in every state, one overdue.
    actions = list(ActionItem.objects.order_by("meeting__date", "order"))
    states = [ActionStatus.DONE, ActionStatus.DROPPED, ActionStatus.IN_PROGRESS, ActionStatus.DONE]
    for action, status in zip(actions, states, strict=False):
        services.set_action_status(action, coordinator, status, "Point fait en réunion.")
    first = MinutesPage.objects.live().order_by("first_published_at").first()
    if first is not None:
        services.add_erratum(
            first, coordinator, "Le nombre d'associations présentes était de huit, et non de sept."
        )
