"""The library's filters: theme, association, neighbourhood, start year, readers, sort."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from workspace.models import Association, Neighbourhood, Theme

from .models import PracticePage, Visibility


class PracticeFilter(django_filters.FilterSet):
    SORTS = [
        ("newest", _("newest first")),
        ("adopted", _("most adopted first")),
    ]

    q = django_filters.CharFilter(label=_("Words"), method="no_filter", max_length=200)
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.order_by("name"),
        empty_label=_("All themes"),
    )
    association = django_filters.ModelChoiceFilter(
        label=_("Association"),
        queryset=Association.objects.none(),
        empty_label=_("All associations"),
    )
    neighbourhood = django_filters.ChoiceFilter(
        label=_("Neighbourhood"),
        choices=Neighbourhood.choices,
        method="in_neighbourhood",
        empty_label=_("All neighbourhoods"),
    )
    year = django_filters.ChoiceFilter(
        label=_("Started in"),
        field_name="start_year",
        choices=[],
        empty_label=_("Any year"),
    )
    visibility = django_filters.ChoiceFilter(
        label=_("Readers"),
        choices=Visibility.choices,
        empty_label=_("Public and network only"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), choices=SORTS, method="no_filter", empty_label=None
    )

    class Meta:
        model = PracticePage
        fields = []

    def __init__(self, *args, members=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices come from the practices the reader may see: an association or a year
        # known only from network-only practices is not offered to outsiders.
        readable = self.queryset
        self.filters["association"].queryset = Association.objects.filter(
            pk__in=readable.values("association_id")
        ).order_by("name")
        self.filters["year"].extra["choices"] = lambda: [
            (year, year)
            for year in readable.exclude(start_year__isnull=True)
            .order_by("-start_year")
            .values_list("start_year", flat=True)
            .distinct()
        ]
        if not members:
            # Anonymous visitors only ever see public practices: nothing to choose.
            del self.filters["visibility"]
        self.form.fields["sort"].initial = "newest"
        self.form.fields["q"].widget.attrs.update({"type": "search"})

    def no_filter(self, queryset, name, value):
        return queryset

    def in_neighbourhood(self, queryset, name, value):
        # A practice without its own neighbourhood is where its association is.
        return queryset.filter(
            Q(neighbourhood=value) | Q(neighbourhood="", association__neighbourhood=value)
        )
