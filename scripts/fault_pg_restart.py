#!/usr/bin/env python
"""Restart PostgreSQL under load and check that the site recovers by itself.

    make fault-pg-restart        # or: .venv/bin/python scripts/fault_pg_restart.py

Creates a private PostgreSQL cluster (``pg_createcluster``, port 5439, trust auth on
loopback) so that the restart disturbs nobody else, loads the demo into it, starts
gunicorn (2 workers, production settings, persistent connections with health checks),
sends requests from 4 threads for ~12 s, restarts the cluster with ``pg_ctlcluster``
after 3 s, then checks that every request after the restart succeeds and /health/ says
ok. Drops the cluster at the end. Needs root (as CI and the dev machines are). Bounded:
loopback only, fixed duration.
"""

import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import Server, bench_env, ensure_database, fetch, manage  # noqa: E402

VERSION = next(iter(sorted(p.name for p in Path("/etc/postgresql").iterdir())), "15")
CLUSTER, PORT, WEB_PORT = "ectlfault", 5439, 8471
GRACE = 2.0  # seconds after the restart command returns
URL = f"postgres://postgres@127.0.0.1:{PORT}/ectl_fault"
PAGES = ["/fr/", "/fr/2021/", "/bench/baseline/"]


def sh(*command, check=True):
    return subprocess.run(command, check=check, capture_output=True, text=True)  # noqa: S603


def main():
    sh("pg_dropcluster", "--stop", VERSION, CLUSTER, check=False)
    sh("pg_createcluster", VERSION, CLUSTER, "--port", str(PORT), "--start", "--", "--auth=trust")
    try:
        ensure_database(URL)
        env = bench_env(URL)
        env["CONN_MAX_AGE"] = "600"
        manage(env, "migrate", "--no-input", capture=True)
        manage(env, "load_demo", capture=True)
        page = PAGES[1]
        results, stop = [], threading.Event()

        log = open("/tmp/fault_pg_restart.log", "w")  # noqa: SIM115, S108
        with Server(env, WEB_PORT, log=log):
            assert fetch(WEB_PORT, page)[0] == 200

            def load():
                while not stop.is_set():
                    try:
                        status = fetch(WEB_PORT, page)[0]
                    except OSError:
                        status = 0
                    results.append((time.monotonic(), status))

            threads = [threading.Thread(target=load) for _ in range(4)]
            for thread in threads:
                thread.start()
            time.sleep(3)
            began = time.monotonic()
            sh("pg_ctlcluster", "--skip-systemctl-redirect", VERSION, CLUSTER, "restart")
            restarted = time.monotonic()
            time.sleep(8)
            stop.set()
            for thread in threads:
                thread.join(30)

            # PostgreSQL accepts connections a moment after pg_ctlcluster returns.
            after = [status for at, status in results if at > restarted + GRACE]
            failed = [status for at, status in results if status != 200]
            final = [fetch(WEB_PORT, path)[0] for path in PAGES * 3]
            health = fetch(WEB_PORT, "/health/")
            print(
                f"requests: {len(results)}, failed: {len(failed)} (statuses {sorted(set(failed))}); "
                "app log: /tmp/fault_pg_restart.log"
            )
            print(
                f"restart took {restarted - began:.1f} s; requests after it: {len(after)}, "
                f"failed after it: {sum(1 for s in after if s != 200)}"
            )
            print(f"final checks: {final}; health: {health[0]} {health[1].decode()}")
            ok = after and all(s == 200 for s in after) and all(s == 200 for s in final) and health[0] == 200
            print("fault-pg-restart: " + ("recovered" if ok else "NOT recovered"))
            return 0 if ok else 1
    finally:
        sh("pg_dropcluster", "--stop", VERSION, CLUSTER, check=False)


if __name__ == "__main__":
    sys.exit(main())
