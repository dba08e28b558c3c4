"""Fixtures and hooks shared by every app's tests and the whole-site tests in tests/.

Keep this file small and generic: a fixture that only one app needs belongs in that
app's ``tests/conftest.py``.

The suite runs in several processes (pytest-xdist, ``make test``): each worker has its
own test database (pytest-django adds ``_gw0``... to its name), media directory
(portal/settings/test.py) and live server port, and runs whole test files
(``--dist loadfile``), so that a module's data built once (``module_database``) is built
once, not once per worker.
"""

import datetime
import os
import threading
import warnings
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from unittest import mock

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import IntegrityError, connections, transaction
from django.db.utils import ConnectionHandler
from django.urls import reverse
from django.utils import translation
from django_tasks_db.management.commands.db_worker import Worker
from pytest_django.plugin import blocking_manager_key
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, Site
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from home.factories import EditionPageFactory, HomePageFactory
from programme.factories import PersonFactory, ProgrammeDayPageFactory, VenueFactory, WorkshopPageFactory

# Playwright's sync API runs an event loop in the test thread; Django then refuses ORM
# calls from it unless told this is safe (it is: one thread, the live server in another).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """pytest-django's test databases, with the serialized migrated state (see
    ``pytest_collection_modifyitems``) reachable from every connection object.

    Django keeps that state on the connection object of the thread that created the test
    database. Once Playwright's event loop runs in the test thread, Django's connection
    handler hands out new connection objects (its storage follows the async context),
    which would not have it: a browser test would then start from an empty database."""
    contents = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    create_connection = ConnectionHandler.create_connection

    def create_connection_with_contents(self, alias):
        connection = create_connection(self, alias)
        if alias in contents:
            connection._test_serialized_contents = contents[alias]
        return connection

    ConnectionHandler.create_connection = create_connection_with_contents
    yield
    ConnectionHandler.create_connection = create_connection


# Debian's Chromium (RECIPES.md): Playwright cannot download its own browsers here.
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Playwright on Debian's Chromium; every test that drives a browser is skipped, with
    the reason, where it is not installed (``make test`` installs it as root or with
    passwordless sudo)."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium is not installed ({CHROMIUM}: apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def module_database(django_db_setup, django_db_blocker):
    """For data that takes seconds to build (the demo, a translated edition): a
    module-scoped fixture builds it once, inside ``with module_database():``, and
    yields; the module's tests then run in savepoints of that transaction, rolled back
    after the module. Wagtail's caches (site root paths, renditions) would outlive the
    rollback: they are cleared at both ends."""

    @contextmanager
    def transaction_for_the_module():
        with django_db_blocker.unblock(), transaction.atomic():
            cache.clear()
            yield
            transaction.set_rollback(True)
        cache.clear()

    return transaction_for_the_module


@pytest.fixture
def locales(db):
    """The two content locales: French (source, default) and English."""
    french, _ = Locale.objects.get_or_create(language_code="fr")
    english, _ = Locale.objects.get_or_create(language_code="en")
    return SimpleNamespace(fr=french, en=english)


def run_queued_tasks(max_tasks=None):
    """Run the queued registration e-mails the way ``manage.py db_worker --batch
    --backend mail`` does (portal/settings/test.py), in this thread and transaction (the command itself would
    also install signal handlers and change the loggers' levels); at most ``max_tasks``."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=settings.REGISTRATION_TASK_BACKEND,
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="pytest",
        excluded_queue_names=[],
    )
    # The worker closes "old" connections between tasks; inside a test's transaction
    # that would close the test's own (on a SQLite file as on PostgreSQL).
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()


@pytest.fixture
def run_tasks():
    """``run_tasks()`` runs what is queued (see run_queued_tasks)."""
    return run_queued_tasks


@pytest.fixture
def site_tree(locales):
    """A French HomePage serving as the root of the default Site.

    Wagtail's initial migration leaves a placeholder "Welcome" page as the site root;
    it is removed so that ``/fr/`` serves our HomePage. Returns a namespace with
    ``root`` (the tree root), ``home`` (the HomePage), ``site`` and ``locales``.
    """
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root, title="En Compagnie des Tiers-Lieux", slug="accueil")
    Site.objects.all().delete()
    site = Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="ECTL"
    )
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return SimpleNamespace(root=root, home=home, site=site, locales=locales)


@pytest.fixture
def post_page_form(admin_client):
    """Submit Wagtail's "add page" form as a logged-in superuser.

    ``post_page_form(parent, PageModel, data)`` POSTs ``data`` (flat form data, see
    ``wagtail.test.utils.form_data``) to ``wagtailadmin_pages:add`` and publishes the page;
    it returns the response without following redirects: 302 on success, 200 with the
    form errors otherwise.
    """

    def post(parent, model, data, publish=True):
        url = reverse(
            "wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk]
        )
        data = dict(data)
        if publish:
            data["action-publish"] = "action-publish"
        return admin_client.post(url, data)

    return post


@pytest.fixture
def demo_users(db, settings):
    """The four demo accounts of ``load_demo_users`` (groups and workflow included), as
    ``demo_users.editeur`` etc.; each password is ``demo-<username>``."""
    settings.DEBUG = True
    call_command("load_demo_users", stdout=open(os.devnull, "w"))  # noqa: SIM115
    users = {user.username: user for user in get_user_model().objects.all()}
    return SimpleNamespace(**users)


@pytest.fixture
def programme(site_tree):
    """Edition 2021 (Lille, 29 November) with one published day: a plenary on its own,
    then slot 2 with one workshop; four people and the rooms of the Bazaar St So."""
    edition = EditionPageFactory(
        parent=site_tree.home, year=2021, start_date=datetime.date(2021, 11, 29), city="Lille"
    )
    day = ProgrammeDayPageFactory(parent=edition, title="Lundi 29 novembre", slug="29-novembre")
    bazaar = VenueFactory(name="Bazaar St So")
    halls = VenueFactory(name="Les Halles", part_of=bazaar)
    room = VenueFactory(name="Salle Tiers-Lieux", part_of=bazaar)
    people = [
        PersonFactory(name="Yaël Benayoun", organisation="Le Mouton Numérique"),
        PersonFactory(name="Benjamin Bayart", organisation="La Quadrature du Net"),
        PersonFactory(name="Agnès Mercier", organisation="La Coroutine"),
        PersonFactory(name="Julien Lemoine", organisation="Tiers-Lieux Hauts-de-France"),
    ]
    plenary = WorkshopPageFactory(
        parent=day,
        title="Plénière d'ouverture",
        format="plenary",
        venue=halls,
        registration_required=True,
        capacity=200,
    )
    workshop = WorkshopPageFactory(parent=day, title="Atelier Communs numériques", slot=2, venue=room)
    return SimpleNamespace(
        site=site_tree,
        edition=edition,
        day=day,
        bazaar=bazaar,
        halls=halls,
        room=room,
        people=people,
        plenary=plenary,
        workshop=workshop,
    )


@pytest.fixture
def page_form_data():
    """``page_form_data(client, url, model, streams=None)``: the data of the page form at
    ``url`` as the browser would send it, to change a few fields and post back.

    StreamFields are drawn by JavaScript, so their inputs are not in the HTML: they are
    sent empty unless ``streams`` gives their blocks, e.g.
    ``streams={"body": [("paragraph", rich_text("<p>Bonjour</p>"))]}``.
    """

    def get(client, url, model, streams=None):
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        data = querydict_from_html(response.content.decode(), form_id="page-edit-form").copy()
        streams = streams or {}
        for model_field in model._meta.get_fields():
            if isinstance(model_field, StreamField) and f"{model_field.name}-count" not in data:
                blocks = streams.get(model_field.name, [])
                data.update(nested_form_data({model_field.name: streamfield(blocks)}))
        return data

    return get


def pytest_collection_modifyitems(items):
    """Every transactional test starts from the migrated database (content types,
    permissions, Wagtail's root page, default site and locale).

    Django flushes the database after a transactional test. Without serialized rollback
    the flush re-creates content types and permissions under new ids, and a later test
    that restores the serialized database then collides with them; with serialized
    rollback everywhere, each one restores the same state and the flush leaves nothing."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            item.add_marker(
                pytest.mark.django_db(*marker.args, **{**marker.kwargs, "serialized_rollback": True}),
                append=False,
            )


def _is_transactional(item):
    """What pytest-django runs as a TransactionTestCase (its own rule)."""
    marker = item.get_closest_marker("django_db")
    kwargs = marker.kwargs if marker else {}
    return bool(
        kwargs.get("transaction")
        or kwargs.get("reset_sequences")
        or {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    )


class _RequestsInFlight:
    """How many requests a WSGI server (the live server) is answering, from Django's
    request signals. The test client's are left out: a streamed response that a test
    never reads would never finish."""

    def __init__(self):
        self.count = 0
        self.changed = threading.Condition()

    def started(self, sender, **kwargs):
        if not issubclass(sender, WSGIHandler):
            return
        with self.changed:
            self.count += 1

    def finished(self, sender, **kwargs):
        if sender is None or not issubclass(sender, WSGIHandler):
            return
        with self.changed:
            self.count -= 1
            self.changed.notify_all()

    def wait_until_none(self, timeout):
        with self.changed:
            return self.changed.wait_for(lambda: self.count <= 0, timeout=timeout)


_requests_in_flight = _RequestsInFlight()
request_started.connect(_requests_in_flight.started, dispatch_uid="conftest-requests-started")
request_finished.connect(_requests_in_flight.finished, dispatch_uid="conftest-requests-finished")


@pytest.fixture(autouse=True)
def _live_server_quiet_before_flush(request):
    """After a test with the live server, wait (a few seconds at most) for the requests it
    is still answering before the database is flushed.

    The browser is closed by then (the page fixture is torn down first), but the server
    still answers what it was sent: the companion's service worker warms the edition's
    pages in the background. A request reading while the flush truncates every table
    can deadlock with it on PostgreSQL, and the flush is the one aborted."""
    yield
    if "live_server" in request.fixturenames and not _requests_in_flight.wait_until_none(timeout=15):
        warnings.warn("the live server was still answering requests 15 s after the test", stacklevel=1)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, put the migrated database back at once.

    Django flushes the database after a transactional test and, with serialized
    rollback, restores it only when the next transactional test starts. A single process
    runs the transactional tests last (pytest-django orders them so); under xdist a
    worker runs whole files in the order it is given them, so ordinary tests can follow
    and would find an empty database (no root page, content types gone)."""
    yield
    # After the last test, the session's fixtures (the test database itself) are gone.
    if nextitem is None or not _is_transactional(item):
        return
    with item.config.stash[blocking_manager_key].unblock():
        for alias in connections:
            contents = getattr(connections[alias], "_test_serialized_contents", None)
            if contents:
                _restore(alias, contents)


def _restore(alias, contents):
    """Load the migrated state into the flushed database. Where the flush did not empty
    it (it lost a deadlock to a request the live server was still answering), empty it
    again first: one test's bad ending must not fail every transactional test after it."""
    creation = connections[alias].creation
    try:
        creation.deserialize_db_from_string(contents)
    except IntegrityError:
        call_command("flush", database=alias, interactive=False, inhibit_post_migrate=True, verbosity=0)
        creation.deserialize_db_from_string(contents)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI (REQUIRE_BROWSER_TESTS=1) a skipped browser test is a failure: a missing
    Chromium must not turn the accessibility and visitor checks into silent passes."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and item.get_closest_marker("browser") and os.environ.get("REQUIRE_BROWSER_TESTS"):
        report.outcome = "failed"
        report.longrepr = f"browser test skipped while REQUIRE_BROWSER_TESTS is set: {report.longrepr}"


@pytest.fixture(autouse=True)
def _french_by_default():
    """Each test starts in the default language: a test that activates English must not
    change the messages another test reads."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def skip_reason(report):
    """The reason of a skipped test's report (a ``(path, line, reason)`` tuple, a list
    once it has come back from an xdist worker)."""
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple | list) and len(longrepr) == 3 else str(longrepr)
    return reason.removeprefix("Skipped: ")


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter):
    """End the run with what did not run and why (a missing Chromium, Java or PostgreSQL),
    one line per reason, so that a skip is never mistaken for a pass."""
    skipped = [
        report for report in terminalreporter.stats.get("skipped", []) if not hasattr(report, "wasxfail")
    ]
    if not skipped:
        return
    reasons = Counter(skip_reason(report) for report in skipped)
    terminalreporter.section("skipped tests", sep="-", yellow=True)
    for reason, count in reasons.most_common():
        terminalreporter.write_line(f"{count} skipped: {reason}")
    count = f"{len(skipped)} test{'s' if len(skipped) > 1 else ''}"
    terminalreporter.write_line(f"{count} skipped in all, for the reasons above.", yellow=True)
