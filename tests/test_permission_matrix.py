"""The permission matrix: every named URL × every role, compared with a committed table.

The network is built once for the module (two associations, their people, meetings,
topics in private and accepted states, minutes with confidential parts, discussions,
practices public, network-only and draft, comments, tokens…). Each URL is then requested
as each role, each request inside a savepoint that is rolled back, and the answer's class
is compared with ``tests/permission_matrix.txt``. A view without a row fails the test; a
row whose URL no longer exists fails it too. Every answer is also searched for texts that
only some roles may read (``CANARIES``).

To add a view: add its row(s) to ``ROWS`` in ``tests/matrix.py`` (with the objects of
A and of B when it takes one), then its line to the table with the answer each role
*should* get. A failing run writes what it saw to ``test-artifacts/permission-matrix.txt``.
"""

import copy
import time

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings

from tests import matrix

# The marker makes pytest-django create the test database before the module's fixture.
pytestmark = pytest.mark.django_db

# Cells whose correct answer (in the table, marked "*") the code does not give yet:
# (row, role) -> (what the code answers today, why it is wrong). Each is checked by
# ``test_known_leak``, marked xfail(strict=True): once fixed, it passes, the run fails, and
# the entry (and the "*" in the table) must be removed.
KNOWN_LEAKS = {}

# Private texts found in answers where they must not be: (row, role, canary) -> why.
_DRAFT_TITLE = (
    "Wagtail's admin page search and its admin API's page detail list every page to whoever "
    "may use the admin (every association editor), with no hook to filter them: another "
    "association's draft practice shows its title (the explorer and the chooser are filtered)"
)
KNOWN_CANARY_LEAKS = {
    ("wagtailadmin_pages:search[draft-title]", "editor_b", "CANARY-DRAFT-PRACTICE"): _DRAFT_TITLE,
    (
        "wagtailadmin_api:pages:detail[practice-draft]",
        "editor_b",
        "CANARY-DRAFT-PRACTICE",
    ): _DRAFT_TITLE,
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The network, built once; everything is rolled back after the module."""
    media = tmp_path_factory.mktemp("matrix-media")
    overrides = override_settings(
        MEDIA_ROOT=str(media),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        AXES_ENABLED=False,
    )
    with django_db_blocker.unblock(), overrides:
        # Never the development database: the test database must be set up by now.
        assert "test" in str(connection.settings_dict["NAME"]), connection.settings_dict["NAME"]
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            cache.clear()
            built = matrix.build_world()
            before = matrix.fingerprint()
            built.answers = ask_everything(built)
            built.unchanged = before == matrix.fingerprint()
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


def ask_everything(world):
    """{(row key, role): (answer class, text of the answer)}, one request each."""
    clients = {}
    for role in matrix.ROLES:
        client = Client(raise_request_exception=False)
        clients[role] = (client, matrix.login_cookies(client, world.people[role]))
    answers = {}
    world.urls = {}
    started = time.monotonic()
    for row in matrix.ROWS:
        url = world.urls[row.key] = row.url(world)
        data = row.data(world)
        for role in matrix.ROLES:
            client, cookies = clients[role]
            # Logging out (or a view that flushes the session) must not change the next request.
            client.cookies = copy.deepcopy(cookies)
            with transaction.atomic():
                if row.method == "POST":
                    response = client.post(url, data)
                else:
                    response = client.get(url, data)
                answers[(row.key, role)] = (matrix.classify(response), matrix.body_text(response))
                transaction.set_rollback(True)
            cache.clear()
    world.seconds = time.monotonic() - started
    return answers


def test_every_named_url_has_a_row_and_every_row_a_url():
    names = matrix.resolver_names()
    table, _marked = matrix.read_table()
    problems = []
    keys = [row.key for row in matrix.ROWS]
    duplicates = {key for key in keys if keys.count(key) > 1}
    if duplicates:
        problems.append(f"rows defined twice in tests/matrix.py: {sorted(duplicates)}")
    covered = {row.name for row in matrix.ROWS}
    for name in sorted(matrix.required_names(names) - covered):
        problems.append(
            f"new view without an entry: {name!r} is in the URL map but has no row; add it to "
            "ROWS in tests/matrix.py and its expected answers to tests/permission_matrix.txt"
        )
    for row in matrix.ROWS:
        if row.name not in names:
            problems.append(
                f"{row.key}: the URL name {row.name!r} no longer exists; remove the row from "
                "tests/matrix.py and tests/permission_matrix.txt"
            )
        if row.key not in table:
            problems.append(
                f"{row.key}: no line in tests/permission_matrix.txt; add one with the answer "
                "each role should get"
            )
        elif table[row.key][0] != row.method:
            problems.append(f"{row.key}: the table says {table[row.key][0]}, the row {row.method}")
    for key in sorted(set(table) - set(keys)):
        problems.append(
            f"{key}: in tests/permission_matrix.txt but no such row in tests/matrix.py "
            "(a URL that no longer exists?): remove it"
        )
    assert not problems, "\n".join(problems)


def test_the_table_marks_exactly_the_known_leaks():
    table, marked = matrix.read_table()
    assert marked == set(KNOWN_LEAKS), (
        "cells marked '*' in the table and KNOWN_LEAKS must name the same cells: "
        f"only marked {sorted(marked - set(KNOWN_LEAKS))}, "
        f"only listed {sorted(set(KNOWN_LEAKS) - marked)}"
    )
    for key, role in KNOWN_LEAKS:
        assert key in table and role in matrix.ROLES


def test_permission_matrix(world, record_property):
    table, _marked = matrix.read_table()
    differences, observed = [], []
    checked = 0
    for row in matrix.ROWS:
        expected = table.get(row.key, (row.method, {}))[1]
        cells = {}
        for role in matrix.ROLES:
            answer = world.answers[(row.key, role)][0]
            cells[role] = answer
            if (row.key, role) in KNOWN_LEAKS:
                cells[role] = expected.get(role, "?") + matrix.LEAK_MARK
                continue
            checked += 1
            if expected.get(role) != answer:
                differences.append(
                    f"{row.key} ({row.method}) as {role}: expected {expected.get(role, '—')}, "
                    f"got {answer}"
                )
        observed.append((row.key, row.method, cells))
    rows = len(matrix.ROWS)
    summary = (
        f"permission matrix: {rows} URLs × {len(matrix.ROLES)} roles = "
        f"{rows * len(matrix.ROLES)} checks ({checked} compared, {len(KNOWN_LEAKS)} known leaks "
        f"as xfail) in {world.seconds:.1f} s"
    )
    print(summary)
    # Shown again at the end of the run (tests/conftest.py), with or without -s / -rP.
    record_property("permission_matrix", summary)
    matrix.ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    matrix.ARTIFACT.write_text(
        summary
        + "\n"
        + ("\n".join(differences) + "\n" if differences else "")
        + "\n"
        + matrix.format_table(observed),
        encoding="utf-8",
    )
    assert not differences, (
        f"{summary}\n{len(differences)} answers differ from tests/permission_matrix.txt "
        f"(what was seen is in {matrix.ARTIFACT}):\n" + "\n".join(differences)
    )


def test_every_row_asks_its_own_url(world):
    wrong = [
        f"{key}: {url} is {matrix.resolved_name(url)}"
        for key, url in world.urls.items()
        if matrix.resolved_name(url) != key.split("[", 1)[0]
    ]
    assert not wrong, "rows whose address is another view's:\n" + "\n".join(wrong)


def test_every_request_was_rolled_back(world):
    assert world.unchanged, "a request of the matrix changed the data seen by the next ones"


def test_private_texts_stay_private(world):
    leaks, seen = [], set()
    for (key, role), (_answer, body) in world.answers.items():
        for canary, readers in matrix.CANARIES.items():
            if canary not in body:
                continue
            if role in readers:
                seen.add(canary)
                continue
            if (key, role, canary) in KNOWN_CANARY_LEAKS:
                continue
            leaks.append(f"{key} as {role} shows {canary}")
    assert not leaks, "private texts shown to roles that may not read them:\n" + "\n".join(leaks)
    # The check means something only if those who may read each text do see it somewhere.
    assert seen == set(matrix.CANARIES), (
        f"never shown, even to its readers: {set(matrix.CANARIES) - seen}"
    )
    for key, role, canary in [
        ("meetings:topic[A-proposed]", "member_a", "CANARY-A-PROPOSAL"),
        ("meetings:topic[B-proposed]", "editor_b", "CANARY-B-PROPOSAL"),
        ("wagtail_serve[minutes-published]", "member_a", "CANARY-CONFIDENTIAL"),
        ("minutes:pdf[published]", "coordinator", "CANARY-CONFIDENTIAL"),
        ("minutes:draft[circulating]", "editor_a", "CANARY-CIRCULATING"),
        ("workspace:association[A]", "editor_a", "CANARY-DRAFT-PRACTICE"),
        ("wagtail_serve[practice-network]", "agent", "CANARY-NETWORK-PRACTICE"),
        ("practices:pdf[network]", "member_b", "CANARY-NETWORK-PRACTICE"),
        ("directory:pdf[A]", "agent", "CANARY-SHEET-AGENTS"),
        ("directory:pdf[A]", "editor_a", "CANARY-SHEET-AGENTS"),
        ("directory:pdf[A]", "member_b", "CANARY-SHEET-NETWORK"),
        ("directory:neighbourhood_pdf[A]", "agent", "CANARY-SHEET-AGENTS"),
    ]:
        assert canary in world.answers[(key, role)][1], f"{key} as {role} should show {canary}"


@pytest.mark.parametrize(
    "key, role",
    [
        pytest.param(key, role, marks=pytest.mark.xfail(strict=True, reason=reason))
        for (key, role), (_now, reason) in KNOWN_LEAKS.items()
    ]
    or [pytest.param(None, None, marks=pytest.mark.skip(reason="no known leak"))],
)
def test_known_leak(world, key, role):
    table, _marked = matrix.read_table()
    assert world.answers[(key, role)][0] == table[key][1][role]


@pytest.mark.parametrize(
    "key, role, canary",
    [
        pytest.param(key, role, canary, marks=pytest.mark.xfail(strict=True, reason=reason))
        for (key, role, canary), reason in KNOWN_CANARY_LEAKS.items()
    ]
    or [pytest.param(None, None, None, marks=pytest.mark.skip(reason="no known leak"))],
)
def test_known_canary_leak(world, key, role, canary):
    assert canary not in world.answers[(key, role)][1]
