"""Benchmark the moment registration opens: readers of the programme while others register.

    make bench-rush                 # or: .venv/bin/python -m portal.bench.rush
    .venv/bin/python -m portal.bench.rush --readers 6 --registrants 2 --duration 8

One run:

1. recreates the PostgreSQL database ``BENCH_RUSH_DATABASE_URL`` (by default
   ``postgres://postgres@127.0.0.1:5432/ectl_bench_rush``), migrates, loads the 2021
   demo and makes its upcoming demonstration edition (``start_demo_edition 2021``),
   whose sessions are open for registration, then collects static files;
2. starts gunicorn (as many workers as deploy/gunicorn.conf.py starts in production:
   2 per core + 1, ``--workers`` to change; production settings as in the other benchmarks,
   registration rate limit off, mail to Django's dummy backend) with the page cache on
   Redis (``BENCH_REDIS_URL``, default ``redis://127.0.0.1:6379/9``, keys under their own
   prefix); when Redis does not answer it says so and the page cache uses local memory;
3. warms the cache with one GET of each page, then runs three phases of ``--duration``
   seconds: *quiet* (readers alone), *rush* (readers while ``--registrants`` clients
   register continuously, as a browser does: the form's CSRF token first, then POSTs
   with new addresses over every open session), *after* (readers alone again), and
   does so ``--rounds`` times, each phase's figures summed over the rounds: the load of
   the other processes on a shared machine drifts, and weighs on every phase alike.
   Readers cycle through the edition page, its day pages and its session pages;
4. prints, per phase, reads per second, p50, p99 and the share of page-cache hits
   (``X-Page-Cache: hit``), registrations per second during the rush, then checks the
   database: no session overbooked, no live registration twice. Last line:
   ``bench-rush: read_ratio=<rush/quiet reads> p99_ratio=<rush/quiet p99> hit_rush=<share> reg_per_s=<n>``.

Targets: read_ratio >= 0.5, hit_rush >= 0.9, p99_ratio <= 5, nothing overbooked or
duplicated; exit status 1 otherwise. Loopback only, every phase bounded in time. Not a
test: the figures depend on the machine and on whatever else runs on it.
"""

import argparse
import http.client
import itertools
import multiprocessing
import os
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from portal.bench.common import Server, fetch, log, probe, redis_answers
from portal.bench.registration import CSRF_INPUT, Client, bench_env, percentile, prepare_open_edition

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ectl_bench_rush"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/9"
TARGETS = {"read_ratio": 0.5, "hit_rush": 0.9, "p99_ratio": 5.0}
PHASES = ("quiet", "rush", "after")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8490")))
    # deploy/gunicorn.conf.py's own default (WEB_CONCURRENCY unset): 2 per core + 1.
    parser.add_argument("--workers", type=int, default=multiprocessing.cpu_count() * 2 + 1)
    parser.add_argument("--readers", type=int, default=6)
    parser.add_argument("--registrants", type=int, default=2)
    parser.add_argument("--duration", type=float, default=float(os.environ.get("BENCH_DURATION", "5")))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")))
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_RUSH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--skip-setup", action="store_true", help="reuse the database as it is")
    return parser.parse_args()


def server_env(database_url, redis_url):
    """The registration benchmark's environment with the page cache on (Redis when given)."""
    env = bench_env(database_url)
    env.update({"PAGE_CACHE": "true", "CACHE_KEY_PREFIX": f"ectl-bench-rush-{uuid.uuid4().hex[:8]}"})
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def prepare(args, env):
    return prepare_open_edition(args.database_url, env, setup=not args.skip_setup)


def reader_urls(sessions):
    """The edition, day and session pages of the open edition (its sessions' ancestors:
    a session's URL is its day's URL plus its slug, the day's is the edition's plus its)."""
    session_urls = sorted({s["url"] for s in sessions})
    days = sorted({url.rstrip("/").rsplit("/", 1)[0] + "/" for url in session_urls})
    editions = sorted({url.rstrip("/").rsplit("/", 1)[0] + "/" for url in days})
    return editions + days + session_urls


# --- Load ----------------------------------------------------------------------------


@dataclass
class Reads:
    latencies: list = field(default_factory=list)
    hits: int = 0
    failures: list = field(default_factory=list)
    wall: float = 0.0

    def add(self, other):
        self.latencies += other.latencies
        self.hits += other.hits
        self.failures += other.failures
        self.wall += other.wall


def read_once(port, path):
    """One anonymous GET on a new connection; (status, X-Page-Cache)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        return response.status, response.getheader("X-Page-Cache", "")
    finally:
        connection.close()


def read_phase(port, urls, readers, duration):
    """``readers`` threads cycling through ``urls`` (each from its own offset) for
    ``duration`` seconds."""
    result, lock = Reads(), threading.Lock()
    deadline = time.monotonic() + duration

    def reader(offset):
        mine, hits, failures = [], 0, []
        for path in itertools.islice(itertools.cycle(urls), offset, None):
            if time.monotonic() >= deadline:
                break
            started = time.perf_counter()
            try:
                status, cache_state = read_once(port, path)
            except (OSError, http.client.HTTPException) as error:
                failures.append(f"GET {path}: {error!r}")
                continue
            mine.append(time.perf_counter() - started)
            hits += cache_state == "hit"
            if status != 200:
                failures.append(f"GET {path} -> {status}")
        with lock:
            result.latencies.extend(mine)
            result.hits += hits
            result.failures.extend(failures)

    started = time.perf_counter()
    threads = [threading.Thread(target=reader, args=(n * 7,)) for n in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 15)
    result.wall = time.perf_counter() - started
    return result


@dataclass
class Registrations:
    done: int = 0
    refused: int = 0
    failures: list = field(default_factory=list)
    wall: float = 0.0

    def add(self, other):
        self.done += other.done
        self.refused += other.refused
        self.failures += other.failures
        self.wall += other.wall


def registrant(port, sessions, stop, tally, lock, number):
    """Register new addresses over the sessions until ``stop`` is set: a 302 to the
    outcome page is a registration (a place or the waiting list); a 200 is a refusal
    the form page shows (the session is full)."""
    client = Client(port)
    status, content, _ = client.request("GET", f"/fr/inscriptions/seance/{sessions[0]['id']}/")
    match = CSRF_INPUT.search(content)
    if status != 200 or match is None:
        with lock:
            tally.failures.append(f"could not read the registration form ({status})")
        return
    token = match.group(1).decode()
    for n in itertools.count():
        if stop.is_set():
            return
        session = sessions[(n + number) % len(sessions)]
        fields = {
            "csrfmiddlewaretoken": token,
            "first_name": "Rush",
            "last_name": f"Person {number}-{n}",
            "email": f"rush-{number}-{n}-{uuid.uuid4().hex[:6]}@example.org",
            "organisation": "Benchmark",
            "consent": "on",
            "website": "",
            "submission_key": uuid.uuid4().hex,
            **session["answers"],
        }
        try:
            status, content, location = client.request(
                "POST", f"/fr/inscriptions/seance/{session['id']}/", urlencode(fields).encode()
            )
        except (OSError, http.client.HTTPException) as error:
            with lock:
                tally.failures.append(f"POST {session['id']}: {error!r}")
            continue
        with lock:
            if status == 302 and "/inscriptions/resultat/" in location:
                tally.done += 1
            elif status == 200:
                tally.refused += 1
            else:
                tally.failures.append(f"POST {session['id']} -> {status} {content[:120]!r}")


def rush_phase(args, urls, sessions):
    """Readers while registrants register; (Reads, Registrations)."""
    tally, lock, stop = Registrations(), threading.Lock(), threading.Event()
    threads = [
        threading.Thread(target=registrant, args=(args.port, sessions, stop, tally, lock, n))
        for n in range(args.registrants)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    reads = read_phase(args.port, urls, args.readers, args.duration)
    stop.set()
    for thread in threads:
        thread.join(15)
    tally.wall = time.perf_counter() - started
    return reads, tally


def measure(args, urls, sessions):
    """``--rounds`` times quiet, rush, after; each phase's figures summed over the rounds
    (so that the load of other processes, which drifts, weighs on every phase alike)."""
    quiet, rush, after, tally = Reads(), Reads(), Reads(), Registrations()
    for number in range(1, args.rounds + 1):
        log(f"round {number}/{args.rounds}: quiet, rush, after ({args.duration:.0f} s each)")
        quiet.add(read_phase(args.port, urls, args.readers, args.duration))
        reads, registrations = rush_phase(args, urls, sessions)
        rush.add(reads)
        tally.add(registrations)
        after.add(read_phase(args.port, urls, args.readers, args.duration))
    return quiet, rush, after, tally


# --- Report --------------------------------------------------------------------------


def phase_row(name, reads, registrations_per_s):
    count = len(reads.latencies)
    return {
        "name": name,
        "reads_per_s": count / reads.wall if reads.wall else 0.0,
        "p50": percentile(reads.latencies, 0.5) * 1000,
        "p99": percentile(reads.latencies, 0.99) * 1000,
        "hits": reads.hits / count if count else 0.0,
        "registrations_per_s": registrations_per_s,
        "count": count,
    }


def print_table(rows):
    print("| phase | reads | reads/s | p50 ms | p99 ms | page-cache hits | registrations/s |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(
            f"| {row['name']} | {row['count']} | {row['reads_per_s']:.1f} | {row['p50']:.1f} | {row['p99']:.1f} "
            f"| {row['hits'] * 100:.1f} % | {row['registrations_per_s']:.1f} |"
        )


def check_database(env):
    """Print the truth; True when nothing is overbooked and nothing is duplicated."""
    truth = probe(env, "truth")
    overbooked = [s["title"] for s in truth["sessions"] if s["confirmed"] > s["capacity"]]
    confirmed = sum(s["confirmed"] for s in truth["sessions"])
    waiting = sum(s["waiting"] for s in truth["sessions"])
    print(
        f"database: {truth['total']} registrations ({confirmed} confirmed, {waiting} waiting) "
        f"over {len(truth['sessions'])} sessions; overbooked sessions: {len(overbooked)} "
        f"{overbooked if overbooked else ''}; duplicates: {truth['duplicates']}"
    )
    return not overbooked and truth["duplicates"] == 0


def main():
    args = parse_args()
    redis_url = args.redis_url if redis_answers(args.redis_url) else ""
    if not redis_url:
        log(f"Redis does not answer on {args.redis_url}: the page cache uses local memory (per worker)")
    env = server_env(args.database_url, redis_url)
    sessions = prepare(args, env)
    urls = reader_urls(sessions)
    log(f"{len(sessions)} sessions open; readers cycle through {len(urls)} pages")
    load_before = os.getloadavg()
    with Server(env, args.port, args.workers):
        for path in urls:  # fill the page cache (not timed)
            status, _ = fetch(args.port, path)
            if status != 200:
                raise SystemExit(f"bench-rush: {path} answered {status}")
        quiet, rush, after, tally = measure(args, urls, sessions)
    load_after = os.getloadavg()

    registrations_per_s = tally.done / tally.wall if tally.wall else 0.0
    rows = [
        phase_row("quiet", quiet, 0.0),
        phase_row("rush", rush, registrations_per_s),
        phase_row("after", after, 0.0),
    ]
    print()
    print(
        f"gunicorn {args.workers} workers, PostgreSQL, page cache on {'redis' if redis_url else 'locmem'}, "
        f"{args.readers} readers over {len(urls)} pages, {args.registrants} registering clients, "
        f"{args.rounds} rounds of {args.duration:.0f} s per phase; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after"
    )
    print_table(rows)
    print(
        f"rush: {tally.done} registrations, {tally.refused} refused (full), {len(tally.failures)} failed requests"
    )
    failures = quiet.failures + rush.failures + after.failures + tally.failures
    for failure in failures[:10]:
        print(f"  {failure}")
    database_ok = check_database(env)
    read_ratio = rows[1]["reads_per_s"] / rows[0]["reads_per_s"] if rows[0]["reads_per_s"] else 0.0
    p99_ratio = rows[1]["p99"] / rows[0]["p99"] if rows[0]["p99"] else float("inf")
    met = (
        read_ratio >= TARGETS["read_ratio"]
        and rows[1]["hits"] >= TARGETS["hit_rush"]
        and p99_ratio <= TARGETS["p99_ratio"]
        and tally.done > 0
    )
    print(
        f"targets: read_ratio >= {TARGETS['read_ratio']}, hit_rush >= {TARGETS['hit_rush']}, "
        f"p99_ratio <= {TARGETS['p99_ratio']}, no overbooking or duplicate: "
        f"{'met' if met and database_ok and not failures else 'NOT met'}"
    )
    print(
        f"bench-rush: read_ratio={read_ratio:.2f} p99_ratio={p99_ratio:.2f} "
        f"hit_rush={rows[1]['hits']:.3f} reg_per_s={registrations_per_s:.1f}"
    )
    return 0 if met and database_ok and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
