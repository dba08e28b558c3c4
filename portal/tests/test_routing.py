"""The fast router finds exactly the page Wagtail's tree walk finds, in a fixed number of
queries, and steps aside whenever it could differ."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page

from home.factories import ContentPageFactory, EditionPageFactory
from home.models import EditionPage
from portal.routing import fast_route
from programme.factories import ProgrammeDayPageFactory, RoutePageFactory, WorkshopPageFactory


@pytest.fixture
def tree(site_tree):
    edition = EditionPageFactory(parent=site_tree.home, year=2021)
    day = ProgrammeDayPageFactory(parent=edition, slug="jour-1")
    workshop = WorkshopPageFactory(parent=day, slug="atelier")
    route = RoutePageFactory(parent=day, slug="parcours")
    draft = ContentPageFactory(parent=edition, slug="brouillon", live=False)
    under_draft = ContentPageFactory(parent=draft, slug="dessous")
    return site_tree, edition, day, workshop, route, draft, under_draft


def wagtail_walk(rf, path):
    request = rf.get("/fr/" + path)
    root = Page.objects.get(pk=request_site(request).root_page_id).localized.specific
    try:
        return root.route(request, [c for c in path.split("/") if c]).page
    except Http404:
        return None


def request_site(request):
    from wagtail.models import Site

    return Site.find_for_request(request)


@pytest.mark.parametrize(
    "path",
    ["", "2021/", "2021/jour-1/", "2021/jour-1/atelier/", "2021/jour-1/parcours/", "2021/brouillon/dessous/"],
)
def test_finds_the_same_page_as_wagtail(rf, tree, path):
    with translation.override("fr"):
        expected = wagtail_walk(rf, path)
        result = fast_route(rf.get("/fr/" + path), path)
    assert expected is not None
    assert result.page == expected
    assert type(result.page) is type(expected.specific)
    assert not result.args and not result.kwargs


@pytest.mark.parametrize(
    "path", ["2021/brouillon/", "2021/nulle-part/", "2021/jour-1/atelier/plus-loin/", "x" * 300]
)
def test_steps_aside_for_pages_wagtail_would_not_serve(rf, tree, path):
    with translation.override("fr"):
        assert fast_route(rf.get("/fr/"), path) is None


def test_steps_aside_when_a_page_on_the_way_routes_itself(rf, tree, monkeypatch):
    def custom_route(self, request, path_components):
        return Page.route(self, request, path_components)

    monkeypatch.setattr(EditionPage, "route", custom_route)
    with translation.override("fr"):
        assert fast_route(rf.get("/fr/"), "2021/jour-1/atelier/") is None
        assert fast_route(rf.get("/fr/"), "") is not None


def test_steps_aside_for_a_language_without_a_translated_root(rf, tree):
    with translation.override("en"):
        assert fast_route(rf.get("/en/"), "2021/") is None


def test_query_count_does_not_grow_with_depth(rf, tree):
    counts = []
    with translation.override("fr"):
        fast_route(rf.get("/fr/"), "")  # warm the site root paths and content types
        for path in ["", "2021/", "2021/jour-1/", "2021/jour-1/atelier/"]:
            with CaptureQueriesContext(connection) as queries:
                assert fast_route(rf.get("/fr/" + path), path) is not None
            counts.append(len(queries))
    assert counts == [3, 3, 3, 3]  # site, the chain of pages, the specific page


def test_parent_and_locale_come_without_a_query(rf, tree):
    _, _, day, workshop, *_ = tree
    with translation.override("fr"):
        result = fast_route(rf.get("/fr/"), "2021/jour-1/atelier/")
    expected = list(Page.objects.get(pk=workshop.pk).get_ancestors().filter(depth__gt=1))
    with CaptureQueriesContext(connection) as queries:
        assert result.page.get_parent().pk == day.pk
        assert result.page.locale.language_code == "fr"
        assert result.page.routed_ancestors == expected
    assert len(queries) == 0


def test_pages_are_served_through_it(client, tree):
    response = client.get("/fr/2021/jour-1/atelier/")
    assert response.status_code == 200
    assert client.get("/fr/2021/brouillon/").status_code == 404


def test_privacy_restrictions_still_apply_through_it(client, tree):
    from wagtail.models import PageViewRestriction

    _, edition, *_ = tree
    password = PageViewRestriction.objects.create(page=edition, restriction_type="password", password="s")
    response = client.get("/fr/2021/jour-1/atelier/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()  # the password form, not the page

    password.delete()
    PageViewRestriction.objects.create(page=edition, restriction_type="login")
    assert client.get("/fr/2021/jour-1/parcours/").status_code == 302


def test_view_restrictions_are_the_ones_wagtail_computes(rf, tree):
    from wagtail.models import PageViewRestriction

    site, edition, day, workshop, *_ = tree
    PageViewRestriction.objects.create(page=day, restriction_type="login")
    with translation.override("fr"):
        page = fast_route(rf.get("/fr/"), "2021/jour-1/atelier/").page
    expected = list(Page.objects.get(pk=workshop.pk).get_view_restrictions())
    assert len(expected) == 1
    with CaptureQueriesContext(connection) as queries:
        assert list(page.get_view_restrictions()) == expected
    assert len(queries) == 1


@pytest.mark.django_db(transaction=True)
def test_the_site_is_remembered_until_a_site_changes(rf, tree):
    """Outside a transaction, as requests run in production."""
    from portal.routing import find_site

    cache.clear()
    site = tree[0].site
    assert find_site(rf.get("/fr/")) == site
    with CaptureQueriesContext(connection) as queries:
        assert find_site(rf.get("/fr/")) == site
    assert len(queries) == 0

    site.site_name = "Renamed"
    site.save()
    assert find_site(rf.get("/fr/")).site_name == "Renamed"
