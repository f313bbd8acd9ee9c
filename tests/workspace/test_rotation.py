import datetime

from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from tests.factories import AssociationFactory, make_meeting, make_member
from tests.utils import text
from workspace.models import MeetingPage, MeetingStatus
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
    assert text(page).count(">proposition</td>") == 6  # twelve months at one every two months
    assert client_for(member_a).post(reverse("meetings:rotation"), {"count": 6}).status_code == 403
    response = client_for(coordinator).post(reverse("meetings:rotation"), {"count": 6})
    assert response.status_code == 302
    hosts = list(MeetingPage.objects.order_by("date").values_list("host__name", flat=True))
    assert len(hosts) == 6 and set(hosts[:4]) == {"Hôte 00", "Hôte 01", "Hôte 02", "Hôte 03"}
    dates = list(MeetingPage.objects.order_by("date").values_list("date", flat=True))
    assert all(
        later == earlier + relativedelta(months=2)
        for earlier, later in zip(dates, dates[1:], strict=False)
    )


def test_next_dates_follow_the_rhythm_after_the_last_meeting(coordinator):
    (a,) = willing(1)
    last = make_meeting(coordinator, days_ahead=40, host=a)
    assert rotation.next_dates(2) == [
        last.date + relativedelta(months=2),
        last.date + relativedelta(months=4),
    ]
