"""A strict Content-Security-Policy on every page of ours, for every role."""

import pytest
from django.conf import settings

from tests.factories import make_topic

STRICT = {"frame-ancestors": "'none'", "form-action": "'self'", "object-src": "'none'"}


def directives(response):
    header = response.get("Content-Security-Policy")
    assert header, f"{response.wsgi_request.path}: no Content-Security-Policy"
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_strict(response):
    policy = directives(response)
    for name in ("script-src", "style-src", "default-src"):
        assert policy[name] == ["'self'"], (response.wsgi_request.path, name, policy[name])
    for values in policy.values():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"} & set(values)
    for name, value in STRICT.items():
        assert policy[name] == [value], (name, policy.get(name))
    assert "'self'" in policy["base-uri"]


def paths_for(role, meeting, topic):
    public = [
        "/",
        "/associations/",
        "/pratiques/",
        "/recherche/?q=benevole",
        "/page-qui-n-existe-pas/",
    ]
    network = [
        "/espace/",
        "/reunions/",
        meeting.url,
        f"/reunions/sujets/{topic.pk}/",
        "/reunions/sujets/",
        "/discussions/",
        "/espace/notifications/",
    ]
    if role == "anonymous":
        return public + ["/compte/connexion/", "/compte/mot-de-passe/oubli/"]
    if role == "agent":
        return public + network[:3] + ["/orientation/"]
    if role == "coordinator":
        return (
            public + network + ["/reunions/planifier/", "/reunions/moderation/", "/espace/membres/"]
        )
    return public + network


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonymous", "member_a", "editor_a", "agent", "coordinator"])
def test_every_page_sends_the_strict_policy(role, people, meeting, client_for):
    topic = make_topic(meeting.host, people["member_a"], meeting=meeting, status="accepted")
    client = client_for(people[role])
    checked = 0
    for path in paths_for(role, meeting, topic):
        response = client.get(path)
        assert response.status_code in (200, 404), (role, path, response.status_code)
        if response["Content-Type"].startswith("text/html"):
            assert_strict(response)
            checked += 1
    assert checked >= 6


def test_only_the_admin_is_left_out():
    policy = settings.CONTENT_SECURITY_POLICY
    assert policy["EXCLUDE_URL_PREFIXES"] == ["/admin/"]
    assert "REPORT_ONLY" not in str(policy)
