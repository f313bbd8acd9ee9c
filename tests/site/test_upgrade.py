"""Upgrading from the previous release keeps every row: its schema, its data, then ``migrate``.

The previous release is the git tag ``PREVIOUS_RELEASE``. A fresh database (a SQLite file, or
a PostgreSQL database of its own in the PostgreSQL pass) is migrated to the last migration each
of our apps had at that tag (read with ``git show``; the recorded list when git or the tag is
not there), filled through the historical models of that state, then migrated to the head
with ``manage.py migrate`` as ``make run`` does. ``load_demo`` on the upgraded, populated
database adds the demo beside the data and a second run changes nothing.
"""

import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PREVIOUS_RELEASE = "v0.1.0"
# Our apps' folders and labels, and their last migrations at PREVIOUS_RELEASE.
APPS = {
    "site": "entraide",
    "workspace": "workspace",
    "minutes": "minutes",
    "practices": "practices",
}
RECORDED = {
    "entraide": "0003_random_file_names",
    "workspace": "0014_notification_categories_sheets_and_new_discussions",
    "minutes": "0003_draft_readings",
    "practices": "0003_search_title_body_index",
}


def release_targets():
    """{app label: last migration name} at the previous release's tag."""
    targets = {}
    for folder, label in APPS.items():
        try:
            listing = subprocess.run(
                ["git", "show", f"{PREVIOUS_RELEASE}:{folder}/migrations/"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            return dict(RECORDED)
        names = sorted(n[:-3] for n in listing.split() if re.match(r"^\d{4}_\w+\.py$", n))
        targets[label] = names[-1]
    return targets


OLD_STATE = r"""
import json, sys
import django
django.setup()
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

ours = json.loads(sys.argv[1])
executor = MigrationExecutor(connection)
graph = executor.loader.graph
targets = [(app, name) for app, name in ours.items()]
targets += [node for node in graph.leaf_nodes() if node[0] not in ours]
executor.migrate(targets)
old = MigrationExecutor(connection).loader.project_state(targets).apps

User = old.get_model("workspace", "User")
Association = old.get_model("workspace", "Association")
Membership = old.get_model("workspace", "Membership")
Topic = old.get_model("workspace", "Topic")
Page = old.get_model("wagtailcore", "Page")
association = Association.objects.create(name="Épicerie d'avant", slug="epicerie-avant")
user = User.objects.create(
    email="ancienne@avant.exemple.org",
    first_name="Ancienne", password=make_password("mot-de-passe-d-avant"),
)
Membership.objects.create(user=user, association=association, role="editor")
Topic.objects.create(
    association=association, proposed_by=user, title="Un sujet d'avant",
    description="Écrit avant la mise à jour", estimated_minutes=20,
)
print(json.dumps({"pages": sorted(Page.objects.values_list("url_path", flat=True))}))
"""

CHECK = r"""
import json
import django
django.setup()
from wagtail.models import Page
from workspace.models import Association, Membership, Topic, User

user = User.objects.get(email="ancienne@avant.exemple.org")
print(json.dumps({
    "password": user.check_password("mot-de-passe-d-avant"),
    "association": Association.objects.get(slug="epicerie-avant").name,
    "role": Membership.objects.get(user=user).role,
    "topic": list(Topic.objects.filter(proposed_by=user).values_list("title", "description")),
    "pages": sorted(Page.objects.values_list("url_path", flat=True)),
}))
"""


@pytest.fixture
def fresh_database(tmp_path):
    """The environment of a separate, empty installation (the test's database is not touched)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_"))}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="entraide.settings", DEBUG="1", MEDIA_ROOT=str(tmp_path / "media")
    )
    if connection.vendor != "postgresql":
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(tmp_path / "upgrade.sqlite3")
        yield env
        return
    import psycopg

    params = connection.settings_dict
    name = f"entraide_upgrade_{uuid.uuid4().hex[:10]}"
    admin = dict(
        dbname="postgres",
        user=params["USER"],
        host=params["HOST"] or None,
        port=params["PORT"] or None,
        password=params["PASSWORD"] or None,
        autocommit=True,
    )
    with psycopg.connect(**admin) as pg:
        pg.execute(f'CREATE DATABASE "{name}"')
    user = params["USER"] + (f":{params['PASSWORD']}" if params["PASSWORD"] else "")
    env["DATABASE_URL"] = (
        f"postgres://{user}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"
    )
    yield env
    with psycopg.connect(**admin) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(env, *args):
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def test_release_targets_are_those_of_the_tag():
    targets = release_targets()
    assert set(targets) == set(RECORDED)
    for label, name in targets.items():
        assert re.match(r"^\d{4}_", name), (label, name)


def test_previous_release_upgrades_with_its_data(fresh_database):
    env = fresh_database
    targets = release_targets()
    before = json.loads(run(env, "-c", OLD_STATE, json.dumps(targets)).strip().splitlines()[-1])
    assert "/accueil/" in before["pages"]

    run(env, "manage.py", "migrate", "--noinput", "-v", "0")
    plan = run(env, "manage.py", "migrate", "--plan")
    assert "No planned migration operations." in plan

    after = json.loads(run(env, "-c", CHECK).strip().splitlines()[-1])
    # The workspace's pages are made after ``migrate`` (post_migrate): the old ones all stay.
    assert set(before["pages"]) <= set(after.pop("pages"))
    assert after == {
        "password": True,
        "association": "Épicerie d'avant",
        "role": "editor",
        "topic": [["Un sujet d'avant", "Écrit avant la mise à jour"]],
    }

    # `make run` on this existing installation: migrate (nothing left), then the demo, twice.
    first = run(env, "manage.py", "load_demo")
    assert "Demo network loaded" in first
    second = run(env, "manage.py", "load_demo")
    assert "nothing changed" in second
    kept = json.loads(run(env, "-c", CHECK).strip().splitlines()[-1])
    assert set(before["pages"]) <= set(kept.pop("pages"))
    assert kept == after
