import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import AssociationFactory, make_meeting, make_member
from tests.utils import text, visible_text
from workspace.forms.comments import CommentForm
from workspace.models import Discussion, DiscussionStatus, DiscussionSupport, Topic, TopicStatus
from workspace.notifications import follows
from workspace.services import comments

OPEN = reverse("discussions:open")


def security(discussion):
    return CommentForm(discussion).generate_security_data()


def comment(client, discussion, text_, reply_to=""):
    return client.post(
        reverse("discussions:comment", args=[discussion.pk]),
        {**security(discussion), "comment": text_, "reply_to": reply_to},
    )


@pytest.fixture
def discussion(editor_a, association_a):
    d = Discussion.objects.create(
        title="Plus de familles après les régularisations",
        situation="Depuis octobre, dix familles par semaine.",
        association=association_a,
        opened_by=editor_a,
    )
    follows.follow(editor_a, d, explicit=False)
    return d


# --- Permissions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "who, can_open",
    [
        ("member_a", True),
        ("editor_a", True),
        ("editor_b", True),
        ("agent", False),
        ("coordinator", True),
    ],
)
def test_who_opens_a_discussion(client_for, people, who, can_open):
    response = client_for(people[who]).post(
        OPEN, {"title": "Un constat", "situation": "Ce que nous voyons."}
    )
    if can_open:
        assert response.status_code == 302
        d = Discussion.objects.get()
        assert d.opened_by == people[who]
        assert follows.is_following(people[who], d)
    else:
        assert response.status_code == 403 and not Discussion.objects.exists()


def test_anonymous_is_sent_to_login(client, discussion):
    for url in (reverse("discussions:list"), discussion.get_absolute_url(), OPEN):
        response = client.get(url)
        assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_empty_discussion_keeps_what_was_typed(client_for, member_a):
    response = client_for(member_a).post(OPEN, {"title": "  ", "situation": "Gardé"})
    assert response.status_code == 200
    assert "Donnez un titre à la discussion." in text(response) and "Gardé" in text(response)


@pytest.mark.parametrize(
    "who", ["member_a", "editor_a", "member_b", "editor_b", "agent", "coordinator"]
)
def test_every_network_member_comments(client_for, people, discussion, who):
    response = comment(client_for(people[who]), discussion, f"Avis de {who}")
    assert response.status_code == 302
    assert comments.thread_queryset(discussion).filter(comment=f"Avis de {who}").exists()


def test_we_see_this_too(client_for, people, discussion, association_b):
    association_b.neighbourhood = "alma"
    association_b.save()
    # Not the association that opened it; one answer per association.
    own = client_for(people["editor_a"]).post(
        reverse("discussions:support", args=[discussion.pk]), {"note": "x"}
    )
    assert own.status_code == 302 and not DiscussionSupport.objects.exists()
    response = client_for(people["member_b"]).post(
        reverse("discussions:support", args=[discussion.pk]),
        {"association": association_b.pk, "note": "Chez nous aussi"},
    )
    assert response.status_code == 302
    again = client_for(people["editor_b"]).post(
        reverse("discussions:support", args=[discussion.pk]),
        {"association": association_b.pk},
        follow=True,
    )
    assert "Votre association est déjà comptée" in text(again)
    assert DiscussionSupport.objects.count() == 1
    page = visible_text(client_for(people["agent"]).get(discussion.get_absolute_url()))
    assert "2 associations concernées" in page and "Alma" in page and "Centre" in page
    assert "Chez nous aussi" in page
    # The agent belongs to no association: no form.
    assert "Nous le voyons aussi" not in page


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("member_a", True),
        ("editor_a", True),
        ("editor_b", False),
        ("agent", False),
        ("coordinator", True),
    ],
)
def test_raise_to_a_meeting(
    client_for, people, discussion, coordinator, association_a, who, allowed
):
    meeting = make_meeting(coordinator, days_ahead=30, host=association_a)
    response = client_for(people[who]).post(
        reverse("discussions:raise", args=[discussion.pk]), {"meeting": meeting.pk}
    )
    discussion.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert discussion.status == DiscussionStatus.RAISED
        topic = discussion.topic
        assert topic.status == TopicStatus.PROPOSED and topic.meeting == meeting
        assert topic.discussion == discussion and topic.association == association_a
        proposals = text(client_for(coordinator).get(reverse("meetings:topics")))
        assert "Plus de familles après les régularisations" in proposals
    else:
        assert response.status_code == 403
        assert discussion.status == DiscussionStatus.OPEN and not Topic.objects.exists()


@pytest.mark.parametrize("who", ["member_a", "editor_a", "editor_b", "agent"])
def test_only_the_coordinator_closes_and_locks(client_for, people, discussion, who):
    client = client_for(people[who])
    assert (
        client.post(
            reverse("discussions:close", args=[discussion.pk]), {"outcome": "x"}
        ).status_code
        == 403
    )
    assert (
        client.post(reverse("discussions:lock", args=[discussion.pk]), {"locked": "1"}).status_code
        == 403
    )
    discussion.refresh_from_db()
    assert discussion.status == DiscussionStatus.OPEN and not discussion.locked


def test_close_with_an_outcome_and_links(client_for, coordinator, member_b, discussion):
    from minutes.models import Decision  # noqa: F401 - the form lists published decisions

    client = client_for(coordinator)
    missing = client.post(reverse("discussions:close", args=[discussion.pk]), {"outcome": ""})
    assert "Écrivez la conclusion avant de clore." in text(missing)
    client.post(
        reverse("discussions:close", args=[discussion.pk]),
        {"outcome": "Le CCAS ouvre une permanence énergie."},
    )
    discussion.refresh_from_db()
    assert discussion.status == DiscussionStatus.CLOSED and discussion.closed_at
    page = visible_text(client_for(member_b).get(discussion.get_absolute_url()))
    assert "Le CCAS ouvre une permanence énergie." in page


def test_locked_thread_refuses_comments_clearly(client_for, coordinator, member_b, discussion):
    client_for(coordinator).post(reverse("discussions:lock", args=[discussion.pk]), {"locked": "1"})
    response = comment(client_for(member_b), discussion, "Encore un mot")
    assert response.status_code == 409
    page = text(response)
    assert "Cette discussion est verrouillée par la coordination" in page
    assert "Encore un mot" in page
    assert not comments.thread_queryset(discussion).exists()


def test_coordinator_hides_a_discussion_comment_and_the_queue_lists_it(
    client_for, coordinator, member_a, member_b, discussion
):
    comment(client_for(member_b), discussion, "Propos déplacé")
    c = comments.thread_queryset(discussion).get()
    client_for(member_a).post(
        reverse("meetings:flag_comment", args=[c.pk]), {"reason": "disrespectful"}
    )
    queue = text(client_for(coordinator).get(reverse("meetings:moderation")))
    assert "Propos déplacé" in queue and discussion.title in queue
    client_for(coordinator).post(reverse("meetings:hide_comment", args=[c.pk]))
    page = text(client_for(member_a).get(discussion.get_absolute_url()))
    assert "Propos déplacé" not in page and "[commentaire masqué par la coordination]" in page


# --- Bad input ------------------------------------------------------------------------------


def test_empty_and_huge_comments_keep_the_text(client_for, member_b, discussion):
    client = client_for(member_b)
    empty = comment(client, discussion, "   ")
    assert empty.status_code == 400 and "Écrivez quelque chose avant d'envoyer." in text(empty)
    huge = comment(client, discussion, "é" * 100_000)
    assert huge.status_code == 400
    assert "Un commentaire fait au plus 3000 caractères (celui-ci en a 100000)." in text(huge)
    assert not comments.thread_queryset(discussion).exists()


def test_script_in_comments_is_shown_as_text(client_for, member_b, discussion):
    client = client_for(member_b)
    comment(client, discussion, "<script>alert('x')</script><b>gras</b>")
    page = client.get(discussion.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_flooding_is_stopped_with_a_clear_message(client_for, member_b, discussion, settings):
    settings.COMMENTS_PER_MINUTE = 3
    cache.clear()
    client = client_for(member_b)
    for n in range(3):
        assert comment(client, discussion, f"Message {n}").status_code == 302
    blocked = comment(client, discussion, "Un message de trop")
    assert blocked.status_code == 429
    assert "Vous publiez trop vite" in text(blocked) and "Un message de trop" in text(blocked)
    assert comments.thread_queryset(discussion).count() == 3


def test_following_what_one_may_not_see_is_refused(
    client_for, member_b, editor_a, association_a, meeting
):
    from tests.factories import make_topic

    private = make_topic(association_a, editor_a, meeting=meeting)
    url = reverse("notifications:follow", args=["workspace", "topic", private.pk])
    assert client_for(member_b).post(url, {"follow": "1"}).status_code == 404
    assert not follows.is_following(member_b, private)
    assert (
        client_for(member_b)
        .post(reverse("notifications:follow", args=["workspace", "user", 1]), {"follow": "1"})
        .status_code
        == 404
    )


# --- Query counts ----------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_discussion_list_queries_do_not_grow(client_for, member_a, editor_a):
    client = client_for(member_a)

    def make(n):
        for i in range(n):
            association = AssociationFactory()
            d = Discussion.objects.create(
                title=f"Constat {i}", situation="…", association=association, opened_by=editor_a
            )
            other = AssociationFactory()
            DiscussionSupport.objects.create(discussion=d, association=other)
            comments.post(d, editor_a, "un avis")

    make(2)
    small = count_queries(client, reverse("discussions:list"))
    make(30)
    assert count_queries(client, reverse("discussions:list")) == small


def test_thread_with_200_comments_queries_do_not_grow(
    client_for, member_a, editor_a, discussion, settings
):
    # What rendering costs, not the reader's kept page (tests/site/test_reader_cache.py).
    settings.READER_PAGE_CACHE = False
    client = client_for(member_a)
    for i in range(2):
        comments.post(discussion, editor_a, f"avis {i}")
    small = count_queries(client, discussion.get_absolute_url())
    writers = [make_member(discussion.association) for _ in range(5)]
    for i in range(198):
        comments.post(discussion, writers[i % 5], f"avis {i}")
    assert count_queries(client, discussion.get_absolute_url()) == small
