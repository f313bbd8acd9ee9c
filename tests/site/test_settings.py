"""The settings switch between the embedded default and real services, from the environment."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, django; from django.conf import settings; django.setup();"
    "from entraide.celery import app;"
    "print(json.dumps({'engine': settings.DATABASES['default']['ENGINE'],"
    " 'name': str(settings.DATABASES['default']['NAME']),"
    " 'cache': settings.CACHES['default']['BACKEND'],"
    " 'email': settings.EMAIL_BACKEND, 'eager': app.conf.task_always_eager,"
    " 'broker': app.conf.broker_url, 'debug': settings.DEBUG,"
    " 'language': settings.LANGUAGE_CODE, 'acks_late': app.conf.task_acks_late,"
    " 'reject_on_worker_lost': app.conf.task_reject_on_worker_lost}))"
)
CONFIG_VARS = ["DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL", "DEBUG"]


def run(code_or_args, **env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in CONFIG_VARS and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env["DJANGO_SETTINGS_MODULE"] = "entraide.settings"
    env.update(env_overrides)
    args = (
        [sys.executable, "-c", code_or_args]
        if isinstance(code_or_args, str)
        else [sys.executable, *code_or_args]
    )
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def probe(**env):
    result = run(PROBE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_embedded_default_without_configuration():
    state = probe()
    assert state["engine"] == "entraide.sqlite"
    assert state["name"].endswith("entraide.sqlite3")
    assert state["cache"].endswith("LocMemCache")
    assert state["email"] == "django.core.mail.backends.console.EmailBackend"
    assert state["eager"] is True
    assert state["broker"] == "memory://localhost/"
    assert state["language"] == "fr"
    assert state["acks_late"] is True
    assert state["reject_on_worker_lost"] is True


def test_database_and_redis_urls_switch_to_real_services():
    state = probe(
        DATABASE_URL="postgres://entraide:secret@db.internal:5432/entraide",
        REDIS_URL="redis://cache.internal:6379/2",
        EMAIL_URL="smtp://mailer.internal:25",
    )
    assert state["engine"] == "django.db.backends.postgresql"
    assert state["name"] == "entraide"
    assert state["cache"] == "django_redis.cache.RedisCache"
    assert state["eager"] is False
    assert state["broker"] == "redis://cache.internal:6379/2"
    assert state["email"] == "django.core.mail.backends.smtp.EmailBackend"


def test_malformed_database_url_stops_with_a_clear_error():
    result = run(["manage.py", "check"], DATABASE_URL="postgress//nowhere")
    assert result.returncode != 0
    assert "DATABASE_URL is not a database URL Entraide understands" in result.stderr


def test_malformed_redis_url_stops_with_a_clear_error():
    result = run(["manage.py", "check"], REDIS_URL="localhost:6379")
    assert result.returncode != 0
    assert "REDIS_URL must start with redis://" in result.stderr


def test_production_mode_requires_a_secret_key():
    result = run(["manage.py", "check"], DEBUG="0", ALLOWED_HOSTS="entraide.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    "extra",
    [{}, {"DATABASE_URL": "postgres://u:p@db:5432/entraide", "REDIS_URL": "redis://redis:6379/0"}],
)
def test_production_mode_passes_check_deploy_without_warning(extra):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="entraide.example.org",
        **extra,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
