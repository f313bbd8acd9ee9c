"""Reading another installation's feed of public practices into ``RemotePractice`` rows: its
JSON Feed 1.1 (``/pratiques/flux.json``, with the structured fields) or an Atom feed
(``/pratiques/flux.atom``, or any Atom feed of practices: title, summary, link, author,
categories, rights and dates; read with ``defusedxml``, so no entity or DTD trick).

Nothing read is executed: the rich text sections are cleaned by ``practices.sanitize`` (no
script, no iframe, no event attribute) and their links get ``rel="nofollow noopener"``;
the other fields are plain text, escaped by the templates. Rows are updated in place by
their id in the feed, so a refresh never duplicates them. A failing fetch keeps what was
stored and records the error on the subscription.

The fetch: http or https only, no redirect (a redirect is an error), a time limit and a
size limit, and in production no private, loopback or link-local address
(``PRACTICE_FEEDS_ALLOW_PRIVATE`` lifts that for tests and a local demo).
"""

import ipaddress
import json
import logging
import socket
import urllib.error
import urllib.request
from urllib.parse import urlparse

from bs4 import BeautifulSoup
from defusedxml import ElementTree
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from workspace import networks

from . import sanitize
from .models import FeedSubscription, RemotePractice

logger = logging.getLogger(__name__)

MAX_BYTES = 2 * 1024 * 1024
TIMEOUT = 10
MAX_ITEMS = 500
SCHEMES = ("http", "https")


class FetchError(Exception):
    pass


def check_url(url):
    """Raise ``FetchError`` when ``url`` may not be read (scheme, host, address)."""
    parsed = urlparse(url)
    if parsed.scheme not in SCHEMES or not parsed.hostname:
        raise FetchError(_("Only http and https addresses can be read."))
    if getattr(settings, "PRACTICE_FEEDS_ALLOW_PRIVATE", False):
        return
    try:
        infos = socket.getaddrinfo(parsed.hostname, parsed.port or 443, type=socket.SOCK_STREAM)
    except OSError as error:
        raise FetchError(_("The host name is not known.")) from error
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise FetchError(_("This address is on a private network: it cannot be read."))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise FetchError(_("The feed answered with a redirection: give its final address."))


def http_get(url):
    """The body of ``url`` (bytes), within the limits above. Tests replace this function."""
    check_url(url)
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(
        url,
        headers={
            "Accept": "application/feed+json, application/json, application/atom+xml;q=0.9",
            "User-Agent": "Entraide",
        },
    )
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            body = response.read(MAX_BYTES + 1)
    except FetchError:
        raise
    except (urllib.error.URLError, OSError, ValueError) as error:
        raise FetchError(_("The feed could not be read: %(error)s") % {"error": error}) from error
    if len(body) > MAX_BYTES:
        raise FetchError(_("The feed is larger than 2 MB."))
    return body


def clean_remote_html(html):
    """Rich text from elsewhere: cleaned, and its links never trusted."""
    cleaned = sanitize.clean_html(html or "")
    if not cleaned:
        return ""
    soup = BeautifulSoup(cleaned, "html.parser")
    for link in soup.find_all("a"):
        # Wagtail's internal links mean nothing here.
        for attribute in ("linktype", "id"):
            link.attrs.pop(attribute, None)
        link.attrs["rel"] = "nofollow noopener noreferrer"
    return str(soup)


def _text(value, limit):
    if not isinstance(value, str):
        return ""
    return BeautifulSoup(value, "html.parser").get_text(" ", strip=True)[:limit]


def _url(value):
    if isinstance(value, str) and urlparse(value).scheme in SCHEMES:
        return value[:500]
    return ""


def _date(value):
    if not isinstance(value, str):
        return None
    try:
        parsed = parse_datetime(value.strip())
    except ValueError:  # well formed, impossible (a 30 February)
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, timezone.get_default_timezone())
    return parsed


NOT_A_FEED = gettext_noop("The feed is neither a JSON Feed nor an Atom feed.")


def parse_feed(body):
    """The items of a JSON Feed or an Atom feed as dicts of ``RemotePractice`` fields;
    ``FetchError`` when it is neither."""
    if body.lstrip()[:1] == b"<":
        return parse_atom(body)
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise FetchError(_(NOT_A_FEED)) from error
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise FetchError(_(NOT_A_FEED))
    rows = []
    for item in data["items"][:MAX_ITEMS]:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str | int):
            continue
        extra = item.get("_entraide") if isinstance(item.get("_entraide"), dict) else {}
        sections = extra.get("sections") if isinstance(extra.get("sections"), dict) else {}
        themes = extra.get("themes") if isinstance(extra.get("themes"), list) else []
        rows.append(
            {
                "remote_id": str(item["id"])[:500],
                "url": _url(item.get("url")),
                "title": _text(item.get("title"), 300) or _("Untitled practice"),
                "summary": _text(item.get("summary"), 2000),
                "sections": {
                    str(key)[:40]: clean_remote_html(value)
                    for key, value in sections.items()
                    if isinstance(value, str) and clean_remote_html(value)
                },
                "themes": [_text(theme, 100) for theme in themes[:20] if _text(theme, 100)],
                "association": _text(extra.get("association"), 300),
                "town": _text(extra.get("town"), 200),
                "network_name": _text(extra.get("network"), 200) or _text(data.get("title"), 200),
                "licence": _text(extra.get("licence"), 200),
                "licence_url": _url(extra.get("licence_url")),
                "citation": _text(extra.get("citation"), 2000),
                "published_at": _date(item.get("date_published")),
                "updated_at": _date(item.get("date_modified")),
            }
        )
    return rows


ATOM = "{http://www.w3.org/2005/Atom}"


def parse_atom(body):
    """The entries of an Atom feed (RFC 4287) as dicts of ``RemotePractice`` fields."""
    try:
        root = ElementTree.fromstring(body, forbid_dtd=True)
    except Exception as error:  # defusedxml's and the parser's errors alike
        raise FetchError(_(NOT_A_FEED)) from error
    if root.tag != f"{ATOM}feed":
        raise FetchError(_(NOT_A_FEED))
    source = _text(root.findtext(f"{ATOM}title"), 200)
    rows = []
    for entry in root.findall(f"{ATOM}entry")[:MAX_ITEMS]:
        remote_id = (entry.findtext(f"{ATOM}id") or "").strip()
        if not remote_id:
            continue
        link = next(
            (
                element.get("href")
                for element in entry.findall(f"{ATOM}link")
                if element.get("rel", "alternate") == "alternate"
            ),
            None,
        )
        summary = entry.findtext(f"{ATOM}summary") or entry.findtext(f"{ATOM}content")
        rows.append(
            {
                "remote_id": remote_id[:500],
                "url": _url(link),
                "title": _text(entry.findtext(f"{ATOM}title"), 300) or _("Untitled practice"),
                "summary": _text(summary, 2000),
                "sections": {},
                "themes": [
                    _text(category.get("term"), 100)
                    for category in entry.findall(f"{ATOM}category")[:20]
                    if _text(category.get("term"), 100)
                ],
                "association": _text(entry.findtext(f"{ATOM}author/{ATOM}name"), 300),
                "town": "",
                "network_name": source,
                "licence": _text(
                    entry.findtext(f"{ATOM}rights") or root.findtext(f"{ATOM}rights"), 200
                ),
                "licence_url": "",
                "citation": "",
                "published_at": _date(entry.findtext(f"{ATOM}published")),
                "updated_at": _date(entry.findtext(f"{ATOM}updated")),
            }
        )
    return rows


def refresh(subscription, get=None):
    """Read ``subscription``'s feed again; the number of practices stored, or None on error."""
    get = get or http_get
    now = timezone.now()
    try:
        rows = parse_feed(get(subscription.url))
    except FetchError as error:
        FeedSubscription.objects.everywhere().filter(pk=subscription.pk).update(
            fetched_at=now, error=str(error)[:500]
        )
        logger.warning("Practice feed %s not read: %s", subscription.url, error)
        return None
    with transaction.atomic():
        seen = [row["remote_id"] for row in rows]
        # A practice gone from the feed (unpublished, or no longer public) goes here too.
        RemotePractice.objects.everywhere().filter(subscription=subscription).exclude(
            remote_id__in=seen
        ).delete()
        for row in rows:
            remote_id = row.pop("remote_id")
            RemotePractice.objects.everywhere().update_or_create(
                subscription=subscription, remote_id=remote_id, defaults=row
            )
        FeedSubscription.objects.everywhere().filter(pk=subscription.pk).update(
            fetched_at=now, succeeded_at=now, error=""
        )
    return len(rows)


def refresh_all(get=None):
    """Every subscription of every network, each in its network."""
    count = 0
    for subscription in FeedSubscription.objects.everywhere().order_by("pk"):
        with networks.activate(subscription.network_id):
            if refresh(subscription, get=get) is not None:
                count += 1
    return count
