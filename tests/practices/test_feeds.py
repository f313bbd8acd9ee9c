"""Open data feeds of a network's public practices (Atom and JSON Feed), and subscribing to
another installation's feed: read through a fake transport, attributed, cleaned, refreshed
without duplicates."""

import json
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from practices import remote
from practices.models import FeedSubscription, RemotePractice, Visibility
from tests.factories import make_coordinator
from tests.practices.conftest import make_practice
from tests.utils import text

RECORDED = Path(__file__).with_name("data") / "remote_feed.json"
FEED_URL = "https://entraide-lille.example.org/pratiques/flux.json"


@pytest.fixture
def practices(index, association_a, editor_a):
    public = make_practice(
        index, association_a, user=editor_a, results_people="<p>Moins de faim</p>"
    )
    hidden = make_practice(
        index,
        association_a,
        title="Accueil sans justificatif",
        visibility=Visibility.NETWORK,
        user=editor_a,
        contact_email="secret@a.test",
    )
    return public, hidden


def test_the_json_feed_has_the_structured_fields_of_public_practices_only(client, practices):
    public, hidden = practices
    response = client.get(reverse("practices:json_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["title"] for item in data["items"]] == [public.title]
    item = data["items"][0]
    assert item["id"] == f"urn:entraide:{'roubaix'}:practice:{public.pk}" or item["id"].endswith(
        f":practice:{public.pk}"
    )
    fields = item["_entraide"]
    assert fields["association"] == "Association A"
    assert fields["licence_id"] == "cc-by-4.0" and fields["licence_url"]
    assert public.title in fields["citation"]
    assert "results_people" in fields["sections"] and "context" in fields["sections"]
    assert "secret@a.test" not in response.content.decode()
    # The Atom feed keeps its address, and the same stable ids.
    atom = client.get(reverse("practices:feed")).content.decode()
    assert item["id"] in atom and hidden.title not in atom


def fake_get(body):
    calls = []

    def get(url):
        calls.append(url)
        return body if isinstance(body, bytes) else body()

    get.calls = calls
    return get


def test_a_subscribed_feed_is_stored_cleaned_attributed_and_refreshed_without_duplicates(db):
    subscription = FeedSubscription.objects.create(url=FEED_URL, title="Lille")
    body = RECORDED.read_bytes()
    get = fake_get(body)
    assert remote.refresh(subscription, get=get) == 2
    assert remote.refresh(subscription, get=get) == 2
    assert get.calls == [FEED_URL, FEED_URL]
    assert RemotePractice.objects.count() == 2
    row = RemotePractice.objects.get(remote_id="urn:entraide:lille:practice:12")
    assert row.network_name == "Réseau de Lille" and row.association == "Secours de Wazemmes"
    assert row.licence == "CC BY 4.0" and "Réseau de Lille" in row.citation
    assert row.title == "La cantine du dimanche"  # plain text: the markup and script are gone
    html = " ".join(row.sections.values())
    assert "Le dimanche, rien n'ouvrait." in html
    for bad in ("<script", "onclick", "steal()", "<iframe", "javascript:"):
        assert bad not in html
    assert 'rel="nofollow noopener noreferrer"' in html
    assert RemotePractice.objects.get(remote_id="urn:entraide:lille:practice:13").url == ""
    # An update changes the row in place; a practice gone from the feed goes.
    data = json.loads(body)
    data["items"] = data["items"][:1]
    data["items"][0]["title"] = "La cantine du dimanche, version 2"
    remote.refresh(subscription, get=fake_get(json.dumps(data).encode()))
    assert list(RemotePractice.objects.values_list("title", flat=True)) == [
        "La cantine du dimanche, version 2"
    ]
    assert RemotePractice.objects.get().pk == row.pk


def test_the_network_search_finds_a_remote_practice_without_accents(client, db):
    subscription = FeedSubscription.objects.create(url=FEED_URL, title="Lille")
    remote.refresh(subscription, get=fake_get(RECORDED.read_bytes()))
    row = RemotePractice.objects.get(remote_id="urn:entraide:lille:practice:12")
    assert "cantin" in row.search_stems and "<script" not in row.search_stems
    response = client.get(reverse("search"), data={"q": "CANTINE dimanche"})
    content = text(response)
    assert "Pratiques d'ailleurs" in content and row.title in content
    assert "Réseau de Lille" in content  # where it comes from
    anchor = f"{reverse('practices:elsewhere')}#distante-{row.pk}"
    assert f'href="{anchor}"' in response.content.decode()
    assert f'id="distante-{row.pk}"' in client.get(reverse("practices:elsewhere")).content.decode()
    # Words it does not hold find nothing; a refresh without it drops it from the search.
    assert row.title not in text(client.get(reverse("search"), data={"q": "cantine piscine"}))
    data = json.loads(RECORDED.read_bytes())
    data["items"] = [i for i in data["items"] if i["id"] != row.remote_id]
    remote.refresh(subscription, get=fake_get(json.dumps(data).encode()))
    assert row.title not in text(client.get(reverse("search"), data={"q": "cantine"}))


ATOM_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>R\xc3\xa9seau de Lens</title>
  <entry>
    <id>urn:lens:1</id>
    <title>Le jardin partag\xc3\xa9&lt;script&gt;x()&lt;/script&gt;</title>
    <link href="https://lens.example.org/jardin/" rel="alternate"/>
    <summary type="html">&lt;p onclick="x()"&gt;Des l\xc3\xa9gumes pour les colis.&lt;/p&gt;</summary>
    <author><name>Les Restos de Lens</name></author>
    <category term="Alimentation"/>
    <rights>CC BY 4.0</rights>
    <published>2026-03-01T10:00:00+01:00</published>
    <updated>2026-02-30T10:00:00+01:00</updated>
  </entry>
  <entry><title>Sans identifiant</title></entry>
</feed>"""


def test_an_atom_feed_is_read_too_and_an_xml_bomb_is_refused(db, client):
    subscription = FeedSubscription.objects.create(url="https://lens.example.org/flux.atom")
    assert remote.refresh(subscription, get=fake_get(ATOM_FEED)) == 1
    assert remote.refresh(subscription, get=fake_get(ATOM_FEED)) == 1  # no duplicate
    row = RemotePractice.objects.get()
    assert row.remote_id == "urn:lens:1" and row.network_name == "Réseau de Lens"
    assert row.title.startswith("Le jardin partagé") and "<" not in row.title
    assert (
        row.summary == "Des légumes pour les colis."
        and row.url == "https://lens.example.org/jardin/"
    )
    assert row.association == "Les Restos de Lens" and row.licence == "CC BY 4.0"
    assert row.themes == ["Alimentation"] and row.published_at.year == 2026
    assert row.updated_at is None  # an impossible date is left out, not a crash
    assert row.title in text(client.get(reverse("search"), data={"q": "legumes"}))
    bomb = b"""<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa">
    <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><feed xmlns="http://www.w3.org/2005/Atom">
    <title>&b;</title></feed>"""
    for body in (bomb, b"<html><body>pas un flux</body></html>", b"<feed"):
        assert remote.refresh(subscription, get=fake_get(body)) is None
    subscription.refresh_from_db()
    assert "ni un flux JSON Feed ni un flux Atom" in subscription.error
    assert RemotePractice.objects.count() == 1  # what was stored is kept


def test_a_failing_fetch_keeps_what_was_stored_and_records_the_error(db):
    subscription = FeedSubscription.objects.create(url=FEED_URL)
    remote.refresh(subscription, get=fake_get(RECORDED.read_bytes()))

    def broken(url):
        raise remote.FetchError("délai dépassé")

    assert remote.refresh(subscription, get=broken) is None
    assert remote.refresh(subscription, get=fake_get(b"<html>pas un flux</html>")) is None
    subscription.refresh_from_db()
    assert subscription.error and subscription.succeeded_at is not None
    assert RemotePractice.objects.count() == 2


def test_the_beat_task_refreshes_every_subscription(db, monkeypatch):
    from practices.tasks import refresh_practice_feeds

    FeedSubscription.objects.create(url=FEED_URL)
    monkeypatch.setattr(remote, "http_get", fake_get(RECORDED.read_bytes()))
    assert refresh_practice_feeds() == 1
    assert RemotePractice.objects.count() == 2
    from django.conf import settings

    assert "refresh-practice-feeds" in settings.CELERY_BEAT_SCHEDULE


def test_two_installations_one_reads_the_others_feed(client, practices, monkeypatch):
    """The feed this installation serves, read back through the test client as if it
    were another installation's."""
    public, _hidden = practices

    def served(url):
        return client.get(reverse("practices:json_feed")).content

    subscription = FeedSubscription.objects.create(
        url="https://ailleurs.example.org/pratiques/flux.json"
    )
    assert remote.refresh(subscription, get=served) == 1
    row = RemotePractice.objects.get()
    assert row.title == public.title and row.association == "Association A"
    assert "Moins de faim" in row.sections["results_people"]


def test_urls_that_may_not_be_read_are_refused():
    for url in ("ftp://example.org/flux.json", "file:///etc/passwd", "http://127.0.0.1/flux.json"):
        with pytest.raises(remote.FetchError):
            remote.check_url(url)
    with override_settings(PRACTICE_FEEDS_ALLOW_PRIVATE=True):
        remote.check_url("http://127.0.0.1/flux.json")


def test_the_coordination_subscribes_and_the_practices_show_elsewhere(
    client_for, index, monkeypatch, settings
):
    settings.PRACTICE_FEEDS_ALLOW_PRIVATE = True  # no DNS here: the host is not looked up
    coordinator = make_coordinator()
    monkeypatch.setattr(remote, "http_get", fake_get(RECORDED.read_bytes()))
    client = client_for(coordinator)
    url = reverse("practices:subscriptions")
    assert client.get(url).status_code == 200
    refused = client.post(url, {"url": "ftp://example.org/flux", "title": "Mauvais"})
    assert refused.status_code == 400 and "Mauvais" in refused.content.decode()
    assert client.post(url, {"url": FEED_URL, "title": "Lille"}).status_code == 302
    assert client.post(url, {"url": FEED_URL}).status_code == 400  # no second subscription
    listing = text(client_for(None).get(reverse("practices:elsewhere")))
    assert "La cantine du dimanche" in listing and "Réseau de Lille" in listing
    assert "steal()" not in client_for(None).get(reverse("practices:elsewhere")).content.decode()
    assert "La cantine du dimanche" in text(client_for(None).get("/pratiques/"))
    # Others may not see or change the subscriptions.
    assert client_for(None).get(url).status_code == 302
