"""docker-compose.yml and the Dockerfile describe a deployment that can work."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def command(service):
    value = service["command"]
    return value if isinstance(value, str) else " ".join(value)


APP = ("web", "worker-mail", "worker-reminders", "worker-exports", "beat")


def test_compose_has_its_services_with_health_checks():
    services = compose()["services"]
    assert set(services) == {*APP, "postgres", "redis", "web2", "proxy"}
    for name, service in services.items():
        assert "healthcheck" in service and service["healthcheck"]["test"], name
        assert service.get("restart") == "unless-stopped", name


def test_web_worker_and_beat_run_the_right_commands():
    services = compose()["services"]
    assert "gunicorn entraide.wsgi:application" in command(services["web"])
    assert "migrate --noinput" in command(services["web"])
    for name in ("worker-mail", "worker-reminders", "worker-exports"):
        assert "celery -A entraide worker -Q " in command(services[name])
    assert "celery -A entraide beat" in command(services["beat"])
    assert "/healthz" in " ".join(services["web"]["healthcheck"]["test"])
    assert services["web"]["ports"] == ["8000:8000"]


def test_app_services_share_one_environment_pointing_at_postgres_and_redis():
    services = compose()["services"]
    envs = [services[name]["environment"] for name in (*APP, "web2")]
    assert all(env == envs[0] for env in envs)
    env = envs[0]
    assert env["DEBUG"] == "0"
    assert (
        env["DATABASE_URL"].startswith("postgres://entraide:")
        and "@postgres:5432/entraide" in env["DATABASE_URL"]
    )
    assert env["REDIS_URL"] == "redis://redis:6379/0"
    for variable in ("SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_URL", "SITE_URL"):
        assert variable in env and "?" in env[variable], f"{variable} must be required from .env"
    images = {services[name].get("image") for name in (*APP, "web2")}
    assert images == {"entraide:latest"}


def test_services_wait_for_their_dependencies_and_data_lives_in_volumes():
    data = compose()
    services = data["services"]
    assert services["web"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["web"]["depends_on"]["redis"]["condition"] == "service_healthy"
    for name in (*APP[1:], "web2"):
        assert services[name]["depends_on"]["web"]["condition"] == "service_healthy", name
    assert set(data["volumes"]) == {"postgres-data", "redis-data", "media", "backups"}
    assert "postgres-data:/var/lib/postgresql/data" in services["postgres"]["volumes"]
    assert "redis-data:/data" in services["redis"]["volumes"]
    for name in (*APP, "web2"):
        assert "media:/app/var/media" in services[name]["volumes"]
    assert "backups:/app/var/backups" in services["web"]["volumes"]
    assert services["postgres"]["environment"]["POSTGRES_DB"] == "entraide"


def test_dockerfile_installs_the_production_lock_and_serves_with_gunicorn():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11" in dockerfile
    assert "pip install --no-cache-dir -r requirements.lock" in dockerfile
    assert "collectstatic" in dockerfile and "compilemessages" in dockerfile
    assert "USER entraide" in dockerfile
    assert "gunicorn" in dockerfile
    for package in ("libpango-1.0-0", "libharfbuzz-subset0"):
        assert package in dockerfile


def test_lock_files_pin_every_dependency():
    for name in ("requirements.lock", "requirements-dev.lock"):
        lines = [
            line.strip()
            for line in (ROOT / name).read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#") and not line.startswith(" ")
        ]
        assert lines, name
        for line in lines:
            assert "==" in line, f"{name}: {line} is not pinned"
    prod = (ROOT / "requirements.lock").read_text()
    for package in ("django==5.2.", "wagtail==8.0.", "django-comments-xtd==2.10.", "celery==5."):
        assert package in prod.lower(), package


def test_collectstatic_of_production_finds_every_file_our_static_files_name(settings, tmp_path):
    """Production's manifest storage rewrites the addresses inside CSS and JavaScript files and
    fails on one it cannot find (Leaflet's ``sourceMappingURL`` to a map that is not vendored
    once broke ``collectstatic``, so the image and ``make bench`` too). Only the project's own
    ``static/`` is collected here: Wagtail's files are checked by Wagtail."""
    from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
    from django.core.files.storage import FileSystemStorage

    source = FileSystemStorage(location=ROOT / "static")
    storage = ManifestStaticFilesStorage(location=tmp_path, base_url="/static/")
    found = {}
    for path in (ROOT / "static").rglob("*"):
        if path.is_file():
            name = path.relative_to(ROOT / "static").as_posix()
            found[name] = (source, name)
    errors = [
        processed
        for _name, _hashed, processed in storage.post_process(found)
        if isinstance(processed, Exception)
    ]
    assert not errors, errors
    assert "vendor/leaflet-1.9.4/leaflet.js" in storage.hashed_files


def test_the_scale_profile_runs_two_web_containers_behind_a_proxy():
    services = compose()["services"]
    for name in ("web2", "proxy"):
        assert services[name]["profiles"] == ["scale"], name
    for name, service in services.items():
        if name not in ("web2", "proxy"):
            assert "profiles" not in service, name
    assert "gunicorn entraide.wsgi:application" in command(services["web2"])
    assert "migrate" not in command(services["web2"])  # web migrates, once
    assert "ports" not in services["web2"]
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert proxy["volumes"] == ["./deploy/nginx.conf:/etc/nginx/nginx.conf:ro"]  # no media
    assert proxy["depends_on"]["web2"]["condition"] == "service_healthy"
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "server web:8000" in conf and "server web2:8000" in conf
    assert "proxy_set_header X-Request-ID" in conf and "X-Forwarded-Proto" in conf
    for forbidden in ("alias ", "root ", "location /fichiers", "location /media", "X-Sendfile"):
        assert forbidden not in conf, forbidden


def test_dockerfile_has_the_postgresql_client_for_backups():
    assert "postgresql-client" in (ROOT / "Dockerfile").read_text()
