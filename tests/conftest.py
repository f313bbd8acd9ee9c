import os
import shutil

# Playwright's sync API runs an event loop in the test thread; Django would refuse
# database access beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.test import Client, TestCase  # noqa: E402

from tests.factories import AssociationFactory, make_agent, make_coordinator, make_member  # noqa: E402
from workspace import networks  # noqa: E402
from workspace.models import Role  # noqa: E402
from workspace.services.networks import create_network  # noqa: E402


def pytest_collection_modifyitems(config, items):
    real = bool(os.environ.get("REDIS_URL")) and bool(os.environ.get("DATABASE_URL"))
    if os.environ.get("REQUIRE_REAL_SERVICES") and not real:
        raise pytest.UsageError(
            "REQUIRE_REAL_SERVICES is set but DATABASE_URL or REDIS_URL is missing."
        )
    skip = pytest.mark.skip(reason="needs DATABASE_URL and REDIS_URL (second CI pass)")
    for item in items:
        if "real_services" in item.keywords and not real:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _isolated(request, settings, tmp_path):
    """Every test: its own media folder, a clean cache, tasks run eagerly."""
    from entraide.celery import app

    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_ENABLED = "axes" in request.keywords or "browser" in request.keywords
    eager = "real_services" not in request.keywords
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    cache.clear()
    networks.forget()  # a flushed database gets new networks: none is kept from before
    yield
    networks.forget()
    app.conf.task_always_eager = previous


class CommittingClient(Client):
    """A test client whose requests end like real ones: on-commit callbacks run.

    Tests run inside a transaction that is never committed, so the work a view
    hands to ``transaction.on_commit`` (e-mails, tasks) would otherwise never run.
    """

    _depth = 0

    def request(self, **request):
        if self._depth:
            return super().request(**request)
        self._depth += 1
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                return super().request(**request)
        finally:
            self._depth -= 1


@pytest.fixture
def client():
    return CommittingClient()


@pytest.fixture
def association_a(db):
    return AssociationFactory(name="Association A", slug="assoc-a")


@pytest.fixture
def association_b(db):
    return AssociationFactory(name="Association B", slug="assoc-b")


@pytest.fixture
def network_b(db, settings):
    """A second network on its own host (``b.localhost``)."""
    settings.ALLOWED_HOSTS = [".localhost", "testserver"]
    return create_network(name="Réseau de Bétheville", town="Bétheville", hostname="b.localhost")


@pytest.fixture
def association_b2(network_b):
    """An association of the second network."""
    with networks.activate(network_b.pk):
        return AssociationFactory(name="Association de B", slug="assoc-de-b")


@pytest.fixture
def coordinator(db):
    return make_coordinator(
        email="coordination@test.exemple.org", first_name="Dominique", last_name="Coord"
    )


@pytest.fixture
def agent(db):
    return make_agent(email="agent@test.exemple.org")


@pytest.fixture
def editor_a(association_a):
    return make_member(association_a, Role.EDITOR, email="editeur@a.exemple.org")


@pytest.fixture
def member_a(association_a):
    return make_member(association_a, Role.MEMBER, email="membre@a.exemple.org")


@pytest.fixture
def editor_b(association_b):
    return make_member(association_b, Role.EDITOR, email="editeur@b.exemple.org")


@pytest.fixture
def member_b(association_b):
    return make_member(association_b, Role.MEMBER, email="membre@b.exemple.org")


@pytest.fixture
def people(db, coordinator, agent, editor_a, member_a, editor_b, member_b):
    """Every role, by name; ``None`` is the anonymous visitor."""
    return {
        "anonymous": None,
        "member_a": member_a,
        "editor_a": editor_a,
        "member_b": member_b,
        "editor_b": editor_b,
        "agent": agent,
        "coordinator": coordinator,
    }


@pytest.fixture
def meeting(coordinator, association_a):
    from tests.factories import make_meeting

    association_a.accepts_hosting = True
    association_a.save()
    return make_meeting(coordinator, host=association_a)


@pytest.fixture
def topic(meeting, association_a, member_a):
    """An accepted topic of association A, proposed by member_a, on ``meeting``'s agenda
    (a test module may define its own)."""
    from tests.factories import make_topic
    from workspace.models import TopicStatus
    from workspace.services import agenda

    topic = make_topic(
        association_a,
        member_a,
        meeting,
        title="Les dons de la grande surface",
        status=TopicStatus.ACCEPTED,
    )
    agenda.add_topic_item(meeting, topic)
    return topic


@pytest.fixture
def client_for(client):
    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return login


# --- Real services (second CI pass) ----------------------------------------------------------

MAIL = {"TEST_EMAIL_BACKEND": "tests.mailbox.backend.RecordingBackend"}


@pytest.fixture
def workers(transactional_db):
    started = []

    from tests.workers import Worker, purge_queue

    def start(**env):
        worker = Worker(extra_env={**MAIL, **env}).start()
        started.append(worker)
        return worker

    purge_queue()
    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def private_redis():
    from entraide.celery import app
    from tests.workers import PrivateRedis, use_broker

    redis = PrivateRedis()
    redis.start()
    previous = app.conf.broker_url
    use_broker(redis.url)
    yield redis
    redis.stop()
    use_broker(previous)
    shutil.rmtree(redis.dir, ignore_errors=True)


def pytest_terminal_summary(terminalreporter):
    """The permission matrix says how many answers it checked, at the end of every run."""
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            for name, value in getattr(report, "user_properties", ()):
                if name == "permission_matrix" and report.when == "call":
                    terminalreporter.write_line(value)
