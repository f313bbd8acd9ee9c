import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db.models import F

from workspace import networks, roles
from workspace.demo import people as demo
from workspace.demo import tourcoing
from workspace.models import Association, Membership, Role, Topic, TopicSupport, User
from workspace.services import requests


def snapshot():
    counts = {model._meta.label: model.objects.count() for model in apps.get_models()}
    people = sorted(User.objects.values_list("email", "first_name", "last_name", "password"))
    memberships = sorted(
        Membership.objects.values_list("user__email", "association__slug", "role", "ended_at")
    )
    return counts, people, memberships


@pytest.fixture
def demo_loaded(db, settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)


def test_load_demo_twice_changes_nothing(demo_loaded, settings):
    first = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == first


def roubaix_associations():
    return Association.objects.filter(network=networks.default())


def test_demo_network_content(demo_loaded):
    assert roubaix_associations().count() == 10
    assert len({a.neighbourhood for a in roubaix_associations()}) == 10
    roubaix = Membership.objects.active().filter(association__network=networks.default())
    for data in demo.ASSOCIATIONS:
        association = Association.objects.get(slug=data["slug"])
        assert roubaix.get(user__email=demo.editor_email(data["slug"])).association == association
        assert roubaix.get(user__email=f"membre@{data['slug']}.exemple.org").role == Role.MEMBER
        assert roubaix.get(user__email=f"editeur@{data['slug']}.exemple.org").role == Role.EDITOR
    assert (
        User.objects.get(email="coordination@exemple.org")
        .groups.filter(name=roles.COORDINATORS)
        .exists()
    )
    assert (
        User.objects.get(email="agent@exemple.org")
        .groups.filter(name=roles.ORIENTATION_AGENTS)
        .exists()
    )


def test_demo_logins_work(demo_loaded, rf):
    emails = ["coordination@exemple.org", "agent@exemple.org"] + [
        f"{kind}@{data['slug']}.exemple.org"
        for data in demo.ASSOCIATIONS
        for kind in ("editeur", "membre")
    ]
    request = rf.post("/compte/connexion/")
    for email in emails:
        assert authenticate(request, username=email, password="entraide-demo") is not None, email


def test_load_demo_refuses_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo", verbosity=0)
    assert not Association.objects.exists()
    call_command("load_demo", "--force", verbosity=0)
    assert roubaix_associations().count() == 10


def test_load_demo_prints_the_logins(db, settings, capsys):
    settings.DEBUG = True
    call_command("load_demo")
    out = capsys.readouterr().out
    assert "coordination@exemple.org" in out and "entraide-demo" in out
    assert "editeur@panier-epeule.exemple.org" in out
    assert tourcoing.ADDRESS in out and tourcoing.COORDINATOR["email"] in out
    assert "editeur@resto-bourgogne.exemple.org" in out
    assert f"{tourcoing.BOTH}" in out and "both networks" in out


def test_the_admin_shows_a_draft_of_every_kind_of_page(demo_loaded, client):
    """ "View draft" and the preview in the editor render each page as its readers see it."""
    from wagtail.models import Page

    client.force_login(
        User.objects.get(email=demo.COORDINATOR["email"]),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    seen = set()
    roubaix = networks.default()
    for page in Page.objects.filter(depth__gt=1, path__startswith=roubaix.root_path).specific():
        kind = type(page).__name__
        if (kind, page.live) in seen:
            continue
        seen.add((kind, page.live))
        response = client.get(f"/admin/pages/{page.pk}/view_draft/")
        assert response.status_code == 200, (kind, page.url_path, response.status_code)
    kinds = {kind for kind, _live in seen}
    assert {"MeetingPage", "MinutesPage", "PracticePage", "PracticeIndexPage"} <= kinds


def test_demo_liaison_sheets(demo_loaded):
    """Full sheets: varied hours, a summer closure with a substitute, places in their
    neighbourhoods with coordinates, restricted facts at each level, one stale sheet."""
    import datetime

    from django.utils import timezone

    from workspace.models import Closure, LiaisonSheet, Place
    from workspace.services import directory, hours

    sheets = LiaisonSheet.objects.filter(association__network=networks.default()).select_related(
        "association"
    )
    assert sheets.count() == 10
    for sheet in sheets:
        places = list(sheet.places.all())
        assert places and sheet.services.exists() and sheet.revisions.exists()
        assert places[0].neighbourhood == sheet.association.neighbourhood
        for place in places:
            assert directory.in_area(place.latitude, place.longitude)
            assert hours.validate(place.opening_hours) == []
    texts = " | ".join(Place.objects.values_list("opening_hours", flat=True))
    assert "Tu[1,3]" in texts and "Sa[1]" in texts and "PH off" in texts
    closure = Closure.objects.get()
    assert closure.substitute is not None and closure.start.month == 8
    assert sheets.filter(accepts_undocumented=True).exists()  # an A-level fact
    assert sheets.exclude(visibility={}).exists()  # a field made stricter or opened
    old = timezone.localdate() - datetime.timedelta(days=180)
    assert sheets.filter(last_checked_on__lt=old).count() == 1


def test_demo_supports_of_proposals_and_a_request_waiting(demo_loaded):
    feasts = Topic.objects.get(title="Horaires d'ouverture pendant les fêtes")
    assert TopicSupport.objects.filter(topic=feasts).count() == 3
    # Never an association's support of its own proposal.
    assert not TopicSupport.objects.filter(association=F("topic__association")).exists()
    waiting = [entry["title"] for entry in requests.overdue_requests()]
    assert "Permanence logement commune" in waiting


def test_load_demo_notifies_nobody(db, settings, mailoutbox, django_capture_on_commit_callbacks):
    """The demo's circulating minutes, consultation, supports and posts send no e-mail and
    leave no event waiting to be delivered (the notification centre has the demo's own)."""
    from workspace.models import Event

    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    assert [message.subject for message in mailoutbox] == []
    assert not Event.objects.filter(processed_at__isnull=True).exists()


def test_demo_second_network_tourcoing(demo_loaded):
    """Tourcoing on its own host: three associations with their sheets, its coordinator
    (of Tourcoing only), an editor and a member each, a meeting, two practices (one public),
    and one person who is a member in both networks."""
    from practices.models import PracticePage, Visibility
    from workspace.models import LiaisonSheet, MeetingPage

    network = tourcoing.network()
    roubaix = networks.default()
    assert network is not None and network != roubaix
    assert network.site.hostname == "tourcoing.localhost"
    associations = Association.objects.filter(network=network)
    assert sorted(a.slug for a in associations) == sorted(d["slug"] for d in tourcoing.ASSOCIATIONS)
    assert not {a.slug for a in associations} & {d["slug"] for d in demo.ASSOCIATIONS}
    assert LiaisonSheet.objects.filter(association__network=network).count() == 3
    for data in tourcoing.ASSOCIATIONS:
        for email, role in (
            (demo.editor_email(data["slug"]), Role.EDITOR),
            (demo.member_email(data["slug"]), Role.MEMBER),
        ):
            membership = Membership.objects.active().get(user__email=email)
            assert membership.association.network == network and membership.role == role
    coordinator = User.objects.get(email=tourcoing.COORDINATOR["email"])
    assert coordinator.groups.filter(pk=network.coordinators_id).exists()
    assert not coordinator.groups.filter(pk=roubaix.coordinators_id).exists()
    with networks.activate(network):
        assert MeetingPage.objects.count() == 1
        practices = PracticePage.objects.all()
        assert practices.count() == 2
        assert practices.filter(visibility=Visibility.PUBLIC, live=True).count() == 1
    both = {
        m.association.network_id
        for m in Membership.objects.active().filter(user__email=tourcoing.BOTH)
    }
    assert both == {roubaix.pk, network.pk}


def test_demo_tourcoing_logins_work(demo_loaded, rf):
    emails = [tourcoing.COORDINATOR["email"]] + [
        f"{kind}@{data['slug']}.exemple.org"
        for data in tourcoing.ASSOCIATIONS
        for kind in ("editeur", "membre")
    ]
    request = rf.post("/compte/connexion/")
    for email in emails:
        assert authenticate(request, username=email, password="entraide-demo") is not None, email


def test_demo_tourcoing_pages_on_its_host(demo_loaded, client, settings):
    """The home, the library and the coordinator's pages answer on tourcoing.localhost and
    show Tourcoing's content, not Roubaix's."""
    settings.ALLOWED_HOSTS = [".localhost", "testserver"]
    host = {"HTTP_HOST": "tourcoing.localhost:8000"}
    home = client.get("/", **host)
    assert home.status_code == 200
    assert "Tourcoing" in home.content.decode()
    library = client.get("/pratiques/", **host)
    assert library.status_code == 200
    text = library.content.decode()
    assert "repas « suspendus »" in text or "repas &laquo; suspendus &raquo;" in text
    assert "Le CCAS de Roubaix coordonne" not in text or "ailleurs" in text.lower()
    client.force_login(
        User.objects.get(email=tourcoing.COORDINATOR["email"]),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    assert client.get("/", **host).status_code == 200
    roubaix_home = client.get("/")
    assert roubaix_home.status_code == 200
