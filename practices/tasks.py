from celery import shared_task

from . import remote


@shared_task(name="practices.tasks.refresh_practice_feeds")
def refresh_practice_feeds():
    """Read again every feed of practices a network subscribed to (beat, every hour)."""
    return remote.refresh_all()
