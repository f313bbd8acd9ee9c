"""The coordinator's CSV import of associations: a preview with each row's errors in French,
nothing saved until confirmed, the file kept in the database, coordinator only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workspace.models import Association, SheetImport
from workspace.services import imports

HEADER = "nom;quartier;adresse;telephone;courriel;site_web;activites\n"
GOOD = "Le Panier du Pile;Pile;3 rue de la Pile;03 20 45 67 89;contact@panier.exemple.org;https://panier.exemple.org;colis\n"


def upload(client, content, name="associations.csv"):
    return client.post(
        reverse("directory_import"),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def preview_of(client, response):
    assert response.status_code == 302, response.content[:500]
    return client.get(response["Location"]), response["Location"]


def test_a_good_file_is_previewed_then_imported_on_confirmation(client_for, coordinator):
    client = client_for(coordinator)
    content = (HEADER + GOOD + "Épicerie d'Alma;alma;;;;;épicerie\n").encode("utf-8")
    page, url = preview_of(client, upload(client, content))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Le Panier du Pile" in text and "nouvelle association" in text
    # The dry run saved nothing; the file waits in the database.
    assert not Association.objects.filter(name="Le Panier du Pile").exists()
    stored = SheetImport.objects.get()
    assert bytes(stored.content) == content
    response = client.post(url)
    assert response.status_code == 302
    panier = Association.objects.get(name="Le Panier du Pile")
    assert panier.slug == "le-panier-du-pile"
    assert panier.neighbourhood == "pile"
    assert panier.phone == "03 20 45 67 89"
    assert Association.objects.get(name="Épicerie d'Alma").neighbourhood == "alma"
    stored.refresh_from_db()
    assert stored.confirmed_at is not None
    # Confirming twice imports nothing more.
    client.post(url)
    assert Association.objects.filter(name="Le Panier du Pile").count() == 1


def test_bad_rows_are_reported_in_french_and_nothing_is_saved(client_for, coordinator):
    client = client_for(coordinator)
    rows = [
        GOOD,
        "Mauvais courriel;Pile;;;pas-un-courriel;;\n",
        "Mauvais téléphone;Pile;;12 34;;;\n",
        "Quartier inconnu;Atlantide;;;;;\n",
        'Formule;Pile;=HYPERLINK("http://x");;;;\n',
        "Formule arobase;Pile;;;;;@SUM(A1)\n",
    ]
    content = (HEADER + "".join(rows)).encode("utf-8") + "Café Épeule;Épeule;;;;;\n".encode(
        "latin-1"
    )
    page, url = preview_of(client, upload(client, content))
    text = page.content.decode()
    assert "« pas-un-courriel » n&#x27;est pas une adresse e-mail" in text
    assert "n&#x27;est pas un numéro de téléphone" in text
    assert "Quartier inconnu « Atlantide »" in text
    assert "ressemble à une formule" in text
    assert "commence par =" in text and "commence par @" in text
    assert "enregistrez le fichier en « CSV UTF-8 »" in text
    assert "Rien ne peut être importé" in text
    # Each row's errors are on its own row number.
    report = imports.preview(SheetImport.objects.get())
    by_row = {row.number: row for row in report.rows}
    assert by_row[2].errors == []
    assert by_row[3].errors[0].startswith("courriel")
    assert by_row[4].errors[0].startswith("telephone")
    assert by_row[5].errors[0].startswith("quartier")
    assert by_row[6].errors[0].startswith("adresse")
    assert by_row[7].errors[0].startswith("activites")
    assert by_row[8].errors
    # Confirming anyway saves nothing, not even the good row.
    response = client.post(url)
    assert response.status_code == 400
    assert not Association.objects.filter(name="Le Panier du Pile").exists()
    assert Association.objects.count() == 0


def test_an_international_phone_is_not_a_formula(client_for, coordinator):
    client = client_for(coordinator)
    content = (HEADER + "Asso Plus;Centre;;+33 3 20 45 67 89;;;\n").encode("utf-8")
    _page, url = preview_of(client, upload(client, content))
    client.post(url)
    assert Association.objects.get(name="Asso Plus").phone


def test_a_file_without_the_required_columns_is_explained(client_for, coordinator):
    client = client_for(coordinator)
    page, url = preview_of(client, upload(client, b"name,where\nA,B\n"))
    assert "manquantes : nom, quartier" in page.content.decode()
    assert client.post(url).status_code == 400


def test_an_existing_association_is_changed_by_its_short_name(
    client_for, coordinator, association_a
):
    client = client_for(coordinator)
    content = (
        HEADER.replace("nom;", "nom;identifiant;") + "Association A;assoc-a;Alma;;;;;\n"
    ).encode()
    _page, url = preview_of(client, upload(client, content))
    client.post(url)
    association_a.refresh_from_db()
    assert association_a.neighbourhood == "alma"


@pytest.mark.parametrize("who", ["editor_a", "member_a", "agent"])
def test_only_the_coordinator_imports(client_for, people, who, coordinator):
    stored = SheetImport.objects.create(
        user=coordinator, file_name="x.csv", content=b"nom;quartier\n"
    )
    client = client_for(people[who])
    for response in (
        client.get(reverse("directory_import")),
        upload(client, b"nom;quartier\nX;Pile\n"),
        client.post(reverse("directory_import_preview", args=[stored.pk])),
    ):
        assert response.status_code in (302, 403)
    assert SheetImport.objects.count() == 1
    assert not Association.objects.filter(name="X").exists()
