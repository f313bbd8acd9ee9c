"""The accessibility sweep: every HTML page of ours, for every role that sees it, through axe-core.

The pages come from the permission matrix (``tests/matrix.py`` ROWS and
``tests/permission_matrix.txt``): each GET row whose expected answer for a role is 200 and
whose answer is HTML (checked first with Django's test client: PDFs, CSV, calendars, feeds,
JSON, files and Wagtail's HTML fragments for its choosers are left out) is opened in Chromium as that role, and axe-core runs on it
with the WCAG 2.1 A and AA rules (``AXE_TAGS``). Any violation fails the test, which lists
them all at the end. The Wagtail admin rows of the matrix (the practice and minutes editors,
the practices' explorer, the draft preview) are part of it; ``tests/e2e/test_accessibility_admin.py``
adds the admin screens the matrix has no row for.

The network of the matrix (two associations, every role, objects in every state) is built once
for the module, in one test: pytest-django empties the database after each live-server test.
One browser, one context per role, logged in once (a session cookie made with
``force_login``).

Duplicates are skipped to keep the run short: a page is checked once per URL name and
*kind of role* — ``member_a`` and ``member_b`` are one kind (a member), ``editor_a`` and
``editor_b`` another: the same template with another association's objects. For a URL name
with several rows (``meetings:topic[A-accepted]``, ``…[B-proposed]``…), each kind of role is
checked on the first row it sees — except Wagtail's pages, all under the URL name
``wagtail_serve``: each of their rows (home, meetings, a meeting, minutes, practices…) is a
template of its own and is checked for every kind of role. The number of page × role checks is printed.

Each page checked leaves a 360 px wide screenshot in
``test-artifacts/screenshots/sweep/<role>/<row>.png``.
"""

import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings

from tests import matrix
from tests.e2e.conftest import ROOT, axe_violations

SWEEP_SHOTS = ROOT / "test-artifacts" / "screenshots" / "sweep"

# The kind of each role, for skipping duplicates (see the docstring).
KIND = {
    "anonymous": "anonymous",
    "member_a": "member",
    "member_b": "member",
    "editor_a": "editor",
    "editor_b": "editor",
    "former": "former",
    "agent": "agent",
    "coordinator": "coordinator",
}

# Rules left out on one page only, because the page is Wagtail's and the fault is in Wagtail
# (README, "Accessibility"): {row name: {rule id: reason}}.
WAGTAIL_EXCEPTIONS = {
    # Wagtail's editing sessions (concurrent editing notifications): the avatar of another
    # person (or another window) viewing the page is a <button> whose only text is in a
    # tooltip that stays `hidden` until hovered, so it has no accessible name.
    # wagtail/admin/templates/wagtailadmin/shared/editing_sessions/list.html.
    "wagtailadmin_pages:edit": {"button-name"},
    # The workflow action dialog (approve with a comment, request changes) puts the comment
    # field's <div> straight into <ul class="fields">:
    # wagtail/admin/templates/wagtailadmin/shared/workflow_action_modal.html.
    "wagtailadmin_pages:workflow_action": {"list"},
}


def checks(world):
    """[(row key, role, url)] to open: HTML answers expected 200, one per (URL name, kind)."""
    table, _marked = matrix.read_table()
    clients = {}
    for role in matrix.ROLES:
        client = Client(raise_request_exception=False)
        matrix.login_cookies(client, world.people[role])
        clients[role] = client
    seen, todo = set(), []
    # Wagtail serves every page type under one URL name: each of its rows is its own template.
    name = lambda row: row.key if row.name == "wagtail_serve" else row.name  # noqa: E731
    for row in matrix.ROWS:
        if row.method != "GET" or row.key not in table:
            continue
        _method, expected = table[row.key]
        url = row.url(world)
        for role in matrix.ROLES:
            if expected[role] != "200" or (name(row), KIND[role]) in seen:
                continue
            response = clients[role].get(url)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)  # closes the file
            cache.clear()
            if response.status_code != 200 or not response.get("Content-Type", "").startswith(
                "text/html"
            ):
                continue
            if b"<title" not in response.content[:4000]:
                continue  # a fragment for a modal (Wagtail's choosers), not a page
            seen.add((name(row), KIND[role]))
            todo.append((row.key, role, url))
    return todo


def browser_context(browser, live_server, user):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="fr-FR"
    )
    context.set_default_timeout(20_000)
    if user is not None:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
    return context


def shot_name(key):
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in key)


@pytest.mark.django_db(transaction=True)
def test_every_page_of_ours_passes_axe_core_for_every_role_that_sees_it(
    browser, live_server, tmp_path
):
    started = time.monotonic()
    with override_settings(
        MEDIA_ROOT=str(tmp_path / "media"),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        AXES_ENABLED=False,
    ):
        cache.clear()
        world = matrix.build_world()
        built = time.monotonic()
        todo = checks(world)
        problems, count = [], 0
        by_role = {}
        for key, role, url in todo:
            by_role.setdefault(role, []).append((key, url))
        for role, pages in by_role.items():
            context = browser_context(browser, live_server, world.people[role])
            page = context.new_page()
            folder = SWEEP_SHOTS / role
            folder.mkdir(parents=True, exist_ok=True)
            try:
                for key, url in pages:
                    response = page.goto(url)
                    if response is None or response.status != 200:
                        problems.append(f"{key} as {role}: answered {response and response.status}")
                        continue
                    count += 1
                    skip = WAGTAIL_EXCEPTIONS.get(key.split("[", 1)[0], {})
                    for violation in axe_violations(page, skip=skip):
                        problems.append(f"{key} as {role}: {violation}")
                    page.set_viewport_size({"width": 360, "height": 800})
                    page.screenshot(path=str(folder / f"{shot_name(key)}.png"), full_page=True)
                    page.set_viewport_size({"width": 1280, "height": 900})
            finally:
                context.close()
        cache.clear()
    print(
        f"\naccessibility sweep: {count} page × role checks ({len({k for k, _r, _u in todo})} "
        f"rows, {len(by_role)} roles); world {built - started:.0f} s, "
        f"total {time.monotonic() - started:.0f} s"
    )
    assert not problems, "axe-core:\n" + "\n".join(problems)
