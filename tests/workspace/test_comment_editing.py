"""The writer's association beside each comment, the edit window, and reports with a reason."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from entraide import pagecache
from tests.factories import make_topic
from tests.utils import text
from workspace.models import CommentDetails, CommentReport, ReportReason, TopicStatus
from workspace.services import agenda, comments


@pytest.fixture
def topic(meeting, association_a, member_a):
    topic = make_topic(
        association_a, member_a, meeting, title="Les dons du marché", status=TopicStatus.ACCEPTED
    )
    agenda.add_topic_item(meeting, topic)
    return topic


def age(comment, minutes):
    """Pretend ``comment`` was posted ``minutes`` ago."""
    XtdComment.objects.filter(pk=comment.pk).update(
        submit_date=timezone.now() - timedelta(minutes=minutes)
    )
    pagecache.invalidate_member_fragments()  # update() sends no signal: the thread is kept
    comment.refresh_from_db()


def edit_url(comment):
    return reverse("meetings:edit_comment", args=[comment.pk])


def delete_url(comment):
    return reverse("meetings:delete_comment", args=[comment.pk])


# --- The association beside the writer ----------------------------------------------


def test_each_comment_names_its_writers_association(
    client_for, topic, member_a, member_b, coordinator, association_a, association_b
):
    comments.post(topic, member_a, "Chez nous, le mardi")
    comments.post(topic, member_b, "Chez nous, le jeudi")
    comments.post(topic, coordinator, "Merci à toutes les deux")
    page = text(client_for(member_b).get(topic.get_absolute_url()))
    assert f'<span class="comment-association">({association_a.name})</span>' in page
    assert f'<span class="comment-association">({association_b.name})</span>' in page
    assert '<span class="comment-association">(coordination)</span>' in page


def test_the_thread_stays_one_query_with_the_associations(
    topic, member_a, member_b, editor_b, settings
):
    for i in range(6):
        parent = comments.post(topic, [member_a, member_b, editor_b][i % 3], f"Avis {i}")
        comments.post(topic, member_a, f"Réponse {i}", reply_to=parent.pk)
    with CaptureQueriesContext(connection) as queries:
        roots = comments.tree(topic)
        names = [
            (
                n["comment"].details.association.name,
                [r["comment"].details.association.name for r in n["replies"]],
            )
            for n in roots
        ]
    assert len(queries) == 1
    assert len(names) == 6 and all(len(replies) == 1 for _name, replies in names)


def test_a_comment_without_details_still_shows(client_for, topic, member_a, member_b):
    comment = comments.post(topic, member_a, "Un ancien commentaire")
    CommentDetails.objects.filter(comment=comment).delete()
    page = text(client_for(member_b).get(topic.get_absolute_url()))
    assert "Un ancien commentaire" in page


# --- The edit window ---------------------------------------------------------------------


def test_the_writer_changes_their_comment_within_the_window(client_for, topic, member_a):
    comment = comments.post(topic, member_a, "Rendez-vous mardi")
    client = client_for(member_a)
    page = text(client.get(topic.get_absolute_url()))
    assert edit_url(comment) in page and delete_url(comment) in page
    assert "modifié" not in page

    form = text(client.get(edit_url(comment)))
    assert "Modifier votre commentaire" in form and "Rendez-vous mardi" in form
    response = client.post(edit_url(comment), {"comment": "Rendez-vous mercredi"})
    assert response.status_code == 302
    assert response["Location"] == f"{topic.get_absolute_url()}#c{comment.pk}"
    comment.refresh_from_db()
    assert comment.comment == "Rendez-vous mercredi"
    assert comment.details.edited_at is not None
    page = text(client.get(topic.get_absolute_url()))
    assert "Votre commentaire est modifié." in page
    assert '<span class="comment-edited"' in page and ">modifié</span>" in page


def test_a_bad_change_is_refused_in_french_with_the_text_kept(client_for, topic, member_a):
    comment = comments.post(topic, member_a, "Rendez-vous mardi")
    client = client_for(member_a)
    long = "x" * 6000
    response = client.post(edit_url(comment), {"comment": long})
    assert response.status_code == 400
    page = text(response)
    assert "Un commentaire fait au plus 3000 caractères (celui-ci en a 6000)." in page
    assert long in page
    response = client.post(edit_url(comment), {"comment": "   "})
    assert response.status_code == 400
    assert "Écrivez quelque chose avant d'envoyer." in text(response)
    comment.refresh_from_db()
    assert comment.comment == "Rendez-vous mardi"


def test_after_the_window_the_writer_can_no_longer_change_or_delete(
    client_for, topic, member_a, settings
):
    comment = comments.post(topic, member_a, "Rendez-vous mardi")
    age(comment, settings.COMMENT_EDIT_MINUTES + 1)
    client = client_for(member_a)
    page = text(client.get(topic.get_absolute_url()))
    assert edit_url(comment) not in page and delete_url(comment) not in page
    for url in (edit_url(comment), delete_url(comment)):
        response = client.get(url)
        assert response.status_code == 403
        assert "Ce commentaire ne peut plus être modifié" in text(response)
        assert "pendant 15 minutes" in text(response)
    assert client.post(edit_url(comment), {"comment": "Trop tard"}).status_code == 403
    assert client.post(delete_url(comment)).status_code == 403
    comment.refresh_from_db()
    assert comment.comment == "Rendez-vous mardi" and not comment.is_removed


def test_just_before_the_end_of_the_window_the_change_is_accepted(client_for, topic, member_a):
    comment = comments.post(topic, member_a, "Rendez-vous mardi")
    age(comment, 14)
    response = client_for(member_a).post(edit_url(comment), {"comment": "Mercredi"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.comment == "Mercredi"


def test_the_window_is_a_setting(client_for, topic, member_a, settings):
    settings.COMMENT_EDIT_MINUTES = 60
    comment = comments.post(topic, member_a, "Rendez-vous mardi")
    age(comment, 30)
    assert client_for(member_a).get(edit_url(comment)).status_code == 200


@pytest.mark.parametrize("who", ["member_b", "editor_a", "editor_b", "agent", "coordinator"])
def test_nobody_else_changes_or_deletes_a_comment(client_for, people, topic, who):
    comment = comments.post(topic, people["member_a"], "Rendez-vous mardi")
    client = client_for(people[who])
    page = text(client.get(topic.get_absolute_url()))
    assert edit_url(comment) not in page and delete_url(comment) not in page
    response = client.get(edit_url(comment))
    assert response.status_code == 403
    assert "Seul son auteur peut modifier ce commentaire" in text(response)
    assert client.post(edit_url(comment), {"comment": "Piraté"}).status_code == 403
    assert client.post(delete_url(comment)).status_code == 403
    comment.refresh_from_db()
    assert comment.comment == "Rendez-vous mardi" and not comment.is_removed


def test_anonymous_is_sent_to_login(client, topic, member_a):
    comment = comments.post(topic, member_a, "Rendez-vous mardi")
    for response in (client.get(edit_url(comment)), client.post(delete_url(comment))):
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_a_comment_on_a_proposal_of_another_association_is_a_404(
    client_for, meeting, association_a, member_a, member_b
):
    proposal = make_topic(association_a, member_a, meeting, status=TopicStatus.PROPOSED)
    comment = comments.post(proposal, member_a, "Entre nous")
    assert client_for(member_b).get(edit_url(comment)).status_code == 404
    assert client_for(member_a).get(edit_url(comment)).status_code == 200


def test_a_hidden_comment_cannot_be_changed_by_its_writer(client_for, topic, member_a, coordinator):
    comment = comments.post(topic, member_a, "Propos déplacé")
    comments.set_hidden(comment, coordinator, True)
    assert client_for(member_a).post(edit_url(comment), {"comment": "Autre"}).status_code == 404
    comment.refresh_from_db()
    assert comment.comment == "Propos déplacé"


def test_the_writer_deletes_their_comment_and_the_replies_stay(
    client_for, topic, member_a, member_b
):
    comment = comments.post(topic, member_a, "Message à supprimer")
    comments.post(topic, member_b, "Une réponse qui reste", reply_to=comment.pk)
    client = client_for(member_a)
    confirm = text(client.get(delete_url(comment)))
    assert "Supprimer votre commentaire" in confirm and "Message à supprimer" in confirm
    comment.refresh_from_db()
    assert not comment.is_removed
    response = client.post(delete_url(comment))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_removed
    page = text(client.get(topic.get_absolute_url()))
    assert "Message à supprimer" not in page
    assert "Une réponse qui reste" in page
    assert "[commentaire supprimé par son auteur]" in page
    assert "Votre commentaire est supprimé." in page
    # The reply is still public, not hidden with the comment it answered.
    assert XtdComment.objects.filter(comment="Une réponse qui reste", is_public=True).exists()
    assert comments.count_for([topic]) == {topic.pk: 1}


def test_a_deleted_comment_without_replies_leaves_no_trace(client_for, topic, member_a):
    comment = comments.post(topic, member_a, "Message à supprimer")
    client = client_for(member_a)
    client.post(delete_url(comment))
    page = text(client.get(topic.get_absolute_url()))
    assert "Message à supprimer" not in page
    assert "[commentaire supprimé par son auteur]" not in page
    assert client.get(edit_url(comment)).status_code == 404


# --- Reports with a reason ---------------------------------------------------------------


def flag_url(comment):
    return reverse("meetings:flag_comment", args=[comment.pk])


def test_a_report_asks_a_reason_from_a_short_list(client_for, topic, member_a, member_b):
    comment = comments.post(topic, member_a, "Un avis")
    page = text(client_for(member_b).get(flag_url(comment)))
    assert "Pourquoi le signalez-vous ?" in page
    for label in (
        "Il nomme ou décrit une personne aidée",
        "Irrespectueux ou blessant",
        "Hors sujet ou publicité",
        "Information fausse ou trompeuse",
        "Une autre raison (précisez-la dans la note)",
    ):
        assert label in page
    assert "Une note pour la coordination (facultatif)" in page


@pytest.mark.parametrize(
    "data, field_error",
    [
        ({}, "Choisissez un motif."),
        ({"reason": "nonsense"}, "Choisissez l'un des motifs proposés."),
        ({"reason": "other", "note": "  "}, "Précisez le motif dans la note."),
        (
            {"reason": "wrong", "note": "n" * 501},
            "La note fait au plus 500 caractères (elle en a 501).",
        ),
    ],
)
def test_a_report_without_a_valid_reason_is_refused_in_french(
    client_for, topic, member_a, member_b, data, field_error
):
    comment = comments.post(topic, member_a, "Un avis")
    response = client_for(member_b).post(flag_url(comment), data)
    assert response.status_code == 400
    page = text(response)
    assert field_error in page
    if data.get("note", "").strip():
        assert data["note"] in page
    assert not CommentFlag.objects.exists()


def test_the_reason_and_note_are_stored_and_shown_to_the_coordination(
    client_for, topic, member_a, member_b, editor_b, coordinator, association_a
):
    comment = comments.post(topic, member_a, "Madame X, rue Y, est venue hier")
    client_for(member_b).post(
        flag_url(comment), {"reason": "personal_data", "note": "Un nom et une adresse"}
    )
    client_for(editor_b).post(flag_url(comment), {"reason": "other", "note": "Hors <b>cadre</b>"})
    reports = CommentReport.objects.order_by("flag__user__email")
    assert {(r.flag.user, r.reason, r.note) for r in reports} == {
        (member_b, ReportReason.PERSONAL_DATA, "Un nom et une adresse"),
        (editor_b, ReportReason.OTHER, "Hors <b>cadre</b>"),
    }
    response = client_for(coordinator).get(reverse("meetings:moderation"))
    assert "Hors &lt;b&gt;cadre&lt;/b&gt;" in response.content.decode()
    queue = text(response)
    assert "signalé 2 fois" in queue
    assert "Il nomme ou décrit une personne aidée" in queue and "Un nom et une adresse" in queue
    assert "Une autre raison (précisez-la dans la note)" in queue
    assert f"({association_a.name})" in queue
    # The reporters are not named in the queue.
    assert str(member_b) not in queue and str(editor_b) not in queue


def test_reporting_again_replaces_the_reason(client_for, topic, member_a, member_b):
    comment = comments.post(topic, member_a, "Un avis")
    client = client_for(member_b)
    client.post(flag_url(comment), {"reason": "wrong"})
    client.post(flag_url(comment), {"reason": "off_topic", "note": "pub"})
    assert CommentFlag.objects.count() == 1
    report = CommentReport.objects.get()
    assert (report.reason, report.note) == (ReportReason.OFF_TOPIC, "pub")


def test_the_moderation_queue_reads_reasons_in_a_fixed_number_of_queries(
    client_for, topic, member_a, member_b, editor_b, coordinator, django_assert_max_num_queries
):
    client = client_for(coordinator)
    for i in range(3):
        comment = comments.post(topic, member_a, f"Avis {i}")
        comments.flag(comment, member_b, ReportReason.WRONG, f"note {i}")
    client.get(reverse("meetings:moderation"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("meetings:moderation"))
    for i in range(3, 10):
        comment = comments.post(topic, member_a, f"Avis {i}")
        comments.flag(comment, editor_b, ReportReason.WRONG, f"note {i}")
    with django_assert_max_num_queries(len(few)):
        page = text(client.get(reverse("meetings:moderation")))
    assert "note 9" in page
