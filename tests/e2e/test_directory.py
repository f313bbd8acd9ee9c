"""Journeys of the directory: (a) a resident on a 360 px phone finds an association open now in
their neighbourhood that gives baby products and reads its hours; (c) an editor changes the
hours with the weekly editor, adds a summer closure with a substitute, confirms "toujours à
jour", and the public sheet shows it at once (the anonymous page cache included)."""

from django.utils import timezone, translation
from playwright.sync_api import expect

from tests.e2e.conftest import check_page, log_in
from tests.factories import PASSWORD, AssociationFactory
from workspace.models import Activity, LiaisonSheet, Neighbourhood, Place, Service
from workspace.services import hours


def sheet(slug, name, neighbourhood, text, activity, latitude=50.6985, longitude=3.18):
    association = AssociationFactory(slug=slug, name=name, neighbourhood=neighbourhood)
    liaison = LiaisonSheet.objects.create(association=association, walk_in=True)
    Place.objects.create(
        sheet=liaison,
        address=f"{name}, rue de l'Hommelet",
        neighbourhood=neighbourhood,
        latitude=latitude,
        longitude=longitude,
        opening_hours=text,
    )
    Service.objects.create(sheet=liaison, activity=activity, description="lait et couches")
    return association


def test_a_resident_on_a_phone_finds_baby_products_open_now_nearby(new_page, settings):
    settings.ANONYMOUS_PAGE_CACHE = True
    sheet("bebe-ouvert", "Le Berceau", Neighbourhood.HOMMELET, "Mo-Su 00:00-24:00", Activity.BABY)
    sheet("bebe-ferme", "Les Petits Pas", Neighbourhood.HOMMELET, "Mo 07:13-07:14", Activity.BABY)
    sheet("repas", "La Table", Neighbourhood.HOMMELET, "Mo-Su 00:00-24:00", Activity.MEALS)
    sheet("ailleurs", "Loin", Neighbourhood.ALMA, "Mo-Su 00:00-24:00", Activity.BABY, 50.696, 3.162)

    page = new_page(width=360, height=740)
    page.goto("/")
    # On a phone the menu is folded behind its button.
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Associations", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Les associations du réseau")
    check_page(page, "directory-list")

    page.get_by_label("Quartier").select_option("hommelet")
    page.get_by_label("Activité").select_option("bebe")
    page.get_by_label("Ouvert maintenant").check()
    page.get_by_role("button", name="Rechercher", exact=True).last.click()
    results = page.locator(".directory-list")
    expect(results.get_by_role("link", name="Le Berceau")).to_be_visible()
    for other in ("Les Petits Pas", "La Table", "Loin"):
        expect(results.get_by_role("link", name=other)).to_have_count(0)
    expect(results).to_contain_text("ouvert maintenant")
    check_page(page, "directory-filtered")

    results.get_by_role("link", name="Le Berceau").click()
    expect(page.get_by_role("heading", name="Horaires d’ouverture")).to_be_visible()
    expect(page.locator("body")).to_contain_text("ouvert maintenant")
    expect(page.locator(".facts").first).to_contain_text("tous les jours")
    check_page(page, "directory-sheet")


def test_an_editor_updates_hours_adds_a_summer_closure_and_confirms(
    new_page, editor_a, association_a, association_b, settings
):
    settings.ANONYMOUS_PAGE_CACHE = True
    liaison = LiaisonSheet.objects.create(association=association_a)
    Place.objects.create(
        sheet=liaison,
        address="3 rue des Arts",
        neighbourhood=association_a.neighbourhood,
        opening_hours="Tu 09:00-12:00; PH off",
    )
    Service.objects.create(sheet=liaison, activity=Activity.FOOD_PARCELS)
    year = timezone.localdate().year + 1

    # The public sheet, seen (and cached) before the change.
    visitor = new_page(width=360, height=740)
    visitor.goto(f"/associations/{association_a.slug}/")
    expect(visitor.locator("body")).not_to_contain_text("jeudi")

    page = new_page(width=360, height=740)
    log_in(page, editor_a.email, PASSWORD)
    page.goto(f"/associations/{association_a.slug}/")
    page.get_by_role("link", name="Mettre à jour cette fiche").click()
    check_page(page, "directory-editor")

    # The weekly editor: Thursday afternoons too, and the first and third Saturdays.
    page.locator("#id_places-0-hours-th_open").check()
    page.locator("#id_places-0-hours-th_start1").fill("14:00")
    page.locator("#id_places-0-hours-th_end1").fill("17:00")
    page.locator("#id_places-0-hours-sa_open").check()
    page.locator("#id_places-0-hours-sa_start1").fill("09:00")
    page.locator("#id_places-0-hours-sa_end1").fill("12:00")
    page.locator("#id_places-0-hours-sa_weeks_0").uncheck()  # not every week
    page.locator("#id_places-0-hours-sa_weeks_1").check()  # 1st
    page.locator("#id_places-0-hours-sa_weeks_3").check()  # 3rd
    # A summer closure with a substitute (the new row opens when asked for).
    page.get_by_text("Une nouvelle fermeture ou un message").click()
    page.locator("#id_closures-0-start").fill(f"{year}-08-01")
    page.locator("#id_closures-0-end").fill(f"{year}-08-23")
    page.locator("#id_closures-0-message").fill("congés d'été")
    page.locator("#id_closures-0-substitute").select_option(label=association_b.name)
    page.get_by_role("button", name="Enregistrer la fiche").click()
    expect(page.locator(".messages")).to_contain_text("La fiche est enregistrée.")

    page.get_by_role("button", name="Toujours à jour").click()
    expect(page.locator(".messages")).to_contain_text("marquée à jour")
    check_page(page, "directory-editor-saved")

    visitor.reload()
    body = visitor.locator("body")
    expect(body).to_contain_text("jeudi 14 h – 17 h")
    expect(body).to_contain_text("samedi")
    expect(body).to_contain_text("1er")
    expect(body).to_contain_text("Congés d'été.")
    expect(visitor.get_by_role("link", name=association_b.name)).to_be_visible()
    with translation.override("fr"):
        checked = hours.format_date(timezone.localdate())
    expect(body).to_contain_text(f"Vérifiée le {checked}")
    expect(body).to_contain_text("par l’association")
    check_page(visitor, "directory-sheet-updated")


def test_an_editor_sets_a_places_coordinates_by_clicking_the_map(new_page, editor_a, association_a):
    liaison = LiaisonSheet.objects.create(association=association_a)
    Place.objects.create(
        sheet=liaison,
        address="3 rue des Arts",
        neighbourhood=association_a.neighbourhood,
        opening_hours="Tu 09:00-12:00",
    )
    page = new_page()
    log_in(page, editor_a.email, PASSWORD)
    page.goto(f"/associations/{association_a.slug}/modifier/")
    latitude = page.locator("#id_places-0-latitude")
    longitude = page.locator("#id_places-0-longitude")
    expect(latitude).to_have_value("")
    picker = page.get_by_role("region", name="Carte pour placer le lieu")
    expect(picker).to_be_visible()
    expect(page.locator("body")).to_contain_text("Ou cliquez sur le lieu sur la carte")
    picker.click(position={"x": 200, "y": 120})
    expect(latitude).not_to_have_value("")
    expect(longitude).not_to_have_value("")
    lat, lon = float(latitude.input_value()), float(longitude.input_value())
    assert 50.6 < lat < 50.8 and 3.1 < lon < 3.25, (lat, lon)
    expect(page.locator(".place-picker .leaflet-interactive")).to_have_count(1)  # the marker
    check_page(page, "directory-editor-map")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    expect(page.locator(".messages")).to_contain_text("La fiche est enregistrée.")
    place = Place.objects.get(sheet=liaison)
    assert abs(float(place.latitude) - lat) < 1e-5 and abs(float(place.longitude) - lon) < 1e-5


def test_without_javascript_the_coordinates_are_typed(
    browser, live_server, editor_a, association_a
):
    liaison = LiaisonSheet.objects.create(association=association_a)
    Place.objects.create(
        sheet=liaison, address="3 rue des Arts", neighbourhood=association_a.neighbourhood
    )
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, locale="fr-FR"
    )
    page = context.new_page()
    log_in(page, editor_a.email, PASSWORD)
    page.goto(f"/associations/{association_a.slug}/modifier/")
    expect(page.locator(".place-picker")).to_have_count(0)
    page.locator("#id_places-0-latitude").fill("50.6942")
    page.locator("#id_places-0-longitude").fill("3.1746")
    page.get_by_role("button", name="Enregistrer la fiche").click()
    expect(page.locator(".messages")).to_contain_text("La fiche est enregistrée.")
    place = Place.objects.get(sheet=liaison)
    assert (str(place.latitude), str(place.longitude)) == ("50.694200", "3.174600")
    context.close()
