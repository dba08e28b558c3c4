"""What the benchmarks share: the production-like environment, ``manage.py`` and
gunicorn in subprocesses, plain HTTP requests on the loopback, and the JSON the
``bench_probe`` management command prints."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def log(message):
    print(message, file=sys.stderr, flush=True)


def bench_env(database_url, page_cache=False, redis_url=""):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    for name in ("REDIS_URL", "PAGE_CACHE", "SECRET_KEY", "ALLOWED_HOSTS"):
        env.pop(name, None)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "bench-only-" + "x" * 60,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "PAGE_CACHE": "true" if page_cache else "false",
            "LOG_LEVEL": "WARNING",
            "GUNICORN_ACCESS_LOG": "",
        }
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env, *args, capture=False, timeout=600):
    return subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        text=True,
        capture_output=capture,
        timeout=timeout,
    )


def probe(env, name):
    """The JSON printed by ``manage.py bench_probe <name>`` (portal/bench/probes.py)."""
    output = manage(env, "bench_probe", name, capture=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH-JSON "))
    return json.loads(line[len("BENCH-JSON ") :])


def ensure_database(database_url):

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            log(f"creating database {name}")
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()


def redis_answers(url):
    parts = urlsplit(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 6379), timeout=0.5
        ) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


class Server:
    def __init__(self, env, port, workers=2, log=None):
        """``log``: an open file for gunicorn's and the app's output (default: discarded)."""
        self.env, self.port, self.workers = env, port, workers
        self.log = log if log is not None else subprocess.DEVNULL
        self.process = None

    def __enter__(self):
        command = [
            str(Path(PYTHON).parent / "gunicorn"),
            "portal.wsgi:application",
            "--config",
            str(BASE_DIR / "deploy" / "gunicorn.conf.py"),
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
        ]
        self.process = subprocess.Popen(  # noqa: S603
            command,
            cwd=BASE_DIR,
            env=self.env,
            start_new_session=True,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn exited at start")
            try:
                status, _ = fetch(self.port, "/health/")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /health/ within 60 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def fetch(port, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()
