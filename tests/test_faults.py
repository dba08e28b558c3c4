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
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from home.factories import EditionPageFactory
from programme.factories import ProgrammeDayPageFactory, WorkshopPageFactory

BASE_DIR = Path(__file__).resolve().parents[1]


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
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    settings.PAGE_CACHE = True


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


# --- Mail server down ---------------------------------------------------------------


def test_registration_is_kept_and_mail_retried_when_the_mail_server_is_down(
    client, workshop, settings, django_capture_on_commit_callbacks
):
    from programme.registrations.models import OutgoingEmail, Registration

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/fr/inscriptions/seance/{workshop.pk}/", registration_data())

    assert response.status_code == 302  # the visitor sees the result page, not an error
    registration = Registration.objects.get(attendee__email="ada@example.org")
    email = OutgoingEmail.objects.get(registration=registration)
    assert email.sent_at is None and email.attempts == 1 and email.last_error

    # The mail server is back: the cron job sends what is pending, once.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_mail", stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("send_pending_mail", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ada@example.org"]
    email.refresh_from_db()
    assert email.sent_at is not None


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
