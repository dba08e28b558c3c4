"""Restart PostgreSQL under load and check that the site recovers by itself.

    make fault-pg-restart        # or: .venv/bin/python -m portal.bench.fault_pg_restart

Creates a private PostgreSQL cluster (``pg_createcluster``, port 5439, trust auth on
loopback) so that the restart disturbs nobody else, loads the demo into it, starts
gunicorn (2 workers, production settings, persistent connections with health checks),
sends page requests from 4 threads and registrations from 2 more for ~12 s, restarts the
cluster with ``pg_ctlcluster`` after 3 s, then checks that every request after the
restart succeeds, that /health/ says ok, and that no registration was lost or duplicated:
a visitor whose submission failed submits the same form again (same submission key), as
the registration page invites them to; every registration the site confirmed is in the
database exactly once. Drops the cluster at the end. Needs root (as CI and the dev machines are). Bounded:
loopback only, fixed duration.
"""

import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

from portal.bench.common import Server, bench_env, ensure_database, fetch, manage, probe
from portal.bench.registration import CSRF_INPUT, Client

CLUSTER, PORT, WEB_PORT = "ectlfault", 5439, 8471
GRACE = 2.0  # seconds after the restart command returns
URL = f"postgres://postgres@127.0.0.1:{PORT}/ectl_fault"
PAGES = ["/fr/", "/fr/2021/", "/bench/baseline/"]


def sh(*command, check=True):
    return subprocess.run(command, check=check, capture_output=True, text=True)  # noqa: S603


class Registrant:
    """Registers one visitor after another; a submission that fails (connection cut,
    5xx) is sent again, unchanged, until the site answers it."""

    def __init__(self, port, sessions, prefix):
        self.client, self.sessions, self.prefix = Client(port), sessions, prefix
        self.confirmed, self.refused, self.retries, self.count = [], [], 0, 0

    def token(self):
        status, content, _ = self.client.request("GET", f"/fr/inscriptions/seance/{self.sessions[0]['id']}/")
        match = CSRF_INPUT.search(content)
        return match.group(1).decode() if status == 200 and match else None

    def run(self, stop):
        while not stop.is_set():
            session = self.sessions[self.count % len(self.sessions)]
            email = f"fault-{self.prefix}-{self.count}@example.org"
            self.count += 1
            fields = {
                "first_name": "Fault",
                "last_name": email,
                "email": email,
                "consent": "on",
                "website": "",
                "submission_key": uuid.uuid4().hex,
                **session["answers"],
            }
            while True:  # the same submission until the site answers it (bounded by stop)
                try:
                    token = self.token()
                    if token:
                        body = urlencode({**fields, "csrfmiddlewaretoken": token}).encode()
                        status, _, location = self.client.request(
                            "POST", f"/fr/inscriptions/seance/{session['id']}/", body
                        )
                        if status == 302 and "/inscriptions/resultat/" in location:
                            self.confirmed.append(email)
                            break
                        if status < 500:  # refused with a message (full, closed, clash)
                            self.refused.append(email)
                            break
                except OSError:
                    pass
                self.retries += 1
                if stop.is_set():
                    return
                time.sleep(0.2)


def postgres_version():
    """The installed PostgreSQL major version (Debian's /etc/postgresql/<version>/)."""
    return next(iter(sorted(p.name for p in Path("/etc/postgresql").iterdir())), "15")


def main():
    version = postgres_version()
    sh("pg_dropcluster", "--stop", version, CLUSTER, check=False)
    sh("pg_createcluster", version, CLUSTER, "--port", str(PORT), "--start", "--", "--auth=trust")
    try:
        ensure_database(URL)
        env = bench_env(URL)
        env["CONN_MAX_AGE"] = "600"
        env["REGISTRATION_RATE_LIMIT"] = "0"  # every visitor here comes from 127.0.0.1
        manage(env, "migrate", "--no-input", capture=True)
        manage(env, "load_demo", capture=True)
        sessions = probe(env, "sessions")
        if not sessions:
            manage(env, "start_demo_edition", "2021", capture=True)
            sessions = probe(env, "sessions")
        # Sessions with room enough that every registration of the run is accepted.
        sessions = sorted(sessions, key=lambda s: -(s["capacity"] or 0))[:4]
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

            registrants = [Registrant(WEB_PORT, sessions, prefix) for prefix in ("a", "b")]
            threads = [threading.Thread(target=load) for _ in range(4)]
            threads += [threading.Thread(target=r.run, args=(stop,)) for r in registrants]
            for thread in threads:
                thread.start()
            time.sleep(3)
            began = time.monotonic()
            sh("pg_ctlcluster", "--skip-systemctl-redirect", version, CLUSTER, "restart")
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

        # Every registration the site confirmed is stored once; none is stored twice.
        stored = probe(env, "fault_registrations")
        confirmed = [email for r in registrants for email in r.confirmed]
        lost = [email for email in confirmed if email not in stored]
        duplicated = [email for email, n in stored.items() if n > 1]
        print(
            f"registrations: {len(confirmed)} confirmed, {sum(len(r.refused) for r in registrants)} refused, "
            f"{sum(r.retries for r in registrants)} submissions sent again; in the database: {len(stored)}, "
            f"lost: {len(lost)}, duplicated: {len(duplicated)}"
        )
        ok = (
            after
            and all(s == 200 for s in after)
            and all(s == 200 for s in final)
            and health[0] == 200
            and confirmed
            and not lost
            and not duplicated
        )
        print("fault-pg-restart: " + ("recovered" if ok else "NOT recovered"))
        return 0 if ok else 1
    finally:
        sh("pg_dropcluster", "--stop", version, CLUSTER, check=False)


if __name__ == "__main__":
    sys.exit(main())
