"""Benchmark the public pages under gunicorn, cold and cached, against a baseline view.

    make bench                      # or: .venv/bin/python -m portal.bench.pages
    .venv/bin/python -m portal.bench.pages --duration 5 --connections 8 --port 8470

What it does, in one run:

1. prepares a PostgreSQL database (``BENCH_DATABASE_URL``, by default
   ``postgres://postgres@127.0.0.1:5432/ectl_bench``): creates it if missing, migrates,
   loads the 2021 demo edition (``load_demo``), and collects static files;
2. counts, in-process under production settings with the page cache off
   (``manage.py bench_probe pages``, portal/bench/probes.py), the SQL queries of one
   render of each page (after a first render has warmed the process, as
   under load) and the size of its HTML;
3. starts gunicorn (2 workers, production settings, DEBUG off, a dummy SECRET_KEY,
   ALLOWED_HOSTS=127.0.0.1, HTTPS redirect off for loopback) twice: page cache off, then
   on (over Redis when it answers on ``BENCH_REDIS_URL``, otherwise local memory);
4. measures each page with ``wrk`` (8 connections, a few seconds each, after a short
   warm-up); without wrk, a bounded Python load generator is used instead. Nothing is
   installed at run time;
5. prints one line per page and, last, the summary line
   ``bench: cached_vs_baseline=<r> uncached_vs_baseline=<r> max_queries=<n>``
   where the ratios are those of the worst page. Targets: cached >= 0.5,
   uncached >= 0.03, max_queries <= 15. Each page is measured in ``--rounds`` rounds
   interleaved with the baseline and its best round kept; ``cpu ms`` is the CPU time of
   one render in-process (less sensitive than throughput to other load on the machine).

Loopback only; every load run is bounded in time. Not a test: figures depend on the
machine and on what else runs on it.
"""

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time

from portal.bench.common import Server, bench_env, ensure_database, fetch, log, manage, probe, redis_answers

PAGES = ["home", "edition", "day", "workshop", "route"]
TARGETS = {"cached": 0.5, "uncached": 0.03, "queries": 15}


# --- Load generators ---------------------------------------------------------------

_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip()).groups()
    return float(number) * _UNITS[unit]


def run_wrk(port, path, duration, connections):
    url = f"http://127.0.0.1:{port}{path}"
    subprocess.run(["wrk", "-t1", "-c", str(connections), "-d1s", url], capture_output=True, check=False)  # noqa: S603, S607
    output = subprocess.run(  # noqa: S603
        ["wrk", "-t2", "-c", str(connections), f"-d{duration}s", "--latency", "--timeout", "10s", url],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def run_python_load(port, path, duration, connections):
    """Fallback when wrk is missing: keep-alive connections in threads, bounded in time."""
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + duration

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers={"Host": "127.0.0.1"})
                response = connection.getresponse()
                response.read()
                if response.status >= 400:
                    with lock:
                        errors[0] += 1
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                with lock:
                    errors[0] += 1
                continue
            mine.append((time.perf_counter() - started) * 1000)
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 15)
    latencies.sort()
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0] * 99
    return {
        "rps": len(latencies) / duration,
        "p50": quantiles[49],
        "p99": quantiles[98],
        "errors": errors[0],
        "socket_errors": "",
    }


# --- Main --------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "4")))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")))
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8470")))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ectl_bench"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9"))
    parser.add_argument("--skip-setup", action="store_true", help="reuse the database as it is")
    parser.add_argument("--show-sql", action="store_true", help="print the queries of each render")
    parser.add_argument("--load", choices=["auto", "wrk", "python"], default="auto")
    return parser.parse_args()


def prepare(args, env):
    """The database ready (unless ``--skip-setup``), then the in-process measures."""
    if not args.skip_setup:
        ensure_database(args.database_url)
        log("migrate, load_demo, collectstatic ...")
        manage(env, "migrate", "--no-input", capture=True)
        manage(env, "load_demo", capture=True)
        manage(env, "collectstatic", "--no-input", capture=True)

    log("counting queries per uncached render ...")
    pages = probe(env, "pages")
    for name in ["baseline", *PAGES]:
        info = pages[name]
        if not info.get("url") or info.get("status") != 200:
            sys.exit(f"bench: page {name} unavailable ({info})")
        if args.show_sql and name != "baseline":
            log(f"--- {name} {info['url']}: {info['queries']} queries")
            for query in info["sql"]:
                log("    " + query[:300])
    return pages


def measure_load(args, pages, redis_url, load):
    """{(page, mode): best row}. Every round measures each page and the baseline,
    interleaved, and the best round is kept: on a shared machine other processes can
    only ever slow a run down."""
    results = {}
    runs = [
        ("uncached", bench_env(args.database_url)),
        ("cached", bench_env(args.database_url, True, redis_url)),
    ]
    for label, server_env in runs:
        log(f"gunicorn ({label}, {args.workers} workers) on 127.0.0.1:{args.port} ...")
        with Server(server_env, args.port, args.workers):
            for name in ["baseline", *PAGES]:
                status, _body = fetch(args.port, pages[name]["url"])
                if status != 200:
                    sys.exit(f"bench: {pages[name]['url']} answered {status}")
            for round_number in range(args.rounds):
                for name in ["baseline", *PAGES]:
                    key = ("baseline", "-") if name == "baseline" else (name, label)
                    row = load(args.port, pages[name]["url"], args.duration, args.connections)
                    if key not in results or row["rps"] > results[key]["rps"]:
                        results[key] = row
                    log(f"  round {round_number + 1} {name:9} {label:9} {row['rps']:9.1f} req/s")
    return results


def report(pages, results):
    """Print the table and the summary line; the worst ratio per mode."""
    baseline = results[("baseline", "-")]["rps"]
    header = (
        f"{'page':9} {'mode':9} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>7} "
        f"{'queries':>7} {'cpu ms':>7} {'bytes':>7}  url"
    )
    print(header)
    print("-" * len(header))
    worst = {"cached": None, "uncached": None}
    for name in ["baseline", *PAGES]:
        for label in ("-",) if name == "baseline" else ("uncached", "cached"):
            row, info = results[(name, label)], pages[name]
            ratio = row["rps"] / baseline
            if label in worst:
                worst[label] = ratio if worst[label] is None else min(worst[label], ratio)
            flags = f"  [{row['errors']} errors]" if row["errors"] else ""
            print(
                f"{name:9} {label:9} {row['rps']:9.1f} {row['p50']:8.2f} {row['p99']:8.2f} {ratio:7.3f} "
                f"{info['queries']:7d} {info['cpu_ms']:7.2f} {info['bytes']:7d}  {info['url']}{flags}"
            )
    max_queries = max(pages[name]["queries"] for name in PAGES)
    met = (
        worst["cached"] >= TARGETS["cached"]
        and worst["uncached"] >= TARGETS["uncached"]
        and max_queries <= TARGETS["queries"]
    )
    print(
        f"targets: cached >= {TARGETS['cached']}, uncached >= {TARGETS['uncached']}, "
        f"queries <= {TARGETS['queries']}: {'met' if met else 'NOT met'}"
    )
    print(
        f"bench: cached_vs_baseline={worst['cached']:.3f} uncached_vs_baseline={worst['uncached']:.3f} "
        f"max_queries={max_queries}"
    )


def main():
    args = parse_args()
    load = run_wrk if shutil.which("wrk") and args.load != "python" else run_python_load
    if args.load == "wrk" and load is not run_wrk:
        sys.exit("wrk is not installed")
    redis_url = args.redis_url if redis_answers(args.redis_url) else ""
    pages = prepare(args, bench_env(args.database_url))
    results = measure_load(args, pages, redis_url, load)
    print(
        f"load generator: {'wrk' if load is run_wrk else 'python'}, {args.connections} connections, "
        f"best of {args.rounds} runs of {args.duration} s, {args.workers} gunicorn workers, "
        f"cache: {'redis' if redis_url else 'locmem'}, load average {os.getloadavg()[0]:.1f}"
    )
    report(pages, results)


if __name__ == "__main__":
    main()
