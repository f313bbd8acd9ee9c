"""A database that is down gives a short French 503 page, and the site recovers by itself.

The first tests break this process's own connection (a closed port on PostgreSQL, a path
that cannot be opened on SQLite) and mend it, in both CI passes. The last one is the real
thing on PostgreSQL: gunicorn serves the site through a TCP proxy in front of PostgreSQL; the
proxy going away is PostgreSQL restarting, and the same gunicorn process answers again once
it is back.
"""

import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import AssociationFactory
from tests.utils import text
from tests.workers import test_database_url as database_url
from tests.workers import wait_for

ROOT = Path(__file__).resolve().parents[2]
UNAVAILABLE = "Service momentanément indisponible"
IS_POSTGRES = connection.vendor == "postgresql"


class BrokenDatabase:
    """Point this process's connection somewhere it cannot reach, then back."""

    def __init__(self):
        self.saved = dict(connection.settings_dict)

    def __enter__(self):
        connection.close()
        if connection.vendor == "postgresql":
            connection.settings_dict["PORT"] = str(closed_port())
            connection.settings_dict["HOST"] = "127.0.0.1"
        else:
            connection.settings_dict["NAME"] = "/nonexistent-folder/entraide.sqlite3"
        return self

    def __exit__(self, *exc):
        connection.close()
        connection.settings_dict.update(self.saved)
        return False


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("path", ["/recherche/?q=colis", "/", "/pratiques/"])
def test_pages_answer_a_french_503_while_the_database_is_down(transactional_db, client, path):
    AssociationFactory(name="Le Panier")
    with BrokenDatabase():
        response = client.get(path)
        assert response.status_code == 503
        assert UNAVAILABLE in text(response)
        assert "Traceback" not in text(response)
        assert response["Retry-After"] == "30"
        assert response["Cache-Control"] == "no-store"
    # Back: the next request is served, in the same process.
    assert client.get("/recherche/?q=colis").status_code == 200


def test_the_503_page_follows_the_language(transactional_db, client):
    client.cookies["entraide_language"] = "en"
    with BrokenDatabase():
        response = client.get("/recherche/?q=colis")
    assert response.status_code == 503
    assert "Service unavailable for a moment" in text(response)


def test_a_signed_in_post_gets_the_503_page(transactional_db, client_for, member_a):
    client = client_for(member_a)
    with BrokenDatabase():
        response = client.post("/discussions/nouvelle/", {"title": "Un constat", "situation": "…"})
    assert response.status_code == 503 and UNAVAILABLE in text(response)


def test_healthz_reports_the_database(transactional_db, client):
    with BrokenDatabase():
        response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["database"] == "down"
    assert client.get("/healthz").json()["database"] == "ok"


# --- The real thing: PostgreSQL going away under gunicorn --------------------------------


class TCPProxy:
    """A TCP relay to PostgreSQL that can be taken away (a restart) and brought back."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, int(target_port))
        self.port = closed_port()
        self.listener = None
        self.sockets = []
        self.lock = threading.Lock()

    def start(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(16)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def drop_connections(self):
        with self.lock:
            for s in self.sockets:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                    s.close()
                except OSError:
                    pass
            self.sockets = []

    def stop(self):
        if self.listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not.
            try:
                self.listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.listener.close()
            self.listener = None
        self.drop_connections()


@pytest.mark.skipif(not IS_POSTGRES, reason="PostgreSQL pass only")
def test_gunicorn_recovers_from_a_postgresql_restart_without_restarting(transactional_db):
    import urllib.error
    import urllib.request

    AssociationFactory(name="Le Panier")
    settings_dict = connection.settings_dict
    proxy = TCPProxy(settings_dict.get("HOST") or "127.0.0.1", settings_dict.get("PORT") or 5432)
    proxy.start()
    url = database_url().replace(f":{settings_dict.get('PORT') or 5432}/", f":{proxy.port}/")
    port = closed_port()
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    log = open(ROOT / "test-artifacts" / "gunicorn-db-restart.log", "wb")
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CONN_MAX_AGE": "60",
        "DJANGO_SETTINGS_MODULE": "entraide.settings",
        "DEBUG": "1",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "entraide.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def get(path):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=20) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError:
            return None, ""

    # Each request asks a new address: an anonymous page answered once is kept in the page
    # cache (site/pagecache.py) and would not reach the database again.
    counter = iter(range(1000))

    def search():
        return get(f"/recherche/?q=panier&essai={next(counter)}")

    try:
        assert wait_for(lambda: get("/healthz")[0] is not None, timeout=60)
        status, body = get("/recherche/?q=panier")
        assert status == 200, body[:500]
        assert json.loads(get("/healthz")[1])["database"] == "ok"

        # A dropped connection (PostgreSQL killed it): the health check reconnects.
        proxy.drop_connections()
        status, body = search()
        assert status == 200, body[:500]

        # PostgreSQL restarts: unreachable for a while.
        proxy.stop()
        for _ in range(3):
            status, body = search()
            assert status == 503, body[:500]
            assert UNAVAILABLE in body and "Traceback" not in body
        status, body = get("/healthz")
        assert status == 503 and json.loads(body)["database"] == "down"
        # A page an anonymous visitor already saw is still served, from the cache.
        status, body = get("/recherche/?q=panier")
        assert status == 200 and "panier" in body

        # Back: the same process serves again.
        proxy.start()
        assert wait_for(lambda: search()[0] == 200, timeout=20)
        assert json.loads(get("/healthz")[1])["database"] == "ok"
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(20)
        proxy.stop()
        log.close()
