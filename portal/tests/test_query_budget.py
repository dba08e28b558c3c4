"""Query budget of uncached pages (issue 7, item 3): an anonymous visitor's render of the
demo's home, edition, day, workshop and route pages costs at most ``BUDGET`` SQL queries,
the page cache being off. ``programme/tests/test_queries.py`` checks that the counts do
not grow with the content; this checks their level on the demo, with the pages the
benchmark (scripts/bench.py) measures: the busiest day, workshop and route.

Each page is rendered once to warm the caches (Wagtail's site root paths, content types),
then measured. Inside a test transaction the router does not memoise the ``Site``
(portal/routing.py), so each count here includes one query that production saves.
"""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

BUDGET = 10


@pytest.fixture(scope="module")
def demo_urls(django_db_setup, django_db_blocker):
    """The demo loaded once for the module (rolled back after it), and the URLs the
    benchmark measures."""
    from home.models import EditionPage, HomePage
    from programme.models import ProgrammeDayPage, RoutePage, WorkshopPage

    def first(model):
        return model.objects.live().filter(locale__language_code="fr").order_by("path").first().url

    def busiest(model, relation):
        pages = model.objects.live().filter(locale__language_code="fr")
        return pages.annotate(n=Count(relation)).order_by("-n", "path").first().url

    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_demo", stdout=StringIO())
        days = ProgrammeDayPage.objects.live().filter(locale__language_code="fr")
        day = max(days, key=lambda d: (d.get_children().count(), -d.depth))
        yield {
            "home": first(HomePage),
            "edition": first(EditionPage),
            "day": day.url,
            "workshop": busiest(WorkshopPage, "speakers"),
            "route": busiest(RoutePage, "stops"),
        }
        transaction.set_rollback(True)
        cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "edition", "day", "workshop", "route"])
def test_uncached_anonymous_render_within_budget(client, settings, demo_urls, name):
    settings.PAGE_CACHE = False
    url = demo_urls[name]
    assert client.get(url).status_code == 200  # warm the caches

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    sql = "\n".join(f"{i}. {q['sql'][:300]}" for i, q in enumerate(queries.captured_queries, 1))
    print(f"{name} {url}: {len(queries)} queries\n{sql}")
    assert len(queries) <= BUDGET, f"{name} {url}: {len(queries)} queries\n{sql}"
