"""Journey (b) of the directory: an orientation agent filters /orientation/ on "accueille les
personnes sans titre de séjour", opens the sheet and gets its PDF, which shows the restricted
fact; the same PDF for an anonymous visitor does not. Then the agent records a feedback."""

import io

import pypdf
from playwright.sync_api import expect

from tests.e2e.conftest import check_page, log_in
from tests.factories import PASSWORD, AssociationFactory
from tests.workspace.sheet_data import AGENT_FACT, PUBLIC_FACT, make_sheet
from workspace.models import LiaisonSheet, OrientationFeedback


def pdf_text(response):
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.body()))
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages).replace("- ", "-")


def test_an_agent_filters_opens_the_sheet_and_prints_it(new_page, agent, association_a):
    make_sheet(association_a)
    other = AssociationFactory(slug="sans-accueil", name="Le Comptoir")
    LiaisonSheet.objects.create(association=other, presentation="Épicerie du Comptoir")

    page = new_page()
    log_in(page, agent.email, PASSWORD)
    page.goto("/orientation/")
    page.get_by_label("Accueille les personnes sans titre de séjour").check()
    page.get_by_role("button", name="Rechercher", exact=True).last.click()
    results = page.locator(".directory-list")
    expect(results.get_by_role("link", name="Association A")).to_be_visible()
    expect(results.get_by_role("link", name="Le Comptoir")).to_have_count(0)
    check_page(page, "orientation-undocumented")

    results.get_by_role("link", name="Association A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Association A")
    expect(page.locator("body")).to_contain_text(AGENT_FACT)
    check_page(page, "orientation-sheet")

    link = page.get_by_role("link", name="La fiche à imprimer (PDF)")
    href = link.get_attribute("href")
    agent_pdf = pdf_text(page.context.request.get(href))
    assert AGENT_FACT in agent_pdf
    assert "Accueille les personnes sans titre de séjour" in agent_pdf
    assert PUBLIC_FACT in agent_pdf

    visitor = new_page()
    visitor_pdf = pdf_text(visitor.context.request.get(href))
    assert PUBLIC_FACT in visitor_pdf
    assert AGENT_FACT not in visitor_pdf
    assert "sans titre de séjour" not in visitor_pdf

    # One click after the orientation.
    page.get_by_label("Note (facultative)").fill("Bon accueil")
    page.get_by_role("button", name="Orientation faite").click()
    expect(page.locator("body")).to_contain_text("Merci : votre retour est enregistré.")
    check_page(page, "orientation-feedback")
    assert OrientationFeedback.objects.get().note == "Bon accueil"
