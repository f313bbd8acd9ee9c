"""Journey of a discussion: opened, seen elsewhere too, raised, closed, heard about; and
a person's notification choices, down to the one-click unsubscribe link of an e-mail."""

import re

from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import check_page, log_in
from tests.factories import PASSWORD, make_meeting
from workspace import notifications
from workspace.models import Category, Discussion, Mode


def test_discussion_from_opening_to_outcome_and_notification_choices(
    new_page, coordinator, member_a, member_b, association_a, association_b
):
    association_b.neighbourhood = "alma"
    association_b.save()
    meeting = make_meeting(coordinator, days_ahead=30, host=association_a)

    # A member of A opens a discussion.
    a = new_page()
    log_in(a, member_a.email, PASSWORD)
    a.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Discussions"
    ).click()
    check_page(a, "discussions-empty")
    a.get_by_role("link", name="Ouvrir une discussion").click()
    check_page(a, "discussion-open")
    a.get_by_label(re.compile(r"^Titre")).fill(
        "Plus de familles après les régularisations d'électricité"
    )
    a.get_by_label(re.compile(r"^Que constatez-vous")).fill(
        "Dix familles par semaine arrivent après une régularisation."
    )
    a.get_by_label("Énergie et factures").check()
    a.get_by_role("button", name="Ouvrir la discussion").click()
    expect(a.get_by_role("status")).to_contain_text("La discussion est ouverte")
    check_page(a, "discussion-opened")
    discussion = Discussion.objects.get()

    # A member of B sees it too and comments.
    b = new_page()
    log_in(b, member_b.email, PASSWORD)
    b.goto(discussion.get_absolute_url())
    b.get_by_label("Un mot sur ce que vous constatez (facultatif)").fill("Surtout des retraités.")
    b.get_by_role("button", name="Nous le voyons aussi").click()
    expect(b.get_by_role("heading", name="2 associations concernées")).to_be_visible()
    expect(b.get_by_text("Quartiers : Alma, Centre")).to_be_visible()
    b.get_by_label("Votre commentaire").fill("Nous orientons vers le FSL, avec peu de succès.")
    b.get_by_role("button", name="Publier le commentaire").click()
    expect(b.get_by_text("Nous orientons vers le FSL, avec peu de succès.")).to_be_visible()
    check_page(b, "discussion-commented")

    # A reports B's comment; the coordinator finds the report on the workspace home,
    # reads it in the moderation queue and keeps the comment.
    a.goto(discussion.get_absolute_url())
    a.get_by_role("link", name="Signaler à la coordination").click()
    expect(
        a.get_by_role("heading", name="Signaler un commentaire à la coordination")
    ).to_be_visible()
    check_page(a, "comment-report-confirm")
    a.get_by_label("Hors sujet ou publicité").check()
    a.get_by_role("button", name="Signaler ce commentaire").click()
    expect(a.get_by_role("status")).to_contain_text("la coordination va examiner ce commentaire")
    c = new_page()
    log_in(c, coordinator.email, PASSWORD)
    c.goto("/espace/")
    c.get_by_role("link", name="1 commentaire signalé à examiner").click()
    expect(c.get_by_role("heading", name=re.compile("^Signalés, à examiner"))).to_be_visible()
    expect(c.get_by_text("signalé une fois")).to_be_visible()
    check_page(c, "moderation-queue")
    c.get_by_role("button", name="Conserver").click()
    expect(c.get_by_role("status")).to_contain_text("Commentaire conservé")
    expect(c.get_by_text("Aucun commentaire signalé à examiner.")).to_be_visible()

    # The coordinator raises it to the next meeting: the topic is among the proposals.
    c.goto(discussion.get_absolute_url())
    c.get_by_label(re.compile(r"^Réunion")).select_option(label=meeting.title)
    c.get_by_role("button", name="Porter en réunion").click()
    expect(c.get_by_role("status")).to_contain_text("La discussion est proposée comme sujet")
    c.goto("/reunions/sujets/")
    expect(
        c.get_by_role("link", name="Plus de familles après les régularisations d'électricité").first
    ).to_be_visible()
    # ... and later closes it with an outcome.
    c.goto(discussion.get_absolute_url())
    c.get_by_label(re.compile(r"^Ce que le réseau en retient")).fill(
        "Le CCAS ouvre une permanence énergie le mardi."
    )
    c.get_by_role("button", name="Clore la discussion").click()
    expect(c.get_by_role("status")).to_contain_text("La discussion est close")
    check_page(c, "discussion-closed")

    # Followers find it in their notification centre.
    a.goto("/espace/")
    expect(a.locator(".notifications-link .count")).to_be_visible()
    a.get_by_role("link", name=re.compile(r"^Notifications")).click()
    expect(a.get_by_role("link", name=re.compile("Close : « Plus de familles"))).to_be_visible()
    check_page(a, "notification-centre")
    a.get_by_role("link", name=re.compile("Close : « Plus de familles")).click()
    expect(a.get_by_role("heading", name="Conclusion")).to_be_visible()

    # member_b moves comments to a weekly digest...
    b.goto("/espace/notifications/preferences/")
    check_page(b, "notification-preferences")
    b.get_by_label("Commentaires sur ce que je suis").select_option(
        label="Dans l'application et dans un récapitulatif hebdomadaire par courriel"
    )
    b.get_by_role("button", name="Enregistrer mes choix").click()
    expect(b.get_by_role("status")).to_contain_text("Vos choix sont enregistrés.")
    assert notifications.preferences_of(member_b)[Category.COMMENTS] == Mode.WEEKLY

    # The morning's daily digest tells member_b about the discussion (raised, closed)...
    notifications.send_digests(notifications.DAILY)
    emails = [
        m for m in mail.outbox if member_b.email in m.to and "List-Unsubscribe" in m.extra_headers
    ]
    assert emails and emails[-1].subject == "[Entraide] Vos nouvelles du réseau du jour"
    assert "Close : « Plus de familles" in emails[-1].body
    # ... and member_b stops that kind of e-mail from its link, without logging in.
    link = re.search(r"https?://[^/\s]+(/notifications/desabonnement/\S+/)", emails[-1].body).group(
        1
    )
    visitor = new_page()
    visitor.goto(link)  # the path of the link, on the test server
    check_page(visitor, "unsubscribe")
    visitor.get_by_role("button", name="Ne plus recevoir ces courriels").click()
    expect(visitor.get_by_role("heading", name="C'est fait")).to_be_visible()
    choices = notifications.preferences_of(member_b)
    assert choices[Category.DISCUSSIONS] == Mode.APP  # was the daily digest: now in the app only
    assert choices[Category.COMMENTS] == Mode.WEEKLY  # the weekly digest is another kind: unchanged


def test_replying_to_a_comment_with_and_without_javascript(
    browser, live_server, new_page, member_a, member_b, association_a
):
    from workspace.services import comments
    from workspace.services.discussions import open_discussion

    discussion = open_discussion(
        member_a,
        title="Colis de Noël",
        situation="Qui prépare les colis cette année ?",
        association=association_a,
        themes=[],
    )
    first = comments.post(discussion, member_a, "Nous pouvons en faire quarante.")
    comments.post(discussion, member_a, "Autre sujet : les horaires de décembre.")

    # Without JavaScript: "Répondre" brings the page back with the form answering that comment.
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="fr-FR"
    )
    plain = context.new_page()
    log_in(plain, member_b.email, PASSWORD)
    plain.goto(discussion.get_absolute_url())
    assert plain.locator("form[data-comment-form]").count() == 1
    plain.get_by_role("link", name=re.compile("^Répondre")).first.click()
    expect(plain.locator("[data-replying-to-text]")).to_have_text(re.compile("Votre réponse à"))
    plain.get_by_label("Votre commentaire").fill("Nous en ferons trente de plus.")
    plain.get_by_role("button", name="Envoyer la réponse").click()
    reply = comments.thread_queryset(discussion).get(comment="Nous en ferons trente de plus.")
    assert (reply.parent_id, reply.level) == (first.pk, 1)
    expect(plain.locator(".comment-replies")).to_contain_text("Nous en ferons trente de plus.")
    context.close()

    # With JavaScript: the form moves under the comment, and back for a new comment.
    page = new_page()
    log_in(page, member_b.email, PASSWORD)
    page.goto(discussion.get_absolute_url())
    page.get_by_role("link", name=re.compile("^Répondre")).last.click()
    form = page.locator("form[data-comment-form]")
    expect(page.locator(".comment-list form[data-comment-form]")).to_be_visible()
    expect(page.get_by_label("Votre commentaire")).to_be_focused()
    check_page(page, "comment-reply-open")
    page.get_by_role("link", name="Écrire plutôt un nouveau commentaire").click()
    expect(page.locator(".comment-list form[data-comment-form]")).to_have_count(0)
    expect(form.get_by_role("button", name="Publier le commentaire")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Répondre")).last.click()
    page.get_by_label("Votre commentaire").fill("Les horaires changent le 24.")
    page.get_by_role("button", name="Envoyer la réponse").click()
    expect(page.locator(".comment-replies").last).to_contain_text("Les horaires changent le 24.")
    second = comments.thread_queryset(discussion).get(comment="Les horaires changent le 24.")
    other = comments.thread_queryset(discussion).get(comment__startswith="Autre sujet")
    assert (second.level, second.parent_id) == (1, other.pk)
    assert page.locator("form[data-comment-form]").count() == 1
