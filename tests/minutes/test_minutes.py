import datetime
import io

import pypdf
import pytest
from django.test import TestCase
from django.urls import reverse
from wagtail.models import TaskState

from minutes import services
from minutes.models import (
    ActionItem,
    ActionStatus,
    ActionUpdate,
    Amendment,
    Decision,
    Erratum,
    MinutesPage,
)
from tests.factories import make_meeting, make_member
from tests.minutes.conftest import action, decision, fill, publish
from tests.utils import text, visible_text
from workspace.models import AgendaItemKind, Event
from workspace.services import agenda
from workspace.services import attendance as attendance_services


def pdf_text(response):
    return "".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    )


# --- Starting from the agenda --------------------------------------------------------


def test_minutes_start_from_the_agenda_with_one_section_per_item(
    client_for, coordinator, held, association_a
):
    response = client_for(coordinator).post(reverse("minutes:start", args=[held.slug]))
    page = MinutesPage.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert page.get_parent().specific == held and not page.live
    assert page.url_path.endswith(f"/reunions/{held.slug}/compte-rendu/")
    titles = [s.value["title"] for s in page.get_latest_revision_as_object().sections]
    assert titles == [item.display_title for item in held.agenda_items.all()]
    topic_section = page.get_latest_revision_as_object().sections[2].value
    assert (
        topic_section["title"] == "Maraudes d'hiver" and topic_section["presenter"] == association_a
    )
    # A second click opens the same minutes.
    client_for(coordinator).post(reverse("minutes:start", args=[held.slug]))
    assert MinutesPage.objects.count() == 1


@pytest.mark.parametrize("who", ["member_a", "editor_a", "editor_b", "agent"])
def test_only_the_coordinator_or_the_secretary_starts_the_minutes(client_for, people, held, who):
    assert (
        client_for(people[who]).post(reverse("minutes:start", args=[held.slug])).status_code == 403
    )
    assert not MinutesPage.objects.exists()


def test_the_secretary_drafts_but_does_not_publish(client_for, coordinator, editor_b, held):
    client_for(coordinator).post(
        reverse("minutes:secretary", args=[held.slug]), {"secretary": editor_b.pk}
    )
    held.refresh_from_db()
    assert held.secretary == editor_b
    assert editor_b.groups.filter(name="Secrétaires de séance").exists()
    response = client_for(editor_b).post(reverse("minutes:start", args=[held.slug]))
    page = MinutesPage.objects.get()
    assert response.status_code == 302
    tester = page.permissions_for_user(editor_b)
    assert tester.can_edit() and tester.can_submit_for_moderation()
    assert not tester.can_publish() and not tester.can_view_revisions()
    assert client_for(editor_b).get(f"/admin/pages/{page.pk}/edit/").status_code == 200


@pytest.mark.parametrize(
    "who, edit, publish_, revisions",
    [
        ("member_a", False, False, False),
        ("editor_a", False, False, False),
        ("editor_b", False, False, False),
        ("agent", False, False, False),
        ("coordinator", True, True, True),
    ],
)
def test_permissions_on_the_draft(people, draft, who, edit, publish_, revisions):
    tester = draft.permissions_for_user(people[who])
    assert (tester.can_edit(), tester.can_publish(), tester.can_view_revisions()) == (
        edit,
        publish_,
        revisions,
    )


def test_publication_freezes_the_minutes(people, published):
    for who in ("coordinator", "editor_a", "member_a"):
        tester = published.permissions_for_user(people[who])
        assert not tester.can_edit() and not tester.can_delete()
    assert published.permissions_for_user(people["coordinator"]).can_view_revisions()


def test_admin_edit_of_published_minutes_is_refused(client_for, coordinator, published):
    response = client_for(coordinator).get(f"/admin/pages/{published.pk}/edit/")
    assert response.status_code == 302


# --- Workflow ----------------------------------------------------------------------------


def test_circulation_then_director_approval(
    client_for, coordinator, editor_a, member_a, editor_b, draft, held, association_a, mailoutbox
):
    fill(
        draft,
        summary=[{"type": "paragraph", "value": "<p>Résumé</p>"}],
        actions=[action("Diffuser", association_a, held.date + datetime.timedelta(days=20))],
        user=coordinator,
    )
    draft.refresh_from_db()
    workflow = draft.get_workflow()
    assert [task.specific.__class__.__name__ for task in workflow.tasks] == [
        "CirculationTask",
        "DirectorApprovalTask",
    ]
    workflow.start(draft, coordinator)
    state = services.circulation_state(draft)
    assert state is not None
    assert abs(
        (state.deadline - state.started_at) - datetime.timedelta(days=7)
    ) < datetime.timedelta(minutes=1)

    # An editor of an association that attended sends an amendment on a section.
    draft_url = reverse("minutes:draft", args=[held.slug])
    section_id = draft.get_latest_revision_as_object().sections[2].id
    page = client_for(editor_a).get(draft_url)
    assert page.status_code == 200 and "Résumé" in visible_text(page)
    empty = client_for(editor_a).post(draft_url, {"section": section_id, "text": ""})
    assert "Écrivez la modification que vous demandez." in text(empty)
    client_for(editor_a).post(
        draft_url, {"section": section_id, "text": "Préciser les soirs de passage."}
    )
    amendment = Amendment.objects.get()
    assert amendment.association == association_a and amendment.section_id == section_id
    # Shown to the coordinator in the editor, by section.
    editor = text(client_for(coordinator).get(f"/admin/pages/{draft.pk}/edit/"))
    assert "Préciser les soirs de passage." in editor and "Amendements reçus" in editor
    # An association that did not attend neither reads the draft nor amends it.
    assert client_for(editor_b).get(draft_url).status_code == 404
    assert (
        client_for(editor_b).post(draft_url, {"section": section_id, "text": "x"}).status_code
        == 404
    )

    # After the circulation period the director's approval follows.
    assert services.close_circulations(now=state.deadline + datetime.timedelta(minutes=1)) == 1
    draft.refresh_from_db()
    task = draft.current_workflow_task.specific
    assert task.__class__.__name__ == "DirectorApprovalTask"
    assert "approve" in [name for name, *_ in task.get_actions(draft, coordinator)]
    assert (
        client_for(editor_a)
        .post(draft_url, {"section": section_id, "text": "Trop tard"}, follow=True)
        .status_code
        == 200
    )
    assert Amendment.objects.count() == 1

    mailoutbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        draft.current_workflow_task_state.specific.approve(user=coordinator)
    draft.refresh_from_db()
    assert draft.live
    assert ActionItem.objects.get().what == "Diffuser"
    # Every member is told, with the list of their association's actions.
    to_member_a = [m for m in mailoutbox if member_a.email in m.to]
    assert len(to_member_a) == 1
    assert "Compte rendu de la réunion du réseau du" in to_member_a[0].subject
    assert "- Diffuser" in to_member_a[0].body and draft.url in to_member_a[0].body
    to_b = [m for m in mailoutbox if editor_b.email in m.to]
    assert len(to_b) == 1 and "- Diffuser" not in to_b[0].body


def test_the_editor_gives_each_section_its_amendments(
    client_for, coordinator, member_a, draft, association_a
):
    import json
    import re

    section = next(s for s in draft.sections if s.value["title"] == "Maraudes d'hiver")
    services.add_amendment(draft, member_a, section.id, "Thermos </script><b>x</b>", association_a)
    services.add_amendment(draft, member_a, "section-disparue", "Plus de point", association_a)
    response = client_for(coordinator).get(f"/admin/pages/{draft.pk}/edit/")
    html = response.content.decode()
    assert "js/minutes-amendments.js" in html and "css/minutes-editor.css" in html
    raw = re.search(r'id="minutes-amendments-data"[^>]*>(.*?)</script>', html, re.S).group(1)
    assert "</script><b>" not in raw  # escaped by json_script
    data = json.loads(raw)
    assert data["heading"] == "Amendements reçus sur cette section"
    # A section that was removed is not looked for in the editor (the panel still lists it).
    assert [group["section_id"] for group in data["groups"]] == [section.id]
    (amendment,) = data["groups"][0]["amendments"]
    assert amendment["text"] == "Thermos </script><b>x</b>"
    assert amendment["who"] == f"{member_a} ({association_a.name})"
    panel = text(response)
    assert "(point supprimé)" in panel and "Plus de point" in panel


def test_workspace_home_points_to_circulating_minutes_and_to_the_approval(
    client_for, coordinator, member_a, editor_b, agent, draft, held
):
    home = reverse("workspace:home")
    draft_url = reverse("minutes:draft", args=[held.slug])
    draft.get_workflow().start(draft, coordinator)
    deadline = services.circulation_state(draft).deadline
    # Association A attended: its members are asked for amendments; B was absent.
    page = text(client_for(member_a).get(home))
    assert "circule pour amendements jusqu’au" in page and draft_url in page
    for outsider in (editor_b, agent):
        assert "circule pour amendements" not in text(client_for(outsider).get(home))
    assert draft_url in text(client_for(coordinator).get(home))

    services.close_circulations(now=deadline + datetime.timedelta(minutes=1))
    page = text(client_for(coordinator).get(home))
    assert "attend votre approbation" in page
    assert f"/admin/pages/{draft.pk}/edit/" in page
    assert "circule pour amendements" not in text(client_for(member_a).get(home))
    assert "attend votre approbation" not in text(client_for(member_a).get(home))


def test_the_approval_waits_for_attendance_on_the_coordinators_home(
    client_for, coordinator, association_a
):
    meeting = make_meeting(coordinator, days_ahead=-1, host=association_a)
    page, _ = services.start_minutes(meeting, coordinator)
    page.get_workflow().start(page, coordinator)
    state = services.circulation_state(page)
    services.close_circulations(now=state.deadline + datetime.timedelta(seconds=1))
    home = text(client_for(coordinator).get(reverse("workspace:home")))
    assert "attend l’enregistrement des présences avant approbation" in home
    assert reverse("meetings:record_attendance", args=[meeting.slug]) in home


def test_approval_is_not_offered_while_attendance_is_missing(
    client_for, coordinator, association_a
):
    meeting = make_meeting(coordinator, days_ahead=-1, host=association_a)
    page, _ = services.start_minutes(meeting, coordinator)
    workflow = page.get_workflow()
    workflow.start(page, coordinator)
    state = services.circulation_state(page)
    services.close_circulations(now=state.deadline + datetime.timedelta(seconds=1))
    page.refresh_from_db()
    task = page.current_workflow_task.specific
    assert [name for name, *_ in task.get_actions(page, coordinator)] == ["reject"]
    assert not page.permissions_for_user(coordinator).can_publish()
    editor = text(client_for(coordinator).get(f"/admin/pages/{page.pk}/edit/"))
    assert (
        "L'approbation n'est pas proposée : les présences de la réunion ne sont pas encore enregistrées."
        in editor
    )
    # Once attendance is recorded, approval comes back.
    attendance_services.record_attendance(meeting, coordinator, {association_a: 3}, covered=set())
    assert "approve" in [name for name, *_ in task.get_actions(page, coordinator)]


def test_a_publish_attempt_by_a_non_coordinator_is_refused(
    client_for, coordinator, editor_b, draft, held
):
    from minutes.services import name_secretary

    name_secretary(held, editor_b)
    client = client_for(editor_b)
    form = client.get(f"/admin/pages/{draft.pk}/edit/")
    assert form.status_code == 200
    response = client.post(
        f"/admin/pages/{draft.pk}/edit/",
        {
            "title": draft.title,
            "slug": draft.slug,
            "other_participants": "",
            "sections-count": "0",
            "action-publish": "publish",
        },
        follow=True,
    )
    draft.refresh_from_db()
    assert not draft.live
    assert response.status_code in (200, 403)


def test_due_date_before_the_meeting_is_refused(coordinator, draft, held, association_a):
    """The editor's form refuses an action due before the meeting, with a French message."""
    from minutes.panels import MinutesPageForm

    revision = fill(
        draft,
        actions=[action("Trop tôt", association_a, held.date - datetime.timedelta(days=3))],
        user=coordinator,
    )
    page = revision.as_object()
    form_class = MinutesPage.get_edit_handler().get_form_class()
    assert issubclass(form_class, MinutesPageForm)
    form = form_class(instance=page, for_user=coordinator, parent_page=held)
    form.cleaned_data = {"sections": page.sections}
    form._errors = {}
    form.clean()
    assert any("avant la réunion elle-même" in str(error) for error in form.non_field_errors())


def test_action_without_owner_is_refused_by_the_block():
    from django.core.exceptions import ValidationError

    from minutes.blocks import ActionBlock

    block = ActionBlock()
    with pytest.raises(ValidationError):
        block.clean(
            block.to_python(
                {
                    "what": "Sans responsable",
                    "owner": None,
                    "person": "",
                    "due_date": "2030-01-01",
                    "confidential": False,
                }
            )
        )


def test_pasted_html_is_sanitised_and_oversized_text_refused():
    import json

    from django.core.exceptions import ValidationError
    from wagtail.admin.rich_text import DraftailRichTextArea

    from minutes.blocks import PARAGRAPH_LIMIT, SummaryBlock

    widget = DraftailRichTextArea(features=["bold", "italic", "ol", "ul", "link"])
    contentstate = {
        "blocks": [
            {
                "key": "a",
                "type": "unstyled",
                "depth": 0,
                "text": "<script>alert(1)</script> bonjour",
                "inlineStyleRanges": [],
                "entityRanges": [],
            }
        ],
        "entityMap": {},
    }
    html = widget.value_from_datadict({"p": json.dumps(contentstate)}, {}, "p")
    assert "<script>" not in html and "&lt;script&gt;" in html
    block = SummaryBlock().child_blocks["paragraph"]
    with pytest.raises(ValidationError):
        block.clean(block.to_python("<p>" + "x" * (PARAGRAPH_LIMIT + 1) + "</p>"))


# --- Confidentiality ----------------------------------------------------------------


@pytest.mark.parametrize(
    "who, sees",
    [
        ("member_a", True),
        ("editor_a", True),
        ("coordinator", True),
        ("member_b", False),
        ("editor_b", False),
        ("agent", False),
    ],
)
def test_confidential_parts_on_page_and_pdf(client_for, people, published, who, sees):
    client = client_for(people[who])
    page = visible_text(client.get(published.url))
    pdf = pdf_text(client.get(reverse("minutes:pdf", args=[published.get_parent().slug])))
    for secret in (
        "La famille Martin",
        "Aide discrète pour une famille sans papiers",
        "Accompagner la famille",
    ):
        assert (secret in page) is sees, (who, secret)
        assert (secret in pdf.replace("\n", " ")) is sees, (who, secret)
    assert "Un planning commun des maraudes" in page and "Diffuser le planning" in page
    if not sees:
        assert "[élément confidentiel]" in page and "[élément confidentiel]" in pdf


def test_the_minutes_pdf_is_private(client_for, member_b, published):
    response = client_for(member_b).get(reverse("minutes:pdf", args=[published.get_parent().slug]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline; filename=")


def test_minutes_are_never_public(client, published):
    response = client.get(published.url)
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    assert client.get(reverse("minutes:pdf", args=[published.get_parent().slug])).status_code == 302


def test_confidential_parts_are_never_indexed(published):
    assert "Martin" not in published.search_text and "sans papiers" not in published.search_text
    assert "Un planning commun des maraudes" in published.search_text
    assert not Decision.get_indexed_objects().filter(confidential=True).exists()
    assert not ActionItem.get_indexed_objects().filter(confidential=True).exists()


def test_notifications_leave_out_confidential_actions(
    client_for, coordinator, member_b, association_b, published
):
    event = Event.objects.get(kind="minutes_published")
    from minutes.notifications import MinutesPublished

    body = MinutesPublished().render(event, member_b)[1]
    assert "Accompagner la famille" not in body


def test_registers_respect_confidentiality(client_for, people, published):
    for who, sees in (("member_b", False), ("member_a", True), ("coordinator", True)):
        client = client_for(people[who])
        decisions = visible_text(client.get(reverse("minutes:decisions")))
        actions = visible_text(client.get(reverse("minutes:actions")))
        assert ("Aide discrète" in decisions) is sees
        assert ("Accompagner la famille" in actions) is sees
        assert "Un planning commun des maraudes" in decisions and "Diffuser le planning" in actions


# --- Rows, revisions, errata -----------------------------------------------------------


def test_publishing_an_old_revision_keeps_statuses_and_links(
    coordinator, draft, held, association_a
):
    due = held.date + datetime.timedelta(days=15)
    fill(
        draft,
        decisions=[decision("Première décision")],
        actions=[action("Première action", association_a, due)],
        user=coordinator,
    )
    page = publish(draft, coordinator)
    first_revision = page.get_latest_revision()
    decision_row = Decision.objects.get()
    action_row = ActionItem.objects.get()
    services.set_action_status(action_row, coordinator, ActionStatus.DONE, "Fait")
    # A later revision drops the decision and rewords the action.
    revision = page.get_latest_revision_as_object()
    value = revision.sections[0].value
    value["decisions"] = value["decisions"].list_block.to_python([])
    value["actions"][0]["what"] = "Action reformulée"
    revision.save_revision(user=coordinator).publish(user=None)
    decision_row.refresh_from_db()
    action_row.refresh_from_db()
    assert (
        decision_row.withdrawn
        and action_row.what == "Action reformulée"
        and action_row.status == ActionStatus.DONE
    )
    # Publishing the old revision again: same rows, statuses kept, decision back.
    first_revision.publish(user=None)
    decision_row.refresh_from_db()
    action_row.refresh_from_db()
    assert Decision.objects.count() == 1 and ActionItem.objects.count() == 1
    assert not decision_row.withdrawn and decision_row.text == "Première décision"
    assert action_row.status == ActionStatus.DONE and action_row.what == "Première action"


def test_errata_are_added_by_the_coordinator_only(client_for, people, published):
    url = reverse("minutes:erratum", args=[published.get_parent().slug])
    for who in ("member_a", "editor_a", "agent"):
        assert client_for(people[who]).post(url, {"text": "x"}).status_code == 403
    client_for(people["coordinator"]).post(url, {"text": "Il fallait lire huit associations."})
    erratum = Erratum.objects.get()
    page = visible_text(client_for(people["member_b"]).get(published.url))
    assert "Errata" in page and "Il fallait lire huit associations." in page
    assert erratum.created_at.date().strftime("%Y") in page


# --- Action items ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("member_a", True),
        ("editor_a", True),
        ("coordinator", True),
        ("editor_b", False),
        ("agent", False),
    ],
)
def test_owner_association_updates_its_action(client_for, people, published, who, allowed):
    row = ActionItem.objects.get(what="Diffuser le planning")
    response = client_for(people[who]).post(
        reverse("minutes:update_action", args=[row.pk]),
        {"status": "in_progress", "note": "Commencé"},
    )
    row.refresh_from_db()
    if allowed:
        assert response.status_code == 302 and row.status == ActionStatus.IN_PROGRESS
        assert ActionUpdate.objects.get().note == "Commencé"
    else:
        assert response.status_code == 404 and row.status == ActionStatus.OPEN


def test_action_update_needs_a_note(client_for, member_a, published):
    row = ActionItem.objects.get(what="Diffuser le planning")
    response = client_for(member_a).post(
        reverse("minutes:update_action", args=[row.pk]), {"status": "done", "note": ""}, follow=True
    )
    assert "Dites en quelques mots ce qui a changé." in text(response)
    row.refresh_from_db()
    assert row.status == ActionStatus.OPEN


def test_association_page_lists_its_actions_with_a_form(
    client_for, member_a, association_a, published
):
    page = text(
        client_for(member_a).get(reverse("workspace:association", args=[association_a.slug]))
    )
    assert (
        "Diffuser le planning" in page
        and reverse(
            "minutes:update_action", args=[ActionItem.objects.get(what="Diffuser le planning").pk]
        )
        in page
    )


def test_open_actions_carry_over_to_the_next_agenda(
    client_for, coordinator, member_a, association_a, published
):
    following = make_meeting(coordinator, days_ahead=30, host=association_a)
    agenda.publish_agenda(following, coordinator)
    done = ActionItem.objects.get(what="Diffuser le planning")
    page = visible_text(client_for(member_a).get(following.url))
    assert "Diffuser le planning" in page
    services.set_action_status(done, coordinator, ActionStatus.DONE, "Fait")
    page = visible_text(client_for(member_a).get(following.url))
    assert "Diffuser le planning" not in page
    follow_up = following.agenda_items.get(kind=AgendaItemKind.ACTIONS)
    assert follow_up.display_title == "Suivi des actions"


def test_action_reminders_once_before_due_and_once_overdue(
    coordinator, member_a, editor_a, association_a, published, mailoutbox
):
    from django.test import TestCase

    row = ActionItem.objects.get(what="Diffuser le planning")
    for today in (
        row.due_date - datetime.timedelta(days=2),
        row.due_date - datetime.timedelta(days=1),
    ):
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.send_action_reminders(today=today)
    soon = [m for m in mailoutbox if "Action à échéance" in m.subject]
    assert sorted(email for m in soon for email in m.to) == sorted([member_a.email, editor_a.email])
    mailoutbox.clear()
    for today in (
        row.due_date + datetime.timedelta(days=1),
        row.due_date + datetime.timedelta(days=5),
    ):
        with TestCase.captureOnCommitCallbacks(execute=True):
            services.send_action_reminders(today=today)
    late = [m for m in mailoutbox if "Action en retard" in m.subject]
    assert sorted(email for m in late for email in m.to) == sorted([member_a.email, editor_a.email])
    mailoutbox.clear()
    services.set_action_status(row, coordinator, ActionStatus.DONE, "Fait")
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.send_action_reminders(today=row.due_date + datetime.timedelta(days=9))
    assert not [m for m in mailoutbox if "Diffuser le planning" in m.body]


def test_register_and_action_list_queries_do_not_grow(
    client_for, coordinator, member_a, association_a, association_b, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(n):
        for i in range(n):
            meeting = make_meeting(
                coordinator,
                days_ahead=-(i + 3),
                start=(8 + i % 10, 0),
                end=(8 + i % 10, 30),
                host=association_a,
            )
            attendance_services.record_attendance(
                meeting, coordinator, {association_a: 1}, covered=set()
            )
            page, _ = services.start_minutes(meeting, coordinator)
            fill(
                page,
                decisions=[
                    decision(
                        f"Décision {i}",
                        scope="some",
                        associations=[association_a.pk, association_b.pk],
                    )
                ],
                actions=[
                    action(f"Action {i}", association_b, meeting.date + datetime.timedelta(days=40))
                ],
                user=coordinator,
            )
            publish(page, coordinator)

    client = client_for(member_a)

    def count(url):
        client.get(url)  # warm the per-process caches (site, settings)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    make(2)
    small = count(reverse("minutes:decisions")), count(reverse("minutes:actions"))
    make(25)
    large = count(reverse("minutes:decisions")), count(reverse("minutes:actions"))
    assert large == small
    assert all(queries > 3 for queries in small), small
    assert Decision.objects.count() == 27


def test_demo_minutes(db, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    assert MinutesPage.objects.live().count() >= 3
    assert set(ActionItem.objects.values_list("status", flat=True)) == {
        "open",
        "in_progress",
        "done",
        "dropped",
    }
    assert Decision.objects.filter(confidential=True).exists()
    assert Erratum.objects.exists() and Amendment.objects.exists()
    assert TaskState.objects.filter(status="in_progress").exists()
    assert make_member


def test_beat_runs_the_minutes_tasks(settings):
    from entraide.celery import app

    # What a worker does when it starts: import every app's tasks (autodiscovery is lazy, so
    # without it the result depends on which tests ran before in the same process).
    app.loader.import_default_modules()
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["close-circulations"]["task"] == "minutes.tasks.close_circulations"
    assert schedule["action-reminders"]["task"] == "minutes.tasks.send_action_reminders"
    assert {"minutes.tasks.close_circulations", "minutes.tasks.send_action_reminders"} <= set(
        app.tasks
    )


def test_the_circulation_task_closes_expired_circulations(coordinator, draft):
    from django.utils import timezone

    from minutes.tasks import close_circulations

    draft.get_workflow().start(draft, coordinator)
    state = services.circulation_state(draft)
    state.deadline = timezone.now() - datetime.timedelta(minutes=1)
    state.save(update_fields=["deadline"])
    assert close_circulations() == 1
    draft.refresh_from_db()
    assert draft.current_workflow_task.specific.__class__.__name__ == "DirectorApprovalTask"


def test_association_page_title_is_just_its_name(client_for, member_a, association_a, published):
    page = (
        client_for(member_a)
        .get(reverse("workspace:association", args=[association_a.slug]))
        .content.decode()
    )
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.strip() == "Association A · Entraide"


def test_workspace_home_lists_open_actions_and_unread_notifications(
    client_for, member_a, member_b, association_a, published
):
    from workspace.models import Event, Notification

    row = ActionItem.objects.get(what="Diffuser le planning")
    row.due_date = row.meeting.date
    row.save()
    Notification.objects.create(
        user=member_a, event=Event.objects.first(), category="minutes", title="x", url="/"
    )
    page = text(client_for(member_a).get("/espace/"))
    assert "1 action ouverte de Association A (1 en retard)" in page
    assert "1 notification non lue" in page
    # member_b's association owns a confidential action member_b may not see: not counted.
    assert "action ouverte" not in text(client_for(member_b).get("/espace/"))
