"""The weekly editor of opening hours: editors tick days and type times, never the syntax.

Per weekday: a checkbox, up to two time ranges and the weeks of the month (every week, or
some of the 1st, 2nd, 3rd, 4th and last); then "closed on public holidays". A valid form gives
the OpenStreetMap text in ``cleaned_data["opening_hours"]`` (also :attr:`opening_hours`).

Filled back from existing text with ``initial_text=``: what the editor can express comes back
ticked and typed (round trip); any other text is kept, shown read-only with its plain rendering
(:attr:`unsupported_text`, :attr:`unsupported_description`), and stays as it is unless the
editor ticks days, which replace it. Render it inside a ``<form>`` with
``{% include "workspace/includes/hours_editor.html" with form=hours_form %}``.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..services import hours

EVERY_WEEK = "every"
WEEK_CHOICES = [
    (EVERY_WEEK, gettext_lazy("every week")),
    ("1", gettext_lazy("1st week")),
    ("2", gettext_lazy("2nd week")),
    ("3", gettext_lazy("3rd week")),
    ("4", gettext_lazy("4th week")),
    ("-1", gettext_lazy("last week")),
]
TIME_FORMATS = ["%H:%M", "%Hh%M", "%H h %M", "%H.%M", "%Hh", "%H h", "%H"]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs={"step": 300, **(attrs or {})}, format="%H:%M")


class DayView:
    """What the template needs for one weekday."""

    def __init__(self, form, index):
        self.index = index
        self.code = hours.DAY_CODES[index].lower()
        self.name = hours.weekday_name(index)
        self.open = form[f"{self.code}_open"]
        self.ranges = [(form[f"{self.code}_start{n}"], form[f"{self.code}_end{n}"]) for n in (1, 2)]
        self.weeks = form[f"{self.code}_weeks"]
        self.errors = [
            message for name in form.day_field_names(index) for message in form.errors.get(name, [])
        ]
        self.error_id = (
            f"{form.auto_id % form.add_prefix(self.code)}_errors" if form.auto_id else ""
        )


class WeeklyHoursForm(forms.Form):
    """The weekly editor; ``initial_text`` is the stored OpenStreetMap text, if any."""

    closed_on_holidays = forms.BooleanField(
        required=False, initial=True, label=gettext_lazy("Closed on public holidays")
    )

    def __init__(self, *args, initial_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.initial_text = (initial_text or "").strip()
        for index in range(7):
            code = hours.DAY_CODES[index].lower()
            day = hours.weekday_name(index)
            self.fields[f"{code}_open"] = forms.BooleanField(
                required=False, label=_("Open on %(day)s") % {"day": day}
            )
            for n, (opens, closes) in enumerate(
                [(_("Opens at"), _("Closes at")), (_("Then reopens at"), _("Closes at"))],
                start=1,
            ):
                self.fields[f"{code}_start{n}"] = forms.TimeField(
                    required=False, label=opens, input_formats=TIME_FORMATS, widget=TimeInput()
                )
                self.fields[f"{code}_end{n}"] = forms.TimeField(
                    required=False, label=closes, input_formats=TIME_FORMATS, widget=TimeInput()
                )
            self.fields[f"{code}_weeks"] = forms.MultipleChoiceField(
                required=False,
                label=_("Which weeks of the month"),
                choices=WEEK_CHOICES,
                widget=forms.CheckboxSelectMultiple,
                initial=[EVERY_WEEK],
            )
        weekly = hours.WeeklyHours.from_osm(self.initial_text) if self.initial_text else None
        self.unsupported_text = self.initial_text if self.initial_text and not weekly else ""
        self.unsupported_description = (
            hours.describe(self.unsupported_text) if self.unsupported_text else ""
        )
        if weekly is not None:
            self.initial.update(self.initial_from(weekly))
        elif self.unsupported_text:
            self.initial.setdefault("closed_on_holidays", False)

    @staticmethod
    def initial_from(weekly):
        """Initial values of the form's fields for a :class:`~hours.WeeklyHours`."""
        initial = {"closed_on_holidays": weekly.closed_on_holidays}
        for index, spec in weekly.days.items():
            code = hours.DAY_CODES[index].lower()
            initial[f"{code}_open"] = True
            for n, (start, end) in enumerate(spec.ranges, start=1):
                initial[f"{code}_start{n}"] = start
                initial[f"{code}_end{n}"] = end
            initial[f"{code}_weeks"] = [str(w) for w in spec.weeks] or [EVERY_WEEK]
        return initial

    @staticmethod
    def day_field_names(index):
        code = hours.DAY_CODES[index].lower()
        return [
            f"{code}_open",
            f"{code}_start1",
            f"{code}_end1",
            f"{code}_start2",
            f"{code}_end2",
            f"{code}_weeks",
        ]

    @property
    def days(self):
        return [DayView(self, index) for index in range(7)]

    @property
    def opening_hours(self):
        return self.cleaned_data.get("opening_hours", "")

    def _clean_day(self, index):
        """The day's :class:`~hours.WeeklyDay`, ``None`` when closed; errors added on the way."""
        code = hours.DAY_CODES[index].lower()
        data = self.cleaned_data
        day = hours.weekday_name(index)
        names = self.day_field_names(index)
        if any(name in self.errors for name in names):
            return None
        ranges, problems = [], []
        for n in (1, 2):
            start, end = data.get(f"{code}_start{n}"), data.get(f"{code}_end{n}")
            if start is None and end is None:
                continue
            if start is None or end is None:
                message = (
                    _("%(day)s: the opening time of range %(n)d is missing.")
                    if start is None
                    else _("%(day)s: the closing time of range %(n)d is missing.")
                )
                problems.append(
                    (
                        f"{code}_start{n}" if start is None else f"{code}_end{n}",
                        message % {"day": day, "n": n},
                    )
                )
                continue
            if end <= start:
                problems.append(
                    (
                        f"{code}_end{n}",
                        _("%(day)s: range %(n)d closes (%(end)s) before it opens (%(start)s).")
                        % {
                            "day": day,
                            "n": n,
                            "end": hours.format_time(end),
                            "start": hours.format_time(start),
                        },
                    )
                )
                continue
            ranges.append((start, end))
        opened = data.get(f"{code}_open")
        if not opened:
            if ranges or problems:
                self.add_error(
                    f"{code}_open",
                    _("%(day)s: tick “Open on %(day)s” to open that day, or clear its times.")
                    % {"day": day},
                )
            return None
        for name, message in problems:
            self.add_error(name, message)
        if problems:
            return None
        if not ranges:
            self.add_error(
                f"{code}_start1",
                _("%(day)s: enter the opening and closing times.") % {"day": day},
            )
            return None
        ranges.sort()
        if len(ranges) == 2 and ranges[1][0] < ranges[0][1]:
            self.add_error(
                f"{code}_start2",
                _("%(day)s: the two ranges overlap (%(first)s and %(second)s).")
                % {
                    "day": day,
                    "first": hours.format_period(*ranges[0]),
                    "second": hours.format_period(*ranges[1]),
                },
            )
            return None
        weeks = data.get(f"{code}_weeks") or [EVERY_WEEK]
        if EVERY_WEEK in weeks and len(weeks) > 1:
            self.add_error(
                f"{code}_weeks",
                _("%(day)s: choose “every week” or particular weeks of the month, not both.")
                % {"day": day},
            )
            return None
        chosen = (
            ()
            if EVERY_WEEK in weeks
            else tuple(sorted((int(w) for w in weeks), key=lambda w: (w < 0, w)))
        )
        return hours.WeeklyDay(tuple(ranges), chosen)

    def clean(self):
        cleaned = super().clean()
        days = {}
        for index in range(7):
            spec = self._clean_day(index)
            if spec is not None:
                days[index] = spec
        if self.errors:
            return cleaned
        if not days:
            if self.unsupported_text:
                cleaned["opening_hours"] = self.unsupported_text
                return cleaned
            raise forms.ValidationError(
                _("Tick at least one opening day and enter its times."), code="empty"
            )
        text = hours.WeeklyHours(days, bool(cleaned.get("closed_on_holidays"))).to_osm()
        errors = hours.validate(text)
        if errors:
            raise forms.ValidationError(errors)
        cleaned["opening_hours"] = text
        return cleaned
