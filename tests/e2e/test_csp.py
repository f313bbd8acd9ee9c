"""No Content-Security-Policy violation along the main journeys, per role.

Every page is loaded with a listener for ``securitypolicyviolation`` installed before any
script of the page runs, and the console is watched for the browser's own CSP messages.
The demo network gives every kind of content: a topic with comments, minutes, a map.
"""

import pytest
from django.core.management import call_command
from django_comments_xtd.models import XtdComment

from minutes.models import MinutesPage
from practices.models import PracticePage
from tests.e2e.conftest import log_in
from workspace.models import MeetingPage, Topic

LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__csp.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", force=True, verbosity=0)  # tests run with DEBUG off
    meeting = MeetingPage.objects.live().order_by("-date").first()
    commented = XtdComment.objects.filter(content_type__model="topic").values_list(
        "object_pk", flat=True
    )
    topic = Topic.objects.filter(pk__in=[int(pk) for pk in commented]).first()
    minutes = MinutesPage.objects.live().first()
    practice = PracticePage.objects.live().public().first()
    return {
        "network": [
            "/",
            "/espace/",
            "/reunions/",
            meeting.url,
            topic.get_absolute_url(),
            minutes.url,
            "/associations/",
            "/pratiques/",
            practice.url,
            "/recherche/?q=b%C3%A9n%C3%A9voles",
            "/discussions/",
        ],
        "public": ["/", "/associations/", "/pratiques/", practice.url, "/recherche/?q=aide"],
    }


def visit(page, paths, label, violations):
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, (label, path, response.status)
        page.wait_for_load_state("networkidle")
        for entry in page.evaluate("window.__csp"):
            violations.append(f"{label} {path}: {entry}")


@pytest.mark.parametrize(
    "email",
    [None, "membre@panier-epeule.exemple.org", "agent@exemple.org", "coordination@exemple.org"],
)
def test_no_csp_violation_along_the_main_journeys(new_page, demo, email):
    page = new_page()
    page.context.add_init_script(LISTEN)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    violations = []
    if email:
        log_in(page, email, "entraide-demo")
        paths = demo["network"]
        if email.startswith("agent"):
            paths = [p for p in paths if p != "/espace/"] + ["/orientation/"]
    else:
        paths = demo["public"] + ["/compte/connexion/"]
    visit(page, paths, email or "anonymous", violations)
    assert violations == [] and console == [], violations + console

    # The listener hears a violation: an inline script and an inline style are refused.
    page.evaluate(
        """() => {
        const script = document.createElement('script');
        script.textContent = 'window.__ran = true';
        document.body.append(script);
        const style = document.createElement('div');
        style.setAttribute('style', 'color: red');
        document.body.append(style);
    }"""
    )
    page.wait_for_function("window.__csp.length >= 2")
    heard = " ".join(page.evaluate("window.__csp"))
    assert "script-src" in heard and "style-src" in heard
    assert page.evaluate("window.__ran") is None
