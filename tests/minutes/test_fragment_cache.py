"""The meeting's agenda and the minutes' body are rendered once per reader level and kept in the
cache (``entraide.pagecache.remember(..., members=True)``): a fragment cached for one role is
never shown to a role that may not read all of it, and a change shows at the next request."""

import datetime
from unittest import mock

import pytest
from bs4 import BeautifulSoup

from entraide import pagecache
from minutes import services
from minutes.models import ActionItem, ActionStatus
from tests.factories import make_meeting
from tests.utils import visible_text
from workspace import permissions
from workspace.services import agenda, attendance

SECRETS = (
    "La famille Martin",
    "Aide discrète pour une famille sans papiers",
    "Accompagner la famille",
)
CALLS = ("get", "get_many", "set", "add")
ROLES = {
    "coordinator": True,
    "member_a": True,
    "editor_a": True,
    "member_b": False,
    "editor_b": False,
    "agent": False,
}


@pytest.mark.parametrize("first", ["coordinator", "member_a", "member_b"])
def test_a_minutes_fragment_cached_for_one_role_never_shows_to_another(
    client_for, people, published, first
):
    """Whoever reads first fills the cache; every role then reads exactly its own parts."""
    order = [first] + [who for who in ROLES if who != first] + [first]
    for who in order:
        page = visible_text(client_for(people[who]).get(published.url))
        for secret in SECRETS:
            assert (secret in page) is ROLES[who], (first, who, secret)
        assert "Un planning commun des maraudes" in page
        if not ROLES[who]:
            assert "[élément confidentiel]" in page
            assert "Les parties confidentielles ne sont visibles" in page


def test_the_minutes_body_comes_from_the_cache_and_a_change_shows_at_once(
    client_for, member_a, published
):
    client = client_for(member_a)
    assert "Ouverte" in visible_text(client.get(published.url))  # the action's status
    with mock.patch("minutes.pages.minutes_context", side_effect=AssertionError("not cached")):
        client.get(published.url)  # from the cache: the body is not worked out again
    action = ActionItem.objects.get(minutes=published, what="Diffuser le planning")
    services.set_action_status(action, member_a, ActionStatus.DONE, "")
    page = visible_text(client.get(published.url))
    assert "Faite" in page


def test_readers_of_the_same_associations_share_a_fragment_others_do_not(
    people, member_a, editor_a, member_b, coordinator, agent
):
    assert permissions.fragment_level(member_a) == permissions.fragment_level(editor_a)
    assert permissions.fragment_level(member_a) != permissions.fragment_level(member_b)
    assert permissions.fragment_level(coordinator).endswith("-coordination")
    assert permissions.fragment_level(agent) not in (
        permissions.fragment_level(member_a),
        permissions.fragment_level(coordinator),
    )


@pytest.fixture
def next_meeting(published, coordinator, association_a):
    """The next meeting, its agenda published: its follow-up lists the confidential action."""
    meeting = make_meeting(coordinator, days_ahead=20, host=association_a)
    agenda.create_default_agenda(meeting)
    agenda.publish_agenda(meeting, coordinator)
    return meeting


@pytest.mark.parametrize("first", ["coordinator", "member_b"])
def test_the_agenda_follow_up_cached_for_one_role_never_shows_to_another(
    client_for, people, next_meeting, first
):
    order = [first] + [who for who in ROLES if who != first and who != "agent"]
    for who in order:
        page = visible_text(client_for(people[who]).get(next_meeting.url))
        assert "Diffuser le planning" in page, who
        assert ("Accompagner la famille" in page) is ROLES[who], (first, who)
        if not ROLES[who]:
            assert "[élément confidentiel]" in page


def test_an_agenda_change_shows_at_once(client_for, member_a, coordinator, next_meeting):
    client = client_for(member_a)
    assert "Point divers sur les colis" not in visible_text(client.get(next_meeting.url))
    item = agenda.add_item(next_meeting, title="Point divers sur les colis", duration_minutes=10)
    assert "Point divers sur les colis" in visible_text(client.get(next_meeting.url))
    agenda.move_item_to(item, 1)  # update() only: no signal, the service tells the cache
    page = visible_text(client.get(next_meeting.url))
    assert page.index("Point divers sur les colis") < page.index("Tour de table des nouvelles")
    action = ActionItem.objects.get(what="Diffuser le planning")
    services.set_action_status(action, member_a, ActionStatus.DONE, "")
    assert "Diffuser le planning" not in visible_text(client.get(next_meeting.url))


def test_with_the_cache_down_the_pages_are_rendered_without_it(
    client_for, member_b, published, next_meeting
):
    client = client_for(member_b)
    minutes_url, meeting_url = published.url, next_meeting.url
    broken = mock.Mock(**{f"{name}.side_effect": ConnectionError("down") for name in CALLS})
    # Only what our fragments read is made to fail (Wagtail's own site cache is not ours).
    with mock.patch("entraide.pagecache.cache", broken):
        minutes = client.get(minutes_url)
        meeting = client.get(meeting_url)
        pagecache.invalidate_member_fragments()  # a write during the outage: no error either
    assert broken.get.called
    assert minutes.status_code == 200 and meeting.status_code == 200
    assert "Accompagner la famille" not in visible_text(minutes)
    assert "[élément confidentiel]" in visible_text(meeting)
    assert "Diffuser le planning" in visible_text(meeting)


def test_fragments_expire_with_the_day(client_for, member_a, published):
    """The keys hold the day: an action becomes "overdue" on its own."""
    client = client_for(member_a)
    client.get(published.url)
    later = datetime.date.today() + datetime.timedelta(days=400)
    with mock.patch("django.utils.timezone.localdate", return_value=later):
        page = visible_text(client.get(published.url))
    assert "en retard" in page


def test_the_coordinators_attendance_table_shows_a_new_answer_at_once(
    client_for, coordinator, editor_b, association_b, next_meeting
):
    client = client_for(coordinator)
    before = BeautifulSoup(client.get(next_meeting.url).content, "html.parser")
    row = [r for r in before.select("#presence tbody tr") if association_b.name in r.get_text()]
    assert "pas de réponse" in row[0].get_text()
    attendance.answer_attendance(next_meeting, association_b, editor_b, "coming", 3)
    after = BeautifulSoup(client.get(next_meeting.url).content, "html.parser")
    row = [r for r in after.select("#presence tbody tr") if association_b.name in r.get_text()]
    assert "Présente" in row[0].get_text(), row[0].get_text()
    assert "3" in row[0].get_text()
