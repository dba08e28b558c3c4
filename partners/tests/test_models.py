"""Tree rules of the partners pages and how the index groups partners by tier."""

import pytest
from wagtail.test.utils import WagtailPageTestCase

from home.factories import EditionPageFactory
from home.models import ContentPage, EditionPage, HomePage
from partners.factories import PartnerPageFactory, PartnersIndexPageFactory
from partners.models import PartnerPage, PartnersIndexPage
from programme.models import ProgrammeDayPage


class PartnersTreeRulesTests(WagtailPageTestCase):
    def test_partners_index_lives_under_an_edition(self):
        self.assertAllowedParentPageTypes(PartnersIndexPage, {EditionPage})
        self.assertCanCreateAt(EditionPage, PartnersIndexPage)
        self.assertCanNotCreateAt(HomePage, PartnersIndexPage)
        self.assertCanNotCreateAt(ContentPage, PartnersIndexPage)

    def test_partners_index_holds_only_partner_pages(self):
        self.assertAllowedSubpageTypes(PartnersIndexPage, {PartnerPage})

    def test_partner_lives_under_the_partners_index_and_has_no_children(self):
        self.assertAllowedParentPageTypes(PartnerPage, {PartnersIndexPage})
        self.assertAllowedSubpageTypes(PartnerPage, set())
        self.assertCanNotCreateAt(EditionPage, PartnerPage)
        self.assertCanNotCreateAt(ProgrammeDayPage, PartnerPage)


@pytest.fixture
def edition(site_tree):
    return EditionPageFactory(parent=site_tree.home, year=2021)


@pytest.fixture
def index(edition):
    return PartnersIndexPageFactory(parent=edition)


def test_an_edition_has_at_most_one_partners_page(site_tree, edition):
    other_edition = EditionPageFactory(parent=site_tree.home, year=2022)
    assert PartnersIndexPage.can_create_at(edition)

    PartnersIndexPageFactory(parent=edition)

    assert not PartnersIndexPage.can_create_at(edition)
    assert PartnersIndexPage.can_create_at(other_edition)


def test_partners_are_grouped_by_tier_in_the_tiers_order(index):
    PartnerPageFactory(parent=index, title="Région Hauts-de-France", tier="funder")
    PartnerPageFactory(parent=index, title="La Compagnie des Tiers-Lieux", tier="organiser")
    PartnerPageFactory(parent=index, title="Bazaar St So", tier="host")
    PartnerPageFactory(parent=index, title="ANCT", tier="funder")

    tiers = [(str(label), [p.title for p in partners]) for label, partners in index.get_tiers()]

    assert tiers == [
        ("Organisateur", ["La Compagnie des Tiers-Lieux"]),
        ("Lieu d'accueil", ["Bazaar St So"]),
        ("Financeur", ["Région Hauts-de-France", "ANCT"]),
    ]


def test_empty_tiers_and_unpublished_partners_are_left_out(index):
    PartnerPageFactory(parent=index, title="Brouillon", tier="partner", live=False)

    assert index.get_tiers() == []
