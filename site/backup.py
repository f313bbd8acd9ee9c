"""Backup and restore of the whole site: the database and the media folder in one archive.

One ``.tar.gz`` file holds ``manifest.json`` (format, date, database engine, the last
migration of each app, every media file with its size and SHA-256), the database
(``database.dump``, PostgreSQL's custom format written by ``pg_dump``, or
``database.sqlite3``, a consistent copy taken with SQLite's online backup) and the media
folder under ``media/``. Restoring replaces the database and the media folder with the
archive's: into an empty installation it gives the same site (README, "Backup and
restore"). Plain ``pg_dump``/``pg_restore`` rather than django-dbbackup: no dependency, the
tools every PostgreSQL administrator knows, and one archive with a manifest we check.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils.module_loading import import_string

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or a restore that cannot be done; the message says why, in plain words."""


def _engine():
    vendor = connection.vendor
    if vendor not in DUMPS:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _pg_command(tool, *args):
    """``pg_dump``/``pg_restore`` arguments and environment for the current database."""
    params = connection.settings_dict
    command = [tool, "--no-password"]
    if params.get("HOST"):
        command += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        command += ["--port", str(params["PORT"])]
    if params.get("USER"):
        command += ["--username", str(params["USER"])]
    command += ["--dbname", str(params["NAME"]), *args]
    environment = dict(os.environ)
    if params.get("PASSWORD"):
        environment["PGPASSWORD"] = str(params["PASSWORD"])
    return command, environment


def _run(command, environment):
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"{command[0]} is not installed: install the PostgreSQL client of the server's "
            "version (Debian: apt-get install postgresql-client)."
        )
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def _media_root():
    return Path(settings.MEDIA_ROOT)


def _sha256_of(handle):
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def _sha256(path):
    with open(path, "rb") as handle:
        return _sha256_of(handle)


def _storage_is_local():
    backend = settings.STORAGES["default"]["BACKEND"]
    return issubclass(import_string(backend), FileSystemStorage)


def media_files():
    """Every file of the media folder: {relative name: (size, sha256)}."""
    root = _media_root()
    files = {}
    if root.is_dir() and _storage_is_local():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                files[path.relative_to(root).as_posix()] = (path.stat().st_size, _sha256(path))
    return files


def last_migrations():
    """The last applied migration of each app, as the manifest records it."""
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def _dump_database(engine, target):
    if engine == "postgresql":
        command, environment = _pg_command(
            "pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)
        )
        _run(command, environment)
    else:
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()


def backup_name(now=None):
    now = now or datetime.now(UTC)
    return f"entraide-backup-{now:%Y%m%d-%H%M%S}.tar.gz"


def create_backup(output):
    """Write the archive. ``output`` is a file name or a folder (a dated name is chosen)."""
    output = Path(output)
    if output.is_dir() or not output.name.endswith((".tar.gz", ".tgz")):
        output.mkdir(parents=True, exist_ok=True)
        output = output / backup_name()
    engine = _engine()
    if connection.in_atomic_block:
        # SQLite's online backup would wait forever on our own write lock, and pg_dump
        # would not see what this transaction wrote.
        raise BackupError("A backup cannot be made inside a transaction.")
    files = media_files()
    manifest = {
        "format": FORMAT,
        "application": "entraide",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "database": DUMPS[engine],
        "migrations": last_migrations(),
        "media_storage": "archive" if _storage_is_local() else "object store (not archived)",
        "media": {name: {"size": size, "sha256": sha} for name, (size, sha) in files.items()},
    }
    partial = output.with_name(output.name + ".partial")
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMPS[engine]
        _dump_database(engine, dump)
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(datetime.now(UTC).timestamp()), 0o600
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=DUMPS[engine])
            root = _media_root()
            for name in files:
                archive.add(root / name, arcname=f"media/{name}")
    partial.rename(output)  # a backup that stopped halfway never looks complete
    os.chmod(output, 0o600)  # it holds every private file of the network
    return output, manifest


def prune_backups(folder, keep):
    """Keep the ``keep`` newest archives of ``folder``; returns the removed ones."""
    archives = sorted(Path(folder).glob("entraide-backup-*.tar.gz"))
    removed = archives[:-keep] if keep > 0 else []
    for path in removed:
        path.unlink()
    return removed


def read_manifest(archive_path):
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            manifest = json.load(member)
    except (OSError, KeyError, tarfile.TarError, ValueError) as error:
        raise BackupError(f"{archive_path} is not an Entraide backup ({error}).") from error
    if manifest.get("application") != "entraide" or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path} is not an Entraide backup of format {FORMAT}.")
    return manifest


def _restore_postgresql(dump):
    # Start from an empty schema, so that tables of a newer version do not linger; the
    # dump brings back the unaccent extension and the french_unaccent configuration.
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    connection.close()
    command, environment = _pg_command(
        "pg_restore",
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        str(dump),
    )
    _run(command, environment)


def _restore_sqlite(dump):
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


def _restore_media(archive, work):
    root = _media_root()
    root.mkdir(parents=True, exist_ok=True)
    staged = Path(work) / "media"
    members = [m for m in archive.getmembers() if m.name.startswith("media/") and m.isfile()]
    archive.extractall(work, members=members, filter="data")
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if staged.is_dir():
        for child in staged.iterdir():
            shutil.move(str(child), root / child.name)


def restore_backup(archive_path):
    """Replace the database and the media folder with the archive's. Returns its manifest."""
    manifest = read_manifest(archive_path)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"This backup is of a {manifest['engine']} database and this installation uses "
            f"{engine}: restore it into an installation of the same kind."
        )
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive_path, "r:gz") as archive:
        dump_member = archive.getmember(manifest["database"])
        archive.extractall(work, members=[dump_member], filter="data")
        dump = Path(work) / manifest["database"]
        # Check the media before touching anything: a damaged archive changes nothing.
        _restore_media_check(archive, manifest)
        if engine == "postgresql":
            _restore_postgresql(dump)
        else:
            _restore_sqlite(dump)
        if manifest.get("media_storage", "archive") == "archive" and _storage_is_local():
            _restore_media(archive, work)
    # Pages' addresses, the page cache and content types were those of the old site.
    cache.clear()
    ContentType.objects.clear_cache()
    return manifest


def _restore_media_check(archive, manifest):
    for name, expected in manifest["media"].items():
        try:
            handle = archive.extractfile(f"media/{name}")
        except KeyError:
            handle = None
        if handle is None:
            raise BackupError(f"The archive lacks the media file {name}: nothing was changed.")
        if _sha256_of(handle) != expected["sha256"]:
            raise BackupError(
                f"The media file {name} is damaged in the archive: nothing was changed."
            )
