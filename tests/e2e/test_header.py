"""The header on a 360 px phone, for each role: compact (the menu folded behind one button),
the button works without JavaScript (a <details>), axe-core finds nothing, screenshots closed
and open in test-artifacts/screenshots/header-<role>-360-*.png."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SHOTS, check_accessibility
from tests.factories import PASSWORD

# The coordinator's header took 285 px at the top of every page before the menu folded.
MAX_HEADER_HEIGHT = 80

ROLES = ["anonymous", "member_a", "editor_a", "agent", "coordinator"]


def open_as(browser, live_server, user, javascript=True):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 360, "height": 740},
        locale="fr-FR",
        java_script_enabled=javascript,
    )
    page = context.new_page()
    if user is not None:
        page.goto("/compte/connexion/")
        page.get_by_label("Adresse électronique").fill(user.email)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_load_state()
    page.goto("/espace/" if user is not None else "/")
    return context, page


def header_height(page):
    return page.locator(".site-header").bounding_box()["height"]


@pytest.mark.parametrize("role", ROLES)
def test_the_header_is_compact_at_360_px_and_its_menu_works_without_javascript(
    browser, live_server, request, role
):
    user = None if role == "anonymous" else request.getfixturevalue(role)
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page = open_as(browser, live_server, user, javascript=False)
    try:
        page.screenshot(path=str(SHOTS / f"header-{role}-360-closed.png"))
        height = header_height(page)
        print(f"header height at 360 px, {role}: {height:.0f} px")
        assert height <= MAX_HEADER_HEIGHT, f"{role}: header {height} px high"
        nav = page.get_by_role("navigation", name="Navigation principale")
        expect(nav).to_be_hidden()

        # Without JavaScript, the button opens the menu; its links work.
        page.get_by_text("Menu", exact=True).click()
        expect(nav).to_be_visible()
        expect(nav.get_by_role("link", name="Associations")).to_be_visible()
        page.screenshot(path=str(SHOTS / f"header-{role}-360-open.png"))
        if user is not None:
            expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
        else:
            expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()
        nav.get_by_role("link", name="Associations").click()
        expect(page).to_have_url(f"{live_server.url}/associations/")
        # The page loaded anew: the menu is folded again.
        expect(page.get_by_role("navigation", name="Navigation principale")).to_be_hidden()
    finally:
        context.close()
    # axe-core runs in the page: with JavaScript, closed and open.
    context, page = open_as(browser, live_server, user)
    try:
        check_accessibility(page, f"header-{role}-360-closed")
        page.locator(".menu > summary").click()
        expect(page.get_by_role("navigation", name="Navigation principale")).to_be_visible()
        check_accessibility(page, f"header-{role}-360-open")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()


def test_with_javascript_escape_closes_the_menu_and_wide_screens_show_it_open(
    browser, live_server, coordinator
):
    context, page = open_as(browser, live_server, coordinator)
    try:
        nav = page.get_by_role("navigation", name="Navigation principale")
        expect(nav).to_be_hidden()
        assert header_height(page) <= MAX_HEADER_HEIGHT
        summary = page.locator(".menu > summary")
        summary.click()
        expect(nav).to_be_visible()
        expect(nav.get_by_role("link", name="Invitations")).to_be_visible()
        page.keyboard.press("Escape")
        expect(nav).to_be_hidden()
        expect(summary).to_be_focused()
        # A keyboard opens it too (a <summary> is a button).
        page.keyboard.press("Enter")
        expect(nav).to_be_visible()
        page.screenshot(path=str(SHOTS / "header-coordinator-360-open-js.png"))
        page.set_viewport_size({"width": 1280, "height": 800})
        expect(nav).to_be_visible()
        expect(summary).to_be_hidden()
        check_accessibility(page, "header-coordinator-1280")
        page.screenshot(path=str(SHOTS / "header-coordinator-1280.png"))
        page.wait_for_load_state("networkidle")
    finally:
        context.close()


def test_without_javascript_a_wide_screen_shows_the_menu(browser, live_server, coordinator):
    context, page = open_as(browser, live_server, coordinator, javascript=False)
    try:
        page.set_viewport_size({"width": 1280, "height": 800})
        expect(page.get_by_role("navigation", name="Navigation principale")).to_be_visible()
        expect(page.locator(".menu > summary")).to_be_hidden()
    finally:
        context.close()
