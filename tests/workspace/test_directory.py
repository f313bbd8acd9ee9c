"""The liaison sheets' editor (who may, bad input, the weekly hours editor, closures,
"toujours à jour", revisions), the directory's statuses and filters, the search by activity
words, the home page's links, the anonymous page cache and constant query counts."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from entraide import pagecache
from tests.factories import AssociationFactory
from workspace.models import (
    Activity,
    Closure,
    LiaisonSheet,
    Neighbourhood,
    Place,
    Service,
    SheetRevision,
)
from workspace.services import directory, hours


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def editor_form(client, slug):
    """The editor's form as a browser would send it unchanged: {name: value or [values]}."""
    response = client.get(reverse("directory:edit", args=[slug]))
    assert response.status_code == 200
    form = BeautifulSoup(response.content, "html.parser").select_one("form.sheet-editor")
    data = {}
    for field in form.select("input, select, textarea"):
        name = field.get("name")
        if not name:
            continue
        if field.name == "select":
            chosen = field.select("option[selected]") or field.select("option")[:1]
            values = [o.get("value", "") for o in chosen]
            if field.has_attr("multiple"):
                data[name] = values
            else:
                data[name] = values[0] if values else ""
        elif field.name == "textarea":
            data[name] = field.text.strip("\n")
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        else:
            data[name] = field.get("value", "")
    return data


def week(data, prefix, **days):
    """Tick days in the weekly editor of the form ``prefix`` (e.g. ``places-0``)."""
    for code, (start, end, *weeks) in days.items():
        data[f"{prefix}-hours-{code}_open"] = "on"
        data[f"{prefix}-hours-{code}_start1"] = start
        data[f"{prefix}-hours-{code}_end1"] = end
        data[f"{prefix}-hours-{code}_weeks"] = weeks[0] if weeks else ["every"]
    return data


@pytest.fixture
def sheet_a(association_a):
    sheet = LiaisonSheet.objects.create(association=association_a)
    Place.objects.create(
        sheet=sheet,
        address="1 rue de la Paix",
        neighbourhood=association_a.neighbourhood,
        opening_hours="Tu 09:00-12:00; PH off",
    )
    return sheet


# --- Who may edit ------------------------------------------------------------------------


def test_only_the_associations_editors_and_the_coordinator_edit_its_sheet(
    people, client_for, sheet_a, association_a, association_b
):
    url = reverse("directory:edit", args=[association_a.slug])
    expected = {
        "anonymous": 302,
        "member_a": 404,
        "editor_a": 200,
        "member_b": 404,
        "editor_b": 404,  # another association's sheet
        "agent": 404,
        "coordinator": 200,
    }
    for role, user in people.items():
        assert client_for(user).get(url).status_code == expected[role], role
        post = client_for(user).post(url, {})
        assert post.status_code == {200: 400}.get(expected[role], expected[role]), role
        confirm = client_for(user).post(reverse("directory:confirm", args=[association_a.slug]))
        assert confirm.status_code == {200: 302}.get(expected[role], expected[role]), role
    # Nothing was saved by those who may not.
    assert not SheetRevision.objects.exclude(user__in=[people["editor_a"], people["coordinator"]])


# --- Saving, revisions, the weekly editor, closures, "toujours à jour" ----------------------


def test_an_editor_changes_the_hours_adds_a_summer_closure_and_confirms(
    client_for, editor_a, association_a, sheet_a, association_b
):
    client = client_for(editor_a)
    data = editor_form(client, association_a.slug)
    # Tuesday is no longer open: unticked and its times cleared.
    data.pop("places-0-hours-tu_open")
    data["places-0-hours-tu_start1"] = data["places-0-hours-tu_end1"] = ""
    week(data, "places-0", th=("14:00", "17:00"), sa=("09:00", "12:00", ["1", "3"]))
    data["places-0-hours-closed_on_holidays"] = ["on"]
    summer = datetime.date(timezone.localdate().year + 1, 8, 1)
    data.update(
        {
            "closures-0-start": summer.isoformat(),
            "closures-0-end": (summer + datetime.timedelta(days=22)).isoformat(),
            "closures-0-closed": ["on"],
            "closures-0-message": "congés d'été",
            "closures-0-substitute": str(association_b.pk),
        }
    )
    response = client.post(reverse("directory:edit", args=[association_a.slug]), data)
    assert response.status_code == 302, BeautifulSoup(response.content, "html.parser").select(
        ".errorlist, .error-summary"
    )
    place = Place.objects.get(sheet=sheet_a)
    assert place.opening_hours == "Th 14:00-17:00; Sa[1,3] 09:00-12:00; PH off"
    closure = Closure.objects.get(sheet=sheet_a)
    assert closure.substitute == association_b and closure.end == summer + datetime.timedelta(22)
    revision = SheetRevision.objects.get(sheet=sheet_a)
    assert revision.user == editor_a
    assert revision.content["places"][0]["opening_hours"] == place.opening_hours

    client.post(reverse("directory:confirm", args=[association_a.slug]))
    sheet_a.refresh_from_db()
    assert sheet_a.last_checked_on == timezone.localdate()
    assert sheet_a.last_checked_by == editor_a and not sheet_a.checked_by_phone

    page = client_for(None).get(reverse("directory:sheet", args=[association_a.slug]))
    text = page.content.decode()
    assert "jeudi 14 h – 17 h" in text
    assert "1er et 3e samedis du mois" in text or "1er et 3e samedi" in text
    assert "Congés d'été" in text.replace("&#x27;", "'")
    assert association_b.name in text
    assert "par l’association" in text or "par l'association" in text


def test_the_coordinator_confirming_is_a_check_by_the_ccas(client_for, coordinator, sheet_a):
    client_for(coordinator).post(reverse("directory:confirm", args=[sheet_a.association.slug]))
    sheet_a.refresh_from_db()
    assert sheet_a.checked_by_phone and sheet_a.last_checked_by == coordinator


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("contact-phone", "12 34", "03 20 12 34 56"),
        ("contact-email", "pas-une-adresse", "contact@association.fr"),
        ("sheet-orientation_phone", "abc", "03 20 12 34 56"),
        ("sheet-siret", "123", "14 chiffres"),
        ("referents-0-email", "x@", "contact@association.fr"),
    ],
)
def test_bad_input_is_explained_in_french_kept_and_not_saved(
    client_for, editor_a, association_a, sheet_a, field, value, message
):
    client = client_for(editor_a)
    data = editor_form(client, association_a.slug)
    if field.startswith("referents-0"):
        data["referents-0-name"] = "Une personne"
    data[field] = value
    response = client.post(reverse("directory:edit", args=[association_a.slug]), data)
    assert response.status_code == 400
    body = response.content.decode().replace("&#x27;", "'").replace("&nbsp;", " ")
    assert message in body
    assert f'value="{value}"' in body
    assert not SheetRevision.objects.exists()


@pytest.mark.parametrize("prefix", ["places", "services", "closures", "referents"])
def test_a_forged_row_count_builds_no_more_rows_than_allowed(
    client_for, editor_a, association_a, sheet_a, prefix
):
    """TOTAL_FORMS comes from the browser: a huge count once built 2,000 places (each with
    its weekly editor) in one request. Now the count is capped and answered with an error."""
    from workspace.forms.directory import MAX_ROWS

    client = client_for(editor_a)
    data = editor_form(client, association_a.slug)
    data[f"{prefix}-TOTAL_FORMS"] = "99999999999999999999999"
    response = client.post(reverse("directory:edit", args=[association_a.slug]), data)
    assert response.status_code == 400
    formset = response.context["parts"][prefix]
    assert len(formset.forms) == MAX_ROWS[prefix]
    body = response.content.decode()
    assert f"Au plus {MAX_ROWS[prefix]} éléments ici" in body
    assert not SheetRevision.objects.exists()


def test_a_phone_number_is_written_the_french_way(client_for, editor_a, association_a, sheet_a):
    client = client_for(editor_a)
    data = editor_form(client, association_a.slug)
    data["contact-phone"] = "0320123456"
    assert (
        client.post(reverse("directory:edit", args=[association_a.slug]), data).status_code == 302
    )
    association_a.refresh_from_db()
    assert association_a.phone == "03 20 12 34 56"


def test_invalid_hours_are_explained_and_not_saved(client_for, editor_a, association_a, sheet_a):
    client = client_for(editor_a)
    data = editor_form(client, association_a.slug)
    week(data, "places-0", we=("14:00", "11:00"))
    response = client.post(reverse("directory:edit", args=[association_a.slug]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Les horaires ne sont pas enregistrés" in body.replace("&#x27;", "'")
    assert 'value="14:00"' in body
    assert Place.objects.get(sheet=sheet_a).opening_hours == "Tu 09:00-12:00; PH off"


def test_coordinates_outside_the_area_are_saved_with_a_warning(
    client_for, editor_a, association_a, sheet_a
):
    client = client_for(editor_a)
    data = editor_form(client, association_a.slug)
    data["places-0-latitude"] = "48.8566"
    data["places-0-longitude"] = "2.3522"
    response = client.post(reverse("directory:edit", args=[association_a.slug]), data, follow=True)
    assert "en dehors de Roubaix" in response.content.decode()
    assert float(Place.objects.get(sheet=sheet_a).latitude) == pytest.approx(48.8566)


def test_opening_a_field_needs_the_coordinator(
    client_for, editor_a, coordinator, association_a, sheet_a
):
    client = client_for(editor_a)
    data = editor_form(client, association_a.slug)
    data["visibility-level_admin_situations"] = "P"  # not offered to the editor
    response = client.post(reverse("directory:edit", args=[association_a.slug]), data)
    assert response.status_code == 400
    data["visibility-level_admin_situations"] = "A"
    data["visibility-level_presentation"] = "N"  # stricter: fine
    assert (
        client.post(reverse("directory:edit", args=[association_a.slug]), data).status_code == 302
    )
    sheet_a.refresh_from_db()
    assert sheet_a.visibility == {"presentation": "N"}

    client = client_for(coordinator)
    data = editor_form(client, association_a.slug)
    data["visibility-level_admin_situations"] = "N"
    response = client.post(reverse("directory:edit", args=[association_a.slug]), data, follow=True)
    body = response.content.decode()
    assert "plus ouvert que d" in body.replace("&#x27;", "'").replace("’", "'")
    sheet_a.refresh_from_db()
    assert sheet_a.visibility["admin_situations"] == "N"
    assert "admin_situations" in sheet_a.open_allowed


def test_another_associations_sheet_is_a_404_even_by_slug_guessing(client_for, editor_b, sheet_a):
    url = reverse("directory:edit", args=[sheet_a.association.slug])
    assert client_for(editor_b).get(url).status_code == 404
    assert client_for(editor_b).get(reverse("directory:edit", args=["nope"])).status_code == 404


# --- The directory: statuses, filters, search, home page --------------------------------------


def sheet_with(slug, neighbourhood, text, activity, **extra):
    association = AssociationFactory(slug=slug, name=slug.title(), neighbourhood=neighbourhood)
    sheet = LiaisonSheet.objects.create(association=association, **extra)
    place = Place.objects.create(
        sheet=sheet, address=f"{slug} rue", neighbourhood=neighbourhood, opening_hours=text
    )
    Service.objects.create(sheet=sheet, activity=activity, place=place)
    return sheet


def test_each_result_says_open_now_or_next_opening(db, client):
    sheet_with("toujours", Neighbourhood.ALMA, "24/7", Activity.BABY)
    sheet_with("lundi", Neighbourhood.PILE, "Mo 07:13-07:14", Activity.MEALS)
    body = client.get(reverse("directory:list")).content.decode()
    assert "ouvert maintenant" in body
    assert "prochaine ouverture" in body


def test_filters_neighbourhood_activity_open_now_day(db, client):
    sheet_with("toujours", Neighbourhood.ALMA, "24/7", Activity.BABY)
    sheet_with("lundi", Neighbourhood.ALMA, "Mo 07:13-07:14", Activity.BABY)
    sheet_with("pile", Neighbourhood.PILE, "24/7", Activity.MEALS)

    def kept(**params):
        body = client.get(reverse("directory:list"), params).content.decode()
        return {s for s in ("toujours", "lundi", "pile") if f"/associations/{s}/" in body}

    assert kept(neighbourhood="alma") == {"toujours", "lundi"}
    assert kept(neighbourhood="alma", activity="bebe", open_now="on") == {"toujours"}
    monday = timezone.localdate() + datetime.timedelta(
        days=(7 - timezone.localdate().weekday()) % 7
    )
    assert kept(day=monday.isoformat(), activity="bebe") == {"toujours", "lundi"}
    tuesday = monday + datetime.timedelta(days=1)
    assert kept(day=tuesday.strftime("%d/%m/%Y")) == {"toujours", "pile"}
    assert kept(week="on") == {"toujours", "lundi", "pile"}
    # A bad date is explained, nothing filtered, no error.
    response = client.get(reverse("directory:list"), {"day": "31/02/2026"})
    assert response.status_code == 200 and "14/12/2026" in response.content.decode()


def test_open_this_summer_follows_closures(db, client):
    sheet = sheet_with("ete", Neighbourhood.ALMA, "Mo-Fr 09:00-12:00", Activity.MEALS)
    sheet_with("autre", Neighbourhood.ALMA, "Mo-Fr 09:00-12:00", Activity.MEALS)
    today = timezone.localdate()
    year = today.year if today.month <= 8 else today.year + 1
    Closure.objects.create(
        sheet=sheet,
        start=datetime.date(year, 7, 1),
        end=datetime.date(year, 8, 31),
        message="fermé tout l'été",
    )
    body = client.get(reverse("directory:list"), {"summer": "on"}).content.decode()
    assert "/associations/autre/" in body and "/associations/ete/" not in body


def test_status_follows_closures_and_names_the_substitute(db):
    sheet = sheet_with("ferme", Neighbourhood.ALMA, "24/7", Activity.MEALS)
    other = sheet_with("relais", Neighbourhood.ALMA, "24/7", Activity.MEALS)
    today = timezone.localdate()
    Closure.objects.create(
        sheet=sheet,
        start=today,
        end=today + datetime.timedelta(days=2),
        message="travaux",
        substitute=other.association,
    )
    from django.contrib.auth.models import AnonymousUser

    view = directory.view_of(directory.sheets().get(pk=sheet.pk), AnonymousUser())
    state = directory.status(view)
    assert not state["open"]
    assert "travaux" in state["phrase"] and "Relais" in state["phrase"]


def test_network_search_finds_associations_by_activity_words(db, client):
    sheet_with("bebes", Neighbourhood.ALMA, "Tu 09:00-12:00", Activity.BABY)
    sheet_with("colis", Neighbourhood.PILE, "Tu 09:00-12:00", Activity.FOOD_PARCELS)
    for word, slug in (("bébé", "bebes"), ("couches", "bebes"), ("colis", "colis")):
        body = client.get(reverse("search"), {"q": word}).content.decode()
        assert f"/associations/{slug}/" in body, word
    body = client.get(reverse("search"), {"q": "horaires"}).content.decode()
    assert "/associations/bebes/" in body and "/associations/colis/" in body


def test_search_reads_the_sheets_from_the_cache_and_sees_a_change_at_once(db, client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.ANONYMOUS_PAGE_CACHE = False  # the search page itself is asked afresh
    colis = sheet_with("colis", Neighbourhood.PILE, "Tu 09:00-12:00", Activity.FOOD_PARCELS)

    def search(word):
        with CaptureQueriesContext(connection) as queries:
            body = client.get(reverse("search"), {"q": word}).content.decode()
        # Queries that read the sheets (not the places or services, which join them to
        # keep to the current network).
        sheet_queries = [q for q in queries if 'FROM "workspace_liaisonsheet"' in q["sql"]]
        return "/associations/colis/" in body, len(sheet_queries)

    assert search("couches") == (False, 1)  # the first search reads the sheets once
    assert search("couches") == (False, 0)  # then from the cache
    Service.objects.create(sheet=colis, activity=Activity.BABY, place=colis.places.get())
    assert search("couches") == (True, 1)  # the change starts a new generation
    assert search("colis") == (True, 0)


def test_home_page_cards_link_to_the_sheets(db, client, association_a):
    from entraide.models import HomePage

    if not HomePage.objects.live().exists():
        pytest.skip("no home page in this database")
    body = client.get("/").content.decode()
    assert reverse("directory:sheet", args=[association_a.slug]) in body


# --- Cache and query counts -------------------------------------------------------------------


def test_anonymous_directory_and_sheets_are_cached_until_a_change(db, client, settings):
    settings.ANONYMOUS_PAGE_CACHE = True
    sheet = sheet_with("cache", Neighbourhood.ALMA, "Tu 09:00-12:00", Activity.BABY)
    for url in (reverse("directory:list"), reverse("directory:sheet", args=["cache"])):
        assert client.get(url)[pagecache.HEADER] == "miss"
        assert client.get(url)[pagecache.HEADER] == "hit"
    place = sheet.places.get()
    place.address = "2 rue Nouvelle"
    place.save()
    response = client.get(reverse("directory:sheet", args=["cache"]))
    assert response[pagecache.HEADER] == "miss" and "2 rue Nouvelle" in response.content.decode()


def test_open_now_pages_are_kept_until_the_status_changes(db, rf):
    from django.contrib.auth.models import AnonymousUser

    from workspace.views import directory as views

    sheet_with("bientot", Neighbourhood.ALMA, "Mo-Su 00:00-24:00", Activity.BABY)
    request = rf.get(reverse("directory:list"))
    request.user = AnonymousUser()
    views.directory_list(request)
    now = timezone.localtime()
    midnight = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time.min, hours.PARIS
    )
    assert 0 < request.page_cache_seconds <= (midnight - now).total_seconds() + 1


@pytest.mark.parametrize("url_name", ["directory:list", "directory:map", "orientation"])
def test_query_count_does_not_grow_with_200_associations(db, client_for, coordinator, url_name):
    def count(n):
        for i in range(n):
            sheet_with(
                f"a{url_name[:3]}{i}-{n}", Neighbourhood.ALMA, "Tu 09:00-12:00", Activity.BABY
            )
        client = client_for(coordinator)
        client.get(reverse(url_name))  # warm up (session, groups)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(url_name)).status_code == 200
        return len(queries)

    few = count(3)
    many = count(197)
    assert many == few


def test_sheet_query_count_is_constant(db, client, settings):
    settings.ANONYMOUS_PAGE_CACHE = False  # the page itself, rendered each time
    sheet = sheet_with("compte", Neighbourhood.ALMA, "Tu 09:00-12:00", Activity.BABY)

    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("directory:sheet", args=["compte"]))
        return len(queries)

    client.get(reverse("directory:sheet", args=["compte"]))  # the process reads its networks once
    pagecache.invalidate()  # as the changes below do: the cached fragments are read again
    few = count()
    for i in range(20):
        Place.objects.create(sheet=sheet, address=f"{i} rue", neighbourhood="alma")
        Service.objects.create(sheet=sheet, activity=Activity.MEALS)
    assert count() == few


def test_tile_server_and_its_csp_entry_come_from_settings(db, client):
    from entraide import settings as site_settings

    origin = site_settings._tile_origin(site_settings.DIRECTORY_TILE_URL)
    assert origin in site_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
    assert site_settings._tile_origin("") is None
    # The tests never call out: no tile server, Leaflet served from static/.
    body = client.get(reverse("directory:list")).content.decode()
    assert 'data-tiles=""' in body
    assert "/static/vendor/leaflet-1.9.4/leaflet.js" in body
    assert "https://" not in body.split("<footer")[0]
