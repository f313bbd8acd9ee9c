"""Open data: data·inclusion structures and services that validate against the schema, a CSV
with neutralised formulas, and only public facts whoever asks."""

import csv
import io
import json

import pytest
from data_inclusion.schema import v1
from django.urls import reverse

from tests.workspace.sheet_data import AGENT_FACT, NETWORK_FACT, PUBLIC_FACT, make_sheet
from workspace.models import Level, LiaisonSheet
from workspace.services import opendata

RESTRICTED = [AGENT_FACT, NETWORK_FACT, "Sam Orientation", "03 20 00 00 01", "12345678901234"]


@pytest.fixture
def sheet(association_a, association_b):
    sheet = make_sheet(association_a, substitute=association_b)
    LiaisonSheet.objects.create(association=association_b)  # an empty sheet exports too
    return sheet


@pytest.mark.parametrize("who", ["anonymous", "member_a", "editor_a", "agent", "coordinator"])
def test_structures_validate_and_hold_public_facts_only(client_for, people, sheet, who):
    response = client_for(people[who]).get(reverse("directory:structures"))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")
    records = json.loads(response.content)
    assert {r["id"] for r in records} == {"assoc-a", "assoc-b"}
    for record in records:
        v1.Structure.model_validate(record)
    a = next(r for r in records if r["id"] == "assoc-a")
    assert a["description"] == PUBLIC_FACT
    assert a["telephone"] == "03 20 11 22 33"
    assert a["horaires_accueil"].startswith("Mo-Fr 09:00-12:00")
    assert a["reseaux_porteurs"] == ["secours-populaire"]
    assert a["lien_source"].endswith("/associations/assoc-a/")
    assert "siret" not in a  # SIRET is for the network
    body = response.content.decode()
    for fact in RESTRICTED:
        assert fact not in body


@pytest.mark.parametrize("who", ["anonymous", "agent"])
def test_services_validate_and_hold_public_facts_only(client_for, people, sheet, who):
    response = client_for(people[who]).get(reverse("directory:services"))
    records = json.loads(response.content)
    assert len(records) == 2
    for record in records:
        v1.Service.model_validate(record)
    baby = next(
        r
        for r in records
        if r["nom"].startswith("Produits")
        or "bébé" in r["nom"].lower()
        or "baby" in r["nom"].lower()
    )
    assert "equipement-et-alimentation--alimentation" in baby["thematiques"]
    assert baby["frais"] == "gratuit"
    assert baby["publics"] == ["tous-publics"]
    assert baby["modes_mobilisation"] == ["se-presenter"]
    assert baby["conditions_acces"] == "Justificatif de domicile"
    # "welcomes people without residence papers" is an orientation agents' fact: never a
    # schema public, whoever asks.
    for record in records:
        assert "personnes-exilees" not in record.get("publics", [])
    body = response.content.decode()
    for fact in RESTRICTED:
        assert fact not in body


def test_a_field_made_stricter_leaves_the_exports(client, sheet):
    sheet.visibility = {"presentation": Level.NETWORK, "contact": Level.AGENTS}
    sheet.save()
    body = client.get(reverse("directory:structures")).content.decode()
    assert PUBLIC_FACT not in body and "03 20 11 22 33" not in body
    csv_body = client.get(reverse("directory:csv")).content.decode()
    assert PUBLIC_FACT not in csv_body and "03 20 11 22 33" not in csv_body


def test_a_field_opened_by_the_coordinator_is_exported(client, sheet):
    sheet.visibility = {"external_ids": Level.PUBLIC}
    sheet.open_allowed = ["external_ids"]
    sheet.save()
    records = json.loads(client.get(reverse("directory:structures")).content)
    a = next(r for r in records if r["id"] == "assoc-a")
    assert a["siret"] == "12345678901234"
    v1.Structure.model_validate(a)


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


@pytest.mark.parametrize("who", ["anonymous", "agent", "coordinator"])
def test_the_csv_holds_public_facts_only(client_for, people, sheet, who):
    response = client_for(people[who]).get(reverse("directory:csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert [r["nom"] for r in rows] == ["Association A", "Association B"]
    a = rows[0]
    assert a["presentation"] == PUBLIC_FACT
    assert a["quartier"] == "Centre"
    assert "9 h – 12 h" in a["horaires"]
    assert a["langues"] == "français, arabe"
    assert a["accessible_plain_pied"] == "oui"
    for fact in RESTRICTED:
        assert fact not in response.content.decode()


def test_csv_cells_that_look_like_formulas_are_neutralised(client, association_a):
    make_sheet(
        association_a,
        presentation='=HYPERLINK("http://evil.example","clic")',
        documents="@SUM(1+1)",
        area_served="-2+3",
        network="+cmd|' /C calc'!A0",
    )
    row = read_csv(client.get(reverse("directory:csv")))[0]
    assert row["presentation"] == "'" + '=HYPERLINK("http://evil.example","clic")'
    assert row["documents"] == "'@SUM(1+1)"
    assert row["zone"] == "'-2+3"
    assert row["reseau"].startswith("'+cmd")
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@"))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+33 3 20", "'+33 3 20"),
        ("-x", "'-x"),
        ("@a", "'@a"),
        ("\tx", "'\tx"),
        ("ok = fine", "ok = fine"),
        (None, ""),
        (3, "3"),
    ],
)
def test_neutralised(value, expected):
    assert opendata.neutralised(value) == expected


def test_the_exports_keep_a_constant_number_of_queries(
    client, django_assert_max_num_queries, association_a
):
    from tests.factories import AssociationFactory

    make_sheet(association_a)
    for n in range(15):
        make_sheet(AssociationFactory(slug=f"extra-{n}", name=f"Extra {n}"))
    for name in ("directory:structures", "directory:services", "directory:csv"):
        with django_assert_max_num_queries(10):
            assert client.get(reverse(name)).status_code == 200
