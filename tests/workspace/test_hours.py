"""Opening hours: OpenStreetMap syntax read in Europe/Paris with France's public holidays."""

from datetime import UTC, date, datetime, time, timedelta

import opening_hours
import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from workspace.services import hours

PARIS = hours.PARIS
WEEKLY = "Tu,Th 09:00-12:00; Sa[1] 14:00-17:00; PH off"
SUMMER = [(date(2026, 8, 1), date(2026, 8, 23), "congés d'été", "l'épicerie solidaire du Pile")]


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


# --- The library and the country ------------------------------------------------------------


def test_the_library_ignores_public_holidays_without_the_country():
    """Why the module always passes country FR (upper case)."""
    bare = opening_hours.OpeningHours("Tu 09:00-12:00; PH off", timezone=PARIS)
    assert bare.is_open(paris(2026, 7, 14, 10, 0))  # 14 July, a Tuesday: PH ignored
    french = opening_hours.OpeningHours("Tu 09:00-12:00; PH off", timezone=PARIS, country="FR")
    assert not french.is_open(paris(2026, 7, 14, 10, 0))
    with pytest.raises(opening_hours.UnknownCountryError):
        opening_hours.OpeningHours("Tu 09:00-12:00", country="fr")


def test_the_librarys_holidays_are_those_named_by_holidays():
    start, end = paris(2026, 1, 1), paris(2027, 1, 1)
    days = {s.astimezone(PARIS).date() for s, _e in hours.open_periods("PH", start, end)}
    assert len(days) == 11
    assert all(hours.holiday_name(day) for day in days)


# --- Open now, next opening -----------------------------------------------------------------


def test_open_now_and_closes_at():
    thursday = paris(2026, 7, 16, 10, 0)
    assert hours.is_open(WEEKLY, thursday)
    assert hours.closes_at(WEEKLY, thursday) == paris(2026, 7, 16, 12, 0)
    assert not hours.is_open(WEEKLY, paris(2026, 7, 16, 12, 0))  # the end is excluded
    assert hours.closes_at(WEEKLY, paris(2026, 7, 16, 13, 0)) is None
    assert hours.status_phrase(WEEKLY, thursday) == "ouvert maintenant — ferme à 12 h"


def test_naive_datetimes_are_paris_time_and_aware_ones_are_converted():
    assert hours.is_open(WEEKLY, datetime(2026, 7, 16, 11, 30))
    # 09:30 UTC is 11:30 in Paris in summer.
    assert hours.is_open(WEEKLY, datetime(2026, 7, 16, 9, 30, tzinfo=UTC))
    assert not hours.is_open(WEEKLY, datetime(2026, 7, 16, 10, 30, tzinfo=UTC))


def test_next_opening_over_nth_weekdays():
    text = "Tu[1,3] 09:00-12:00"
    # December 2026: Tuesdays 1, 8, 15, 22, 29. After the 1st comes the 15th, then 5 January.
    assert hours.next_opening(text, paris(2026, 12, 1, 8, 0)) == paris(2026, 12, 1, 9, 0)
    assert hours.next_opening(text, paris(2026, 12, 1, 10, 0)) == paris(2026, 12, 15, 9, 0)
    assert hours.next_opening(text, paris(2026, 12, 15, 12, 0)) == paris(2027, 1, 5, 9, 0)
    assert not hours.is_open(text, paris(2026, 12, 8, 10, 0))
    assert hours.is_open(text, paris(2026, 12, 15, 10, 0))
    last = "Fr[-1] 14:00-16:00"
    assert hours.next_opening(last, paris(2026, 12, 1)) == paris(2026, 12, 25, 14, 0)


def test_the_first_saturday_of_the_month():
    assert hours.next_opening(WEEKLY, paris(2026, 8, 1, 18, 0)) == paris(2026, 8, 4, 9, 0)
    saturdays = [
        d.day for d in hours.upcoming_openings(WEEKLY, date(2026, 9, 1), 35) if d.day.weekday() == 5
    ]
    assert saturdays == [date(2026, 9, 5), date(2026, 10, 3)]


@pytest.mark.parametrize(
    "holiday, name",
    [
        (date(2026, 7, 14), "Fête nationale"),  # Tuesday
        (date(2027, 3, 29), "Lundi de Pâques"),  # Easter Monday
        (date(2026, 5, 14), "Ascension"),  # Thursday
        (date(2026, 12, 25), "Noël"),  # Friday
    ],
)
def test_closed_on_french_public_holidays(holiday, name):
    text = "Mo-Fr 09:00-12:00; PH off"
    at = datetime.combine(holiday, time(10, 0), PARIS)
    assert not hours.is_open(text, at)
    assert hours.is_open(text, at - timedelta(days=7))
    assert hours.holiday_name(holiday) == name
    assert hours.status_phrase(text, at).startswith(f"fermé ({name}) — prochaine ouverture : ")
    # Without "PH off" the same day is open.
    assert hours.is_open("Mo-Fr 09:00-12:00", at)


def test_status_names_the_holiday_and_the_next_opening():
    assert (
        hours.status_phrase(WEEKLY, paris(2026, 7, 14, 10, 0))
        == "fermé (Fête nationale) — prochaine ouverture : jeudi 9 h"
    )
    assert (
        hours.status_phrase(WEEKLY, paris(2026, 7, 16, 13, 0))
        == "fermé — prochaine ouverture : mardi 9 h"
    )
    assert (
        hours.status_phrase(WEEKLY, paris(2026, 7, 16, 7, 0))
        == "fermé — prochaine ouverture : aujourd'hui 9 h"
    )
    assert (
        hours.status_phrase(WEEKLY, paris(2026, 7, 13, 18, 0))
        == "fermé — prochaine ouverture : jeudi 9 h"  # Tuesday 14 July is a holiday
    )
    assert hours.status_phrase("Mo 09:30-12:00", paris(2026, 7, 12, 18, 0)) == (
        "fermé — prochaine ouverture : demain 9 h 30"
    )
    assert hours.status_phrase("Mo 09:00-12:00", paris(2026, 7, 20, 18, 0)).endswith(
        "lundi 27 juillet 9 h"
    )


def test_unknown_or_empty_hours_do_not_fail():
    for text in ("", None, "tous les jours"):
        assert not hours.is_open(text, paris(2026, 7, 16, 10, 0))
        assert hours.next_opening(text, paris(2026, 7, 16, 10, 0)) is None
        assert hours.status_phrase(text, paris(2026, 7, 16, 10, 0)) == "horaires non communiqués"
        assert hours.upcoming_openings(text, date(2026, 7, 1)) == []
    assert hours.status_phrase("off", paris(2026, 7, 16)) == "fermé — aucune ouverture prévue"
    assert hours.status_phrase("24/7", paris(2026, 7, 16)) == "ouvert maintenant"


# --- Dated closures -------------------------------------------------------------------------


def test_dated_closure_with_a_substitute():
    during = paris(2026, 8, 11, 10, 0)  # a Tuesday
    assert hours.is_open(WEEKLY, during)
    assert not hours.is_open(WEEKLY, during, SUMMER)
    assert hours.next_opening(WEEKLY, during, SUMMER) == paris(2026, 8, 25, 9, 0)
    assert hours.status_phrase(WEEKLY, during, SUMMER) == (
        "fermé jusqu'au 23 août (congés d'été) — adressez-vous à l'épicerie solidaire du Pile"
    )
    state = hours.status(WEEKLY, during, SUMMER)
    assert state.closure.substitute == "l'épicerie solidaire du Pile"
    assert not state.is_open
    # The closure ends with its last day: open again on the 25th.
    assert hours.is_open(WEEKLY, paris(2026, 8, 25, 10, 0), SUMMER)


def test_closures_are_plain_data_in_any_order():
    closures = [
        hours.Closure(date(2026, 9, 1), date(2026, 9, 1), "", ""),
        (date(2026, 8, 23), date(2026, 8, 1), "congés", ""),  # dates swapped: tolerated
    ]
    assert hours.status_phrase(WEEKLY, paris(2026, 8, 4, 10, 0), closures) == (
        "fermé jusqu'au 23 août (congés)"
    )
    assert hours.status_phrase(WEEKLY, paris(2026, 9, 1, 10, 0), closures) == (
        "fermé jusqu'au 1er septembre"
    )


def test_opens_between_for_the_directory_filters():
    assert hours.opens_between(WEEKLY, date(2026, 8, 4), date(2026, 8, 5))  # a Tuesday
    assert not hours.opens_between(WEEKLY, date(2026, 8, 4), date(2026, 8, 5), SUMMER)
    assert not hours.opens_between(WEEKLY, date(2026, 8, 5), date(2026, 8, 6))  # Wednesday
    assert not hours.opens_between(WEEKLY, date(2026, 7, 14), date(2026, 7, 15))  # 14 July
    # "Open this summer": some opening in July-August despite the August closure.
    assert hours.opens_between(WEEKLY, date(2026, 7, 1), date(2026, 9, 1), SUMMER)
    assert not hours.opens_between(WEEKLY, date(2026, 8, 1), date(2026, 8, 24), SUMMER)
    assert not hours.opens_between("", date(2026, 8, 1), date(2026, 8, 24))


def test_closure_cuts_a_range_over_midnight():
    text = "Fr 22:00-02:00"
    closure = [(date(2026, 7, 18), date(2026, 7, 18), "", "")]  # the Saturday
    assert hours.is_open(text, paris(2026, 7, 17, 23, 0), closure)
    assert hours.closes_at(text, paris(2026, 7, 17, 23, 0), closure) == paris(2026, 7, 18, 0, 0)
    assert not hours.is_open(text, paris(2026, 7, 18, 1, 0), closure)


# --- Midnight and daylight saving -----------------------------------------------------------


def test_a_rule_for_the_next_day_replaces_the_part_after_midnight():
    """OSM semantics, as the library applies them: the later rule owns the whole Sunday."""
    assert not hours.is_open("Sa 20:00-04:00; Su 09:00-12:00", paris(2026, 7, 19, 1, 0))
    assert hours.is_open("Sa 20:00-04:00", paris(2026, 7, 19, 1, 0))


def test_range_over_midnight():
    text = "Fr 22:00-02:00"
    assert hours.is_open(text, paris(2026, 7, 17, 23, 30))
    assert hours.is_open(text, paris(2026, 7, 18, 1, 30))  # Saturday night, still Friday's range
    assert not hours.is_open(text, paris(2026, 7, 18, 2, 0))
    assert hours.closes_at(text, paris(2026, 7, 17, 23, 0)) == paris(2026, 7, 18, 2, 0)
    assert hours.status_phrase(text, paris(2026, 7, 17, 23, 0)) == (
        "ouvert maintenant — ferme demain à 2 h"
    )
    assert hours.status_phrase("Fr 18:00-24:00", paris(2026, 7, 17, 23, 0)) == (
        "ouvert maintenant — ferme à minuit"
    )
    days = hours.upcoming_openings(text, date(2026, 7, 13), 7)
    assert [d.day for d in days] == [date(2026, 7, 17)]
    assert days[0].describe() == "vendredi 17 juillet : 22 h – 2 h"


def test_spring_forward_last_sunday_of_march():
    """29 March 2026: at 2:00 the clocks go to 3:00 (UTC+1 → UTC+2)."""
    text = "Sa 20:00-04:00"
    start = hours.open_periods(text, paris(2026, 3, 28, 12, 0), paris(2026, 3, 29, 6, 0))
    (opens, closes), *_rest = list(start)
    assert opens == datetime(2026, 3, 28, 19, 0, tzinfo=UTC)
    assert closes == datetime(2026, 3, 29, 2, 0, tzinfo=UTC)  # 04:00 summer time
    assert closes - opens == timedelta(hours=7)  # one hour fewer than the clock says
    assert hours.is_open(text, datetime(2026, 3, 29, 1, 30, tzinfo=UTC))  # 03:30 local
    assert not hours.is_open(text, datetime(2026, 3, 29, 2, 30, tzinfo=UTC))  # 04:30 local
    # Sunday 09:00 is 07:00 UTC after the change (08:00 UTC the day before would be 09:00).
    text = "Su 09:00-12:00"
    after = hours.next_opening(text, datetime(2026, 3, 29, 3, 0, tzinfo=UTC))
    assert after.astimezone(UTC) == datetime(2026, 3, 29, 7, 0, tzinfo=UTC)
    assert hours.status_phrase(text, datetime(2026, 3, 29, 6, 30, tzinfo=UTC)) == (
        "fermé — prochaine ouverture : aujourd'hui 9 h"
    )
    assert hours.is_open(text, datetime(2026, 3, 29, 7, 30, tzinfo=UTC))


def test_fall_back_last_sunday_of_october():
    """25 October 2026: at 3:00 the clocks go back to 2:00 (UTC+2 → UTC+1)."""
    text = "Sa 20:00-04:00"
    (opens, closes), *_rest = list(
        hours.open_periods(text, paris(2026, 10, 24, 12, 0), paris(2026, 10, 25, 6, 0))
    )
    assert opens == datetime(2026, 10, 24, 18, 0, tzinfo=UTC)
    assert closes == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)  # 04:00 winter time
    assert closes - opens == timedelta(hours=9)  # one hour more than the clock says
    assert hours.is_open(text, datetime(2026, 10, 25, 2, 30, tzinfo=UTC))  # 03:30 local
    assert not hours.is_open(text, datetime(2026, 10, 25, 3, 30, tzinfo=UTC))  # 04:30 local
    text = "Su 09:00-12:00"
    after = hours.next_opening(text, datetime(2026, 10, 25, 4, 0, tzinfo=UTC))
    assert after.astimezone(UTC) == datetime(2026, 10, 25, 8, 0, tzinfo=UTC)
    assert hours.closes_at(text, datetime(2026, 10, 25, 9, 0, tzinfo=UTC)) == paris(
        2026, 10, 25, 12, 0
    )


# --- The coming weeks, for the printable sheet ------------------------------------------------


def test_upcoming_openings_over_three_weeks():
    days = hours.upcoming_openings(WEEKLY, date(2026, 7, 1), closures=SUMMER)
    described = [d.describe() for d in days]
    assert described[:5] == [
        "jeudi 2 juillet : 9 h – 12 h",
        "samedi 4 juillet : 14 h – 17 h",
        "mardi 7 juillet : 9 h – 12 h",
        "jeudi 9 juillet : 9 h – 12 h",
        "mardi 14 juillet : fermé (Fête nationale)",
    ]
    assert days[-1].day <= date(2026, 7, 21)
    holiday = days[4]
    assert not holiday.is_open and holiday.holiday == "Fête nationale"
    assert holiday.usual_periods == ((paris(2026, 7, 14, 9, 0), paris(2026, 7, 14, 12, 0)),)


def test_upcoming_openings_show_the_closure_and_its_substitute():
    days = hours.upcoming_openings(WEEKLY, date(2026, 7, 28), 10, SUMMER)
    assert [d.describe() for d in days] == [
        "mardi 28 juillet : 9 h – 12 h",
        "jeudi 30 juillet : 9 h – 12 h",
        "samedi 1er août : fermé (congés d'été) — adressez-vous à l'épicerie solidaire du Pile",
        "mardi 4 août : fermé (congés d'été) — adressez-vous à l'épicerie solidaire du Pile",
        "jeudi 6 août : fermé (congés d'été) — adressez-vous à l'épicerie solidaire du Pile",
    ]


def test_upcoming_openings_skip_holidays_when_closed_anyway():
    # Easter Monday 2027 is 29 March: a Tuesday-Thursday place does not mention it.
    days = hours.upcoming_openings(WEEKLY, date(2027, 3, 28), 4)
    assert [d.day for d in days] == [date(2027, 3, 30)]


# --- Plain words ----------------------------------------------------------------------------


def test_french_rendering():
    assert hours.describe(WEEKLY) == (
        "mardi et jeudi 9 h – 12 h ; le 1er samedi du mois 14 h – 17 h ; fermé les jours fériés"
    )
    assert hours.describe("Tu[1,3] 09:30-12:00,14:00-17:30") == (
        "les 1er et 3e mardis du mois 9 h 30 – 12 h et 14 h – 17 h 30"
    )
    assert hours.describe("Mo-Fr 08:00-10:00; Sa,Su 10:00-11:00") == (
        "du lundi au vendredi 8 h – 10 h ; samedi et dimanche 10 h – 11 h"
    )
    assert hours.describe("Mo[-1] 10:00-11:00") == "le dernier lundi du mois 10 h – 11 h"
    assert hours.describe("Mo-Su 09:00-18:00") == "tous les jours 9 h – 18 h"
    assert hours.describe("Mo,We,Fr 14:00-16:00") == "lundi, mercredi et vendredi 14 h – 16 h"
    assert hours.describe("Aug off") == "fermé en août"
    assert hours.describe('Mo 09:00-12:00 "sur rendez-vous"') == (
        "lundi 9 h – 12 h (sur rendez-vous)"
    )
    assert hours.describe("24/7") == "ouvert tous les jours, jour et nuit"
    # A rule outside what is put into words is quoted as written.
    assert hours.describe("Mo 09:00-12:00; week 1-10 off") == "lundi 9 h – 12 h ; « week 1-10 off »"


def test_english_rendering_when_english_is_active():
    with translation.override("en"):
        assert hours.describe(WEEKLY) == (
            "Tuesday and Thursday 9:00 – 12:00 ; the 1st Saturday of the month 14:00 – 17:00 ; "
            "closed on public holidays"
        )
        assert hours.holiday_name(date(2026, 7, 14)) == "National Day"


def test_dates_say_1er():
    assert hours.format_date(date(2026, 9, 1)) == "1er septembre"
    assert hours.format_date(date(2026, 8, 23), weekday=True) == "dimanche 23 août"
    assert hours.format_time(time(9, 30)) == "9 h 30"
    assert hours.format_time(time(9, 5)) == "9 h 05"
    assert hours.format_time(time(14, 0)) == "14 h"


# --- Validation -----------------------------------------------------------------------------


def test_validation_accepts_what_the_library_reads():
    for text in (WEEKLY, "Tu[1,3] 09:00-12:00", "Fr 22:00-02:00", "24/7", "Jul-Aug off"):
        assert hours.validate(text) == []
    hours.validate_opening_hours(WEEKLY)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", "Indiquez les horaires d'ouverture."),
        ("   ", "Indiquez les horaires d'ouverture."),
        ("Tu 25:00-12:00", "à partir du caractère 4 (« 25:00-12:00 »)"),
        ("mardi 9h-12h", "à partir du caractère 4 (« di 9h-12h »)"),  # "Mar" is March
        ("Mo 09:00-12:00\nTu 09:00", "retour à la ligne"),
        ("Mo 09:00-12:00; " * 30, "trop longs"),
    ],
)
def test_validation_errors_in_french(text, expected):
    errors = hours.validate(text)
    assert len(errors) == 1
    assert expected in errors[0]
    with pytest.raises(ValidationError):
        hours.validate_opening_hours(text)


def test_parse_error_shows_an_example():
    (error,) = hours.validate("Tu 9:00-")
    assert (
        "Exemple de ce qui est attendu : « Tu,Th 09:00-12:00; Sa[1] 14:00-17:00; PH off »" in error
    )


# --- The editor's model ---------------------------------------------------------------------


def test_weekly_hours_write_the_syntax():
    weekly = hours.WeeklyHours(
        {
            0: hours.WeeklyDay(((time(9), time(12)),)),
            1: hours.WeeklyDay(((time(9), time(12)),)),
            2: hours.WeeklyDay(((time(9), time(12)),)),
            3: hours.WeeklyDay(((time(9), time(12)), (time(14), time(17, 30)))),
            5: hours.WeeklyDay(((time(14), time(17)),), (1, 3)),
            6: hours.WeeklyDay(((time(10), time(11)),), (-1,)),
        },
        closed_on_holidays=True,
    )
    text = weekly.to_osm()
    assert text == (
        "Mo-We 09:00-12:00; Th 09:00-12:00,14:00-17:30; Sa[1,3] 14:00-17:00; "
        "Su[-1] 10:00-11:00; PH off"
    )
    assert hours.validate(text) == []
    assert hours.WeeklyHours.from_osm(text) == weekly


@pytest.mark.parametrize(
    "text",
    [
        "Tu 09:00-12:00; PH off",
        "Tu,Th 09:00-12:00; Sa[1] 14:00-17:00; PH off",
        "Mo-Fr 08:30-12:00,13:30-17:00",
        "Tu[1,3] 09:00-12:00; Fr[-1] 14:00-16:00",
    ],
)
def test_weekly_hours_round_trip(text):
    weekly = hours.WeeklyHours.from_osm(text)
    assert weekly is not None
    assert hours.WeeklyHours.from_osm(weekly.to_osm()) == weekly
    assert hours.describe(weekly.to_osm()) == hours.describe(text)


@pytest.mark.parametrize(
    "text",
    [
        "24/7",
        "Fr 22:00-02:00",  # over midnight
        "Jul-Aug Mo 09:00-12:00",  # months
        "PH off; Mo 09:00-12:00",  # PH first: not the same meaning
        "Mo 09:00-10:00,11:00-12:00,14:00-15:00",  # three ranges
        "Mo 09:00-12:00; Mo 14:00-16:00",  # the second rule replaces the first
        "Mo[5] 09:00-12:00",  # the 5th week
        'Mo 09:00-12:00 "sur rendez-vous"',
        "Mo 10:00-12:00,11:00-13:00",  # overlapping
        "week 1 off",
        "",
    ],
)
def test_weekly_hours_refuse_what_the_editor_cannot_show(text):
    assert hours.WeeklyHours.from_osm(text) is None
