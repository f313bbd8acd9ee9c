"""Tasks and notifications per network: recipients computed in the event's network, the
e-mails and notices say their network and link to its host, digests per network, beat
sweeps run once in each network."""

import pytest
from django.core import mail
from django.test import TestCase
from django.urls import reverse

from tests.factories import make_member
from workspace import networks, notifications
from workspace import tasks as workspace_tasks
from workspace.models import Notification, Role
from workspace.services import discussions


def run(fn, *args, **kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return fn(*args, **kwargs)


@pytest.fixture
def coordinator_b(network_b):
    from tests.factories import UserFactory

    user = UserFactory(email="coordination@b.exemple.org")
    user.groups.add(network_b.coordinators)
    return user


@pytest.fixture
def editor_b2(association_b2):
    return make_member(association_b2, Role.EDITOR, email="editeur@b.exemple.org")


@pytest.fixture
def both(association_a, association_b2):
    """A person with a membership in each network."""
    person = make_member(association_a, Role.MEMBER, email="deux-reseaux@exemple.org")
    make_member(association_b2, Role.MEMBER, email="deux-reseaux@exemple.org")
    person.refresh_from_db()  # the factory set the password again
    return person


def open_in(network, user, association, title):
    with networks.activate(network.pk):
        return run(
            discussions.open_discussion,
            user,
            title=title,
            situation="Une situation",
            association=association,
            themes=[],
        )


def test_an_event_of_a_never_reaches_the_people_of_b(
    db, network_b, editor_a, association_a, coordinator_b, editor_b2, coordinator
):
    open_in(networks.default(), editor_a, association_a, "Lait deuxième âge")
    notified = set(Notification.objects.values_list("user__email", flat=True))
    assert coordinator.email in notified
    assert coordinator_b.email not in notified and editor_b2.email not in notified


def test_an_event_of_b_reaches_b_only_and_says_so(
    db, network_b, association_b2, editor_b2, coordinator_b, editor_a, coordinator
):
    open_in(network_b, editor_b2, association_b2, "Camion frigorifique")
    notified = set(Notification.objects.values_list("user__email", flat=True))
    assert notified == {coordinator_b.email}
    notice = Notification.objects.get(user=coordinator_b)
    assert notice.event.network == network_b


def test_the_person_in_both_networks_gets_one_digest_per_network(
    db, network_b, both, association_a, association_b2, editor_a, editor_b2
):
    open_in(networks.default(), editor_a, association_a, "Sujet de A")
    open_in(network_b, editor_b2, association_b2, "Sujet de B")
    assert Notification.objects.filter(user=both).count() == 2
    mail.outbox.clear()
    # The beat task: once in each network.
    workspace_tasks.send_daily_digests()
    digests = [m for m in mail.outbox if both.email in m.to]
    assert len(digests) == 2
    of_a = next(m for m in digests if "Sujet de A" in m.body)
    of_b = next(m for m in digests if "Sujet de B" in m.body)
    assert "Sujet de B" not in of_a.body and "Sujet de A" not in of_b.body
    assert network_b.name in of_b.body and network_b.name not in of_a.body
    assert networks.default().name in of_a.body
    # B's links lead to B's own host, A's to the installation's address.
    assert "http://b.localhost/" in of_b.body and "b.localhost" not in of_a.body
    # A retried tick sends nothing more.
    mail.outbox.clear()
    workspace_tasks.send_daily_digests()
    assert not [m for m in mail.outbox if both.email in m.to]


def test_digests_called_without_a_network_still_split_them(
    db, network_b, both, association_a, association_b2, editor_a, editor_b2
):
    open_in(networks.default(), editor_a, association_a, "Sujet de A")
    open_in(network_b, editor_b2, association_b2, "Sujet de B")
    mail.outbox.clear()
    notifications.send_digests(notifications.DAILY)
    digests = [m for m in mail.outbox if both.email in m.to]
    assert len(digests) == 2


def test_an_e_mail_of_b_names_b_and_links_to_its_host(
    db, network_b, association_b2, editor_b2, coordinator_b
):
    from workspace.models import Category, Mode

    notifications.set_preference(coordinator_b, Category.NEW_DISCUSSIONS, Mode.EMAIL)
    mail.outbox.clear()
    open_in(network_b, editor_b2, association_b2, "Camion frigorifique")
    [message] = [m for m in mail.outbox if coordinator_b.email in m.to]
    assert network_b.name in message.body
    assert "http://b.localhost/" in message.body


def test_the_centre_names_another_networks_notice_and_opens_it_on_its_host(
    db, client, settings, network_b, both, association_b2, editor_b2
):
    settings.ALLOWED_HOSTS = [".localhost", "testserver"]
    open_in(network_b, editor_b2, association_b2, "Sujet de B")
    client.force_login(both, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("notifications:list"))
    assert page.status_code == 200
    assert network_b.name in page.content.decode()
    notice = Notification.objects.get(user=both)
    response = client.get(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith("http://b.localhost/")
    # On B's own host the notice is of this network: no name, a local link.
    page_b = client.get(reverse("notifications:list"), HTTP_HOST="b.localhost")
    assert network_b.name not in page_b.content.decode().split("<main", 1)[-1].split("</main>")[0]


def test_beat_sweeps_run_in_each_network(db, network_b, monkeypatch):
    seen = []

    def sweep():
        seen.append(networks.current().pk)
        return 1

    monkeypatch.setattr(workspace_tasks.board, "close_expired", sweep)
    assert workspace_tasks.close_expired_board_posts() == 2
    assert seen == [networks.default().pk, network_b.pk]
