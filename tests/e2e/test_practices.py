"""Journey of the good-practice library: an editor writes a practice with an image in Wagtail's
editor and submits it; the coordinator sends it back with a comment; the editor fixes and
resubmits; the coordinator approves and it is published; an editor of another association
says "we do this too" and asks a question; the author answers."""

import io
import re

from PIL import Image as PILImage
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from practices import bootstrap as practices_setup
from practices.models import Adoption, PracticePage
from tests.e2e.conftest import check_accessibility, check_page, log_in, screenshot
from tests.factories import PASSWORD

TITLE = "Une ramasse partagée avec le camion du CCAS"
COMMENT = "Merci ! Précisez le coût évité chaque mois, s'il vous plaît."


def png_bytes():
    buffer = io.BytesIO()
    image = PILImage.new("RGB", (320, 200), (240, 240, 240))
    for x in range(40, 280):
        for y in range(60, 140):
            image.putpixel((x, y), (11, 79, 108))
    image.save(buffer, "PNG")
    return buffer.getvalue()


def open_more_actions(page):
    page.get_by_role("button", name="Plus d'actions").click()


def assert_thumbnail_loads(page, attachments):
    """The chooser's thumbnail comes through the permission-checked address of stored files."""
    thumbnail = attachments.locator("img[data-chooser-image]").first
    expect(thumbnail).to_have_attribute("src", re.compile(r"^/fichiers/images/"))
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )


def test_practice_from_editor_to_review_to_adoption_and_question(
    new_page, coordinator, editor_a, editor_b, association_a, association_b, tmp_path, mailoutbox
):
    practices_setup.ensure_all()
    picture = tmp_path / "camion.png"
    picture.write_bytes(png_bytes())

    # 1. The editor of association A writes the practice with an image, and submits it.
    editor = new_page()
    # Wagtail's editor is heavy on a small machine: give its pages more time.
    editor.set_default_timeout(30_000)
    log_in(editor, editor_a.email, PASSWORD)
    editor.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Pratiques"
    ).click()
    editor.wait_for_url("**/pratiques/")
    check_page(editor, "practices-index-editor")
    editor.get_by_role("link", name="Rédiger une pratique").click()
    expect(editor.locator("#id_title")).to_be_visible()
    check_accessibility(editor, "practice-editor-new")
    editor.locator("#id_title").fill(TITLE)
    editor.locator("#id_summary").fill(
        "Trois associations partagent le camion du CCAS pour aller à la banque alimentaire."
    )
    editor.locator("#id_start_year").fill("2023")
    context = editor.locator('[data-contentpath="context"] [contenteditable="true"]')
    context.click()
    context.type("Chaque association louait un camion une fois par semaine.")
    # The image, uploaded from the block's chooser, with its alternative text.
    attachments = editor.locator('[data-contentpath="attachments"]')
    attachments.get_by_role("button", name="Insérer un bloc").first.click()
    editor.get_by_role("option", name="Image").click()
    attachments.get_by_role("button", name="Choisir une image").click()
    modal = editor.locator(".modal-dialog")
    expect(modal.get_by_role("tab", name="Transférer")).to_be_visible(timeout=30_000)
    modal.get_by_role("tab", name="Transférer").click()
    modal.locator('input[type="file"]').set_input_files(str(picture))
    modal.locator("#id_image-chooser-upload-title").fill("Le camion devant la banque alimentaire")
    modal.get_by_role("button", name="Transférer").click()
    expect(modal).to_be_hidden(timeout=20_000)
    assert_thumbnail_loads(editor, attachments)
    alt = attachments.get_by_label(re.compile("^Texte alternatif"))
    alt.fill("Le camion frigorifique garé devant la banque alimentaire")
    open_more_actions(editor)
    editor.get_by_role("button", name="Envoyer au coordinateur pour relecture").click()
    # The editor lands on a page of the site that says what happens next and who answers.
    expect(
        editor.get_by_role("heading", name="Pratique envoyée au coordinateur pour relecture")
    ).to_be_visible(timeout=20_000)
    expect(editor.locator(".messages")).to_contain_text(
        "Pratique envoyée au coordinateur pour relecture"
    )
    expect(editor.get_by_text(coordinator.get_full_name(), exact=False).first).to_be_visible()
    check_page(editor, "practice-submitted")
    practice = PracticePage.objects.get(title=TITLE)
    assert not practice.live and practice.association_id == association_a.pk

    # 2. The coordinator sends it back with a comment.
    coord = new_page()
    coord.set_default_timeout(30_000)
    log_in(coord, coordinator.email, PASSWORD)
    coord.goto(f"/admin/pages/{practice.pk}/edit/")
    expect(coord.locator("#id_title")).to_have_value(TITLE)
    assert_thumbnail_loads(coord, coord.locator('[data-contentpath="attachments"]'))
    check_accessibility(coord, "practice-editor-review")
    open_more_actions(coord)
    coord.get_by_role("button", name="Demander des modifications").click()
    dialog = coord.locator(".modal-dialog")
    dialog.get_by_label("Commenter").fill(COMMENT)
    dialog.get_by_role("button", name=re.compile("Demander des modifications")).click()
    expect(coord.locator(".messages")).to_contain_text("mise à jour", timeout=20_000)
    practice.refresh_from_db()
    assert practice.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES

    # 3. The editor reads the comment, fixes the sheet and resubmits it.
    editor.goto(f"/admin/pages/{practice.pk}/edit/")
    editor.get_by_role("button", name="Afficher/masquer le statut").click()
    expect(editor.get_by_text("Modifications demandées").first).to_be_visible(timeout=20_000)
    editor.get_by_role("button", name="Voir les détails").click()
    expect(editor.get_by_text(COMMENT)).to_be_visible(timeout=20_000)
    editor.screenshot(path="/tmp/status.png")
    editor.keyboard.press("Escape")
    editor.locator("#id_cost").fill("Environ 150 € de location évités par mois")
    open_more_actions(editor)
    editor.get_by_role("button", name="Renvoyer au coordinateur pour relecture").click()
    expect(
        editor.get_by_role("heading", name="Pratique envoyée au coordinateur pour relecture")
    ).to_be_visible(timeout=20_000)

    # 4. The coordinator approves: the practice is published.
    coord.goto(f"/admin/pages/{practice.pk}/edit/")
    open_more_actions(coord)
    coord.get_by_role("button", name="Approuver et Publier", exact=True).click()
    expect(coord.locator(".messages")).to_be_visible(timeout=20_000)
    coord.wait_for_load_state("networkidle")
    practice.refresh_from_db()
    assert practice.live
    assert practice.cost == "Environ 150 € de location évités par mois"

    # 5. An editor of association B reads it, says "we do this too" and asks a question.
    other = new_page()
    log_in(other, editor_b.email, PASSWORD)
    other.goto("/pratiques/")
    other.get_by_role("link", name=TITLE).click()
    expect(other.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(
        other.get_by_role("img", name="Le camion frigorifique garé devant la banque alimentaire")
    ).to_be_visible()
    check_page(other, "practice-page-reader")
    other.get_by_label("Nous le faisons aussi").check()
    other.get_by_label(re.compile("^Courte note")).fill("Nous faisons pareil avec l'Alma.")
    other.get_by_role("button", name="Le dire au réseau").click()
    expect(other.get_by_role("status")).to_contain_text("a adopté cette pratique")
    expect(other.locator("#adoptions-title")).to_have_text("Adoptée par 1 association")
    other.get_by_label("Votre question ou votre réponse").fill(
        "Qui conduit le camion : un bénévole de chaque association ?"
    )
    other.get_by_role("button", name="Poser la question").click()
    expect(other.get_by_role("status")).to_contain_text("Votre message est publié.")
    check_page(other, "practice-page-question")
    assert Adoption.objects.filter(practice=practice, association=association_b).exists()
    # The author hears of it in the notification centre (by e-mail in the daily digest).
    from workspace.models import Notification

    assert Notification.objects.filter(user=editor_a, title__contains="Nouvelle question").exists()

    # 6. The author answers.
    editor.goto(practice.url)
    # "Répondre" moves the page's one form under the question (JavaScript on).
    editor.get_by_role("link", name=re.compile("^Répondre")).first.click()
    expect(editor.locator(".comment-list form[data-comment-form]")).to_be_visible()
    expect(editor.locator("[data-replying-to-text]")).to_contain_text("Votre réponse à")
    editor.get_by_label("Votre question ou votre réponse").fill(
        "Oui, à tour de rôle ; le planning est affiché."
    )
    editor.get_by_role("button", name="Envoyer la réponse").click()
    expect(editor.get_by_role("status")).to_contain_text("Votre message est publié.")
    expect(editor.locator(".comment-replies")).to_contain_text("à tour de rôle")
    check_page(editor, "practice-page-answered")
    assert Notification.objects.filter(user=editor_b, title__contains="Nouvelle réponse").exists()
    editor.set_viewport_size({"width": 360, "height": 800})
    screenshot(editor, "practice-page-360")


def test_anonymous_visitor_reads_public_practices_only(new_page, association_a):
    from practices.models import Visibility
    from tests.practices.conftest import make_practice

    index = practices_setup.ensure_all()
    make_practice(index, association_a, title="Un planning partagé des bénévoles")
    make_practice(
        index, association_a, title="Accueil sans justificatif", visibility=Visibility.NETWORK
    )
    page = new_page(width=360)
    page.goto("/pratiques/")
    expect(page.get_by_role("link", name="Un planning partagé des bénévoles")).to_be_visible()
    expect(page.get_by_text("Accueil sans justificatif")).to_have_count(0)
    check_page(page, "practices-index-anonymous")
    page.get_by_label("Mots").fill("benevoles")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text("1 pratique pour « benevoles »")).to_be_visible()
    page.get_by_role("link", name="Un planning partagé des bénévoles").click()
    check_page(page, "practice-page-anonymous")
    response = page.goto("/pratiques/accueil-sans-justificatif/")
    assert response.status == 404
