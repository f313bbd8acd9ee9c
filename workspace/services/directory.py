"""The liaison sheets: what a person may read of them (``SheetView``), and every write.

A ``SheetView`` holds only the facts of one sheet that one person may read, as decided by
``workspace.permissions.visible_fields``; the sheet page, the directory and its filters, the
map data, the orientation view and the search read sheets through it, so a hidden fact is
never in what they compute from (a filter on it cannot narrow anything).
"""

import datetime
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from entraide import pagecache

from .. import permissions
from ..models import (
    ACTIVITY_WORDS,
    CHECKED_SECTIONS,
    Association,
    Closure,
    Language,
    LiaisonSheet,
    Place,
    Referent,
    Service,
    SheetRevision,
)
from . import hours

# Coordinates of the area served by the network (Roubaix and its edges): a place outside is
# accepted with a warning (a typing mistake, usually).
AREA_BOUNDS = {"south": 50.655, "north": 50.715, "west": 3.125, "east": 3.225}


def sheets():
    """Every active association's sheet, with what the outputs read, in a constant number of
    queries."""
    return (
        LiaisonSheet.objects.filter(association__in=Association.objects.active())
        .select_related("association", "last_checked_by")
        .prefetch_related(
            Prefetch("places", queryset=Place.objects.order_by("position", "pk")),
            Prefetch(
                "services", queryset=Service.objects.select_related("place").order_by("position")
            ),
            Prefetch(
                "closures",
                queryset=Closure.objects.filter(end__gte=timezone.localdate())
                .select_related("substitute")
                .order_by("start"),
                to_attr="current_closures",
            ),
            Prefetch("referents", queryset=Referent.objects.order_by("position", "pk")),
        )
        .order_by("association__name")
    )


def sheet_for(association):
    """The association's sheet, created empty the first time it is asked for."""
    sheet, _created = LiaisonSheet.objects.get_or_create(association=association)
    return sheet


def in_area(latitude, longitude):
    if latitude is None or longitude is None:
        return True
    b = AREA_BOUNDS
    return (
        b["south"] <= float(latitude) <= b["north"] and b["west"] <= float(longitude) <= b["east"]
    )


@dataclass
class SheetView:
    """What one person may read of one sheet. Hidden facts are absent, not just unprinted."""

    sheet: LiaisonSheet
    association: Association
    show: frozenset
    places: list = field(default_factory=list)
    services: list = field(default_factory=list)
    closures: list = field(default_factory=list)
    referents: list = field(default_factory=list)
    languages: list = field(default_factory=list)

    @property
    def slug(self):
        return self.association.slug

    @property
    def name(self):
        return self.association.name

    @property
    def f(self):
        """{field key: True} of the visible fields, for templates (``view.f.hours``)."""
        return {key: True for key in self.show}

    def value(self, key, attribute):
        """The sheet's ``attribute`` when the field ``key`` is visible, else ``None``."""
        return getattr(self.sheet, attribute) if key in self.show else None

    @property
    def language_labels(self):
        return [Language(code).label for code in self.languages if code in Language.values]

    @property
    def activities(self):
        return [s.activity for s in self.services]

    @property
    def neighbourhoods(self):
        """The association's neighbourhood, and its places' when the places are visible."""
        found = [self.association.neighbourhood]
        found += [p.neighbourhood for p in self.places if p.neighbourhood not in found]
        return found

    @property
    def step_free(self):
        return any(p.step_free for p in self.places)

    def hours_sources(self):
        """[(place or None, service or None, OSM text)] of the visible opening hours."""
        if "hours" not in self.show:
            return []
        sources = [(p, None, p.opening_hours) for p in self.sheet.places.all() if p.opening_hours]
        if "services" in self.show:
            sources += [(s.place, s, s.opening_hours) for s in self.services if s.opening_hours]
        return sources

    def closure_data(self):
        """The visible dated closures (not the mere messages) as the hours module takes them."""
        return [
            hours.Closure(c.start, c.end, c.message, substitute_label(c))
            for c in self.closures
            if c.closed
        ]

    def search_text(self):
        """The words the search index and the directory's word search may match."""
        words = [self.association.name, self.association.get_neighbourhood_display()]
        if "presentation" in self.show:
            words.append(self.sheet.presentation)
        if "network" in self.show:
            words.append(self.sheet.network)
        if "services" in self.show:
            for service in self.services:
                words += [
                    service.get_activity_display(),
                    service.description,
                    ACTIVITY_WORDS.get(service.activity, ""),
                ]
        if "hours" in self.show:
            words.append("horaires heures ouverture ouvert")
        if "places" in self.show:
            words += [p.full_address for p in self.places]
        return " ".join(w for w in words if w)


def folded(text):
    """Lower case, without accents, each word without its plural ``s``/``x``: "Bébés" and
    "bebe" match."""
    text = unicodedata.normalize("NFKD", (text or "").lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = []
    for word in text.split():
        word = word.strip(".,;:!?()«»\"'")
        if len(word) > 3 and word[-1] in "sx":
            word = word[:-1]
        words.append(word)
    return " ".join(words)


def substitute_label(closure):
    if closure.substitute_id:
        return closure.substitute.name
    return closure.substitute_text


def view_of(sheet, user, today=None, level=None):
    """The ``SheetView`` of ``sheet`` for ``user`` (``sheet`` fetched with ``sheets()`` or not),
    or for any reader of ``level`` when it is given."""
    if level is None:
        show = permissions.visible_fields(sheet, user)
    else:
        show = permissions.fields_at_level(sheet, level)
    today = today or timezone.localdate()
    closures = getattr(sheet, "current_closures", None)
    if closures is None:
        closures = [c for c in sheet.closures.select_related("substitute") if c.end >= today]
    return SheetView(
        sheet=sheet,
        association=sheet.association,
        show=show,
        places=list(sheet.places.all()) if "places" in show else [],
        services=list(sheet.services.all()) if "services" in show else [],
        closures=list(closures) if "closures" in show else [],
        referents=list(sheet.referents.all()) if "referents" in show else [],
        languages=list(sheet.languages or []) if "languages" in show else [],
    )


def views_for(user, queryset=None):
    """The ``SheetView`` of every active sheet (or of ``queryset``) for ``user``. Every sheet,
    for a reader who reads them all at one level (``permissions.uniform_viewer_level``: not an
    editor), is worked out once per level and day and kept until a sheet, its places,
    services, closures or referents change (they start a new generation of the cache:
    ``entraide_public_models``)."""
    if queryset is not None:
        return [view_of(sheet, user) for sheet in queryset]
    level = permissions.uniform_viewer_level(user)
    if level is None:
        return [view_of(sheet, user) for sheet in sheets()]
    today = timezone.localdate()
    return pagecache.remember(
        f"directory-views:{level}:{today.isoformat()}",
        lambda: [view_of(sheet, None, today, level=level) for sheet in sheets()],
    )


# --- Opening hours, from what the person may see ------------------------------------------


def status(view, now=None):
    """{"open": bool, "phrase": "ouvert maintenant — ferme à 12 h"…, "changes_at": datetime}
    from the visible hours and closures, or ``None`` when no hours are visible. With several
    places or services: open when one is open, else the soonest next opening."""
    return status_of([text for _p, _s, text in view.hours_sources()], view.closure_data(), now)


def status_of(texts, closures, now=None):
    """``status()`` from the OSM texts of the visible hours and the visible closures."""
    if not texts:
        return None
    now = now or timezone.localtime()
    states = [hours.status(text, now, closures) for text in texts]
    known = [state for state in states if state.known] or states
    opened = [state for state in known if state.is_open]
    if opened:
        chosen = opened[0]
    else:
        upcoming_states = [state for state in known if state.next_opening]
        chosen = (
            min(upcoming_states, key=lambda state: state.next_opening)
            if upcoming_states
            else known[0]
        )
    changes = [state.closes_at if state.is_open else state.next_opening for state in known]
    changes = [moment for moment in changes if moment is not None]
    return {
        "open": bool(opened),
        "phrase": chosen.phrase,
        "changes_at": min(changes) if changes else None,
    }


def open_at(view, moment):
    closures = view.closure_data()
    return any(hours.is_open(text, moment, closures) for _p, _s, text in view.hours_sources())


def open_between(view, first_day, last_day):
    """Whether the association opens at least once between two dates (both included),
    closures followed."""
    closures = view.closure_data()
    start = datetime.datetime.combine(first_day, datetime.time.min, hours.PARIS)
    end = datetime.datetime.combine(
        last_day + datetime.timedelta(days=1), datetime.time.min, hours.PARIS
    )
    return any(
        hours.opens_between(text, start, end, closures) for _p, _s, text in view.hours_sources()
    )


def upcoming(view, now=None, days=21):
    """The coming weeks, day by day: [{"day": date, "label": "jeudi 9 juillet : 9 h – 12 h"}],
    holidays named and closures with their substitute, per place or service when several."""
    sources = view.hours_sources()
    now = now or timezone.localtime()
    closures = view.closure_data()
    found = []
    for place, service, text in sources:
        name = ""
        if len(sources) > 1:
            name = service.get_activity_display() if service else str(place)
        for day in hours.upcoming_openings(text, now.date(), days, closures):
            label = day.describe()
            found.append({"day": day.day, "label": f"{name} — {label}" if name else label})
    return sorted(found, key=lambda entry: entry["day"])


def plain_hours(text):
    return hours.describe(text) if text else ""


def add_substitute_hours(views, substitutes):
    """Each visible closure that names a substitute association of the network gets
    ``substitute_hours``: the substitute's opening hours in plain words, as the same person may
    read them in ``substitutes`` (their ``SheetView``s; empty when its hours are hidden)."""
    by_association = {view.association.pk: view for view in substitutes}
    for view in views:
        for closure in view.closures:
            substitute = by_association.get(closure.substitute_id)
            texts = [text for _p, _s, text in substitute.hours_sources()] if substitute else []
            closure.substitute_hours = " ; ".join(plain_hours(text) for text in texts)
    return views


def substitutes_of(views, user):
    """The ``SheetView``s of the associations the closures of ``views`` send people to."""
    ids = {c.substitute_id for view in views for c in view.closures if c.substitute_id}
    if not ids:
        return []
    return views_for(user, sheets().filter(association_id__in=ids))


# --- Writes -------------------------------------------------------------------------------


def snapshot(sheet):
    """The whole sheet as JSON (a revision's content)."""

    def row(obj, names):
        return {n: _json(getattr(obj, n)) for n in names}

    sheet_fields = [
        f.attname
        for f in LiaisonSheet._meta.concrete_fields
        if f.name not in ("id", "association", "updated_at")
    ]
    return {
        "sheet": row(sheet, sheet_fields),
        "places": [
            row(p, [f.attname for f in Place._meta.concrete_fields if f.name != "sheet"])
            for p in sheet.places.order_by("position", "pk")
        ],
        "services": [
            row(s, [f.attname for f in Service._meta.concrete_fields if f.name != "sheet"])
            for s in sheet.services.order_by("position", "pk")
        ],
        "closures": [
            row(c, [f.attname for f in Closure._meta.concrete_fields if f.name != "sheet"])
            for c in sheet.closures.order_by("start", "pk")
        ],
        "referents": [
            row(r, [f.attname for f in Referent._meta.concrete_fields if f.name != "sheet"])
            for r in sheet.referents.order_by("position", "pk")
        ],
    }


def _json(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "as_tuple"):  # Decimal
        return str(value)
    return value


def record_revision(sheet, by, summary=""):
    return SheetRevision.objects.create(
        sheet=sheet, user=by, summary=summary[:200], content=snapshot(sheet)
    )


HOW_FIELDS = (
    "welcome",
    "welcome_details",
    "walk_in",
    "by_appointment",
    "registration",
    "on_referral",
    "access_details",
    "documents",
    "cost",
    "cost_details",
    "area_served",
    "languages",
)
ORIENTATION_FIELDS = (
    "accepts_undocumented",
    "admin_situations",
    "saturation",
    "saturation_details",
    "orientation_name",
    "orientation_role",
    "orientation_phone",
    "orientation_best_time",
    "agent_procedure",
    "points_to_watch",
)


def section_contents(sheet_pk):
    """{section key: what it shows}, read afresh from the database (the forms being saved
    have already changed the objects in memory)."""
    sheet = LiaisonSheet.objects.select_related("association").get(pk=sheet_pk)
    shot, association = snapshot(sheet), sheet.association
    values = shot["sheet"]
    places = [{k: v for k, v in p.items() if k != "opening_hours"} for p in shot["places"]]
    return {
        "services": [(s["activity"], s["description"], s["place_id"]) for s in shot["services"]],
        "hours": (
            [p["opening_hours"] for p in shot["places"]],
            [s["opening_hours"] for s in shot["services"]],
            shot["closures"],
        ),
        "places": places,
        "how": [values[name] for name in HOW_FIELDS],
        "contact": [association.phone, association.email, association.website],
        "orientation": [values[name] for name in ORIENTATION_FIELDS],
        "network": (
            shot["referents"],
            values["siret"],
            values["rna"],
            association.accepts_hosting,
            association.room_capacity,
        ),
    }


def section_dates(sheet):
    """{section key: date it was last changed or confirmed}, the whole sheet's
    ``last_checked_on`` for a section that has none of its own (``None`` if never checked)."""
    dates = {}
    for key in CHECKED_SECTIONS:
        own = (sheet.sections_checked or {}).get(key)
        dates[key] = datetime.date.fromisoformat(own) if own else sheet.last_checked_on
    return dates


@transaction.atomic
def save_sheet(sheet, by, forms, summary=""):
    """Save the sheet's form and formsets (already valid) and keep a revision; each section
    the save changed is dated today ("vérifié le …" on the sheet).

    ``forms`` are the bound, valid form of the sheet and formsets of its places, services,
    closures and referents, saved in this order (services and closures name places)."""
    before = section_contents(sheet.pk) if sheet.pk else {}
    for form in forms:
        form.save()
    after = section_contents(sheet.pk)
    today = timezone.localdate().isoformat()
    checked = dict(sheet.sections_checked or {})
    for key, content in after.items():
        if before.get(key) != content:
            checked[key] = today
    sheet.sections_checked = checked
    sheet.updated_at = timezone.now()
    sheet.save(update_fields=["updated_at", "sections_checked"])
    return record_revision(sheet, by, summary)


@transaction.atomic
def confirm_section(sheet, by, key, today=None):
    """One part of the sheet read again and still right: it is dated today ("vérifié le …"),
    the rest keeps its dates; a revision says which part. ``key`` is one of
    ``CHECKED_SECTIONS``."""
    if key not in CHECKED_SECTIONS:
        raise ValueError(key)
    day = today or timezone.localdate()
    checked = dict(sheet.sections_checked or {})
    checked[key] = day.isoformat()
    sheet.sections_checked = checked
    sheet.updated_at = timezone.now()
    sheet.save(update_fields=["sections_checked", "updated_at"])
    return record_revision(sheet, by, f"toujours à jour : {key}")


@transaction.atomic
def confirm_up_to_date(sheet, by, today=None):
    """ "Toujours à jour": the sheet was checked today by ``by`` (an agent of the CCAS on the
    phone when the coordination confirms for the association)."""
    sheet.last_checked_on = today or timezone.localdate()
    sheet.last_checked_by = by
    sheet.checked_by_phone = not permissions.is_editor_of(by, sheet.association)
    sheet.sections_checked = {key: sheet.last_checked_on.isoformat() for key in CHECKED_SECTIONS}
    sheet.updated_at = timezone.now()
    sheet.save(
        update_fields=[
            "last_checked_on",
            "last_checked_by",
            "checked_by_phone",
            "sections_checked",
            "updated_at",
        ]
    )
    return record_revision(sheet, by, "toujours à jour")
