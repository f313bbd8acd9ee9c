"""Browser tests: Debian's Chromium driven by Playwright, against pytest-django's live server."""

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def pytest_configure(config):
    # Two cores in CI, a page editor that loads much JavaScript: give pages time.
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--disable-gpu",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def make(width=1280, height=900):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}, locale="fr-FR"
        )
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                _console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        return page

    _console_errors = []
    make.console_errors = _console_errors
    yield make
    for context in contexts:
        for open_page in context.pages:
            # Let the live server finish answering before the database goes away.
            open_page.wait_for_load_state("networkidle")
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def axe_violations(page, skip=()):
    """axe-core's WCAG 2.1 A and AA violations on the page, one line each; ``skip``: rule ids
    left out (only for a documented fault of Wagtail's own admin page)."""
    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
    if skip:
        options["rules"] = {rule: {"enabled": False} for rule in skip}
    # A click that navigates returns before the next document has loaded: axe-core would then
    # run on a document being replaced ("documentElement" of null, or a destroyed context).
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            results = _axe.run(page, options=options)
            break
        except PlaywrightError as error:
            replaced = "documentElement" in str(error) or "context was destroyed" in str(error)
            if not replaced or attempt == 2:
                raise
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(
            n["target"][0] if isinstance(n["target"][0], str) else str(n["target"])
            for n in v["nodes"][:5]
        )
        for v in results.response["violations"]
    ]


def check_accessibility(page, label, skip=()):
    details = axe_violations(page, skip=skip)
    assert not details, f"axe-core on {label}: " + " | ".join(details)


def screenshot(page, name):
    """Full-page screenshots at 1280 px and 360 px wide, in test-artifacts/screenshots/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)


def check_page(page, name):
    """Each page of a journey: no axe-core violation, screenshots at both widths, no horizontal scroll at 360 px."""
    check_accessibility(page, name)
    screenshot(page, name)
    page.set_viewport_size({"width": 360, "height": 800})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    assert overflow <= 0, f"{name} scrolls sideways at 360 px ({overflow}px)"


def log_in(page, email, password):
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def last_link(pattern):
    for message in reversed(mail.outbox):
        match = re.search(pattern, message.body)
        if match:
            return match.group(0)
    raise AssertionError(f"no e-mail with a link matching {pattern}")
