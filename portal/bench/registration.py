"""Benchmark registration under gunicorn and PostgreSQL, and check nothing was overbooked.

    make bench-registration        # or: .venv/bin/python -m portal.bench.registration
    .venv/bin/python -m portal.bench.registration --registrations 300 --clients 8 --port 8190

One run:

1. recreates the PostgreSQL database ``BENCH_REGISTRATION_DATABASE_URL`` (by default
   ``postgres://postgres@127.0.0.1:5432/ectl_reg_bench``), migrates, loads the 2021 demo
   (``load_demo``) and makes the demonstration edition whose dates are ahead
   (``start_demo_edition 2021``: the 2021 edition itself is closed to registration, as
   every past edition is), then collects static files;
2. starts gunicorn (2 workers, production settings, DEBUG off, dummy secret, HTTPS
   redirect off for loopback, registration rate limit off, mail rendered and recorded
   but sent to Django's dummy backend) on 127.0.0.1:8190;
3. 8 client threads submit 300 registrations (unique e-mail addresses) spread over every
   session open for registration, as a browser does: each thread first GETs the form for
   its CSRF cookie and token, then POSTs; a registration counts when the server answers
   with the redirect to its outcome page. Then the same threads GET the same session
   pages 300 times, then submit the day planner 100 times (``--plans``: one session per
   slot of a day, each with its own lock, in one submit);
4. prints registrations per second, p50 and p99 latency, the same for the planner's
   submits (beside the single form's) and for the GETs (and, as a
   reference for how loaded the machine is, for the project's cheapest view
   ``/bench/baseline/``), and the database truth: per session, confirmed against capacity and waiting; duplicates of a
   live registration (one e-mail twice in one session), which must be 0.

Exit status 1 if any session is overbooked, any duplicate exists, or a request failed.
Loopback only, every phase bounded in time (``--timeout``). Not a test: the figures depend
on the machine and on whatever else runs on it.
"""

import argparse
import http.client
import os
import re
import statistics
import sys
import threading
import time
import uuid
from urllib.parse import urlencode, urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

from portal.bench.common import Server, log, manage, probe
from portal.bench.common import bench_env as page_bench_env

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ectl_reg_bench"


def bench_env(database_url):
    """The page benchmark's production environment, without the registration limit per
    address (every client here is 127.0.0.1) and without sending mail."""
    env = page_bench_env(database_url)
    env.update(
        {
            "REGISTRATION_RATE_LIMIT": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "GUNICORN_LOG_LEVEL": "warning",
        }
    )
    return env


def recreate_database(database_url):

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not name.startswith("ectl_") or "bench" not in name:
        raise SystemExit(f"refusing to recreate {name!r}: the benchmark database name must contain 'bench'")
    connection = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def prepare_open_edition(database_url, env, *, setup=True):
    """A fresh database with the demo and its upcoming edition open for registration
    (``setup=False`` reuses it as it is); returns the sessions that take registrations."""
    if setup:
        log(f"preparing {urlsplit(database_url).path.lstrip('/')}: migrate, load_demo, start_demo_edition")
        recreate_database(database_url)
        manage(env, "migrate", "--no-input", capture=True)
        manage(env, "load_demo", capture=True)
        manage(env, "start_demo_edition", "2021", capture=True)
        manage(env, "collectstatic", "--no-input", "--verbosity", "0", capture=True)
    sessions = probe(env, "sessions")
    if not sessions:
        raise SystemExit("no session open for registration in the demo data")
    return sessions


# --- Clients -------------------------------------------------------------------------


class Client:
    """A minimal browser: one connection per request (gunicorn sync workers close it),
    cookies kept."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, content, response.getheader("Location", "")
        finally:
            connection.close()


CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def run_phase(clients, jobs, work, deadline):
    """Run ``work(client, job)`` over the jobs with one thread per client; return the
    latencies (seconds), failures and wall time."""
    lock = threading.Lock()
    queue = list(reversed(jobs))
    latencies, failures = [], []

    def worker(client):
        while time.monotonic() < deadline:
            with lock:
                if not queue:
                    return
                job = queue.pop()
            started = time.perf_counter()
            try:
                ok, detail = work(client, job)
            except OSError as error:
                ok, detail = False, repr(error)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
                    failures.append(detail)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0, deadline - time.monotonic()) + 5)
    wall = time.perf_counter() - started
    if any(thread.is_alive() for thread in threads) or queue:
        failures.append(f"phase stopped at its deadline with {len(queue)} jobs left")
    return latencies, failures, wall


def percentile(values, fraction):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(name, count, latencies, wall):
    return (
        f"{name:<13} {count:>4} in {wall:6.2f} s  {count / wall:7.1f}/s  "
        f"p50 {percentile(latencies, 0.5) * 1000:7.1f} ms  p99 {percentile(latencies, 0.99) * 1000:7.1f} ms  "
        f"mean {statistics.fmean(latencies) * 1000 if latencies else float('nan'):7.1f} ms"
    )


def planner_phase(env, clients, tokens, run_id, count, timeout):
    """The day planner: each submit registers a session per slot of a day, each under its
    own lock (services/planner.py). Returns (jobs, latencies, failures, wall time)."""
    days = probe(env, "planner")
    plan_jobs = [
        {"day": days[i % len(days)], "email": f"plan-{run_id}-{i}@example.org", "n": i}
        for i in range(count if days else 0)
    ]

    def plan(client, job):
        fields = {
            "csrfmiddlewaretoken": tokens[id(client)],
            "first_name": "Plan",
            "last_name": f"Person {job['n']}",
            "email": job["email"],
            "organisation": "Benchmark",
            "consent": "on",
            "website": "",
            "if_full": "wait",
            "submission_key": uuid.uuid4().hex,
            **job["day"]["fields"],
        }
        status, content, location = client.request(
            "POST", f"/fr/inscriptions/journee/{job['day']['id']}/", urlencode(fields).encode()
        )
        ok = status == 302 and "/inscriptions/journee/resultat/" in location
        return ok, f"POST planner {job['day']['id']} -> {status} {content[:120]!r}"

    log(f"{len(clients)} clients: {len(plan_jobs)} day-planner submissions")
    return (plan_jobs, *run_phase(clients, plan_jobs, plan, time.monotonic() + timeout))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--registrations", type=int, default=300)
    parser.add_argument(
        "--plans", type=int, default=100, help="Day-planner submissions (several sessions each)."
    )
    parser.add_argument("--timeout", type=int, default=300, help="Upper bound of each load phase, seconds.")
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_REGISTRATION_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    args = parser.parse_args()

    env = bench_env(args.database_url)
    sessions = prepare_open_edition(args.database_url, env)
    capacity = sum(s["capacity"] for s in sessions)
    log(f"{len(sessions)} sessions open, {capacity} places in all")

    run_id = uuid.uuid4().hex[:8]
    jobs = [
        {"session": sessions[i % len(sessions)], "email": f"bench-{run_id}-{i}@example.org", "n": i}
        for i in range(args.registrations)
    ]

    with Server(env, args.port, args.workers):
        clients = [Client(args.port) for _ in range(args.clients)]
        tokens = {}
        for client in clients:  # a browser's first GET: CSRF cookie and token (not timed)
            status, content, _ = client.request("GET", f"/fr/inscriptions/seance/{sessions[0]['id']}/")
            match = CSRF_INPUT.search(content)
            if status != 200 or match is None:
                raise SystemExit(f"could not read the registration form ({status})")
            tokens[id(client)] = match.group(1).decode()

        def register(client, job):
            session = job["session"]
            fields = {
                "csrfmiddlewaretoken": tokens[id(client)],
                "first_name": "Bench",
                "last_name": f"Person {job['n']}",
                "email": job["email"],
                "organisation": "Benchmark",
                "consent": "on",
                "website": "",
                "submission_key": uuid.uuid4().hex,
                **session["answers"],
            }
            status, content, location = client.request(
                "POST", f"/fr/inscriptions/seance/{session['id']}/", urlencode(fields).encode()
            )
            ok = status == 302 and "/inscriptions/resultat/" in location
            return ok, f"POST {session['id']} -> {status} {content[:120]!r}"

        def get(client, job):
            status, _, _ = client.request("GET", job["session"]["url"])
            return status == 200, f"GET {job['session']['url']} -> {status}"

        log(f"{args.clients} clients: {args.registrations} registrations, then {args.registrations} GETs")
        post_latencies, post_failures, post_wall = run_phase(
            clients, jobs, register, time.monotonic() + args.timeout
        )
        get_latencies, get_failures, get_wall = run_phase(clients, jobs, get, time.monotonic() + args.timeout)

        plan_jobs, plan_latencies, plan_failures, plan_wall = planner_phase(
            env, clients, tokens, run_id, args.plans, args.timeout
        )

        def baseline(client, job):  # the cheapest Django response: how loaded is the machine?
            status, _, _ = client.request("GET", "/bench/baseline/")
            return status == 200, f"GET /bench/baseline/ -> {status}"

        base_latencies, _, base_wall = run_phase(clients, jobs, baseline, time.monotonic() + args.timeout)

    truth = probe(env, "truth")
    print()
    print(f"gunicorn {args.workers} workers, PostgreSQL, {args.clients} clients, {len(sessions)} sessions")
    print(summary("registrations", len(post_latencies), post_latencies, post_wall))
    if plan_latencies:
        sessions_per_plan = statistics.fmean(job["day"]["sessions"] for job in plan_jobs)
        print(
            summary("planner", len(plan_latencies), plan_latencies, plan_wall)
            + f"  ({sessions_per_plan:.1f} sessions per submit)"
        )
    print(summary("GET pages", len(get_latencies), get_latencies, get_wall))
    print(summary("GET baseline", len(base_latencies), base_latencies, base_wall) + "  (machine reference)")
    print()
    print(f"{'session':<60} {'confirmed':>9} {'capacity':>8} {'waiting':>7}")
    overbooked = []
    for session in truth["sessions"]:
        flag = ""
        if session["confirmed"] > session["capacity"]:
            overbooked.append(session["title"])
            flag = "  OVERBOOKED"
        print(
            f"{session['title'][:60]:<60} {session['confirmed']:>9} {session['capacity']:>8} "
            f"{session['waiting']:>7}{flag}"
        )
    print()
    failures = post_failures + get_failures + plan_failures
    print(
        f"registrations in database: {truth['total']}  overbooked sessions: {len(overbooked)}  "
        f"duplicates: {truth['duplicates']}  failed requests: {len(failures)}"
    )
    for failure in failures[:10]:
        print(f"  {failure}")
    # Each planner submit registers at least one session (a full one without a waiting list is dropped).
    expected = args.registrations + len(plan_jobs)
    ok = not overbooked and truth["duplicates"] == 0 and not failures and truth["total"] >= expected
    print(
        f"bench-registration: registrations_per_s={len(post_latencies) / post_wall:.1f} "
        f"p50_ms={percentile(post_latencies, 0.5) * 1000:.1f} p99_ms={percentile(post_latencies, 0.99) * 1000:.1f} "
        f"get_per_s={len(get_latencies) / get_wall:.1f} get_p50_ms={percentile(get_latencies, 0.5) * 1000:.1f} "
        f"get_p99_ms={percentile(get_latencies, 0.99) * 1000:.1f} "
        f"plans_per_s={len(plan_latencies) / plan_wall if plan_latencies else 0:.1f} "
        f"plan_p50_ms={percentile(plan_latencies, 0.5) * 1000:.1f} "
        f"plan_p99_ms={percentile(plan_latencies, 0.99) * 1000:.1f} overbooked={len(overbooked)} "
        f"duplicates={truth['duplicates']} {'OK' if ok else 'FAILED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
