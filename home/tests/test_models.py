"""Tree rules of the home app's pages and how the home page picks its editions."""

import datetime

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.factories import ContentPageFactory, EditionPageFactory
from home.models import ContentPage, EditionPage, HomePage
from partners.models import PartnerPage, PartnersIndexPage
from programme.factories import ProgrammeDayPageFactory
from programme.models import EditoPage, ProgrammeDayPage, RoutePage, WorkshopPage


class HomeTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_only_at_the_top_of_the_tree(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(EditionPage, HomePage)

    def test_home_page_holds_editions_and_content_pages(self):
        self.assertAllowedSubpageTypes(HomePage, {EditionPage, ContentPage})
        self.assertCanNotCreateAt(HomePage, ProgrammeDayPage)
        self.assertCanNotCreateAt(HomePage, PartnersIndexPage)

    def test_edition_lives_under_a_home_page_only(self):
        self.assertAllowedParentPageTypes(EditionPage, {HomePage})
        self.assertCanCreateAt(HomePage, EditionPage)
        self.assertCanNotCreateAt(Page, EditionPage)
        self.assertCanNotCreateAt(EditionPage, EditionPage)
        self.assertCanNotCreateAt(ContentPage, EditionPage)

    def test_edition_holds_its_editorial_days_content_and_partners(self):
        self.assertAllowedSubpageTypes(
            EditionPage, {EditoPage, ProgrammeDayPage, ContentPage, PartnersIndexPage}
        )
        self.assertCanNotCreateAt(EditionPage, WorkshopPage)
        self.assertCanNotCreateAt(EditionPage, RoutePage)
        self.assertCanNotCreateAt(EditionPage, PartnerPage)

    def test_content_page_lives_under_home_edition_or_another_content_page(self):
        self.assertAllowedParentPageTypes(ContentPage, {HomePage, EditionPage, ContentPage})
        self.assertCanCreateAt(ContentPage, ContentPage)
        self.assertCanNotCreateAt(ProgrammeDayPage, ContentPage)
        self.assertCanNotCreateAt(PartnersIndexPage, ContentPage)

    def test_content_page_holds_only_content_pages(self):
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage})


# --- HomePage.get_editions -----------------------------------------------------------

TODAY = datetime.date(2022, 6, 1)


@pytest.fixture
def editions(site_tree):
    """2020 and 2021 are over on TODAY; 2022 and 2023 are still to come."""
    home = site_tree.home
    return {
        year: EditionPageFactory(
            parent=home,
            year=year,
            start_date=datetime.date(year, 11, 29),
            end_date=datetime.date(year, 11, 30),
        )
        for year in (2021, 2023, 2020, 2022)
    }


def test_next_upcoming_edition_is_current_and_past_ones_come_newest_first(site_tree, editions):
    current, past = site_tree.home.get_editions(today=TODAY)

    assert current == editions[2022]
    assert past == [editions[2021], editions[2020]]


def test_pinned_edition_wins_over_the_next_upcoming_one(site_tree, editions):
    home = site_tree.home
    home.featured_edition = editions[2021]
    home.save()

    current, past = home.get_editions(today=TODAY)

    assert current == editions[2021]
    assert past == [editions[2020]]


def test_edition_stays_current_until_its_last_day(site_tree, editions):
    current, _ = site_tree.home.get_editions(today=datetime.date(2022, 11, 30))
    assert current == editions[2022]

    current, past = site_tree.home.get_editions(today=datetime.date(2022, 12, 1))
    assert current == editions[2023]
    assert past[0] == editions[2022]


def test_when_every_edition_is_over_the_newest_is_current(site_tree, editions):
    current, past = site_tree.home.get_editions(today=datetime.date(2030, 1, 1))

    assert current == editions[2023]
    assert past == [editions[2022], editions[2021], editions[2020]]


def test_unpublished_editions_are_left_out(site_tree, editions):
    editions[2022].unpublish()

    current, past = site_tree.home.get_editions(today=TODAY)

    assert current == editions[2023]
    assert editions[2022] not in past


def test_home_page_without_editions_has_no_current_edition(site_tree):
    assert site_tree.home.get_editions(today=TODAY) == (None, [])


def test_one_day_edition_is_over_the_day_after(site_tree):
    edition = EditionPageFactory(parent=site_tree.home, year=2021, start_date=datetime.date(2021, 11, 29))

    assert site_tree.home.get_editions(today=datetime.date(2021, 11, 29)) == (edition, [])
    assert edition.last_day == datetime.date(2021, 11, 29)


# --- EditionPage.objects -------------------------------------------------------------


def test_the_queryset_answers_the_current_and_past_editions_in_one_query_each(
    site_tree, editions, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert EditionPage.objects.current(today=TODAY) == editions[2022]
    with django_assert_num_queries(1):
        assert list(EditionPage.objects.past(today=TODAY)) == [editions[2021], editions[2020]]
    assert EditionPage.objects.current(today=datetime.date(2030, 1, 1)) == editions[2023]
    assert EditionPage.objects.filter(year=1999).current(today=TODAY) is None


def test_the_edition_page_lists_its_days_by_date_and_its_other_pages(
    client, site_tree, django_assert_max_num_queries
):
    edition = EditionPageFactory(parent=site_tree.home, year=2021, start_date=datetime.date(2021, 11, 29))
    edition.end_date = datetime.date(2021, 11, 30)
    edition.save()
    second = ProgrammeDayPageFactory(parent=edition, title="Mardi", date=datetime.date(2021, 11, 30))
    first = ProgrammeDayPageFactory(parent=edition, title="Lundi", date=datetime.date(2021, 11, 29))
    practical = ContentPageFactory(parent=edition, title="Infos pratiques", intro="Venir à Lille.")

    context = edition.get_context(None)

    assert context["days"] == [first, second]
    assert [(page.pk, page.intro) for page in context["other_pages"]] == [(practical.pk, "Venir à Lille.")]
    with django_assert_max_num_queries(2):
        edition.get_children_to_list()
