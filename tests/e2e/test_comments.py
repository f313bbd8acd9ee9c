"""Journey of a comment: its writer's association beside it, changed within the edit window
and not after, a very long word that wraps, a report with its reason read by the coordination."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_comments_xtd.models import XtdComment
from playwright.sync_api import expect

from entraide import pagecache
from tests.e2e.conftest import check_page, log_in
from tests.factories import PASSWORD, make_meeting, make_topic
from workspace.models import TopicStatus
from workspace.services import agenda


def test_a_member_changes_their_comment_within_the_window_and_not_after(
    new_page, coordinator, member_a, member_b, association_a
):
    meeting = make_meeting(coordinator, days_ahead=20, host=association_a)
    topic = make_topic(
        association_a,
        member_a,
        meeting,
        title="Le camion frigorifique partagé",
        status=TopicStatus.ACCEPTED,
    )
    agenda.add_topic_item(meeting, topic)

    a = new_page()
    log_in(a, member_a.email, PASSWORD)
    a.goto(topic.get_absolute_url())
    a.get_by_label("Votre commentaire").fill("Nous pouvons le prêter le lundi.")
    a.get_by_role("button", name="Publier le commentaire").click()
    comment = a.locator("article.comment").first
    expect(comment).to_contain_text(f"({association_a.name})")
    # A single word of 2,900 letters wraps: the page does not scroll sideways at 360 px.
    a.get_by_label("Votre commentaire").fill("x" * 2900)
    a.get_by_role("button", name="Publier le commentaire").click()
    check_page(a, "comment-posted")

    comment.get_by_role("link", name="Modifier votre commentaire").click()
    check_page(a, "comment-edit")
    a.get_by_label("Votre commentaire").fill("Nous pouvons le prêter le lundi et le jeudi.")
    a.get_by_role("button", name="Enregistrer la modification").click()
    expect(a.get_by_role("status")).to_contain_text("Votre commentaire est modifié.")
    comment = a.locator("article.comment").first
    expect(comment).to_contain_text("le lundi et le jeudi")
    expect(comment.locator(".comment-edited")).to_have_text("modifié")
    check_page(a, "comment-edited")

    # The window closes: no more links, and the address says why.
    first = XtdComment.objects.order_by("pk").first()
    XtdComment.objects.filter(pk=first.pk).update(
        submit_date=timezone.now() - timedelta(minutes=settings.COMMENT_EDIT_MINUTES + 1)
    )
    pagecache.invalidate_member_fragments()  # update() sends no signal: the thread is kept
    a.reload()
    comment = a.locator("article.comment").first
    expect(comment.get_by_role("link", name="Modifier votre commentaire")).to_have_count(0)
    expect(comment.get_by_role("link", name="Supprimer votre commentaire")).to_have_count(0)
    a.goto(f"/reunions/commentaires/{first.pk}/modifier/")
    expect(a.get_by_role("heading", level=1)).to_have_text(
        "Ce commentaire ne peut plus être modifié"
    )
    check_page(a, "comment-edit-closed")

    # Another member reports it with a reason; the coordination reads it.
    b = new_page()
    log_in(b, member_b.email, PASSWORD)
    b.goto(topic.get_absolute_url())
    b.locator(f"#c{first.pk}").get_by_role("link", name="Signaler à la coordination").click()
    b.get_by_role("button", name="Signaler ce commentaire").click()
    expect(b.get_by_role("alert")).to_contain_text("Corrigez ce qui est signalé ci-dessous.")
    check_page(b, "comment-report-refused")
    b.get_by_label("Hors sujet ou publicité").check()
    b.get_by_label("Une note pour la coordination (facultatif)").fill("Déjà dit à la réunion")
    b.get_by_role("button", name="Signaler ce commentaire").click()
    expect(b.get_by_role("status")).to_contain_text("la coordination va examiner")

    c = new_page()
    log_in(c, coordinator.email, PASSWORD)
    c.goto("/reunions/moderation/")
    expect(c.locator(".report-reasons")).to_contain_text("Hors sujet ou publicité")
    expect(c.locator(".report-reasons")).to_contain_text("Déjà dit à la réunion")
    check_page(c, "moderation-reasons")
