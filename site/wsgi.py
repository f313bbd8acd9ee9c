"""The WSGI application (gunicorn loads it in each worker).

The objects loaded at start and by the first request (modules, URL patterns, compiled
templates, translation catalogues) live as long as the worker: ``gc.freeze()`` moves them out
of the garbage collector's reach, so that its full collections, which otherwise walk them
all every hundred-odd requests (a pause of tens of milliseconds on a signed-in page), only
walk what requests create.
"""

import gc
import os

from django.core.signals import request_finished
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings")

application = get_wsgi_application()
gc.freeze()


def _freeze_after_first_request(**kwargs):
    request_finished.disconnect(_freeze_after_first_request)
    gc.collect()
    gc.freeze()


request_finished.connect(_freeze_after_first_request, weak=False)
