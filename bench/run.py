"""`make bench`: the site's pages against a bare Django view, in production mode, in one run.

    .venv/bin/python bench/run.py [--scale 1] [--duration 10] [--series 2]

1. Builds (once, cached) a network history of ``scale`` × (60 associations, 2,000 people,
   300 meetings, 5,000 topics, 100,000 comments, 1,000 practices, 2,000 discussions) in
   the PostgreSQL database ``BENCH_DB`` (created if missing, rebuilt when the scale, the
   generator or a migration changes: the key is kept as the database's comment), and
   ``other_scale`` × the same in the demo's second network (the pages are the first's: the
   per-network filter leaves the other's rows out).
2. Serves the site in production mode (``DEBUG=0``, gunicorn with 2 sync workers,
   whitenoise, the Redis cache ``BENCH_REDIS_URL``, emptied first) and ``bench/bare.py``
   (a constant 2 kB page) on another port.
3. Counts the SQL queries of each page (a second request, in this process, with the same
   settings) and the bytes it sends compressed (headers + gzip body).
4. Loads each page with wrk (16 connections), each right after the bare view, in two
   series, and writes ``bench/RESULTS.md`` and ``bench/results.json``.

Everything it starts is stopped at the end, on Ctrl-C and on an error. Settings (also as
environment variables): BENCH_SCALE, BENCH_OTHER_SCALE, BENCH_DURATION (seconds per wrk run; 2 for a smoke
test), BENCH_SERIES, BENCH_CONNECTIONS, BENCH_DB, BENCH_PG (server address),
BENCH_REDIS_URL, BENCH_PORT, BENCH_BARE_PORT, BENCH_RESULTS (the report's path from the
project's folder; ``bench/RESULTS-scale5.md`` writes ``bench/results-scale5.json`` beside it).
"""

import argparse
import contextlib
import hashlib
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
RESULTS = ROOT / "bench" / "RESULTS.md"
RESULTS_JSON = ROOT / "bench" / "results.json"
BASELINE_JSON = ROOT / "bench" / "baseline.json"
NOTES_MARK = "<!-- Notes below this line are kept by bench/run.py. -->"

# The targets, as ratios to the bare view.
TARGETS = {
    "anonymous home": 0.5,
    "anonymous /pratiques/": 0.5,
    "anonymous public practice": 0.5,
    "/espace/": 0.1,
    "/reunions/": 0.07,
    "held meeting": 0.07,
    "next meeting (50-topic agenda)": 0.07,
    "topic with 200+ comments": 0.02,
    "discussion with 200+ comments": 0.02,
    "minutes page": 0.05,
    "search q=bénévoles": 0.02,
    "anonymous /associations/": 0.5,
    "anonymous association sheet": 0.5,
    "/orientation/": 0.02,
}
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", flush=True)


# --- Configuration ------------------------------------------------------------------


def options():
    env = os.environ.get
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=float(env("BENCH_SCALE", "1")))
    parser.add_argument(
        "--other-scale", type=float, default=float(env("BENCH_OTHER_SCALE", "0.25"))
    )
    parser.add_argument("--duration", type=float, default=float(env("BENCH_DURATION", "10")))
    parser.add_argument("--series", type=int, default=int(env("BENCH_SERIES", "2")))
    parser.add_argument("--connections", type=int, default=int(env("BENCH_CONNECTIONS", "16")))
    parser.add_argument("--db", default=env("BENCH_DB", "entraide_benchdata"))
    parser.add_argument("--pg", default=env("BENCH_PG", "postgres://entraide@127.0.0.1:5432"))
    parser.add_argument("--redis", default=env("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"))
    parser.add_argument("--port", type=int, default=int(env("BENCH_PORT", "8100")))
    parser.add_argument("--bare-port", type=int, default=int(env("BENCH_BARE_PORT", "8101")))
    parser.add_argument(
        "--results",
        default=env("BENCH_RESULTS", "bench/RESULTS.md"),
        help="where the report goes (its JSON beside it, named in lower case)",
    )
    parser.add_argument("--only", help="comma-separated page names (while developing)")
    parser.add_argument("command", nargs="?", default="all", choices=["all", "build", "probe"])
    return parser.parse_args()


def site_env(args):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="entraide.settings",
        DEBUG="0",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DATABASE_URL=f"{args.pg}/{args.db}",
        REDIS_URL=args.redis,
        EMAIL_URL="dummymail://",
        STATIC_ROOT=str(ROOT / "var" / "bench-static"),
        SITE_URL=f"http://127.0.0.1:{args.port}",
        PYTHONPATH=os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(ROOT)])),
    )
    return env


# --- 1. The data ----------------------------------------------------------------------


def data_key(scale, other_scale):
    digest = hashlib.sha256(f"scale={scale} other={other_scale}".encode())
    files = [ROOT / "bench" / "generate.py"]
    for app in ("site", "workspace", "minutes", "practices"):
        files += sorted((ROOT / app / "migrations").glob("*.py"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def psql(args, sql, db="postgres", user="postgres"):
    host = re.sub(r"^postgres(ql)?://([^@]*@)?", "", args.pg)
    hostname, _, port = host.partition(":")
    result = subprocess.run(
        ["psql", "-h", hostname, "-p", port or "5432", "-U", user, "-d", db, "-Atc", sql],
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"psql failed: {sql}\n{result.stderr}")
    return result.stdout.strip()


def ensure_data(args):
    key = data_key(args.scale, args.other_scale)
    owner = re.sub(r"^postgres(ql)?://", "", args.pg).split("@")[0].split(":")[0] or "entraide"
    exists = psql(args, f"SELECT 1 FROM pg_database WHERE datname = '{args.db}'")
    if exists:
        comment = psql(
            args,
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            f"WHERE datname = '{args.db}'",
        )
        if comment == f"entraide-bench {key}":
            log(f"data: {args.db} already holds the history at scale {args.scale:g} ({key})")
            run_django(args, "migrate", "--noinput", "-v", "0")
            return
        log(f"data: {args.db} holds another build ({comment or 'none'}): rebuilding")
        psql(args, f'DROP DATABASE "{args.db}" WITH (FORCE)')
    psql(args, f'CREATE DATABASE "{args.db}" OWNER "{owner}"')
    begin = time.monotonic()
    log(f"data: building the history at scale {args.scale:g} in {args.db} (a few minutes)")
    run_django(args, "migrate", "--noinput", "-v", "0")
    subprocess.run(
        [
            PYTHON,
            __file__,
            "build",
            "--scale",
            str(args.scale),
            "--other-scale",
            str(args.other_scale),
            "--db",
            args.db,
            "--pg",
            args.pg,
        ],
        env=site_env(args),
        cwd=ROOT,
        check=True,
    )
    psql(args, f"COMMENT ON DATABASE \"{args.db}\" IS 'entraide-bench {key}'")
    log(f"data: built in {time.monotonic() - begin:.0f} s")


def run_django(args, *command):
    subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *command], env=site_env(args), cwd=ROOT, check=True
    )


def build(args):
    """In a child process with the site's settings: the demo, then the grown history."""
    import django  # reason: the parent process never loads Django

    django.setup()
    from bench import generate  # reason: needs django.setup()
    from workspace import networks  # reason: needs django.setup()

    counts = generate.grow(args.scale)
    log("data: added " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    # The second network holds a history too: every page of the first one is measured
    # with the per-network filter leaving rows out, as on an installation of several towns.
    other = networks.all_networks()[1:2]
    if args.other_scale and other:
        counts = generate.grow(args.other_scale, network=other[0])
        log(f"data: added to {other[0].name}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


# --- 3. Queries and bytes -----------------------------------------------------------


@contextlib.contextmanager
def counting(connection):
    """The statements sent to the database meanwhile (a list, one entry each)."""
    sent = []

    def count(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield sent


def network_counts(*models):
    """What the current network holds (the scoped managers filter on it)."""
    from django.utils import translation  # reason: needs django.setup()

    from practices.models import PracticePage  # reason: needs django.setup()

    models = (*models, PracticePage)
    with translation.override("en"):  # RESULTS.md is in English
        return ", ".join(f"{m.objects.count()} {m._meta.verbose_name_plural}" for m in models)


def probe(args):
    """In a child process: the pages, a member's session, and the queries of each page."""
    import django  # reason: the parent process never loads Django

    django.setup()
    # reason: every import below needs django.setup()
    from django.conf import settings
    from django.db import connection  # reason: needs django.setup()
    from django.db.models import Count  # reason: needs django.setup()
    from django.middleware.csrf import _get_new_csrf_string  # reason: needs django.setup()
    from django.test import Client  # reason: needs django.setup()
    from django.test.utils import override_settings  # reason: needs django.setup()
    from django_comments_xtd.models import XtdComment  # reason: needs django.setup()

    from bench import generate  # reason: needs django.setup()
    from workspace import networks  # reason: needs django.setup()
    from workspace.models import (  # reason: needs django.setup()
        Association,
        Discussion,
        MeetingPage,
        Topic,
        User,
    )

    clients, cookies = {"anonymous": Client()}, {"anonymous": ""}
    for who, email in (("member", generate.MEMBER_EMAIL), ("agent", generate.AGENT_EMAIL)):
        client = clients[who] = Client()
        client.force_login(
            User.objects.get(email=email), backend="django.contrib.auth.backends.ModelBackend"
        )
        # As a browser does: the CSRF cookie the first page with a form gave it, sent back.
        client.cookies[settings.CSRF_COOKIE_NAME] = _get_new_csrf_string()
        cookies[who] = "; ".join(
            f"{name}={client.cookies[name].value}"
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
        )
    pages = []
    for name, url, who in generate.pages():
        client = clients[who]
        # Rendered: the signed-in reader's page cache off (site/readercache.py).
        with override_settings(READER_PAGE_CACHE=False):
            client.get(url, secure=True)
            with counting(connection) as queries:
                began = time.process_time()
                response = client.get(url, secure=True)
                render_ms = (time.process_time() - began) * 1000
        # Kept: what wrk's repeated requests get (a hit, for a signed-in reader).
        client.get(url, secure=True)
        with counting(connection) as kept:
            client.get(url, secure=True)
        pages.append(
            {
                "name": name,
                "url": url,
                "who": who,
                "status": response.status_code,
                "queries": len(queries),
                "kept_queries": len(kept),
                "render_ms": round(render_ms, 1),
            }
        )
    counts = {}
    for network in networks.all_networks():
        with networks.activate(network):
            counts[network.name] = network_counts(Association, Discussion, MeetingPage, Topic)
    counts["people (all networks)"] = User.objects.count()
    counts["comments (all networks)"] = XtdComment.objects.count()
    counts["longest thread"] = (
        XtdComment.objects.order_by()
        .values("object_pk", "content_type")
        .annotate(c=Count("pk"))
        .order_by("-c")
        .values_list("c", flat=True)
        .first()
    )
    print(json.dumps({"cookies": cookies, "pages": pages, "counts": counts}))


def wire_bytes(port, url, cookie):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = dict(HEADERS)
    if cookie:
        headers["Cookie"] = cookie
    connection.request("GET", url, headers=headers)
    response = connection.getresponse()
    body = response.read()
    head = sum(len(k) + len(v) + 4 for k, v in response.getheaders()) + 17
    connection.close()
    return {
        "status": response.status,
        "bytes": head + len(body),
        "gzip": response.getheader("Content-Encoding") == "gzip",
        "cache": response.getheader("X-Entraide-Cache") or "",
    }


# --- 2. The servers -----------------------------------------------------------------


class Servers:
    def __init__(self, args):
        self.args = args
        self.processes = []
        (ROOT / "var").mkdir(exist_ok=True)

    def start(self, name, app, port, env):
        logfile = open(ROOT / "var" / f"bench-{name}.log", "w")  # noqa: SIM115 - closed at stop
        process = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                app,
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout",
                "120",
                "--access-logfile",
                "-" if os.environ.get("BENCH_ACCESS_LOG") else "/dev/null",
            ],
            cwd=ROOT,
            env=env,
            stdout=logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((name, process, logfile))
        return process

    def wait(self, port, path="/"):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for name, process, _log in self.processes:
                if process.poll() is not None:
                    raise RuntimeError(f"{name} server stopped: see var/bench-{name}.log")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", path, headers=HEADERS)
                connection.getresponse().read()
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"nothing answers on port {port}")

    def stop(self):
        for _name, process, _logfile in self.processes:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for name, process, logfile in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            logfile.close()
            log(f"stopped the {name} server")
        self.processes = []


def drain(port, path):
    """Wait until the server has answered what a run left queued (a slow page leaves up to
    16 requests behind wrk): two quick answers in a row, so the next run starts idle."""
    quick = 0
    deadline = time.monotonic() + 300
    while quick < 2 and time.monotonic() < deadline:
        begin = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        connection.request("GET", path, headers=HEADERS)
        connection.getresponse().read()
        connection.close()
        quick = quick + 1 if time.monotonic() - begin < 0.2 else 0


def free(port):
    try:
        http.client.HTTPConnection("127.0.0.1", port, timeout=1).connect()
    except OSError:
        return True
    return False


# --- 4. The load --------------------------------------------------------------------


def wrk(port, url, cookie, args):
    command = [
        "wrk",
        "-t1",
        f"-c{args.connections}",
        f"-d{args.duration:g}s",
        "--timeout",
        "60s",
        "--latency",
    ]
    for name, value in HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://127.0.0.1:{port}{url}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {}
    for percent in ("50", "99"):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        latency[percent] = value * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p50": latency["50"],
        "p99": latency["99"],
        "requests": requests,
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1) if errors else "",
    }


def python_load(port, url, cookie, args):
    """Fallback when wrk cannot be installed: keep-alive connections in threads."""
    headers = dict(HEADERS)
    if cookie:
        headers["Cookie"] = cookie
    stop_at = time.monotonic() + args.duration
    latencies, bad = [], [0]
    lock = threading.Lock()

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < stop_at:
            begin = time.perf_counter()
            try:
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status < 400
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                ok = False
            with lock:
                latencies.append((time.perf_counter() - begin) * 1000)
                bad[0] += not ok

    begin = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - begin
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50": latencies[len(latencies) // 2] if latencies else 0,
        "p99": latencies[int(len(latencies) * 0.99)] if latencies else 0,
        "requests": len(latencies),
        "non_2xx": bad[0],
        "socket_errors": "",
    }


# --- The report ---------------------------------------------------------------------


def machine():
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        memory = f"{int(memory) / 1024 / 1024:.1f} GiB"
    except OSError:
        memory = "?"
    commit = subprocess.run(
        ["git", "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True, cwd=ROOT
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()
    postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "memory": memory,
        "system": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "postgresql": postgres,
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
        "load": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }


def summarise(result):
    for page in result["pages"]:
        ratios = [run["ratio"] for run in page["runs"]]
        page["ratio"] = statistics.mean(ratios)
        page["spread"] = (max(ratios) - min(ratios)) / page["ratio"] if page["ratio"] else 0
        page["rps"] = statistics.mean(run["page"]["rps"] for run in page["runs"])
        page["bare_rps"] = statistics.mean(run["bare"]["rps"] for run in page["runs"])
        page["p50"] = statistics.median(run["page"]["p50"] for run in page["runs"])
        page["p99"] = max(run["page"]["p99"] for run in page["runs"])
        page["target"] = TARGETS.get(page["name"])
        page["met"] = page["target"] is None or page["ratio"] >= page["target"]
    return result


def report(result):
    baseline = {}
    if BASELINE_JSON.exists() and BASELINE_JSON.resolve() != RESULTS_JSON.resolve():
        baseline = {p["name"]: p for p in json.loads(BASELINE_JSON.read_text())["pages"]}
    m = result["machine"]
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`bench/run.py`); the README's *Speed* section says how to read it.",
        "",
        f"- **Machine**: {m['nproc']} CPU ({m['cpu']}), {m['memory']} memory, {m['system']}, "
        f"Python {m['python']}, {m['postgresql']}; the CPU is shared with the load generator "
        f"and with other work (load average at the end: {m.get('load', '?')}).",
        f"- **Commit**: `{m['commit']}`, run on {m['date']}.",
        f"- **Data** (scale {result['scale']:g} for the first network, "
        f"{result.get('other_scale', 0):g} for the second): "
        + "; ".join(
            f"{k}: {v}" if isinstance(v, str) else f"{v} {k}" for k, v in result["counts"].items()
        )
        + ".",
        f"- **Load**: {result['tool']}, {result['connections']} connections, "
        f"{result['duration']:g} s per run, {result['series']} series; each page right after the "
        "bare Django view (`bench/bare.py`, a constant 2 kB page). Site: `DEBUG=0`, gunicorn "
        "2 sync workers, whitenoise, PostgreSQL, Redis cache; member pages with a signed-in "
        "member's session cookie; every request asks for gzip.",
        "",
        "| page | who | SQL queries | kept: queries | render CPU ms | bytes (gzip) | req/s | "
        "bare req/s | ratio | spread | p50 ms | p99 ms | target | "
        + ("before | " if baseline else "")
        + "met |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        + ("---:|" if baseline else "")
        + "---|",
    ]
    for page in result["pages"]:
        before = baseline.get(page["name"])
        target = f"≥ {page['target']:g}×" if page["target"] else ""
        lines.append(
            f"| {page['name']} | {page['who']} | {page['queries']} | "
            f"{page.get('kept_queries', '–')} | {page.get('render_ms', '–')} | {page['bytes']:,} | "
            f"{page['rps']:.1f} | {page['bare_rps']:.0f} | {page['ratio']:.4f}× | "
            f"{page['spread'] * 100:.0f} % | {page['p50']:.1f} | {page['p99']:.1f} | {target} | "
            + (
                (f"{before['ratio']:.4f}× ({before['queries']} q) | " if before else "– | ")
                if baseline
                else ""
            )
            + ("yes" if page["met"] else "**no**")
            + " |"
        )
    lines += [
        "",
        "*ratio*: the page's req/s divided by the bare view's req/s of the run just before it, "
        "averaged over the series; *spread*: (largest − smallest ratio) / mean ratio; "
        "*SQL queries*: of one request after a first one (warm caches), counted in-process "
        "with the same settings and a signed-in reader's page cache off "
        "(`site/readercache.py`): what rendering the page costs; *kept: queries*: the same "
        "request with that cache on, as wrk's repeated requests get it (a hit for a "
        "signed-in reader; anonymous pages come from their own cache either way); *render "
        "CPU ms*: the CPU time of that rendered request in-process (one request, noisy); *bytes*: headers and compressed body of one answer; "
        "*p50/p99*: wrk's latency percentiles (median / worst over the series)"
        + (
            f"; *before*: `bench/baseline.json` (commit `{json.loads(BASELINE_JSON.read_text())['machine']['commit']}`)."
            if baseline
            else "."
        ),
        "",
        "Each run, by series:",
        "",
        "| page | series | bare req/s | page req/s | ratio | non-2xx |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for page in result["pages"]:
        for n, run in enumerate(page["runs"], start=1):
            lines.append(
                f"| {page['name']} | {n} | {run['bare']['rps']:.0f} | {run['page']['rps']:.1f} | "
                f"{run['ratio']:.4f} | {run['page']['non_2xx']} |"
            )
    notes = ""
    if RESULTS.exists() and NOTES_MARK in RESULTS.read_text():
        notes = RESULTS.read_text().split(NOTES_MARK, 1)[1]
    lines += ["", NOTES_MARK]
    RESULTS.write_text("\n".join(lines) + (notes if notes else "\n"))
    RESULTS_JSON.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    print("\n".join(lines[: 14 + len(result["pages"])]))
    log(f"wrote {shown(RESULTS)} and {shown(RESULTS_JSON)}")


# --- All of it ----------------------------------------------------------------------


def shown(path):
    """``path`` from the project's folder when it is inside it (``--results`` may be elsewhere)."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def main(args):
    global RESULTS, RESULTS_JSON
    started = time.monotonic()
    RESULTS = ROOT / args.results
    if RESULTS.name != "RESULTS.md":
        RESULTS_JSON = RESULTS.with_name(RESULTS.stem.lower() + ".json")
    # One key for the whole run: the member's session must stay valid on the server.
    os.environ.setdefault("BENCH_SECRET_KEY", secrets.token_urlsafe(50))
    for port in (args.port, args.bare_port):
        if not free(port):
            raise SystemExit(f"port {port} is taken: set BENCH_PORT / BENCH_BARE_PORT")
    ensure_data(args)
    env = site_env(args)
    log("static files")
    run_django(args, "collectstatic", "--noinput", "-v", "0")
    import redis  # reason: the bench alone empties its Redis database

    redis.Redis.from_url(args.redis).flushdb()
    log("probe: pages, session, queries")
    probe_run = subprocess.run(
        [PYTHON, __file__, "probe", "--db", args.db, "--pg", args.pg, "--redis", args.redis],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if probe_run.returncode:
        sys.stderr.write(probe_run.stderr)
        raise RuntimeError("the probe failed")
    probed = json.loads(probe_run.stdout.strip().splitlines()[-1])
    pages = probed["pages"]
    if args.only:
        wanted = set(args.only.split(","))
        pages = [p for p in pages if p["name"] in wanted]
    for page in pages:
        if page["status"] != 200:
            raise RuntimeError(f"{page['name']} ({page['url']}) answered {page['status']}")
    tool = "wrk" if shutil.which("wrk") else "python"
    load = wrk if tool == "wrk" else python_load
    if tool != "wrk":
        log("wrk is not installed: the Python load generator is used (slower, less exact)")
    servers = Servers(args)
    try:
        servers.start("site", "entraide.wsgi:application", args.port, env)
        bare_env = dict(os.environ, PYTHONPATH=str(ROOT))
        servers.start("bare", "bench.bare:application", args.bare_port, bare_env)
        servers.wait(args.port, "/healthz")
        servers.wait(args.bare_port)
        for page in pages:
            cookie = probed["cookies"][page["who"]]
            wire = wire_bytes(args.port, page["url"], cookie)
            if wire["status"] != 200:
                raise RuntimeError(f"{page['name']} answered {wire['status']} to the server")
            page.update(wire)
            page["runs"] = []
        for series in range(args.series):
            log(f"series {series + 1} of {args.series}")
            for page in pages:
                cookie = probed["cookies"][page["who"]]
                drain(args.port, "/healthz")
                bare = load(args.bare_port, "/", cookie, args)
                measured = load(args.port, page["url"], cookie, args)
                ratio = measured["rps"] / bare["rps"] if bare["rps"] else 0
                page["runs"].append({"bare": bare, "page": measured, "ratio": ratio})
                log(
                    f"  {page['name']:<32} {measured['rps']:8.1f} req/s  bare {bare['rps']:7.0f}"
                    f"  ratio {ratio:.4f}"
                    + (f"  NON-2XX {measured['non_2xx']}" if measured["non_2xx"] else "")
                )
    finally:
        servers.stop()
    result = summarise(
        {
            "scale": args.scale,
            "other_scale": args.other_scale,
            "duration": args.duration,
            "series": args.series,
            "connections": args.connections,
            "tool": tool,
            "machine": machine(),
            "counts": probed["counts"],
            "pages": pages,
        }
    )
    report(result)
    log(f"done in {time.monotonic() - started:.0f} s")


def on_term(signum, frame):
    raise SystemExit(f"stopped by signal {signum}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    arguments = options()
    if arguments.command == "build":
        build(arguments)
    elif arguments.command == "probe":
        probe(arguments)
    else:
        signal.signal(signal.SIGTERM, on_term)
        try:
            main(arguments)
        except KeyboardInterrupt:
            raise SystemExit("interrupted: every server the bench started is stopped") from None
