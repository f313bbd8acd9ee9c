"""Settings of the test suite: the site's, plus a test-only mailbox app.

The mailbox records e-mails in the database in the same transaction as the delivery
ledger; real Celery workers started by the tests use it (``TEST_EMAIL_BACKEND``).

Under pytest-xdist each test process gets its own Redis database (the given one, plus the
process's number): clearing the cache before a test empties a whole Redis database, and
the processes must not empty each other's cache and Celery queue. Celery workers started
by a test inherit the changed ``REDIS_URL``.
"""

import os
import re

_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if (
    _worker.startswith("gw")
    and os.environ.get("REDIS_URL")
    and not os.environ.get("ENTRAIDE_TEST_REDIS_DB")  # a worker started by a test: done
):
    _match = re.match(r"^(.*/)(\d+)$", os.environ["REDIS_URL"])
    _base, _db = (
        (_match.group(1), int(_match.group(2)))
        if _match
        else (
            os.environ["REDIS_URL"].rstrip("/") + "/",
            0,
        )
    )
    os.environ["REDIS_URL"] = f"{_base}{_db + 1 + int(_worker[2:])}"
    os.environ["ENTRAIDE_TEST_REDIS_DB"] = os.environ["REDIS_URL"]

from entraide.settings import *  # noqa: E402, F403
from entraide.settings import INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "tests.mailbox"]
if os.environ.get("TEST_EMAIL_BACKEND"):
    EMAIL_BACKEND = os.environ["TEST_EMAIL_BACKEND"]

# The directory's map never calls a tile server in the tests.
DIRECTORY_TILE_URL = ""

# Each web process's own copy of the anonymous pages (site/localpages.py) is off: the tests
# empty the cache between requests (``cache.clear()``), which a running site never does
# without a new generation. tests/site/test_local_pages.py turns it on, with Redis.
ANONYMOUS_PAGE_CACHE_LOCAL = False
