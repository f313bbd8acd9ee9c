"""Journey of a consultation: the coordinator puts a decision to the associations, three take
positions (one blocks with a reason), the coordinator records the decision "sans consensus"
in the minutes and it shows in the register, filtered by outcome."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from minutes.models import Decision, MinutesPage
from tests.e2e.conftest import check_page, log_in, screenshot
from tests.e2e.test_minutes import check_editor
from tests.factories import PASSWORD, AssociationFactory, make_meeting, make_member, make_topic
from workspace.models import Position, Role, TopicKind
from workspace.services import attendance as attendance_services
from workspace.services import topics as topic_services


def take_position(page, consultation_url, stance, reason=""):
    page.goto(consultation_url)
    page.get_by_label(stance, exact=True).check()
    if reason:
        page.get_by_label("Raison").fill(reason)
    page.get_by_role("button", name="Enregistrer la position").click()
    expect(page.get_by_role("status")).to_contain_text("est enregistrée")


def test_consultation_positions_and_a_decision_without_consensus(
    new_page, coordinator, editor_a, editor_b, member_a, association_a, association_b
):
    association_c = AssociationFactory(name="Association C", slug="assoc-c")
    editor_c = make_member(association_c, Role.EDITOR, email="editeur@c.exemple.org")
    meeting = make_meeting(coordinator, days_ahead=-1, host=association_a)
    topic = make_topic(
        association_a,
        member_a,
        meeting=meeting,
        title="Un local de stockage commun",
        kind=TopicKind.DECISION,
    )
    topic_services.accept_topic(topic, coordinator, meeting)
    attendance_services.record_attendance(
        meeting,
        coordinator,
        {association_a: 2, association_b: 1, association_c: 1},
        covered={meeting.agenda_items.get(topic=topic).pk},
    )

    # The coordinator opens the consultation from the topic; a past date is refused first.
    coord = new_page()
    log_in(coord, coordinator.email, PASSWORD)
    coord.goto(topic.get_absolute_url())
    coord.get_by_role("link", name="Consulter les associations").click()
    check_page(coord, "consultation-open")
    coord.get_by_label("Question posée aux associations").fill(
        "Louons-nous ensemble un local de stockage ?"
    )
    coord.get_by_label("Clôture le").fill("2020-01-01T18:00")
    coord.get_by_role("button", name="Ouvrir la consultation").click()
    expect(coord.get_by_role("alert")).to_contain_text(
        "La date de clôture doit être dans le futur."
    )
    expect(coord.get_by_label("Question posée aux associations")).to_have_value(
        "Louons-nous ensemble un local de stockage ?"
    )
    check_page(coord, "consultation-open-error")
    closes = timezone.localtime() + datetime.timedelta(days=5)
    coord.get_by_label("Clôture le").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    coord.get_by_role("button", name="Ouvrir la consultation").click()
    expect(coord.get_by_role("status")).to_contain_text("La consultation est ouverte")
    consultation_url = re.sub(r"^https?://[^/]+", "", coord.url)
    assert re.search(r"/reunions/consultations/\d+/$", consultation_url)

    # Three associations take positions through their editors; C blocks with a reason.
    for user, stance, reason in [
        (editor_a, "D'accord", ""),
        (editor_b, "Abstention", "Nous sommes trop loin pour en profiter."),
        (editor_c, "Blocage", "Le loyer pèserait trop sur notre budget."),
    ]:
        page = new_page()
        log_in(page, user.email, PASSWORD)
        take_position(page, consultation_url, stance, reason)
        if user == editor_c:
            check_page(page, "consultation-position")
    # A block without a reason is refused, and the position is kept as it was.
    page.get_by_label("Blocage", exact=True).check()
    page.get_by_label("Raison").fill("")
    page.get_by_role("button", name="Enregistrer la position").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Dites pourquoi votre association bloque la décision."
    )
    assert Position.objects.count() == 3
    assert Position.objects.get(association=association_c).reason.startswith("Le loyer")

    # A member reads the count and the reasons, and has no form.
    reader = new_page()
    log_in(reader, member_a.email, PASSWORD)
    reader.goto(consultation_url)
    expect(reader.locator("body")).to_contain_text("1 pour, 1 abstention, 1 blocage")
    expect(reader.locator("#positions")).to_contain_text("Le loyer pèserait trop sur notre budget.")
    expect(reader.get_by_role("button", name="Enregistrer la position")).to_have_count(0)
    check_page(reader, "consultation-read")

    # The topic's page shows the consultation and its count.
    reader.goto(topic.get_absolute_url())
    expect(reader.locator("#consultations-title + p")).to_contain_text(
        "1 pour, 1 abstention, 1 blocage"
    )
    check_page(reader, "consultation-topic")

    # The coordinator writes the minutes: the decision stays "sans consensus".
    coord.goto(meeting.url)
    coord.get_by_role(
        "button", name="Commencer le compte rendu à partir de l'ordre du jour"
    ).click()
    expect(coord).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    coord.wait_for_load_state("networkidle")
    section = (
        coord.locator("[data-streamfield-child]")
        .filter(has=coord.get_by_text("Un local de stockage commun", exact=True))
        .first
    )
    section.locator(
        '[data-contentpath="decisions"] button[data-streamfield-list-add]'
    ).first.click()
    section.locator('textarea[name$="-value-decisions-0-value-text"]').fill(
        "Louer un local de stockage commun"
    )
    section.locator('select[name$="-value-decisions-0-value-outcome"]').select_option(
        label="sans consensus"
    )
    check_editor(coord, "consultation-minutes-editor")
    coord.get_by_role("button", name="Enregistrer le brouillon").click()
    coord.wait_for_load_state("networkidle")
    expect(coord.get_by_text("a été mise à jour").first).to_be_visible()

    # The draft shows the outcome with the positions.
    coord.goto(f"/reunions/{meeting.slug}/compte-rendu/projet/")
    phrase = (
        "sans consensus — 1 pour, 1 abstention, 1 blocage : "
        "Nous sommes trop loin pour en profiter. (Association B) ; "
        "Le loyer pèserait trop sur notre budget. (Association C)"
    )
    expect(coord.locator("li .decision-outcome")).to_contain_text(phrase)
    screenshot(coord, "consultation-minutes-draft")

    # Published (the approval workflow is the minutes journey's), it shows in the register.
    minutes = MinutesPage.objects.get()
    minutes.get_latest_revision().publish(user=coordinator)
    assert Decision.objects.get().outcome == "no_consensus"
    reader.goto(MinutesPage.objects.get().url)
    expect(reader.locator("li .decision-outcome")).to_contain_text(phrase)
    # The table of decisions: the outcome, then the positions below it.
    expect(reader.locator("td .decision-outcome")).to_contain_text("Sans consensus")
    expect(reader.locator("td .decision-outcome")).to_contain_text(phrase.split(" — ", 1)[1])
    check_page(reader, "consultation-minutes-published")
    reader.goto("/reunions/decisions/")
    reader.get_by_label("Conclusion").select_option(label="sans consensus")
    reader.get_by_role("button", name="Filtrer").click()
    expect(reader).to_have_url(re.compile(r"outcome=no_consensus"))
    expect(reader.locator("table")).to_contain_text("Louer un local de stockage commun")
    expect(reader.locator("table")).to_contain_text("Sans consensus")
    expect(reader.locator("table")).to_contain_text(phrase.split(" — ", 1)[1])
    check_page(reader, "consultation-register")
    reader.get_by_label("Conclusion").select_option(label="adoptée")
    reader.get_by_role("button", name="Filtrer").click()
    expect(reader.get_by_text("Aucune décision ne correspond.")).to_be_visible()
