"""Private files stay private: no folder is served, stored names are random, and every
address of a file (its own view, ``MEDIA_URL`` + stored name, Wagtail's ``/documents/``,
the old ``/media/``) asks the permission module and carries the file headers."""

import io
import re

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import TestCase
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.blocks import RichTextBlock, StreamBlock
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Collection

from entraide import files
from practices import bootstrap as practices_setup
from practices.models import Visibility
from tests.factories import make_topic
from tests.practices.conftest import make_practice
from tests.utils import text
from workspace.models import Topic, TopicAttachment

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RANDOM = re.compile(r"^[A-Za-z0-9_-]{24}(\.[a-z0-9]+)?$")
OUTSIDERS = ["anonymous", "member_b", "agent"]


@pytest.fixture
def index(db):
    return practices_setup.ensure_all()


def png_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (20, 120, 20)).save(buffer, "PNG")
    return buffer.getvalue()


def body(response):
    # Read to the end, the test client then closes the file (as the server would).
    return b"".join(response.streaming_content)


def basename(name):
    return name.rsplit("/", 1)[-1]


def assert_private_file(response, disposition="attachment", cache=files.PRIVATE):
    assert response.status_code == 200
    assert response["Cache-Control"] == cache
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith(disposition)
    body(response)


def assert_not_served(client, url):
    response = client.get(url)
    assert response.status_code == 404, (url, response.status_code)


# --- No folder is served --------------------------------------------------------------


def callbacks(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from callbacks(pattern.url_patterns)
        else:
            yield pattern.callback


@pytest.mark.parametrize("debug", [False, True])
def test_no_route_serves_the_media_folder_in_debug_or_not(settings, debug):
    import importlib

    from django.urls import clear_url_caches
    from django.views import static

    import entraide.urls

    settings.DEBUG = debug
    try:
        found = list(callbacks(importlib.reload(entraide.urls).urlpatterns))
    finally:
        settings.DEBUG = False
        importlib.reload(entraide.urls)
        clear_url_caches()
    assert files.serve_stored in found
    assert static.serve not in found


# --- Stored names ---------------------------------------------------------------------


def test_every_file_field_stores_under_random_names():
    """Any file field of any model, now and later, goes through the private storage."""
    fields = [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.FileField)
    ]
    assert {f"{m._meta.label}.{f.name}" for m, f in fields} >= {
        "workspace.TopicAttachment.file",
        "wagtaildocs.Document.file",
        "wagtailimages.Image.file",
        "wagtailimages.Rendition.file",
    }
    for model, field in fields:
        assert isinstance(field.storage, files.PrivateStorage), model


def test_random_names_keep_the_folder_and_the_extension_only():
    first = files.random_name("topics/2026/12/Compte rendu Martin.PDF")
    second = files.random_name("topics/2026/12/Compte rendu Martin.PDF")
    assert first != second
    assert first.startswith("topics/2026/12/") and first.endswith(".pdf")
    assert RANDOM.match(basename(first)) and "Martin" not in first
    assert RANDOM.match(basename(files.random_name("documents/sans extension")))
    odd = basename(files.random_name("documents/x.<script>"))
    assert RANDOM.match(odd) and "." not in odd


def test_uploads_get_random_stored_names_and_keep_their_names_for_people(
    client_for, index, member_a, editor_a, meeting
):
    client = client_for(member_a)
    response = client.post(
        reverse("meetings:propose"),
        {
            "title": "Les familles Martin",
            "description": "Deux familles à accompagner.",
            "kind": "discussion",
            "estimated_minutes": 10,
            "attachments": SimpleUploadedFile("Famille Martin.pdf", PDF),
        },
    )
    assert response.status_code == 302, text(response)[:2000]
    attachment = TopicAttachment.objects.get()
    assert attachment.name == "Famille Martin.pdf"
    assert attachment.file.name.startswith("topics/") and "Martin" not in attachment.file.name
    assert RANDOM.match(basename(attachment.file.name))
    response = client.get(reverse("meetings:attachment", args=[attachment.topic_id, attachment.pk]))
    assert 'filename="Famille Martin.pdf"' in response["Content-Disposition"]
    body(response)

    client = client_for(editor_a)
    collection = Collection.objects.get(name=practices_setup.COLLECTION)
    response = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Planning Martin",
            "file": SimpleUploadedFile("planning-martin.pdf", PDF),
            "collection": collection.pk,
        },
    )
    assert response.status_code == 302, text(response)[:2000]
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Photo Martin",
            "file": SimpleUploadedFile("photo-martin.png", png_bytes(), "image/png"),
            "collection": collection.pk,
        },
    )
    assert response.status_code == 302, text(response)[:2000]
    document = get_document_model().objects.get()
    picture = get_image_model().objects.get()
    rendition = picture.get_rendition("max-165x165")
    for stored, folder in (
        (document.file.name, "documents/"),
        (picture.file.name, "original_images/"),
        (rendition.file.name, "images/"),
    ):
        assert stored.startswith(folder) and "martin" not in stored.lower(), stored
        assert RANDOM.match(basename(stored)), stored
    # The download carries the title as its name.
    assert_document_served(client, document)


def test_files_stored_before_get_random_names(db, member_a, association_a):
    """What the migration 0003_random_file_names does to existing files."""
    topic = make_topic(association_a, member_a, title="Ancien sujet")
    old = default_storage.save("topics/2025/01/Famille Martin.pdf", ContentFile(PDF))
    assert old == "topics/2025/01/Famille Martin.pdf"
    attachment = TopicAttachment.objects.create(
        topic=topic, file=old, name="Famille Martin.pdf", content_type="application/pdf", size=1
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert files.rename_stored_files(TopicAttachment.objects.all()) == 1
    attachment.refresh_from_db()
    assert attachment.file.name.startswith("topics/2025/01/")
    assert RANDOM.match(basename(attachment.file.name))
    assert attachment.name == "Famille Martin.pdf"
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF
    assert not default_storage.exists(old)


# --- A private proposal's attachment -------------------------------------------------------


@pytest.fixture
def private_attachment(member_a, association_a, meeting):
    topic = make_topic(association_a, member_a, meeting=meeting, title="Situation d'une famille")
    assert not topic.is_network_visible
    return TopicAttachment.objects.create(
        topic=topic,
        file=ContentFile(PDF, name="Situation famille Martin.pdf"),
        name="Situation famille Martin.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=member_a,
    )


def attachment_addresses(attachment):
    stored = attachment.file.name
    return [
        reverse("meetings:attachment", args=[attachment.topic_id, attachment.pk]),
        f"/fichiers/{stored}",
        f"/media/{stored}",
        "/media/topics/" + "/".join(stored.split("/")[1:-1]) + "/Situation famille Martin.pdf",
    ]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_a_private_proposals_attachment_is_served_to_no_outsider(
    client_for, people, private_attachment, who
):
    client = client_for(people[who])
    view, *others = attachment_addresses(private_attachment)
    # Every address answers 404, to the anonymous visitor too (a file is no page to log in to).
    assert client.get(view).status_code == 404
    for url in others:
        assert_not_served(client, url)


@pytest.mark.parametrize("who", ["member_a", "coordinator"])
def test_a_private_proposals_attachment_is_served_to_its_association_with_the_headers(
    client_for, people, private_attachment, who
):
    client = client_for(people[who])
    view, stored, media, original = attachment_addresses(private_attachment)
    response = client.get(view)
    assert response["Content-Type"] == "application/pdf"
    assert "Situation famille Martin.pdf" in response["Content-Disposition"]
    assert_private_file(response)
    # Its only address is its topic's.
    for url in (stored, media, original):
        assert_not_served(client, url)


def test_an_accepted_topics_attachment_follows_the_topic(
    client_for, coordinator, member_b, private_attachment
):
    from workspace.services import topics as topic_services

    topic = Topic.objects.get(pk=private_attachment.topic_id)
    topic_services.accept_topic(topic, coordinator, topic.meeting)
    response = client_for(member_b).get(
        reverse("meetings:attachment", args=[topic.pk, private_attachment.pk])
    )
    assert_private_file(response)


# --- Practices' documents and images ---------------------------------------------------------


@pytest.fixture
def uploads(index):
    """A document and an image in the practices' collection, uploaded by someone who left
    (so that nobody reads them as their uploader)."""
    collection = Collection.objects.get(name=practices_setup.COLLECTION)
    document = get_document_model().objects.create(
        title="Planning des familles",
        file=ContentFile(PDF, name="planning-familles.pdf"),
        collection=collection,
    )
    picture = get_image_model().objects.create(
        title="Photo du local",
        file=ContentFile(png_bytes(), name="photo-local.png"),
        collection=collection,
    )
    return document, picture


def attached(document, picture):
    return [
        {"type": "image", "value": {"image": picture.pk, "alt": "Le local", "caption": ""}},
        {"type": "document", "value": {"document": document.pk, "title": ""}},
    ]


def wagtail_address(document):
    return reverse("wagtaildocs_serve", args=[document.pk, document.filename])


def assert_document_served(client, document, cache=files.PRIVATE):
    """Wagtail's address checks who asks, then sends to the stored address, which answers."""
    response = client.get(wagtail_address(document))
    assert response.status_code == 302 and response["Location"] == document.url
    assert document.url == f"/fichiers/{document.file.name}"
    response = client.get(document.url)
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{document.title}.pdf"' in response["Content-Disposition"]
    assert_private_file(response, cache=cache)


def addresses(practice, document, picture):
    rendition = picture.get_rendition("max-165x165")
    return {
        "practice document": reverse("practices:document", args=[practice.pk, document.pk]),
        "practice image": reverse("practices:image", args=[practice.pk, picture.pk, "vignette"]),
        "wagtail document": wagtail_address(document),
        "stored document": document.url,
        "stored image": f"/fichiers/{picture.file.name}",
        "rendition": rendition.url,
        "media document": f"/media/{document.file.name}",
        "media image": f"/media/{picture.file.name}",
        "media rendition": f"/media/{rendition.file.name}",
    }


@pytest.fixture
def draft_practice(index, association_a, editor_a, uploads):
    document, picture = uploads
    return make_practice(
        index,
        association_a,
        title="Brouillon de A",
        publish=False,
        user=editor_a,
        attachments=attached(document, picture),
    )


@pytest.mark.parametrize("who", OUTSIDERS)
def test_a_draft_practices_documents_and_images_are_served_to_no_outsider(
    client_for, people, draft_practice, uploads, who
):
    client = client_for(people[who])
    for url in addresses(draft_practice, *uploads).values():
        assert_not_served(client, url)


@pytest.mark.parametrize("who", ["editor_a", "coordinator"])
def test_a_draft_practices_files_are_served_to_its_editors_and_the_coordination(
    client_for, people, draft_practice, uploads, who
):
    document, picture = uploads
    client = client_for(people[who])
    urls = addresses(draft_practice, document, picture)
    # Not published: the practice's own addresses do not exist yet.
    assert_not_served(client, urls["practice document"])
    assert_not_served(client, urls["practice image"])
    assert_document_served(client, document)
    for key in ("stored image", "rendition"):
        response = client.get(urls[key])
        assert response["Content-Type"] == "image/png"
        assert_private_file(response, "inline", files.PRIVATE_IMAGE)
    for key in ("media document", "media image", "media rendition"):
        assert_not_served(client, urls[key])


def test_a_draft_document_is_not_for_another_associations_editor_even_a_writer(
    client_for, editor_b, editor_a, association_a, index, draft_practice, uploads
):
    document, picture = uploads
    # The draft of a practice already published: its new document is the editors' only.
    published = make_practice(index, association_a, title="Publiée", user=editor_a)
    draft = published.get_latest_revision_as_object()
    draft.attachments = attached(document, picture)
    draft.save_revision(user=editor_a)
    draft_practice.delete()  # only the published practice's draft attaches them now
    for outsider in (None, editor_b):
        client = client_for(outsider)
        assert_not_served(client, wagtail_address(document))
        assert_not_served(client, document.url)
        assert_not_served(client, reverse("practices:document", args=[published.pk, document.pk]))
    # Nor its image: B's editor does not find it in Wagtail's chooser, nor its thumbnail.
    rendition = picture.get_rendition("max-165x165")
    assert_not_served(client_for(editor_b), rendition.url)
    assert_private_file(client_for(editor_a).get(rendition.url), "inline", files.PRIVATE_IMAGE)
    assert_document_served(client_for(editor_a), document)


def test_the_choosers_show_a_writer_their_associations_files_and_published_ones(
    client_for, editor_a, editor_b, coordinator, association_a, index, uploads
):
    """Another association's draft files are not offered in Wagtail's choosers."""
    document, picture = uploads
    for obj in (document, picture):
        obj.uploaded_by_user = editor_a  # uploaded by A's editor, for A's draft
        obj.save()

    def offered(user, url_name, obj):
        page = client_for(user).get(reverse(url_name))
        assert page.status_code == 200
        return obj.title in page.content.decode()

    for url_name, obj in (
        ("wagtailimages_chooser:choose", picture),
        ("wagtaildocs_chooser:choose", document),
    ):
        assert offered(editor_a, url_name, obj)
        assert offered(coordinator, url_name, obj)
        assert not offered(editor_b, url_name, obj)
    # Once a published practice attaches them, every writer may use them.
    make_practice(
        index,
        association_a,
        title="Publiée",
        user=editor_a,
        attachments=attached(document, picture),
    )
    assert offered(editor_b, "wagtailimages_chooser:choose", picture)
    assert offered(editor_b, "wagtaildocs_chooser:choose", document)


def test_an_image_outside_the_writers_collection_is_shown_to_the_drafts_editors(
    client_for, index, association_a, editor_a, editor_b, uploads
):
    """The coordination attached an image of its own collection to A's draft: A's editors
    see it in their preview, although they may not choose it."""
    document, _picture = uploads
    picture = get_image_model().objects.create(
        title="Logo du CCAS", file=ContentFile(png_bytes(), name="logo.png")
    )
    assert picture.collection.is_root()
    draft = make_practice(
        index,
        association_a,
        title="Brouillon",
        publish=False,
        user=editor_a,
        attachments=attached(document, picture),
    )
    rendition = picture.get_rendition("max-480x360")
    assert_private_file(client_for(editor_a).get(rendition.url), "inline", files.PRIVATE_IMAGE)
    assert_not_served(client_for(editor_b), rendition.url)
    # Published, it is for the practice's readers (public here).
    draft.get_latest_revision().publish()
    assert_private_file(client_for(None).get(rendition.url), "inline", files.PRIVATE_IMAGE)


def test_a_network_only_practices_files_follow_its_readers(
    client_for, index, association_a, editor_a, member_b, agent, uploads
):
    document, picture = uploads
    practice = make_practice(
        index,
        association_a,
        title="Réseau",
        visibility=Visibility.NETWORK,
        user=editor_a,
        attachments=attached(document, picture),
    )
    urls = addresses(practice, document, picture)
    for key in ("practice document", "practice image", "wagtail document", "stored document"):
        assert_not_served(client_for(None), urls[key])
    for reader in (member_b, agent):
        client = client_for(reader)
        assert_private_file(client.get(urls["practice document"]))
        assert_document_served(client, document)
        assert_private_file(client.get(urls["practice image"]), "inline", files.PRIVATE_IMAGE)
        assert_private_file(client.get(urls["rendition"]), "inline", files.PRIVATE_IMAGE)


def test_a_public_practices_files_are_for_anyone_and_may_be_cached(
    client_for, index, association_a, editor_a, uploads
):
    document, picture = uploads
    practice = make_practice(
        index, association_a, user=editor_a, attachments=attached(document, picture)
    )
    urls = addresses(practice, document, picture)
    client = client_for(None)
    assert_private_file(client.get(urls["practice document"]), cache=files.PUBLIC)
    assert_private_file(client.get(urls["practice image"]), "inline", files.PUBLIC)
    # Its other addresses answer the same people, privately (the answer depends on who asks).
    assert_document_served(client, document)
    assert_private_file(client.get(urls["rendition"]), "inline", files.PRIVATE_IMAGE)
    for key in ("media document", "media image", "media rendition"):
        assert_not_served(client, urls[key])


def test_a_document_attached_to_nothing_is_for_the_coordination_and_its_uploader(
    client_for, index, coordinator, editor_a, editor_b, member_a
):
    collection = Collection.objects.get(name=practices_setup.COLLECTION)
    document = get_document_model().objects.create(
        title="Liste des partenaires",
        file=ContentFile(PDF, name="partenaires.pdf"),
        collection=collection,
        uploaded_by_user=editor_a,
    )
    root = get_document_model().objects.create(
        title="Convention CCAS", file=ContentFile(PDF, name="convention.pdf")
    )
    assert root.collection.is_root()
    assert_document_served(client_for(editor_a), document)  # its uploader
    assert_document_served(client_for(coordinator), document)
    assert_document_served(client_for(coordinator), root)
    for outsider, what in ((None, document), (editor_b, document), (member_a, document)) + tuple(
        (outsider, root) for outsider in (None, editor_a, member_a)
    ):
        assert_not_served(client_for(outsider), wagtail_address(what))
        assert_not_served(client_for(outsider), what.url)


# --- Wagtail's admin still shows its thumbnails ----------------------------------------------


def test_admin_thumbnails_load_for_the_coordination_and_not_for_anonymous(
    client_for, coordinator, uploads
):
    _document, picture = uploads
    client = client_for(coordinator)
    sources = set()
    for page in (reverse("wagtailimages:index"), reverse("wagtailimages:edit", args=[picture.pk])):
        response = client.get(page)
        assert response.status_code == 200
        found = set(re.findall(r'src="(/fichiers/images/[^"]+)"', text(response)))
        assert found, page
        sources |= found
    for source in sources:
        answer = client.get(source)
        assert answer.status_code == 200 and answer["Content-Type"] == "image/png"
        assert body(answer).startswith(b"\x89PNG")
    client = client_for(None)
    for source in sources:
        assert_not_served(client, source)


def test_unknown_and_odd_stored_names_are_404(client_for, coordinator):
    client = client_for(coordinator)
    for url in (
        "/fichiers/images/inconnu.png",
        "/fichiers/documents/inconnu.pdf",
        "/fichiers/original_images/inconnu.png",
        "/fichiers/autre/chose.txt",
        "/fichiers/../site/settings.py",
        "/fichiers/%2e%2e/secret",
        "/fichiers/documents/nom%20ancien.pdf",
        "/media/documents/inconnu.pdf",
    ):
        assert_not_served(client, url)
    # A NUL byte never reaches the view: the bad-input middleware refuses it first.
    assert client.get("/fichiers/images/a%00.png").status_code == 400


# --- Documents and images only as attachments: rich text cannot link them -------------------


def rich_text_features():
    """The features of every rich text field and block of the site's own models."""
    ours = {"entraide", "workspace", "minutes", "practices"}
    found = []

    def walk(block):
        if isinstance(block, RichTextBlock):
            found.append(block.features)
        for child in getattr(block, "child_blocks", {}).values():
            walk(child)
        if getattr(block, "child_block", None) is not None:
            walk(block.child_block)

    for model in apps.get_models():
        if model._meta.app_label not in ours:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, RichTextField):
                found.append(field.features)
            elif isinstance(field, StreamField):
                walk(field.stream_block if isinstance(field.stream_block, StreamBlock) else None)
    return found


def test_no_rich_text_links_or_embeds_a_document_or_an_image():
    """The readers of a document or an image are those of the practices that attach it;
    a rich text link to one would escape that rule."""
    features = rich_text_features()
    assert len(features) >= 10
    for allowed in features:
        assert allowed is not None  # Wagtail's defaults include document links and images
        assert not {"document-link", "image", "embed"} & set(allowed), allowed
