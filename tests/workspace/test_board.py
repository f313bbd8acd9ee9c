"""The needs and offers board: who reads, posts, answers and settles; bad input; answers
private to the two associations and the coordination; expiry by beat; notifications to the
followers of a category and to the poster, once; query counts."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import AssociationFactory, make_member
from tests.utils import text
from workspace import notifications
from workspace.models import (
    Answer,
    Category,
    CategoryFollow,
    Membership,
    Notification,
    Post,
    PostStatus,
    Role,
)
from workspace.services import board
from workspace.services import memberships as membership_services
from workspace.tasks import close_expired_board_posts

pytestmark = pytest.mark.django_db


def in_days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def make_post(user, association, **kwargs):
    values = {
        "kind": "offer",
        "category": "fresh_food",
        "title": "40 kg de yaourts avant vendredi",
        "place": "12 rue de l'Épeule",
        "until": in_days(3),
        "quantity": 40,
        "unit": "kg",
    }
    values.update(kwargs)
    return board.create_post(user, association=association, **values)


@pytest.fixture
def association_c(db):
    return AssociationFactory(name="Association C", slug="assoc-c")


@pytest.fixture
def member_c(association_c):
    return make_member(association_c, Role.MEMBER, email="membre@c.exemple.org")


@pytest.fixture
def offer(member_a, association_a):
    return make_post(member_a, association_a)


def form_data(**kwargs):
    data = {
        "kind": "offer",
        "category": "fresh_food",
        "title": "Des yaourts",
        "quantity": "40",
        "unit": "kg",
        "place": "12 rue de l'Épeule",
        "until": in_days(2).isoformat(),
        "description": "À prendre avant vendredi midi.",
    }
    data.update(kwargs)
    return data


# --- Who may do what -------------------------------------------------------------------------


def test_anonymous_visitors_go_to_the_login_page(client, offer):
    for url in (reverse("board:list"), reverse("board:new"), offer.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_former_members_are_refused(client_for, offer, association_a, coordinator):
    former = make_member(association_a, Role.EDITOR, email="ancien@a.exemple.org")
    membership_services.end_membership(
        Membership.objects.get(user=former, association=association_a), by=coordinator
    )
    client = client_for(former)
    for url in (reverse("board:list"), reverse("board:new"), offer.get_absolute_url()):
        assert client.get(url).status_code == 403
    assert (
        client.post(reverse("board:answer", args=[offer.pk]), {"message": "x"}).status_code == 403
    )


def test_members_and_editors_post_agents_and_coordinator_read(client_for, people, offer):
    for who in ("member_a", "editor_a", "member_b", "editor_b", "agent", "coordinator"):
        client = client_for(people[who])
        assert client.get(reverse("board:list")).status_code == 200, who
        assert client.get(offer.get_absolute_url()).status_code == 200, who
    for who in ("member_b", "editor_b"):
        assert client_for(people[who]).get(reverse("board:new")).status_code == 200
    for who in ("agent", "coordinator"):
        assert client_for(people[who]).get(reverse("board:new")).status_code == 403


def test_a_member_posts_an_offer(client_for, member_a, association_a):
    response = client_for(member_a).post(reverse("board:new"), form_data())
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert post.association == association_a and post.created_by == member_a
    assert (post.kind, post.category, post.quantity, post.unit) == ("offer", "fresh_food", 40, "kg")
    assert post.status == PostStatus.OPEN
    page = client_for(member_a).get(post.get_absolute_url())
    assert "Des yaourts" in text(page) and "12 rue de l'Épeule" in text(page)


def test_a_person_of_two_associations_chooses_one(client_for, member_a, association_b):
    Membership.objects.create(user=member_a, association=association_b, role=Role.MEMBER)
    client = client_for(member_a)
    response = client.post(reverse("board:new"), form_data())
    assert response.status_code == 200 and not Post.objects.exists()
    assert "Choisissez l'association qui publie." in text(response)
    response = client.post(reverse("board:new"), form_data(association=association_b.pk))
    assert Post.objects.get().association == association_b


def test_only_the_posters_association_and_the_coordinator_settle_it(
    client_for, people, offer, association_b
):
    for who in ("member_b", "editor_b", "agent"):
        client = client_for(people[who])
        assert client.post(reverse("board:match", args=[offer.pk])).status_code == 403
        assert client.post(reverse("board:close", args=[offer.pk])).status_code == 403
    offer.refresh_from_db()
    assert offer.status == PostStatus.OPEN
    response = client_for(people["member_a"]).post(
        reverse("board:match", args=[offer.pk]), {"matched_with": association_b.pk}
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == PostStatus.MATCHED and offer.matched_with == association_b
    page = text(client_for(people["agent"]).get(offer.get_absolute_url()))
    assert "Pourvue avec Association B" in page
    # Settled: no more answers, and marking it again says so.
    response = client_for(people["member_b"]).post(
        reverse("board:answer", args=[offer.pk]), {"message": "Trop tard ?"}
    )
    assert response.status_code == 302 and not Answer.objects.exists()
    response = client_for(people["member_a"]).post(reverse("board:close", args=[offer.pk]))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == PostStatus.MATCHED


def test_the_coordinator_closes_a_post(client_for, coordinator, offer):
    assert client_for(coordinator).post(reverse("board:close", args=[offer.pk])).status_code == 302
    offer.refresh_from_db()
    assert offer.status == PostStatus.CLOSED and not offer.expired and offer.closed_at


def test_matched_without_saying_with_whom(client_for, member_a, offer):
    client_for(member_a).post(reverse("board:match", args=[offer.pk]), {"matched_with": ""})
    offer.refresh_from_db()
    assert offer.status == PostStatus.MATCHED and offer.matched_with is None


def test_an_association_does_not_answer_its_own_post(client_for, editor_a, offer):
    response = client_for(editor_a).post(
        reverse("board:answer", args=[offer.pk]), {"message": "Nous-mêmes"}
    )
    assert response.status_code == 403 and not Answer.objects.exists()


# --- Bad input -------------------------------------------------------------------------------


def test_a_past_date_is_refused_in_french_and_the_input_kept(client_for, member_a):
    data = form_data(until=in_days(-1).isoformat(), title="Des yaourts à donner")
    response = client_for(member_a).post(reverse("board:new"), data)
    assert response.status_code == 200 and not Post.objects.exists()
    page = text(response)
    assert "Cette date est passée" in page
    assert 'value="Des yaourts à donner"' in page and 'value="40"' in page
    assert "À prendre avant vendredi midi." in page


def test_today_is_accepted_and_a_date_beyond_a_year_is_not(client_for, member_a):
    client = client_for(member_a)
    response = client.post(reverse("board:new"), form_data(until=in_days(400).isoformat()))
    assert response.status_code == 200 and "dans l'année" in text(response)
    response = client.post(reverse("board:new"), form_data(until=in_days(0).isoformat()))
    assert response.status_code == 302


@pytest.mark.parametrize("value", ["quarante", "12,5", "-3", "0", "99999999999999999999"])
def test_text_or_impossible_quantities_are_refused(client_for, member_a, value):
    response = client_for(member_a).post(reverse("board:new"), form_data(quantity=value))
    assert response.status_code == 200 and not Post.objects.exists()
    page = text(response)
    assert any(
        message in page
        for message in (
            "Saisissez la quantité en nombre entier",
            "La quantité est au moins 1",
            "La quantité est au plus 100 000",
        )
    ), page
    assert f'value="{value}"' in page


def test_a_date_typed_as_text_is_refused(client_for, member_a):
    response = client_for(member_a).post(reverse("board:new"), form_data(until="vendredi"))
    assert response.status_code == 200 and "Saisissez une date comme 14/12/2026" in text(response)


def test_huge_fields_are_refused(client_for, member_a, offer, member_b):
    client = client_for(member_a)
    for field in ("title", "place", "unit", "description"):
        response = client.post(reverse("board:new"), form_data(**{field: "x" * 100_000}))
        assert response.status_code == 200, field
        assert "caractères" in text(response), field
    assert Post.objects.count() == 1
    response = client_for(member_b).post(
        reverse("board:answer", args=[offer.pk]), {"message": "y" * 100_000}
    )
    assert response.status_code == 200 and not Answer.objects.exists()


def test_blank_or_missing_fields_get_french_messages(client_for, member_a):
    response = client_for(member_a).post(
        reverse("board:new"), {"title": "   ", "place": "", "until": ""}
    )
    page = text(response)
    for message in (
        "Dites s'il s'agit d'un besoin ou d'une offre.",
        "Choisissez une catégorie.",
        "Dites en quelques mots de quoi il s'agit.",
        "Dites où.",
        "Donnez la date jusqu'à laquelle cela tient.",
    ):
        assert message in page, message


def test_nul_bytes_are_refused_cleanly(client_for, member_a, offer, member_b):
    response = client_for(member_a).post(reverse("board:new"), form_data(title="yaourts\x00"))
    assert response.status_code == 400 and not Post.objects.exclude(pk=offer.pk).exists()
    response = client_for(member_b).post(
        reverse("board:answer", args=[offer.pk]), {"message": "a\x00b"}
    )
    assert response.status_code == 400 and not Answer.objects.exists()
    assert client_for(member_a).get(reverse("board:list") + "?kind=\x00").status_code == 400


def test_odd_filters_and_addresses_never_break(client_for, member_a, offer):
    client = client_for(member_a)
    for query in ("?kind=robot", "?status=xx&category=zz", "?category=" + "z" * 5000):
        assert client.get(reverse("board:list") + query).status_code == 200
    assert client.get("/coups-de-main/999999/").status_code == 404
    assert client.post(reverse("board:follow"), {"categories": ["robots"]}).status_code == 302
    assert not CategoryFollow.objects.exists()


# --- Filters ---------------------------------------------------------------------------------


def test_filters_by_kind_category_and_state(
    client_for, member_a, member_b, association_a, association_b
):
    make_post(member_a, association_a, title="OFFRE-FRAIS")
    make_post(member_b, association_b, kind="need", category="vehicle", title="BESOIN-CAMION")
    done = make_post(
        member_a, association_a, kind="offer", category="equipment", title="OFFRE-FRIGO"
    )
    board.mark_matched(done, member_a)
    client = client_for(member_b)
    page = text(client.get(reverse("board:list")))
    assert "OFFRE-FRAIS" in page and "BESOIN-CAMION" in page and "OFFRE-FRIGO" not in page
    page = text(client.get(reverse("board:list") + "?kind=need&category=&status=open"))
    assert "BESOIN-CAMION" in page and "OFFRE-FRAIS" not in page
    page = text(client.get(reverse("board:list") + "?kind=&category=equipment&status="))
    assert page.count("OFFRE-FRIGO") == 1 and "OFFRE-FRAIS" not in page
    page = text(client.get(reverse("board:list") + "?kind=&category=&status=matched"))
    assert "OFFRE-FRIGO" in page and "BESOIN-CAMION" not in page


# --- Answers stay private --------------------------------------------------------------------


def test_answers_are_read_by_the_two_associations_and_the_coordinator(
    client_for, people, offer, association_b, association_c, member_c
):
    board.answer_post(offer, people["member_b"], association_b, "SECRET-DE-B nous passons demain")
    board.answer_post(offer, member_c, association_c, "SECRET-DE-C nous aussi")

    def page(user):
        return text(client_for(user).get(offer.get_absolute_url()))

    for who in ("member_a", "editor_a", "coordinator"):
        assert "SECRET-DE-B" in page(people[who]) and "SECRET-DE-C" in page(people[who]), who
    for who in ("member_b", "editor_b"):
        assert "SECRET-DE-B" in page(people[who]) and "SECRET-DE-C" not in page(people[who])
    assert "SECRET-DE-C" in page(member_c) and "SECRET-DE-B" not in page(member_c)
    assert "SECRET-DE-" not in page(people["agent"])
    # Nor does the list give the number of answers away.
    assert "2 réponses" in text(client_for(people["member_a"]).get(reverse("board:list")))
    assert "réponse" not in text(client_for(member_c).get(reverse("board:list")))


def test_an_answer_is_sent_through_the_view(client_for, member_b, offer, association_b):
    response = client_for(member_b).post(
        reverse("board:answer", args=[offer.pk]), {"message": "  Nous venons jeudi.  "}
    )
    answer = Answer.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"#reponse-{answer.pk}")
    assert (answer.association, answer.user, answer.message) == (
        association_b,
        member_b,
        "Nous venons jeudi.",
    )
    response = client_for(member_b).post(reverse("board:answer", args=[offer.pk]), {"message": " "})
    assert response.status_code == 200 and "Écrivez votre réponse." in text(response)


# --- Expiry ----------------------------------------------------------------------------------


def test_expired_posts_close_by_themselves(member_a, association_a):
    old = make_post(member_a, association_a, until=in_days(1))
    today = make_post(member_a, association_a, until=in_days(5))
    matched = make_post(member_a, association_a, until=in_days(1))
    board.mark_matched(matched, member_a)
    Post.objects.filter(pk__in=[old.pk, matched.pk]).update(until=in_days(-1))
    Post.objects.filter(pk=today.pk).update(until=in_days(0))
    assert close_expired_board_posts() == 1
    old.refresh_from_db(), today.refresh_from_db(), matched.refresh_from_db()
    assert old.status == PostStatus.CLOSED and old.expired and old.closed_at
    assert today.status == PostStatus.OPEN
    assert matched.status == PostStatus.MATCHED and not matched.expired
    assert close_expired_board_posts() == 0


def test_expiry_is_scheduled_by_beat():
    from entraide.celery import app

    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["close-expired-board-posts"]
    assert entry["task"] == "workspace.tasks.close_expired_board_posts"
    assert "workspace.tasks.close_expired_board_posts" in app.tasks


def test_an_expired_post_says_so(client_for, member_b, offer):
    Post.objects.filter(pk=offer.pk).update(until=in_days(-2))
    board.close_expired()
    page = text(client_for(member_b).get(offer.get_absolute_url()))
    assert "Close d'elle-même" in page and "Envoyer la réponse" not in page


# --- Notifications ---------------------------------------------------------------------------


def notified(user, category):
    return list(Notification.objects.filter(user=user, category=category))


def test_followers_of_a_category_hear_of_a_new_post_once(
    client_for, member_a, member_b, editor_b, agent, association_a, coordinator
):
    client = client_for(member_b)
    response = client.post(reverse("board:follow"), {"categories": ["fresh_food", "vehicle"]})
    assert response.status_code == 302
    assert sorted(board.followed_categories(member_b)) == ["fresh_food", "vehicle"]
    board.set_followed_categories(agent, ["fresh_food"])
    board.set_followed_categories(member_a, ["fresh_food"])  # the poster: not told of their own
    board.set_followed_categories(editor_b, ["training"])
    page = text(client.get(reverse("board:list")))
    assert 'value="fresh_food" checked' in page or "checked" in page

    response = client_for(member_a).post(reverse("board:new"), form_data())
    post = Post.objects.get()
    assert len(notified(member_b, Category.BOARD_POSTS)) == 1
    assert len(notified(agent, Category.BOARD_POSTS)) == 1
    assert notified(member_a, Category.BOARD_POSTS) == []
    assert notified(editor_b, Category.BOARD_POSTS) == []
    assert notified(coordinator, Category.BOARD_POSTS) == []
    note = notified(member_b, Category.BOARD_POSTS)[0]
    assert note.url == post.get_absolute_url() and "Des yaourts" in note.title
    # Recorded again (a double click, a retried task): still one.
    notifications.emit("board_post_created", f"board-post:{post.pk}:created", post_id=post.pk)
    notifications.process_event(notified(member_b, Category.BOARD_POSTS)[0].event_id)
    assert len(notified(member_b, Category.BOARD_POSTS)) == 1


def test_following_no_category_any_more(client_for, member_b):
    board.set_followed_categories(member_b, ["fresh_food"])
    client_for(member_b).post(reverse("board:follow"), {})
    assert board.followed_categories(member_b) == []


def test_an_answer_tells_the_poster_and_the_posters_editors_once(
    member_a,
    editor_a,
    member_b,
    editor_b,
    association_a,
    association_b,
    django_capture_on_commit_callbacks,
):
    post = make_post(member_a, association_a)
    with django_capture_on_commit_callbacks(execute=True):
        answer = board.answer_post(post, member_b, association_b, "Nous venons.")
    for user in (member_a, editor_a):
        rows = notified(user, Category.BOARD_ANSWERS)
        assert len(rows) == 1
        assert rows[0].url == f"{post.get_absolute_url()}#reponse-{answer.pk}"
    assert notified(member_b, Category.BOARD_ANSWERS) == []
    assert notified(editor_b, Category.BOARD_ANSWERS) == []
    notifications.emit(
        "board_answer_posted", f"board-answer:{answer.pk}", answer_id=answer.pk, post_id=post.pk
    )
    assert len(notified(member_a, Category.BOARD_ANSWERS)) == 1


def test_the_preferences_offer_the_board_kinds(client_for, member_a):
    page = text(client_for(member_a).get(reverse("notifications:preferences")))
    assert "nouveaux besoins et offres des catégories que je suis" in page.lower()
    assert "réponses aux besoins et offres de mon association" in page.lower()


def test_the_navigation_leads_to_the_board(client_for, member_a, client):
    assert 'href="/coups-de-main/"' in text(client_for(member_a).get(reverse("workspace:home")))
    client.logout()
    assert 'href="/coups-de-main/"' not in text(client.get("/associations/"))


# --- Query counts ----------------------------------------------------------------------------


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_board_list_queries_do_not_grow_with_the_posts(client_for, member_a, editor_a, member_b):
    client = client_for(member_a)

    def make(n):
        for i in range(n):
            association = AssociationFactory()
            poster = make_member(association)
            post = make_post(poster, association, title=f"Offre {i}")
            board.answer_post(post, member_a, member_a.memberships.first().association, "Oui")
            board.mark_matched(post, poster, matched_with=AssociationFactory())
            make_post(editor_a, editor_a.memberships.first().association, title=f"Besoin {i}")

    make(2)
    url = reverse("board:list") + "?kind=&category=&status="
    small = count_queries(client, url)
    make(25)
    assert count_queries(client, url) == small


def test_post_page_queries_do_not_grow_with_the_answers(client_for, member_a, offer):
    client = client_for(member_a)
    answerers = [make_member(AssociationFactory()) for _ in range(3)]

    def answer(n):
        for i in range(n):
            user = answerers[i % 3]
            board.answer_post(offer, user, user.memberships.first().association, f"Réponse {i}")

    answer(2)
    small = count_queries(client, offer.get_absolute_url())
    answer(40)
    assert count_queries(client, offer.get_absolute_url()) == small


# --- Demo ------------------------------------------------------------------------------------


def test_the_demo_has_needs_and_offers_one_matched(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    assert Post.objects.filter(kind="need", status=PostStatus.OPEN).count() >= 2
    assert Post.objects.filter(kind="offer", status=PostStatus.OPEN).count() >= 2
    matched = Post.objects.get(status=PostStatus.MATCHED)
    assert matched.category == "fresh_food" and matched.matched_with.slug == "soupe-fresnoy"
    assert matched.answers.filter(association__slug="soupe-fresnoy").exists()
    assert Notification.objects.filter(category=Category.BOARD_POSTS).exists()
    counts = (Post.objects.count(), Answer.objects.count(), CategoryFollow.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Post.objects.count(), Answer.objects.count(), CategoryFollow.objects.count()) == counts


# --- Follow-ups: settled posts heard of, the search, the workspace home -------------------------


def test_the_associations_that_answered_hear_once_that_a_post_is_matched(
    member_a,
    editor_a,
    member_b,
    editor_b,
    member_c,
    association_a,
    association_b,
    association_c,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(member_a, association_a)
        board.answer_post(post, member_b, association_b, "Nous venons.")
        board.answer_post(post, member_c, association_c, "Nous aussi.")
        board.answer_post(post, editor_a, association_a, "Note pour nous.")  # its own
        board.mark_matched(post, editor_a, matched_with=association_b)
    for user in (member_b, editor_b, member_c):
        rows = [
            n for n in notified(user, Category.BOARD_ANSWERS) if n.url == post.get_absolute_url()
        ]
        assert len(rows) == 1, user
        assert "40 kg de yaourts" in rows[0].title
    assert not [n for n in notified(editor_a, Category.BOARD_ANSWERS) if "finished" in n.event.key]
    assert not [n for n in notified(member_a, Category.BOARD_ANSWERS) if "finished" in n.event.key]
    # Recorded again: still once.
    notifications.emit(
        "board_post_finished", f"board-post:{post.pk}:finished", post_id=post.pk, by_user_id=None
    )
    finished = [n for n in notified(member_b, Category.BOARD_ANSWERS) if "finished" in n.event.key]
    assert len(finished) == 1


def test_not_the_one_who_marked_it(
    member_a, member_b, editor_b, association_a, association_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(member_a, association_a)
        board.answer_post(post, member_b, association_b, "Nous venons.")
        board.close_post(post, member_b)  # not the poster's association, but the rule holds
    finished = lambda user: [  # noqa: E731
        n for n in notified(user, Category.BOARD_ANSWERS) if "finished" in n.event.key
    ]
    assert finished(member_b) == []
    assert len(finished(editor_b)) == 1


def test_a_post_closed_by_hand_or_by_expiry_is_heard_of(
    member_a, member_b, association_a, association_b, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        closed = make_post(member_a, association_a, title="Camion")
        expiring = make_post(member_a, association_a, title="Chambre froide")
        unanswered = make_post(member_a, association_a, title="Personne")
        for post in (closed, expiring):
            board.answer_post(post, member_b, association_b, "Oui")
        board.close_post(closed, member_a)
        Post.objects.filter(pk__in=[expiring.pk, unanswered.pk]).update(until=in_days(-1))
        assert close_expired_board_posts() == 2
    with django_capture_on_commit_callbacks(execute=True):
        close_expired_board_posts()
    finished = [n for n in notified(member_b, Category.BOARD_ANSWERS) if "finished" in n.event.key]
    assert sorted(n.url for n in finished) == sorted(
        [closed.get_absolute_url(), expiring.get_absolute_url()]
    )
    assert all(n.title for n in finished)


def test_the_network_search_finds_posts_for_the_board_readers_only(
    client_for, member_a, member_b, agent, association_a
):
    post = make_post(member_a, association_a, title="Camionnette frigorifique à prêter")
    url = reverse("search")
    for user in (member_b, agent):
        body = text(client_for(user).get(url, {"q": "camionnette"}))
        assert post.get_absolute_url() in body, user
    body = text(client_for(None).get(url, {"q": "camionnette"}))
    assert post.get_absolute_url() not in body
    former = make_member(association_a, email="ancien@a.exemple.org")
    membership_services.end_membership(former.memberships.get(), by=None)
    body = text(client_for(former).get(url, {"q": "camionnette"}))
    assert post.get_absolute_url() not in body


def test_the_searched_posts_kept_in_the_cache_show_a_change_at_once(
    client_for, member_a, member_b, association_a
):
    url = reverse("search")
    client = client_for(member_b)
    assert "Camionnette" not in text(client.get(url, {"q": "camionnette"}))
    post = make_post(member_a, association_a, title="Camionnette frigorifique à prêter")
    assert post.get_absolute_url() in text(client.get(url, {"q": "camionnette"}))
    post.title = "Remorque frigorifique à prêter"
    post.save()
    assert "Camionnette" not in text(client.get(url, {"q": "camionnette"}))


def test_the_workspace_home_shows_the_recent_open_posts(
    client_for, member_a, member_b, association_a
):
    recent = make_post(member_a, association_a, title="Des bénévoles samedi")
    old = make_post(member_a, association_a, title="Une vieille offre")
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=9))
    matched = make_post(member_a, association_a, title="Déjà trouvé")
    board.mark_matched(matched, member_a)
    page = text(client_for(member_b).get(reverse("workspace:home")))
    assert "Coups de main" in page and recent.get_absolute_url() in page
    assert old.get_absolute_url() not in page and matched.get_absolute_url() not in page
    assert 'href="/coups-de-main/"' in page
