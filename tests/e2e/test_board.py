"""Journey of the needs and offers board: an association posts an offer of fresh food (a past
date first: a French error, what was typed kept), another association that follows fresh food
hears of it and answers privately, the first reads the answer and marks the offer matched."""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.conftest import check_page, log_in
from tests.factories import PASSWORD
from workspace.models import Notification, Post, PostStatus


def test_an_offer_of_fresh_food_answered_and_matched(
    new_page, editor_a, member_b, agent, association_a, association_b
):
    today = timezone.localdate()

    # A member of B follows fresh food from the board page.
    b = new_page()
    log_in(b, member_b.email, PASSWORD)
    b.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Coups de main"
    ).click()
    expect(b.get_by_role("heading", name="Coups de main entre associations")).to_be_visible()
    check_page(b, "board-empty")
    b.get_by_label("Produits frais").check()
    b.get_by_role("button", name="Enregistrer les catégories suivies").click()
    expect(b.get_by_role("status")).to_contain_text("vous serez prévenu des nouvelles annonces")
    expect(b.get_by_label("Produits frais")).to_be_checked()

    # An editor of A posts an offer, first with a date already past.
    a = new_page()
    log_in(a, editor_a.email, PASSWORD)
    a.goto("/coups-de-main/")
    a.get_by_role("link", name="Publier une offre").click()
    expect(a.get_by_label("Nous offrons quelque chose")).to_be_checked()
    a.get_by_label("Catégorie").select_option(label="Produits frais")
    a.get_by_label(re.compile(r"^En quelques mots")).fill("30 kg de yaourts à date courte")
    a.get_by_label(re.compile(r"^Quantité")).fill("30")
    a.get_by_label(re.compile(r"^Unité")).fill("kg")
    a.get_by_label(re.compile(r"^Lieu")).fill("12 rue de l'Épeule")
    a.get_by_label(re.compile(r"^Jusqu'au")).fill((today - datetime.timedelta(days=1)).isoformat())
    a.get_by_label(re.compile(r"^Précisions")).fill("À venir chercher avec une glacière.")
    a.get_by_role("button", name="Publier").click()
    expect(a.get_by_text("Cette date est passée").first).to_be_visible()
    expect(a.get_by_label(re.compile(r"^En quelques mots"))).to_have_value(
        "30 kg de yaourts à date courte"
    )
    expect(a.get_by_label(re.compile(r"^Quantité"))).to_have_value("30")
    check_page(a, "board-post-error")
    a.get_by_label(re.compile(r"^Jusqu'au")).fill((today + datetime.timedelta(days=3)).isoformat())
    a.get_by_role("button", name="Publier").click()
    expect(a.get_by_role("status")).to_contain_text("Votre annonce est publiée")
    expect(a.get_by_role("heading", name="30 kg de yaourts à date courte")).to_be_visible()
    check_page(a, "board-post-published")
    post = Post.objects.get()
    assert post.association == association_a and post.quantity == 30

    # B hears of it in the notification centre and answers from there.
    assert Notification.objects.filter(user=member_b, event__kind="board_post_created").count() == 1
    b.goto("/espace/notifications/")
    b.get_by_role("link", name=re.compile("Offre de Association A")).click()
    expect(b.get_by_role("heading", name="30 kg de yaourts à date courte")).to_be_visible()
    b.get_by_label("Votre réponse").fill("Nous passons mardi à 15 h avec deux glacières.")
    check_page(b, "board-answer-form")
    b.get_by_role("button", name="Envoyer la réponse").click()
    expect(b.get_by_role("status")).to_contain_text("Votre réponse est envoyée à Association A")
    expect(b.get_by_text("Nous passons mardi à 15 h avec deux glacières.")).to_be_visible()

    # An orientation agent reads the offer, not the answer.
    c = new_page()
    log_in(c, agent.email, PASSWORD)
    c.goto(post.get_absolute_url())
    expect(c.get_by_role("heading", name="30 kg de yaourts à date courte")).to_be_visible()
    expect(c.get_by_text("Nous passons mardi")).to_have_count(0)

    # A reads the answer and marks the offer matched with B.
    a.goto("/espace/notifications/")
    a.get_by_role("link", name=re.compile("Association B a répondu")).click()
    expect(a.get_by_text("Nous passons mardi à 15 h avec deux glacières.")).to_be_visible()
    expect(a.get_by_role("heading", name="1 réponse")).to_be_visible()
    check_page(a, "board-answer-received")
    a.get_by_label(re.compile(r"^Avec quelle association")).select_option(label="Association B")
    a.get_by_role("button", name="Marquer comme pourvue").click()
    expect(a.get_by_role("status")).to_contain_text("L'annonce est marquée pourvue")
    expect(a.get_by_text("Pourvue avec Association B")).to_be_visible()
    check_page(a, "board-matched")
    post.refresh_from_db()
    assert post.status == PostStatus.MATCHED and post.matched_with == association_b

    # On the board: gone from the open posts, found among the matched ones.
    a.goto("/coups-de-main/")
    expect(a.get_by_text("Aucune annonce ici.")).to_be_visible()
    a.get_by_label("État").select_option(label="Pourvue")
    a.get_by_role("button", name="Filtrer").click()
    expect(a.get_by_role("link", name="30 kg de yaourts à date courte")).to_be_visible()
    check_page(a, "board-list-matched")
