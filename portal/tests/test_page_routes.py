"""Pages are found by Wagtail's own routing; their sub-routes (home/routes.py) follow the
privacy rules of the old feed views; what a render shares around a page
(home.models.page_lineage) gives Wagtail's answers.

Moved here from the deleted test_routing.py: ``test_pages_are_served_and_drafts_are_not``,
``test_privacy_restrictions_apply_to_pages`` and, for the method that now answers it,
``test_view_restrictions_are_the_ones_wagtail_computes``.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from home.factories import ContentPageFactory, EditionPageFactory
from home.models import edition_of, page_lineage
from programme.factories import ProgrammeDayPageFactory, RoutePageFactory, WorkshopPageFactory
from programme.models import WorkshopPage


@pytest.fixture
def tree(site_tree):
    edition = EditionPageFactory(parent=site_tree.home, year=2021)
    day = ProgrammeDayPageFactory(parent=edition, slug="jour-1")
    workshop = WorkshopPageFactory(parent=day, slug="atelier")
    route = RoutePageFactory(parent=day, slug="parcours")
    draft = ContentPageFactory(parent=edition, slug="brouillon", live=False)
    return site_tree, edition, day, workshop, route, draft


def test_pages_are_served_and_drafts_are_not(client, tree):
    assert client.get("/fr/2021/jour-1/atelier/").status_code == 200
    assert client.get("/fr/2021/brouillon/").status_code == 404


def test_privacy_restrictions_apply_to_pages(client, tree):
    _, edition, *_ = tree
    password = PageViewRestriction.objects.create(page=edition, restriction_type="password", password="s")
    response = client.get("/fr/2021/jour-1/atelier/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()  # the password form, not the page

    password.delete()
    PageViewRestriction.objects.create(page=edition, restriction_type="login")
    assert client.get("/fr/2021/jour-1/parcours/").status_code == 302


def test_sub_routes_of_a_restricted_page_are_404(client, tree):
    _, edition, *_ = tree
    PageViewRestriction.objects.create(page=edition, restriction_type="login")
    for url in ["/fr/2021/jour-1/par-salle/", "/fr/2021/jour-1/calendrier.ics", "/fr/2021/calendrier.ics"]:
        assert client.get(url).status_code == 404, url


def test_view_restrictions_are_the_ones_wagtail_computes(tree):
    _, edition, day, workshop, *_ = tree
    PageViewRestriction.objects.create(page=day, restriction_type="login")
    page = WorkshopPage.objects.get(pk=workshop.pk)
    expected = list(Page.get_view_restrictions(page))
    assert len(expected) == 1
    page_lineage(page)
    with CaptureQueriesContext(connection) as queries:
        assert list(page.get_view_restrictions()) == expected
    assert len(queries) == 1


def test_the_lineage_holds_ancestors_edition_and_translations_in_one_query(tree):
    _, edition, day, workshop, *_ = tree
    page = WorkshopPage.objects.get(pk=workshop.pk)
    with CaptureQueriesContext(connection) as queries:
        lineage = page_lineage(page)
        found = edition_of(page)
    assert len(queries) == 1
    assert lineage.ancestors == list(Page.objects.get(pk=workshop.pk).get_ancestors())
    assert found == edition and found.year == 2021
    assert {row.pk for row in lineage.translations} >= {edition.pk, day.pk}


@pytest.mark.parametrize("url", ["/fr/2021/jour-1/par-salle/", "/fr/2021/jour-1/calendrier.ics"])
def test_sub_routes_are_not_stored_in_the_page_cache(client, settings, tree, url):
    settings.PAGE_CACHE = True
    cache.clear()
    try:
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200
            assert response.get("X-Page-Cache") in (None, "pass")
        assert client.get("/fr/2021/jour-1/").status_code == 200
        assert client.get("/fr/2021/jour-1/")["X-Page-Cache"] == "hit"  # the page itself is
    finally:
        cache.clear()
