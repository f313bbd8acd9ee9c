"""A closed topic leads to what came of it: from the list of topics to its decision in the
minutes in two clicks; the minutes editor offers the meeting's agenda items as a list."""

import datetime
import re

from playwright.sync_api import expect

from minutes import services
from minutes.models import ActionItem, Decision
from tests.e2e.conftest import check_page, log_in, screenshot
from tests.factories import PASSWORD, make_meeting, make_topic
from tests.minutes.conftest import action, decision, fill, publish
from workspace.models import AgendaItem
from workspace.services import attendance as attendance_services
from workspace.services import topics as topic_services


def discussed_topic(coordinator, member_a, association_a, association_b, publish_minutes=True):
    meeting = make_meeting(coordinator, days_ahead=-3, host=association_a)
    topic = make_topic(association_a, member_a, meeting=meeting, title="Maraudes d'hiver")
    topic_services.accept_topic(topic, coordinator, meeting)
    attendance_services.record_attendance(
        meeting, coordinator, {association_a: 2, association_b: None}, covered={}
    )
    page, _created = services.start_minutes(meeting, coordinator)
    item = AgendaItem.objects.get(meeting=meeting, topic=topic)
    index = [s.value["agenda_item"] for s in page.get_latest_revision_as_object().sections].index(
        item.pk
    )
    fill(
        page,
        section=index,
        decisions=[decision("Un planning commun des maraudes d'hiver")],
        actions=[
            action(
                "Diffuser le planning des maraudes",
                association_a,
                meeting.date + datetime.timedelta(days=20),
            )
        ],
        user=coordinator,
    )
    if publish_minutes:
        page = publish(page, coordinator)
        topic_services.close_topic(topic, coordinator, "Un planning commun est adopté.")
    return meeting, topic, page


def test_from_a_closed_topic_to_its_decision_in_two_clicks(
    new_page, coordinator, member_a, association_a, association_b
):
    meeting, topic, minutes = discussed_topic(coordinator, member_a, association_a, association_b)
    the_decision = Decision.objects.get(minutes=minutes)
    the_action = ActionItem.objects.get(minutes=minutes)

    page = new_page()
    log_in(page, member_a.email, PASSWORD)
    page.goto("/reunions/sujets/")
    # First click: the closed topic in the list.
    page.get_by_role("link", name="Maraudes d'hiver").first.click()
    expect(page).to_have_url(re.compile(rf"/reunions/sujets/{topic.pk}/$"))
    outcome = page.get_by_role("region", name="Ce qui en est sorti")
    expect(outcome).to_contain_text("Discuté le " + meeting.date.strftime("%-d"))
    expect(outcome.get_by_role("link", name="Diffuser le planning des maraudes")).to_have_attribute(
        "href", f"{minutes.url}#action-{the_action.pk}"
    )
    check_page(page, "topic-outcome")
    # Second click: its decision, in the minutes.
    outcome.get_by_role("link", name="Un planning commun des maraudes d'hiver").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(minutes.url)}#decision-{the_decision.pk}$"))
    target = page.locator(f"#decision-{the_decision.pk}")
    expect(target).to_contain_text("Un planning commun des maraudes d'hiver")
    expect(target).to_be_in_viewport()
    check_page(page, "topic-outcome-decision")


def test_the_minutes_editor_offers_the_meetings_agenda_as_a_list(
    new_page, coordinator, member_a, association_a, association_b
):
    meeting, topic, draft = discussed_topic(
        coordinator, member_a, association_a, association_b, publish_minutes=False
    )
    items = list(meeting.agenda_items.all())
    page = new_page()
    log_in(page, coordinator.email, PASSWORD)
    page.goto(f"/admin/pages/{draft.pk}/edit/")
    page.wait_for_load_state("networkidle")
    chooser = page.locator('select[name$="-value-agenda_item"]')
    expect(chooser).to_have_count(len(items))
    topic_item = AgendaItem.objects.get(meeting=meeting, topic=topic)
    position = items.index(topic_item)
    expect(chooser.nth(position)).to_have_value(str(topic_item.pk))
    options = chooser.nth(position).locator("option")
    expect(options).to_have_count(len(items) + 1)
    expect(options.nth(position + 1)).to_have_text(f"{position + 1}. Maraudes d'hiver")
    chooser.nth(position).scroll_into_view_if_needed()
    screenshot(page, "minutes-editor-agenda-item")
