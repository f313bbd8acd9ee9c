import json
from unittest import mock

import pytest

SECRETS = ["redis://", "postgres", "sqlite", "password", "Traceback", "127.0.0.1", "secret"]


def assert_no_secret(response):
    body = response.content.decode()
    for word in SECRETS:
        assert word not in body


def test_healthz_answers_200_on_the_embedded_default(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "broker": "eager",
    }
    assert_no_secret(response)


@pytest.mark.parametrize(
    "target, component",
    [
        ("entraide.views._check_database", "database"),
        ("entraide.views._check_cache", "cache"),
        ("entraide.views._check_broker", "broker"),
    ],
)
def test_healthz_answers_503_when_a_component_is_down(client, db, target, component):
    error = ConnectionError("connection to redis://:supersecret@10.1.2.3:6379 refused")
    with mock.patch(target, side_effect=error):
        response = client.get("/healthz")
    assert response.status_code == 503
    data = json.loads(response.content)
    assert data["status"] == "down" and data[component] == "down"
    assert all(
        value in ("ok", "eager") for key, value in data.items() if key not in ("status", component)
    )
    assert_no_secret(response)
    assert "supersecret" not in response.content.decode()


def test_healthz_reports_a_real_broker_outage(client, db, settings):
    """Not eager, and the broker URL points at a closed port: the broker is down."""
    from kombu import Connection

    from entraide.celery import app

    app.conf.task_always_eager = False
    closed_port = Connection("redis://127.0.0.1:1/0", connect_timeout=1)
    with mock.patch.object(app, "connection_for_write", lambda: closed_port):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["broker"] == "down"
    assert_no_secret(response)
