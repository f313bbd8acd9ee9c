"""The meeting-day load (``make load``) stays runnable: its locust scenario imports and names
every action, and its report shows each of them. No load is run here.

The scenario is imported in a child process: importing locust patches the standard
library for gevent, which this test process must not get.
"""

import json
import subprocess
import sys
from pathlib import Path

from bench import load

ROOT = Path(__file__).resolve().parents[2]

INSPECT = """
import inspect, json, sys
sys.path.insert(0, "bench")
import locustfile
member = locustfile.Member
weights = {}
for attribute in dir(member):
    function = getattr(member, attribute)
    if callable(function) and hasattr(function, "locust_task_weight"):
        weights[attribute] = function.locust_task_weight
print(json.dumps({
    "actions": list(locustfile.ACTIONS),
    "tasks": weights,
    "source": inspect.getsource(locustfile),
    "is_http_user": issubclass(member, __import__("locust").HttpUser),
}))
"""


def scenario():
    result = subprocess.run(
        [sys.executable, "-c", INSPECT], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_scenario_imports_and_names_every_action():
    found = scenario()
    assert found["is_http_user"]
    assert found["actions"] == [
        "sign in",
        "read /espace/",
        "read the next meeting",
        "read a topic",
        "comment on a topic",
        "answer attendance",
        "read minutes",
        "search",
    ]
    # Each task of a member is one of the meeting day's actions, with a weight.
    assert set(found["tasks"]) == {
        "read_meeting",
        "read_topic",
        "comment",
        "answer_attendance",
        "read_minutes",
        "search",
        "home",
    }
    assert all(weight >= 1 for weight in found["tasks"].values())
    # Every action's name is given to the requests it makes (locust reports by name).
    source = found["source"]
    for constant in (
        "LOGIN",
        "HOME",
        "MEETING",
        "TOPIC",
        "COMMENT",
        "ATTENDANCE",
        "MINUTES",
        "SEARCH",
    ):
        assert source.count(constant) >= 2, constant


def test_the_report_shows_every_action_and_the_deliveries():
    names = ["sign in", "read the next meeting", "comment on a topic", "answer attendance"]
    row = {"requests": 10, "failures": 0, "p50": 80, "p95": 300, "p99": 700, "max": 900, "rps": 1.5}
    result = {
        "machine": {"date": "2026-12-01 18:00 UTC", "commit": "abc", "nproc": 2, "cpu": "x"},
        "load_during": {"before": 3.0, "min": 3.0, "max": 5.0, "mean": 4.0},
        "users": 50,
        "duration": 300,
        "spawn_rate": 2,
        "wait": ["5", "15"],
        "scale": 1,
        "plan": {"associations": 40, "topic_urls": ["/t/"] * 50, "minutes_urls": ["/m/"] * 5},
        "stats": {**{name: dict(row) for name in names}, "Aggregated": dict(row, p95=600)},
        "failures": [],
        "delivered": {
            "events": 3,
            "events_by_kind": {"comment_posted": 3},
            "events_unprocessed": 0,
            "deliveries": {"app": {"total": 4, "sent": 4}, "email": {"total": 1, "sent": 1}},
            "notifications": 4,
            "duplicate_notifications": 0,
            "duplicate_deliveries": 0,
            "app_sent_without_notification": 0,
            "notifications_without_delivery": 0,
            "emails_written": 1,
            "email_deliveries_sent": 1,
            "digest_pending": 0,
            "comments_saved": 10,
            "attendance_rows_answered": 8,
        },
    }
    section = load.report(result)
    assert section.startswith(load.SECTION)
    for name in names:
        assert f"| {name} | 10 | 0 | 80 | 300 | 700 | 900 | 1.50 | yes |" in section
    assert "| **all actions** | 10 | 0 | 80 | 600 |" in section and "**no**" in section
    assert "**Every notification delivered exactly once.**" in section
    result["delivered"]["emails_written"] = 2
    assert "**Not every notification delivered exactly once**" in load.report(result)


def test_the_section_is_replaced_in_place(tmp_path, monkeypatch):
    results = tmp_path / "RESULTS.md"
    results.write_text(
        f"# Benchmark results\n\n{load.bench.NOTES_MARK}\n\n## Other notes\n\nkept\n"
    )
    monkeypatch.setattr(load.bench, "RESULTS", results)
    load.write_section(f"{load.SECTION}\n\nfirst\n")
    load.write_section(f"{load.SECTION}\n\nsecond\n")
    text = results.read_text()
    assert text.count(load.SECTION) == 1 and "second" in text and "first" not in text
    assert text.index(load.SECTION) < text.index("## Other notes") and "kept" in text
