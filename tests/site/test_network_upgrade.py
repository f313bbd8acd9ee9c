"""From one network to many: the demo built by the code before networks keeps every row and URL.

The code of ``BEFORE_NETWORKS`` (the commit before the networks' core) is taken out of git
(``git archive``) into a temporary folder; with it, a fresh SQLite database is migrated and
the demo loaded (``load_demo``). Then the current code migrates that database (the data
migration ``workspace 0021_networks`` makes the first network). A probe, run once by each
code, counts the rows of every table and asks a sample of the demo's URLs as the demo's
people: the counts are kept, the same URLs answer the same statuses, and every
association, topic, discussion, board post and event belongs to the first network.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BEFORE_NETWORKS = "365f536"

# Tables whose rows rightly grow between the two probes, by how many.
GROWN = {
    "django_migrations": None,  # the new migrations are recorded
    "workspace_network": 1,  # the first network
    # The models Network, FeedSubscription and RemotePractice (practices from elsewhere).
    "django_content_type": 3,
    "auth_permission": 12,  # their add / change / delete / view permissions
    # The library's review workflow, attached to the network's practices index (each
    # network has its own workflow since several networks exist).
    "wagtailcore_workflowpage": 1,
    # The coordination's right to change the network's settings: on its site (a site
    # permission) instead of everywhere (a group permission).
    "auth_group_permissions": -1,
    "wagtailcore_groupsitepermission": 1,
    # The first probe's own logins (four people besides the anonymous visitor).
    "django_session": 4,
    "axes_accesslog": 4,
}

PROBE = r"""
import json, sys
import django
django.setup()
from django.db import connection
from django.test import Client
from django.urls import reverse

from workspace.models import Association, Discussion, MeetingPage, Membership, Topic, User

counts = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names()):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]

urls = json.loads(sys.argv[1]) if len(sys.argv) > 1 else None
if urls is None:
    from minutes.models import MinutesPage
    from practices.models import PracticePage

    meeting = MeetingPage.objects.live().order_by("date").last()
    association = Association.objects.order_by("pk").first()
    urls = [
        "/",
        "/espace/",
        meeting.get_parent().url,
        meeting.url,
        MinutesPage.objects.live().order_by("pk").first().url,
        PracticePage.objects.live().filter(visibility="public").order_by("pk").first().url,
        PracticePage.objects.live().order_by("pk").first().get_parent().url,
        reverse("directory:list"),
        reverse("directory:sheet", args=[association.slug]),
        reverse("workspace:association", args=[association.slug]),
        reverse("meetings:topics"),
        reverse("meetings:topic", args=[Topic.objects.order_by("pk").first().pk]),
        reverse("discussions:list"),
        reverse("discussions:detail", args=[Discussion.objects.order_by("pk").first().pk]),
        reverse("board:list"),
        reverse("minutes:decisions"),
        reverse("minutes:actions"),
        reverse("figures:dashboard"),
        reverse("practices:feed"),
        reverse("search") + "?q=distribution",
        reverse("notifications:list"),
    ]
editor = Membership.objects.filter(role="editor", ended_at=None).order_by("pk").first().user
member = Membership.objects.filter(role="member", ended_at=None).order_by("pk").first().user
people = ["", "coordination@exemple.org", "agent@exemple.org", editor.email, member.email]
statuses = {}
for email in people:
    client = Client(HTTP_HOST="localhost", raise_request_exception=False)
    if email:
        client.force_login(
            User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend"
        )
    for url in urls:
        response = client.get(url)
        statuses[f"{email or 'anonymous'} {url}"] = response.status_code
networks = {}
try:
    from workspace import networks as current
    from workspace.models import Event, Post

    with current.activate(None):
        first = current.default().pk
        for model in (Association, Topic, Discussion, Post, Event):
            networks[model.__name__] = sorted(
                set(model.objects.values_list("network_id", flat=True))
            ) + [first]
except (ImportError, LookupError):  # the code before networks
    pass
print(json.dumps({"counts": counts, "urls": urls, "statuses": statuses, "networks": networks}))
"""


def _env(tmp_path, pythonpath=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.pop("REDIS_URL", None)
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="entraide.settings",
        DEBUG="1",
        MEDIA_ROOT=str(tmp_path / "media"),
        SQLITE_PATH=str(tmp_path / "upgrade.sqlite3"),
    )
    if pythonpath:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def _run(cwd, env, *args):
    result = subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-4000:])
    return result.stdout


def _old_code(tmp_path):
    old = tmp_path / "before-networks"
    old.mkdir()
    try:
        archive = subprocess.run(
            ["git", "archive", BEFORE_NETWORKS], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip(f"git or the commit {BEFORE_NETWORKS} is not there")
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
    # The package `entraide` is the folder site/: the old one is found before the
    # installed (current) one through PYTHONPATH.
    shim = tmp_path / "old-path"
    shim.mkdir()
    (shim / "entraide").symlink_to(old / "site")
    return old, shim


def test_the_demo_before_networks_keeps_its_rows_and_urls(tmp_path):
    old, shim = _old_code(tmp_path)
    old_env = _env(tmp_path, shim)
    _run(old, old_env, "manage.py", "migrate", "--noinput", "-v", "0")
    _run(old, old_env, "manage.py", "load_demo")
    before = json.loads(_run(old, old_env, "-c", PROBE).strip().splitlines()[-1])
    assert not before["networks"], "the old code has no networks"

    env = _env(tmp_path)
    _run(ROOT, env, "manage.py", "migrate", "--noinput", "-v", "0")
    after = json.loads(
        _run(ROOT, env, "-c", PROBE, json.dumps(before["urls"])).strip().splitlines()[-1]
    )

    changed = {
        table: (count, after["counts"].get(table))
        for table, count in before["counts"].items()
        if table != "django_migrations"
        and after["counts"].get(table) != count + (GROWN.get(table) or 0)
    }
    assert not changed, f"row counts changed by the migration (before, after): {changed}"
    assert set(before["counts"]) <= set(after["counts"]), "a table disappeared"
    different = {
        key: (status, after["statuses"].get(key))
        for key, status in before["statuses"].items()
        if after["statuses"].get(key) != status
    }
    assert not different, f"URLs that answer differently (before, after): {different}"
    assert len(before["statuses"]) >= 20 * 5
    for model, ids in after["networks"].items():
        first = ids[-1]
        assert set(ids[:-1]) == {first}, f"{model}: networks {ids[:-1]}, the first is {first}"
