"""Comments on topics: who may post, threads, bad input, moderation, e-mails, queries."""

import html
import re
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_comments.forms import DEFAULT_COMMENTS_TIMEOUT
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment

from tests.factories import UserFactory, make_topic
from tests.utils import comment_security_data as security_data
from tests.utils import text
from workspace.models import MeetingStatus, Membership, TopicStatus
from workspace.services import agenda, comments
from workspace.services import memberships as services

HIDDEN = "[commentaire masqué par la coordination]"
EMPTY = "Écrivez quelque chose avant d'envoyer."
TOO_LONG = "Un commentaire fait au plus 3000 caractères (celui-ci en a 100000)."
EXPIRED = (
    "Cette page était ouverte depuis plus de deux heures. "
    "Votre texte est conservé ci-dessous : envoyez-le à nouveau."
)
TAMPERED = "Ce formulaire a été modifié en chemin. Rechargez la page et envoyez à nouveau."


# --- Helpers -----------------------------------------------------------------------


def comment_url(topic):
    return reverse("meetings:comment", args=[topic.pk])


def post_comment(client, topic, comment, reply_to=None, **overrides):
    data = {**security_data(topic), "comment": comment, "reply_to": reply_to or ""}
    data.update(overrides)
    return client.post(comment_url(topic), data)


def topic_comments(topic):
    return XtdComment.objects.filter(object_pk=str(topic.pk)).order_by("pk")


def main_form(response):
    """The hidden fields and the text of the main comment form of a page."""
    content = response.content.decode()
    form = re.search(r'<form[^>]*id="comment-form".*?</form>', content, re.S)
    assert form, "the page has no comment form"
    fields = {}
    for tag in re.findall(r"<input\b[^>]*>", form.group(0)):
        attrs = dict(re.findall(r'([\w-]+)="([^"]*)"', tag))
        if attrs.get("type") == "hidden" and "name" in attrs:
            fields[attrs["name"]] = html.unescape(attrs.get("value", ""))
    textarea = re.search(r'<textarea[^>]*name="comment"[^>]*>(.*?)</textarea>', form.group(0), re.S)
    assert textarea, "the comment form has no textarea"
    fields["comment"] = html.unescape(textarea.group(1)).lstrip("\n")
    return fields


def position(page, marker):
    index = page.find(marker)
    assert index >= 0, f"{marker!r} is not on the page"
    return index


@pytest.fixture
def private_topic(meeting, association_a, member_a):
    """A proposal of association A, not yet answered: private to A and the coordination."""
    return make_topic(
        association_a,
        member_a,
        meeting,
        title="Un souci entre bénévoles",
        status=TopicStatus.PROPOSED,
    )


# --- Posting and permissions ---------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(client, topic):
    response = post_comment(client, topic, "Bonjour")
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/connexion/?next=")
    assert not topic_comments(topic).exists()


def test_person_outside_the_network_is_refused(client_for, topic):
    response = post_comment(client_for(UserFactory()), topic, "Bonjour")
    assert response.status_code == 403
    assert not topic_comments(topic).exists()


@pytest.mark.parametrize(
    "who", ["member_a", "editor_a", "editor_b", "member_b", "agent", "coordinator"]
)
def test_the_network_comments_an_accepted_topic(client_for, people, topic, who):
    client = client_for(people[who])
    response = post_comment(client, topic, f"Avis de {who}")
    comment = topic_comments(topic).get()
    assert response.status_code == 302
    assert response["Location"] == f"{topic.get_absolute_url()}#c{comment.pk}"
    assert comment.user == people[who]
    assert comment.comment == f"Avis de {who}"
    assert comment.is_public and not comment.is_removed
    assert comment.level == 0 and comment.parent_id == comment.pk
    page = client.get(response["Location"])
    assert "Votre commentaire est publié." in text(page)
    assert f'id="c{comment.pk}"' in text(page) and f"Avis de {who}" in text(page)


def test_comment_view_only_accepts_post(client_for, member_a, topic):
    assert client_for(member_a).get(comment_url(topic)).status_code == 405


@pytest.mark.parametrize("who", ["member_b", "editor_b"])
def test_another_association_cannot_see_or_comment_a_proposal(
    client_for, people, private_topic, who
):
    client = client_for(people[who])
    assert client.get(private_topic.get_absolute_url()).status_code == 404
    assert post_comment(client, private_topic, "Je passe par là").status_code == 404
    assert not topic_comments(private_topic).exists()


@pytest.mark.parametrize("who", ["member_a", "editor_a", "coordinator"])
def test_its_association_and_the_coordination_comment_a_proposal(
    client_for, people, private_topic, who
):
    client = client_for(people[who])
    assert client.get(private_topic.get_absolute_url()).status_code == 200
    response = post_comment(client, private_topic, "Parlons-en")
    assert response.status_code == 302
    assert topic_comments(private_topic).get().user == people[who]


def test_another_association_cannot_flag_a_comment_on_a_proposal(
    client_for, member_a, member_b, private_topic
):
    comment = comments.post(private_topic, member_a, "Entre nous")
    response = client_for(member_b).post(
        reverse("meetings:flag_comment", args=[comment.pk]), {"reason": "disrespectful"}
    )
    assert response.status_code == 404
    assert not CommentFlag.objects.exists()


# --- Threads -------------------------------------------------------------------------


def test_a_reply_to_a_reply_joins_the_thread(client_for, member_a, member_b, editor_b, topic):
    post_comment(client_for(member_a), topic, "Premier avis")
    root = topic_comments(topic).get()
    post_comment(client_for(member_b), topic, "Une réponse", reply_to=root.pk)
    reply = topic_comments(topic).last()
    post_comment(client_for(editor_b), topic, "Réponse à la réponse", reply_to=reply.pk)
    deep = topic_comments(topic).last()
    post_comment(client_for(editor_b), topic, "Un autre fil")
    other = topic_comments(topic).last()

    assert (root.level, root.parent_id, root.thread_id) == (0, root.pk, root.pk)
    assert (reply.level, reply.parent_id, reply.thread_id) == (1, root.pk, root.pk)
    assert (deep.level, deep.parent_id, deep.thread_id) == (1, root.pk, root.pk)
    assert (other.level, other.parent_id, other.thread_id) == (0, other.pk, other.pk)

    tree = comments.tree(topic)
    assert [node["comment"].pk for node in tree] == [root.pk, other.pk]
    assert [node["comment"].pk for node in tree[0]["replies"]] == [reply.pk, deep.pk]
    assert tree[1]["replies"] == []

    page = text(client_for(member_a).get(topic.get_absolute_url()))
    replies = position(page, '<ol class="comment-replies">')
    end_of_replies = page.index("</ol>", replies)
    assert position(page, f'id="c{root.pk}"') < replies
    assert replies < position(page, f'id="c{reply.pk}"') < end_of_replies
    assert position(page, f'id="c{reply.pk}"') < position(page, f'id="c{deep.pk}"') < end_of_replies
    assert end_of_replies < position(page, f'id="c{other.pk}"')
    assert page.count('<ol class="comment-replies">') == 1
    # One form for the page; every comment has a "Reply" link answering its thread's root.
    assert page.count("data-comment-form") == 1
    assert page.count(f'href="?repondre={root.pk}#comment-form"') == 3
    assert page.count(f'href="?repondre={other.pk}#comment-form"') == 1
    assert 'name="reply_to" value="' not in page

    # Without JavaScript, the link brings the page back with the form answering that thread.
    answering = text(client_for(member_a).get(f"{topic.get_absolute_url()}?repondre={root.pk}"))
    assert answering.count("data-comment-form") == 1
    assert f'name="reply_to" value="{root.pk}"' in answering
    assert "<span data-replying-to-text>Votre réponse à" in answering
    assert "data-replying-to hidden" not in answering
    # A comment that is not in this thread (or garbage) gives the plain form.
    for wanted in (str(root.pk + 1000), "abc", "9" * 30, "-1"):
        plain = text(client_for(member_a).get(f"{topic.get_absolute_url()}?repondre={wanted}"))
        assert 'name="reply_to" value="' not in plain
        assert "data-replying-to hidden" in plain and "<span data-replying-to-text></span>" in plain


def test_a_reply_to_a_comment_of_another_topic_starts_a_thread(
    client_for, member_a, topic, meeting, association_a
):
    elsewhere = make_topic(association_a, member_a, meeting, status=TopicStatus.ACCEPTED)
    foreign = comments.post(elsewhere, member_a, "Ailleurs")
    post_comment(client_for(member_a), topic, "Ici", reply_to=foreign.pk)
    comment = topic_comments(topic).get()
    assert comment.level == 0 and comment.parent_id == comment.pk


# --- Bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, message",
    [("", EMPTY), ("   \n  ", EMPTY), (("Trop long ! " * 10_000)[:100_000], TOO_LONG)],
    ids=["empty", "blank", "100kB"],
)
def test_bad_comment_is_refused_with_a_french_message(client_for, member_a, topic, typed, message):
    response = post_comment(client_for(member_a), topic, typed)
    assert response.status_code == 400
    assert message in text(response)
    assert main_form(response)["comment"] == typed
    assert "field-error" in text(response)
    assert not topic_comments(topic).exists()


def test_expired_form_keeps_the_text_and_can_be_sent_again(client_for, member_a, topic):
    client = client_for(member_a)
    typed = "Nous avons le même problème <depuis> l'hiver & nous cherchons."
    old = int(time.time()) - DEFAULT_COMMENTS_TIMEOUT - 60
    response = post_comment(client, topic, typed, **security_data(topic, timestamp=old))
    assert response.status_code == 400
    assert EXPIRED in text(response)
    assert not topic_comments(topic).exists()

    fields = main_form(response)
    assert fields["comment"] == typed
    assert int(fields["timestamp"]) > old
    assert time.time() - int(fields["timestamp"]) < 60
    assert fields["security_hash"] != security_data(topic, timestamp=old)["security_hash"]

    again = client.post(comment_url(topic), fields)
    assert again.status_code == 302
    assert topic_comments(topic).get().comment == typed


def test_expired_reply_keeps_what_it_answers(client_for, member_a, member_b, topic):
    root = comments.post(topic, member_a, "Premier avis")
    client = client_for(member_b)
    old = int(time.time()) - DEFAULT_COMMENTS_TIMEOUT - 60
    response = post_comment(
        client, topic, "Ma réponse", reply_to=root.pk, **security_data(topic, timestamp=old)
    )
    assert response.status_code == 400
    fields = main_form(response)
    assert fields["reply_to"] == str(root.pk) and fields["comment"] == "Ma réponse"
    assert client.post(comment_url(topic), fields).status_code == 302
    reply = topic_comments(topic).last()
    assert reply.comment == "Ma réponse" and reply.parent_id == root.pk and reply.level == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"security_hash": "0" * 40},
        {"timestamp": str(int(time.time()) + 3600)},
        {"object_pk": "999999"},
    ],
    ids=["hash", "timestamp", "object"],
)
def test_tampered_form_is_refused_with_a_french_message(client_for, member_a, topic, overrides):
    typed = "Un avis sincère"
    response = post_comment(client_for(member_a), topic, typed, **overrides)
    assert response.status_code == 400
    assert TAMPERED in text(response)
    assert main_form(response)["comment"] == typed
    assert not XtdComment.objects.exists()


def test_html_in_a_comment_is_shown_as_text(client_for, member_a, member_b, topic):
    typed = "<script>alert(1)</script><b>x</b>"
    assert post_comment(client_for(member_a), topic, typed).status_code == 302
    assert topic_comments(topic).get().comment == typed
    page = client_for(member_b).get(topic.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in page
    assert "<script>alert(1)" not in page
    assert "<b>x</b>" not in page


# --- Flags and moderation ------------------------------------------------------------


def test_a_member_flags_a_comment_for_the_coordination(
    client_for, member_a, member_b, coordinator, topic
):
    comment = comments.post(topic, member_a, "Ce commentaire pose question")
    client = client_for(member_b)
    page = text(client.get(topic.get_absolute_url()))
    assert reverse("meetings:flag_comment", args=[comment.pk]) in page
    assert "Signaler à la coordination" in page

    # The link opens a page that shows the comment and asks to confirm; it reports nothing.
    confirm = text(client.get(reverse("meetings:flag_comment", args=[comment.pk])))
    assert "Signaler un commentaire à la coordination" in confirm
    assert "Ce commentaire pose question" in confirm
    assert f'href="{topic.get_absolute_url()}#c{comment.pk}">Revenir sans signaler' in confirm
    assert not CommentFlag.objects.exists()

    response = client.post(
        reverse("meetings:flag_comment", args=[comment.pk]), {"reason": "disrespectful"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{topic.get_absolute_url()}#c{comment.pk}"
    flag = CommentFlag.objects.get()
    assert (flag.comment_id, flag.user, flag.flag) == (
        comment.pk,
        member_b,
        CommentFlag.SUGGEST_REMOVAL,
    )
    assert "Merci : la coordination va examiner ce commentaire." in text(
        client.get(topic.get_absolute_url())
    )
    # Flagging twice counts once.
    client.post(reverse("meetings:flag_comment", args=[comment.pk]), {"reason": "disrespectful"})
    assert CommentFlag.objects.count() == 1

    coordination = client_for(coordinator)
    page = text(coordination.get(reverse("meetings:moderation")))
    assert "Ce commentaire pose question" in page
    assert f"{topic.get_absolute_url()}#c{comment.pk}" in page
    assert '<span class="badge">signalé une fois</span>' in page
    assert reverse("meetings:hide_comment", args=[comment.pk]) in page
    assert "signalé une fois" in text(coordination.get(topic.get_absolute_url()))


def test_a_hidden_comment_cannot_be_reported(client_for, member_a, member_b, topic):
    comment = comments.post(topic, member_a, "Déjà masqué")
    comment.is_public = False
    comment.save()
    url = reverse("meetings:flag_comment", args=[comment.pk])
    assert client_for(member_b).get(url).status_code == 404
    assert client_for(member_b).post(url).status_code == 404
    assert not CommentFlag.objects.exists()


def test_nobody_is_offered_to_flag_their_own_comment(client_for, member_a, topic):
    comment = comments.post(topic, member_a, "Mon avis")
    page = text(client_for(member_a).get(topic.get_absolute_url()))
    assert reverse("meetings:flag_comment", args=[comment.pk]) not in page


def test_moderation_page_is_empty_without_flags(client_for, member_a, coordinator, topic):
    comments.post(topic, member_a, "Un avis tranquille")
    page = text(client_for(coordinator).get(reverse("meetings:moderation")))
    assert "Aucun commentaire signalé à examiner." in page and "Aucun commentaire masqué." in page
    assert "Un avis tranquille" not in page


@pytest.mark.parametrize("who", ["member_a", "editor_a", "member_b", "editor_b", "agent"])
def test_only_the_coordinator_moderates(client_for, people, topic, who):
    comment = comments.post(topic, people["member_b"], "Un avis")
    client = client_for(people[who])
    assert client.get(reverse("meetings:moderation")).status_code == 403
    assert client.post(reverse("meetings:hide_comment", args=[comment.pk])).status_code == 403
    comments.flag(comment, people["member_a"])
    assert client.post(reverse("meetings:keep_comment", args=[comment.pk])).status_code == 403
    assert comments.reported().filter(pk=comment.pk).exists()
    comment.refresh_from_db()
    assert comment.is_public
    comments.set_hidden(comment, people["coordinator"], True)
    assert client.post(reverse("meetings:restore_comment", args=[comment.pk])).status_code == 403
    comment.refresh_from_db()
    assert not comment.is_public


def test_anonymous_is_sent_to_login_from_moderation(client, topic, member_a):
    comment = comments.post(topic, member_a, "Un avis")
    for response in (
        client.get(reverse("meetings:moderation")),
        client.post(reverse("meetings:hide_comment", args=[comment.pk])),
        client.post(
            reverse("meetings:flag_comment", args=[comment.pk]), {"reason": "disrespectful"}
        ),
    ):
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"]
    comment.refresh_from_db()
    assert comment.is_public and not CommentFlag.objects.exists()


def test_coordinator_keeps_a_reported_comment_and_a_new_report_brings_it_back(
    client_for, member_a, member_b, editor_b, coordinator, topic
):
    comment = comments.post(topic, member_a, "Un avis tranché mais correct")
    comments.flag(comment, member_b)
    comments.flag(comment, editor_b)
    coordination = client_for(coordinator)
    home = text(coordination.get(reverse("workspace:home")))
    assert "1 commentaire signalé à examiner" in home
    assert reverse("meetings:moderation") in home
    queue = text(coordination.get(reverse("meetings:moderation")))
    assert "signalé 2 fois" in queue
    assert reverse("meetings:keep_comment", args=[comment.pk]) in queue
    assert "Conserver et clore les signalements" in text(coordination.get(topic.get_absolute_url()))

    response = coordination.post(
        reverse("meetings:keep_comment", args=[comment.pk]), {"next": "moderation"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("meetings:moderation")
    comment.refresh_from_db()
    assert comment.is_public
    assert not CommentFlag.objects.filter(comment=comment, flag=CommentFlag.SUGGEST_REMOVAL)
    assert CommentFlag.objects.filter(
        comment=comment, user=coordinator, flag=CommentFlag.MODERATOR_APPROVAL
    ).exists()
    queue = text(coordination.get(reverse("meetings:moderation")))
    assert "Commentaire conservé ; ses signalements sont clos." in queue
    assert "Un avis tranché mais correct" not in queue
    assert "commentaire signalé" not in text(coordination.get(reverse("workspace:home")))
    assert "Un avis tranché mais correct" in text(
        client_for(member_b).get(topic.get_absolute_url())
    )

    # Reported again: back in the queue.
    client_for(member_b).post(
        reverse("meetings:flag_comment", args=[comment.pk]), {"reason": "disrespectful"}
    )
    queue = text(client_for(coordinator).get(reverse("meetings:moderation")))
    assert "Un avis tranché mais correct" in queue and "signalé une fois" in queue


def test_restoring_a_hidden_comment_closes_its_reports(
    client_for, member_a, member_b, coordinator, topic
):
    comment = comments.post(topic, member_a, "Un avis masqué puis rétabli")
    comments.flag(comment, member_b)
    coordination = client_for(coordinator)
    coordination.post(reverse("meetings:hide_comment", args=[comment.pk]))
    queue = text(coordination.get(reverse("meetings:moderation")))
    assert "Aucun commentaire signalé à examiner." in queue  # hidden: listed with the hidden
    assert "Un avis masqué puis rétabli" in queue
    coordination.post(reverse("meetings:restore_comment", args=[comment.pk]))
    assert not comments.reported().exists() and not comments.hidden().exists()
    queue = text(coordination.get(reverse("meetings:moderation")))
    assert "Un avis masqué puis rétabli" not in queue


def test_coordinator_hides_and_restores_a_comment(
    client_for, member_a, member_b, coordinator, topic, meeting
):
    words = "Propos déplacé sur une autre association"
    comment = comments.post(topic, member_b, words)
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.save_operational("status")
    coordination = client_for(coordinator)

    response = coordination.post(reverse("meetings:hide_comment", args=[comment.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{topic.get_absolute_url()}#c{comment.pk}"
    comment.refresh_from_db()
    assert not comment.is_public and not comment.is_removed
    assert CommentFlag.objects.filter(
        comment=comment, user=coordinator, flag=CommentFlag.MODERATOR_DELETION
    ).exists()

    for person in (member_a, member_b):
        page = text(client_for(person).get(topic.get_absolute_url()))
        assert HIDDEN in page
        assert words not in page
        assert f'id="c{comment.pk}"' in page  # it keeps its place in the thread
        # The meeting page no longer counts it.
        assert "1 commentaire" not in text(client_for(person).get(meeting.url))

    coordination = client_for(coordinator)
    page = text(coordination.get(topic.get_absolute_url()))
    assert words in page and "Masqué aux membres :" in page and HIDDEN not in page
    assert reverse("meetings:restore_comment", args=[comment.pk]) in page
    page = text(coordination.get(reverse("meetings:moderation")))
    assert words in page and '<span class="badge">masqué</span>' in page

    response = coordination.post(
        reverse("meetings:restore_comment", args=[comment.pk]), {"next": "moderation"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("meetings:moderation")
    comment.refresh_from_db()
    assert comment.is_public
    page = text(client_for(member_a).get(topic.get_absolute_url()))
    assert words in page and HIDDEN not in page
    assert "1 commentaire" in text(client_for(member_a).get(meeting.url))


def test_the_meeting_page_counts_the_visible_comments_of_each_topic(
    client_for, coordinator, member_a, member_b, editor_b, meeting, association_a, topic
):
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.save_operational("status")
    other = make_topic(
        association_a, member_a, meeting, title="Le transport", status=TopicStatus.ACCEPTED
    )
    agenda.add_topic_item(meeting, other)
    root = comments.post(topic, member_a, "Un")
    comments.post(topic, member_b, "Deux", reply_to=root.pk)
    comments.post(topic, editor_b, "Trois")
    comments.set_hidden(comments.post(topic, editor_b, "Masqué"), coordinator, True)
    comments.post(other, member_b, "Seul")

    assert comments.count_for([topic, other]) == {topic.pk: 3, other.pk: 1}
    page = text(client_for(member_a).get(meeting.url))
    assert "Les dons de la grande surface</a>" in page and "3 commentaires" in page
    assert "Le transport</a>" in page and "1 commentaire)" in page


# --- Notifications -------------------------------------------------------------------


@pytest.fixture
def outbox(db, mailoutbox, monkeypatch):
    """``mailoutbox`` taken once the database is set up.

    Django's test case set-up (run by the ``db`` fixture) replaces ``mail.outbox``;
    a ``mailoutbox`` taken before it stays empty whatever is sent. These tests read
    the e-mails sent at once: comments are e-mailed immediately here (by default they
    go to a daily digest, see test_notification_centre.py).
    """
    from workspace.models import DEFAULT_MODES, Category, Mode

    monkeypatch.setitem(DEFAULT_MODES, Category.COMMENTS, Mode.EMAIL)
    return mailoutbox


def recipients(outbox):
    return sorted(address for message in outbox for address in message.to)


def test_the_proposer_then_the_commenters_are_told(
    client_for, outbox, member_a, member_b, editor_b, topic
):
    post_comment(client_for(member_b), topic, "Nous aussi, chaque mardi.")
    assert recipients(outbox) == [member_a.email]
    message = outbox[0]
    assert message.subject.endswith("Nouveau commentaire sur « Les dons de la grande surface »")
    assert "a commenté « Les dons de la grande surface » :" in message.body
    assert "Nous aussi, chaque mardi." in message.body
    first = topic_comments(topic).get()
    assert f"{topic.get_absolute_url()}#c{first.pk}" in message.body

    outbox.clear()
    post_comment(client_for(editor_b), topic, "Et le jeudi ?", reply_to=first.pk)
    assert recipients(outbox) == sorted([member_a.email, member_b.email])
    assert editor_b.email not in recipients(outbox)

    outbox.clear()
    post_comment(client_for(member_a), topic, "Merci à vous deux.")
    assert recipients(outbox) == sorted([member_b.email, editor_b.email])


def test_a_person_who_left_is_not_told(
    client_for, outbox, coordinator, member_a, member_b, editor_b, topic
):
    post_comment(client_for(member_b), topic, "Nous aussi.")
    services.end_membership(Membership.objects.get(user=member_b), by=coordinator)
    outbox.clear()
    post_comment(client_for(editor_b), topic, "Et nous ?")
    assert recipients(outbox) == [member_a.email]


def test_a_proposer_who_left_is_not_told(
    client_for, outbox, coordinator, member_a, member_b, topic
):
    services.end_membership(Membership.objects.get(user=member_a), by=coordinator)
    post_comment(client_for(member_b), topic, "Nous aussi.")
    assert outbox == []


def test_a_comment_on_a_proposal_never_reaches_another_association(
    client_for, outbox, coordinator, member_a, editor_a, member_b, private_topic
):
    comments.post(private_topic, member_b, "Arrivé ici on ne sait comment")
    post_comment(client_for(coordinator), private_topic, "Nous en parlerons.")
    assert recipients(outbox) == [member_a.email]

    outbox.clear()
    post_comment(client_for(editor_a), private_topic, "Merci.")
    assert recipients(outbox) == sorted([member_a.email, coordinator.email])
    assert member_b.email not in recipients(outbox)


def test_a_hidden_comment_is_not_sent(client_for, outbox, coordinator, member_b, topic):
    """A comment hidden before its e-mail goes out is not sent (checked at sending)."""
    from workspace import notifications

    comment = comments.post(topic, member_b, "Propos à masquer")
    comments.set_hidden(comment, coordinator, True)
    event = notifications.emit(
        "comment_posted", f"comment:{comment.pk}", comment_id=comment.pk, topic_id=topic.pk
    )
    assert notifications.process_event(event.pk) == 0
    assert outbox == []


# --- Query counts --------------------------------------------------------------------


def add_topics(meeting, association, proposer, start, count):
    topics = []
    for i in range(start, start + count):
        topic = make_topic(
            association, proposer, meeting, title=f"Sujet {i}", status=TopicStatus.ACCEPTED
        )
        agenda.add_topic_item(meeting, topic)
        topics.append(topic)
    return topics


def add_comments(topic, users, count):
    existing = topic_comments(topic).count()
    for i in range(existing, existing + count):
        comments.post(topic, users[i % len(users)], f"Commentaire {i} sur {topic.title}")


def count_queries(client, url):
    client.get(url)  # caches warmed (site root, content types, session)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_meeting_page_queries_do_not_grow_with_topics_and_comments(
    client_for,
    django_assert_num_queries,
    meeting,
    association_a,
    member_a,
    member_b,
    editor_b,
    settings,
):
    # What rendering costs, not the reader's kept page (tests/site/test_reader_cache.py).
    settings.READER_PAGE_CACHE = False
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.save_operational("status")
    client = client_for(member_a)
    users = [member_a, member_b, editor_b]
    topics = add_topics(meeting, association_a, member_a, 0, 2)
    for topic in topics:
        add_comments(topic, users, 1)
    small, response = count_queries(client, meeting.url)
    assert "Sujet 1" in text(response) and "1 commentaire" in text(response)

    topics += add_topics(meeting, association_a, member_a, 2, 48)
    for topic in topics:
        add_comments(topic, users, 20 - topic_comments(topic).count())
    client.get(meeting.url)
    with django_assert_num_queries(small):
        response = client.get(meeting.url)
    page = text(response)
    assert all(f"Sujet {i}<" in page for i in range(50))
    assert page.count("20 commentaires") == 50


def test_topic_page_queries_do_not_grow_with_comments(
    client_for,
    django_assert_num_queries,
    coordinator,
    member_a,
    member_b,
    editor_b,
    topic,
    settings,
):
    # What rendering costs, not the reader's kept page (tests/site/test_reader_cache.py).
    settings.READER_PAGE_CACHE = False
    client = client_for(member_a)

    def thread(start, stop):
        for i in range(start, stop):
            root = comments.post(topic, member_b, f"Avis {i}")
            comments.post(topic, editor_b, f"Réponse {i}", reply_to=root.pk)
            if i % 10 == 0:
                comments.flag(root, member_a)
            if i % 25 == 0:
                comments.set_hidden(root, coordinator, True)

    thread(0, 1)
    small, _response = count_queries(client, topic.get_absolute_url())
    thread(1, 100)
    assert topic_comments(topic).count() == 200
    client.get(topic.get_absolute_url())
    with django_assert_num_queries(small):
        response = client.get(topic.get_absolute_url())
    page = text(response)
    assert page.count('<article class="comment') == 200
    assert "Réponse 98" in page and "Avis 99" in page

    # The coordinator's page, with flags and hidden comments, does not grow either.
    coordination = client_for(coordinator)
    big, _response = count_queries(coordination, topic.get_absolute_url())
    XtdComment.objects.filter(object_pk=str(topic.pk)).exclude(
        pk__in=list(topic_comments(topic).values_list("pk", flat=True)[:2])
    ).delete()
    assert topic_comments(topic).count() == 2
    assert count_queries(coordination, topic.get_absolute_url())[0] == big


def test_flooding_topic_comments_is_refused_clearly(client_for, member_b, topic, settings):
    from django.core.cache import cache

    settings.COMMENTS_PER_MINUTE = 2
    cache.clear()
    client = client_for(member_b)
    post_comment(client, topic, "un")
    post_comment(client, topic, "deux")
    response = post_comment(client, topic, "trois de trop")
    assert response.status_code == 429
    assert "Vous publiez trop vite" in text(response) and "trois de trop" in text(response)
    assert topic_comments(topic).count() == 2
