"""Site-wide tasks and the safe way to enqueue any task."""

import logging

from celery import shared_task
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue(task, *args, **kwargs):
    """Send ``task`` to the broker once the current transaction commits.

    A broker outage must never turn a saved change into an error page: the error
    is logged, and work that must not be lost is also written to an outbox that a
    beat task sweeps (see ``workspace.notifications``).
    """

    def send():
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except Exception:  # noqa: BLE001 - kombu raises many kinds of errors
            logger.exception("Could not enqueue %s; it will be retried by the sweep.", task.name)

    transaction.on_commit(send, robust=True)


@shared_task(name="entraide.ping")
def ping(token):
    """Answer through the cache: lets a test see a task run by a real worker."""
    cache.set(f"ping:{token}", "pong", timeout=120)
    return "pong"
