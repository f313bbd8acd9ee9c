"""The permission matrix run for two networks: nothing of network A is reachable from B.

Network A holds the matrix's world (``tests.matrix.build_world``), network B a world of its
own (``tests.workspace.networld``). Every row of ``tests.matrix.ROWS`` is requested with A's
objects (its URL built from A's world) as every role of network B (one person of B per
column), on B's host; then on A's host as the same people of B, who are nobody there.

A leak is an answer on B's host that shows a text only A's objects contain
(``A_MARKERS``), an answer on A's host that shows a private text of A (a canary: nobody of
B may read one), or a POST that changed A's data. What was seen is written to
``test-artifacts/permission-matrix-networks.txt``.
"""

import copy
import time

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from tests import matrix
from tests.workspace import networld
from workspace import networks

pytestmark = pytest.mark.django_db

ARTIFACT = matrix.ARTIFACT.with_name("permission-matrix-networks.txt")
REFUSALS = {"302>login", "302>admin", "400", "403", "404", "405"}

# Rows whose answer rightly shows A's data whatever the host: the token is the person's own.
PERSONAL = {
    "notifications:unsubscribe[member_a]": "the signed unsubscribe link of A's member: "
    "whoever holds it is that person, and the page names their own e-mail address",
    "network_arrival[member_a]": "the network switch's one-minute, one-time link of A's member "
    "to A's host: whoever holds it is that person there, as with a password-reset link",
}

# Known leaks, each checked as still leaking (strict xfail): none left. The admin of a host
# is for the people with a role in its network (``permissions.admin_object_in_network``), so
# its explorer, search, API and page choosers show nothing of another network.
KNOWN_LEAKS = {}


SNIPPETS = "/admin/snippets/workspace/association/"


# Rows added to the matrix's: a word only A's objects contain, B's calendar feed token on
# A's host (and A's on B's, in the matrix's row).
def _get(key, url):
    return matrix.Row(key, "GET", url, lambda w: {})


EXTRA_ROWS = [
    _get("search[A-word]", lambda w: "/recherche/?q=Maraudes"),
    # The admin's images, documents and association snippets, listed, chosen and opened by
    # their raw address; its reports; its collections and workflows.
    _get("wagtailimages:index", lambda w: reverse("wagtailimages:index")),
    _get("wagtailimages:index[search]", lambda w: reverse("wagtailimages:index") + "?q=fiche"),
    _get("wagtailimages_chooser:choose", lambda w: reverse("wagtailimages_chooser:choose")),
    _get(
        "wagtailimages:edit[A]", lambda w: reverse("wagtailimages:edit", args=[w.image_network.pk])
    ),
    _get("wagtaildocs:index", lambda w: reverse("wagtaildocs:index")),
    _get("wagtaildocs_chooser:choose", lambda w: reverse("wagtaildocs_chooser:choose")),
    _get(
        "wagtaildocs:edit[A]", lambda w: reverse("wagtaildocs:edit", args=[w.document_network.pk])
    ),
    _get("snippets:association:list", lambda w: SNIPPETS),
    _get("snippets:association:edit[A]", lambda w: f"{SNIPPETS}edit/{w.a.pk}/"),
    _get("snippets:association:history[A]", lambda w: f"{SNIPPETS}history/{w.a.pk}/"),
    _get("reports:locked", lambda w: reverse("wagtailadmin_reports:locked_pages")),
    _get("reports:site_history", lambda w: reverse("wagtailadmin_reports:site_history")),
    _get("reports:aging_pages", lambda w: reverse("wagtailadmin_reports:aging_pages")),
    _get("reports:workflow", lambda w: reverse("wagtailadmin_reports:workflow")),
    _get("reports:workflow_tasks", lambda w: reverse("wagtailadmin_reports:workflow_tasks")),
    _get("collections:index", lambda w: reverse("wagtailadmin_collections:index")),
    _get("workflows:index", lambda w: reverse("wagtailadmin_workflows:index")),
]


def _path(url):
    """The path and query of a URL (a page's URL is absolute when there are several sites)."""
    if "://" in url:
        url = "/" + url.split("://", 1)[1].split("/", 1)[1]
    return url


def a_fingerprint(network_a):
    """What a request could change of A's data (the scoped models, read with A current)."""
    from wagtail.models import Page

    from workspace.models import Notification

    with networks.activate(network_a):
        data = matrix.fingerprint()
        for unscoped in (
            "events",
            "users",
            "pages",
            "revisions",
            "comments",
            "flags",
            "notifications",
        ):
            data.pop(unscoped)
        data["notifications"] = sorted(
            Notification.objects.filter(event__network=network_a).values_list("pk", "read_at")
        )
        data["pages"] = sorted(
            Page.objects.filter(path__startswith=network_a.root_path).values_list(
                "pk", "live", "title", "latest_revision_id"
            )
        )
    return data


@pytest.fixture(scope="module")
def worlds(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("network-matrix-media")
    overrides = override_settings(
        MEDIA_ROOT=str(media),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        AXES_ENABLED=False,
        ALLOWED_HOSTS=["localhost", ".localhost", "testserver"],
    )
    with django_db_blocker.unblock(), overrides:
        assert "test" in str(connection.settings_dict["NAME"]), connection.settings_dict["NAME"]
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            cache.clear()
            networks.forget()
            built = networld.build_two_networks()
            started = time.monotonic()
            built.answers = {
                host: ask_everything(built, host) for host in (networld.B_HOST, networld.A_HOST)
            }
            built.seconds = time.monotonic() - started
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            networks.forget()
            cache.clear()


def ask_everything(worlds, host):
    """{(row key, role): (class, body, changed A's data)} for B's people on ``host``."""
    clients = {}
    for role in matrix.ROLES:
        client = Client(raise_request_exception=False, HTTP_HOST=host)
        clients[role] = (client, matrix.login_cookies(client, worlds.b.people[role]))
    before = a_fingerprint(worlds.network_a)
    answers = {}
    worlds.urls = {}
    for row in [*matrix.ROWS, *EXTRA_ROWS]:
        url = worlds.urls[row.key] = _path(row.url(worlds.a))
        data = row.data(worlds.a)
        for role in matrix.ROLES:
            client, cookies = clients[role]
            client.cookies = copy.deepcopy(cookies)
            with transaction.atomic():
                if row.method == "POST":
                    response = client.post(url, data)
                else:
                    response = client.get(url, data)
                answer = matrix.classify(response)
                changed = (
                    row.method == "POST"
                    and answer not in REFUSALS
                    and a_fingerprint(worlds.network_a) != before
                )
                answers[(row.key, role)] = (answer, matrix.body_text(response), changed)
                transaction.set_rollback(True)
            cache.clear()
    return answers


def _write_artifact(worlds, problems):
    lines = [
        f"two networks: {len(matrix.ROWS) + len(EXTRA_ROWS)} URLs × {len(matrix.ROLES)} roles "
        f"of network B × 2 hosts, in {worlds.seconds:.1f} s; {len(problems)} leaks",
        *problems,
        "",
    ]
    for host, answers in worlds.answers.items():
        rows = []
        for row in [*matrix.ROWS, *EXTRA_ROWS]:
            cells = {role: answers[(row.key, role)][0] for role in matrix.ROLES}
            rows.append((row.key, row.method, cells))
        lines.append(f"# Host {host}: A's objects, asked by the people of network B")
        lines.append(matrix.format_table(rows).split("\n\n", 1)[1])
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text("\n".join(lines), encoding="utf-8")


# Pages of B's library that show, by design, the public practices of the other networks
# ("Pratiques d'ailleurs", issue #17 item 3), attributed: A's public practice and its
# association may appear there; A's members-only and draft practices never.
ELSEWHERE = {"wagtail_serve[practices]", "practices:elsewhere"}
PUBLIC_OF_A = {"Un planning partagé", "Association A"}


def _markers(host, key, worlds):
    """The texts that must not be shown; a search page repeats the searched word
    ("CANARY"), so there only A's texts that begin with it ("CANARY-…") count."""
    if host != networld.B_HOST:
        return list(matrix.CANARIES)
    if "?q=" in worlds.urls.get(key, ""):
        return [m if m != "CANARY" else "CANARY-" for m in networld.A_MARKERS]
    if key in ELSEWHERE:
        return [m for m in networld.A_MARKERS if m not in PUBLIC_OF_A]
    return networld.A_MARKERS


def find_leaks(worlds, known=False):
    """The leaks seen; with ``known``, only those of ``KNOWN_LEAKS``; else only the others."""
    problems = []
    for host, answers in worlds.answers.items():
        for (key, role), (answer, body, changed) in answers.items():
            if key in PERSONAL or ((host, key, role) in KNOWN_LEAKS) != known:
                continue
            shown = [marker for marker in _markers(host, key, worlds) if marker in body]
            if shown:
                problems.append(f"on {host}: {key} as {role} ({answer}) shows {shown}")
            if changed:
                problems.append(f"on {host}: {key} as {role} ({answer}) changed A's data")
    return problems


def test_nothing_of_network_a_is_reachable_from_network_b(worlds, record_property):
    problems = find_leaks(worlds)
    _write_artifact(worlds, problems)
    summary = f"two-network matrix: {len(problems)} leaks in {worlds.seconds:.1f} s"
    record_property("network_matrix", summary)
    assert not problems, f"{summary} (table in {ARTIFACT}):\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "host, key, role",
    [
        pytest.param(*cell, marks=pytest.mark.xfail(strict=True, reason=reason))
        for cell, reason in KNOWN_LEAKS.items()
    ],
)
def test_known_leak(worlds, host, key, role):
    answer, body, changed = worlds.answers[host][(key, role)]
    markers = _markers(host, key, worlds)
    assert not changed and not any(marker in body for marker in markers)


def test_the_objects_of_a_are_not_found_on_b(worlds):
    """The rows that address one of A's objects answer B's people as nobody: 404 or a refusal."""
    wrong = []
    for key in [
        "meetings:topic[A-accepted]",
        "discussions:detail[A]",
        "board:detail[A]",
        "directory:sheet[A]",
        "directory:pdf[A]",
        "figures:report[A]",
        "practices:pdf[public]",
        "minutes:pdf[published]",
        "meetings:ics[upcoming]",
        "wagtail_serve[practice-public]",
        "wagtail_serve[meeting-agenda-published]",
        # Files: their bodies are not read for the markers.
        "stored_file[document-draft]",
        "stored_file[document-network]",
        "stored_file[image-draft]",
        "stored_file[rendition-draft]",
        "stored_file[attachment-A-proposed]",
        "wagtaildocs_serve[practice-draft]",
        "practices:document[draft]",
        "practices:image[draft]",
        "meetings:attachment[A-proposed]",
    ]:
        for role in matrix.ROLES:
            answer = worlds.answers[networld.B_HOST][(key, role)][0]
            if answer not in REFUSALS:
                wrong.append(f"{key} as {role}: {answer}")
    # A's member's calendar address on B's host: that person is nobody in B, no meeting.
    for role in matrix.ROLES:
        answer, body, _changed = worlds.answers[networld.B_HOST][("calendar_feed[member_a]", role)]
        if "BEGIN:VEVENT" in body:
            wrong.append(f"calendar_feed[member_a] as {role}: {answer} with meetings")
    assert not wrong, "A's objects answered on B's host:\n" + "\n".join(wrong)


def test_the_admin_of_a_is_closed_to_the_people_of_b(worlds):
    """On A's host, B's people are nobody in A's admin: every admin address (Wagtail's
    images, documents, snippets and reports included, whose URL names are their own) is
    refused, the login page and the logout excepted."""
    admin = reverse("wagtailadmin_home")
    open_views = ("wagtailadmin_login", "wagtailadmin_logout", "wagtailadmin_password_reset")
    wrong = []
    for row in [*matrix.ROWS, *EXTRA_ROWS]:
        url = worlds.urls.get(row.key, "")
        if not _path(url).startswith(admin) or row.key.startswith(open_views):
            continue
        for role in matrix.ROLES:
            answer = worlds.answers[networld.A_HOST][(row.key, role)][0]
            if answer not in REFUSALS:
                wrong.append(f"{row.key} as {role}: {answer}")
    assert len(wrong) == 0, "A's admin answered B's people on A's host:\n" + "\n".join(wrong)


def test_b_sees_its_own_objects(worlds):
    """The check means something only if B's people do see B's objects on B's host."""
    client = Client(HTTP_HOST=networld.B_HOST)
    client.force_login(worlds.b.coordinator, backend="django.contrib.auth.backends.ModelBackend")
    body = client.get(_path(worlds.b.practice.url)).content.decode()
    assert "Une bourse aux vélos solidaire" in body
    body = client.get("/recherche/?q=marchés").content.decode()
    assert "Une tournée des marchés" in body
