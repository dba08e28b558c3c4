"""The site keeps answering, and loses nothing, when a service it depends on fails:
Redis down, the mail server down, PostgreSQL dropping its connections."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from home.factories import EditionPageFactory
from portal.cache_connection import PausingConnection, pause
from programme.factories import ProgrammeDayPageFactory, WorkshopPageFactory

BASE_DIR = Path(__file__).resolve().parents[1]


# The options of the production cache (portal/settings/base.py), whatever the test
# settings use.
REDIS_OPTIONS = {"IGNORE_EXCEPTIONS": True, "CONNECTION_POOL_KWARGS": {"connection_class": PausingConnection}}


def closed_port():
    """A local port nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def registration_data(**overrides):
    return {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.org",
        "consent": "on",
        "submission_key": "fault-test",
        **overrides,
    }


@pytest.fixture
def workshop(site_tree):
    edition = EditionPageFactory(parent=site_tree.home, year=2099, slug="edition")
    day = ProgrammeDayPageFactory(parent=edition, slug="jour-1")
    return WorkshopPageFactory(parent=day, slug="atelier", registration_required=True, capacity=5)


# --- Redis down ---------------------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    """The production cache configuration, pointed at a port where nothing answers."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {**REDIS_OPTIONS, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    settings.PAGE_CACHE = True
    yield
    pause.clear()


def test_pages_are_served_uncached_when_redis_is_down(client, workshop, redis_down):
    for url in ["/fr/", "/fr/edition/", "/fr/edition/jour-1/atelier/", "/fr/edition/jour-1/atelier/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Page-Cache"] == "pass"


def test_health_reports_degraded_when_redis_is_down(client, db, redis_down):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "error"}


def test_admin_login_works_and_stays_throttled_when_redis_is_down(client, admin_user, redis_down):
    # The login lockout counts in the database (django-axes), not in the cache.
    for _ in range(4):
        assert client.post("/admin/login/", {"username": "admin", "password": "wrong"}).status_code == 200
    assert client.post("/admin/login/", {"username": "admin", "password": "password"}).status_code == 302
    client.logout()
    for _ in range(4):
        client.post("/admin/login/", {"username": "admin", "password": "wrong"})
    assert client.post("/admin/login/", {"username": "admin", "password": "wrong"}).status_code == 429
    assert client.post("/admin/login/", {"username": "admin", "password": "password"}).status_code == 429


def test_registration_works_when_redis_is_down(
    client, workshop, redis_down, django_capture_on_commit_callbacks
):
    from programme.registrations.models import Registration

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/fr/inscriptions/seance/{workshop.pk}/", registration_data())
    assert response.status_code == 302
    assert Registration.objects.filter(attendee__email="ada@example.org").count() == 1


def test_publishing_works_when_redis_is_down(workshop, redis_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workshop.save_revision().publish()


# --- Redis hangs --------------------------------------------------------------------


@pytest.fixture
def redis_hangs(settings):
    """The production cache configuration, pointed at a server that accepts connections
    and never answers (a hung Redis, not a refusing one)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)  # the kernel completes the handshakes; nothing ever reads or writes
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.getsockname()[1]}/0",
            "OPTIONS": {**REDIS_OPTIONS, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    settings.PAGE_CACHE = True
    yield
    server.close()
    pause.clear()


def test_pages_and_registration_stay_quick_when_redis_hangs(
    client, workshop, redis_hangs, django_capture_on_commit_callbacks
):
    """The first cache operation waits for its timeout; the following ones do not wait
    at all while the pause lasts (portal/cache_connection.py). Before it, each page took
    3 to 6 seconds."""
    from programme.registrations.models import Registration

    started = time.monotonic()
    assert client.get("/fr/edition/jour-1/atelier/").status_code == 200
    assert time.monotonic() - started < 2  # one timeout (0.5 s), not one per operation
    started = time.monotonic()
    for url in ["/fr/edition/jour-1/", "/fr/edition/jour-1/atelier/", "/fr/edition/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["X-Page-Cache"] == "pass"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/fr/inscriptions/seance/{workshop.pk}/", registration_data())
    assert response.status_code == 302
    assert Registration.objects.filter(attendee__email="ada@example.org").count() == 1
    assert time.monotonic() - started < 0.5 * 2  # less than two timeouts for all four requests


def test_redis_is_tried_again_after_the_pause(redis_hangs, monkeypatch):
    from django.core.cache import cache

    from portal import cache_connection

    cache.get("anything")
    assert pause.active
    monkeypatch.setattr(cache_connection, "PAUSE", 0.0)
    pause.start()  # a pause of no length: over at once
    started = time.monotonic()
    cache.get("anything")  # tried again: waits for the timeout once more
    assert time.monotonic() - started >= 0.4
    assert pause.active is False  # PAUSE is 0: the new pause is already over


# --- Mail server down ---------------------------------------------------------------


def test_registration_is_kept_and_mail_retried_when_the_mail_server_is_down(
    client, workshop, settings, django_capture_on_commit_callbacks, run_tasks
):
    from programme.registrations.models import OutgoingEmail, Registration

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/fr/inscriptions/seance/{workshop.pk}/", registration_data())

    assert response.status_code == 302  # the visitor sees the result page, not an error
    registration = Registration.objects.get(attendee__email="ada@example.org")
    email = OutgoingEmail.objects.get(registration=registration)
    assert email.sent_at is None and email.attempts == 0  # the request did not try
    run_tasks()  # the worker tries, fails, records it and enqueues a later attempt
    email.refresh_from_db()
    assert email.sent_at is None and email.attempts == 1 and email.last_error

    # The mail server is back: the safety net sends what is pending, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_mail", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("send_pending_mail", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ada@example.org"]
    email.refresh_from_db()
    assert email.sent_at is not None


class SMTPStub:
    """A mail server on 127.0.0.1 (random port) that accepts connections and then either
    never answers (``hang``, what a stuck server does) or speaks just enough SMTP to take
    messages, keeping each one's recipients in ``received``."""

    def __init__(self):
        self.hang = True
        self.received = []
        self.stopped = threading.Event()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(32)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self.handle, args=(conn,), daemon=True).start()

    def handle(self, conn):
        with conn:
            if self.hang:
                self.stopped.wait()  # holds the connection open, silent
                return
            reader = conn.makefile("rb")
            conn.sendall(b"220 stub\r\n")
            recipients = []
            for raw in reader:
                command = raw.decode().strip().upper()
                if command.startswith("DATA"):
                    conn.sendall(b"354 go on\r\n")
                    while reader.readline() not in (b".\r\n", b""):
                        pass
                    self.received.append(recipients)
                    recipients = []
                    conn.sendall(b"250 kept\r\n")
                elif command.startswith("RCPT"):
                    recipients.append(command.split("<", 1)[1].rstrip(">").lower())
                    conn.sendall(b"250 ok\r\n")
                elif command.startswith("QUIT"):
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 ok\r\n")

    def close(self):
        self.stopped.set()
        self.sock.close()
        self.thread.join(2)


@pytest.fixture
def smtp_stub(settings):
    stub = SMTPStub()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", stub.port, False
    settings.EMAIL_TIMEOUT = 5  # before this change, every registration waited this long
    settings.REGISTRATION_RATE_LIMIT = 0  # all from one address
    yield stub
    stub.close()


@pytest.mark.django_db(transaction=True)
def test_a_hanging_mail_server_neither_slows_nor_loses_registrations(
    workshop, smtp_stub, settings, run_tasks
):
    """20 registrations, 8 at a time, while the mail server accepts and never answers:
    each answered in under a second, all stored; once the server answers, the worker
    sends every e-mail exactly once. On SQLite too: no send holds the write lock (before
    this change, each request waited for EMAIL_TIMEOUT while holding it)."""
    from django_tasks_db.models import DBTaskResult

    from programme.registrations.models import OutgoingEmail, Registration

    workshop.capacity = 30
    workshop.save_revision().publish()
    url = f"/fr/inscriptions/seance/{workshop.pk}/"
    addresses = [f"person{i}@example.org" for i in range(20)]

    answers, barrier = [], threading.Barrier(8)

    def client_thread(mine):
        """One of 8 server threads: warm (its connection open), then its share of the 20."""
        client = Client()
        try:
            assert client.get(url).status_code == 200
            barrier.wait(30)
            for address in mine:
                started = time.monotonic()
                response = client.post(url, registration_data(email=address, submission_key=address))
                answers.append((response.status_code, time.monotonic() - started))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client_thread, args=(addresses[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert [status for status, _ in answers] == [302] * 20
    # Before this change each one waited for EMAIL_TIMEOUT (5 s here). Half of it is the
    # bound: a request that waited for the server cannot pass, and eight threads on two
    # busy cores (CI measured 1.7 s once on PostgreSQL) still do.
    assert max(seconds for _, seconds in answers) < settings.EMAIL_TIMEOUT / 2, answers
    assert Registration.objects.filter(session_key=workshop.translation_key).count() == 20
    assert OutgoingEmail.objects.filter(sent_at__isnull=True).count() == 20

    # The worker meets the hanging server: the attempt times out, is recorded, retried later.
    settings.EMAIL_TIMEOUT = 0.3
    run_tasks(max_tasks=1)
    failed = OutgoingEmail.objects.exclude(last_error="").get()
    assert failed.attempts == 1 and "timed out" in failed.last_error.lower()
    assert DBTaskResult.objects.filter(status="FAILED").count() == 1

    # The server answers again and the delays are over: everything goes, once.
    smtp_stub.hang = False
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_tasks()
    run_tasks()
    call_command("send_pending_mail", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert sorted(to for [to] in smtp_stub.received) == sorted(addresses)
    assert not OutgoingEmail.objects.filter(sent_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_form_posted_twice_at_once_registers_and_mails_once(workshop, smtp_stub, run_tasks):
    """A double click that reaches two server threads at the same instant."""
    from programme.registrations.models import OutgoingEmail, Registration

    smtp_stub.hang = False
    url = f"/fr/inscriptions/seance/{workshop.pk}/"
    barrier = threading.Barrier(2)

    def post(_):
        try:
            barrier.wait(10)
            return Client().post(url, registration_data()).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        statuses = list(pool.map(post, range(2)))

    assert statuses == [302, 302]  # both see the outcome page of the one registration
    assert Registration.objects.count() == 1 and OutgoingEmail.objects.count() == 1
    run_tasks()
    run_tasks()
    assert smtp_stub.received == [["ada@example.org"]]


# --- PostgreSQL dropping connections ------------------------------------------------


def get(port, path, timeout=10):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": "127.0.0.1"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


@pytest.fixture
def gunicorn_on_test_database(workshop, tmp_path):
    """gunicorn (2 workers, production settings, persistent connections) serving the
    test database, which the test fills and commits (transaction=True)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    db = connection.settings_dict
    port = closed_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
            "CONN_MAX_AGE": "600",
            "SECRET_KEY": "fault-test-" + "x" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "PAGE_CACHE": "false",
            "LOG_LEVEL": "CRITICAL",
            "GUNICORN_ACCESS_LOG": "",
            # Production pages need the hashed-file manifest: collect as a deployment does.
            "STATIC_ROOT": str(tmp_path / "static"),
        }
    )
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "--verbosity", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    process = subprocess.Popen(  # noqa: S603
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi:application",
            "-c",
            str(BASE_DIR / "deploy" / "gunicorn.conf.py"),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while get(port, "/health/", timeout=2) != 200:
            assert process.poll() is None, "gunicorn exited"
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.3)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_connections_recover_when_postgresql_drops_them_under_load(gunicorn_on_test_database):
    port = gunicorn_on_test_database
    url = "/fr/edition/jour-1/atelier/"
    for _ in range(6):  # every worker holds a persistent connection
        assert get(port, url) == 200

    statuses, stop = [], threading.Event()

    def load():
        deadline = time.monotonic() + 20
        while not stop.is_set() and time.monotonic() < deadline:
            statuses.append(get(port, url))

    threads = [threading.Thread(target=load) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    with connection.cursor() as cursor:  # what a PostgreSQL restart does to the app's connections
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        terminated = cursor.fetchone()[0]
    time.sleep(1.5)
    stop.set()
    for thread in threads:
        thread.join(30)

    assert terminated >= 1
    failures = [status for status in statuses if status != 200]
    # Only requests in flight at the very moment of the cut may fail (at most one per worker).
    assert len(failures) <= 2, failures
    assert all(get(port, url) == 200 for _ in range(6))
    assert get(port, "/health/") == 200


# --- Database unreachable: 503, not 500 ---------------------------------------------


@pytest.mark.parametrize(
    "error, status",
    [
        (lambda: __import__("django.db").db.OperationalError("server closed the connection"), 503),
        (RuntimeError, 500),
    ],
)
def test_database_outage_answers_503_with_retry_after(client, site_tree, monkeypatch, error, status):
    from wagtail.models import Page

    def broken(*args, **kwargs):
        raise error()

    monkeypatch.setattr(Page, "route_for_request", staticmethod(broken))
    client.raise_request_exception = False
    response = client.get("/fr/")
    assert response.status_code == status
    if status == 503:
        assert response["Retry-After"] == "10"
