"""`make load`: a meeting day under load, with locust (``bench/locustfile.py``).

    .venv/bin/python bench/load.py [--users 50] [--duration 300] [--scale 1]

1. Builds (once, cached) the benchmark's network history (``bench/generate.py``, the same
   key as ``make bench``) in its own PostgreSQL database ``LOAD_DB``.
2. Writes the plan (``var/load-plan.json``): 50 accounts of that history, across the
   associations, half of them editors who answer their association's attendance; the next
   meeting, the topics on its agenda, the latest minutes, search words.
3. Starts the site in production mode (``DEBUG=0``, gunicorn with 2 sync workers, whitenoise,
   PostgreSQL, Redis ``LOAD_REDIS_URL`` as cache and Celery broker, emptied first) and a real
   Celery worker, e-mail written to files (``var/load-mail/``).
4. Runs locust headless for ``--duration`` seconds: every member signs in (the login form and
   its CSRF token), then reads the next meeting, reads and comments on its topics, answers
   the attendance, reads minutes and searches, at a reading pace.
5. Waits until the worker has processed every event the run recorded, then checks each
   notification was delivered exactly once (the ``Delivery`` ledger, the notification-centre
   rows and the e-mails written) and that each comment and answer locust saw succeed is in
   the database.
6. Writes the section "Meeting-day load" of ``bench/RESULTS.md`` (kept by ``make bench``)
   and ``bench/load.json``.

Everything it starts is stopped at the end, on Ctrl-C and on an error; it touches no other
database than ``LOAD_DB`` and no other Redis database than ``LOAD_REDIS_URL``'s. Settings
(also as environment variables): LOAD_USERS, LOAD_DURATION, LOAD_SPAWN_RATE, LOAD_SCALE,
LOAD_DB, LOAD_PG, LOAD_REDIS_URL, LOAD_PORT, LOAD_WAIT_MIN / LOAD_WAIT_MAX (seconds between
two actions of a member).
"""

import argparse
import csv
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import run as bench  # noqa: E402 - needs ROOT on the path

PLAN = ROOT / "var" / "load-plan.json"
MAIL_DIR = ROOT / "var" / "load-mail"
STATS = ROOT / "var" / "load"
RESULTS_JSON = ROOT / "bench" / "load.json"
SECTION = "## Meeting-day load (`make load`)"
TARGET_P95_MS = 500
SEARCH_WORDS = ["bénévoles", "colis", "chaîne du froid", "lait infantile", "réunion"]


def log(message):
    print(f"[load {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


def options():
    env = os.environ.get
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=int(env("LOAD_USERS", "50")))
    parser.add_argument("--duration", type=int, default=int(env("LOAD_DURATION", "300")))
    parser.add_argument("--spawn-rate", type=float, default=float(env("LOAD_SPAWN_RATE", "2")))
    parser.add_argument("--scale", type=float, default=float(env("LOAD_SCALE", "1")))
    parser.add_argument("--db", default=env("LOAD_DB", "entraide_load_bench"))
    parser.add_argument("--pg", default=env("LOAD_PG", "postgres://entraide@127.0.0.1:5432"))
    parser.add_argument("--redis", default=env("LOAD_REDIS_URL", "redis://127.0.0.1:6379/10"))
    parser.add_argument("--port", type=int, default=int(env("LOAD_PORT", "8290")))
    parser.add_argument("--no-write", action="store_true", help="do not touch bench/RESULTS.md")
    parser.add_argument(
        "command", nargs="?", default="all", choices=["all", "plan", "pending", "check"]
    )
    parser.add_argument("--since", type=int, default=0, help="(check) first event id of the run")
    parser.add_argument("--started", type=float, default=0, help="(check) start, epoch seconds")
    return parser.parse_args()


def site_env(args):
    env = bench.site_env(args)
    env.update(
        EMAIL_URL=f"filemail://{MAIL_DIR}",
        CELERY_QUEUE=env.get("CELERY_QUEUE", "entraide"),
    )
    return env


# --- In a child process with the site's settings ------------------------------------


def django_setup():
    import django  # reason: the parent process never loads Django

    django.setup()


def make_plan(args):
    django_setup()
    # reason: every import below needs django.setup()
    from bench import generate
    from minutes.models import MinutesPage
    from workspace.models import AgendaItem, Event, Membership, Role

    meeting = generate.next_meeting()
    topics = [
        item.topic
        for item in AgendaItem.objects.filter(meeting=meeting, topic__isnull=False)
        .select_related("topic")
        .order_by("position", "pk")
    ]
    minutes = sorted(MinutesPage.objects.live(), key=lambda page: page.get_parent().specific.date)[
        -5:
    ]
    # Bench people (the generator's accounts, one password), one per association as far as
    # they go: half editors (they answer their association's attendance), half members.
    bench_people = Membership.objects.filter(
        user__email__endswith="@bench.exemple.org", user__is_active=True, ended_at__isnull=True
    ).select_related("user", "association")
    wanted = {Role.EDITOR: (args.users + 1) // 2, Role.MEMBER: args.users // 2}
    accounts, seen_users, seen = [], set(), {Role.EDITOR: set(), Role.MEMBER: set()}
    for rounds in range(2):
        for membership in bench_people.order_by("association_id", "pk"):
            role = membership.role
            if role not in wanted or len(seen[role]) >= wanted[role]:
                continue
            if membership.user_id in seen_users:
                continue
            if rounds == 0 and membership.association_id in {
                a["association_pk"] for a in accounts if a["role"] == role
            }:
                continue
            seen_users.add(membership.user_id)
            seen[role].add(membership.user_id)
            accounts.append(
                {
                    "email": membership.user.email,
                    "role": role,
                    "association_pk": membership.association_id,
                    "association": str(membership.association_id) if role == Role.EDITOR else "",
                }
            )
    last_event = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    plan = {
        "password": generate.PASSWORD,
        "login_url": "/compte/connexion/",
        "meeting_url": meeting.url,
        "meeting_date": str(meeting.date),
        "attendance_url": f"/reunions/{meeting.slug}/presence/",
        "topic_urls": [topic.get_absolute_url() for topic in topics],
        "minutes_urls": [page.url for page in minutes],
        "search_words": SEARCH_WORDS,
        "accounts": accounts,
        "associations": len({a["association_pk"] for a in accounts}),
        "last_event": last_event,
    }
    print(json.dumps(plan, ensure_ascii=False))


def pending(args):
    django_setup()
    from workspace.models import Event  # reason: needs django.setup()

    events = Event.objects.filter(pk__gt=args.since)
    print(
        json.dumps(
            {"events": events.count(), "pending": events.filter(processed_at__isnull=True).count()}
        )
    )


def check(args):
    """What the run wrote and delivered: every notification once, every write saved."""
    django_setup()
    # reason: every import below needs django.setup()
    import datetime

    from django.db.models import Count
    from django_comments_xtd.models import XtdComment

    from workspace.models import Attendance, Delivery, Event, Notification
    from workspace.notifications.preferences import APP, DAILY, EMAIL, WEEKLY

    plan = json.loads(PLAN.read_text())
    emails = [a["email"] for a in plan["accounts"]]
    started = datetime.datetime.fromtimestamp(args.started, tz=datetime.UTC)
    events = Event.objects.filter(pk__gt=args.since)
    deliveries = Delivery.objects.filter(event__in=events)
    notifications = Notification.objects.filter(event__in=events)
    by_channel = {
        row["channel"]: row
        for row in deliveries.values("channel")
        .order_by("channel")
        .annotate(total=Count("pk"), sent=Count("sent_at"))
    }
    duplicates_notifications = (
        notifications.values("user_id", "event_id").annotate(c=Count("pk")).filter(c__gt=1).count()
    )
    duplicates_deliveries = (
        deliveries.values("event_id", "recipient_id", "channel")
        .annotate(c=Count("pk"))
        .filter(c__gt=1)
        .count()
    )
    app_sent = deliveries.filter(channel=APP, sent_at__isnull=False)
    app_without_notification = app_sent.exclude(
        recipient_id__in=notifications.values("user_id")
    ).count()
    # Notifications with no sent app delivery of the same (event, person).
    sent_pairs = set(app_sent.values_list("event_id", "recipient_id"))
    orphans = sum(
        1 for pair in notifications.values_list("event_id", "user_id") if pair not in sent_pairs
    )
    mails = 0
    if MAIL_DIR.exists():
        for path in MAIL_DIR.iterdir():
            mails += len(re.findall(r"^Message-ID: ", path.read_text(errors="replace"), re.M))
    result = {
        "events": events.count(),
        "events_by_kind": dict(
            events.values_list("kind")
            .order_by("kind")
            .annotate(c=Count("pk"))
            .values_list("kind", "c")
        ),
        "events_unprocessed": events.filter(processed_at__isnull=True).count(),
        "deliveries": {k: {"total": v["total"], "sent": v["sent"]} for k, v in by_channel.items()},
        "notifications": notifications.count(),
        "duplicate_notifications": duplicates_notifications,
        "duplicate_deliveries": duplicates_deliveries,
        "app_sent_without_notification": app_without_notification,
        "notifications_without_delivery": orphans,
        "emails_written": mails,
        "email_deliveries_sent": by_channel.get(EMAIL, {}).get("sent", 0),
        "digest_pending": sum(
            by_channel.get(c, {}).get("total", 0) - by_channel.get(c, {}).get("sent", 0)
            for c in (DAILY, WEEKLY)
        ),
        "comments_saved": XtdComment.objects.filter(
            user__email__in=emails, submit_date__gte=started
        ).count(),
        "attendance_rows_answered": Attendance.objects.filter(
            answered_by__email__in=emails, answered_at__gte=started
        ).count(),
    }
    print(json.dumps(result, ensure_ascii=False))


# --- The parent process -------------------------------------------------------------


def child(args, command, *extra):
    output = subprocess.run(
        [
            PYTHON,
            __file__,
            command,
            "--db",
            args.db,
            "--pg",
            args.pg,
            "--redis",
            args.redis,
            "--users",
            str(args.users),
            *extra,
        ],
        env=site_env(args),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if output.returncode:
        sys.stderr.write(output.stderr)
        raise RuntimeError(f"{command} failed")
    return json.loads(output.stdout.strip().splitlines()[-1])


PYTHON = bench.PYTHON
BIN = bench.BIN


def start(servers, name, command, env):
    logfile = open(ROOT / "var" / f"load-{name}.log", "w")  # noqa: SIM115 - closed at stop
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=logfile,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    servers.processes.append((name, process, logfile))
    return process


def read_stats():
    rows = {}
    with open(f"{STATS}_stats.csv", newline="", encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "p50": float(row["50%"] or 0),
                "p95": float(row["95%"] or 0),
                "p99": float(row["99%"] or 0),
                "max": float(row["Max Response Time"] or 0),
                "rps": float(row["Requests/s"] or 0),
            }
    failures = []
    path = Path(f"{STATS}_failures.csv")
    if path.exists():
        with open(path, newline="", encoding="utf-8") as stream:
            failures = [
                {"name": r["Name"], "error": r["Error"], "count": int(r["Occurrences"])}
                for r in csv.DictReader(stream)
            ]
    return rows, failures


def main(args):
    begin = time.monotonic()
    if not bench.free(args.port):
        raise SystemExit(f"port {args.port} is taken: set LOAD_PORT")
    os.environ.setdefault("BENCH_SECRET_KEY", secrets.token_urlsafe(50))
    (ROOT / "var").mkdir(exist_ok=True)
    bench.ensure_data(args)
    log("static files")
    bench.run_django(args, "collectstatic", "--noinput", "-v", "0")
    import redis  # reason: only the runner empties its own Redis database

    redis.Redis.from_url(args.redis).flushdb()
    if MAIL_DIR.exists():
        for path in MAIL_DIR.iterdir():
            path.unlink()
    MAIL_DIR.mkdir(parents=True, exist_ok=True)
    plan = child(args, "plan")
    PLAN.write_text(json.dumps(plan, ensure_ascii=False, indent=1))
    log(
        f"plan: {len(plan['accounts'])} accounts in {plan['associations']} associations, "
        f"next meeting {plan['meeting_url']} ({len(plan['topic_urls'])} topics)"
    )
    env = site_env(args)
    servers = bench.Servers(args)
    load_before = os.getloadavg()
    started = time.time()
    try:
        servers.start("load-site", "entraide.wsgi:application", args.port, env)
        start(
            servers,
            "worker",
            [
                str(BIN / "celery"),
                "-A",
                "entraide",
                "worker",
                "--concurrency",
                "2",
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
            ],
            env,
        )
        servers.wait(args.port, "/healthz")
        log(
            f"site on port {args.port}, worker started; locust: {args.users} members, "
            f"{args.duration} s (load average {load_before[0]:.1f})"
        )
        locust_env = dict(env, LOAD_PLAN=str(PLAN))
        locust = start(
            servers,
            "locust",
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                f"http://127.0.0.1:{args.port}",
                "-u",
                str(args.users),
                "-r",
                str(args.spawn_rate),
                "-t",
                f"{args.duration}s",
                "--stop-timeout",
                "30",
                "--csv",
                str(STATS),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            locust_env,
        )
        loads = []
        while locust.poll() is None:
            time.sleep(10)
            loads.append(os.getloadavg()[0])
        log(f"locust ended ({locust.returncode}); waiting for the worker")
        deadline = time.monotonic() + 300
        while True:
            state = child(args, "pending", "--since", str(plan["last_event"]))
            if not state["pending"] or time.monotonic() > deadline:
                break
            time.sleep(3)
        log(f"events: {state['events']}, unprocessed {state['pending']}")
        time.sleep(2)  # the last deliveries' transactions
    finally:
        servers.stop()
    delivered = child(args, "check", "--since", str(plan["last_event"]), "--started", str(started))
    stats, failures = read_stats()
    result = {
        "machine": bench.machine(),
        "load_during": {
            "min": min(loads, default=0),
            "max": max(loads, default=0),
            "mean": sum(loads) / len(loads) if loads else 0,
            "before": load_before[0],
        },
        "users": args.users,
        "duration": args.duration,
        "spawn_rate": args.spawn_rate,
        "wait": [os.environ.get("LOAD_WAIT_MIN", "5"), os.environ.get("LOAD_WAIT_MAX", "15")],
        "scale": args.scale,
        "plan": {k: v for k, v in plan.items() if k != "accounts" and k != "password"},
        "stats": stats,
        "failures": failures,
        "delivered": delivered,
    }
    RESULTS_JSON.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    section = report(result)
    print(section)
    if not args.no_write:
        write_section(section)
        log(
            f"wrote the section of {bench.RESULTS.relative_to(ROOT)} and {RESULTS_JSON.relative_to(ROOT)}"
        )
    log(f"done in {time.monotonic() - begin:.0f} s")


def verdict(result):
    d = result["delivered"]
    sent = sum(v["sent"] for k, v in d["deliveries"].items() if k in ("app", "email"))
    total = sum(v["total"] for k, v in d["deliveries"].items() if k in ("app", "email"))
    once = (
        d["events_unprocessed"] == 0
        and d["duplicate_notifications"] == 0
        and d["duplicate_deliveries"] == 0
        and d["app_sent_without_notification"] == 0
        and d["notifications_without_delivery"] == 0
        and d["emails_written"] == d["email_deliveries_sent"]
        and sent == total
    )
    return once, sent, total


def report(result):
    m, during, d = result["machine"], result["load_during"], result["delivered"]
    stats = result["stats"]
    errors = sum(row["failures"] for name, row in stats.items() if name != "Aggregated")
    once, sent, total = verdict(result)
    minutes = result["duration"] / 60
    lines = [
        SECTION,
        "",
        f"Written by `bench/load.py` on {m['date']}, commit `{m['commit']}`; {m['nproc']} CPU "
        f"({m['cpu']}) shared with the load generator and other work: load average "
        f"{during['before']:.1f} at the start, {during['min']:.1f}–{during['max']:.1f} during "
        f"the run (mean {during['mean']:.1f}).",
        "",
        f"- **Scenario** (`bench/locustfile.py`): {result['users']} members signing in "
        f"({result['spawn_rate']:g} a second) then acting for {minutes:g} minutes "
        f"(the run's length, sign-ins included), a pause of {result['wait'][0]}–"
        f"{result['wait'][1]} s between two actions; half of them editors, who answer their "
        f"association's attendance, in {result['plan']['associations']} associations; the "
        f"next meeting with its {len(result['plan']['topic_urls'])}-topic agenda, the latest "
        f"{len(result['plan']['minutes_urls'])} minutes.",
        f"- **Site**: data at scale {result['scale']:g} (`bench/generate.py`), `DEBUG=0`, "
        "gunicorn 2 sync workers, PostgreSQL, Redis as cache and Celery broker, one Celery "
        "worker (2 processes), e-mail written to files.",
        "",
        "| action | requests | errors | p50 ms | p95 ms | p99 ms | max ms | req/s | "
        f"p95 ≤ {TARGET_P95_MS} ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    names = [n for n in stats if n != "Aggregated"] + (
        ["Aggregated"] if "Aggregated" in stats else []
    )
    for name in names:
        row = stats[name]
        label = "**all actions**" if name == "Aggregated" else name
        lines.append(
            f"| {label} | {row['requests']:,} | {row['failures']} | {row['p50']:.0f} | "
            f"{row['p95']:.0f} | {row['p99']:.0f} | {row['max']:.0f} | {row['rps']:.2f} | "
            + ("yes" if row["p95"] <= TARGET_P95_MS else "**no**")
            + " |"
        )
    lines += ["", f"- **Errors**: {errors}."]
    for failure in result["failures"]:
        lines.append(f"  - {failure['name']}: {failure['error']} ({failure['count']}×)")
    kinds = ", ".join(f"{k} {v}" for k, v in d["events_by_kind"].items()) or "none"
    channels = (
        ", ".join(f"{k}: {v['sent']} sent of {v['total']}" for k, v in d["deliveries"].items())
        or "none"
    )
    lines += [
        f"- **Notifications**: {d['events']} events recorded during the run ({kinds}), "
        f"{d['events_unprocessed']} left unprocessed after the worker drained; deliveries "
        f"by channel: {channels}; {d['notifications']} notification-centre rows, "
        f"{d['duplicate_notifications']} twice for one (person, event), "
        f"{d['notifications_without_delivery']} without a sent delivery, "
        f"{d['app_sent_without_notification']} sent deliveries without a row; "
        f"{d['emails_written']} e-mails written for {d['email_deliveries_sent']} e-mail "
        f"deliveries sent; {d['digest_pending']} left pending for the digests (by design). "
        + (
            "**Every notification delivered exactly once.**"
            if once
            else f"**Not every notification delivered exactly once** ({sent} of {total})."
        ),
        f"- **Writes saved**: {d['comments_saved']} comments in the database for "
        f"{stats.get('comment on a topic', {}).get('requests', 0)} posted; "
        f"{stats.get('answer attendance', {}).get('requests', 0)} attendance answers, "
        f"{d['attendance_rows_answered']} associations' answers changed during the run (one row "
        "per association and meeting, which a later answer replaces).",
    ]
    return "\n".join(lines) + "\n"


def write_section(section):
    text = bench.RESULTS.read_text() if bench.RESULTS.exists() else "# Benchmark results\n"
    if bench.NOTES_MARK not in text:
        text = text.rstrip("\n") + "\n\n" + bench.NOTES_MARK + "\n"
    head, notes = text.split(bench.NOTES_MARK, 1)
    # Replace the section if there is one, else put it first among the notes.
    pattern = re.compile(re.escape(SECTION) + r".*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(notes):
        notes = pattern.sub(lambda _m: section.rstrip("\n") + "\n\n", notes, count=1)
    else:
        notes = "\n\n" + section.rstrip("\n") + "\n" + notes
    bench.RESULTS.write_text(head + bench.NOTES_MARK + notes)


def on_term(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")


if __name__ == "__main__":
    arguments = options()
    if arguments.command == "plan":
        make_plan(arguments)
    elif arguments.command == "pending":
        pending(arguments)
    elif arguments.command == "check":
        check(arguments)
    else:
        signal.signal(signal.SIGTERM, on_term)
        try:
            main(arguments)
        except KeyboardInterrupt:
            raise SystemExit("interrupted: everything the load run started is stopped") from None
