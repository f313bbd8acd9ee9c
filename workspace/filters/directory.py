"""The directory's filters (public and orientation).

Every filter reads the ``SheetView``s of the sheets, built for the person who asks: a fact
hidden from them is absent from their views, so filtering on it cannot narrow the results by
what it hides. A sheet whose field is hidden from the person never matches a filter on that
field, whatever its value; the orientation filters (administrative situations, saturation,
on referral) are not even offered to others, and their parameters are then ignored.
"""

import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Activity, Cost, Language, LiaisonSheet, Neighbourhood, Saturation, Welcome
from ..services import directory

ORIENTATION_FILTERS = ("undocumented", "saturation", "on_referral")


def checkbox(label):
    return django_filters.BooleanFilter(
        label=label, method="keep", widget=forms.CheckboxInput, required=False
    )


def summer_of(today):
    """July and August of this year, or of next year once August is over."""
    year = today.year if today.month <= 8 else today.year + 1
    return datetime.date(year, 7, 1), datetime.date(year, 8, 31)


class DirectoryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Words"), method="keep", max_length=100)
    neighbourhood = django_filters.ChoiceFilter(
        label=_("Neighbourhood"),
        choices=Neighbourhood.choices,
        method="keep",
        empty_label=_("All neighbourhoods"),
    )
    activity = django_filters.ChoiceFilter(
        label=_("Activity"), choices=Activity.choices, method="keep", empty_label=_("All")
    )
    open_now = checkbox(_("Open now"))
    day = django_filters.DateFilter(
        label=_("Open on"),
        method="keep",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": _("Type a date such as 14/12/2026.")},
    )
    week = checkbox(_("Open in the next seven days"))
    summer = checkbox(_("Open this summer (July and August)"))
    welcome = django_filters.ChoiceFilter(
        label=_("Who is welcome"), choices=Welcome.choices, method="keep", empty_label=_("Any")
    )
    cost = django_filters.ChoiceFilter(
        label=_("Cost"), choices=Cost.choices, method="keep", empty_label=_("Any")
    )
    language = django_filters.ChoiceFilter(
        label=_("Language spoken"), choices=Language.choices, method="keep", empty_label=_("Any")
    )
    step_free = checkbox(_("Step-free access"))
    # Orientation agents and coordinator only.
    undocumented = checkbox(_("Welcomes people without residence papers"))
    saturation = django_filters.ChoiceFilter(
        label=_("Saturation"), choices=Saturation.choices, method="keep", empty_label=_("Any")
    )
    on_referral = checkbox(_("Takes people on referral by a social worker"))

    class Meta:
        model = LiaisonSheet
        fields = []

    def __init__(self, data=None, *, views, orientation=False, now=None, **kwargs):
        super().__init__(data, queryset=LiaisonSheet.objects.none(), **kwargs)
        self.views = views
        self.now = now or timezone.localtime()
        if not orientation:
            for name in ORIENTATION_FILTERS:
                del self.filters[name]
        self.form.fields["q"].widget.attrs.update({"type": "search"})

    def keep(self, queryset, name, value):
        return queryset

    def results(self):
        """The views that pass every filter given (all of them when the form is invalid)."""
        if not self.is_bound or not self.form.is_valid():
            return list(self.views)
        data = self.form.cleaned_data
        return [view for view in self.views if self.matches(view, data)]

    def matches(self, view, data):
        tests = {
            "q": self.has_words,
            "neighbourhood": lambda v, value: value in v.neighbourhoods,
            "activity": lambda v, value: value in v.activities,
            "open_now": lambda v, value: directory.open_at(v, self.now),
            "day": lambda v, value: directory.open_between(v, value, value),
            "week": lambda v, value: directory.open_between(
                v, self.now.date(), self.now.date() + datetime.timedelta(days=6)
            ),
            "summer": lambda v, value: directory.open_between(v, *summer_of(self.now.date())),
            "welcome": lambda v, value: "welcome" in v.show and v.sheet.welcome == value,
            "cost": lambda v, value: "cost" in v.show and v.sheet.cost == value,
            "language": lambda v, value: value in v.languages,
            "step_free": lambda v, value: v.step_free,
            "undocumented": lambda v, value: (
                "admin_situations" in v.show and v.sheet.accepts_undocumented
            ),
            "saturation": lambda v, value: "saturation" in v.show and v.sheet.saturation == value,
            "on_referral": lambda v, value: "access_modes" in v.show and v.sheet.on_referral,
        }
        for name in self.filters:
            value = data.get(name)
            if value in (None, "", False):
                continue
            if not tests[name](view, value):
                return False
        return True

    def has_words(self, view, value):
        text = directory.folded(view.search_text())
        return all(word in text for word in directory.folded(value).split())

    def active(self):
        """Labels of the filters in use (to say what the list shows)."""
        if not self.is_bound or not self.form.is_valid():
            return []
        return [
            self.form.fields[name].label
            for name in self.filters
            if self.form.cleaned_data.get(name) not in (None, "", False)
        ]
