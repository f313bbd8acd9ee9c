"""Celery application of the site.

Configured from Django's settings (the ``CELERY_`` names). Without ``REDIS_URL``
tasks run eagerly in the calling process; with it, Redis is the broker and
``make worker`` / ``make beat`` run the worker and the scheduler.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings")

app = Celery("entraide")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
