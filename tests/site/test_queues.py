"""Each kind of background work has its own queue, and a worker per queue in production."""

import pytest

from entraide.celery import app
from tests.site.test_deployment import command, compose

ROUTES = {
    "workspace.tasks.send_rendered_mail": "mail",
    "workspace.tasks.process_event": "mail",
    "workspace.tasks.sweep_outbox": "mail",
    "workspace.tasks.send_daily_digests": "reminders",
    "workspace.tasks.send_weekly_digests": "reminders",
    "workspace.tasks.send_meeting_reminders": "reminders",
    "workspace.tasks.remind_stale_sheets": "reminders",
    "workspace.tasks.purge_expired_invitations": "reminders",
    "minutes.tasks.close_circulations": "reminders",
    "minutes.tasks.send_action_reminders": "reminders",
    "minutes.tasks.send_circulation_reminders": "reminders",
    "practices.tasks.export_sheets": "exports",
    "minutes.tasks.minutes_pdf": "exports",
    "entraide.ping": "entraide",
}


@pytest.mark.parametrize("task,queue", ROUTES.items())
def test_tasks_go_to_their_queue(task, queue):
    assert app.amqp.router.route({}, task)["queue"].name == queue


def test_every_registered_task_has_a_route_or_is_the_ping():
    app.loader.import_default_modules()
    ours = [n for n in app.tasks if n.split(".")[0] in ("workspace", "minutes", "practices")]
    assert ours
    for name in ours:
        assert app.amqp.router.route({}, name)["queue"].name != "entraide", name


def test_a_worker_without_q_consumes_every_queue():
    assert {q.name for q in app.amqp.queues.values()} == {
        "entraide",
        "mail",
        "reminders",
        "exports",
    }


def test_compose_runs_a_worker_per_queue():
    services = compose()["services"]
    consumed = {}
    for name, service in services.items():
        line = command(service) if "command" in service else ""
        if "celery -A entraide worker" in line:
            queues = line.split(" -Q ")[1].split()[0].split(",")
            for queue in queues:
                consumed.setdefault(queue, []).append(name)
    assert consumed == {
        "mail": ["worker-mail"],
        "reminders": ["worker-reminders"],
        "entraide": ["worker-reminders"],
        "exports": ["worker-exports"],
    }
