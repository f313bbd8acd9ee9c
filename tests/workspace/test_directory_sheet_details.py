"""The sheet's logo, its per-section "vérifié le", the substitute's hours beside a closure, places
open round the clock in the coming openings, French typography, and the demo's sheet fields."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from tests.factories import AssociationFactory
from tests.utils import visible_text
from workspace.demo import directory as demo_directory
from workspace.forms import directory as directory_forms
from workspace.forms.directory import SheetForm
from workspace.models import (
    CHECKED_SECTIONS,
    Activity,
    Closure,
    LiaisonSheet,
    Neighbourhood,
    Place,
    Service,
)
from workspace.services import directory, hours

from .test_directory import editor_form, week


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def sheet_a(association_a):
    sheet = LiaisonSheet.objects.create(
        association=association_a, last_checked_on=datetime.date(2026, 9, 1)
    )
    place = Place.objects.create(
        sheet=sheet,
        address="1 rue de la Paix",
        neighbourhood=association_a.neighbourhood,
        opening_hours="Tu 09:00-12:00; PH off",
    )
    Service.objects.create(
        sheet=sheet, activity=Activity.FOOD_PARCELS, description="le mardi matin", place=place
    )
    return sheet


def image(kind="PNG", size=(40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


def post_editor(client, slug, **files):
    data = editor_form(client, slug)
    data.update(files)
    return client.post(reverse("directory:edit", args=[slug]), data)


# --- The logo ------------------------------------------------------------------------------


def test_an_editor_uploads_a_logo_everybody_sees_it(
    client_for, editor_a, association_a, sheet_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client = client_for(editor_a)
    logo = SimpleUploadedFile("notre logo.png", image(), content_type="image/png")
    response = post_editor(client, association_a.slug, **{"sheet-logo": logo})
    assert response.status_code == 302
    sheet_a.refresh_from_db()
    assert sheet_a.logo.name.startswith("logos/") and sheet_a.logo.name.endswith(".png")
    assert "notre" not in sheet_a.logo.name  # a random name

    page = Client().get(reverse("directory:sheet", args=[association_a.slug]))
    img = BeautifulSoup(page.content, "html.parser").select_one("img.sheet-logo")
    assert img["src"] == sheet_a.logo.url and association_a.name in img["alt"]
    served = Client().get(img["src"])
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served["Cache-Control"] == "public, max-age=3600"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == image()

    # Saving the sheet again keeps the logo; another stored name under logos/ is no file.
    assert post_editor(client, association_a.slug).status_code == 302
    sheet_a.refresh_from_db()
    assert sheet_a.logo.name.endswith(".png")
    assert Client().get("/fichiers/logos/autre.png").status_code == 404
    # An association that left the network: its logo is not served any more.
    association_a.left_on = timezone.localdate() - datetime.timedelta(days=1)
    association_a.save()
    assert Client().get(img["src"]).status_code == 404


def test_the_printed_sheet_carries_the_logo(
    client_for, editor_a, association_a, sheet_a, settings, tmp_path
):
    from workspace.views import sheets_pdf

    settings.MEDIA_ROOT = tmp_path
    pdf_url = reverse("directory:pdf", args=[association_a.slug])
    before = Client().get(pdf_url).content
    assert b"/Subtype /Image" not in before  # the QR code is drawn, not an image
    logo = SimpleUploadedFile("logo.png", image(size=(120, 60)), content_type="image/png")
    assert (
        post_editor(client_for(editor_a), association_a.slug, **{"sheet-logo": logo}).status_code
        == 302
    )
    sheet_a.refresh_from_db()
    assert sheets_pdf.logo_data_uri(sheet_a).startswith("data:image/png;base64,")
    after = Client().get(pdf_url)
    assert after.status_code == 200 and b"/Subtype /Image" in after.content
    neighbourhood = Client().get(
        reverse("directory:neighbourhood_pdf", args=[association_a.neighbourhood])
    )
    assert neighbourhood.status_code == 200 and b"/Subtype /Image" in neighbourhood.content
    # A logo whose file is gone prints no logo, and the sheet still prints.
    (tmp_path / sheet_a.logo.name).unlink()
    assert sheets_pdf.logo_data_uri(sheet_a) == ""
    assert Client().get(pdf_url).status_code == 200


@pytest.mark.parametrize(
    "upload, error",
    [
        (("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'></svg>"), "image"),
        (("logo.gif", None), "PNG, JPEG ou WebP"),
        (("logo.png", "huge"), "1 Mo au plus"),
    ],
)
def test_a_bad_logo_is_explained_in_french_and_nothing_is_saved(
    client_for, editor_a, association_a, sheet_a, settings, tmp_path, upload, error, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path
    name, content = upload
    if content is None:
        content = image("GIF")
    elif content == "huge":
        content = image()
        monkeypatch.setattr(directory_forms, "LOGO_MAX_BYTES", len(content) - 1)
    client = client_for(editor_a)
    data = editor_form(client, association_a.slug)
    data["sheet-presentation"] = "Texte tapé gardé"
    data["sheet-logo"] = SimpleUploadedFile(name, content)
    response = client.post(reverse("directory:edit", args=[association_a.slug]), data)
    assert response.status_code == 400
    assert error in visible_text(response)
    assert "Texte tapé gardé" in response.content.decode()
    sheet_a.refresh_from_db()
    assert not sheet_a.logo and sheet_a.presentation == ""


# --- "Vérifié le" per section -------------------------------------------------------------


def test_a_save_dates_the_sections_it_changed_and_the_sheet_shows_each_date(
    client_for, editor_a, association_a, sheet_a
):
    client = client_for(editor_a)
    data = editor_form(client, association_a.slug)
    week(data, "places-0", th=("14:00", "17:00"))
    assert (
        client.post(reverse("directory:edit", args=[association_a.slug]), data).status_code == 302
    )
    sheet_a.refresh_from_db()
    today = timezone.localdate()
    assert sheet_a.sections_checked == {"hours": today.isoformat()}
    dates = directory.section_dates(sheet_a)
    assert dates["hours"] == today and dates["services"] == datetime.date(2026, 9, 1)

    page = Client().get(reverse("directory:sheet", args=[association_a.slug]))
    soup = BeautifulSoup(page.content, "html.parser")
    hours_section = soup.find(id="hours-title").parent
    services_section = soup.find(id="services-title").parent
    assert f"Vérifié le {hours.format_date(today)} {today.year}" in visible_text_of(hours_section)
    assert "Vérifié le 1er septembre 2026" in visible_text_of(services_section)

    # "Toujours à jour" dates every section.
    client.post(reverse("directory:confirm", args=[association_a.slug]))
    sheet_a.refresh_from_db()
    assert set(sheet_a.sections_checked) == set(CHECKED_SECTIONS)
    assert set(directory.section_dates(sheet_a).values()) == {today}


def test_one_section_is_confirmed_from_the_sheet_page_without_touching_the_others(
    client_for, editor_a, member_a, editor_b, association_a, sheet_a
):
    today = timezone.localdate()
    sheet_page = reverse("directory:sheet", args=[association_a.slug])
    url = reverse("directory:confirm_section", args=[association_a.slug, "hours"])
    # The editors see a button per section; a member, another association's editor and an
    # anonymous visitor see none (and the page stays cacheable for them: no form).
    editor = client_for(editor_a)
    soup = BeautifulSoup(editor.get(sheet_page).content, "html.parser")
    buttons = soup.select("form.section-confirm")
    assert {form["action"].rstrip("/").rsplit("/", 1)[1] for form in buttons} >= {
        "services",
        "hours",
        "places",
    }
    hours_button = soup.find(id="hours-title").parent.select_one("form.section-confirm button")
    assert hours_button["aria-describedby"] == "hours-title"
    for other in (client_for(member_a), client_for(editor_b), Client()):
        assert "section-confirm" not in other.get(sheet_page).content.decode()

    revisions = sheet_a.revisions.count()
    editor = client_for(editor_a)
    response = editor.post(url)
    assert response.status_code == 302 and response["Location"].endswith("#hours-title")
    sheet_a.refresh_from_db()
    assert sheet_a.sections_checked == {"hours": today.isoformat()}
    dates = directory.section_dates(sheet_a)
    assert dates["hours"] == today and dates["services"] == datetime.date(2026, 9, 1)
    assert sheet_a.last_checked_on == datetime.date(2026, 9, 1)  # the whole sheet: unchanged
    assert sheet_a.revisions.count() == revisions + 1

    # Nobody else confirms, an unknown section is not found, GET is refused.
    for other in (member_a, editor_b):
        assert client_for(other).post(url).status_code == 404
    assert Client().post(url).status_code == 302  # to the login page
    editor = client_for(editor_a)
    unknown = reverse("directory:confirm_section", args=[association_a.slug, "nowhere"])
    assert editor.post(unknown).status_code == 404
    assert editor.get(url).status_code == 405
    sheet_a.refresh_from_db()
    assert sheet_a.sections_checked == {"hours": today.isoformat()}


def visible_text_of(tag):
    return " ".join(tag.get_text(" ").split())


# --- The substitute's hours ----------------------------------------------------------------


def summer_closure(sheet, substitute):
    today = timezone.localdate()
    year = today.year if today.month <= 8 else today.year + 1
    return Closure.objects.create(
        sheet=sheet,
        start=datetime.date(year, 8, 1),
        end=datetime.date(year, 8, 23),
        message="congés d'été",
        substitute=substitute,
    )


def test_open_this_summer_shows_the_substitutes_hours(db, client, sheet_a, association_b):
    relay = LiaisonSheet.objects.create(association=association_b)
    Place.objects.create(
        sheet=relay,
        address="2 rue du Relais",
        neighbourhood=association_b.neighbourhood,
        opening_hours="We 14:00-17:00",
    )
    summer_closure(sheet_a, association_b)
    listing = visible_text(client.get(reverse("directory:list"), {"summer": "on"}))
    assert f"Adressez-vous à {association_b.name} (horaires : mercredi 14 h – 17 h)." in listing
    assert "Congés d'été" in listing
    sheet = visible_text(client.get(reverse("directory:sheet", args=[sheet_a.association.slug])))
    assert "(horaires : mercredi 14 h – 17 h)" in sheet
    # Without the summer filter, a closure yet to come is not listed on the cards.
    assert "horaires : mercredi" not in visible_text(client.get(reverse("directory:list")))

    # The substitute made its hours visible to the network only: the public reads no hours.
    relay.visibility = {"hours": "N"}
    relay.save()
    listing = visible_text(client.get(reverse("directory:list"), {"summer": "on"}))
    assert f"Adressez-vous à {association_b.name} ." in listing  # the link, then the stop
    assert "mercredi 14 h" not in listing


# --- Round the clock ------------------------------------------------------------------------


def test_a_place_open_round_the_clock_opens_every_coming_day():
    monday = datetime.date(2026, 12, 7)
    days = hours.upcoming_openings("24/7", monday, days=7)
    assert [d.day for d in days] == [monday + datetime.timedelta(days=i) for i in range(7)]
    assert all(d.describe().endswith("24 h sur 24") for d in days), days[0].describe()
    weekdays = hours.upcoming_openings("Mo-Fr 00:00-24:00", monday, days=7)
    assert [d.day.weekday() for d in weekdays] == [0, 1, 2, 3, 4]
    # An evening past midnight stays on the day it starts.
    evening = hours.upcoming_openings("Fr 20:00-24:00; Sa 00:00-02:00", monday, days=7)
    assert [d.day for d in evening] == [datetime.date(2026, 12, 11)]
    # Over the change to winter time (25 October 2026), round the clock is still one a day.
    october = hours.upcoming_openings("24/7", datetime.date(2026, 10, 24), days=3)
    assert [d.day.day for d in october] == [24, 25, 26]
    # Closures and holidays still cut it.
    closed = hours.upcoming_openings("24/7; PH off", datetime.date(2026, 12, 24), days=3)
    assert [(d.day.day, d.is_open) for d in closed] == [(24, True), (25, False), (26, True)]
    assert "Noël" in closed[1].describe()


def test_the_sheet_lists_round_the_clock_openings_for_the_coming_weeks(db, client):
    association = AssociationFactory(slug="nuit", name="Nuit", neighbourhood=Neighbourhood.ALMA)
    sheet = LiaisonSheet.objects.create(association=association)
    Place.objects.create(sheet=sheet, address="3 rue", neighbourhood="alma", opening_hours="24/7")
    page = BeautifulSoup(
        client.get(reverse("directory:sheet", args=["nuit"])).content, "html.parser"
    )
    items = page.select("ul.upcoming li")
    assert len(items) == 12  # the first twelve days shown, each open
    assert all("24 h sur 24" in item.get_text() for item in items)


# --- Typography and the demo -----------------------------------------------------------------


def test_a_service_and_its_details_read_the_french_way(db, client, sheet_a):
    page = client.get(reverse("directory:sheet", args=[sheet_a.association.slug]))
    item = BeautifulSoup(page.content, "html.parser").find(id="services-title").parent.li
    assert item.decode_contents().startswith("<strong>colis alimentaires</strong> — le mardi")
    assert "</strong>:" not in page.content.decode()


def test_the_demo_sets_the_editors_fields_from_the_form(db):
    assert set(SheetForm.Meta.fields) <= set(demo_directory.SHEET_KEYS)
    assert {"visibility", "open_allowed"} <= set(demo_directory.SHEET_KEYS)
    for data in demo_directory.SHEETS.values():
        unknown = {
            key
            for key in data
            if key in {f.name for f in LiaisonSheet._meta.fields}
            and key not in demo_directory.SHEET_KEYS
        }
        assert not unknown, unknown
