"""Settings of the test suite: the site's, plus a test-only mailbox app.

The mailbox records e-mails in the database in the same transaction as the delivery
ledger; real Celery workers started by the tests use it (``TEST_EMAIL_BACKEND``).
"""

import os

from entraide.settings import *  # noqa: F403
from entraide.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.mailbox"]
if os.environ.get("TEST_EMAIL_BACKEND"):
    EMAIL_BACKEND = os.environ["TEST_EMAIL_BACKEND"]
