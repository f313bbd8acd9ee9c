"""Backup → wipe → restore gives the same site: the same pages, rows and files.

Runs on the database of the pass: SQLite in the embedded default, PostgreSQL (with
``pg_dump``/``pg_restore``) when ``DATABASE_URL`` is a postgres URL.
"""

import io
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.models import Page

from entraide.backup import BackupError, create_backup, media_files, prune_backups, restore_backup
from entraide.bootstrap import ensure_home_page
from tests.factories import (
    AssociationFactory,
    make_coordinator,
    make_meeting,
    make_member,
    make_topic,
)
from workspace.bootstrap import ensure_pages, ensure_roles
from workspace.models import Role, TopicAttachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def build_site():
    ensure_home_page()
    ensure_roles()
    ensure_pages()
    association = AssociationFactory(name="Panier de l'Épeule", slug="panier")
    coordinator = make_coordinator(email="coordination@backup.exemple.org")
    member = make_member(association, Role.MEMBER, email="membre@backup.exemple.org")
    meeting = make_meeting(coordinator, host=association)
    topic = make_topic(association, member, meeting=meeting, title="Les bénévoles du samedi")
    attachment = TopicAttachment(
        topic=topic,
        name="planning.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=member,
    )
    attachment.file.save("planning.pdf", ContentFile(PDF), save=True)
    return member, topic, attachment


def snapshot():
    counts = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    pages = list(Page.objects.order_by("path").values_list("path", "title", "live", "url_path"))
    return counts, pages, media_files()


def wipe():
    """An empty installation: no table at all, no media."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    else:
        name = connection.settings_dict["NAME"]
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
        connection.ensure_connection()
        assert connection.introspection.table_names() == []
    shutil.rmtree(settings.MEDIA_ROOT)


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_gives_the_same_site(tmp_path, client):
    member, topic, attachment = build_site()
    before = snapshot()
    assert before[2] and len(before[1]) > 3

    archive, manifest = create_backup(tmp_path / "backups")
    assert archive.name.startswith("entraide-backup-") and archive.name.endswith(".tar.gz")
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    with tarfile.open(archive) as opened:
        names = opened.getnames()
        written = json.load(opened.extractfile("manifest.json"))
    assert written == manifest
    assert manifest["engine"] == connection.vendor
    assert manifest["migrations"]["workspace"] and manifest["migrations"]["wagtailcore"]
    assert f"media/{attachment.file.name}" in names and manifest["database"] in names

    wipe()
    restore_backup(archive)

    assert snapshot() == before
    # The restored site works: the member reads the attachment through its checked view.
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(f"/reunions/sujets/{topic.pk}/pieces/{attachment.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert client.get("/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_restore_replaces_what_changed_since_the_backup(tmp_path):
    build_site()
    before = snapshot()
    archive, _ = create_backup(tmp_path / "site.tar.gz")
    AssociationFactory(name="Arrivée après la sauvegarde", slug="apres")
    stray = Path(settings.MEDIA_ROOT) / "topics" / "stray.txt"
    stray.write_text("après")
    call_command("restore", str(archive), "--noinput", "--no-migrate", verbosity=0)
    assert snapshot() == before and not stray.exists()


@pytest.mark.django_db(transaction=True)
def test_a_damaged_archive_or_another_engine_changes_nothing(tmp_path):
    build_site()
    before = snapshot()
    archive, manifest = create_backup(tmp_path / "site.tar.gz")

    not_a_backup = tmp_path / "other.tar.gz"
    not_a_backup.write_bytes(b"nothing")
    with pytest.raises(CommandError, match="not an Entraide backup"):
        call_command("restore", str(not_a_backup), "--noinput")

    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                changed = json.loads(data)
                changed["engine"] = other
                data = json.dumps(changed).encode()
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="installation of the same kind"):
        restore_backup(damaged)
    assert snapshot() == before


@pytest.mark.django_db
def test_no_backup_inside_a_transaction(tmp_path):
    with pytest.raises(BackupError, match="inside a transaction"):
        create_backup(tmp_path)


def test_old_archives_are_pruned(tmp_path):
    for day in range(1, 6):
        (tmp_path / f"entraide-backup-2026120{day}-021700.tar.gz").write_bytes(b"x")
    removed = prune_backups(tmp_path, 2)
    assert [path.name[16:24] for path in removed] == [f"2026120{d}" for d in (1, 2, 3)]
    assert len(list(tmp_path.iterdir())) == 2


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="pg_dump and pg_restore: PostgreSQL pass only",
)
def test_pg_client_matches_the_server(django_db_blocker):
    with django_db_blocker.unblock():
        server = connection.pg_version // 10000
    client = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True).stdout
    assert f") {server}." in client, f"pg_dump {client.strip()} against server {server}"
