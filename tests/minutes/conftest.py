import datetime

import pytest

from minutes import services
from minutes.models import MinutesPage
from tests.factories import make_meeting, make_topic
from workspace.models import Attendance
from workspace.services import attendance as attendance_services
from workspace.services import topics as topic_services


def fill(
    page,
    *,
    summary=None,
    confidential_section=False,
    decisions=(),
    actions=(),
    section=0,
    user=None,
):
    """Write into a section of the latest revision, as the editor would, and save a revision."""
    draft = page.get_latest_revision_as_object()
    value = draft.sections[section].value
    value["confidential"] = confidential_section
    if summary is not None:
        value["summary"] = value["summary"].stream_block.to_python(summary)
    value["decisions"] = value["decisions"].list_block.to_python(list(decisions))
    value["actions"] = value["actions"].list_block.to_python(list(actions))
    revision = draft.save_revision(user=user)
    return revision


def decision(text, confidential=False, scope="network", associations=()):
    return {
        "text": text,
        "scope": scope,
        "associations": list(associations),
        "themes": [],
        "confidential": confidential,
    }


def action(what, owner, due, confidential=False):
    return {
        "what": what,
        "owner": owner.pk,
        "person": "",
        "due_date": due.isoformat(),
        "confidential": confidential,
    }


@pytest.fixture
def held(coordinator, member_a, association_a, association_b):
    """A past meeting with a topic of A discussed and A present (B absent)."""
    meeting = make_meeting(coordinator, days_ahead=-2, host=association_a)
    topic = make_topic(association_a, member_a, meeting=meeting, title="Maraudes d'hiver")
    topic_services.accept_topic(topic, coordinator, meeting)
    attendance_services.record_attendance(
        meeting, coordinator, {association_a: 2, association_b: None}, covered={}
    )
    assert Attendance.objects.get(meeting=meeting, association=association_a).present
    return meeting


@pytest.fixture
def draft(held, coordinator):
    page, created = services.start_minutes(held, coordinator)
    assert created
    return page


def publish(page, user):
    page.refresh_from_db()
    page.get_latest_revision().publish(user=user)
    page.refresh_from_db()
    return MinutesPage.objects.get(pk=page.pk)


@pytest.fixture
def published(draft, coordinator, association_a, association_b, held):
    due = held.date + datetime.timedelta(days=30)
    fill(
        draft,
        summary=[
            {"type": "paragraph", "value": "<p>Ouverture par l'association hôte.</p>"},
            {
                "type": "confidential_paragraph",
                "value": "<p>La famille Martin est hébergée chez un bénévole.</p>",
            },
        ],
        decisions=[
            decision("Un planning commun des maraudes"),
            decision("Aide discrète pour une famille sans papiers", confidential=True),
        ],
        actions=[
            action("Diffuser le planning", association_a, due),
            action("Accompagner la famille", association_b, due, confidential=True),
        ],
        user=coordinator,
    )
    return publish(draft, coordinator)
