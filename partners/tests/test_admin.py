"""Editors create the partners pages in the Wagtail admin; their mistakes are form errors."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text

from home.factories import EditionPageFactory
from partners.factories import PartnerPageFactory, PartnersIndexPageFactory
from partners.models import PartnerPage, PartnersIndexPage


@pytest.fixture
def edition(site_tree):
    return EditionPageFactory(parent=site_tree.home, year=2021)


def partner_form(**overrides):
    data = {
        "title": "France Tiers-Lieux",
        "slug": "france-tiers-lieux",
        "tier": "organiser",
        "logo": "",
        "website": "https://francetierslieux.fr/",
        "description": rich_text("<p>L'association nationale des tiers-lieux.</p>"),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_admin_creates_the_partners_page_of_an_edition(edition, post_page_form):
    data = nested_form_data(
        {"title": "Partenaires & financeurs", "slug": "partenaires", "intro": rich_text("<p>Merci !</p>")}
    )

    response = post_page_form(edition, PartnersIndexPage, data)

    assert response.status_code == 302
    index = PartnersIndexPage.objects.get()
    assert index.live and index.get_parent().pk == edition.pk


def test_admin_creates_a_partner_under_the_partners_page(edition, post_page_form):
    index = PartnersIndexPageFactory(parent=edition)

    response = post_page_form(index, PartnerPage, partner_form())

    assert response.status_code == 302
    partner = PartnerPage.objects.get()
    assert (partner.title, partner.tier, partner.live) == ("France Tiers-Lieux", "organiser", True)


def test_admin_does_not_offer_a_second_partners_page(edition, admin_client):
    add_subpage = reverse("wagtailadmin_pages:add_subpage", args=[edition.pk])
    assert "partners/partnersindexpage" in admin_client.get(add_subpage).content.decode()

    PartnersIndexPageFactory(parent=edition)

    response = admin_client.get(add_subpage)
    assert response.status_code == 200
    assert "partners/partnersindexpage" not in response.content.decode()


def test_admin_refuses_a_second_partners_page_posted_anyway(edition, post_page_form):
    PartnersIndexPageFactory(parent=edition)
    data = nested_form_data({"title": "Encore", "slug": "encore", "intro": rich_text("")})

    response = post_page_form(edition, PartnersIndexPage, data)

    assert response.status_code in (302, 403)
    assert PartnersIndexPage.objects.count() == 1


def test_partner_with_an_invalid_website_is_refused(edition, post_page_form):
    index = PartnersIndexPageFactory(parent=edition)

    response = post_page_form(index, PartnerPage, partner_form(website="pas une adresse"))

    assert response.status_code == 200
    assert "website" in response.context["form"].errors
    assert not PartnerPage.objects.exists()


def test_partner_with_an_unknown_tier_is_refused(edition, post_page_form):
    index = PartnersIndexPageFactory(parent=edition)

    response = post_page_form(index, PartnerPage, partner_form(tier="sponsor-or"))

    assert response.status_code == 200
    assert "tier" in response.context["form"].errors
    assert not PartnerPage.objects.exists()


def test_duplicate_partner_slug_in_the_same_edition_is_refused(edition, post_page_form):
    index = PartnersIndexPageFactory(parent=edition)
    PartnerPageFactory(parent=index, title="France Tiers-Lieux", slug="france-tiers-lieux")

    response = post_page_form(index, PartnerPage, partner_form())

    assert response.status_code == 200
    assert "slug" in response.context["form"].errors
    assert PartnerPage.objects.count() == 1
