"""Forms of the figures: an activity report, a CCAS allocation, a period to publish."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from ..models import REPORT_FIELDS, ActivityReport, Allocation, Association, Period, PeriodKind
from ..services import figures

WHOLE_NUMBER = _("Enter a whole number (digits only), 0 if none.")
NOT_NEGATIVE = _("A count cannot be negative.")
TOO_LARGE = _("This number is too large for one association's period: check it.")
# No association of the network helps a million people in a period.
MAX_COUNT = 1_000_000


def count_field(model_field):
    return forms.IntegerField(
        label=model_field.verbose_name,
        help_text=model_field.help_text,
        min_value=0,
        max_value=MAX_COUNT,
        required=True,
        # A text box with a numeric keyboard: the browser does not refuse a typed value
        # silently, the server explains what is wrong and keeps it.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={
            "invalid": WHOLE_NUMBER,
            "required": WHOLE_NUMBER,
            "min_value": NOT_NEGATIVE,
            "max_value": TOO_LARGE,
        },
    )


class ReportForm(forms.Form):
    """One period's figures; ``confirm`` appears when a figure jumped from the last period."""

    period = forms.ChoiceField(label=_("period"))

    def __init__(self, *args, association=None, report=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.association = report.association if report else association
        self.today = today or timezone.localdate()
        self.jumps = []
        for name in REPORT_FIELDS:
            self.fields[name] = count_field(ActivityReport._meta.get_field(name))
        self.fields["notes"] = forms.CharField(
            label=_("notes"),
            required=False,
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("Optional. Never the name of a person helped."),
        )
        self.fields["confirm"] = forms.BooleanField(
            label=_("I confirm these figures"), required=False
        )
        if report is not None:
            # A correction keeps its period.
            del self.fields["period"]
        else:
            periods = figures.recent_periods(today=self.today)
            self.fields["period"].choices = [(p.code, capfirst(p.label)) for p in periods]
            self.fields["period"].error_messages["invalid_choice"] = _(
                "Choose a period in the list: a period that has not begun yet cannot be reported."
            )

    @property
    def asks_confirmation(self):
        return bool(self.jumps)

    def clean_period(self):
        period = Period.parse(self.cleaned_data["period"])
        if period is None:
            raise forms.ValidationError(_("Choose a period in the list."))
        if figures.is_future(period, self.today):
            raise forms.ValidationError(
                _(
                    "%(period)s has not begun yet: figures are reported once the period is under way."
                )
                % {"period": period.label}
            )
        return period

    def clean(self):
        data = super().clean()
        people = data.get("people")
        under_3, other = data.get("children_under_3"), data.get("children_other")
        if people is not None and under_3 is not None and other is not None:
            if under_3 + other > people:
                self.add_error(
                    "people",
                    _(
                        "There are more children (%(children)s) than people (%(people)s): "
                        "the people count the adults and the children together."
                    )
                    % {"children": under_3 + other, "people": people},
                )
        households = data.get("households")
        if people is not None and households is not None and households > people:
            self.add_error(
                "households",
                _("There are more households (%(households)s) than people (%(people)s).")
                % {"households": households, "people": people},
            )
        if self.errors:
            return data
        association = self.association
        period = self.report.period if self.report else data.get("period")
        if self.report is None and association is not None and period is not None:
            existing = figures.report_for(association, period)
            if existing is not None:
                self.existing = existing
                raise forms.ValidationError(
                    _("%(association)s has already reported for %(period)s: correct that report.")
                    % {"association": association.name, "period": period.label},
                    code="already_reported",
                )
        if association is not None and period is not None:
            self.jumps = figures.jumps(data, figures.previous_report(association, period))
            labels = dict(figures.report_field_labels())
            self.jump_labels = [
                {"label": labels[name], "before": before, "now": now}
                for name, before, now in self.jumps
            ]
            if self.jumps and not data.get("confirm"):
                raise forms.ValidationError(
                    _(
                        "Some figures are ten times higher or lower than for the previous "
                        "period. Check them, then tick “I confirm these figures”."
                    ),
                    code="jump",
                )
        return data

    def values(self):
        return {name: self.cleaned_data[name] for name in REPORT_FIELDS}


class AllocationForm(forms.ModelForm):
    class Meta:
        model = Allocation
        fields = [
            "association",
            "given_on",
            "budget",
            "nappies",
            "infant_milk",
            "other_goods",
            "note",
        ]
        widgets = {
            "given_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "budget": forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            "nappies": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "infant_milk": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["association"].queryset = Association.objects.active()
        self.fields["given_on"].initial = self.today
        for name in ("nappies", "infant_milk"):
            self.fields[name].error_messages.update(
                {"invalid": WHOLE_NUMBER, "min_value": _("A quantity cannot be negative.")}
            )
        self.fields["budget"].error_messages.update(
            {
                "invalid": _("Enter an amount in euros, e.g. 250 or 250,50."),
                "min_value": _("An amount cannot be negative."),
                "max_decimal_places": _("Give the amount to the cent at most."),
            }
        )
        self.fields["budget"].localize = True
        self.fields["note"].max_length = 2000
        self.fields["note"].validators.append(MaxLengthValidator(2000))
        self.fields["note"].widget.attrs["maxlength"] = "2000"

    def clean_given_on(self):
        day = self.cleaned_data["given_on"]
        if day > self.today:
            raise forms.ValidationError(
                _("Record an allocation once it is given: this date is in the future.")
            )
        return day

    def clean(self):
        data = super().clean()
        if (
            not self.errors
            and not (data.get("budget") or data.get("nappies") or data.get("infant_milk"))
            and not (data.get("other_goods") or "").strip()
        ):
            raise forms.ValidationError(
                _("An allocation gives something: fill at least one amount.")
            )
        return data


class PeriodForm(forms.Form):
    period = forms.CharField()

    def clean_period(self):
        period = Period.parse(self.cleaned_data["period"])
        if period is None or period.kind not in PeriodKind.values:
            raise forms.ValidationError(_("Choose a period in the list."))
        return period
