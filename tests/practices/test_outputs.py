"""Outputs: the PDF and the printable page carry the licence and the citation; the Atom feed;
images and documents through permission-checked views."""

import io

from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image as PILImage
from pypdf import PdfReader
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from practices.models import Licence, Visibility
from tests.practices.conftest import make_practice
from tests.utils import text


def pdf_text(response):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def picture(title="Planning"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (20, 120, 20)).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ContentFile(buffer.getvalue(), name="planning.png")
    )


def test_citation_line_credits_the_association_and_the_licence(practice_a):
    line = practice_a.citation("https://entraide.exemple.org/pratiques/x/")
    year = practice_a.first_published_at.year
    assert line == (
        f"Association A, « Un planning partagé des bénévoles », Entraide, réseau d'aide "
        f"alimentaire de Roubaix, {year}, https://entraide.exemple.org/pratiques/x/. "
        "Licence : Creative Commons Attribution 4.0 (CC BY 4.0)."
    )


def test_citation_of_a_sheet_published_elsewhere(index, association_a):
    page = make_practice(
        index,
        None,
        title="Le CCAS coordonne",
        credit_author="CCAS de Roubaix",
        credit_publisher="Journal RESOLIS",
        source_url="https://www.resolis.org/",
        licence=Licence.CC_BY_3,
    )
    assert page.citation("https://ignored.example/") == (
        "CCAS de Roubaix, « Le CCAS coordonne », Journal RESOLIS, https://www.resolis.org/. "
        "Licence : Creative Commons Attribution 3.0 (CC BY 3.0)."
    )


def test_page_shows_licence_citation_and_print_button(client, practice_a):
    content = text(client.get(practice_a.url))
    assert "Licence et citation" in content
    assert 'rel="license"' in content and "creativecommons.org/licenses/by/4.0" in content
    assert "Pour citer cette pratique" in content
    assert practice_a.citation(f"http://testserver{practice_a.url}") in content
    assert "data-print" in content and "/static/js/print.js" in content
    assert 'media="print"' in content


def test_pdf_has_the_sheet_licence_and_citation(client, index, association_a):
    image = picture()
    page = make_practice(
        index,
        association_a,
        cost="Un thermomètre à 40 €",
        attachments=[
            {
                "type": "image",
                "value": {"image": image.pk, "alt": "Le planning", "caption": "Au local"},
            }
        ],
        actions=[
            {
                "type": "step",
                "value": {"title": "Afficher le planning", "text": "<p>Chaque mois.</p>"},
            }
        ],
    )
    response = client.get(reverse("practices:pdf", args=[page.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"{page.slug}.pdf" in response["Content-Disposition"]
    content = " ".join(pdf_text(response).split())
    for expected in (
        "Un planning partagé des bénévoles",
        "Association A",
        "Afficher le planning",
        "Un thermomètre à 40 €",
        "Creative Commons Attribution 4.0 (CC BY 4.0)",
        "Pour citer cette pratique",
        "Entraide, réseau d'aide alimentaire de Roubaix",
    ):
        assert expected in content, expected
    reader = PdfReader(io.BytesIO(response.content))
    assert any("/XObject" in (p.get("/Resources") or {}) for p in reader.pages)  # the image


def test_network_only_pdf_is_private(client_for, network_practice_a, member_b):
    response = client_for(member_b).get(reverse("practices:pdf", args=[network_practice_a.pk]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        client_for(None).get(reverse("practices:pdf", args=[network_practice_a.pk])).status_code
        == 404
    )


def test_feed_lists_public_practices_with_licence_and_themes(client, index, association_a):
    from workspace.models import Theme

    page = make_practice(index, association_a, themes=[Theme.objects.get(slug="benevoles")])
    make_practice(index, association_a, title="Secrète", visibility=Visibility.NETWORK)
    response = client.get(reverse("practices:feed"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<feed" in body and 'xmlns="http://www.w3.org/2005/Atom"' in body
    assert page.title in body and "Secrète" not in body
    assert 'term="Bénévoles"' in body
    assert "<rights>Creative Commons Attribution 4.0 (CC BY 4.0)</rights>" in body
    assert f"http://testserver{page.url}" in body


def test_images_and_documents_are_served_through_the_practice(
    client_for, index, association_a, member_b
):
    image = picture()
    document = get_document_model().objects.create(
        title="Le planning vierge", file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="planning.pdf")
    )
    stranger = picture("Autre image")
    attachments = [
        {"type": "image", "value": {"image": image.pk, "alt": "Le planning au mur", "caption": ""}},
        {"type": "document", "value": {"document": document.pk, "title": ""}},
    ]
    public = make_practice(index, association_a, attachments=attachments)
    network = make_practice(
        index, association_a, title="Réseau", visibility=Visibility.NETWORK, attachments=attachments
    )
    anonymous = client_for(None)
    page = anonymous.get(public.url).content.decode()
    assert 'alt="Le planning au mur"' in page
    thumb = reverse("practices:image", args=[public.pk, image.pk, "vignette"])
    assert thumb in page
    response = anonymous.get(thumb)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    response = anonymous.get(reverse("practices:document", args=[public.pk, document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    # Not attached to this practice, an unknown size, a network-only practice: 404.
    assert (
        anonymous.get(
            reverse("practices:image", args=[public.pk, stranger.pk, "vignette"])
        ).status_code
        == 404
    )
    assert (
        anonymous.get(
            reverse("practices:image", args=[public.pk, image.pk, "original"])
        ).status_code
        == 404
    )
    assert (
        anonymous.get(
            reverse("practices:image", args=[network.pk, image.pk, "vignette"])
        ).status_code
        == 404
    )
    assert (
        anonymous.get(reverse("practices:document", args=[network.pk, document.pk])).status_code
        == 404
    )
    response = client_for(member_b).get(
        reverse("practices:document", args=[network.pk, document.pk])
    )
    assert response.status_code == 200
    response.close()
