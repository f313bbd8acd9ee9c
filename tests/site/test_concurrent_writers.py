"""Two people writing at the same moment both succeed, on the embedded SQLite too.

Each writer reads, then holds its transaction open for a moment before writing, as a
view does (minutes saved while someone else works in the admin). On SQLite with
Django's default (deferred) transactions, the second writer failed at once with
"database is locked"; the settings use WAL, IMMEDIATE transactions and a busy timeout.
The tests need committed data and real connections per thread: ``transactional_db``.
"""

import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models.signals import pre_save
from django.test import Client

from workspace.models import Topic, TopicKind
from workspace.services import topics as topic_services

HOLD = 0.4  # seconds each writer keeps its transaction open before writing

sqlite_only = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "entraide.sqlite",
    reason="the embedded SQLite's own locking",
)


def run_at_once(*functions):
    """Run the functions in threads started together; their errors, by function."""
    barrier = threading.Barrier(len(functions))
    errors = [None] * len(functions)

    def run(index, function):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            function()
        except Exception as error:  # noqa: BLE001 - reported to the test
            errors[index] = error
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return errors


def propose(user, association, title, transaction_mode="settings"):
    def write():
        from django.db import connection as thread_connection

        if transaction_mode != "settings":
            thread_connection.ensure_connection()
            thread_connection.transaction_mode = transaction_mode
        with transaction.atomic():
            Topic.objects.count()  # a view reads first (permissions, the next meeting)
            time.sleep(HOLD)
            topic_services.propose_topic(
                user,
                association=association,
                title=title,
                description="Proposé en même temps qu'un autre.",
                kind=TopicKind.DISCUSSION,
                estimated_minutes=15,
            )

    return write


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_the_same_moment_both_succeed(
    editor_a, editor_b, association_a, association_b
):
    errors = run_at_once(
        propose(editor_a, association_a, "Sujet de A"),
        propose(editor_b, association_b, "Sujet de B"),
    )
    assert errors == [None, None]
    assert set(Topic.objects.values_list("title", flat=True)) == {"Sujet de A", "Sujet de B"}


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_without_immediate_transactions_the_second_writer_fails(
    editor_a, editor_b, association_a, association_b
):
    """The same two writers with Django's default (deferred) transactions: what the
    settings prevent, so the test above means something."""
    errors = run_at_once(
        propose(editor_a, association_a, "Sujet de A", transaction_mode=None),
        propose(editor_b, association_b, "Sujet de B", transaction_mode=None),
    )
    failed = [error for error in errors if error is not None]
    assert len(failed) == 1
    assert isinstance(failed[0], OperationalError)
    assert "locked" in str(failed[0])
    assert Topic.objects.count() == 1


@sqlite_only
def test_the_embedded_database_is_in_wal_mode_with_immediate_transactions(db):
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000
    assert connection.transaction_mode == "IMMEDIATE"


@pytest.mark.django_db(transaction=True)
def test_two_people_posting_a_form_at_the_same_moment_both_get_their_page(
    editor_a, editor_b, association_a, association_b
):
    """Through the views: each proposal holds its transaction a moment while saving."""

    def slow_save(sender, instance, **kwargs):
        time.sleep(HOLD)

    def post(user, title):
        def send():
            client = Client(raise_request_exception=True)
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            response = client.post(
                "/reunions/sujets/proposer/",
                {
                    "title": title,
                    "description": "Envoyé en même temps.",
                    "kind": TopicKind.DISCUSSION,
                    "estimated_minutes": 15,
                },
            )
            assert response.status_code == 302, response.content[:500]

        return send

    pre_save.connect(slow_save, sender=Topic)
    try:
        errors = run_at_once(post(editor_a, "Sujet de A"), post(editor_b, "Sujet de B"))
    finally:
        pre_save.disconnect(slow_save, sender=Topic)
    assert errors == [None, None]
    assert Topic.objects.count() == 2
