"""A meeting day, for locust: members sign in, then read the next meeting, read and comment
on its topics, answer the attendance, read minutes and search.

Started by ``make load`` (``bench/load.py``), which builds the data, starts the site and
writes ``LOAD_PLAN`` (a JSON file: the accounts, the next meeting, its topics, minutes and
search words). By hand, against a running site::

    LOAD_PLAN=var/load-plan.json locust -f bench/locustfile.py --host http://127.0.0.1:8290

Each simulated member is one account of the plan (never two members on one account),
signs in by posting the login form with its CSRF token, then acts at a reading pace (a
pause of ``LOAD_WAIT_MIN``–``LOAD_WAIT_MAX`` seconds between actions). Every action is
named (``ACTIONS``): locust reports each name apart. A write (comment, attendance) is one
POST answered by a redirect; the page read after it is not counted in the write.
"""

import itertools
import json
import os
import random
import re
from urllib.parse import quote

from locust import HttpUser, between, task

# The names locust reports, one per action of the scenario.
LOGIN = "sign in"
HOME = "read /espace/"
MEETING = "read the next meeting"
TOPIC = "read a topic"
COMMENT = "comment on a topic"
ATTENDANCE = "answer attendance"
MINUTES = "read minutes"
SEARCH = "search"
ACTIONS = (LOGIN, HOME, MEETING, TOPIC, COMMENT, ATTENDANCE, MINUTES, SEARCH)

# The site runs in production mode behind "a TLS proxy": every request says https.
FORWARDED = {"X-Forwarded-Proto": "https"}
INPUT = re.compile(r"<input\b[^>]*>", re.I | re.S)
ATTRIBUTE = re.compile(r'\b(name|value|type)="([^"]*)"', re.I)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')
FORM = re.compile(r"<form\b[^>]*\baction=\"([^\"]*)\"[^>]*>(.*?)</form>", re.I | re.S)

_plan = None
_accounts = None


def plan():
    global _plan, _accounts
    if _plan is None:
        path = os.environ.get("LOAD_PLAN", "var/load-plan.json")
        with open(path, encoding="utf-8") as stream:
            _plan = json.load(stream)
        _accounts = itertools.cycle(_plan["accounts"])
    return _plan


def form_fields(html, action):
    """The named inputs (hidden ones and their values) of the form posting to ``action``."""
    for form_action, body in FORM.findall(html):
        if form_action.split("#")[0] == action:
            fields = {}
            for tag in INPUT.findall(body):
                attributes = {k.lower(): v for k, v in ATTRIBUTE.findall(tag)}
                if "name" in attributes and attributes.get("type", "text") == "hidden":
                    fields[attributes["name"]] = attributes.get("value", "")
            return fields
    return None


def unescape(value):
    return value.replace("&amp;", "&").replace("&quot;", '"').replace("&#x27;", "'")


class Member(HttpUser):
    wait_time = between(
        float(os.environ.get("LOAD_WAIT_MIN", "5")), float(os.environ.get("LOAD_WAIT_MAX", "15"))
    )

    def on_start(self):
        self.plan = plan()
        self.account = next(_accounts)
        self.origin = "https://" + self.host.split("://", 1)[1].rstrip("/")
        self.client.headers.update(FORWARDED)
        self.sign_in()

    def plain_cookies(self):
        """The site's cookies are Secure (production settings): send them back over this
        plain connection to the proxy-less server, as a browser does over TLS."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def post(self, path, data, name, referer):
        headers = {"Origin": self.origin, "Referer": self.origin + referer}
        with self.client.post(
            path, data=data, headers=headers, name=name, allow_redirects=False, catch_response=True
        ) as response:
            self.plain_cookies()
            if response.status_code != 302:
                response.failure(f"{response.status_code} instead of a redirect")
            return response

    def get(self, path, name):
        with self.client.get(path, name=name, catch_response=True) as response:
            self.plain_cookies()
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif "/compte/connexion/" in response.url:
                response.failure("signed out")
            return response

    def sign_in(self):
        login = self.plan["login_url"]
        page = self.client.get(login, name=LOGIN)
        self.plain_cookies()
        token = CSRF.search(page.text)
        data = {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "username": self.account["email"],
            "password": self.plan["password"],
        }
        response = self.post(login, data, LOGIN, login)
        if response.status_code == 302:
            self.get(response.headers["Location"], HOME)

    @task(4)
    def read_meeting(self):
        self.get(self.plan["meeting_url"], MEETING)

    @task(3)
    def read_topic(self):
        self.get(random.choice(self.plan["topic_urls"]), TOPIC)

    @task(2)
    def comment(self):
        topic = random.choice(self.plan["topic_urls"])
        page = self.get(topic, TOPIC)
        action = topic + "commenter/"
        fields = form_fields(page.text, action) if page.status_code == 200 else None
        if fields is None:
            page.failure("no comment form")
            return
        data = {k: unescape(v) for k, v in fields.items()}
        data["comment"] = (
            f"Pour la réunion : {self.account['email']} en pense {random.random():.6f}."
        )
        self.post(action, data, COMMENT, topic)

    @task(1)
    def answer_attendance(self):
        if not self.account.get("association"):
            # Only an association's editors answer for it: the others read the meeting.
            return self.read_meeting()
        meeting = self.plan["meeting_url"]
        page = self.get(meeting, MEETING)
        fields = (
            form_fields(page.text, self.plan["attendance_url"]) if page.status_code == 200 else None
        )
        if fields is None:
            page.failure("no attendance form")
            return
        coming = random.random() < 0.8
        data = {
            "csrfmiddlewaretoken": fields.get("csrfmiddlewaretoken", ""),
            "association": self.account["association"],
            "answer": "coming" if coming else "not_coming",
            "people_count": str(random.randint(1, 4)) if coming else "",
        }
        self.post(self.plan["attendance_url"], data, ATTENDANCE, meeting)

    @task(2)
    def read_minutes(self):
        self.get(random.choice(self.plan["minutes_urls"]), MINUTES)

    @task(1)
    def search(self):
        word = random.choice(self.plan["search_words"])
        self.get("/recherche/?q=" + quote(word), SEARCH)

    @task(1)
    def home(self):
        self.get("/espace/", HOME)
