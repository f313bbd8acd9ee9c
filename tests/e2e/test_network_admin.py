"""The operator creates a network in the admin and invites its first coordinator, who follows
the e-mail's link on the new network's host and signs up there; axe-core on every admin page
shown (no rule left out: these are our own templates in Wagtail's frame)."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from tests.e2e.conftest import axe_violations
from tests.e2e.test_accessibility_sweep import browser_context
from tests.factories import UserFactory
from workspace.models import Network, User

STRONG = "Un-vrai-mot-de-passe-2026"


@pytest.mark.django_db(transaction=True)
def test_the_operator_creates_a_network_and_its_coordinator_signs_up_on_its_host(
    browser, live_server
):
    operator = UserFactory(email="operateur@exemple.org", is_superuser=True, is_staff=True)
    port = urlsplit(live_server.url).port
    problems = []

    context = browser_context(browser, live_server, operator)
    page = context.new_page()
    page.goto(reverse("entraide_networks"))
    problems += [f"networks: {v}" for v in axe_violations(page)]
    page.locator(f"a[href='{reverse('entraide_network_create')}']").click()
    page.wait_for_load_state()
    problems += [f"create: {v}" for v in axe_violations(page)]

    page.locator("#id_name").fill("Entraide Tourcoing")
    page.locator("#id_town").fill("Tourcoing")
    page.locator("#id_hostname").fill("localhost")  # taken: refused, nothing lost
    page.locator("#id_port").fill(str(port))
    page.locator("#id_email").fill("coordination@tourcoing.exemple.org")
    page.locator("button.button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.locator("#id_name").input_value() == "Entraide Tourcoing"
    problems += [f"create with an error: {v}" for v in axe_violations(page)]

    page.locator("#id_hostname").fill("tourcoing.localhost")
    page.locator("button.button[type=submit]").last.click()
    page.wait_for_load_state()
    assert Network.objects.filter(name="Entraide Tourcoing").exists()
    assert "tourcoing.localhost" in page.content()
    # Wagtail's message slides in: axe-core measures it once it is in place.
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    problems += [f"networks after creation: {v}" for v in axe_violations(page)]
    context.close()

    message = mail.outbox[-1]
    assert message.to == ["coordination@tourcoing.exemple.org"]
    link = re.search(r"http://tourcoing\.localhost:\d+/invitation/\S+/", message.body).group(0)

    invitee = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = invitee.new_page()
    page.goto(link)
    problems += [f"invitation: {v}" for v in axe_violations(page)]
    page.locator("#id_first_name").fill("Claire")
    page.locator("#id_last_name").fill("Dumont")
    page.locator("#id_password1").fill(STRONG)
    page.locator("#id_password2").fill(STRONG)
    page.locator("button.button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.url.startswith("http://tourcoing.localhost:")
    network = Network.objects.get(name="Entraide Tourcoing")
    user = User.objects.get(email="coordination@tourcoing.exemple.org")
    assert user.groups.filter(pk=network.coordinators_id).exists()
    page.goto(f"http://tourcoing.localhost:{port}{reverse('wagtailadmin_home')}")
    page.wait_for_load_state("networkidle")
    assert "/admin/login" not in page.url
    invitee.close()
    assert not problems, "\n".join(problems)
