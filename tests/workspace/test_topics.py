import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_meeting, make_topic
from tests.utils import text
from workspace.models import AgendaItem, Role, Topic, TopicAttachment, TopicStatus
from workspace.services import attendance as attendance_services
from workspace.services import topics as topic_services

PROPOSE = reverse("meetings:propose")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40


def proposal(**extra):
    data = {
        "title": "Hausse des factures d'énergie",
        "description": "Des familles arrivent après une régularisation.",
        "kind": "discussion",
        "estimated_minutes": 15,
    }
    data.update(extra)
    return data


def test_member_proposes_for_the_next_meeting(client_for, member_a, meeting, association_a):
    response = client_for(member_a).post(PROPOSE, proposal())
    topic = Topic.objects.get()
    assert response.status_code == 302 and response["Location"] == topic.get_absolute_url()
    assert topic.association == association_a and topic.proposed_by == member_a
    assert topic.meeting == meeting and topic.status == TopicStatus.PROPOSED and not topic.late


def test_editor_of_two_associations_chooses_which_one_proposes(
    client_for, editor_a, association_b, meeting
):
    from workspace.services import memberships as services

    services.add_membership(editor_a, association_b, Role.MEMBER)
    client = client_for(editor_a)
    missing = client.post(PROPOSE, proposal())
    assert missing.status_code == 200 and "Choisissez l'association qui propose ce sujet." in text(
        missing
    )
    client.post(PROPOSE, proposal(association=association_b.pk))
    assert Topic.objects.get().association == association_b


def test_cannot_propose_for_an_association_one_does_not_belong_to(
    client_for, member_a, association_b, meeting
):
    response = client_for(member_a).post(PROPOSE, proposal(association=association_b.pk))
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in text(response)
    assert not Topic.objects.exists()


def test_agent_cannot_propose(client_for, agent, meeting):
    assert client_for(agent).get(PROPOSE).status_code == 403
    assert client_for(agent).post(PROPOSE, proposal()).status_code == 403


def test_empty_topic_gets_clear_messages_and_keeps_what_was_typed(client_for, member_a, meeting):
    response = client_for(member_a).post(PROPOSE, proposal(title="   ", description="Gardez-moi"))
    page = text(response)
    assert response.status_code == 200
    assert "Donnez un titre au sujet." in page
    assert "Gardez-moi" in page
    assert not Topic.objects.exists()
    response = client_for(member_a).post(PROPOSE, proposal(description=""))
    assert "Décrivez le sujet en quelques phrases." in text(response)
    assert "Hausse des factures d'énergie" in text(response)


def test_html_in_a_topic_is_shown_as_text(client_for, member_a, meeting):
    client = client_for(member_a)
    client.post(
        PROPOSE,
        proposal(
            title="<script>alert(1)</script>Titre", description="<img src=x onerror=alert(2)>"
        ),
    )
    topic = Topic.objects.get()
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;Titre" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page


def test_late_proposal_asks_to_confirm_and_keeps_the_text(
    client_for, coordinator, member_a, association_a
):
    meeting = make_meeting(
        coordinator, days_ahead=5, host=association_a
    )  # deadline 10 days before: passed
    client = client_for(member_a)
    form = client.get(PROPOSE)
    assert "La date limite était le" in text(form)
    response = client.post(PROPOSE, proposal())
    assert response.status_code == 200
    assert "Cochez la case pour envoyer quand même" in text(response)
    assert "Hausse des factures d'énergie" in text(response)
    assert not Topic.objects.exists()
    response = client.post(PROPOSE, proposal(confirm_late="on"))
    topic = Topic.objects.get()
    assert topic.late and topic.meeting == meeting and topic.status == TopicStatus.PROPOSED


def test_attachment_is_checked_by_content_and_served_to_those_who_may_see(
    client_for, member_a, member_b, meeting
):
    client = client_for(member_a)
    pdf = SimpleUploadedFile("compte.pdf", PDF, content_type="application/pdf")
    client.post(PROPOSE, {**proposal(), "attachments": pdf})
    attachment = TopicAttachment.objects.get()
    assert attachment.content_type == "application/pdf" and attachment.name == "compte.pdf"
    url = reverse("meetings:attachment", args=[attachment.topic_id, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    # The proposal is private to its association until accepted.
    assert client_for(member_b).get(url).status_code == 404


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("photo.pdf", PNG, "Le nom du fichier indique .pdf mais son contenu ne correspond pas"),
        ("script.pdf", b"#!/bin/sh\nrm -rf /\n", "Ce type de fichier n'est pas accepté"),
        (
            "page.html",
            b"<html><script>alert(1)</script></html>",
            "Ce type de fichier n'est pas accepté",
        ),
    ],
)
def test_bad_attachments_are_refused_and_the_text_kept(
    client_for, member_a, meeting, name, content, message
):
    upload = SimpleUploadedFile(name, content)
    response = client_for(member_a).post(PROPOSE, {**proposal(), "attachments": upload})
    assert response.status_code == 200
    assert message in text(response)
    assert "Hausse des factures d'énergie" in text(response)
    assert not Topic.objects.exists()


def test_attachment_over_the_size_limit_is_refused(client_for, member_a, meeting, settings):
    big = SimpleUploadedFile("gros.pdf", PDF + b"0" * (11 * 1024 * 1024))
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024
    response = client_for(member_a).post(PROPOSE, {**proposal(), "attachments": big})
    assert "Ce fichier pèse 11,0 Mio ; la limite est de 10,0 Mio." in text(response)
    assert not Topic.objects.exists()


def test_several_attachments_in_one_proposal(client_for, member_a, meeting):
    files = [
        SimpleUploadedFile("compte.pdf", PDF),
        SimpleUploadedFile("affiche.png", PNG),
    ]
    response = client_for(member_a).post(PROPOSE, {**proposal(), "attachments": files})
    topic = Topic.objects.get()
    assert response.status_code == 302
    assert [(a.name, a.content_type) for a in topic.attachments.all()] == [
        ("compte.pdf", "application/pdf"),
        ("affiche.png", "image/png"),
    ]
    page = text(client_for(member_a).get(topic.get_absolute_url()))
    assert "compte.pdf" in page and "affiche.png" in page


def test_one_bad_file_among_several_refuses_all_and_names_it(client_for, member_a, meeting):
    files = [
        SimpleUploadedFile("compte.pdf", PDF),
        SimpleUploadedFile("photo.pdf", PNG),
    ]
    response = client_for(member_a).post(PROPOSE, {**proposal(), "attachments": files})
    assert response.status_code == 200
    page = text(response)
    assert "photo.pdf : Le nom du fichier indique .pdf" in page
    assert "compte.pdf :" not in page
    assert "Votre texte est conservé, mais les fichiers doivent être choisis à nouveau." in page
    assert "Hausse des factures d'énergie" in page
    assert not Topic.objects.exists() and not TopicAttachment.objects.exists()


def test_the_attachments_help_follows_the_language_of_the_request():
    from django.utils import translation

    from workspace.forms.topics import TopicForm

    with translation.override("en"):
        assert TopicForm().fields["attachments"].help_text.startswith("Up to 5 files")
    with translation.override("fr"):
        assert TopicForm().fields["attachments"].help_text.startswith("Jusqu’à 5 fichiers")


def test_no_more_than_five_attachments(client_for, member_a, meeting):
    files = [SimpleUploadedFile(f"piece-{n}.pdf", PDF) for n in range(6)]
    response = client_for(member_a).post(PROPOSE, {**proposal(), "attachments": files})
    assert response.status_code == 200
    assert "Un sujet porte 5 pièces jointes au plus" in text(response)
    assert not Topic.objects.exists()


def test_editing_adds_and_removes_attachments(
    client_for, member_a, member_b, meeting, django_capture_on_commit_callbacks
):
    import os

    client = client_for(member_a)
    client.post(
        PROPOSE,
        {**proposal(), "attachments": [SimpleUploadedFile(f"p{n}.pdf", PDF) for n in range(5)]},
    )
    topic = Topic.objects.get()
    first = topic.attachments.first()
    path = first.file.path
    assert os.path.exists(path)
    edit = reverse("meetings:edit_topic", args=[topic.pk])
    form = text(client.get(edit))
    assert "Retirer ces pièces jointes" in form and "p0.pdf" in form
    # A sixth file is refused while five are kept...
    refused = client.post(edit, {**proposal(), "attachments": [SimpleUploadedFile("p5.pdf", PDF)]})
    assert refused.status_code == 200
    assert "il en a 5, vous pouvez en ajouter 0" in text(refused)
    # ... and accepted once one is removed in the same form.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit,
            {
                **proposal(),
                "remove_attachments": [first.pk],
                "attachments": [SimpleUploadedFile("p5.pdf", PDF)],
            },
        )
    assert response.status_code == 302
    assert sorted(topic.attachments.values_list("name", flat=True)) == [
        "p1.pdf",
        "p2.pdf",
        "p3.pdf",
        "p4.pdf",
        "p5.pdf",
    ]
    assert not os.path.exists(path)
    # Another association cannot reach the form, nor remove anything through it.
    other = client_for(member_b).post(edit, {**proposal(), "remove_attachments": [first.pk]})
    assert other.status_code == 404
    assert topic.attachments.count() == 5


def test_removing_an_attachment_of_another_topic_is_refused(client_for, member_a, meeting):
    client = client_for(member_a)
    client.post(PROPOSE, {**proposal(), "attachments": SimpleUploadedFile("a.pdf", PDF)})
    client.post(
        PROPOSE, {**proposal(title="Autre"), "attachments": SimpleUploadedFile("b.pdf", PDF)}
    )
    first, second = Topic.objects.order_by("pk")
    foreign = second.attachments.get()
    response = client.post(
        reverse("meetings:edit_topic", args=[first.pk]),
        {**proposal(), "remove_attachments": [foreign.pk]},
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in text(response)
    assert second.attachments.count() == 1


@pytest.mark.parametrize(
    "who, can_see, can_edit",
    [
        ("member_a", True, True),
        ("editor_a", True, True),
        ("member_b", False, False),
        ("editor_b", False, False),
        ("agent", False, False),
        ("coordinator", True, False),
    ],
)
def test_who_sees_and_changes_a_pending_proposal(
    client_for, people, meeting, association_a, who, can_see, can_edit
):
    topic = make_topic(association_a, people["member_a"], meeting=meeting)
    client = client_for(people[who])
    assert client.get(topic.get_absolute_url()).status_code == (200 if can_see else 404)
    edit = client.post(
        reverse("meetings:edit_topic", args=[topic.pk]),
        proposal(title="Nouveau titre", association=association_a.pk),
    )
    withdraw = client.post(reverse("meetings:withdraw_topic", args=[topic.pk]))
    topic.refresh_from_db()
    if can_edit:
        assert edit.status_code == 302 and withdraw.status_code == 302
        assert topic.title == "Nouveau titre" and topic.status == TopicStatus.WITHDRAWN
    else:
        assert edit.status_code in (403, 404) and withdraw.status_code in (403, 404)
        assert topic.title == "Un sujet" and topic.status == TopicStatus.PROPOSED


def test_accepted_topic_is_visible_to_the_network_and_no_longer_editable(
    client_for, people, meeting, association_a
):
    topic = make_topic(association_a, people["member_a"], meeting=meeting)
    topic_services.accept_topic(topic, people["coordinator"], meeting)
    for who in ("member_b", "editor_b", "agent"):
        assert client_for(people[who]).get(topic.get_absolute_url()).status_code == 200
    response = client_for(people["member_a"]).post(
        reverse("meetings:edit_topic", args=[topic.pk]), proposal()
    )
    assert response.status_code == 404
    topic.refresh_from_db()
    assert topic.title == "Un sujet"


def test_coordinator_accepts_and_the_topic_goes_on_the_agenda(
    client_for, coordinator, member_a, meeting, association_a, mailoutbox
):
    topic = make_topic(association_a, member_a, meeting=meeting, estimated_minutes=25)
    response = client_for(coordinator).post(
        reverse("meetings:answer_topic", args=[topic.pk]),
        {"decision": "accept", "meeting": meeting.pk},
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "meetings:agenda", args=[meeting.slug]
    )
    topic.refresh_from_db()
    assert topic.status == TopicStatus.ACCEPTED
    item = AgendaItem.objects.get(topic=topic)
    assert item.duration_minutes == 25 and item.presenter == association_a
    kinds = list(meeting.agenda_items.values_list("kind", flat=True))
    assert kinds == ["welcome", "news", "topic", "actions", "next_meeting"]
    assert [m.to for m in mailoutbox] == [[member_a.email]]
    assert "est acceptée" in mailoutbox[0].body


def test_decline_needs_a_reason_that_the_proposer_sees(
    client_for, coordinator, member_a, editor_a, meeting, association_a, mailoutbox
):
    topic = make_topic(association_a, member_a, meeting=meeting)
    client = client_for(coordinator)
    missing = client.post(
        reverse("meetings:answer_topic", args=[topic.pk]), {"decision": "decline", "reason": ""}
    )
    assert "Merci d'indiquer une raison : l'association la lira." in text(missing)
    client.post(
        reverse("meetings:answer_topic", args=[topic.pk]),
        {"decision": "decline", "reason": "Hors du champ du réseau"},
    )
    topic.refresh_from_db()
    assert topic.status == TopicStatus.DECLINED and topic.answer == "Hors du champ du réseau"
    assert "Hors du champ du réseau" in text(client_for(member_a).get(topic.get_absolute_url()))
    assert sorted(email for m in mailoutbox for email in m.to) == sorted(
        [member_a.email, editor_a.email]
    )


def test_deferred_topic_stays_editable_by_its_association(
    client_for, coordinator, member_a, meeting, association_a
):
    topic = make_topic(association_a, member_a, meeting=meeting)
    client_for(coordinator).post(
        reverse("meetings:answer_topic", args=[topic.pk]),
        {"decision": "defer", "reason": "En mars"},
    )
    topic.refresh_from_db()
    assert topic.status == TopicStatus.DEFERRED
    assert (
        client_for(member_a).get(reverse("meetings:edit_topic", args=[topic.pk])).status_code == 200
    )


@pytest.mark.parametrize("who", ["member_a", "editor_a", "editor_b", "agent"])
def test_only_the_coordinator_answers_and_closes(client_for, people, meeting, association_a, who):
    topic = make_topic(association_a, people["member_a"], meeting=meeting)
    client = client_for(people[who])
    assert (
        client.post(
            reverse("meetings:answer_topic", args=[topic.pk]),
            {"decision": "accept", "meeting": meeting.pk},
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("meetings:close_topic", args=[topic.pk]), {"outcome": "x"}).status_code
        == 403
    )
    topic.refresh_from_db()
    assert topic.status == TopicStatus.PROPOSED


def test_close_with_an_outcome(client_for, coordinator, member_a, meeting, association_a):
    topic = make_topic(association_a, member_a, meeting=meeting)
    topic_services.accept_topic(topic, coordinator, meeting)
    client_for(coordinator).post(
        reverse("meetings:close_topic", args=[topic.pk]),
        {"outcome": "Fiche d'orientation diffusée"},
    )
    topic.refresh_from_db()
    assert topic.status == TopicStatus.CLOSED and topic.outcome == "Fiche d'orientation diffusée"


def test_every_association_sees_all_its_proposals_in_one_place(
    client_for, coordinator, member_a, editor_b, meeting, association_a, association_b
):
    states = [
        TopicStatus.PROPOSED,
        TopicStatus.DECLINED,
        TopicStatus.DEFERRED,
        TopicStatus.WITHDRAWN,
        TopicStatus.CLOSED,
    ]
    for status in states:
        make_topic(association_a, member_a, meeting=meeting, title=f"A {status}", status=status)
    make_topic(association_b, editor_b, meeting=meeting, title="B privée")
    make_topic(
        association_b, editor_b, meeting=meeting, title="B acceptée", status=TopicStatus.ACCEPTED
    )
    page = text(client_for(member_a).get(reverse("meetings:topics")))
    for status in states:
        assert f"A {status}" in page
    assert "B acceptée" in page
    # Another association's proposal shows only by its title, to say "we too", never as a
    # link to its private page.
    private = Topic.objects.get(title="B privée")
    assert (
        "<strong>B privée</strong>" in page and f'href="{private.get_absolute_url()}"' not in page
    )
    coordinator_page = text(client_for(coordinator).get(reverse("meetings:topics")))
    assert "B privée" in coordinator_page and "Propositions à traiter" in coordinator_page


def test_accepted_topics_not_covered_roll_over_to_the_next_meeting(
    client_for, coordinator, member_a, association_a
):
    first = make_meeting(coordinator, days_ahead=-1, host=association_a)
    second = make_meeting(coordinator, days_ahead=60, host=association_a)
    covered = make_topic(association_a, member_a, meeting=first, title="Traité")
    left = make_topic(association_a, member_a, meeting=first, title="Pas eu le temps")
    topic_services.accept_topic(covered, coordinator, first)
    topic_services.accept_topic(left, coordinator, first)
    covered_item = AgendaItem.objects.get(topic=covered)
    form = {f"present_{association_a.pk}": 2, f"covered_{covered_item.pk}": "on"}
    response = client_for(coordinator).post(
        reverse("meetings:record_attendance", args=[first.slug]), form
    )
    assert response.status_code == 302
    covered.refresh_from_db()
    left.refresh_from_db()
    assert covered.status == TopicStatus.DISCUSSED
    assert left.status == TopicStatus.ACCEPTED and left.meeting == second
    assert AgendaItem.objects.filter(meeting=second, topic=left).exists()


def test_accepted_topic_waits_when_no_next_meeting_then_joins_it(
    coordinator, member_a, association_a
):
    first = make_meeting(coordinator, days_ahead=-1, host=association_a)
    topic = make_topic(association_a, member_a, meeting=first)
    topic_services.accept_topic(topic, coordinator, first)
    attendance_services.record_attendance(first, coordinator, {association_a: 2}, covered=set())
    topic.refresh_from_db()
    assert topic.meeting is None and topic.status == TopicStatus.ACCEPTED
    later = make_meeting(coordinator, days_ahead=50, host=association_a)
    topic.refresh_from_db()
    assert topic.meeting == later and AgendaItem.objects.filter(meeting=later, topic=topic).exists()


def test_is_late_is_judged_on_the_meeting_deadline(coordinator, association_a):
    meeting = make_meeting(coordinator, days_ahead=30, host=association_a)
    assert not topic_services.is_late(meeting)
    meeting.proposal_deadline = timezone.localdate() - datetime.timedelta(days=1)
    assert topic_services.is_late(meeting)
