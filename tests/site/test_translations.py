"""Every user-facing string goes through gettext and the French catalogue is complete."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["site", "workspace", "minutes", "practices", "templates", "locale"]

EXTRACT = """
import os, sys, django
os.chdir(sys.argv[1])
django.setup()
from django.conf import settings
from django.core.management import call_command
settings.LOCALE_PATHS = [os.path.join(sys.argv[1], "locale")]
call_command("makemessages", locale=["fr"], ignore_patterns=["tests/*", "bench/*", ".venv/*"], verbosity=0)
"""


def untranslated(po):
    return [
        entry.msgid
        for entry in po
        if not entry.obsolete
        and (
            "fuzzy" in entry.flags
            or not (all(entry.msgstr_plural.values()) if entry.msgid_plural else entry.msgstr)
        )
    ]


def test_committed_french_catalogue_is_complete():
    po = polib.pofile(str(ROOT / "locale/fr/LC_MESSAGES/django.po"))
    assert len(po) > 100
    assert untranslated(po) == []


def test_catalogue_covers_every_string_of_the_code(tmp_path):
    """Extract the strings afresh from a copy of the sources: none may lack French."""
    for name in SOURCES:
        shutil.copytree(
            ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
        )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "entraide.settings"}
    result = subprocess.run(
        [sys.executable, "-c", EXTRACT, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(tmp_path / "locale/fr/LC_MESSAGES/django.po"))
    missing = untranslated(fresh)
    assert missing == [], (
        f"strings without French translation (run makemessages and translate): {missing}"
    )
