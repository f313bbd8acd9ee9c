"""Journey of the minutes: from the agenda to approved minutes and a followed-up action."""

import datetime
import re

from playwright.sync_api import expect

from minutes.models import ActionItem, MinutesPage
from tests.e2e.conftest import check_page, log_in, screenshot
from tests.factories import PASSWORD, make_meeting, make_topic
from workspace.services import agenda
from workspace.services import attendance as attendance_services
from workspace.services import topics as topic_services


def test_minutes_from_agenda_to_followed_action(
    new_page, coordinator, editor_a, member_a, association_a, association_b
):
    meeting = make_meeting(coordinator, days_ahead=-1, host=association_a)
    topic = make_topic(association_a, member_a, meeting=meeting, title="Maraudes d'hiver")
    topic_services.accept_topic(topic, coordinator, meeting)
    attendance_services.record_attendance(
        meeting, coordinator, {association_a: 2}, covered={meeting.agenda_items.get(topic=topic).pk}
    )
    following = make_meeting(coordinator, days_ahead=40, host=association_b)

    coord = new_page()
    log_in(coord, coordinator.email, PASSWORD)
    coord.goto(meeting.url)
    check_page(coord, "minutes-meeting-before")
    coord.get_by_role(
        "button", name="Commencer le compte rendu à partir de l'ordre du jour"
    ).click()
    expect(coord).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    coord.wait_for_load_state("networkidle")
    screenshot(coord, "minutes-editor")
    section = (
        coord.locator("[data-streamfield-child]")
        .filter(has=coord.get_by_text("Maraudes d'hiver", exact=True))
        .first
    )
    section.locator('[data-contentpath="summary"] button.c-sf-add-button').first.click()
    coord.get_by_role("option", name="Paragraphe", exact=True).click()
    editor = section.locator('[data-contentpath="summary"] .public-DraftEditor-content').first
    editor.click()
    editor.type("Trois associations passent le mardi, aucune le mercredi.")
    section.locator(
        '[data-contentpath="decisions"] button[data-streamfield-list-add]'
    ).first.click()
    section.locator('textarea[name$="-value-decisions-0-value-text"]').fill(
        "Un planning commun des maraudes d'hiver"
    )
    section.locator('[data-contentpath="actions"] button[data-streamfield-list-add]').first.click()
    section.locator('textarea[name$="-value-actions-0-value-what"]').fill(
        "Diffuser le planning des maraudes"
    )
    section.locator(
        '[data-contentpath="actions"] [data-contentpath="owner"] button',
        has_text="Choisir association",
    ).click()
    coord.get_by_role("dialog").get_by_role("link", name="Association A").click()
    expect(coord.get_by_role("dialog")).to_have_count(0)
    due = (meeting.date + datetime.timedelta(days=20)).isoformat()
    section.locator('input[name$="-value-actions-0-value-due_date"]').fill(due)
    section.locator(
        '[data-contentpath="actions"] > div > div > button[data-streamfield-list-add]'
    ).last.click()
    section.locator('textarea[name$="-value-actions-1-value-what"]').fill(
        "Recenser les besoins en lait infantile"
    )
    section.locator(
        '[data-contentpath="actions"] [data-contentpath="owner"] button',
        has_text="Choisir association",
    ).last.click()
    coord.get_by_role("dialog").get_by_role("link", name="Association A").click()
    expect(coord.get_by_role("dialog")).to_have_count(0)
    section.locator('input[name$="-value-actions-1-value-due_date"]').fill(
        (meeting.date + datetime.timedelta(days=60)).isoformat()
    )
    coord.keyboard.press("Tab")  # leave the date field
    # The date picker may stay open after typing a date: a click beside the form closes it
    # (as a person would).
    picker = coord.locator(".xdsoft_datetimepicker:visible")
    for _ in range(10):
        coord.wait_for_timeout(700)
        if not picker.count():
            break
        coord.mouse.click(1180, 300)
    expect(coord.locator(".xdsoft_datetimepicker:visible")).to_have_count(0)
    check_editor(coord, "minutes-editor")
    coord.get_by_role("button", name="Enregistrer le brouillon").click()
    coord.wait_for_load_state("networkidle")
    if not coord.get_by_text("a été mise à jour").count():
        screenshot(coord, "minutes-editor-save-failed")
        errors = coord.locator(
            ".error-message, .help-critical, .w-field__errors:not(:empty)"
        ).all_inner_texts()
        raise AssertionError(f"the draft was not saved: {errors}")

    # Circulate to the associations that attended.
    coord.get_by_role("button", name="Plus d'actions").click()
    coord.get_by_role("button", name="Faire circuler aux associations présentes").click()
    # The coordinator lands on a page that says to whom and until when the draft circulates.
    expect(
        coord.get_by_role(
            "heading", name="Le compte rendu circule auprès des associations présentes"
        )
    ).to_be_visible()
    check_page(coord, "minutes-submitted")
    page = MinutesPage.objects.get()
    assert page.current_workflow_task.name.startswith("Circulation")

    # An editor of A reads the draft and sends an amendment on the topic.
    editor_page = new_page()
    log_in(editor_page, editor_a.email, PASSWORD)
    editor_page.goto(meeting.url)
    editor_page.get_by_role("link", name="Lire le projet et proposer des amendements").click()
    expect(
        editor_page.get_by_text("Trois associations passent le mardi, aucune le mercredi.")
    ).to_be_visible()
    check_page(editor_page, "minutes-draft")
    editor_page.get_by_label("Votre amendement sur « Maraudes d'hiver »").fill(
        "Ajouter que le CCAS prête des thermos."
    )
    editor_page.get_by_role("button", name="Envoyer l'amendement").nth(2).click()
    expect(editor_page.get_by_role("status")).to_contain_text(
        "Votre amendement est transmis à la coordination."
    )
    check_page(editor_page, "minutes-amended")

    # The coordinator sees it beside the sections, ends the circulation, approves and publishes.
    coord.goto(f"/admin/pages/{page.pk}/edit/")
    beside = coord.locator('[data-contentpath="sections"] .minutes-amendments')
    expect(beside).to_have_count(1)
    expect(beside).to_contain_text("Amendements reçus sur cette section (1)")
    expect(beside).to_contain_text("Ajouter que le CCAS prête des thermos.")
    page.refresh_from_db()
    topic_section = next(
        block.id
        for block in page.get_latest_revision_as_object().sections
        if block.value["title"] == "Maraudes d'hiver"
    )
    expect(
        coord.locator(f'[data-streamfield-child][data-contentpath="{topic_section}"]')
    ).to_contain_text("Ajouter que le CCAS prête des thermos.")
    check_editor(coord, "minutes-editor-amendments")
    coord.get_by_role("button", name="Plus d'actions").click()
    coord.get_by_role("button", name="Terminer la circulation maintenant").click()
    coord.wait_for_load_state("networkidle")
    coord.goto(f"/admin/pages/{page.pk}/edit/")
    coord.get_by_role("button", name="Plus d'actions").click()
    coord.get_by_role("button", name="Approuver et Publier", exact=True).click()
    coord.wait_for_load_state("networkidle")
    page.refresh_from_db()
    assert page.live
    coord.goto(page.url)
    expect(coord.get_by_role("heading", level=1)).to_contain_text("Compte rendu de la réunion du")
    check_page(coord, "minutes-published")

    # The editor of A marks the action done from the association's page.
    done = ActionItem.objects.get(what="Diffuser le planning des maraudes")
    editor_page.goto(f"/espace/associations/{association_a.slug}/")
    check_page(editor_page, "association-actions")
    item = editor_page.locator(f"#action-{done.pk}")
    item.get_by_label("État").select_option(label="Faite")
    item.get_by_label("Note").fill("Planning envoyé à toutes les associations.")
    item.get_by_role("button", name=re.compile("Mettre à jour")).click()
    expect(editor_page.get_by_role("status")).to_contain_text("L'action est maintenant « faite ».")

    # The next agenda shows only the open action.
    agenda.publish_agenda(following, coordinator)
    editor_page.goto(following.url)
    follow_up = editor_page.locator("table.agenda")
    expect(follow_up).to_contain_text("Recenser les besoins en lait infantile")
    expect(follow_up).not_to_contain_text("Diffuser le planning des maraudes")
    check_page(editor_page, "next-agenda-follow-up")


def check_editor(page, name):
    """Wagtail's page editor: axe-core and screenshots (its own layout scrolls inside)."""
    from tests.e2e.conftest import check_accessibility

    check_accessibility(page, name)
    screenshot(page, name)


def test_the_editor_names_its_date_picker_buttons(new_page, coordinator, association_a):
    """Open the date picker of an action's due date: its buttons have names (axe-core)."""
    from tests.e2e.conftest import check_accessibility

    meeting = make_meeting(coordinator, days_ahead=-1, host=association_a)
    page = new_page()
    log_in(page, coordinator.email, PASSWORD)
    page.goto(meeting.url)
    page.get_by_role("button", name="Commencer le compte rendu à partir de l'ordre du jour").click()
    page.wait_for_load_state("networkidle")
    section = page.locator("[data-streamfield-child]").first
    section.locator('[data-contentpath="actions"] button[data-streamfield-list-add]').first.click()
    section.locator('input[name$="-value-actions-0-value-due_date"]').click()
    expect(page.locator(".xdsoft_datetimepicker:visible")).to_have_count(1)
    expect(page.locator(".xdsoft_datetimepicker:visible .xdsoft_next").first).to_have_attribute(
        "aria-label", "Mois suivant"
    )
    check_accessibility(page, "minutes-editor-date-picker")
