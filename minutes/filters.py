"""The filters of the registers: decisions (year, theme, association, outcome, words) and action
items (status, owner, overdue)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from workspace.models import Association, MeetingPage, Theme

from .models import OPEN_STATUSES, ActionItem, ActionStatus, Decision, DecisionOutcome


def year_choices():
    years = MeetingPage.objects.live().dates("date", "year", order="DESC")
    return [(d.year, d.year) for d in years]


class DecisionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=gettext_lazy("Words"), method="search", max_length=200)
    year = django_filters.ChoiceFilter(
        label=gettext_lazy("Year"), field_name="meeting__date__year", choices=year_choices
    )
    theme = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Theme"), field_name="themes", queryset=Theme.objects.all()
    )
    association = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Association concerned"),
        method="concerning",
        # A callable: read for each request (the current network's), not at import time.
        queryset=lambda request: Association.objects.all(),
    )
    outcome = django_filters.ChoiceFilter(
        label=gettext_lazy("Outcome"),
        choices=[*DecisionOutcome.choices, ("none", gettext_lazy("not recorded"))],
        method="with_outcome",
    )

    class Meta:
        model = Decision
        fields = []

    def search(self, queryset, name, value):
        words = [w for w in value.split() if w]
        for word in words:
            queryset = queryset.filter(text__icontains=word) | queryset.filter(
                section_title__icontains=word
            )
        return queryset

    def with_outcome(self, queryset, name, value):
        return queryset.filter(outcome="" if value == "none" else value)

    def concerning(self, queryset, name, value):
        return queryset.filter(Q(scope="network") | Q(associations=value)).distinct()


class ActionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=gettext_lazy("Status"), choices=ActionStatus.choices)
    owner = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Owner association"),
        queryset=lambda request: Association.objects.all(),
    )
    overdue = django_filters.BooleanFilter(
        label=gettext_lazy("Overdue only"), method="only_overdue", widget=forms.CheckboxInput
    )

    class Meta:
        model = ActionItem
        fields = []

    def only_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(status__in=OPEN_STATUSES, due_date__lt=timezone.localdate())
        return queryset
