"""The printable liaison sheets: what each role's PDF holds, the coming openings, the QR
code, the neighbourhood's sheet and the cache headers."""

import datetime
import io

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AssociationFactory
from tests.workspace.sheet_data import AGENT_FACT, NETWORK_FACT, PUBLIC_FACT, make_sheet
from workspace.models import Level, LiaisonSheet, Neighbourhood
from workspace.services import hours


def pdf_text(response):
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages), reader


@pytest.fixture
def sheet(association_a, association_b):
    return make_sheet(association_a, substitute=association_b)


@pytest.mark.parametrize(
    "who, agents, network",
    [
        ("anonymous", False, False),
        ("member_b", False, True),
        ("member_a", False, True),
        ("editor_a", True, True),
        ("editor_b", False, True),
        ("agent", True, True),
        ("coordinator", True, True),
    ],
)
def test_each_role_reads_its_facts_in_the_pdf(client_for, people, sheet, who, agents, network):
    response = client_for(people[who]).get(reverse("directory:pdf", args=["assoc-a"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, _reader = pdf_text(response)
    assert PUBLIC_FACT in text
    assert (AGENT_FACT in text) is agents
    assert ("sans titre de séjour" in text) is agents
    assert ("Sam Orientation" in text) is agents
    assert (NETWORK_FACT in text) is network
    assert ("12345678901234" in text) is network
    if agents or network:
        assert response["Cache-Control"].startswith("private")
    else:
        assert response["Cache-Control"].startswith("public")


def test_the_pdf_says_when_it_is_valid_and_the_coming_openings(client, sheet):
    text, reader = pdf_text(client.get(reverse("directory:pdf", args=["assoc-a"])))
    today = timezone.localdate()
    assert f"Valable au {hours.format_date(today)} {today.year}." in text
    # The weekly hours in plain French: the 1st and 3rd Saturdays, the public holidays.
    assert "les 1er et 3e samedis du mois 14 h – 17 h" in text
    assert "fermé les jours fériés" in text
    # Three weeks ahead, day by day, from the hours service: the closure is followed and
    # names its substitute, the nth Saturdays are worked out.
    assert "Prochaines ouvertures (trois semaines)" in text
    closures = [
        hours.Closure(
            today + datetime.timedelta(days=2),
            today + datetime.timedelta(days=4),
            "Inventaire",
            "Association B",
        )
    ]
    expected_days = hours.upcoming_openings(sheet.places.get().opening_hours, today, 21, closures)
    expected = [day.describe() for day in expected_days]
    assert expected
    for label in expected:
        assert label in text
    # The closure's three days hold a weekday, which the weekly rule opens: it is listed,
    # shut, with the closure's message and substitute.
    shut = [day for day in expected_days if day.closure]
    assert shut
    for day in shut:
        closed = hours.format_date(day.day, weekday=True)
        assert f"{closed} : fermé (Inventaire) — adressez-vous à Association B" in text
    assert "Vérifiée le" in text and "par l’association" in text
    assert len(reader.pages) == 1


def test_the_pdf_carries_a_qr_code_to_the_live_page(client, sheet):
    response = client.get(reverse("directory:pdf", args=["assoc-a"]))
    _text, reader = pdf_text(response)
    page = reader.pages[0]
    # The QR code is drawn as vector paths (an SVG image); its URL is printed under it.
    text = page.extract_text()
    assert "/associations/assoc-a/" in " ".join(text.split())
    assert b"/XObject" in response.content or len(page.get_contents().get_data()) > 2000


def test_an_unknown_or_former_association_has_no_pdf(client, sheet, association_a):
    assert client.get(reverse("directory:pdf", args=["absente"])).status_code == 404
    association_a.left_on = timezone.localdate() - datetime.timedelta(days=1)
    association_a.save()
    assert client.get(reverse("directory:pdf", args=["assoc-a"])).status_code == 404


def test_a_field_made_stricter_leaves_the_public_pdf(client, sheet):
    sheet.visibility = {"presentation": Level.NETWORK}
    sheet.save()
    text, _reader = pdf_text(client.get(reverse("directory:pdf", args=["assoc-a"])))
    assert PUBLIC_FACT not in text


def test_the_neighbourhood_pdf_lists_its_associations(client_for, people, sheet):
    other = AssociationFactory(name="Épicerie du canal", slug="canal", neighbourhood="epeule")
    LiaisonSheet.objects.create(association=other, presentation="Épicerie solidaire du canal")
    AssociationFactory(name="Loin d'ici", slug="loin", neighbourhood=Neighbourhood.ALMA)
    url = reverse("directory:neighbourhood_pdf", args=["epeule"])
    response = client_for(None).get(url)
    assert response.status_code == 200
    text, reader = pdf_text(response)
    assert "Épeule" in text
    assert "Association A" in text  # its place is in Épeule
    assert "Épicerie du canal" in text and "Épicerie solidaire du canal" in text
    assert "Loin d'ici" not in text
    assert AGENT_FACT not in text and NETWORK_FACT not in text
    assert len(reader.pages) <= 2
    assert response["Cache-Control"].startswith("public")
    agent_response = client_for(people["agent"]).get(url)
    agent_text, _reader = pdf_text(agent_response)
    assert AGENT_FACT in agent_text
    assert agent_response["Cache-Control"].startswith("private")


def test_an_unknown_neighbourhood_is_404(db, client):
    assert client.get(reverse("directory:neighbourhood_pdf", args=["atlantide"])).status_code == 404
