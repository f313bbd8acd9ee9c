import datetime

from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from tests.factories import AssociationFactory, make_meeting, make_member
from tests.utils import text
from workspace.models import MeetingPage, MeetingStatus, NetworkSettings
from workspace.services import meetings as meeting_services
from workspace.services import rotation


def willing(n):
    return [AssociationFactory(name=f"Hôte {i:02d}", accepts_hosting=True) for i in range(n)]


def test_two_year_series_every_willing_association_hosts_before_any_hosts_twice(coordinator):
    hosts = willing(7)
    AssociationFactory(name="Ne reçoit pas", accepts_hosting=False)
    AssociationFactory(
        name="Partie",
        accepts_hosting=True,
        left_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    start = timezone.localdate() + datetime.timedelta(days=7)
    seen = []
    for n in range(12):  # two years at one meeting every two months
        host = rotation.suggest_host()
        meeting_services.plan_meeting(
            coordinator,
            date=start + relativedelta(months=2 * n),
            start_time=datetime.time(9, 30),
            end_time=datetime.time(12),
            host=host,
        )
        seen.append(host)
    first_round = seen[: len(hosts)]
    assert set(first_round) == set(hosts), (
        "every willing association hosts once before any hosts twice"
    )
    assert seen[len(hosts) :] == first_round[: 12 - len(hosts)], "then in the same order again"
    assert {h.name for h in seen} <= {h.name for h in hosts}


def test_suggestion_is_least_often_then_least_recently(coordinator):
    a, b, c = willing(3)
    today = timezone.localdate()
    make_meeting(coordinator, days_ahead=-200, host=a)
    make_meeting(coordinator, days_ahead=-100, host=b)
    make_meeting(coordinator, days_ahead=-50, host=a)
    assert rotation.suggest_host() == c  # never hosted
    make_meeting(coordinator, days_ahead=-10, host=c)
    # b and c hosted once each; b longer ago.
    assert rotation.suggest_host() == b
    ranking = rotation.ranking()
    assert [e["association"] for e in ranking] == [b, c, a]
    assert ranking[0]["last"] == today - datetime.timedelta(days=100)


def test_cancelled_meetings_do_not_count(coordinator):
    a, b = willing(2)
    cancelled = make_meeting(coordinator, days_ahead=-30, host=a)
    cancelled.status = MeetingStatus.CANCELLED
    cancelled.save_operational("status")
    make_meeting(coordinator, days_ahead=-60, host=b)
    assert rotation.suggest_host() == a


def test_a_decline_reassigns_to_the_next_fairest(client_for, coordinator):
    a, b, c = willing(3)
    make_meeting(coordinator, days_ahead=-60, host=c)
    meeting = make_meeting(coordinator, days_ahead=30, host=a)
    editor = make_member(a, "editor")
    client_for(editor).post(
        reverse("meetings:decline", args=[meeting.slug]), {"reason": "Salle prise"}
    )
    meeting.refresh_from_db()
    assert meeting.host is None
    # a declined this meeting: it is not suggested again for it; b never hosted.
    assert rotation.suggest_host(meeting) == b
    page = text(client_for(coordinator).get(reverse("meetings:edit", args=[meeting.slug])))
    assert "Accueil proposé : <strong>Hôte 01</strong>" in page
    # The declining association stays first in line for a new meeting.
    assert rotation.suggest_host() == a


def test_series_suggestions_and_planning_from_the_rotation_view(client_for, coordinator, member_a):
    willing(4)
    page = client_for(member_a).get(reverse("meetings:rotation"))
    assert page.status_code == 200
    # Twelve months at one every two months, each moved to a Tuesday (and out of the summer):
    # those that still fall within the twelve months.
    horizon = timezone.localdate() + relativedelta(years=1)
    expected = len([d for d in rotation.next_dates(6) if d <= horizon])
    assert expected >= 5
    assert text(page).count(">proposition</td>") == expected
    assert client_for(member_a).post(reverse("meetings:rotation"), {"count": 6}).status_code == 403
    response = client_for(coordinator).post(reverse("meetings:rotation"), {"count": 6})
    assert response.status_code == 302
    hosts = list(MeetingPage.objects.order_by("date").values_list("host__name", flat=True))
    assert len(hosts) == 6 and set(hosts[:4]) == {"Hôte 00", "Hôte 01", "Hôte 02", "Hôte 03"}
    dates = list(MeetingPage.objects.order_by("date").values_list("date", flat=True))
    closed = rotation.public_holidays(range(dates[0].year, dates[-1].year + 1))
    for earlier, later in zip(dates, dates[1:], strict=False):
        assert later - earlier >= datetime.timedelta(days=45)
    for date in dates:
        assert date.weekday() == 1, f"{date} is not a Tuesday"
        assert date not in closed
        start, end = rotation.summer_break(date.year)
        assert not start <= date <= end


def test_next_dates_follow_the_rhythm_after_the_last_meeting(coordinator):
    (a,) = willing(1)
    last = make_meeting(coordinator, days_ahead=40, host=a)
    first = rotation.meeting_day(last.date + relativedelta(months=2))
    base = (
        first
        if first - (last.date + relativedelta(months=2)) > rotation.REBASE_AFTER
        else (last.date + relativedelta(months=2))
    )
    assert rotation.next_dates(2) == [first, rotation.meeting_day(base + relativedelta(months=2))]
    for date in rotation.next_dates(6):
        assert date.weekday() == 1


# --- On the network's rhythm: the usual weekday, no holiday, no summer break ------------


def network(**changes):
    settings = NetworkSettings.load()
    for name, value in changes.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def test_the_usual_weekday_is_tuesday_by_default(db):
    settings = NetworkSettings.load()
    assert settings.usual_weekday == 1 and settings.skip_summer_break
    # Sunday 4 October 2026 becomes Tuesday 6 October.
    assert rotation.meeting_day(datetime.date(2026, 10, 4)) == datetime.date(2026, 10, 6)
    # A Tuesday stays itself.
    assert rotation.meeting_day(datetime.date(2026, 10, 6)) == datetime.date(2026, 10, 6)


def test_a_french_public_holiday_moves_the_meeting_a_week_later(db):
    network(skip_summer_break=False)
    # Tuesday 14 July 2026 (Fête nationale) → 21 July; Tuesday 15 August 2028 (Assomption).
    assert rotation.meeting_day(datetime.date(2026, 7, 14)) == datetime.date(2026, 7, 21)
    assert rotation.meeting_day(datetime.date(2028, 8, 15)) == datetime.date(2028, 8, 22)
    # On Mondays: Easter Monday 2027 (29 March) → 5 April.
    network(usual_weekday=0)
    assert rotation.meeting_day(datetime.date(2027, 3, 29)) == datetime.date(2027, 4, 5)


def test_the_summer_break_is_skipped_when_the_setting_says_so(db):
    assert rotation.summer_break(2026) == (datetime.date(2026, 7, 4), datetime.date(2026, 8, 31))
    # Tuesday 7 July 2026 is in the break: the first Tuesday after it is 1 September.
    assert rotation.meeting_day(datetime.date(2026, 7, 7)) == datetime.date(2026, 9, 1)
    # Tuesday 30 June 2026 is before it.
    assert rotation.meeting_day(datetime.date(2026, 6, 30)) == datetime.date(2026, 6, 30)
    network(skip_summer_break=False)
    assert rotation.meeting_day(datetime.date(2026, 7, 7)) == datetime.date(2026, 7, 7)


def test_another_weekday_from_the_settings(db):
    network(usual_weekday=3)  # Thursday
    # Thursday 11 November 2027 (Armistice) → 18 November.
    assert rotation.meeting_day(datetime.date(2027, 11, 9)) == datetime.date(2027, 11, 18)


def test_a_summer_skip_never_puts_two_meetings_together(coordinator):
    network(meeting_interval_months=1)
    last = make_meeting(coordinator, days_ahead=10)
    dates = rotation.next_dates(12, after=last.date)
    assert dates == sorted(set(dates))
    for earlier, later in zip(dates, dates[1:], strict=False):
        assert later - earlier >= datetime.timedelta(days=14)
    # Once past the summer break, the next meeting is a full month later, not days after.
    september = next(d for d in dates if d.month == 9)
    assert dates[dates.index(september) + 1] >= september + relativedelta(months=1)


def test_the_rotation_page_suggests_tuesdays_only(client_for, coordinator):
    willing(3)
    page = text(client_for(coordinator).get(reverse("meetings:rotation")))
    for date in rotation.next_dates(6):
        assert date.weekday() == 1
    assert "dimanche" not in page.lower().split("<main", 1)[1]
