"""Every page of the benchmark costs a few SQL queries, and as many on a history five times
larger: the pages that grow with the network's history stay flat.

The history is the benchmark's own (``bench/generate.py``) at a small scale (0.01: a few
meetings with minutes, a hundred topics, a thousand comments, threads of 220 comments, the
next meeting with 50 topics, a liaison sheet per association), then grown to five times
that. Each page is asked twice and the second answer is counted (warm caches, like the
benchmark; the meeting and minutes pages from their cached fragments). Anonymous pages are
counted with the anonymous page cache off (what a miss costs), and then from it (nothing);
signed-in pages with the reader's page cache off (what rendering costs), and then from it
(the session and the person); the orientation view as an orientation agent. The second
network's history is grown too: the first network's pages do not count its rows.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench import generate
from workspace import networks
from workspace.models import MeetingPage, Topic, User

MAX_QUERIES = 15
# Pages allowed more, with the reason. The member's figures dashboard draws a dozen tables,
# each one GROUP BY query in the database (totals, neighbourhoods, allocations, feedback, and
# one query per participation column that an app plugs in through
# ``entraide_figures_participation``): many queries, but as many for 2 associations as for 10
# (tests/workspace/test_figures.py) and for a history five times larger (below).
BUDGETS = {"figures dashboard": 22}


def count_queries(clients):
    counts = {}
    for name, url, who in generate.pages():
        client = clients[who]
        first = client.get(url)
        assert first.status_code == 200, (name, url, first.status_code)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = len(queries)
    return counts


@pytest.mark.django_db
def test_every_benchmarked_page_makes_the_same_few_queries_on_a_history_five_times_larger(
    settings,
):
    settings.ANONYMOUS_PAGE_CACHE = False
    # What rendering costs: the signed-in reader's kept pages are counted below.
    settings.READER_PAGE_CACHE = False
    generate.grow(0.01)
    clients = {"anonymous": Client(), "member": Client(), "agent": Client()}
    clients["member"].force_login(User.objects.get(email=generate.MEMBER_EMAIL))
    clients["agent"].force_login(User.objects.get(email=generate.AGENT_EMAIL))
    small = count_queries(clients)
    generate.grow(0.04)
    large = count_queries(clients)

    report = "\n".join(f"{name:<34} {small[name]:>3} {large[name]:>3}" for name in small)
    too_many = [name for name, count in large.items() if count > BUDGETS.get(name, MAX_QUERIES)]
    assert not too_many, f"too many queries on {too_many} (page, small history, 5x):\n{report}"
    assert small == large, f"queries grow with the history (page, small, 5x):\n{report}"

    # The second network's history does not count either: the per-network filter leaves
    # its rows out in the database, not after loading them.
    other = networks.all_networks()[1]
    generate.grow(0.04, network=other)
    with networks.activate(other):
        assert Topic.objects.count() > 100 and MeetingPage.objects.count() > 10
    beside = count_queries(clients)
    assert beside == large, f"queries grow with another network's history: {beside}"

    # From the anonymous page cache, the public pages make no query at all.
    settings.ANONYMOUS_PAGE_CACHE = True
    for name, url, who in generate.pages():
        if who != "anonymous":
            continue
        clients["anonymous"].get(url)
        with CaptureQueriesContext(connection) as queries:
            response = clients["anonymous"].get(url)
        assert response.status_code == 200
        assert response.headers.get("X-Entraide-Cache") == "hit", name
        assert len(queries) == 0, (name, [q["sql"] for q in queries])

    # From the signed-in reader's page cache: the session and the person, nothing else.
    settings.READER_PAGE_CACHE = True
    for name, url, who in generate.pages():
        if who == "anonymous":
            continue
        client = clients[who]
        client.get(url)
        client.get(url)  # the first may have given the CSRF cookie, kept by the browser
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.headers.get("X-Entraide-Reader-Cache") == "hit", name
        assert len(queries) == 2, (name, [q["sql"] for q in queries])
