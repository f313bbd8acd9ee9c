"""A topic leads to what came of it: minutes sections linked to the agenda item and topic
they cover, decisions and actions linked to their section, the topic page's "Discuté le …",
the editor's list of agenda items, and the migration of the old integer field."""

import datetime
import importlib
import json

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from minutes import services
from minutes.models import ActionItem, Decision, MinutesPage, MinutesSection
from tests.factories import make_meeting, make_member, make_topic
from tests.minutes.conftest import action, decision, fill, publish
from tests.utils import visible_text
from workspace.models import AgendaItem, Membership, Role, Topic
from workspace.services import agenda, memberships
from workspace.services import attendance as attendance_services
from workspace.services import topics as topic_services

MIGRATION = "0002_sections_link_agenda_items"


def section_index(page, topic):
    """The index of the section covering ``topic`` in the latest content of ``page``."""
    page.refresh_from_db()
    item = AgendaItem.objects.get(meeting=page.get_parent(), topic=topic)
    sections = page.get_latest_revision_as_object().sections
    return [section.value["agenda_item"] for section in sections].index(item.pk)


@pytest.fixture
def topic(held):
    return Topic.objects.get(agenda_items__meeting=held, title="Maraudes d'hiver")


@pytest.fixture
def secret_topic(held, coordinator, member_a, association_a):
    """A second topic on the same agenda, whose whole section is confidential."""
    other = make_topic(association_a, member_a, meeting=held, title="Une famille hébergée")
    topic_services.accept_topic(other, coordinator, held)
    return other


@pytest.fixture
def outcome(held, topic, secret_topic, coordinator, association_a, association_b):
    """Published minutes of ``held`` (A came, B did not): the topic's section has a public and
    a confidential decision and action; the second topic's section is confidential as a whole.
    The topic was then discussed again at a later meeting whose minutes are still a draft."""
    page, _created = services.start_minutes(held, coordinator)
    due = held.date + datetime.timedelta(days=30)
    fill(
        page,
        section=section_index(page, topic),
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
    fill(
        page,
        section=section_index(page, secret_topic),
        confidential_section=True,
        decisions=[decision("Loger la famille Martin")],
        user=coordinator,
    )
    published = publish(page, coordinator)
    topic_services.close_topic(topic, coordinator, "Un planning commun est adopté.")

    later = make_meeting(coordinator, days_ahead=-1, host=association_b)
    agenda.add_topic_item(later, topic)
    attendance_services.record_attendance(
        later, coordinator, {association_a: 1, association_b: None}, covered={}
    )
    draft, _created = services.start_minutes(later, coordinator)
    fill(
        draft,
        section=section_index(draft, topic),
        decisions=[decision("Bilan des maraudes en mars")],
        user=coordinator,
    )
    return {"published": published, "draft": draft, "later": later}


# --- The rows and their foreign keys ---------------------------------------------------------


def test_minutes_started_from_the_agenda_link_each_section_to_its_item_and_topic(
    coordinator, held, topic
):
    page, _created = services.start_minutes(held, coordinator)
    rows = list(page.section_rows.order_by("order"))
    items = list(held.agenda_items.all())
    assert [row.agenda_item for row in rows] == items
    assert [row.uuid for row in rows] == [
        section.id for section in page.get_latest_revision_as_object().sections
    ]
    (topic_row,) = [row for row in rows if row.topic_id]
    assert topic_row.topic == topic and topic_row.agenda_item.topic == topic
    assert topic_row.title == "Maraudes d'hiver" and topic_row.meeting == held
    assert list(topic.minutes_sections.all()) == [topic_row]


def test_published_decisions_and_actions_point_at_their_section(outcome, topic):
    section = MinutesSection.objects.get(topic=topic, minutes=outcome["published"])
    assert sorted(d.text for d in section.decisions.all()) == [
        "Aide discrète pour une famille sans papiers",
        "Un planning commun des maraudes",
    ]
    assert sorted(a.what for a in section.actions.all()) == [
        "Accompagner la famille",
        "Diffuser le planning",
    ]
    assert {d.agenda_item for d in section.decisions.all()} == {section.agenda_item}
    # Every row of the published minutes has its section.
    assert not Decision.objects.filter(minutes_section=None).exists()
    assert not ActionItem.objects.filter(minutes_section=None).exists()


def test_section_rows_follow_the_latest_revision(coordinator, held, topic):
    page, _created = services.start_minutes(held, coordinator)
    draft = page.get_latest_revision_as_object()
    index = section_index(page, topic)
    removed = draft.sections[index].id
    del draft.sections[index]
    draft.save_revision(user=coordinator)
    page.refresh_from_db()
    row = MinutesSection.objects.get(minutes=page, uuid=removed)
    assert row.withdrawn and not topic.minutes_sections.filter(withdrawn=False).exists()
    # Added back by hand, with the agenda item chosen: the link is there again.
    item = AgendaItem.objects.get(meeting=held, topic=topic)
    draft = page.get_latest_revision_as_object()
    draft.sections.append(
        (
            "section",
            {
                "title": "Maraudes, suite",
                "agenda_item": item.pk,
                "presenter": None,
                "confidential": False,
                "summary": [],
                "decisions": [],
                "actions": [],
            },
        )
    )
    draft.save_revision(user=coordinator)
    (again,) = topic.minutes_sections.filter(withdrawn=False)
    assert again.title == "Maraudes, suite" and again.agenda_item == item


def test_an_agenda_item_of_another_meeting_is_never_linked(coordinator, held, association_a):
    other = make_meeting(coordinator, days_ahead=5, host=association_a)
    foreign = AgendaItem.objects.filter(meeting=other).first()
    page, _created = services.start_minutes(held, coordinator)
    draft = page.get_latest_revision_as_object()
    draft.sections[0].value["agenda_item"] = foreign.pk
    draft.save_revision(user=coordinator)
    row = MinutesSection.objects.get(minutes=page, uuid=draft.sections[0].id)
    assert row.agenda_item is None and row.topic is None


# --- The data migration ------------------------------------------------------------------------


def historical_apps():
    """The models as the migration sees them (frozen at its state)."""
    return MigrationExecutor(connection).loader.project_state(("minutes", MIGRATION)).apps


def test_the_migration_turns_the_integer_field_into_foreign_keys(outcome, topic, held):
    migration = importlib.import_module(f"minutes.migrations.{MIGRATION}")
    published = outcome["published"]
    # A section whose integer was typed by hand: the id of another meeting's item.
    foreign = AgendaItem.objects.filter(meeting=outcome["later"]).first()
    latest = published.get_latest_revision()
    content = latest.content
    sections = content["sections"]
    if isinstance(sections, str):
        sections = json.loads(sections)
    sections[0]["value"]["agenda_item"] = foreign.pk
    content["sections"] = sections
    latest.content = content
    latest.save(update_fields=["content"])
    # The state before the migration: no section rows, no links from decisions and actions.
    expected = {
        row.uuid: (row.agenda_item_id, row.topic_id, row.title, row.confidential)
        for row in MinutesSection.objects.filter(withdrawn=False)
    }
    Decision.objects.update(minutes_section=None, agenda_item=None)
    ActionItem.objects.update(minutes_section=None)
    MinutesSection.objects.all().delete()

    migration.link_sections(historical_apps(), None)

    rows = {row.uuid: row for row in MinutesSection.objects.all()}
    assert set(rows) == set(expected)
    first = sections[0]["id"]
    assert rows[first].agenda_item_id is None and rows[first].topic_id is None
    for uuid, values in expected.items():
        if uuid != first:
            row = rows[uuid]
            assert (row.agenda_item_id, row.topic_id, row.title, row.confidential) == values
    section = MinutesSection.objects.get(topic=topic, minutes=published)
    assert section.agenda_item == AgendaItem.objects.get(meeting=held, topic=topic)
    assert section.decisions.count() == 2 and section.actions.count() == 2
    assert {d.agenda_item_id for d in section.decisions.all()} == {section.agenda_item_id}
    assert not Decision.objects.filter(minutes_section=None).exists()
    assert not ActionItem.objects.filter(minutes_section=None).exists()
    # The draft of the later meeting: read from its latest revision.
    assert MinutesSection.objects.get(topic=topic, minutes=outcome["draft"]).title == (
        "Maraudes d'hiver"
    )
    # Run twice, nothing changes.
    migration.link_sections(historical_apps(), None)
    assert MinutesSection.objects.count() == len(rows)


def test_the_migration_keeps_rows_whose_section_left_the_minutes(outcome, topic):
    migration = importlib.import_module(f"minutes.migrations.{MIGRATION}")
    published = outcome["published"]
    row = Decision.objects.filter(minutes=published).first()
    Decision.objects.filter(pk=row.pk).update(section_id="a-section-no-longer-there")
    Decision.objects.update(minutes_section=None)
    MinutesSection.objects.all().delete()
    migration.link_sections(historical_apps(), None)
    row.refresh_from_db()
    assert row.minutes_section.withdrawn and row.minutes_section.uuid == "a-section-no-longer-there"
    assert row.minutes_section.title == row.section_title


# --- The topic page ------------------------------------------------------------------------


ROLES = ["anonymous", "member_a", "editor_a", "member_b", "editor_b", "secretary", "agent"]
ROLES += ["coordinator"]
# What each role reads of the topic's outcome: the published section and its public decision,
# its confidential decision and action, the draft minutes of the later meeting.
READS = {
    "anonymous": None,
    "member_a": {"confidential": True, "draft": True},
    "editor_a": {"confidential": True, "draft": True},
    "member_b": {"confidential": False, "draft": False},
    "editor_b": {"confidential": False, "draft": False},
    "secretary": {"confidential": False, "draft": True},
    "agent": {"confidential": False, "draft": False},
    "coordinator": {"confidential": True, "draft": True},
}


@pytest.fixture
def secretary(outcome, coordinator, association_b):
    """A volunteer of B (absent from both meetings) drafts the later meeting's minutes."""
    person = make_member(association_b, Role.MEMBER, email="secretaire@b.exemple.org")
    services.name_secretary(outcome["later"], person)
    return person


@pytest.mark.parametrize("who", ROLES)
def test_the_topic_page_leads_to_its_section_decisions_and_actions(
    client_for, people, secretary, outcome, topic, held, who
):
    user = secretary if who == "secretary" else people[who]
    response = client_for(user).get(topic.get_absolute_url())
    reads = READS[who]
    if reads is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse(settings.LOGIN_URL))
        return
    assert response.status_code == 200
    page = visible_text(response)
    published = outcome["published"]
    section = MinutesSection.objects.get(topic=topic, minutes=published)
    public = Decision.objects.get(text="Un planning commun des maraudes")
    hidden = Decision.objects.get(text__startswith="Aide discrète")
    diffuse = ActionItem.objects.get(what="Diffuser le planning")
    accompany = ActionItem.objects.get(what="Accompagner la famille")
    date = held.date.strftime("%-d")
    assert "Discuté le " + date in page
    html = response.content.decode()
    assert f'href="{published.url}#section-{section.uuid}"' in html
    assert f'href="{published.url}#decision-{public.pk}"' in html
    assert f'href="{published.url}#action-{diffuse.pk}"' in html
    assert "Un planning commun des maraudes" in page and "Diffuser le planning" in page
    for text, row, kind in (
        ("Aide discrète pour une famille sans papiers", hidden, "decision"),
        ("Accompagner la famille", accompany, "action"),
    ):
        assert (text in page) is reads["confidential"]
        assert (f"#{kind}-{row.pk}" in html) is reads["confidential"]
    if not reads["confidential"]:
        assert "[élément confidentiel]" in page
    # The later meeting's minutes are a draft: only for whoever may read the draft.
    draft = outcome["draft"]
    draft_section = MinutesSection.objects.get(topic=topic, minutes=draft)
    draft_url = reverse("minutes:draft", args=[outcome["later"].slug])
    assert (f"{draft_url}#section-{draft_section.uuid}" in html) is reads["draft"]
    assert ("Bilan des maraudes en mars" in page) is reads["draft"]
    assert ("projet de compte rendu" in page) is reads["draft"]


@pytest.mark.parametrize("who", ROLES)
def test_a_confidential_section_shows_only_that_it_was_discussed(
    client_for, people, secretary, outcome, secret_topic, who
):
    user = secretary if who == "secretary" else people[who]
    response = client_for(user).get(secret_topic.get_absolute_url())
    reads = READS[who]
    if reads is None:
        assert response.status_code == 302
        return
    page = visible_text(response)
    assert response.status_code == 200 and "Discuté le" in page
    assert ("Loger la famille Martin" in page) is reads["confidential"]
    if not reads["confidential"]:
        assert "[élément confidentiel]" in page
        assert "#decision-" not in response.content.decode()


def test_a_former_member_reads_nothing(client_for, outcome, topic, association_a, coordinator):
    former = make_member(association_a, Role.EDITOR, email="ancien@a.exemple.org")
    memberships.end_membership(Membership.objects.get(user=former), by=coordinator)
    response = client_for(former).get(topic.get_absolute_url())
    assert response.status_code == 403
    assert "Un planning commun" not in response.content.decode()


def test_a_topic_never_discussed_shows_no_outcome(client_for, member_a, held):
    topic = Topic.objects.get(agenda_items__meeting=held)
    response = client_for(member_a).get(topic.get_absolute_url())
    assert response.status_code == 200 and "Discuté le" not in visible_text(response)


def test_the_topic_page_queries_do_not_grow_with_decisions(
    client_for, coordinator, member_a, association_a, django_assert_max_num_queries
):
    meetings = [make_meeting(coordinator, days_ahead=-(10 + i), host=association_a) for i in (0, 1)]
    topic = make_topic(association_a, member_a, meeting=meetings[0], title="Les colis")
    topic_services.accept_topic(topic, coordinator, meetings[0])
    pages = []
    for meeting in meetings:
        agenda.add_topic_item(meeting, topic)
        attendance_services.record_attendance(
            meeting, coordinator, {association_a: 1}, covered=set()
        )
        page, _created = services.start_minutes(meeting, coordinator)
        pages.append(page)
    due = meetings[0].date + datetime.timedelta(days=30)

    def write(page, n):
        fill(
            page,
            section=section_index(page, topic),
            decisions=[decision(f"Décision {i}", confidential=i % 3 == 0) for i in range(n)],
            actions=[action(f"Action {i}", association_a, due) for i in range(n)],
            user=coordinator,
        )

    client = client_for(member_a)
    url = topic.get_absolute_url()
    write(pages[0], 1)
    publish(pages[0], coordinator)
    write(pages[1], 1)  # a draft that A may read (A attended)
    client.get(url)
    small = []
    # Counted by a wrapper: the query log is cleared when each request starts.
    with connection.execute_wrapper(lambda execute, *args: small.append(1) or execute(*args)):
        assert client.get(url).status_code == 200
    assert len(small) > 5
    write(pages[1], 20)
    # The published minutes are frozen: more decisions come from another meeting's minutes.
    third = make_meeting(coordinator, days_ahead=-30, host=association_a)
    agenda.add_topic_item(third, topic)
    attendance_services.record_attendance(third, coordinator, {association_a: 1}, covered=set())
    page, _created = services.start_minutes(third, coordinator)
    write(page, 20)
    publish(page, coordinator)
    text = visible_text(client.get(url))
    assert "Décision 19" in text and "Action 19" in text
    # 1 → 21 draft decisions, 1 → 21 published ones in one more section: no more queries.
    with django_assert_max_num_queries(len(small)):
        assert client.get(url).status_code == 200


# --- The editor: the agenda item is chosen from the meeting's list -----------------------------


def section_data(title, agenda_item=""):
    return (
        "section",
        {
            "title": title,
            "agenda_item": str(agenda_item),
            "presenter": "",
            "summary": streamfield([]),
            "decisions": list_block([]),
            "actions": list_block([]),
        },
    )


def list_block(items):
    data = {"count": len(items)}
    for i, item in enumerate(items):
        data[str(i)] = {"value": item, "deleted": "", "order": str(i)}
    return data


def editor_post(client, page, sections):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        nested_form_data(
            {
                "title": page.title,
                "other_participants": "",
                "sections": streamfield(sections),
            }
        ),
    )


def test_the_editor_lists_only_this_meetings_agenda_items(
    client_for, coordinator, held, association_a
):
    other = make_meeting(coordinator, days_ahead=5, host=association_a)
    agenda.add_item(other, title="Un point d'une autre réunion", duration_minutes=10)
    page, _created = services.start_minutes(held, coordinator)
    form_class = MinutesPage.get_edit_handler().get_form_class()
    form = form_class(instance=page, for_user=coordinator, parent_page=held)
    section_block = form.fields["sections"].block.child_blocks["section"]
    choices = section_block.child_blocks["agenda_item"].field.choices
    assert [value for value, _label in choices] == [""] + [
        str(item.pk) for item in held.agenda_items.all()
    ]
    assert choices[3][1] == "3. Maraudes d'hiver"
    response = client_for(coordinator).get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "3. Maraudes d" in html
    assert "une autre réunion" not in html


def test_a_bad_agenda_item_is_refused_in_french_and_the_text_kept(
    client_for, coordinator, held, association_a, topic
):
    other = make_meeting(coordinator, days_ahead=5, host=association_a)
    foreign = AgendaItem.objects.filter(meeting=other).first()
    page, _created = services.start_minutes(held, coordinator)
    revisions = page.revisions.count()
    client = client_for(coordinator)
    response = editor_post(client, page, [section_data("Une section ajoutée", foreign.pk)])
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choisissez dans la liste un point de l" in html
    assert "Une section ajout" in html
    assert page.revisions.count() == revisions
    for bad in ("abc", "-1", "99999999"):
        response = editor_post(client, page, [section_data("Encore", bad)])
        assert response.status_code == 200
        assert "Choisissez dans la liste un point de l" in response.content.decode()
    assert page.revisions.count() == revisions
    # A good choice is saved, and its section row is linked to the item and its topic.
    item = AgendaItem.objects.get(meeting=held, topic=topic)
    response = editor_post(client, page, [section_data("Maraudes, suite", item.pk)])
    assert response.status_code == 302
    assert page.revisions.count() == revisions + 1
    (row,) = topic.minutes_sections.filter(withdrawn=False)
    assert row.title == "Maraudes, suite" and row.agenda_item == item


def test_one_agenda_item_is_covered_by_one_section(client_for, coordinator, held, topic):
    page, _created = services.start_minutes(held, coordinator)
    item = AgendaItem.objects.get(meeting=held, topic=topic)
    response = editor_post(
        client_for(coordinator),
        page,
        [section_data("Maraudes", item.pk), section_data("Maraudes bis", item.pk)],
    )
    assert response.status_code == 200
    assert "couvrent le même point de l’ordre du jour" in response.content.decode()
