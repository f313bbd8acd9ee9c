"""Benchmarks of the pages that grow with the network's history (not run by the test suite).

    .venv/bin/python bench/run.py [--scale 5]

Builds (once) a database in var/bench-<scale>.sqlite3 with `scale` times a large network's
history — meetings, topics with comments, minutes with decisions and actions, practices
with adoptions, discussions — then times each page (median of 7 requests) for a member
and for the coordinator, and prints the number of SQL queries of each. Set DATABASE_URL to
measure on PostgreSQL instead.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup(scale):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "entraide.settings")
    if not os.environ.get("DATABASE_URL"):
        os.environ["SQLITE_PATH"] = str(ROOT / "var" / f"bench-{scale}.sqlite3")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    os.environ.setdefault("EMAIL_URL", "dummymail://")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(scale):
    """A large network's history, scale × (24 meetings, 400 topics, 4,000 comments…)."""
    import datetime

    from django.conf import settings
    from django.utils import timezone

    from minutes import services as minutes_services
    from workspace.models import Association, Discussion, MeetingPage, Topic, TopicStatus, User
    from workspace.services import agenda, attendance, comments, meetings

    if MeetingPage.objects.exists():
        return
    settings.DEBUG = True
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    coordinator = User.objects.get(email="coordination@exemple.org")
    associations = list(Association.objects.all())
    people = list(User.objects.filter(memberships__isnull=False).distinct())
    start = timezone.localdate() - datetime.timedelta(days=60 * 24 * scale)
    for n in range(24 * scale):
        date = start + datetime.timedelta(days=60 * n, hours=0)
        meeting = meetings.plan_meeting(
            coordinator,
            date=date,
            start_time=datetime.time(9, 0) if n % 2 else datetime.time(14, 0),
            end_time=datetime.time(12, 0) if n % 2 else datetime.time(17, 0),
            host=associations[n % len(associations)],
        )
        for t in range(16):
            association = associations[(n + t) % len(associations)]
            topic = Topic.objects.create(
                title=f"Sujet {n}-{t} sur les bénévoles et la chaîne du froid",
                description="Les distributions manquent de bras ; le stock froid déborde.",
                association=association,
                proposed_by=people[(n + t) % len(people)],
                meeting=meeting,
                status=TopicStatus.ACCEPTED,
            )
            agenda.add_topic_item(meeting, topic)
            for c in range(10):
                comments.post(
                    topic, people[(n + t + c) % len(people)], f"Avis {c} sur le sujet {n}-{t}"
                )
        attendance.record_attendance(
            meeting, coordinator, {a: 2 for a in associations[:6]}, covered=set()
        )
        page, _ = minutes_services.start_minutes(meeting, coordinator)
        page.get_latest_revision().publish(user=coordinator)
    for d in range(100 * scale):
        discussion = Discussion.objects.create(
            title=f"Constat {d}",
            situation="Plus de familles.",
            association=associations[d % len(associations)],
        )
        for c in range(20):
            comments.post(discussion, people[(d + c) % len(people)], f"Avis {c}")


def measure(scale):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from workspace.models import Discussion, MeetingPage, Topic, User

    meeting = MeetingPage.objects.order_by("-date").first()
    topic = Topic.objects.order_by("-pk").first()
    discussion = Discussion.objects.order_by("-pk").first()
    urls = [
        "/",
        "/reunions/",
        meeting.url,
        topic.get_absolute_url(),
        "/reunions/sujets/",
        "/reunions/decisions/",
        "/reunions/actions/",
        "/pratiques/",
        "/discussions/",
        discussion.get_absolute_url(),
        "/espace/notifications/",
        "/recherche/?q=b%C3%A9n%C3%A9voles",
    ]
    print(f"scale {scale}: {MeetingPage.objects.count()} meetings, {Topic.objects.count()} topics")
    print(f"{'page':<45} {'who':<12} {'median ms':>10} {'queries':>8}")
    for email, who in (
        ("membre@panier-epeule.exemple.org", "member"),
        ("coordination@exemple.org", "coordinator"),
    ):
        client = Client()
        client.force_login(
            User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend"
        )
        for url in urls:
            client.get(url)
            timings = []
            for _ in range(7):
                begin = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                timings.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            print(f"{url[:45]:<45} {who:<12} {statistics.median(timings):>10.1f} {len(queries):>8}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=1)
    arguments = parser.parse_args()
    setup(arguments.scale)
    generate(arguments.scale)
    measure(arguments.scale)
