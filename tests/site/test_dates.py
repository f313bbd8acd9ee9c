"""French dates write "1er" for the first day of the month, in templates, e-mails, PDFs, .ics."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from entraide.dates import format_date
from tests.factories import make_meeting
from tests.utils import text


def render(source, **context):
    return Template(source).render(Context(context))


@pytest.mark.parametrize(
    "fmt, expected",
    [
        ("j F Y", "1er décembre 2026"),
        ("l j F Y", "mardi 1er décembre 2026"),
        ("j F", "1er décembre"),
        ("d/m/Y", "01/12/2026"),
        (r"\j j", "j 1er"),
    ],
)
def test_the_first_of_the_month_is_1er_in_french(fmt, expected):
    day = datetime.date(2026, 12, 1)
    with translation.override("fr"):
        assert format_date(day, fmt) == expected
        assert render("{{ day|date:fmt }}", day=day, fmt=fmt) == expected


def test_other_days_and_english_are_unchanged():
    with translation.override("fr"):
        assert format_date(datetime.date(2026, 12, 2), "j F Y") == "2 décembre 2026"
        assert render('{{ d|date:"j F Y" }}', d=datetime.date(2026, 12, 21)) == "21 décembre 2026"
    with translation.override("en"):
        assert format_date(datetime.date(2026, 12, 1), "j F Y") == "1 December 2026"


def test_the_filter_keeps_djangos_behaviour_for_datetimes_and_empty_values():
    moment = datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC)
    with translation.override("fr"):
        # Converted to local time (Paris) as Django's filter does.
        assert render('{{ m|date:"j F Y, H:i" }}', m=moment) == "1er mars 2026, 10:30"
        assert render('{{ m|date:"c" }}', m=moment).startswith("2026-03-01T10:30")
        assert render("{{ m|date }}", m=None) == ""
        assert render('{{ m|date:"j F" }}', m="pas une date") == ""


def test_a_meeting_on_the_first_reads_1er_on_its_page_and_in_its_calendar(
    client_for, coordinator, member_a, association_a
):
    meeting = make_meeting(coordinator, days_ahead=10, host=association_a)
    first = datetime.date(meeting.date.year + 1, 6, 1)
    meeting.date = first
    meeting.save_revision().publish()
    meeting.refresh_from_db()
    page = text(client_for(member_a).get(meeting.url))
    assert "1er juin" in page and "1 juin" not in page
    ics = client_for(member_a).get(reverse("meetings:ics", args=[meeting.slug])).content.decode()
    unfolded = ics.replace("\r\n ", "")
    assert "1er juin" in unfolded
