"""With REDIS_URL and DATABASE_URL (second CI pass): a real task through Redis to a real worker."""

import uuid

import pytest
from django.core.cache import cache

from entraide.tasks import ping
from tests.workers import Worker, purge_queue, wait_for

pytestmark = pytest.mark.real_services


@pytest.fixture
def worker(transactional_db):
    purge_queue()
    worker = Worker().start()
    yield worker
    worker.stop()


def test_a_task_sent_through_redis_runs_on_a_real_worker(worker):
    from entraide.celery import app

    assert app.conf.task_always_eager is False
    assert app.conf.broker_url.startswith("redis://")
    token = uuid.uuid4().hex
    ping.delay(token)
    assert wait_for(lambda: cache.get(f"ping:{token}")) == "pong"
    assert "entraide.ping[" in worker.log_path.read_text()


def test_healthz_sees_the_real_broker(client, worker):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}
