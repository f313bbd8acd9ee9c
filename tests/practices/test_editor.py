"""Writing practices in Wagtail's editor: who writes, edits, submits, approves; the workflow;
revisions; and bad input (image without alt text, oversized and disguised files, script)."""

import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, TaskState, WorkflowState
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from practices import bootstrap as practices_setup
from practices.models import PracticePage, Visibility
from tests.factories import make_member
from tests.practices.conftest import make_practice
from tests.utils import text
from workspace.models import Role

NO_ALT = (
    "Décrivez l'image en quelques mots pour les personnes qui ne la voient pas (texte alternatif)."
)


def add_url(index):
    return reverse("wagtailadmin_pages:add", args=["practices", "practicepage", index.pk])


def edit_url(page):
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def sheet(association, title="Ramasse partagée avec le camion du CCAS", **overrides):
    values = {
        "title": title,
        "slug": slugify(title),
        "summary": "Trois associations partagent un camion pour aller à la banque alimentaire.",
        "association": association.pk if association else "",
        "contact": "Responsable logistique",
        "start_year": "2022",
        "place": "Roubaix",
        "context": rich_text("<p>Chacune louait son camion.</p>"),
        "objectives": rich_text("<ul><li>Économiser la location</li></ul>"),
        "actions": streamfield(
            [
                ("step", {"title": "Un planning commun", "text": rich_text("<p>Mensuel.</p>")}),
                ("step", {"title": "Un chauffeur par semaine", "text": rich_text("")}),
            ]
        ),
        "attachments": streamfield([]),
        "visibility": Visibility.NETWORK,
        "licence": "cc-by-4.0",
    }
    values.update(overrides)
    return nested_form_data(values)


def form_errors(response):
    content = text(response)
    return re.findall(r'class="error-message"[^>]*>\s*<[^>]*>(.*?)<', content, re.S) or content


def png(size=(8, 6), name="photo.png"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def upload_image(client, title="Le planning au local", upload=None):
    collection = Collection.objects.get(name=practices_setup.COLLECTION)
    return client.post(
        reverse("wagtailimages:add"),
        {"title": title, "file": upload or png(), "collection": collection.pk},
    )


def task_state(page):
    return TaskState.objects.filter(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    ).get()


# --- The whole journey in the editor -------------------------------------------------------


def test_editor_writes_submits_is_sent_back_fixes_resubmits_and_is_published(
    client_for, index, editor_a, coordinator, association_a
):
    editor = client_for(editor_a)
    response = editor.post(add_url(index), {**sheet(association_a), "action-submit": "1"})
    assert response.status_code == 302, form_errors(response)
    page = PracticePage.objects.get(title="Ramasse partagée avec le camion du CCAS")
    assert not page.live
    assert page.association == association_a
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Validation des pratiques"
    # The editor cannot publish it on their own, even by asking.
    response = editor.post(edit_url(page), {**sheet(association_a), "action-publish": "1"})
    page.refresh_from_db()
    assert not page.live

    # The coordinator sends it back with a comment.
    coord = client_for(coordinator)
    review = task_state(page)
    response = coord.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "reject", review.pk]),
        {"comment": "Précisez le coût de la location évitée."},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    review.refresh_from_db()
    assert review.comment == "Précisez le coût de la location évitée."

    # The editor reads the comment in the editor, fixes and resubmits.
    editor = client_for(editor_a)
    response = editor.get(edit_url(page))
    assert response.status_code == 200
    assert "Précisez le coût de la location évitée." in text(response)
    response = editor.post(
        edit_url(page),
        {**sheet(association_a, cost="Économie de 1 200 € par an"), "action-submit": "1"},
    )
    assert response.status_code == 302, form_errors(response)
    page.refresh_from_db()
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not page.live

    # The coordinator approves: the practice is published, network-only as chosen.
    coord = client_for(coordinator)
    review = task_state(page)
    response = coord.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", review.pk]),
        {"comment": ""},
    )
    page.refresh_from_db()
    assert page.live
    assert page.cost == "Économie de 1 200 € par an"
    assert page.get_view_restrictions().exists()
    assert page.revisions.count() >= 2


def test_a_submitted_practice_waits_on_the_coordinators_workspace_home(
    client_for, index, editor_a, coordinator, association_a
):
    editor = client_for(editor_a)
    editor.post(add_url(index), {**sheet(association_a), "action-submit": "1"})
    page = PracticePage.objects.get()
    home = reverse("workspace:home")
    assert "attend votre validation" not in text(client_for(editor_a).get(home))
    coordination_home = text(client_for(coordinator).get(home))
    assert "attend votre validation" in coordination_home
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in coordination_home
    # Sent back to the editor: no longer waiting on the coordinator.
    client_for(coordinator).post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state(page).pk]
        ),
        {"comment": "Précisez le coût."},
    )
    assert "attend votre validation" not in text(client_for(coordinator).get(home))


def test_the_association_hears_when_its_practice_is_sent_back_and_when_it_is_published(
    client_for, index, editor_a, member_a, editor_b, coordinator, association_a, mailoutbox
):
    from workspace.models import Notification

    client_for(editor_a).post(add_url(index), {**sheet(association_a), "action-submit": "1"})
    page = PracticePage.objects.get()
    mailoutbox.clear()
    client_for(coordinator).post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "reject", task_state(page).pk]
        ),
        {"comment": "Précisez le coût de la location évitée."},
    )
    sent_back = Notification.objects.get(user=editor_a)
    assert sent_back.title == (
        "Modifications demandées sur votre pratique « Ramasse partagée avec le camion du CCAS »"
    )
    assert sent_back.url == edit_url(page)
    (mail,) = [m for m in mailoutbox if editor_a.email in m.to]
    assert "Précisez le coût de la location évitée." in mail.body
    assert edit_url(page) in mail.body
    # Only the authoring association's editors: not its members, not others, not the reviewer.
    # (The coordination heard of the submit itself: "practice_submitted".)
    for person in (member_a, editor_b, coordinator):
        assert (
            not Notification.objects.filter(user=person)
            .exclude(event__kind="practice_submitted")
            .exists()
        )

    client_for(editor_a).post(
        edit_url(page), {**sheet(association_a, cost="1 200 € par an"), "action-submit": "1"}
    )
    mailoutbox.clear()
    client_for(coordinator).post(
        reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state(page).pk]
        ),
        {"comment": ""},
    )
    page.refresh_from_db()
    assert page.live
    # Wagtail's own "approved" / "rejected" e-mails are not sent for practices (ours are),
    # and still are for other pages.
    from practices.mail import WAGTAIL_NOTIFIERS

    state = page.workflow_states.latest("pk")
    assert not any(notifier.can_handle(state) for _, notifier, _ in WAGTAIL_NOTIFIERS)
    other = WorkflowState(content_type=ContentType.objects.get_for_model(Page))
    assert all(notifier.can_handle(other) for _, notifier, _ in WAGTAIL_NOTIFIERS)
    published = Notification.objects.filter(user=editor_a).latest("pk")
    assert (
        published.title == "Votre pratique « Ramasse partagée avec le camion du CCAS » est publiée"
    )
    assert published.url == page.url
    assert [m.subject for m in mailoutbox if editor_a.email in m.to] == [
        "[Entraide] Votre pratique « Ramasse partagée avec le camion du CCAS » est publiée"
    ]


def test_published_practice_keeps_its_revisions(client_for, index, editor_a, association_a):
    page = make_practice(index, association_a)
    page.summary = "Nouveau résumé"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.revisions.count() == 2
    client = client_for(editor_a)
    response = client.get(reverse("wagtailadmin_pages:history", args=[page.pk]))
    assert response.status_code == 200
    assert page.permissions_for_user(editor_a).can_view_revisions()


# --- Who writes, edits, submits, approves ------------------------------------------------------


def test_two_editors_of_one_association_edit_each_others_practice(
    client_for, index, editor_a, association_a
):
    colleague = make_member(association_a, Role.EDITOR, email="editrice2@a.exemple.org")
    client = client_for(editor_a)
    response = client.post(add_url(index), sheet(association_a))
    assert response.status_code == 302, form_errors(response)
    page = PracticePage.objects.get(title="Ramasse partagée avec le camion du CCAS")
    assert page.owner == editor_a
    client = client_for(colleague)
    assert client.get(edit_url(page)).status_code == 200
    response = client.post(
        edit_url(page), {**sheet(association_a, contact="Camille"), "action-submit": "1"}
    )
    assert response.status_code == 302, form_errors(response)
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().contact == "Camille"
    assert page.permissions_for_user(colleague).can_submit_for_moderation() is False  # in review


@pytest.mark.parametrize(
    "role, can_add, can_edit",
    [
        ("editor_a", True, True),
        ("editor_b", True, False),
        ("member_a", False, False),
        ("agent", False, False),
        ("coordinator", True, True),
    ],
)
def test_who_may_write_and_edit_in_the_editor(
    people, client_for, index, association_a, role, can_add, can_edit
):
    page = make_practice(index, association_a)
    user = people[role]
    client = client_for(user)
    add = client.get(add_url(index))
    edit = client.get(edit_url(page))
    if can_add:
        assert add.status_code == 200
    else:
        assert add.status_code in (302, 403)
    if can_edit:
        assert edit.status_code == 200
    else:
        assert edit.status_code in (302, 403)
    tester = page.permissions_for_user(user)
    assert tester.can_edit() is can_edit
    assert tester.can_publish() is (role == "coordinator")
    assert tester.can_submit_for_moderation() is can_edit
    assert tester.can_set_view_restrictions() is False


def test_another_associations_draft_is_not_listed_in_the_admin(
    client_for, index, association_a, editor_a, editor_b, coordinator
):
    """The explorer, its menu and the page chooser list only the drafts one may edit."""
    make_practice(index, association_a, title="Brouillon de A", publish=False, user=editor_a)
    make_practice(index, association_a, title="Pratique publiée de A", user=editor_a)
    urls = [
        reverse("wagtailadmin_explore", args=[index.pk]),
        reverse("wagtailadmin_api:pages:listing") + f"?child_of={index.pk}&for_explorer=1",
        reverse("wagtailadmin_choose_page_child", args=[index.pk]),
        reverse("wagtailadmin_choose_page_search") + "?q=Brouillon",
    ]
    for user, sees_draft in ((editor_b, False), (editor_a, True), (coordinator, True)):
        client = client_for(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert ("Brouillon de A" in text(response)) is sees_draft, (user.email, url)
        listing = text(client.get(urls[0]))
        assert "Pratique publiée de A" in listing


def test_anonymous_is_sent_to_the_admin_login(client, index):
    response = client.get(add_url(index))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_editor_writes_only_for_their_own_association(
    client_for, index, editor_a, association_a, association_b
):
    client = client_for(editor_a)
    response = client.get(add_url(index))
    select = re.search(
        r'<select[^>]*name="association".*?</select>', response.content.decode(), re.S
    ).group(0)
    options = re.findall(r'<option value="(\d+)"', select)
    assert options == [str(association_a.pk)]
    response = client.post(add_url(index), sheet(association_b))
    assert response.status_code == 200
    assert not PracticePage.objects.filter(title="Ramasse partagée avec le camion du CCAS").exists()


def test_only_the_coordinator_publishes_or_approves(
    client_for, people, index, editor_a, association_a
):
    client = client_for(editor_a)
    response = client.post(add_url(index), {**sheet(association_a), "action-publish": "1"})
    page = PracticePage.objects.get(title="Ramasse partagée avec le camion du CCAS")
    assert not page.live
    client.post(edit_url(page), {**sheet(association_a), "action-submit": "1"})
    review = task_state(page)
    for role in ("anonymous", "member_a", "editor_a", "member_b", "editor_b", "agent"):
        client = client_for(people[role])
        response = client.post(
            reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", review.pk]),
            {"comment": ""},
        )
        assert response.status_code in (302, 403)
        page.refresh_from_db()
        assert not page.live


def test_editors_are_in_the_writers_group_only_while_editors(association_a):
    from django.contrib.auth.models import Group

    from workspace.services import memberships as services

    editor = make_member(association_a, Role.EDITOR, email="e@a.exemple.org")
    writers = Group.objects.get(name=practices_setup.WRITERS)
    assert editor.groups.filter(pk=writers.pk).exists()
    assert editor.has_perm("wagtailadmin.access_admin")
    membership = editor.memberships.get()
    services.change_role(membership, Role.MEMBER)
    assert not editor.groups.filter(pk=writers.pk).exists()
    services.change_role(membership, Role.EDITOR)
    services.end_membership(membership, None)
    assert not editor.groups.filter(pk=writers.pk).exists()


# --- Bad input ----------------------------------------------------------------------------


def test_image_without_alt_text_is_refused_and_the_sheet_is_kept(
    client_for, index, editor_a, association_a
):
    client = client_for(editor_a)
    assert upload_image(client).status_code == 302
    picture = get_image_model().objects.get(title="Le planning au local")
    data = sheet(
        association_a,
        attachments=streamfield(
            [("image", {"image": picture.pk, "alt": "  ", "caption": "Au local"})]
        ),
    )
    response = client.post(add_url(index), data)
    assert response.status_code == 200
    errors = response.context["form"].errors["attachments"].data[0].as_json_data()
    assert errors["blockErrors"][0]["blockErrors"]["alt"]["messages"] == [NO_ALT]
    assert "Ramasse partagée avec le camion du CCAS" in text(response)  # kept
    assert not PracticePage.objects.filter(title="Ramasse partagée avec le camion du CCAS").exists()
    data = sheet(
        association_a,
        attachments=streamfield(
            [("image", {"image": picture.pk, "alt": "Planning papier au mur", "caption": ""})]
        ),
    )
    response = client.post(add_url(index), data)
    assert response.status_code == 302, form_errors(response)
    page = PracticePage.objects.get(title="Ramasse partagée avec le camion du CCAS")
    value = page.get_latest_revision_as_object().images[0]
    assert value["alt"] == "Planning papier au mur"


def test_fifty_megabyte_files_are_refused_in_french(client_for, index, editor_a):
    client = client_for(editor_a)
    header = png().read()
    big = SimpleUploadedFile("grande.png", header + b"\0" * (50 * 1024 * 1024), "image/png")
    response = upload_image(client, "Trop grande", big)
    assert response.status_code == 200
    assert "Ce fichier est trop gros (50,0" in text(response)
    assert not get_image_model().objects.filter(title="Trop grande").exists()
    collection = Collection.objects.get(name=practices_setup.COLLECTION)
    pdf = SimpleUploadedFile("gros.pdf", b"%PDF-1.4\n" + b"0" * (50 * 1024 * 1024))
    response = client.post(
        reverse("wagtaildocs:add"),
        {"title": "Gros rapport", "file": pdf, "collection": collection.pk},
    )
    assert response.status_code == 200
    assert "Ce fichier est trop gros (50,0" in text(response)
    assert not get_document_model().objects.filter(title="Gros rapport").exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("rapport.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),  # a program
        ("tableau.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + b"0" * 200),  # a PDF
        ("notes.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200),  # a picture
    ],
)
def test_a_document_that_is_not_what_its_name_says_is_refused(
    client_for, index, editor_a, name, content
):
    client = client_for(editor_a)
    collection = Collection.objects.get(name=practices_setup.COLLECTION)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Document",
            "file": SimpleUploadedFile(name, content),
            "collection": collection.pk,
        },
    )
    assert response.status_code == 200
    extension = name.rsplit(".", 1)[1]
    assert f"Le nom du fichier indique .{extension}" in text(response)
    assert not get_document_model().objects.exists()


def test_a_real_document_is_accepted(client_for, index, editor_a):
    client = client_for(editor_a)
    collection = Collection.objects.get(name=practices_setup.COLLECTION)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    for name, content in (("fiche.pdf", pdf), ("liste.csv", "nom;quantité\nlait;12\n".encode())):
        response = client.post(
            reverse("wagtaildocs:add"),
            {"title": name, "file": SimpleUploadedFile(name, content), "collection": collection.pk},
        )
        assert response.status_code == 302, text(response)[:2000]
    assert get_document_model().objects.count() == 2


def test_an_image_that_is_not_what_its_name_says_is_refused(client_for, index, editor_a):
    client = client_for(editor_a)
    response = upload_image(client, "Fausse", png(name="photo.jpg"))
    assert response.status_code == 200
    assert "Image .jpeg non valide" in text(response)
    response = upload_image(
        client, "Pas une image", SimpleUploadedFile("photo.png", b"<script>alert(1)</script>")
    )
    assert response.status_code == 200
    assert not get_image_model().objects.exists()


def test_script_in_rich_text_is_removed(client, index, association_a):
    page = make_practice(
        index,
        association_a,
        context='<p>Avant<script>alert("x")</script> après<img src=x onerror="alert(1)"></p>',
        actions=[
            {
                "type": "step",
                "value": {
                    "title": "Étape",
                    "text": '<p onclick="alert(2)">Texte<script>alert(3)</script>'
                    '<a href="javascript:alert(4)">lien</a></p>',
                },
            }
        ],
    )
    page.refresh_from_db()
    stored = page.context + str(page.actions.raw_data[0]["value"]["text"])
    for bad in ("<script", "alert", "onerror", "onclick", "javascript:"):
        assert bad not in stored
    assert "Avant" in page.context and "après" in page.context
    response = client.get(page.url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "alert(" not in content and "javascript:" not in content
    assert "Texte" in content


def test_script_typed_in_the_editor_stays_plain_text(client_for, index, editor_a, association_a):
    client = client_for(editor_a)
    data = sheet(association_a, context=rich_text("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"))
    response = client.post(add_url(index), data)
    assert response.status_code == 302, form_errors(response)
    page = PracticePage.objects.get(title="Ramasse partagée avec le camion du CCAS")
    revision = page.get_latest_revision_as_object()
    assert "<script" not in revision.context
    revision.save_revision().publish()
    response = client_for(None).get(page.url)
    assert "<script>alert(1)" not in response.content.decode()


def test_editor_previews_a_draft_before_submitting(client_for, index, editor_a, association_a):
    client = client_for(editor_a)
    url = reverse("wagtailadmin_pages:preview_on_add", args=["practices", "practicepage", index.pk])
    response = client.post(url, sheet(association_a))
    assert response.status_code == 200 and response.json()["is_valid"] is True
    response = client.get(url)
    assert response.status_code == 200
    content = text(response)
    assert "Aperçu : voici comment les lecteurs verront la pratique une fois publiée." in content
    assert "Ramasse partagée avec le camion du CCAS" in content
    assert "Un planning commun" in content
    assert not PracticePage.objects.exists()
    # And the preview of a saved draft, from the edit view.
    client.post(add_url(index), sheet(association_a))
    page = PracticePage.objects.get()
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert client.post(url, sheet(association_a, summary="Autre résumé")).json()["is_valid"]
    assert "Autre résumé" in text(client.get(url))


def test_sections_left_empty_in_the_editor_are_not_shown(
    client_for, index, editor_a, association_a
):
    client = client_for(editor_a)
    data = sheet(association_a, objectives=rich_text(""), difficulties=rich_text("<p></p>"))
    assert client.post(add_url(index), data).status_code == 302
    page = PracticePage.objects.get()
    page.refresh_from_db()
    assert page.objectives == "" and page.difficulties == ""
    page.save_revision().publish()
    content = text(client.get(page.url))
    assert "Contexte et constat" in content
    assert "Objectifs" not in content and "Difficultés rencontrées" not in content


@pytest.mark.parametrize("slug_typed", ["", "from-the-title"])
def test_the_address_is_made_from_the_plain_title(
    client_for, index, editor_a, association_a, slug_typed
):
    title = "<b>Lait</b> infantile <em>partagé</em>"
    data = sheet(association_a, title=title)
    data["slug"] = slugify(title) if slug_typed else ""
    response = client_for(editor_a).post(add_url(index), data)
    assert response.status_code == 302, form_errors(response)
    page = PracticePage.objects.get(title=title)
    assert page.slug == "lait-infantile-partage"


def test_an_address_typed_by_the_editor_is_kept(client_for, index, editor_a, association_a):
    data = sheet(association_a, title="<b>Lait</b> infantile")
    data["slug"] = "lait-bebe"
    response = client_for(editor_a).post(add_url(index), data)
    assert response.status_code == 302, form_errors(response)
    assert PracticePage.objects.get(slug="lait-bebe")
