"""A member of B says "we too" on A's proposal, the coordination sees the count while building
the agenda, and A's editor follows the association's requests: state, outcome, waiting time."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import check_page, log_in
from tests.e2e.test_topic_outcome import discussed_topic
from tests.factories import PASSWORD, make_topic
from workspace.models import Notification, Topic, TopicSupport


def test_we_too_then_the_agenda_then_the_association_requests(
    new_page, coordinator, member_a, editor_a, member_b, association_a, association_b, meeting
):
    _held, closed, _minutes = discussed_topic(coordinator, member_a, association_a, association_b)
    # Proposed three weeks before the meeting where it was discussed.
    Topic.objects.filter(pk=closed.pk).update(created_at=timezone.now() - timedelta(days=24))
    proposal = make_topic(
        association_a,
        member_a,
        meeting=meeting,
        title="Un local partagé pour l'hiver",
        description="Le devis du bailleur : 300 euros par mois.",
    )

    # A member of B sees the title of A's proposal (not its description) and says "we too".
    page = new_page()
    log_in(page, member_b.email, PASSWORD)
    page.goto("/reunions/sujets/")
    others = page.locator(
        "section", has=page.get_by_role("heading", name="Propositions des autres associations")
    )
    expect(others).to_contain_text("Un local partagé pour l'hiver")
    expect(others).to_contain_text("Association A")
    expect(page.locator("main")).not_to_contain_text("300 euros")
    check_page(page, "requests-01-other-proposals")
    others.get_by_role("button", name=re.compile("^Nous aussi")).click()
    expect(page.locator(".messages")).to_contain_text("Association B dit « nous aussi »")
    expect(others).to_contain_text("1 autre association dit « nous aussi » : Association B")
    expect(
        others.get_by_role("button", name=re.compile("^Retirer le « nous aussi »"))
    ).to_be_visible()
    check_page(page, "requests-02-we-too-said")
    assert TopicSupport.objects.filter(topic=proposal, association=association_b).count() == 1

    # The coordination builds the agenda: the proposal waits with its count.
    page = new_page()
    log_in(page, coordinator.email, PASSWORD)
    page.goto(f"/reunions/{meeting.slug}/ordre-du-jour/")
    pending = page.locator(f"#pending-{proposal.pk}")
    expect(pending).to_contain_text("Un local partagé pour l'hiver")
    expect(pending).to_contain_text("« nous aussi » : 1 association")
    expect(pending).to_contain_text("Association B")
    check_page(page, "requests-03-agenda-builder-counts")

    # A's editor heard of it, and opens the association's requests from its page.
    assert Notification.objects.filter(user=editor_a, event__kind="topic_supported").exists()
    page = new_page()
    log_in(page, editor_a.email, PASSWORD)
    page.goto(f"/espace/associations/{association_a.slug}/")
    page.get_by_role("link", name="Voir les demandes de Association A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demandes de Association A")
    waiting = page.locator(f"#request-topic-{proposal.pk}")
    expect(waiting).to_contain_text("Proposé")
    expect(waiting).to_contain_text("en attente depuis 0 jour")
    expect(waiting).to_contain_text("« nous aussi » : 1 association")
    done = page.locator(f"#request-topic-{closed.pk}")
    expect(done).to_contain_text("Clos")
    expect(done).to_contain_text("Un planning commun est adopté.")
    expect(done).to_contain_text("discuté pour la première fois à la réunion du")
    expect(done).to_contain_text("après 21 jours")
    expect(
        done.get_by_role("link", name=re.compile("Un planning commun des maraudes"))
    ).to_be_visible()
    check_page(page, "requests-04-association-requests")
    # From the outcome to the decision in the minutes.
    done.get_by_role("link", name=re.compile("Un planning commun des maraudes")).click()
    expect(page.locator("main")).to_contain_text("Un planning commun des maraudes d'hiver")
