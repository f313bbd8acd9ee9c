"""Redis stopped ≠ site down (second CI pass: PostgreSQL, Redis, a real Celery worker).

A private ``redis-server`` serves as cache and broker. With the demo network loaded, Redis
is stopped; every page a member and the coordinator can reach (crawled from their
workspace, not hand-listed) must answer below 500, and what they post (a topic comment, a
discussion comment, a practice question, a topic proposal, a discussion) must be saved.
When Redis comes back, a worker and the outbox sweep deliver every notification of those
posts, each once.
"""

import datetime
import html
import re
import time
from collections import Counter
from urllib.parse import urldefrag

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.mailbox.models import SentMail
from tests.utils import text
from tests.workers import wait_for
from workspace.forms.comments import CommentForm
from workspace.models import Delivery, Discussion, Event, Notification, Topic, TopicStatus
from workspace.services import comments

pytestmark = pytest.mark.real_services

MEMBER = "editeur@panier-epeule.exemple.org"
COORDINATOR = "coordination@exemple.org"
LINK = re.compile(r"""href="([^"]+)\"""")
SKIPPED = ("/static/", "/langue/", "/jsi18n/", "/compte/deconnexion/")
PAGE_LIMIT = 600


def crawl(client, starts, limit=PAGE_LIMIT):
    """{path: status} of every page reachable from ``starts`` by same-site links.

    The Wagtail admin is entered (its dashboard) but not walked through: it is Wagtail's.
    """
    seen, queue, answers = set(starts), list(starts), {}
    while queue and len(answers) < limit:
        path = queue.pop(0)
        try:
            response = client.get(path)
        except Exception as error:  # noqa: BLE001 - the test client re-raises a view's error
            answers[path] = f"500 {error!r}"[:300]
            continue
        answers[path] = response.status_code
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        if path.startswith("/admin/") and path != "/admin/":
            continue
        for href in LINK.findall(response.content.decode("utf-8", "replace")):
            href = urldefrag(html.unescape(href))[0]
            if not href.startswith("/") or href.startswith("//") or href.startswith(SKIPPED):
                continue
            if href not in seen:
                seen.add(href)
                queue.append(href)
    return answers


def failed(status):
    return isinstance(status, str) or status >= 500


def security(obj):
    return CommentForm(obj).generate_security_data()


@pytest.fixture
def cache_on_private_redis(settings, private_redis):
    """The site's own cache configuration (from REDIS_URL), on the private Redis."""
    site_cache = settings.CACHES["default"]
    assert site_cache["BACKEND"] == "django_redis.cache.RedisCache"
    settings.CACHES = {
        "default": {**site_cache, "LOCATION": private_redis.url, "KEY_PREFIX": "outage"}
    }
    return private_redis


def test_redis_stopped_pages_answer_posts_are_saved_and_delivered_once(
    workers, client, cache_on_private_redis, settings
):
    redis = cache_on_private_redis
    settings.DEBUG = True  # load_demo refuses to run on a production site
    call_command("load_demo", verbosity=0)
    settings.DEBUG = False
    # The demo records its own events as already handled.
    Event.objects.filter(processed_at__isnull=True).update(processed_at=timezone.now())
    from workspace.models import User

    member = User.objects.get(email=MEMBER)
    coordinator = User.objects.get(email=COORDINATOR)
    assert client.get("/healthz").status_code == 200

    redis.stop()
    started = time.monotonic()

    # /healthz says the cache (and the broker) are down; the pages do not mind.
    health = client.get("/healthz")
    assert health.status_code == 503 and health.json()["cache"] == "down"

    failures, counts = {}, {}
    for who in (member, coordinator):
        client.force_login(who, backend="django.contrib.auth.backends.ModelBackend")
        answers = crawl(client, ["/espace/", "/", "/reunions/", "/pratiques/", "/discussions/"])
        counts[who.email] = len(answers)
        failures.update({f"{who.email} {p}": s for p, s in answers.items() if failed(s)})
    client.logout()
    anonymous = crawl(client, ["/", "/pratiques/", "/recherche/?q=b%C3%A9n%C3%A9voles"])
    failures.update({f"anonymous {p}": s for p, s in anonymous.items() if failed(s)})
    print(
        f"Redis down: {counts[MEMBER]} pages as a member, {counts[COORDINATOR]} as the "
        f"coordinator, {len(anonymous)} anonymous; {len(failures)} answers ≥ 500"
    )
    assert failures == {}
    assert counts[MEMBER] > 40 and counts[COORDINATOR] > counts[MEMBER]

    # Redis still down: a member posts five things; each is saved.
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    before = set(Event.objects.values_list("pk", flat=True))
    association = member.memberships.get().association
    topic = Topic.objects.filter(status=TopicStatus.ACCEPTED).order_by("pk").first()
    discussion = Discussion.objects.filter(locked=False).order_by("pk").first()
    from practices.models import PracticePage

    practice = PracticePage.objects.live().exclude(association=association).first()
    posts = {
        "topic comment": client.post(
            reverse("meetings:comment", args=[topic.pk]),
            {**security(topic), "comment": "Nous aussi, pendant la panne.", "reply_to": ""},
        ),
        "discussion comment": client.post(
            reverse("discussions:comment", args=[discussion.pk]),
            {**security(discussion), "comment": "Même constat chez nous.", "reply_to": ""},
        ),
        "practice question": client.post(
            reverse("practices:comment", args=[practice.pk]),
            {**security(practice), "comment": "Comment faites-vous l'hiver ?", "reply_to": ""},
        ),
        "topic proposal": client.post(
            reverse("meetings:propose"),
            {
                "association": association.pk,
                "title": "Proposé pendant la panne",
                "description": "Un sujet envoyé quand Redis était arrêté.",
                "kind": "discussion",
                "estimated_minutes": 15,
            },
        ),
        "discussion": client.post(
            reverse("discussions:open"),
            {
                "association": association.pk,
                "title": "Ouverte pendant la panne",
                "situation": "Une discussion ouverte quand Redis était arrêté.",
            },
        ),
    }
    assert {name: r.status_code for name, r in posts.items()} == dict.fromkeys(posts, 302), {
        name: text(r)[:300] for name, r in posts.items() if r.status_code != 302
    }
    assert comments.thread_queryset(topic).filter(comment="Nous aussi, pendant la panne.").exists()
    assert comments.thread_queryset(discussion).filter(comment="Même constat chez nous.").exists()
    assert comments.thread_queryset(practice).filter(comment="Comment faites-vous l'hiver ?")
    assert Topic.objects.filter(title="Proposé pendant la panne").exists()
    assert Discussion.objects.filter(title="Ouverte pendant la panne").exists()
    assert time.monotonic() - started < 600

    new_events = Event.objects.exclude(pk__in=before)
    assert new_events.count() >= 3
    assert not new_events.filter(processed_at__isnull=False).exists()

    # Redis is back: a worker and the outbox sweep deliver what waited, once.
    redis.start()
    workers(REDIS_URL=redis.url)
    new_events.update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    from workspace.tasks import sweep_outbox

    sweep_outbox.delay()
    assert wait_for(lambda: not new_events.filter(processed_at__isnull=True).exists(), 120)
    sweep_outbox.delay()
    time.sleep(3)

    deliveries = Counter(
        Delivery.objects.filter(event__in=new_events).values_list(
            "event_id", "recipient_id", "channel"
        )
    )
    assert deliveries and max(deliveries.values()) == 1
    in_app = Counter(
        Notification.objects.filter(event__in=new_events).values_list("event_id", "user_id")
    )
    assert in_app and max(in_app.values()) == 1
    mails = Counter(SentMail.objects.values_list("to", "subject"))
    assert not mails or max(mails.values()) == 1
