"""Opening hours: OpenStreetMap ``opening_hours`` text, read in Europe/Paris with France's holidays.

Model-free: the directory stores the text (``Tu,Th 09:00-12:00; Sa[1] 14:00-17:00; PH off``) and
its dated closures, and asks this module whether a place is open, when it opens next, what the
coming weeks look like, and how to say it in plain words.

- **Evaluation** is opening-hours-py's (``opening_hours.OpeningHours``), always with
  ``timezone=Europe/Paris`` and ``country="FR"`` (upper case; the library raises
  ``UnknownCountryError`` for ``"fr"``). Without a country the library silently ignores ``PH``:
  ``Tu 09:00-12:00; PH off`` would be open on 14 July. Its French calendar gives the same eleven
  days as the ``holidays`` package, which names them. A naive datetime given to this module is
  Paris wall time; an aware one may be in any zone. Everything is compared in UTC, so that both
  daylight-saving changes (last Sunday of March and of October) count real hours.
- **Dated closures** are simple data, ``(start_date, end_date, message, substitute)`` tuples or
  :class:`Closure` objects, end date included: every Paris day they cover is closed, whatever
  the rule says, and the status phrase names the substitute ("adressez-vous à …").
- **Words.** Every phrase goes through gettext with an English msgid and its French in
  ``locale/fr``, like the rest of the site: French is the default language (``LANGUAGE_CODE``),
  and a visitor who chose English reads English. Weekday and month names come from Django's own
  catalogue (``django.utils.dates``); ordinals ("1er", "3e", "dernier"), the time ("9 h 30") and
  the word order of each phrase from ours, so the translator controls them; holiday names from
  ``holidays`` in French (or US English when English is active). Phrases are built from parts
  rather than from one string per case: a rule can combine days, weeks of the month, holidays
  and time ranges in too many ways for whole sentences.
- **The weekly editor's model** is :class:`WeeklyHours` (one entry per weekday: up to two time
  ranges, every week or chosen weeks of the month; closed on public holidays or not). It writes
  the syntax (:meth:`WeeklyHours.to_osm`) and reads back what it can express
  (:meth:`WeeklyHours.from_osm`, ``None`` for anything else).
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
import opening_hours
from django.core.exceptions import ValidationError
from django.utils import dates
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

PARIS = ZoneInfo("Europe/Paris")
COUNTRY = "FR"
MAX_LENGTH = 255
# How far ahead a next opening is looked for: a yearly rule ("Dec 24 off") still shows.
HORIZON = timedelta(days=400)
EXAMPLE = "Tu,Th 09:00-12:00; Sa[1] 14:00-17:00; PH off"

DAY_CODES = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
MONTH_CODES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Weeks of the month the editor offers: the 1st to the 4th, and the last (-1).
EDITOR_WEEKS = (1, 2, 3, 4, -1)


# --- Closures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Closure:
    """A dated closure: every Paris day from ``start`` to ``end`` (included) is closed."""

    start: date
    end: date
    message: str = ""
    substitute: str = ""

    def covers(self, day):
        return self.start <= day <= self.end

    def span(self):
        """(UTC start, UTC end) of the closure: midnight of its first day to midnight after."""
        first = datetime.combine(self.start, time(), PARIS).astimezone(UTC)
        after = datetime.combine(self.end + timedelta(days=1), time(), PARIS).astimezone(UTC)
        return first, after


def closures_from(items):
    """:class:`Closure` objects from tuples ``(start, end, message, substitute)`` or closures."""
    result = []
    for item in items or ():
        closure = item if isinstance(item, Closure) else Closure(*item)
        if closure.end < closure.start:
            closure = Closure(closure.end, closure.start, closure.message, closure.substitute)
        result.append(closure)
    return sorted(result, key=lambda c: (c.start, c.end))


def closure_on(day, closures):
    """The closure in force on the Paris ``day``, or ``None``."""
    for closure in closures_from(closures):
        if closure.covers(day):
            return closure
    return None


# --- Evaluation -----------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _compiled(text, with_holidays=True):
    """The library's object for ``text`` (``None`` when it cannot be read)."""
    try:
        return opening_hours.OpeningHours(
            text,
            timezone=PARIS,
            country=COUNTRY if with_holidays else None,
            auto_country=False,
            auto_timezone=False,
        )
    except (opening_hours.ParserError, ValueError):
        return None


def _utc(at):
    """``at`` as an aware UTC datetime: now when ``None``, Paris wall time when naive."""
    if at is None:
        return datetime.now(UTC)
    if not isinstance(at, datetime):
        at = datetime.combine(at, time())
    if at.tzinfo is None:
        at = at.replace(tzinfo=PARIS)
    return at.astimezone(UTC)


def _minus(period, spans):
    """The parts of ``period`` outside every span."""
    pieces = [period]
    for span_start, span_end in spans:
        kept = []
        for start, end in pieces:
            if span_end <= start or end <= span_start:
                kept.append((start, end))
                continue
            if start < span_start:
                kept.append((start, span_start))
            if span_end < end:
                kept.append((span_end, end))
        pieces = kept
    return pieces


def open_periods(text, start, end, closures=(), with_holidays=True):
    """Open periods between ``start`` and ``end``, as (UTC start, UTC end), in order.

    A period already open at ``start`` begins at ``start``. Closure days are cut out; touching
    periods are merged. Unreadable or empty text yields nothing.
    """
    compiled = _compiled((text or "").strip(), with_holidays)
    if compiled is None:
        return
    start, end = _utc(start), _utc(end)
    spans = [closure.span() for closure in closures_from(closures)]
    current = None
    for begin, finish, state, _comment in compiled.intervals(
        start.astimezone(PARIS), end.astimezone(PARIS)
    ):
        if state != opening_hours.State.OPEN:
            continue
        for piece in _minus((begin.astimezone(UTC), finish.astimezone(UTC)), spans):
            if piece[0] >= piece[1]:
                continue
            if current and piece[0] <= current[1]:
                current = (current[0], max(current[1], piece[1]))
                continue
            if current:
                yield current
            current = piece
    if current:
        yield current


def is_open(text, at=None, closures=()):
    """Whether the place is open at ``at`` (now by default)."""
    moment = _utc(at)
    if closure_on(moment.astimezone(PARIS).date(), closures):
        return False
    compiled = _compiled((text or "").strip())
    return compiled is not None and compiled.is_open(moment.astimezone(PARIS))


def closes_at(text, at=None, closures=()):
    """When the period open at ``at`` ends (Paris time), or ``None`` when closed at ``at``.

    Also ``None`` for a place that does not close within the horizon (``24/7``).
    """
    moment = _utc(at)
    if not is_open(text, moment, closures):
        return None
    for _start, end in open_periods(text, moment, moment + HORIZON, closures):
        if end >= moment + HORIZON:
            return None
        return end.astimezone(PARIS)
    return None


def next_opening(text, at=None, closures=()):
    """The start (Paris time) of the next period that opens strictly after ``at``, or ``None``.

    When the place is open at ``at``, this is the opening after the current period.
    """
    moment = _utc(at)
    for start, _end in open_periods(text, moment, moment + HORIZON, closures):
        if start > moment:
            return start.astimezone(PARIS)
    return None


def opens_between(text, start, end, closures=()):
    """Whether the place is open at some moment between ``start`` and ``end``.

    For the directory's filters: a date counts as its whole Paris day ("open on Tuesday 4
    August": ``opens_between(text, date(2026, 8, 4), date(2026, 8, 5))``).
    """
    return next(iter(open_periods(text, start, end, closures)), None) is not None


@lru_cache(maxsize=32)
def _holiday_calendar(year, language):
    return dict(holidays.France(years=year, language=language))


def holiday_name(day):
    """The name of the French public holiday on ``day`` in the active language, or ``""``."""
    language = "fr" if (get_language() or "fr").startswith("fr") else "en_US"
    return _holiday_calendar(day.year, language).get(day, "")


@dataclass(frozen=True)
class DayHours:
    """One day of :func:`upcoming_openings`: its open periods (Paris time) and why it is shut."""

    day: date
    periods: tuple = ()
    holiday: str = ""
    closure: Closure | None = None
    # What the weekly rule alone (no holiday, no closure) would have opened.
    usual_periods: tuple = ()

    @property
    def is_open(self):
        return bool(self.periods)

    def describe(self):
        """``jeudi 9 juillet : 9 h – 12 h`` / ``mardi 14 juillet : fermé (Fête nationale)``."""
        when = format_date(self.day, weekday=True)
        if self.periods:
            what = join_words([format_period(s, e) for s, e in self.periods])
        elif self.closure:
            what = closure_phrase(self.closure, until=False)
        elif self.holiday:
            what = _("closed (%(holiday)s)") % {"holiday": self.holiday}
        else:
            what = _("closed")
        return _("%(day)s: %(hours)s") % {"day": when, "hours": what}


def _split_at_whole_days(begin, end):
    """A period cut at each Paris midnight followed by a whole open day: ``24/7`` or
    ``Mo-Fr 00:00-24:00`` (one merged period) gives one piece per day, while an evening that
    runs past midnight (``Fr 20:00-02:00``) stays one piece, on the day it starts."""
    pieces = []
    while True:
        midnight = datetime.combine(begin.date() + timedelta(days=1), time(), PARIS)
        following = datetime.combine(midnight.date() + timedelta(days=1), time(), PARIS)
        if end <= midnight or end < following:
            pieces.append((begin, end))
            return pieces
        pieces.append((begin, midnight))
        begin = midnight


def upcoming_openings(text, start=None, days=21, closures=()):
    """The coming ``days`` days from ``start`` (a date, today in Paris by default), for the sheet.

    One :class:`DayHours` per day that opens, or that would have opened but is shut by a public
    holiday (named) or a dated closure (with its message and substitute). Periods over midnight
    belong to the day they start; a place open round the clock (``24/7``) opens every day.
    """
    if start is None:
        start = datetime.now(PARIS).date()
    elif isinstance(start, datetime):
        start = _utc(start).astimezone(PARIS).date()
    first = datetime.combine(start, time(), PARIS)
    last = datetime.combine(start + timedelta(days=days), time(), PARIS)
    closures = closures_from(closures)

    def by_day(periods):
        grouped = {}
        for begin, end in periods:
            for piece in _split_at_whole_days(begin.astimezone(PARIS), end.astimezone(PARIS)):
                grouped.setdefault(piece[0].date(), []).append(piece)
        return grouped

    actual = by_day(open_periods(text, first, last, closures))
    usual = by_day(open_periods(text, first, last, (), with_holidays=False))
    result = []
    for offset in range(days):
        day = start + timedelta(days=offset)
        periods, regular = tuple(actual.get(day, ())), tuple(usual.get(day, ()))
        closure = closure_on(day, closures)
        holiday = holiday_name(day)
        if periods or (regular and (closure or holiday)):
            result.append(
                DayHours(day, periods, holiday, closure if not periods else None, regular)
            )
    return result


# --- Status ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """Where a place stands at one moment, and the phrase that says it."""

    is_open: bool
    closes_at: datetime | None
    next_opening: datetime | None
    closure: Closure | None
    holiday: str
    known: bool
    phrase: str

    def __str__(self):
        return self.phrase


def status(text, at=None, closures=()):
    """:class:`Status` at ``at`` (now by default).

    Phrases: "ouvert maintenant — ferme à 12 h", "fermé — prochaine ouverture : jeudi 9 h",
    "fermé (Fête nationale) — prochaine ouverture : mercredi 9 h",
    "fermé jusqu'au 23 août (congés d'été) — adressez-vous à …", "horaires non communiqués".
    """
    moment = _utc(at)
    local = moment.astimezone(PARIS)
    known = _compiled((text or "").strip()) is not None
    closure = closure_on(local.date(), closures)
    open_now = known and is_open(text, moment, closures)
    ends = closes_at(text, moment, closures) if open_now else None
    following = next_opening(text, moment, closures) if known else None
    holiday = ""
    if known and not open_now and not closure:
        name = holiday_name(local.date())
        usual = _compiled(text.strip(), False)
        if name and usual is not None and usual.is_open(local):
            holiday = name
    if not known:
        phrase = _("opening hours not given")
    elif open_now:
        if ends is None:
            phrase = _("open now")
        elif ends.date() == local.date() or (
            ends.time() == time() and ends - local <= timedelta(hours=24)
        ):
            phrase = _("open now — closes at %(time)s") % {"time": format_time(ends)}
        else:
            phrase = _("open now — closes %(day)s at %(time)s") % {
                "day": relative_day(ends.date(), local.date()),
                "time": format_time(ends),
            }
    elif closure:
        phrase = closure_phrase(closure)
    else:
        when = (
            _("next opening: %(when)s") % {"when": format_moment(following, local)}
            if following
            else _("no opening planned")
        )
        if holiday:
            phrase = _("closed (%(holiday)s) — %(next)s") % {"holiday": holiday, "next": when}
        else:
            phrase = _("closed — %(next)s") % {"next": when}
    return Status(open_now, ends, following, closure, holiday, known, phrase)


def status_phrase(text, at=None, closures=()):
    """The phrase of :func:`status`."""
    return status(text, at, closures).phrase


def closure_phrase(closure, until=True):
    """ "fermé jusqu'au 23 août (congés d'été) — adressez-vous à …"."""
    if until:
        phrase = _("closed until %(date)s") % {"date": format_date(closure.end)}
    else:
        phrase = _("closed")
    if closure.message.strip():
        phrase = _("%(closed)s (%(message)s)") % {
            "closed": phrase,
            "message": closure.message.strip(),
        }
    if closure.substitute.strip():
        phrase = _("%(closed)s — go to %(substitute)s") % {
            "closed": phrase,
            "substitute": closure.substitute.strip(),
        }
    return phrase


# --- Words ----------------------------------------------------------------------------------


def weekday_name(index):
    return str(dates.WEEKDAYS[index])


def weekday_plural(index):
    return (
        pgettext("weekdays", "Mondays"),
        pgettext("weekdays", "Tuesdays"),
        pgettext("weekdays", "Wednesdays"),
        pgettext("weekdays", "Thursdays"),
        pgettext("weekdays", "Fridays"),
        pgettext("weekdays", "Saturdays"),
        pgettext("weekdays", "Sundays"),
    )[index]


def ordinal(n):
    """ "1er", "2e", … "dernier" (week of the month or day of the month)."""
    if n == -1:
        return pgettext("ordinal", "last")
    words = {
        1: pgettext("ordinal", "1st"),
        2: pgettext("ordinal", "2nd"),
        3: pgettext("ordinal", "3rd"),
        4: pgettext("ordinal", "4th"),
        5: pgettext("ordinal", "5th"),
    }
    return words.get(n) or pgettext("ordinal", "%(n)sth") % {"n": n}


def join_words(words):
    """ "a", "a et b", "a, b et c"."""
    words = [str(w) for w in words]
    if len(words) <= 1:
        return "".join(words)
    return _("%(list)s and %(last)s") % {"list": ", ".join(words[:-1]), "last": words[-1]}


def format_time(value):
    """ "9 h", "9 h 30", "minuit"; ``value`` is a time, a datetime or minutes since midnight."""
    if isinstance(value, int):
        hour, minute = divmod(value, 60)
    else:
        hour, minute = value.hour, value.minute
    if (hour, minute) in ((0, 0), (24, 0)):
        return _("midnight")
    if minute:
        return _("%(hour)d:%(minute)02d") % {"hour": hour, "minute": minute}
    return _("%(hour)d:00") % {"hour": hour}


def _minutes(value):
    return value if isinstance(value, int) else value.hour * 60 + value.minute


def format_period(start, end):
    if _minutes(start) == 0 and _minutes(end) in (0, 24 * 60):
        # 00:00-24:00 is the whole day, not "midnight – midnight".
        return _("around the clock")
    return _("%(start)s – %(end)s") % {"start": format_time(start), "end": format_time(end)}


def format_date(day, weekday=False):
    """ "23 août", "1er septembre"; with ``weekday``, "mardi 1er septembre"."""
    number = ordinal(1) if day.day == 1 else str(day.day)
    text = _("%(day)s %(month)s") % {"day": number, "month": dates.MONTHS[day.month]}
    if weekday:
        text = _("%(weekday)s %(date)s") % {"weekday": weekday_name(day.weekday()), "date": text}
    return text


def relative_day(day, today):
    """ "aujourd'hui", "demain", "jeudi" (within a week), or "jeudi 3 septembre"."""
    delta = (day - today).days
    if delta == 0:
        return _("today")
    if delta == 1:
        return _("tomorrow")
    if 1 < delta < 7:
        return weekday_name(day.weekday())
    return format_date(day, weekday=True)


def format_moment(moment, now):
    """ "jeudi 9 h", "aujourd'hui 14 h", "demain 9 h 30"."""
    local = moment.astimezone(PARIS)
    return _("%(day)s at %(time)s") % {
        "day": relative_day(local.date(), now.astimezone(PARIS).date()),
        "time": format_time(local),
    }


# --- Reading the syntax (the subset this module can put into words) --------------------------


@dataclass(frozen=True)
class Rule:
    """One rule of the subset read here; ``ranges`` in minutes since midnight."""

    months: tuple = ()  # ((first, last), …), 1-12
    days: tuple = ()  # weekday indexes, 0 = Monday
    weeks: tuple = ()  # weeks of the month ([1,3], [-1]); () = every week
    public_holidays: bool = False
    ranges: tuple = ()
    off: bool = False
    always: bool = False
    comment: str = ""


_TIME = r"(\d{1,2}):(\d{2})"
_RANGE_RE = re.compile(rf"^{_TIME}-{_TIME}$")
_DAY_RE = re.compile(r"^(Mo|Tu|We|Th|Fr|Sa|Su)(?:-(Mo|Tu|We|Th|Fr|Sa|Su))?(?:\[([-\d,]+)\])?$")
_MONTHS = "|".join(MONTH_CODES)
_MONTH_RE = re.compile(rf"^({_MONTHS})(?:-({_MONTHS}))?$")


def _parse_weeks(text):
    weeks = []
    for part in text.split(","):
        if not re.fullmatch(r"-1|[1-5]", part):
            return None
        weeks.append(int(part))
    return tuple(sorted(set(weeks), key=_week_order))


def _week_order(week):
    return (week < 0, week)


def _parse_rule(text):
    """A :class:`Rule` for one rule, or ``None`` when it is outside the subset."""
    text = text.strip()
    if text == "24/7":
        return Rule(always=True)
    comment = ""
    found = re.search(r'"([^"]*)"$', text)
    if found:
        comment, text = found.group(1), text[: found.start()].strip()
    tokens = text.split()
    months, days, weeks, ranges = [], [], None, []
    public_holidays = off = False
    if tokens and all(_MONTH_RE.match(t) for t in tokens[0].split(",")):
        for part in tokens.pop(0).split(","):
            match = _MONTH_RE.match(part)
            first = MONTH_CODES.index(match.group(1)) + 1
            last = MONTH_CODES.index(match.group(2)) + 1 if match.group(2) else first
            months.append((first, last))
    if (
        tokens
        and not _RANGE_RE.match(tokens[0].split(",")[0])
        and tokens[0]
        not in (
            "off",
            "closed",
            "open",
        )
    ):
        for part in re.split(r",(?![^\[]*\])", tokens.pop(0)):
            if part == "PH":
                public_holidays = True
                continue
            match = _DAY_RE.match(part)
            if not match:
                return None
            first = DAY_CODES.index(match.group(1))
            last = DAY_CODES.index(match.group(2)) if match.group(2) else first
            span = range(first, last + 1) if first <= last else [*range(first, 7), *range(last + 1)]
            part_weeks = _parse_weeks(match.group(3)) if match.group(3) else ()
            if part_weeks is None or (weeks is not None and part_weeks != weeks):
                return None
            weeks = part_weeks
            days.extend(d for d in span if d not in days)
    if tokens and _RANGE_RE.match(tokens[0].split(",")[0]):
        for part in tokens.pop(0).split(","):
            match = _RANGE_RE.match(part)
            if not match:
                return None
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            if h1 > 24 or h2 > 48 or m1 > 59 or m2 > 59:
                return None
            ranges.append((h1 * 60 + m1, h2 * 60 + m2))
    if tokens and tokens[0] in ("off", "closed", "open"):
        off = tokens.pop(0) != "open"
    if tokens or (not months and not days and not public_holidays and not ranges and not off):
        return None
    if off and ranges:
        return None
    return Rule(
        tuple(months),
        tuple(sorted(days)),
        weeks or (),
        public_holidays,
        tuple(ranges),
        off,
        False,
        comment,
    )


def parse_rules(text):
    """[(rule text, :class:`Rule` or ``None``)] for each ``;``-separated rule of ``text``."""
    return [(part.strip(), _parse_rule(part)) for part in (text or "").split(";") if part.strip()]


def day_runs(days):
    """Sorted weekday numbers as runs of consecutive days: [0, 1, 2, 4] -> [[0, 1, 2], [4]]."""
    runs, run = [], [days[0]]
    for day in days[1:]:
        if day == run[-1] + 1:
            run.append(day)
        else:
            runs.append(run)
            run = [day]
    runs.append(run)
    return runs


def _days_phrase(days):
    """ "mardi et jeudi", "du lundi au vendredi", "tous les jours"."""
    if len(days) == 7:
        return _("every day")
    runs = day_runs(days)
    words = []
    for run in runs:
        if len(run) >= 3:
            words.append(
                _("from %(first)s to %(last)s")
                % {"first": weekday_name(run[0]), "last": weekday_name(run[-1])}
            )
        else:
            words.extend(weekday_name(d) for d in run)
    return join_words(words)


def _nth_phrase(days, weeks):
    """ "le 1er samedi du mois", "les 1er et 3e mardis du mois"."""
    ordinals = join_words([ordinal(w) for w in weeks])
    parts = []
    for day in days:
        parts.append(
            ngettext(
                "the %(ordinals)s %(weekday)s of the month",
                "the %(ordinals)s %(weekday)s of the month",
                len(weeks),
            )
            % {
                "ordinals": ordinals,
                "weekday": weekday_plural(day) if len(weeks) > 1 else weekday_name(day),
            }
        )
    return join_words(parts)


def _months_phrase(months):
    words = []
    for first, last in months:
        if first == last:
            words.append(_("in %(month)s") % {"month": dates.MONTHS[first]})
        else:
            words.append(
                _("from %(first_month)s to %(last_month)s")
                % {"first_month": dates.MONTHS[first], "last_month": dates.MONTHS[last]}
            )
    return join_words(words)


def describe_rule(rule):
    """One rule in plain words ("mardi et jeudi 9 h – 12 h")."""
    if rule.always:
        return _("open every day, day and night")
    who = []
    if rule.days:
        who.append(_nth_phrase(rule.days, rule.weeks) if rule.weeks else _days_phrase(rule.days))
    if rule.public_holidays:
        who.append(_("public holidays"))
    days = join_words(who)
    if rule.off:
        if rule.public_holidays and not rule.days:
            text = _("closed on public holidays")
        elif days:
            text = _("closed %(days)s") % {"days": days}
        elif rule.months:
            text = _("closed %(days)s") % {"days": _months_phrase(rule.months)}
            return (
                _("%(rule)s (%(comment)s)") % {"rule": text, "comment": rule.comment}
                if rule.comment
                else text
            )
        else:
            text = _("closed")
    else:
        hours = (
            join_words([format_period(s, e) for s, e in rule.ranges])
            if rule.ranges
            else _("all day")
        )
        text = _("%(days)s %(hours)s") % {"days": days, "hours": hours} if days else hours
    if rule.months:
        text = _("%(months)s: %(rule)s") % {"months": _months_phrase(rule.months), "rule": text}
    if rule.comment:
        text = _("%(rule)s (%(comment)s)") % {"rule": text, "comment": rule.comment}
    return text


def describe(text):
    """The whole text in plain words, rules separated by " ; ".

    "mardi et jeudi 9 h – 12 h ; le 1er samedi du mois 14 h – 17 h ; fermé les jours fériés".
    A rule outside what this module reads is quoted as it is written.
    """
    words = []
    for raw, rule in parse_rules(text):
        words.append(describe_rule(rule) if rule else f"« {raw} »")
    return " ; ".join(words) if words else _("opening hours not given")


# --- Validation -----------------------------------------------------------------------------


def validate(text):
    """French (translated) error messages for ``text``; an empty list when it can be used."""
    text = (text or "").strip()
    if not text:
        return [_("Enter the opening hours.")]
    if len(text) > MAX_LENGTH:
        return [
            _("The opening hours are too long (%(length)d characters, at most %(max)d).")
            % {"length": len(text), "max": MAX_LENGTH}
        ]
    if any(ord(c) < 32 for c in text):
        return [_("The opening hours contain a line break or a control character.")]
    try:
        opening_hours.OpeningHours(text, timezone=PARIS, country=COUNTRY)
    except opening_hours.ParserError as error:
        found = re.search(r"--> \d+:(\d+)", str(error))
        position = int(found.group(1)) if found else 1
        excerpt = text[position - 1 : position + 14] or text[-15:]
        return [
            _(
                "These opening hours cannot be read from character %(position)d (“%(excerpt)s”). "
                "Expected for example: “%(example)s”."
            )
            % {"position": position, "excerpt": excerpt, "example": EXAMPLE}
        ]
    return []


def validate_opening_hours(value):
    """A Django validator (model or form field) raising :func:`validate`'s messages."""
    errors = validate(value)
    if errors:
        raise ValidationError(errors, code="opening_hours")


# --- The weekly editor's model --------------------------------------------------------------


@dataclass(frozen=True)
class WeeklyDay:
    """One weekday of the editor: 1 or 2 ``(start, end)`` times, every week or chosen weeks."""

    ranges: tuple
    weeks: tuple = ()  # () every week; otherwise among EDITOR_WEEKS, in order


@dataclass(frozen=True)
class WeeklyHours:
    """What the weekly editor can express; ``days`` maps a weekday (0 = Monday) to its hours."""

    days: dict = field(default_factory=dict)
    closed_on_holidays: bool = True

    def to_osm(self):
        """The OpenStreetMap text: ``Tu,Th 09:00-12:00; Sa[1] 14:00-17:00; PH off``."""
        groups = {}
        for day in sorted(self.days):
            spec = self.days[day]
            key = (spec.ranges, spec.weeks) if not spec.weeks else (spec.ranges, spec.weeks, day)
            groups.setdefault(key, []).append(day)
        rules = []
        for key, days in sorted(groups.items(), key=lambda item: item[1][0]):
            ranges, weeks = key[0], key[1]
            selector = _day_selector(days)
            if weeks:
                selector += "[" + ",".join(str(w) for w in weeks) + "]"
            times = ",".join(f"{s:%H:%M}-{e:%H:%M}" for s, e in ranges)
            rules.append(f"{selector} {times}")
        if self.closed_on_holidays:
            rules.append("PH off")
        return "; ".join(rules)

    @classmethod
    def from_osm(cls, text):
        """The editor's view of ``text``, or ``None`` when the editor cannot express it."""
        parsed = parse_rules(text)
        if not parsed:
            return None
        days, closed_on_holidays = {}, False
        for index, (_raw, rule) in enumerate(parsed):
            if rule is None or rule.months or rule.always or rule.comment:
                return None
            if rule.public_holidays:
                if rule.days or not rule.off or index != len(parsed) - 1:
                    return None
                closed_on_holidays = True
                continue
            if rule.off or not rule.ranges or len(rule.ranges) > 2:
                return None
            if any(w not in EDITOR_WEEKS for w in rule.weeks):
                return None
            ranges = []
            for start, end in rule.ranges:
                if not 0 <= start < end < 24 * 60:
                    return None
                ranges.append((time(*divmod(start, 60)), time(*divmod(end, 60))))
            if len(ranges) == 2 and ranges[0][1] >= ranges[1][0]:
                return None
            for day in rule.days:
                if day in days:
                    return None
                days[day] = WeeklyDay(tuple(ranges), rule.weeks)
        if not days:
            return None
        return cls(days, closed_on_holidays)


def _day_selector(days):
    """``Mo-Fr``, ``Tu,Th``, ``Mo-We,Sa``: runs of three days or more as ranges."""
    runs = day_runs(days)
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{DAY_CODES[run[0]]}-{DAY_CODES[run[-1]]}")
        else:
            parts.extend(DAY_CODES[d] for d in run)
    return ",".join(parts)
