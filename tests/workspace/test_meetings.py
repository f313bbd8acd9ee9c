import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from tests.factories import AssociationFactory, make_meeting
from tests.utils import text
from workspace.models import (
    AgendaItemKind,
    HostDecline,
    MeetingIndexPage,
    MeetingPage,
    MeetingStatus,
)

PLAN = reverse("meetings:plan")


def plan_data(days=30, start="09:30", end="12:00", host=None, **extra):
    date = timezone.localdate() + datetime.timedelta(days=days)
    data = {
        "date": date.isoformat(),
        "start_time": start,
        "end_time": end,
        "host": host.pk if host else "",
        "venue": "",
        "video_url": "",
    }
    data.update(extra)
    return data


def test_meetings_index_is_restricted_to_the_network(client, db):
    index = MeetingIndexPage.objects.get()
    assert index.url == "/reunions/"
    restriction = PageViewRestriction.objects.get(page=index)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert set(restriction.groups.values_list("name", flat=True)) == {
        "Coordination",
        "Agents d'orientation",
        "Réseau",
    }
    response = client.get("/reunions/")
    assert response.status_code == 302 and response["Location"].startswith(
        "/compte/connexion/?next=/reunions/"
    )


def test_anonymous_visitor_is_sent_to_login_from_a_meeting(client, meeting):
    response = client.get(meeting.url)
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    for name in ("ics", "agenda_pdf"):
        response = client.get(reverse(f"meetings:{name}", args=[meeting.slug]))
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


@pytest.mark.parametrize(
    "who, status", [("member_a", 200), ("editor_b", 200), ("agent", 200), ("coordinator", 200)]
)
def test_network_members_see_meetings(client_for, people, meeting, who, status):
    client = client_for(people[who])
    assert client.get("/reunions/").status_code == status
    assert client.get(meeting.url).status_code == status


def test_person_without_membership_is_refused(client_for, meeting):
    from tests.factories import UserFactory

    response = client_for(UserFactory()).get(reverse("meetings:topics"))
    assert response.status_code == 403


def test_signed_in_outsiders_get_the_refused_page_on_meeting_pages(
    client_for, meeting, association_a, coordinator
):
    """Not a redirect to the login page, which would send them straight back (a loop)."""
    from tests.factories import UserFactory, make_member
    from workspace.models import Membership
    from workspace.services import memberships as services

    former = make_member(association_a, email="ancienne@a.exemple.org")
    services.end_membership(Membership.objects.get(user=former), by=coordinator)
    for person in (former, UserFactory()):
        client = client_for(person)
        for url in ("/reunions/", meeting.url):
            response = client.get(url)
            assert response.status_code == 403, url
            assert "Accès refusé" in text(response)
    response = client_for(None).get(meeting.url)
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_coordinator_plans_a_meeting_with_defaults(client_for, coordinator, association_a):
    response = client_for(coordinator).post(
        PLAN, plan_data(host=association_a, video_url="visio.exemple.org/abc")
    )
    meeting = MeetingPage.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "meetings:agenda", args=[meeting.slug]
    )
    assert meeting.live and meeting.get_parent().specific_class is MeetingIndexPage
    assert meeting.url.startswith("/reunions/reunion-")
    assert meeting.location == "Association A, " + association_a.full_address
    assert meeting.video_url == "https://visio.exemple.org/abc"
    assert meeting.proposal_deadline == meeting.date - datetime.timedelta(days=10)
    assert meeting.status == MeetingStatus.PLANNED
    kinds = list(meeting.agenda_items.values_list("kind", flat=True))
    assert kinds == [
        AgendaItemKind.WELCOME,
        AgendaItemKind.NEWS,
        AgendaItemKind.ACTIONS,
        AgendaItemKind.NEXT_MEETING,
    ]
    assert meeting.agenda_items.get(kind=AgendaItemKind.WELCOME).presenter == association_a


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            plan_data(start="12:00", end="10:00"),
            "end_time",
            "La réunion doit finir après avoir commencé.",
        ),
        (plan_data(days=-3), "date", "Cette date est passée."),
        (
            plan_data(proposal_deadline="2999-01-01"),
            "proposal_deadline",
            "La date limite des sujets doit précéder",
        ),
    ],
)
def test_bad_meeting_input_gets_a_clear_message_and_keeps_the_input(
    client_for, coordinator, data, field, message
):
    response = client_for(coordinator).post(PLAN, data)
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert f'value="{data["start_time"]}"' in page and f'value="{data["date"]}"' in page
    assert not MeetingPage.objects.exists()


def test_two_meetings_at_the_same_time_are_refused(client_for, coordinator, meeting):
    data = plan_data(start="11:00", end="13:00")
    data["date"] = meeting.date.isoformat()
    response = client_for(coordinator).post(PLAN, data)
    assert response.status_code == 200
    assert "Une autre réunion est déjà prévue le" in text(response)
    assert MeetingPage.objects.count() == 1


def test_a_host_that_left_the_network_is_refused(client_for, coordinator):
    gone = AssociationFactory(
        name="Partie", left_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    response = client_for(coordinator).post(PLAN, plan_data(host=gone))
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in text(response) or "a quitté le réseau" in text(
        response
    )
    assert not MeetingPage.objects.exists()


def test_a_host_that_left_after_being_chosen_is_refused_on_edit(
    client_for, coordinator, meeting, association_a
):
    association_a.left_on = timezone.localdate() - datetime.timedelta(days=1)
    association_a.save()
    data = plan_data(host=association_a)
    data["date"] = meeting.date.isoformat()
    response = client_for(coordinator).post(reverse("meetings:edit", args=[meeting.slug]), data)
    assert response.status_code == 200
    assert "Association A a quitté le réseau et ne peut pas accueillir de réunion" in text(response)


def test_editing_date_bumps_the_sequence_and_keeps_the_uid(client_for, coordinator, meeting):
    uid, sequence = meeting.uid, meeting.sequence
    data = plan_data(days=25, host=meeting.host)
    response = client_for(coordinator).post(reverse("meetings:edit", args=[meeting.slug]), data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.uid == uid and meeting.sequence == sequence + 1
    assert meeting.date == timezone.localdate() + datetime.timedelta(days=25)


def test_publishing_an_old_revision_keeps_the_operational_fields(coordinator, meeting):
    first = meeting.get_latest_revision()
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.save_operational("status")
    meeting.bump_sequence()
    first.publish()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED and meeting.sequence == 1


def test_cancel_meeting_with_reason(client_for, coordinator, meeting, mailoutbox, member_a):
    client = client_for(coordinator)
    empty = client.post(reverse("meetings:cancel", args=[meeting.slug]), {"reason": "  "})
    assert "Merci d'indiquer une raison" in text(empty)
    client.post(reverse("meetings:cancel", args=[meeting.slug]), {"reason": "Salle indisponible"})
    meeting.refresh_from_db()
    assert (
        meeting.status == MeetingStatus.CANCELLED and meeting.cancel_reason == "Salle indisponible"
    )
    assert any("Annulée" in m.subject and member_a.email in m.to for m in mailoutbox)


def test_host_declines_and_the_suggestion_reopens(
    client_for, coordinator, meeting, editor_a, association_b, mailoutbox
):
    association_b.accepts_hosting = True
    association_b.save()
    client = client_for(editor_a)
    response = client.post(
        reverse("meetings:decline", args=[meeting.slug]), {"reason": "Travaux dans la salle"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.host is None
    assert HostDecline.objects.get().reason == "Travaux dans la salle"
    assert any(coordinator.email in m.to for m in mailoutbox)
    page = client_for(coordinator).get(meeting.url)
    assert "la rotation propose Association B" in text(page)


@pytest.mark.parametrize("who", ["member_a", "editor_b", "agent"])
def test_only_the_host_editor_or_coordinator_declines(client_for, people, meeting, who):
    response = client_for(people[who]).post(
        reverse("meetings:decline", args=[meeting.slug]), {"reason": "x"}
    )
    assert response.status_code == 404
    meeting.refresh_from_db()
    assert meeting.host is not None


@pytest.mark.parametrize("who", ["member_a", "editor_a", "editor_b", "agent"])
def test_only_the_coordinator_plans_and_changes_meetings(client_for, people, meeting, who):
    client = client_for(people[who])
    assert client.get(PLAN).status_code == 403
    assert client.post(PLAN, plan_data()).status_code == 403
    for name in ("edit", "cancel", "agenda", "record_attendance"):
        assert client.get(reverse(f"meetings:{name}", args=[meeting.slug])).status_code == 403, name
    assert MeetingPage.objects.count() == 1


def test_anonymous_is_sent_to_login_from_every_meeting_action(client, meeting):
    for name in ("edit", "cancel", "agenda", "record_attendance", "decline"):
        response = client.get(reverse(f"meetings:{name}", args=[meeting.slug]))
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"], name
    for name in ("plan", "rotation", "topics", "propose", "moderation"):
        response = client.get(reverse(f"meetings:{name}"))
        assert response.status_code == 302, name


def test_meeting_list_shows_upcoming_and_past(client_for, coordinator, member_a, association_a):
    make_meeting(coordinator, days_ahead=10, host=association_a)
    make_meeting(coordinator, days_ahead=-30, host=association_a)
    page = text(client_for(member_a).get("/reunions/"))
    assert "Réunions à venir" in page and "Réunions passées" in page
    assert page.count('class="meeting-card') == 2


def test_workspace_home_shows_what_needs_attention(
    client_for, coordinator, editor_a, member_a, meeting, association_a
):
    from tests.factories import make_topic

    make_topic(association_a, member_a, meeting=meeting)
    editor_page = text(client_for(editor_a).get("/espace/"))
    assert "Prochaine réunion : " in editor_page
    assert "Association A n'a pas dit si elle vient à la prochaine réunion" in editor_page
    coordinator_page = text(client_for(coordinator).get("/espace/"))
    assert "1 proposition de sujet à traiter" in coordinator_page
    from workspace.services import attendance as attendance_services

    attendance_services.answer_attendance(meeting, association_a, editor_a, "coming", 2)
    assert "n'a pas dit si elle vient" not in text(client_for(editor_a).get("/espace/"))
    assert "n'a pas dit si elle vient" not in text(client_for(member_a).get("/espace/"))


def test_coordinator_edits_hosting_and_network_settings_in_the_admin(
    client_for, coordinator, association_a
):
    client = client_for(coordinator)
    page = text(client.get(f"/admin/snippets/workspace/association/edit/{association_a.pk}/"))
    assert 'name="accepts_hosting"' in page and 'name="room_capacity"' in page
    response = client.get("/admin/settings/workspace/networksettings/")
    assert response.status_code in (200, 302)
    settings_page = client.get(response["Location"]) if response.status_code == 302 else response
    assert 'name="reminder_days"' in text(settings_page)


def test_members_have_no_admin_access(client_for, member_a):
    """Plain members never see the admin (editors write their practices there)."""
    response = client_for(member_a).get("/admin/")
    assert response.status_code == 302 and "login" in response["Location"]
