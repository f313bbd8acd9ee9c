"""Per-field visibility of the liaison sheets: every field × every level × every role × every
output (sheet page, directory list, orientation view, map data, network search, filters).

One sheet of association A carries a distinct marker in every field; every adjustable field
is set to the level under test (the coordinator allowed opening them), the others keep their
default. A second association C has the same levels and the opposite facts, so that a filter
on a field shows whether it separates them. A marker must appear in an output for exactly the
roles allowed to read its field (where that output shows the field), and never elsewhere.
"""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tests.factories import AssociationFactory, UserFactory, make_member
from workspace import permissions
from workspace.models import (
    LEVEL_RANK,
    SHEET_FIELDS,
    Activity,
    Closure,
    Cost,
    Level,
    LiaisonSheet,
    Membership,
    Place,
    Referent,
    Role,
    Saturation,
    Service,
    Welcome,
)
from workspace.services import directory, memberships

LEVELS = [Level.PUBLIC, Level.NETWORK, Level.AGENTS]
# What each role may read on A's sheet.
ROLE_LEVEL = {
    "anonymous": Level.PUBLIC,
    "former": Level.PUBLIC,
    "member_a": Level.NETWORK,
    "member_b": Level.NETWORK,
    "editor_b": Level.NETWORK,
    "editor_a": Level.AGENTS,
    "agent": Level.AGENTS,
    "coordinator": Level.AGENTS,
}
HOURS_A = "Mo-Su 00:00-24:00"  # always open
HOURS_C = "Mo 07:13-07:14"  # almost always closed


def markers():
    """{field key: text that only that field puts in an output} (in the active language)."""
    return {
        "presentation": "ZPRESENTATIONZ",
        "network": "ZNETWORKZ",
        "places": "ZPLACEADDRESSZ",
        "contact": "zcontactz@exemple.org",
        "services": "ZSERVICEDETAILZ",
        "hours": "ZHOURSCOMMENTZ",
        "closures": "ZCLOSUREMESSAGEZ",
        "welcome": "ZWELCOMEDETAILZ",
        "access_modes": "ZACCESSDETAILZ",
        "documents": "ZDOCUMENTSZ",
        "cost": "ZCOSTDETAILZ",
        "area": "ZAREAZ",
        "languages": _("Romani"),
        "last_checked_on": "ZNEVERSHOWNZ",  # checked through visible_fields below
        "admin_situations": "ZADMINSITUATIONSZ",
        "saturation": "ZSATURATIONZ",
        "orientation_referent": "ZORIENTATIONREFERENTZ",
        "agent_procedure": "ZPROCEDUREZ",
        "points_to_watch": "ZWATCHZ",
        "referents": "ZREFERENTNAMEZ",
        "hosting": _("Room for %(n)s people.") % {"n": 4321},
        "external_ids": "98765432101234",
        "last_checked_by": "Zcheckerz",
        "name": "Association A",
    }


def build_sheet(association, level, matching, checker):
    """A's sheet (``matching``) or C's (the opposite facts), every adjustable field at ``level``."""
    m = markers() if matching else {}
    association.email = m.get("contact", "")
    association.accepts_hosting = matching
    association.room_capacity = 4321 if matching else None
    association.save()
    adjustable = [f.key for f in SHEET_FIELDS if f.adjustable]
    sheet = LiaisonSheet.objects.create(
        association=association,
        presentation=m.get("presentation", ""),
        network=m.get("network", ""),
        welcome=Welcome.EXCLUSIVE if matching else Welcome.UNCONDITIONAL,
        welcome_details=m.get("welcome", ""),
        on_referral=matching,
        access_details=m.get("access_modes", ""),
        documents=m.get("documents", ""),
        cost=Cost.CONTRIBUTION if matching else Cost.FREE,
        cost_details=m.get("cost", ""),
        area_served=m.get("area", ""),
        languages=["rom"] if matching else ["fr"],
        accepts_undocumented=matching,
        admin_situations=m.get("admin_situations", ""),
        saturation=Saturation.FULL if matching else Saturation.OPEN,
        saturation_details=m.get("saturation", ""),
        orientation_name=m.get("orientation_referent", ""),
        agent_procedure=m.get("agent_procedure", ""),
        points_to_watch=m.get("points_to_watch", ""),
        siret=m.get("external_ids", ""),
        last_checked_on=timezone.localdate(),
        last_checked_by=checker if matching else None,
        visibility={key: level.value for key in adjustable},
        open_allowed=adjustable,
    )
    place = Place.objects.create(
        sheet=sheet,
        address=m.get("places", "1 rue Ordinaire"),
        neighbourhood=association.neighbourhood,
        latitude=50.69,
        longitude=3.17,
        step_free=matching,
        opening_hours=(f'{HOURS_A} "{m["hours"]}"' if matching else HOURS_C),
    )
    Service.objects.create(
        sheet=sheet,
        activity=Activity.BABY if matching else Activity.MEALS,
        description=m.get("services", ""),
        place=place,
    )
    if matching:
        today = timezone.localdate()
        # A message only (the place stays open), current.
        Closure.objects.create(
            sheet=sheet,
            start=today,
            end=today + datetime.timedelta(days=3),
            closed=False,
            message=m["closures"],
        )
        Referent.objects.create(sheet=sheet, name=m["referents"])
    return sheet


@pytest.fixture
def world(db, people, association_a):
    former = make_member(association_a, Role.EDITOR, email="ancien@a.exemple.org")
    memberships.end_membership(
        Membership.objects.get(user=former, association=association_a), by=people["coordinator"]
    )
    checker = UserFactory(first_name="Zcheckerz", last_name="Verif", email="verif@exemple.org")
    c = AssociationFactory(name="Association C", slug="assoc-c")
    return {"people": {**people, "former": former}, "a": association_a, "c": c, "checker": checker}


def fetch(client_for, user, url):
    response = client_for(user).get(url)
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("level", LEVELS, ids=lambda level: level.value)
def test_every_field_every_level_every_role_every_output(world, client_for, level):
    a, c = world["a"], world["c"]
    sheet_a = build_sheet(a, level, True, world["checker"])
    build_sheet(c, level, False, None)
    all_markers = markers()
    fields_default = {f.key: f.default for f in SHEET_FIELDS}

    for role, user in world["people"].items():
        allowed = {
            key
            for key in all_markers
            if LEVEL_RANK[
                level
                if next(f for f in SHEET_FIELDS if f.key == key).adjustable
                else fields_default[key]
            ]
            <= LEVEL_RANK[ROLE_LEVEL[role]]
        }
        who = user if user is not None else _anonymous()
        # The one function.
        assert permissions.visible_fields(sheet_a, who) == frozenset(allowed), role

        # Sheet page: every field it may show, nothing else.
        status, page = fetch(client_for, user, reverse("directory:sheet", args=[a.slug]))
        assert status == 200
        for key, marker in all_markers.items():
            if key == "last_checked_on":
                continue
            assert (marker in page) == (key in allowed), (role, key, "page")
        # "Checked on" (P, not adjustable) is on every sheet.
        assert _("Checked on %(date)s by the association").split("%")[0] in page

        # Directory list and map data: places and current messages where allowed, no other
        # marker at all.
        status, listing = fetch(client_for, user, reverse("directory:list"))
        assert status == 200
        status, map_data = fetch(client_for, user, reverse("directory:map"))
        features = json.loads(map_data)["features"]
        addresses = " ".join(f["properties"]["address"] for f in features)
        for key, marker in all_markers.items():
            if key in ("name", "languages"):  # the name is public; the filter lists languages
                continue
            shown_on_list = key in ("places", "closures")
            assert (marker in listing) == (shown_on_list and key in allowed), (role, key, "list")
            assert (marker in addresses) == (key == "places" and key in allowed), (role, key, "map")
            assert key == "places" or marker not in map_data, (role, key, "map")

        # Orientation view: agents and coordinator only, with the A-level facts they may read.
        status, orientation = fetch(client_for, user, reverse("orientation"))
        if permissions.can_use_orientation(who):
            assert status == 200
            for key in ("saturation", "orientation_referent"):
                assert (all_markers[key] in orientation) == (key in allowed), (role, key)
        else:
            assert status in (302, 403)
            assert all(m not in orientation for m in all_markers.values())

        # Network search: by each text marker, A is found only through fields the person reads.
        for key in ("presentation", "network", "services", "places", "admin_situations"):
            status, results = fetch(client_for, user, reverse("search") + "?q=" + all_markers[key])
            assert status == 200
            found = reverse("directory:sheet", args=[a.slug]) in results
            indexed = key in ("presentation", "network", "services", "places")
            assert found == (indexed and key in allowed), (role, key, "search")
        status, results = fetch(client_for, user, reverse("search") + "?q=bébé")
        assert (reverse("directory:sheet", args=[a.slug]) in results) == ("services" in allowed)

        # Filters: a filter on a field separates A (matching) from C only for those who read
        # it; for the others it never tells A's value (A is then never kept by that filter),
        # and the orientation filters are ignored outside the orientation view.
        filters = {
            "welcome": ("welcome", Welcome.EXCLUSIVE),
            "cost": ("cost", Cost.CONTRIBUTION),
            "language": ("languages", "rom"),
            "step_free": ("places", "on"),
            "activity": ("services", Activity.BABY),
            "open_now": ("hours", "on"),
        }
        for name, (key, value) in filters.items():
            kept = _kept(client_for, user, "directory:list", {name: value}, a, c)
            expected = {"a"} if key in allowed else set()
            assert kept == expected, (role, name, kept)
        for name, (key, value) in {
            "undocumented": ("admin_situations", "on"),
            "saturation": ("saturation", Saturation.FULL),
            "on_referral": ("access_modes", "on"),
        }.items():
            # The public list ignores them: both A and C stay.
            assert _kept(client_for, user, "directory:list", {name: value}, a, c) == {"a", "c"}
            if permissions.can_use_orientation(who):
                kept = _kept(client_for, user, "orientation", {name: value}, a, c)
                assert kept == ({"a"} if key in allowed else set()), (role, name)
        # The word filter reads only visible words.
        kept = _kept(client_for, user, "directory:list", {"q": all_markers["presentation"]}, a, c)
        assert kept == ({"a"} if "presentation" in allowed else set())


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _kept(client_for, user, name, params, a, c):
    from urllib.parse import urlencode

    status, body = fetch(client_for, user, reverse(name) + "?" + urlencode(params))
    assert status == 200
    return {
        label
        for label, association in (("a", a), ("c", c))
        if f'href="{reverse("directory:sheet", args=[association.slug])}"' in body
    }


def test_field_levels_stricter_freely_more_open_only_where_the_coordinator_allows(db):
    a = AssociationFactory(slug="assoc-levels")
    sheet = LiaisonSheet.objects.create(association=a)
    assert permissions.field_level(sheet, "admin_situations") == Level.AGENTS
    sheet.visibility = {"presentation": "A", "admin_situations": "P", "name": "A"}
    # Stricter: taken. More open without the coordinator: the default stays. Not adjustable:
    # the default stays.
    assert permissions.field_level(sheet, "presentation") == Level.AGENTS
    assert permissions.field_level(sheet, "admin_situations") == Level.AGENTS
    assert permissions.field_level(sheet, "name") == Level.PUBLIC
    sheet.open_allowed = ["admin_situations"]
    assert permissions.field_level(sheet, "admin_situations") == Level.PUBLIC
    sheet.visibility = {"presentation": "nonsense"}
    assert permissions.field_level(sheet, "presentation") == Level.PUBLIC


def test_views_hold_no_hidden_fact(db):
    """A ``SheetView`` for an anonymous visitor carries no list of hidden rows."""
    a = AssociationFactory(slug="assoc-view")
    sheet = LiaisonSheet.objects.create(association=a, visibility={"places": "N", "services": "A"})
    Place.objects.create(sheet=sheet, address="caché", neighbourhood=a.neighbourhood)
    Service.objects.create(sheet=sheet, activity=Activity.BABY)
    Referent.objects.create(sheet=sheet, name="caché")
    view = directory.view_of(sheet, _anonymous())
    assert view.places == [] and view.services == [] and view.referents == []
    assert "caché" not in view.search_text()
