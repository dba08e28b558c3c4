"""Search of the edition's pages in the visitor's language (programme/search.py and the
search view): Wagtail search on the database backend, one locale, live public pages."""

import datetime
import re

import pytest
from wagtail.models import PageViewRestriction

from home.factories import EditionPageFactory
from programme.factories import ProgrammeDayPageFactory, WorkshopPageFactory
from programme.search import search_pages

pytestmark = pytest.mark.django_db


def result_titles(html):
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a></h3>', html)


def test_a_french_visitor_finds_french_pages_only(client, visitor_site):
    response = client.get("/fr/recherche/", {"q": "plénière"})
    assert response.status_code == 200
    html = response.content.decode()
    assert result_titles(html) == ["Plénière inspirante"]
    assert "1 résultat pour « plénière »" in html
    assert 'href="/fr/2021/programme-du-29-11/pleniere-inspirante/"' in html


def test_an_english_visitor_finds_english_pages_only(client, visitor_site):
    html = client.get("/en/search/", {"q": "plenary"}).content.decode()
    assert result_titles(html) == ["Inspiring plenary"]
    assert 'href="/en/2021/programme-29-11/pleniere-inspirante/"' in html
    assert "Plénière" not in "".join(result_titles(html))


def test_summaries_are_searched_too(client, visitor_site):
    html = client.get("/fr/recherche/", {"q": "médiation"}).content.decode()
    assert "1. Médiation numérique" in result_titles(html)


def test_the_search_can_be_limited_to_one_edition(client, visitor_site):
    edition = EditionPageFactory(parent=visitor_site.home, year=2030, start_date=datetime.date(2030, 11, 25))
    day = ProgrammeDayPageFactory(parent=edition, title="Lundi", slug="lundi")
    WorkshopPageFactory(parent=day, title="Plénière de clôture", format="plenary")
    everywhere = result_titles(client.get("/fr/recherche/", {"q": "plénière"}).content.decode())
    assert sorted(everywhere) == ["Plénière de clôture", "Plénière inspirante"]
    html = client.get("/fr/recherche/", {"q": "plénière", "edition": "2021"}).content.decode()
    assert result_titles(html) == ["Plénière inspirante"]
    assert '<option value="2021" selected>' in html


def test_drafts_and_private_pages_are_never_found(visitor_site):
    visitor_site.workshop1.unpublish()
    PageViewRestriction.objects.create(page=visitor_site.workshop2, restriction_type="login")
    titles = [r.page.title for r in search_pages("atelier proximité outils", visitor_site.fr_locale)]
    assert "Manufacture de proximité" not in titles
    assert "Outils numériques et émancipation" not in titles


def test_results_name_their_kind_and_edition(visitor_site):
    [result] = search_pages("plénière", visitor_site.fr_locale)
    assert str(result.kind) == "Plénière"
    assert result.edition.pk == visitor_site.edition.pk
    assert result.summary == "Le numérique, une affaire de tiers-lieux ?"


def test_an_empty_or_blank_query_shows_the_form_only(client, visitor_site):
    for params in ({}, {"q": "   "}):
        response = client.get("/fr/recherche/", params)
        assert response.status_code == 200
        html = response.content.decode()
        assert '<input type="search" id="search-q" name="q"' in html
        assert "résultat" not in html


def test_nothing_found_says_so_and_suggests_what_to_do(client, visitor_site):
    html = client.get("/fr/recherche/", {"q": "zzzyyyxxx"}).content.decode()
    assert "0 résultat pour « zzzyyyxxx »" in html
    assert "Essayez d’autres mots" in html


def test_the_search_page_is_not_indexed_and_switches_language_in_place(client, visitor_site):
    response = client.get("/fr/recherche/", {"q": "plénière"})
    assert response["X-Robots-Tag"] == "noindex"
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert re.search(r'<a href="/en/search/" hreflang="en">', html)
    assert 'class="site-search" href="/fr/recherche/' in html


def test_a_huge_or_odd_query_is_harmless(client, visitor_site):
    for query in ("x" * 5000, "' OR 1=1 --", "<script>", "%", "&&&"):
        response = client.get("/fr/recherche/", {"q": query})
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("</h1>", 1)[1].replace(
            '<script type="application/ld+json">', ""
        )
