"""The liaison sheet's editor: the association's public contact, the sheet, its places,
services, closures and referents (formsets), and the level of each field."""

import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import inlineformset_factory
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from .. import permissions
from ..models import (
    FIELDS_BY_KEY,
    LEVEL_RANK,
    SHEET_FIELDS,
    Association,
    Closure,
    Language,
    Level,
    LiaisonSheet,
    Place,
    Referent,
    Service,
)
from ..services import directory
from .hours import WeeklyHoursForm

PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
PHONE_FORMAT = re.compile(r"^(0[1-9]\d{8}|\+33[1-9]\d{8}|\+\d{8,14})$")
PHONE_ERROR = gettext_lazy("Type a phone number such as 03 20 12 34 56 or +33 3 20 12 34 56.")
EMAIL_ERROR = gettext_lazy("Type an e-mail address such as contact@association.fr.")


def clean_phone(value):
    """A phone number as people type it, checked and written ``03 20 12 34 56``."""
    value = (value or "").strip()
    if not value:
        return ""
    compact = PHONE_SEPARATORS.sub("", value)
    if not PHONE_FORMAT.match(compact):
        raise forms.ValidationError(PHONE_ERROR, code="phone")
    if compact.startswith("0"):
        return " ".join(compact[i : i + 2] for i in range(0, 10, 2))
    return compact


class EmailField(forms.EmailField):
    default_error_messages = {"invalid": EMAIL_ERROR}


class ContactForm(forms.ModelForm):
    """The association's public contact and its hosting of meetings (on ``Association``)."""

    email = EmailField(label=gettext_lazy("Public e-mail"), required=False)

    class Meta:
        model = Association
        fields = ["phone", "email", "website", "accepts_hosting", "room_capacity"]
        labels = {"phone": gettext_lazy("Public phone"), "website": gettext_lazy("Website")}
        error_messages = {
            "website": {"invalid": gettext_lazy("Type an address such as https://association.fr.")}
        }

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))


# Logos: formats a browser shows and that carry no script (no SVG), and their extension.
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
LOGO_MAX_BYTES = 1024 * 1024


class SheetForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages spoken"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = LiaisonSheet
        fields = [
            "logo",
            "presentation",
            "network",
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
            "siret",
            "rna",
        ]
        widgets = {
            "presentation": forms.Textarea(attrs={"rows": 3}),
            "documents": forms.Textarea(attrs={"rows": 2}),
            "agent_procedure": forms.Textarea(attrs={"rows": 2}),
            "points_to_watch": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_orientation_phone(self):
        return clean_phone(self.cleaned_data.get("orientation_phone"))

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo or logo == self.initial.get("logo"):
            return logo  # unchanged, or cleared
        if logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo is too large: 1 MB at most."))
        image = getattr(logo, "image", None)  # what Pillow read (Django's ImageField)
        if image is None or image.format not in LOGO_FORMATS:
            raise forms.ValidationError(_("The logo must be a PNG, JPEG or WebP image."))
        extension = LOGO_FORMATS[image.format]
        logo.name = f"logo.{extension}"
        return logo

    def clean_siret(self):
        value = re.sub(r"\s", "", self.cleaned_data.get("siret") or "")
        if value and not re.fullmatch(r"\d{14}", value):
            raise forms.ValidationError(_("A SIRET number has 14 digits."))
        return value

    def clean_rna(self):
        value = (self.cleaned_data.get("rna") or "").strip().upper()
        if value and not re.fullmatch(r"W\d{9}", value):
            raise forms.ValidationError(_("An RNA number is a W followed by 9 digits."))
        return value


class WeeklyHoursMixin:
    """A place's (or a service's) opening hours through the weekly editor: editors tick days
    and type times, the editor writes the OpenStreetMap text. No day ticked means no hours
    (a service then follows its place's)."""

    def make_hours_form(self):
        self.hours_form = self.sent_hours_form = WeeklyHoursForm(
            self.data if self.is_bound else None,
            prefix=f"{self.prefix}-hours",
            initial_text=self.instance.opening_hours,
        )

    def has_changed(self):
        return super().has_changed() or self.sent_hours_form.has_changed()

    def full_clean(self):
        super().full_clean()
        if self.empty_permitted and not self.has_changed():
            # An untouched new row is not saved: its weekly editor shows no error either.
            self.hours_form = WeeklyHoursForm(
                prefix=f"{self.prefix}-hours", initial_text=self.instance.opening_hours
            )

    def clean_weekly_hours(self):
        form = self.sent_hours_form
        if form.is_valid():
            return form.opening_hours
        only_empty = list(form.errors) == [NON_FIELD_ERRORS] and form.has_error(
            NON_FIELD_ERRORS, "empty"
        )
        if only_empty:
            return ""
        self.add_error(None, _("The opening hours are not saved: correct the days shown."))
        return self.instance.opening_hours

    def save(self, commit=True):
        if hasattr(self, "weekly_hours"):
            self.instance.opening_hours = self.weekly_hours
        return super().save(commit)


class PlaceForm(WeeklyHoursMixin, forms.ModelForm):
    class Meta:
        model = Place
        fields = [
            "name",
            "address",
            "postcode",
            "city",
            "neighbourhood",
            "latitude",
            "longitude",
            "step_free",
            "floor",
            "transport",
        ]
        help_texts = {
            "latitude": gettext_lazy("For example 50.6942."),
            "longitude": gettext_lazy("For example 3.1746."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = []
        self.make_hours_form()

    def clean(self):
        data = super().clean()
        self.weekly_hours = self.clean_weekly_hours()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            raise forms.ValidationError(_("Give both the latitude and the longitude, or neither."))
        if not directory.in_area(latitude, longitude):
            self.warnings.append(
                _(
                    "The place %(address)s is outside Roubaix and its edges on the map: "
                    "check its coordinates."
                )
                % {"address": data.get("address") or ""}
            )
        return data


class ServiceForm(WeeklyHoursMixin, forms.ModelForm):
    class Meta:
        model = Service
        fields = ["activity", "description", "place"]

    def __init__(self, *args, sheet=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = Place.objects.filter(sheet=sheet)
        self.fields["place"].empty_label = gettext_lazy("all its places")
        self.make_hours_form()

    def clean(self):
        data = super().clean()
        self.weekly_hours = self.clean_weekly_hours()
        return data


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["start", "end", "closed", "message", "substitute", "substitute_text"]
        widgets = {
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "start": {"invalid": gettext_lazy("Type a date such as 01/08/2027.")},
            "end": {"invalid": gettext_lazy("Type a date such as 23/08/2027.")},
        }

    def __init__(self, *args, sheet=None, **kwargs):
        super().__init__(*args, **kwargs)
        others = Association.objects.active()
        if sheet is not None:
            others = others.exclude(pk=sheet.association_id)
        self.fields["substitute"].queryset = others
        for name in ("start", "end"):
            self.fields[name].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The closure ends before it starts."))
        return data


class ReferentForm(forms.ModelForm):
    email = EmailField(label=gettext_lazy("e-mail"), required=False)

    class Meta:
        model = Referent
        fields = ["name", "role", "phone", "email"]

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))


class SheetRowsFormSet(forms.BaseInlineFormSet):
    """The rows of one part of a sheet (places, services, closures, referents), with the
    translated error for one row too many (``MAX_ROWS``)."""

    default_error_messages = {
        "too_many_forms": ngettext_lazy(
            "At most %(num)d entry here: remove one before adding another.",
            "At most %(num)d entries here: remove one before adding another.",
            "num",
        )
    }


class SheetChildFormSet(SheetRowsFormSet):
    """Rows whose forms need the sheet (a service or a closure names one of its places)."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["sheet"] = self.instance
        return kwargs


# How many rows each part of a sheet may hold. Django builds every form a request's
# TOTAL_FORMS asks for, up to ``absolute_max`` (1,000 more than max_num by default): a forged
# count made one request build 2,000 places with their weekly editors (over a minute of
# CPU). The count is capped here; more rows answer a form error.
MAX_ROWS = {"places": 10, "services": 40, "closures": 30, "referents": 10}


def _formset(model, form, formset, name):
    return inlineformset_factory(
        LiaisonSheet,
        model,
        form=form,
        formset=formset,
        extra=1,
        can_delete=True,
        max_num=MAX_ROWS[name],
        absolute_max=MAX_ROWS[name],
        validate_max=True,
    )


PlaceFormSet = _formset(Place, PlaceForm, SheetRowsFormSet, "places")
ServiceFormSet = _formset(Service, ServiceForm, SheetChildFormSet, "services")
ClosureFormSet = _formset(Closure, ClosureForm, SheetChildFormSet, "closures")
ReferentFormSet = _formset(Referent, ReferentForm, SheetRowsFormSet, "referents")


class VisibilityForm(forms.Form):
    """The level of each adjustable field: stricter than the default, or more open where the
    coordinator allowed it (the coordinator decides which fields may open)."""

    def __init__(self, *args, sheet, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        self.user = user
        self.coordinator = permissions.can_allow_opening(user)
        allowed = set(sheet.open_allowed or [])
        for field in SHEET_FIELDS:
            if not field.adjustable:
                continue
            opens = self.coordinator or field.key in allowed
            choices = [
                (level.value, level.label)
                for level in Level
                if opens or LEVEL_RANK[level] >= LEVEL_RANK[field.default]
            ]
            self.fields[f"level_{field.key}"] = forms.ChoiceField(
                label=field.label,
                choices=choices,
                initial=permissions.field_level(sheet, field.key).value,
                help_text=_("Usually: %(level)s.") % {"level": field.default.label},
            )
        if self.coordinator:
            self.fields["open_allowed"] = forms.MultipleChoiceField(
                label=gettext_lazy("Fields the association may make more open than usual"),
                choices=[(f.key, f.label) for f in SHEET_FIELDS if f.adjustable],
                required=False,
                initial=list(allowed),
                widget=forms.CheckboxSelectMultiple,
            )

    def clean(self):
        data = super().clean()
        allowed = set(data.get("open_allowed", self.sheet.open_allowed or []))
        if self.coordinator:
            # Choosing a more open level for a field allows it for that field.
            for field in SHEET_FIELDS:
                level = data.get(f"level_{field.key}")
                if level and LEVEL_RANK[Level(level)] < LEVEL_RANK[field.default]:
                    allowed.add(field.key)
        self.allowed = sorted(allowed)
        return data

    def opened(self):
        """Labels of the fields left more open than their default (for the warning)."""
        found = []
        for field in SHEET_FIELDS:
            level = self.cleaned_data.get(f"level_{field.key}")
            if level and LEVEL_RANK[Level(level)] < LEVEL_RANK[field.default]:
                found.append((field.label, Level(level).label))
        return found

    def save(self):
        chosen = {}
        for field in SHEET_FIELDS:
            level = self.cleaned_data.get(f"level_{field.key}")
            if field.adjustable and level and level != field.default:
                chosen[field.key] = level
        self.sheet.visibility = chosen
        self.sheet.open_allowed = self.allowed
        self.sheet.save(update_fields=["visibility", "open_allowed"])
        return self.sheet


def warnings_of(place_formset, visibility_form):
    """Plain warnings to show after saving: places outside the area, fields opened."""
    found = []
    for form in place_formset.forms:
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE"):
            found += form.warnings
    for label, level in visibility_form.opened():
        found.append(
            _(
                "“%(field)s” is more open than usual: %(level)s will read it. Make sure it "
                "puts nobody at risk."
            )
            % {"field": label, "level": level}
        )
    return found


def level_label(key):
    return FIELDS_BY_KEY[key].label
