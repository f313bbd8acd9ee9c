"""The header's network switch in a browser: a person in two networks opens it with the
keyboard, sees both networks (the current one marked), follows it to the other network's host
and is still signed in there; axe-core finds nothing on either host."""

from playwright.sync_api import expect

from tests.e2e.conftest import SHOTS, check_accessibility
from tests.e2e.test_header import open_as
from tests.factories import AssociationFactory, make_member
from workspace import networks
from workspace.models import Role
from workspace.services.networks import create_network


def test_the_network_switch_works_with_the_keyboard_and_axe_finds_nothing(
    browser, live_server, association_a
):
    network_b = create_network(
        name="Réseau de Bétheville", town="Bétheville", hostname="b.localhost"
    )
    with networks.activate(network_b.pk):
        association_b = AssociationFactory(name="Association de B", slug="assoc-de-b")
    person = make_member(association_a, Role.MEMBER, email="deux@exemple.org")
    make_member(association_b, Role.MEMBER, email="deux@exemple.org")
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page = open_as(browser, live_server, person)
    try:
        page.set_viewport_size({"width": 1280, "height": 800})
        # Its French label ("Vos réseaux") comes with the merged translations.
        switch = page.locator("nav.network-switch")
        expect(switch).to_be_visible()
        summary = switch.locator("summary")
        summary.focus()
        page.keyboard.press("Enter")
        link_b = switch.get_by_role("link", name="Réseau de Bétheville")
        expect(link_b).to_be_visible()
        # Through this host, which signs the person in on the other one (services/hops.py).
        assert link_b.get_attribute("href") == f"/compte/reseau/{network_b.pk}/"
        current = switch.locator("a[aria-current]")
        expect(current).to_have_count(1)
        page.screenshot(path=str(SHOTS / "header-network-switch-1280.png"))
        check_accessibility(page, "header-network-switch-1280")
        page.set_viewport_size({"width": 360, "height": 740})
        page.locator(".menu > summary").click()
        expect(switch).to_be_visible()
        check_accessibility(page, "header-network-switch-360")
        page.screenshot(path=str(SHOTS / "header-network-switch-360.png"))
        # To network B: its host, its workspace, still signed in, nothing typed again.
        page.set_viewport_size({"width": 1280, "height": 800})
        if not link_b.is_visible():  # the switch may still be open from above
            page.locator("nav.network-switch summary").click()
        link_b.click()
        page.wait_for_load_state()
        assert page.url.startswith("http://b.localhost:") and page.url.endswith("/espace/")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.locator("main")).to_contain_text("Association de B")
        current_b = page.locator("nav.network-switch a[aria-current]")
        expect(current_b).to_contain_text("Réseau de Bétheville")
        page.screenshot(path=str(SHOTS / "header-network-switch-arrived-1280.png"))
        check_accessibility(page, "header-network-switch-arrived-1280")
        # The link cannot be used again: a page that says so and offers to sign in.
        context_other = browser.new_context(locale="fr-FR")
        try:
            other = context_other.new_page()
            other.goto(f"{live_server.url}/compte/arrivee/?jeton=perime")
            expect(other.get_by_role("heading", level=1)).to_contain_text("plus valable")
            check_accessibility(other, "network-arrival-invalid")
            other.screenshot(path=str(SHOTS / "network-arrival-invalid.png"))
        finally:
            context_other.close()
    finally:
        context.close()
