"""Journey of the figures: an editor enters a month's figures with one impossible value (a
clear French error, the typed values kept), fixes it and sends them; the coordinator records a
CCAS allocation, reads the dashboard (charts with their text alternatives and tables) and
downloads a table as CSV. axe-core finds nothing on any page."""

from pathlib import Path

from django.utils.text import capfirst
from playwright.sync_api import expect

from tests.e2e.conftest import check_page, log_in
from tests.factories import PASSWORD, AssociationFactory, make_coordinator, make_member
from workspace.models import ActivityReport, Allocation, Neighbourhood, Role
from workspace.services import figures


def test_an_editor_reports_and_the_coordinator_records_and_reads(new_page):
    association = AssociationFactory(
        name="Le Panier", slug="le-panier", neighbourhood=Neighbourhood.EPEULE
    )
    other = AssociationFactory(name="La Soupe", slug="la-soupe", neighbourhood=Neighbourhood.ALMA)
    make_member(association, Role.EDITOR, email="editeur@panier.exemple.org")
    make_coordinator(email="coordination@exemple.org")
    last = figures.current_period().previous()
    figures.create_report(
        None,
        other,
        last,
        {
            "households": 30,
            "people": 80,
            "children_under_3": 6,
            "children_other": 20,
            "new_registrations": 3,
            "distributions": 8,
            "volunteers": 7,
        },
    )

    editor = new_page()
    log_in(editor, "editeur@panier.exemple.org", PASSWORD)
    editor.goto("/chiffres/rapports/")
    expect(editor.get_by_role("heading", level=1)).to_have_text("Rapports d'activité")
    check_page(editor, "figures-reports")
    editor.get_by_role("link", name="Saisir les chiffres de Le Panier").click()
    expect(editor.get_by_role("heading", level=1)).to_have_text("Chiffres de Le Panier")
    expect(editor.get_by_label("période")).to_have_value(last.code)
    editor.get_by_label("foyers aidés").fill("42")
    editor.get_by_label("personnes dans ces foyers").fill("100")
    editor.get_by_label("dont enfants de moins de 3 ans").fill("9")
    # More children than people: impossible.
    editor.get_by_label("dont autres enfants (3 à 17 ans)").fill("130")
    editor.get_by_label("nouvelles inscriptions").fill("5")
    editor.get_by_label("distributions ou repas servis").fill("8")
    editor.get_by_label("bénévoles actifs").fill("6")
    editor.get_by_role("button", name="Envoyer les chiffres").click()
    alert = editor.get_by_role("alert")
    expect(alert).to_contain_text("Il y a plus d'enfants (139) que de personnes (100)")
    expect(editor.get_by_label("foyers aidés")).to_have_value("42")
    expect(editor.get_by_label("dont autres enfants (3 à 17 ans)")).to_have_value("130")
    check_page(editor, "figures-report-error")
    editor.get_by_label("dont autres enfants (3 à 17 ans)").fill("30")
    editor.get_by_role("button", name="Envoyer les chiffres").click()
    expect(editor.locator("body")).to_contain_text(f"Les chiffres de {last.label} sont enregistrés")
    expect(editor.get_by_role("heading", name="Historique")).to_be_visible()
    check_page(editor, "figures-report-saved")
    saved = ActivityReport.objects.get(association=association)
    assert (saved.households, saved.people, saved.children_other) == (42, 100, 30)

    coordinator = new_page()
    log_in(coordinator, "coordination@exemple.org", PASSWORD)
    coordinator.goto("/chiffres/dotations/")
    coordinator.get_by_role("link", name="Enregistrer une dotation").click()
    coordinator.get_by_label("association").select_option(label="Le Panier")
    coordinator.get_by_label("budget d'aide alimentaire (euros)").fill("350,50")
    coordinator.get_by_label("couches (paquets)").fill("20")
    coordinator.get_by_label("lait infantile (boîtes)").fill("12")
    coordinator.get_by_label("note").fill("Dotation de l'hiver")
    check_page(coordinator, "figures-allocation-form")
    coordinator.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(coordinator.locator("body")).to_contain_text("La dotation à Le Panier est enregistrée")
    expect(coordinator.locator("body")).to_contain_text("Dotation de l'hiver")
    check_page(coordinator, "figures-allocations")
    assert Allocation.objects.get().nappies == 20

    coordinator.get_by_role("link", name="Chiffres", exact=True).first.click()
    expect(coordinator.get_by_role("heading", level=1)).to_contain_text("Chiffres du réseau")
    chart = coordinator.get_by_role("img", name="Personnes aidées par période")
    expect(chart).to_be_visible()
    expect(coordinator.locator("#chart-trend-desc")).to_contain_text("180")
    expect(coordinator.locator("#table-totaux")).to_contain_text("180")
    check_page(coordinator, "figures-dashboard")
    with coordinator.expect_download() as download_info:
        coordinator.get_by_role(
            "link", name="Télécharger « Totaux du réseau par période » (CSV)"
        ).click()
    download = download_info.value
    assert download.suggested_filename.startswith("totaux-")
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    assert capfirst(last.label) in content and ";180;" in content
