"""Fixtures shared by every app's tests.

Keep this file small and generic: a fixture that only one app needs belongs in that
app's ``tests/conftest.py``.
"""

import os
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page, Site

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
    from django.db import connections
    from django.db.utils import ConnectionHandler

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


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium (RECIPES.md): Playwright cannot download its own browsers here."""
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
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


@pytest.fixture
def site_tree(locales):
    """A French HomePage serving as the root of the default Site.

    Wagtail's initial migration leaves a placeholder "Welcome" page as the site root;
    it is removed so that ``/fr/`` serves our HomePage. Returns a namespace with
    ``root`` (the tree root), ``home`` (the HomePage), ``site`` and ``locales``.
    """
    from home.factories import HomePageFactory

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
