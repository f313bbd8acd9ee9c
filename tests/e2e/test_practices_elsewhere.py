"""Journey of a practice that travels: on network B's host (tourcoing.localhost), an editor of
an association of B finds a public practice of network A among the practices from elsewhere,
reads it with its attribution and adopts it; A's author sees the notice on A's host."""

from urllib.parse import urlparse

from playwright.sync_api import expect

from practices import bootstrap as practices_setup
from tests.e2e.conftest import check_page, log_in
from tests.factories import PASSWORD, AssociationFactory, make_member
from tests.practices.conftest import make_practice
from workspace import networks
from workspace.models import Role
from workspace.services.networks import create_network

TITLE = "Un planning partagé des bénévoles"


def test_an_association_of_b_adopts_a_practice_of_a_and_its_author_is_told(
    new_page, live_server, editor_a, association_a
):
    index = practices_setup.ensure_all()
    make_practice(index, association_a, title=TITLE, user=editor_a)
    port = urlparse(live_server.url).port
    b = create_network(
        name="Réseau de Tourcoing", town="Tourcoing", hostname="tourcoing.localhost", port=port
    )
    with networks.activate(b):
        association_b = AssociationFactory(name="Épicerie de Tourcoing", slug="epicerie-t")
        editor_b = make_member(association_b, Role.EDITOR, email="editeur@tourcoing.test")
    b_url = f"http://tourcoing.localhost:{port}"

    # 1. B's editor, on B's host, finds A's practice among the practices from elsewhere.
    page = new_page()
    page.goto(f"{b_url}/compte/connexion/")
    log_in_here(page, editor_b.email)
    page.goto(f"{b_url}/pratiques/")
    section = page.locator("#ailleurs")
    expect(section).to_contain_text(TITLE)
    check_page(page, "practices-elsewhere-index-b")
    section.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator(".citation")).to_be_visible()
    check_page(page, "practices-elsewhere-practice-b")

    # 2. It adopts it.
    page.get_by_label("Depuis").fill("2026-01-15")
    page.locator("#adoptions").get_by_role("button").click()
    page.wait_for_load_state()
    expect(page.locator("#adoptions")).to_contain_text("Épicerie de Tourcoing")
    check_page(page, "practices-elsewhere-adopted-b")

    # 3. A's author, on A's host, sees the notice, which names network B.
    author = new_page()
    log_in(author, editor_a.email, PASSWORD)
    author.goto("/espace/notifications/")
    expect(author.locator("main")).to_contain_text("Réseau de Tourcoing")
    check_page(author, "practices-elsewhere-notice-a")


def log_in_here(page, email):
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
