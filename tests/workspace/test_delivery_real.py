"""Delivery through Redis and real Celery workers (second CI pass): nothing lost, nothing twice.

The workers use a mail backend that records each message in the database in the same
transaction as the delivery ledger (tests/mailbox), so a message counts only if its
ledger row was committed with it.
"""

import datetime
import time
import uuid
from collections import Counter

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from entraide.tasks import ping
from tests.factories import make_meeting, make_member
from tests.mailbox.models import SentMail
from tests.utils import text
from tests.workers import wait_for
from workspace import notifications
from workspace.models import Discussion, Event, Role
from workspace.notifications import follows
from workspace.services import agenda, comments

pytestmark = pytest.mark.real_services


def sent_to():
    return Counter(SentMail.objects.values_list("to", flat=True))


def test_a_worker_killed_mid_batch_leaves_every_mail_sent_exactly_once(
    workers, coordinator, association_a
):
    people = [
        make_member(association_a, Role.MEMBER, email=f"personne{i}@kill.exemple.org")
        for i in range(15)
    ]
    meeting = make_meeting(coordinator, days_ahead=20, host=association_a)
    first = workers(TEST_MAIL_DELAY="0.4")
    agenda.publish_agenda(meeting, coordinator)  # committed at once: the task goes to Redis
    event = Event.objects.get(kind="agenda_published")
    assert wait_for(lambda: SentMail.objects.count() >= 3, timeout=60)
    first.kill()
    partial = SentMail.objects.count()
    expected = {p.email for p in people} | {coordinator.email}
    assert 0 < partial < len(expected)
    assert Event.objects.get(pk=event.pk).processed_at is None

    # A new worker gets the unacknowledged task back (visibility timeout) and finishes.
    workers()
    assert wait_for(lambda: Event.objects.get(pk=event.pk).processed_at is not None, timeout=90)
    assert sent_to() == Counter(expected)
    assert "[Entraide] Ordre du jour" in SentMail.objects.first().subject


def test_digests_sent_twice_by_a_retried_beat_tick_arrive_once(
    workers, coordinator, editor_a, member_b, association_a
):
    discussion = Discussion.objects.create(
        title="Stock de lait", situation="…", association=association_a, opened_by=editor_a
    )
    follows.follow(editor_a, discussion)
    follows.follow(member_b, discussion)
    workers()
    for n in range(3):
        comment = comments.post(discussion, coordinator, f"avis {n}")
        notifications.emit(
            "discussion_comment",
            f"comment:{comment.pk}",
            comment_id=comment.pk,
            discussion_id=discussion.pk,
        )
    assert wait_for(
        lambda: not Event.objects.filter(processed_at__isnull=True).exists(), timeout=60
    )
    assert SentMail.objects.count() == 0  # comments go to the daily digest
    from workspace.tasks import send_daily_digests

    send_daily_digests.delay()
    send_daily_digests.delay()
    # The worker takes its tasks in order: once this ping is answered, both ticks ran.
    token = uuid.uuid4().hex
    ping.delay(token)
    assert wait_for(lambda: cache.get(f"ping:{token}"), timeout=60)
    assert sent_to() == Counter({editor_a.email: 1, member_b.email: 1})
    assert all(
        subject == "[Entraide] Vos nouvelles du réseau du jour"
        for subject in SentMail.objects.values_list("subject", flat=True)
    )


def test_redis_down_saves_changes_and_the_sweep_sends_them_once(
    workers, client_for, private_redis, coordinator, editor_a, member_b, association_a
):
    meeting = make_meeting(coordinator, days_ahead=30, host=association_a)
    private_redis.stop()

    # Redis is down: the coordinator publishes the agenda.
    started = time.monotonic()
    client = client_for(coordinator)
    response = client.post(reverse("meetings:agenda", args=[meeting.slug]), {"action": "publish"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "agenda_published"  # the change is saved
    answer = client.get(meeting.url)
    assert answer.status_code == 200 and "L'ordre du jour est publié" in text(answer)
    assert time.monotonic() - started < 30
    assert Event.objects.filter(processed_at__isnull=True).count() == 1

    # Redis is back; events older than the sweep delay are sent by the beat task.
    private_redis.start()
    workers(REDIS_URL=private_redis.url)
    Event.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    from workspace.tasks import sweep_outbox

    sweep_outbox.delay()
    assert wait_for(
        lambda: not Event.objects.filter(processed_at__isnull=True).exists(), timeout=60
    )
    expected = {coordinator.email, editor_a.email, member_b.email}
    assert sent_to() == Counter(expected)
    # Another sweep finds nothing to send again.
    sweep_outbox.delay()
    time.sleep(3)
    assert sent_to() == Counter(expected)
