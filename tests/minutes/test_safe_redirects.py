"""Every view that follows a ``next`` (or a stored return address) stays on the site.

Here beside the minutes because the action-item follow-up needs published minutes; the
follow button, the notification centre, the login and the language switch are checked too.
"""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from minutes.models import ActionItem
from workspace.models import Event, Notification

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = [
    "//evil.example/",
    "https://evil.example/",
    "http://evil.example/espace/",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    " //evil.example/",
    "/\t/evil.example/",
    "",
]


def stays_here(response):
    location = response["Location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert "evil.example" not in location, location


@pytest.mark.parametrize("value", HOSTILE)
def test_action_follow_up(client_for, member_a, published, value):
    row = ActionItem.objects.get(what="Diffuser le planning")
    response = client_for(member_a).post(
        reverse("minutes:update_action", args=[row.pk]),
        {"status": "in_progress", "note": "Commencé", "next": value},
    )
    assert response.status_code == 302
    stays_here(response)


def test_action_follow_up_keeps_a_path_of_the_site(client_for, member_a, published):
    row = ActionItem.objects.get(what="Diffuser le planning")
    response = client_for(member_a).post(
        reverse("minutes:update_action", args=[row.pk]),
        {"status": "in_progress", "note": "Commencé", "next": "/reunions/actions/?etat=open"},
    )
    assert response["Location"].startswith("/reunions/actions/?etat=open")


@pytest.mark.parametrize("value", HOSTILE)
def test_follow_button(client_for, member_a, association_a, value):
    from workspace.models import Discussion

    discussion = Discussion.objects.create(
        title="Un constat", situation="Ce que nous voyons.", association=association_a
    )
    response = client_for(member_a).post(
        reverse("notifications:follow", args=["workspace", "discussion", discussion.pk]),
        {"follow": "1", "next": value},
    )
    assert response.status_code == 302
    stays_here(response)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_stored_notification_address(client_for, member_a, value):
    event = Event.objects.create(kind="minutes_published", key=f"test:{value!r}")
    notification = Notification.objects.create(
        user=member_a, event=event, category="minutes", title="Compte rendu", url=value
    )
    response = client_for(member_a).get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    stays_here(response)


@pytest.mark.parametrize("value", HOSTILE)
def test_login(client, member_a, value):
    from tests.factories import PASSWORD

    response = client.post(
        reverse("login"), {"username": member_a.email, "password": PASSWORD, "next": value}
    )
    assert response.status_code == 302
    stays_here(response)


@pytest.mark.parametrize("value", HOSTILE)
def test_language_switch(db, client, value):
    response = client.post(reverse("set_language"), {"language": "en", "next": value})
    assert response.status_code == 302
    stays_here(response)


def test_every_view_reading_next_uses_the_helper():
    """A new view that reads ``next`` from the request must go through ``safe_next``."""
    reading = re.compile(r"request\.(POST|GET)\.get\(\s*[\"']next[\"']")
    offenders = []
    for folder in ("site", "workspace", "minutes", "practices"):
        for path in (ROOT / folder).rglob("*.py"):
            source = path.read_text()
            for match in reading.finditer(source):
                line = source[: match.start()].count("\n") + 1
                window = source[match.start() - 200 : match.end() + 200]
                if "safe_next" not in window and '== "moderation"' not in window:
                    offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert offenders == []
