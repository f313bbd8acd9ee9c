"""Bad input never makes a 500.

The large test is generated, not hand-listed: it walks Django's URL map and fills every
path parameter with bad values, then crawls the pages a coordinator, an editor and a
member reach from /espace/ (and an anonymous visitor from the home and login pages),
reads every <form> it finds and sends each bad value in each field (the other fields
keeping their current values), plus each form once in latin-1 and once in an unknown
charset. A megabyte sent in a field must be refused: the test fails if one is saved,
whole or cut. Every request runs in a savepoint that is rolled back,
so the demo data stays the same from one request to the next. It runs in both passes:
PostgreSQL refuses NUL bytes where SQLite stores them.
"""

import copy
import io
import re
import time
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, quote_plus, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.core.signals import got_request_exception
from django.db import transaction
from django.db.models.signals import pre_save
from django.template import Template
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RegexPattern, RoutePattern
from django.views.static import serve as static_serve

from tests.utils import text
from workspace.models import CalendarFeed, User

BACKEND = "django.contrib.auth.backends.ModelBackend"
FRENCH_REFUSAL = "Requête refusée"

# --- Hand-picked regressions: the 500s found when the site was tried --------------------


@pytest.fixture
def coordinator_client(coordinator):
    client = Client()
    client.force_login(coordinator, backend=BACKEND)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/recherche/?q=aide%00alimentaire",
        "/recherche/?q=%C3%28",
        "/recherche/?q=%FF",
        "/recherche/?q=bip%07",
        "/reunions/sujets/?etat=%00",
        "/pratiques/?q=a%00b",
    ],
)
def test_bad_characters_in_a_query_are_refused_in_french(coordinator_client, url):
    response = coordinator_client.get(url)
    assert response.status_code == 400
    assert FRENCH_REFUSAL in text(response)
    assert "caractères" in text(response)


def test_nul_in_a_calendar_token_is_refused(db, client, coordinator):
    feed = CalendarFeed.objects.create(user=coordinator)
    assert client.get(f"/calendrier/{feed.token}.ics").status_code == 200
    response = client.get(f"/calendrier/{feed.token[:10]}%00{feed.token[10:]}.ics")
    assert response.status_code == 400
    assert FRENCH_REFUSAL in text(response)
    assert client.get("/calendrier/%C3%28.ics").status_code == 400


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("charset", ["latin-1", "iso-8859-15", "windows-1252", "x-no-such-charset"])
def test_a_form_in_another_charset_gets_a_clean_400(db, coordinator, settings, debug, charset):
    """Django refuses a latin-1 form post when a view reads it; with DEBUG on, its error
    page then read the form again and failed with a 500."""
    settings.DEBUG = debug
    client = Client(raise_request_exception=True, enforce_csrf_checks=True)
    client.force_login(coordinator, backend=BACKEND)
    client.get("/reunions/sujets/proposer/")  # sets the CSRF cookie
    token = client.cookies["csrftoken"].value
    body = f"csrfmiddlewaretoken={token}&title=Caf%E9&description=Un+caf%E9&kind=other"
    response = client.generic(
        "POST",
        "/reunions/sujets/proposer/",
        body.encode("ascii"),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code == 400
    assert FRENCH_REFUSAL in text(response)
    assert "UTF-8" in text(response)


def test_a_one_click_unsubscribe_declared_in_latin1_still_works(client, db, editor_a):
    """Plain ASCII reads the same in any charset: it is not refused."""
    from django.urls import reverse

    from workspace import notifications
    from workspace.models import Category, Mode

    token = notifications.unsubscribe_token(editor_a, Category.MEETINGS)
    url = reverse("notifications:unsubscribe", args=[token])
    response = Client(enforce_csrf_checks=True).generic(
        "POST",
        url,
        b"List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded; charset=ISO-8859-1",
    )
    assert response.status_code == 200
    assert notifications.preferences_of(editor_a)[Category.MEETINGS] == Mode.APP


@pytest.mark.parametrize("charset", ["utf-8", "UTF-8", "utf8", "us-ascii"])
def test_utf8_and_ascii_declared_charsets_are_accepted(coordinator_client, charset):
    response = coordinator_client.generic(
        "GET", "/recherche/?q=caf%C3%A9", content_type=f"text/plain; charset={charset}"
    )
    assert response.status_code == 200


def test_the_refusal_page_needs_no_database(coordinator_client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = coordinator_client.get("/recherche/?q=%00")
    assert response.status_code == 400
    assert response["Content-Language"] == "fr"
    assert response["Cache-Control"] == "no-store"


def test_the_refusal_page_follows_the_chosen_language(coordinator_client, settings):
    coordinator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = coordinator_client.get("/recherche/?q=%00")
    assert response.status_code == 400
    assert "Request refused" in text(response)


def test_a_path_with_a_nul_or_bytes_that_are_not_utf8_is_refused(coordinator_client):
    for path in ["/espace/associations/a%00b/", "/espace/associations/%C3%28/", "/%FF/"]:
        response = coordinator_client.get(path)
        assert response.status_code == 400, path
        assert FRENCH_REFUSAL in text(response)


def test_a_form_field_with_a_nul_is_refused_and_nothing_is_saved(coordinator_client, coordinator):
    from workspace.models import Topic

    for body in [
        b"title=Un+sujet&description=Texte%00cach%C3%A9&kind=other&estimated_minutes=15",
        b"title=Un+sujet&description=Texte+%C3%28&kind=other&estimated_minutes=15",
        b"title=Un+sujet\x00&description=Texte&kind=other&estimated_minutes=15",
        b"ti%00tle=Un+sujet&description=Texte&kind=other&estimated_minutes=15",
    ]:
        response = coordinator_client.generic(
            "POST",
            "/reunions/sujets/proposer/",
            body,
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 400, body
    assert not Topic.objects.exists()


def test_tabs_and_new_lines_are_kept(coordinator_client):
    from workspace.models import Topic

    response = coordinator_client.post(
        "/reunions/sujets/proposer/",
        {
            "title": "Un sujet",
            "description": "Première ligne\r\n\tseconde ligne",
            "kind": "discussion",
            "estimated_minutes": 15,
        },
    )
    assert response.status_code == 302
    assert Topic.objects.get().description == "Première ligne\r\n\tseconde ligne"


def multipart(fields, files=(), boundary=b"----entraide-test-boundary"):
    """A multipart body from raw bytes, so that a test can send what a browser never does."""
    out = []
    for name, value in fields:
        out += [
            b"--" + boundary,
            b'Content-Disposition: form-data; name="' + name + b'"',
            b"",
            value,
        ]
    for name, filename, content in files:
        out += [
            b"--" + boundary,
            b'Content-Disposition: form-data; name="' + name + b'"; filename="' + filename + b'"',
            b"Content-Type: application/octet-stream",
            b"",
            content,
        ]
    out += [b"--" + boundary + b"--", b""]
    return b"\r\n".join(out), "multipart/form-data; boundary=" + boundary.decode()


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.mark.parametrize(
    "fields, filename",
    [
        ([(b"description", b"Texte\x00")], b"compte-rendu.pdf"),
        ([(b"description", b"Texte \xc3\x28")], b"compte-rendu.pdf"),
        ([(b"description", b"Texte")], b"compte\xffrendu.pdf"),
    ],
)
def test_multipart_fields_and_file_names_are_checked(coordinator_client, fields, filename):
    from workspace.models import Topic

    body, content_type = multipart(
        [(b"title", b"Un sujet"), (b"kind", b"discussion"), (b"estimated_minutes", b"15"), *fields],
        [(b"attachments", filename, PDF)],
    )
    response = coordinator_client.generic(
        "POST", "/reunions/sujets/proposer/", body, content_type=content_type
    )
    assert response.status_code == 400
    assert FRENCH_REFUSAL in text(response)
    assert not Topic.objects.exists()


@pytest.mark.parametrize("filename", [b"compte\x00rendu.pdf", b"compte\x1brendu.pdf"])
def test_control_characters_are_taken_out_of_file_names(coordinator_client, filename):
    """Django itself keeps only the printable characters of an uploaded file's name."""
    from workspace.models import Topic

    body, content_type = multipart(
        [
            (b"title", b"Un sujet"),
            (b"kind", b"discussion"),
            (b"estimated_minutes", b"15"),
            (b"description", b"Texte"),
        ],
        [(b"attachments", filename, PDF)],
    )
    response = coordinator_client.generic(
        "POST", "/reunions/sujets/proposer/", body, content_type=content_type
    )
    assert response.status_code == 302
    assert Topic.objects.get().attachments.get().name == "compterendu.pdf"


def test_a_replacement_character_really_typed_is_kept(coordinator_client):
    """Only a "�" Django wrote in place of unreadable bytes is refused, not one typed."""
    from workspace.models import Topic

    body, content_type = multipart(
        [
            (b"title", b"Un sujet"),
            (b"kind", b"discussion"),
            (b"estimated_minutes", b"15"),
            (b"description", "Le signe � reste".encode()),
        ],
        [(b"attachments", "compte-rendu-été.pdf".encode(), PDF)],
    )
    response = coordinator_client.generic(
        "POST", "/reunions/sujets/proposer/", body, content_type=content_type
    )
    assert response.status_code == 302
    topic = Topic.objects.get()
    assert topic.description == "Le signe � reste"
    assert topic.attachments.get().name == "compte-rendu-été.pdf"


def test_an_unreadable_cookie_is_dropped(db, coordinator):
    client = Client()
    client.force_login(coordinator, backend=BACKEND)
    assert client.get("/espace/").status_code == 200
    session = client.cookies["sessionid"].value
    # Octal escapes in a quoted cookie value become a NUL once Django reads it.
    client.cookies["sessionid"] = '"' + session[:8] + "\\000" + session[8:] + '"'
    response = client.get("/espace/")
    assert response.status_code == 302  # the session is unknown: sign in again
    assert "/compte/connexion/" in response["Location"]


def test_huge_negative_and_malformed_ids_answer_404_or_a_form_error(coordinator_client):
    for url in [
        "/reunions/sujets/99999999999999999999999/",
        "/discussions/99999999999999999999999/",
        "/pratiques/99999999999999999999999/fiche.pdf",
        "/espace/notifications/99999999999999999999999/",
        "/reunions/sujets/-1/",
    ]:
        assert coordinator_client.get(url).status_code == 404, url
    for url in [
        "/recherche/?annee=99999999999999999999999",
        "/recherche/?annee=-1&page=-1",
        "/recherche/?page=99999999999999999999999",
        "/reunions/decisions/?year=99999&association=99999999999999999999999",
        "/reunions/actions/?owner=-1&status=nope",
        "/pratiques/?year=abc&theme=99999999999999999999999&page=abc",
        "/espace/membres/?association=%E2%80%94",
        "/discussions/?etat=99999999999999999999999",
    ]:
        assert coordinator_client.get(url).status_code in (200, 404), url


def test_a_search_too_long_says_so_instead_of_cutting_it(coordinator_client):
    response = coordinator_client.get("/recherche/", {"q": "aide " * 100})
    assert response.status_code == 200
    assert "200 caractères" in text(response)
    assert ("aide " * 100).strip() in text(response)  # the words are kept in the box


# --- The generated test ------------------------------------------------------------------

ONE_MB = 1024 * 1024
LONG_MARKER = "Lx"
# Every kind of bad value; each is sent at least once in every field of every form.
BAD_VALUES = {
    "nul": "bad\x00value",
    "control": "bad\x1bvalue",
    "invalid-utf8": b"bad\xc3\x28\xffvalue",
    "1MB": LONG_MARKER * (ONE_MB // 2),
    "negative": "-1",
    "huge": "99999999999999999999999",
    "not-a-number": "abc",
    "impossible-date": "2026-02-30",
    "far-date": "99999-01-01",
}
# In path parameters (already percent-encoded where needed).
BAD_PATH_VALUES = {
    "nul": "a%00b",
    "invalid-utf8": "%C3%28",
    "latin-1-byte": "%FF",
    "huge": "99999999999999999999999",
    "negative": "-1",
    "10kB": "a" * 10240,
}
CRAWL_LIMIT = 140  # pages per person
PER_ROUTE = 3  # pages visited per route (or Wagtail page type)
# Wagtail's admin and file addresses are not crawled (the URL map covers them above).
SKIPPED = re.compile(r"^/(admin|static|media|documents|jsi18n)/|\.(pdf|ics|atom|xml)$")


class Form:
    def __init__(self, page, attrs):
        self.page = page
        self.method = (attrs.get("method") or "get").lower()
        self.action = urljoin(page, attrs.get("action") or page)
        self.multipart = "multipart" in (attrs.get("enctype") or "")
        self.fields = []  # (name, kind, current value or None)
        self.choices = defaultdict(list)

    @property
    def names(self):
        return sorted({name for name, _kind, _value in self.fields})

    def current(self):
        """The pairs a browser would send as the form stands."""
        pairs, buttons = [], set()
        for name, kind, value in self.fields:
            if kind == "submit":
                if name in buttons:
                    continue
                buttons.add(name)
            if value is not None and kind != "file":
                pairs.append((name, value))
        return pairs


class FormParser(HTMLParser):
    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms, self.links = [], []
        self.form = self.select = self.textarea = None
        self.select_value = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self.form = Form(self.page, attrs)
            self.forms.append(self.form)
        elif self.form is None or not attrs.get("name") and tag != "option":
            return
        elif tag in ("input", "button"):
            kind = (attrs.get("type") or ("submit" if tag == "button" else "text")).lower()
            if kind in ("reset", "image") or (tag == "button" and kind == "button"):
                return
            value = attrs.get("value") or ""
            if kind in ("checkbox", "radio"):
                value = attrs.get("value") or "on"
                self.form.choices[attrs["name"]].append(value)
                if "checked" not in attrs:
                    value = None
            self.form.fields.append((attrs["name"], kind, value))
        elif tag == "select":
            self.select, self.select_value = attrs["name"], None
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            self.form.choices[self.select].append(value)
            if self.select_value is None or "selected" in attrs:
                self.select_value = value
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.form is not None:
            # A group of radio buttons none of which is checked: choose the first.
            checked = {name for name, kind, value in self.form.fields if value is not None}
            for name, kind, _value in list(self.form.fields):
                if kind == "radio" and name not in checked:
                    self.form.fields.append((name, kind, self.form.choices[name][0]))
                    checked.add(name)
            self.form = None
        elif tag == "select" and self.select is not None and self.form is not None:
            self.form.fields.append((self.select, "select", self.select_value or ""))
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            name, value = self.textarea
            self.form.fields.append((name, "textarea", value.removeprefix("\n")))
            self.textarea = None


def route_key(path):
    """What makes two addresses the same page: the route, or the Wagtail page type."""
    from wagtail.models import Page, Site

    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name != "wagtail_serve":
        return match.route
    site = Site.objects.get(is_default_site=True)
    page = Page.objects.filter(url_path=site.root_page.url_path + path.lstrip("/")).first()
    return f"page:{page.specific_class.__name__}" if page else "page:?"


def crawl(client, starts=("/espace/",)):
    """Pages reachable from ``starts`` by following links, a few per route; their forms."""
    queue, seen, per_route = list(starts), set(starts), defaultdict(int)
    pages, forms, query_names = [], [], defaultdict(set)
    while queue and len(pages) < CRAWL_LIMIT:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        pages.append(url)
        parser = FormParser(url)
        parser.feed(response.content.decode())
        forms += parser.forms
        for href in parser.links:
            parts = urlsplit(urljoin(url, href))
            if parts.netloc not in ("", "testserver") or parts.scheme not in ("", "http"):
                continue
            if SKIPPED.search(parts.path):
                continue
            key = route_key(parts.path)
            if key is None:
                continue
            for name, _value in parse_qsl(parts.query, keep_blank_values=True):
                query_names[parts.path].add(name)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            if target in seen or per_route[key] >= PER_ROUTE:
                continue
            seen.add(target)
            per_route[key] += 1
            queue.append(target)
    return pages, forms, query_names


def hand_read_parameters():
    """Names of the query parameters views read themselves (request.GET.get("…"))."""
    root = Path(__file__).resolve().parents[2]
    names = set()
    for app in ("site", "workspace", "minutes", "practices"):
        for source in (root / app).rglob("*.py"):
            names |= set(re.findall(r"request\.GET\.get\(\s*[\"'](\w+)", source.read_text()))
    return names


def normalised(name):
    """Two fields are the same field when only a row number or a weekday tells them apart
    (``places-0-hours-tu_start1`` and ``places-1-hours-we_start1``: one form field class)."""
    return re.sub(r"\b(mo|tu|we|th|fr|sa|su)_", "D_", re.sub(r"\d+", "N", name))


def encode(value):
    return value if isinstance(value, bytes) else value.encode()


def urlencoded(pairs):
    return "&".join(f"{quote_plus(encode(k))}={quote_plus(encode(v))}" for k, v in pairs)


class Recorder:
    """Sends requests in a rolled-back savepoint and keeps every answer of 500 or more."""

    def __init__(self):
        self.offending, self.count = [], 0
        self.long_saved = []
        self.exceptions = []
        self.current = None

    def on_exception(self, sender, request=None, **kwargs):
        import sys

        self.exceptions.append(repr(sys.exc_info()[1])[:300])

    def on_save(self, sender, instance, raw=False, **kwargs):
        for field in instance._meta.concrete_fields:
            value = getattr(instance, field.attname, None)
            if isinstance(value, str) and LONG_MARKER * 100 in value:
                self.long_saved.append((*self.current, f"{sender.__name__}.{field.name}"))

    def send(self, client, label, field, kind, method, path, body=None, content_type=None):
        self.count += 1
        self.current = (label, field, kind)
        cookies = copy.deepcopy(client.cookies)
        self.exceptions = []
        try:
            with transaction.atomic():
                if body is None:
                    response = client.generic(method, path)
                else:
                    response = client.generic(method, path, body, content_type=content_type)
                raise _RolledBack(response)
        except _RolledBack as done:
            response = done.response
        client.cookies = cookies
        if response.status_code >= 500:
            self.offending.append(
                (label, field, kind, response.status_code, " | ".join(self.exceptions))
            )
        return response


class _RolledBack(Exception):
    def __init__(self, response):
        self.response = response


def fill(route, value, real=None):
    """A path from a route with every parameter (or one, the others real) set to value."""
    names = re.findall(r"<(?:\w+:)?(\w+)>", route)
    paths = []
    targets = [None] if not real else names
    for target in targets:

        def sub(match, target=target):
            name = match.group(1)
            if target is None or name == target:
                return value
            return real[name]

        paths.append((target or "*", re.sub(r"<(?:\w+:)?(\w+)>", sub, route)))
    return paths


def regex_path(pattern, value):
    """A sample path for a regular-expression pattern, each group set to value."""
    regex = pattern._regex.strip("^$")
    out, depth = "", 0
    for char in regex:
        if char == "(":
            if depth == 0:
                out += value
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and char != "\\":
            out += char
    return out


def patterns():
    """(route label, RoutePattern string or None, regex pattern or None) for every URL."""
    found = []

    def walk(items, prefix):
        for item in items:
            if isinstance(item, URLResolver):
                walk(item.url_patterns, prefix + [item.pattern])
            elif isinstance(item, URLPattern):
                found.append([*prefix, item])

    walk(get_resolver().url_patterns, [])
    # Django's development file server (DEBUG only) is not a page of the site.
    return [
        [*chain[:-1], chain[-1].pattern]
        for chain in found
        if chain[-1].callback is not static_serve
    ]


def path_variants(chain, value, real_kwargs):
    """Paths for one URL pattern with its parameters set to ``value``."""
    if all(isinstance(part, RoutePattern) for part in chain):
        route = "".join(str(part) for part in chain)
        if "<" not in route:
            return []
        real = real_kwargs.get(route)
        return [(route, field, "/" + path) for field, path in fill(route, value, real)]
    text_path = "".join(
        regex_path(part, value) if isinstance(part, RegexPattern) else str(part) for part in chain
    )
    label = "".join(part._regex if isinstance(part, RegexPattern) else str(part) for part in chain)
    return [(label, "*", "/" + text_path)]


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    settings.DEBUG = False
    # Thousands of comment posts: none may meet the flooding limit. (The cache is not
    # cleared between requests: on Redis that would empty the database that parallel
    # tests and workers share.)
    settings.COMMENTS_PER_MINUTE = 10**9


def test_no_bad_input_makes_a_500(demo, capsys, monkeypatch):
    # The test client records every template rendered with a copy of its context (Django's
    # instrumented render): half the time of a form page with its hundreds of widgets, and
    # this test reads no context. Rendered as in production instead.
    monkeypatch.setattr(Template, "_render", lambda self, context: self.nodelist.render(context))
    started = time.monotonic()
    recorder = Recorder()
    got_request_exception.connect(recorder.on_exception)
    pre_save.connect(recorder.on_save)
    try:
        _run(recorder, started, capsys)
    finally:
        got_request_exception.disconnect(recorder.on_exception)
        pre_save.disconnect(recorder.on_save)


def _run(recorder, started, capsys):
    people = {
        "coordinator": "coordination@exemple.org",
        "editor": "editeur@panier-epeule.exemple.org",
        "member": "membre@panier-epeule.exemple.org",
        "anonymous": None,
    }
    clients = {}
    for role, email in people.items():
        client = Client(raise_request_exception=False)
        if email:
            client.force_login(User.objects.get(email=email), backend=BACKEND)
        clients[role] = client
    starts = {"anonymous": ("/", "/compte/connexion/", "/compte/mot-de-passe/oubli/")}

    # 1. Crawl: the pages and forms each person reaches.
    forms, real_kwargs, query_names, visited = {}, {}, defaultdict(set), 0
    for role, client in clients.items():
        pages, found, names = crawl(client, starts.get(role, ("/espace/",)))
        visited += len(pages)
        for path, qnames in names.items():
            query_names[path] |= qnames
        for page in pages:
            path = urlsplit(page).path
            match = resolve(path)
            if match.kwargs and match.url_name != "wagtail_serve":
                real_kwargs.setdefault(match.route, {k: str(v) for k, v in match.kwargs.items()})
        for form in found:
            action = urlsplit(form.action)
            if SKIPPED.search(action.path) or route_key(action.path) is None:
                continue
            signature = (
                form.method,
                route_key(action.path),
                tuple(sorted({normalised(n) for n in form.names})),
            )
            forms.setdefault(signature, (role, form))
    crawl_time = time.monotonic() - started

    # 2. Every URL pattern, each path parameter set to each bad value.
    coordinator = clients["coordinator"]
    pattern_count = 0
    for chain in patterns():
        for kind, value in BAD_PATH_VALUES.items():
            for label, field, path in path_variants(chain, value, real_kwargs):
                pattern_count += 1
                response = recorder.send(coordinator, f"GET {label}", field, kind, "GET", path)
                if response.status_code == 405:  # a view that only takes a form
                    recorder.send(coordinator, f"POST {label}", field, kind, "POST", path)
    path_time = time.monotonic() - started - crawl_time

    # 3. Query parameters: those the pages' links carry and those views read by hand.
    hand_read = hand_read_parameters()
    for path, names in sorted(query_names.items()):
        for name in sorted(names | hand_read):
            for kind, value in BAD_VALUES.items():
                if kind == "1MB":
                    value = "x" * 10240  # a query string that long never reaches a server
                recorder.send(
                    coordinator,
                    f"GET {path}",
                    name,
                    kind,
                    "GET",
                    f"{path}?{urlencoded([(name, value)])}",
                )
    query_time = time.monotonic() - started - crawl_time - path_time

    # 4. Every form, every field, every bad value; then other charsets.
    field_count, not_refused = 0, []
    for (method, _key, _names), (role, form) in sorted(forms.items(), key=lambda i: str(i[0])):
        client = clients[role]
        action = urlsplit(form.action)
        path = action.path
        base = form.current()
        done = set()
        for name, field_kind, _current in form.fields:
            if normalised(name) in done or name == "csrfmiddlewaretoken":
                continue
            done.add(normalised(name))
            field_count += 1
            for kind, value in BAD_VALUES.items():
                label = f"{method.upper()} {path} (form of {form.page} as {role})"
                if field_kind == "file":
                    files = [(encode(name), encode(f"{value}.pdf")[:2048], PDF)]
                    body, ctype = multipart([(encode(k), encode(v)) for k, v in base], files)
                    recorder.send(
                        client, label, f"{name} (file name)", kind, "POST", path, body, ctype
                    )
                    continue
                pairs = [(k, v) for k, v in base if k != name] + [(name, value)]
                if method == "get":
                    if kind == "1MB":
                        pairs[-1] = (name, "x" * 10240)
                    recorder.send(client, label, name, kind, "GET", f"{path}?{urlencoded(pairs)}")
                elif form.multipart:
                    body, ctype = multipart([(encode(k), encode(v)) for k, v in pairs])
                    recorder.send(client, label, name, kind, "POST", path, body, ctype)
                else:
                    recorder.send(
                        client,
                        label,
                        name,
                        kind,
                        "POST",
                        path,
                        urlencoded(pairs).encode(),
                        "application/x-www-form-urlencoded",
                    )
        if method == "post":
            label = f"POST {path} (form of {form.page} as {role})"
            latin = "&".join(
                f"{quote_plus(k.encode('latin-1', 'replace'))}={quote_plus(v.encode('latin-1', 'replace'))}"
                for k, v in base + [("note", "Café à l'Épeule")]
            )
            for charset in ("latin-1", "x-unknown-charset"):
                response = recorder.send(
                    client,
                    label,
                    "*",
                    f"charset={charset}",
                    "POST",
                    path,
                    latin.encode(),
                    f"application/x-www-form-urlencoded; charset={charset}",
                )
                if response.status_code != 400:
                    not_refused.append((label, charset, response.status_code))
    form_time = time.monotonic() - started - crawl_time - path_time - query_time

    with capsys.disabled():
        print(
            f"\nbad input: {visited} pages crawled, {len(forms)} forms, {field_count} fields, "
            f"{pattern_count} URL patterns × values, {recorder.count} requests; "
            f"crawl {crawl_time:.0f}s, paths {path_time:.0f}s, queries {query_time:.0f}s, "
            f"forms {form_time:.0f}s"
        )
    listing = "\n".join(
        f"{status} {label} field={field} value={kind}: {error}"
        for label, field, kind, status, error in recorder.offending
    )
    assert not recorder.offending, f"{len(recorder.offending)} answers ≥ 500:\n{listing}"
    saved = "\n".join(
        f"{label} field={field} saved in {where}" for label, field, _k, where in recorder.long_saved
    )
    assert not recorder.long_saved, f"1 MB values saved (or cut) instead of refused:\n{saved}"
    assert not not_refused, f"forms in another charset not refused: {not_refused}"
    assert len(forms) >= 30 and field_count >= 80, (len(forms), field_count)


# --- The editors' forms (Wagtail's admin): the free texts the models leave unlimited --------


def test_every_unlimited_text_of_an_editor_form_gets_a_limit(db):
    """Each text field a model leaves without a maximum gets one in its editor's form."""
    from django.db.models import TextField
    from wagtail.fields import RichTextField
    from wagtail.models import get_page_models
    from wagtail.snippets.models import get_snippet_models

    checked = []
    for model in [*get_page_models(), *get_snippet_models()]:
        if model._meta.app_label not in ("entraide", "workspace", "minutes", "practices"):
            continue
        if model in get_snippet_models():
            form_class = model.snippet_viewset.get_edit_handler().get_form_class()
        else:
            form_class = model.get_edit_handler().get_form_class()
        form = (
            form_class(for_user=None)
            if "for_user" in form_class.__init__.__code__.co_varnames
            else form_class()
        )
        for name, field in form.fields.items():
            model_field = (
                model._meta.get_field(name)
                if name in {f.name for f in model._meta.fields}
                else None
            )
            if not isinstance(model_field, (TextField, RichTextField)):
                continue
            limits = [getattr(v, "limit_value", None) for v in field.validators]
            limits = [limit for limit in limits if isinstance(limit, int)]
            assert limits, f"{model.__name__}.{name} has no maximum length in its editor"
            with pytest.raises(Exception):  # noqa: B017 - ValidationError
                field.clean("<p>" + "a" * (min(limits) + 1) + "</p>")
            checked.append(f"{model.__name__}.{name}")
    assert "Association.main_activities" in checked
    assert "PracticePage.context" in checked
    assert "MinutesPage.other_participants" in checked
    assert "HomePage.lead" in checked


def test_a_megabyte_in_the_practice_editor_is_a_form_error(client_for, editor_a, association_a):
    from wagtail.test.utils.form_data import rich_text, streamfield

    from practices import bootstrap as practices_setup
    from practices.models import PracticePage
    from tests.practices.test_editor import add_url, sheet

    index = practices_setup.ensure_all()
    client = client_for(editor_a)
    data = sheet(association_a, context=rich_text("<p>" + "a" * ONE_MB + "</p>"))
    response = client.post(add_url(index), data)
    assert response.status_code == 200
    assert "context" in response.context["form"].errors
    data = sheet(
        association_a,
        actions=streamfield(
            [("step", {"title": "Long", "text": rich_text("<p>" + "b" * 5001 + "</p>")})]
        ),
    )
    response = client.post(add_url(index), data)
    assert response.status_code == 200
    assert "5000" in " ".join(response.context["form"].non_field_errors())
    assert not PracticePage.objects.exists()


@pytest.mark.parametrize(
    "forged",
    [
        {"actions-count": "abc"},
        {"actions-count": "99999999999999999999"},
        {"actions-count": "3"},  # one row sent
        {"actions-0-order": "x"},
        {"actions-0-type": None},
    ],
)
def test_a_forged_streamfield_structure_is_refused_not_a_500(
    client_for, editor_a, association_a, forged
):
    """Wagtail reads a StreamField's rows from ``<field>-count`` and each row's ``-type``,
    ``-order`` and ``-deleted``, which its script always sends; forged, they were a 500."""
    from wagtail.test.utils.form_data import rich_text, streamfield

    from practices import bootstrap as practices_setup
    from practices.models import PracticePage
    from tests.practices.test_editor import add_url, sheet

    index = practices_setup.ensure_all()
    data = sheet(
        association_a,
        actions=streamfield([("step", {"title": "Une étape", "text": rich_text("<p>Texte</p>")})]),
    )
    for key, value in forged.items():
        if value is None:
            del data[key]
        else:
            data[key] = value
    response = client_for(editor_a).post(add_url(index), data)
    assert response.status_code == 400
    assert FRENCH_REFUSAL in text(response)
    assert "arrivé abîmé" in text(response)
    assert not PracticePage.objects.exists()


def test_a_megabyte_in_the_liaison_sheet_editor_is_a_form_error(
    client_for, coordinator, association_a
):
    from django.forms.models import model_to_dict

    data = {k: ("" if v is None else v) for k, v in model_to_dict(association_a).items()}
    data["main_activities"] = "Distribution. " * (ONE_MB // 14)
    response = client_for(coordinator).post(
        f"/admin/snippets/workspace/association/edit/{association_a.pk}/", data
    )
    assert response.status_code == 200
    assert "main_activities" in response.context["form"].errors
    association_a.refresh_from_db()
    assert association_a.main_activities == ""
