"""Questions and answers on a practice (django-comments-xtd through our views): members only,
threads, bad input kept, the authoring association notified, moderation."""

import pytest
from django.core import mail
from django.urls import reverse
from django_comments_xtd.models import XtdComment

from tests.utils import text
from workspace.forms.comments import CommentForm

EMPTY = "Écrivez quelque chose avant d'envoyer."


def question_data(practice, comment, reply_to=None):
    form = CommentForm(practice)
    data = {
        name: str(form.initial[name])
        for name in ("content_type", "object_pk", "timestamp", "security_hash")
    }
    data.update({"comment": comment, "reply_to": reply_to or ""})
    return data


def ask(client, practice, comment, reply_to=None):
    return client.post(
        reverse("practices:comment", args=[practice.pk]),
        question_data(practice, comment, reply_to),
    )


def test_question_and_answer_notify_the_authoring_association(
    client_for, practice_a, editor_a, editor_b, member_a, coordinator
):
    mail.outbox.clear()
    client = client_for(editor_b)
    response = ask(client, practice_a, "Quel tableur utilisez-vous ?")
    assert response.status_code == 302
    question = XtdComment.objects.get(object_pk=str(practice_a.pk))
    assert response["Location"].endswith(f"#c{question.pk}")
    # The association that runs the practice hears of it (its editors), not the asker.
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert editor_a.email in recipients
    assert editor_b.email not in recipients
    message = next(m for m in mail.outbox if editor_a.email in m.to)
    assert "Nouvelle question" in message.subject
    assert "Quel tableur utilisez-vous ?" in message.body
    assert f"{practice_a.url}#c{question.pk}" in message.body

    mail.outbox.clear()
    client = client_for(editor_a)
    response = ask(client, practice_a, "Un tableur en ligne gratuit.", reply_to=question.pk)
    assert response.status_code == 302
    answer = XtdComment.objects.exclude(pk=question.pk).get()
    assert answer.parent_id == question.pk
    recipients = [address for message in mail.outbox for address in message.to]
    assert editor_b.email in recipients  # the asker hears the answer
    assert editor_a.email not in recipients
    assert any("Nouvelle réponse" in m.subject for m in mail.outbox)

    page = client_for(member_a).get(practice_a.url)
    content = text(page)
    assert "Questions et réponses" in content
    assert content.index("Quel tableur utilisez-vous ?") < content.index(
        "Un tableur en ligne gratuit."
    )


def test_anonymous_visitors_do_not_read_the_questions(client_for, practice_a, editor_b):
    ask(client_for(editor_b), practice_a, "Une question de membre")
    page = client_for(None).get(practice_a.url)
    assert page.status_code == 200
    assert "Une question de membre" not in text(page)
    assert "réservées aux membres du réseau" in text(page)


def test_empty_question_keeps_the_page_and_says_why(client_for, practice_a, member_b):
    client = client_for(member_b)
    response = ask(client, practice_a, "   ")
    assert response.status_code == 400
    assert EMPTY in text(response)
    assert not XtdComment.objects.exists()


def test_html_in_a_question_is_shown_as_text(client_for, practice_a, member_b):
    client = client_for(member_b)
    ask(client, practice_a, "<script>alert('x')</script> Bonjour")
    content = client.get(practice_a.url).content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;" in content


def test_network_only_practice_questions_need_the_network(client_for, network_practice_a, member_b):
    response = ask(client_for(member_b), network_practice_a, "Question")
    assert response.status_code == 302
    response = ask(client_for(None), network_practice_a, "Question")
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    assert XtdComment.objects.count() == 1


@pytest.mark.parametrize("role, status", [("member_a", 302), ("anonymous", 302)])
def test_reporting_and_hiding_a_question(
    people, client_for, practice_a, editor_b, coordinator, role, status
):
    ask(client_for(editor_b), practice_a, "Un message à signaler")
    comment = XtdComment.objects.get()
    client = client_for(people[role])
    response = client.post(
        reverse("meetings:flag_comment", args=[comment.pk]), {"reason": "disrespectful"}
    )
    assert response.status_code == status
    if role == "anonymous":
        assert "/compte/connexion/" in response["Location"]
        return
    assert response["Location"] == f"{practice_a.url}#c{comment.pk}"
    coord = client_for(coordinator)
    queue = coord.get(reverse("meetings:moderation"))
    assert "Un message à signaler" in text(queue)
    assert f'href="{practice_a.url}#c{comment.pk}"' in queue.content.decode()
    response = coord.post(reverse("meetings:hide_comment", args=[comment.pk]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert not comment.is_public
    page = client_for(people[role]).get(practice_a.url)
    assert "Un message à signaler" not in text(page)
    assert "[commentaire masqué par la coordination]" in text(page)


def test_only_the_coordination_hides(client_for, practice_a, editor_a, editor_b):
    ask(client_for(editor_b), practice_a, "Un message")
    comment = XtdComment.objects.get()
    response = client_for(editor_a).post(reverse("meetings:hide_comment", args=[comment.pk]))
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.is_public


@pytest.fixture(autouse=True)
def practice_news_by_email_at_once(monkeypatch):
    """These tests read the e-mails sent at once: practice news go by e-mail immediately
    here (by default they wait for the daily digest, see test_notification_centre.py)."""
    from workspace.models import DEFAULT_MODES, Category, Mode

    monkeypatch.setitem(DEFAULT_MODES, Category.PRACTICES, Mode.EMAIL)
