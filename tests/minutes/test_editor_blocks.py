"""The minutes editor drops the blocks added and never filled in (on save and on submit),
and a refused save or submit names the field at fault."""

import datetime

from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from minutes import services
from minutes.models import MinutesPage
from tests.utils import text, visible_text


def list_block(items):
    data = {"count": len(items)}
    for i, item in enumerate(items):
        data[str(i)] = {"value": item, "deleted": "", "order": str(i)}
    return data


def empty_decision():
    return {
        "text": "",
        "scope": "network",
        "associations": list_block([]),
        "themes": [],
        "confidential": "",
    }


def empty_action():
    return {"what": "", "owner": "", "person": "", "due_date": "", "confidential": ""}


def section(title, agenda_item="", summary=(), decisions=(), actions=()):
    return (
        "section",
        {
            "title": title,
            "agenda_item": str(agenda_item),
            "presenter": "",
            "summary": streamfield(list(summary)),
            "decisions": list_block(list(decisions)),
            "actions": list_block(list(actions)),
        },
    )


def post(client, page, sections, **extra):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        {
            **nested_form_data(
                {"title": page.title, "other_participants": "", "sections": streamfield(sections)}
            ),
            **extra,
        },
    )


def filled_and_empty(held):
    item = held.agenda_items.first()
    return [
        section(
            "Maraudes d'hiver",
            item.pk,
            summary=[
                ("paragraph", rich_text("<p>Deux équipes se relaient.</p>")),
                ("paragraph", rich_text("")),
                ("confidential_paragraph", rich_text("")),
            ],
            decisions=[
                {**empty_decision(), "text": "Un planning commun des maraudes"},
                empty_decision(),
            ],
            actions=[empty_action()],
        ),
        section(""),  # added and never filled
    ]


def test_empty_blocks_are_dropped_on_save(client_for, coordinator, held):
    page, _created = services.start_minutes(held, coordinator)
    response = post(client_for(coordinator), page, filled_and_empty(held))
    assert response.status_code == 302, text(response)[:3000]
    latest = MinutesPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert len(latest.sections) == 1
    value = latest.sections[0].value
    assert [child.block_type for child in value["summary"]] == ["paragraph"]
    assert [d["text"] for d in value["decisions"]] == ["Un planning commun des maraudes"]
    assert list(value["actions"]) == []


def test_empty_blocks_are_dropped_on_submit_and_not_in_the_draft_members_read(
    client_for, coordinator, member_a, held
):
    page, _created = services.start_minutes(held, coordinator)
    response = post(client_for(coordinator), page, filled_and_empty(held), **{"action-submit": "1"})
    assert response.status_code == 302, text(response)[:3000]
    page.refresh_from_db()
    assert services.circulation_state(page) is not None
    draft = client_for(member_a).get(reverse("minutes:draft", args=[held.slug]))
    assert draft.status_code == 200
    content = visible_text(draft)
    assert "Un planning commun des maraudes" in content
    assert content.count("Décision") <= 2  # the heading and the one decision, no empty one


def test_a_refused_submit_names_the_field_at_fault(client_for, coordinator, held, association_a):
    page, _created = services.start_minutes(held, coordinator)
    revisions = page.revisions.count()
    item = held.agenda_items.first()
    sections = [
        section(
            "Maraudes d'hiver",
            item.pk,
            actions=[{**empty_action(), "what": "Diffuser le planning", "owner": association_a.pk}],
        )
    ]
    response = post(client_for(coordinator), page, sections, **{"action-submit": "1"})
    assert response.status_code == 200
    content = visible_text(response)
    assert "Point 1 « Maraudes d'hiver » › Action 1 › Échéance" in content, content[:3000]
    assert "Validation error in StreamBlock" not in content
    assert "Diffuser le planning" in text(response)  # what was typed is kept
    assert page.revisions.count() == revisions
    page.refresh_from_db()
    assert services.circulation_state(page) is None


def test_an_action_due_before_the_meeting_is_still_refused(
    client_for, coordinator, held, association_a
):
    page, _created = services.start_minutes(held, coordinator)
    early = (held.date - datetime.timedelta(days=3)).isoformat()
    sections = [
        section(
            "Point",
            actions=[
                {**empty_action(), "what": "Trop tôt", "owner": association_a.pk, "due_date": early}
            ],
        )
    ]
    response = post(client_for(coordinator), page, sections)
    assert response.status_code == 200
    assert "avant la réunion elle-même" in visible_text(response)
