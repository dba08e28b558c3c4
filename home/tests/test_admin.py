"""Editors create the home app's pages in the Wagtail admin; their mistakes are form errors."""

import pytest
from wagtail.models import Page
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.factories import ContentPageFactory, EditionPageFactory
from home.models import ContentPage, EditionPage, HomePage

pytestmark = pytest.mark.django_db


def edition_form(**overrides):
    data = {
        "title": "Édition 2022",
        "slug": "2022",
        "year": "2022",
        "start_date": "2022-11-28",
        "end_date": "2022-11-29",
        "city": "Lyon",
        "tagline": "Deux jours pour se rencontrer.",
        "intro": rich_text("<p>La deuxième édition.</p>"),
    }
    data.update(overrides)
    return nested_form_data(data)


def assert_refused(response, message):
    """The form comes back with the error shown: no server error, no redirect."""
    assert response.status_code == 200
    assert response.context["form"].errors
    assert message in response.content.decode()


# --- Valid data -----------------------------------------------------------------------


def test_admin_creates_a_home_page_at_the_root(site_tree, post_page_form):
    data = nested_form_data(
        {"title": "Accueil bis", "slug": "accueil-bis", "intro": rich_text("<p>Bonjour</p>")}
    )

    response = post_page_form(site_tree.root, HomePage, data)

    assert response.status_code == 302
    page = HomePage.objects.get(slug="accueil-bis")
    assert page.live
    assert page.get_parent().pk == site_tree.root.pk


def test_admin_creates_an_edition_under_the_home_page(site_tree, post_page_form):
    response = post_page_form(site_tree.home, EditionPage, edition_form())

    assert response.status_code == 302
    edition = EditionPage.objects.get(year=2022)
    assert edition.live and edition.city == "Lyon"
    assert edition.get_parent().pk == site_tree.home.pk
    assert edition.url == "/fr/2022/"


def test_admin_creates_a_one_day_edition_without_end_date(site_tree, post_page_form):
    response = post_page_form(site_tree.home, EditionPage, edition_form(end_date=""))

    assert response.status_code == 302
    assert EditionPage.objects.get(year=2022).last_day.isoformat() == "2022-11-28"


def test_admin_creates_a_content_page_with_a_body(site_tree, post_page_form):
    edition = EditionPageFactory(parent=site_tree.home, year=2021)
    data = nested_form_data(
        {
            "title": "Infos pratiques",
            "slug": "infos-pratiques",
            "intro": "Bazaar St So, 292 rue Camille Guérin, 59000 Lille.",
            "body": streamfield(
                [
                    ("heading", {"text": "Accès", "level": "h2"}),
                    ("paragraph", rich_text("<p>Métro Porte des Postes.</p>")),
                    ("quote", {"quote": "Venez nombreux.", "attribution": "L'équipe"}),
                    (
                        "call_to_action",
                        {"text": "Plan d'accès", "page": "", "external_url": "https://example.org/plan"},
                    ),
                ]
            ),
        }
    )

    response = post_page_form(edition, ContentPage, data)

    assert response.status_code == 302
    page = ContentPage.objects.get(slug="infos-pratiques")
    assert [block.block_type for block in page.body] == ["heading", "paragraph", "quote", "call_to_action"]


# --- Bad input ------------------------------------------------------------------------


def test_edition_ending_before_it_starts_is_refused(site_tree, post_page_form):
    response = post_page_form(site_tree.home, EditionPage, edition_form(end_date="2022-11-27"))

    assert_refused(response, "La date de fin doit être le même jour ou après la date de début.")
    assert not EditionPage.objects.exists()


def test_edition_starting_outside_its_year_is_refused(site_tree, post_page_form):
    response = post_page_form(
        site_tree.home, EditionPage, edition_form(start_date="2023-01-10", end_date="2023-01-11")
    )

    assert_refused(response, "La date de début doit tomber pendant l&#x27;année de l&#x27;édition.")
    assert not EditionPage.objects.exists()


def test_second_edition_for_the_same_year_is_refused(site_tree, post_page_form):
    EditionPageFactory(parent=site_tree.home, year=2022, slug="premiere-2022")

    response = post_page_form(site_tree.home, EditionPage, edition_form())

    assert_refused(response, "Une édition existe déjà pour cette année.")
    assert EditionPage.objects.filter(year=2022).count() == 1


def test_duplicate_slug_under_the_same_parent_is_refused(site_tree, post_page_form):
    ContentPageFactory(parent=site_tree.home, title="Contact", slug="contact")
    data = nested_form_data({"title": "Contact bis", "slug": "contact", "intro": "", "body": streamfield([])})

    response = post_page_form(site_tree.home, ContentPage, data)

    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert ContentPage.objects.filter(slug="contact").count() == 1


def test_same_slug_under_another_parent_is_accepted(site_tree, post_page_form):
    ContentPageFactory(parent=site_tree.home, title="Contact", slug="contact")
    edition = EditionPageFactory(parent=site_tree.home, year=2021)
    data = nested_form_data({"title": "Contact", "slug": "contact", "intro": "", "body": streamfield([])})

    response = post_page_form(edition, ContentPage, data)

    assert response.status_code == 302
    assert ContentPage.objects.filter(slug="contact").count() == 2


def test_call_to_action_needs_exactly_one_target(site_tree, post_page_form):
    data = nested_form_data(
        {
            "title": "Aller plus loin",
            "slug": "aller-plus-loin",
            "intro": "",
            "body": streamfield([("call_to_action", {"text": "Voir", "page": "", "external_url": ""})]),
        }
    )

    response = post_page_form(site_tree.home, ContentPage, data)

    assert response.status_code == 200
    assert not Page.objects.filter(slug="aller-plus-loin").exists()
