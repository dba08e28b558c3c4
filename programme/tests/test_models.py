"""Tree rules of the programme pages, slot grouping on a day, and the snippets' own rules."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils import WagtailPageTestCase

from home.factories import EditionPageFactory
from home.models import ContentPage, EditionPage, HomePage
from partners.models import PartnerPage, PartnersIndexPage
from programme.factories import (
    EditoPageFactory,
    PersonFactory,
    ProgrammeDayPageFactory,
    RoutePageFactory,
    VenueFactory,
    WorkshopPageFactory,
)
from programme.models import EditoPage, ProgrammeDayPage, RoutePage, Venue, WorkshopPage


class ProgrammeTreeRulesTests(WagtailPageTestCase):
    def test_editorial_lives_under_an_edition_and_has_no_children(self):
        self.assertAllowedParentPageTypes(EditoPage, {EditionPage})
        self.assertAllowedSubpageTypes(EditoPage, set())
        self.assertCanCreateAt(EditionPage, EditoPage)
        self.assertCanNotCreateAt(HomePage, EditoPage)
        self.assertCanNotCreateAt(ContentPage, EditoPage)

    def test_day_lives_under_an_edition(self):
        self.assertAllowedParentPageTypes(ProgrammeDayPage, {EditionPage})
        self.assertCanCreateAt(EditionPage, ProgrammeDayPage)
        self.assertCanNotCreateAt(HomePage, ProgrammeDayPage)
        self.assertCanNotCreateAt(ProgrammeDayPage, ProgrammeDayPage)

    def test_day_holds_only_sessions_and_routes(self):
        self.assertAllowedSubpageTypes(ProgrammeDayPage, {WorkshopPage, RoutePage})
        self.assertCanNotCreateAt(ProgrammeDayPage, ContentPage)
        self.assertCanNotCreateAt(ProgrammeDayPage, EditoPage)

    def test_session_lives_under_a_day_and_has_no_children(self):
        self.assertAllowedParentPageTypes(WorkshopPage, {ProgrammeDayPage})
        self.assertAllowedSubpageTypes(WorkshopPage, set())
        self.assertCanCreateAt(ProgrammeDayPage, WorkshopPage)
        self.assertCanNotCreateAt(EditionPage, WorkshopPage)
        self.assertCanNotCreateAt(WorkshopPage, WorkshopPage)

    def test_route_lives_under_a_day_and_has_no_children(self):
        self.assertAllowedParentPageTypes(RoutePage, {ProgrammeDayPage})
        self.assertAllowedSubpageTypes(RoutePage, set())
        self.assertCanCreateAt(ProgrammeDayPage, RoutePage)
        self.assertCanNotCreateAt(EditionPage, RoutePage)
        self.assertCanNotCreateAt(WorkshopPage, RoutePage)
        self.assertCanNotCreateAt(PartnersIndexPage, RoutePage)
        self.assertCanNotCreateAt(PartnerPage, RoutePage)


@pytest.fixture
def edition(site_tree):
    return EditionPageFactory(
        parent=site_tree.home,
        year=2021,
        start_date=datetime.date(2021, 11, 29),
        end_date=datetime.date(2021, 11, 30),
    )


@pytest.fixture
def day(edition):
    return ProgrammeDayPageFactory(parent=edition, slug="29-novembre")


def test_an_edition_has_at_most_one_editorial(site_tree, edition):
    other_edition = EditionPageFactory(parent=site_tree.home, year=2022)
    assert EditoPage.can_create_at(edition)

    EditoPageFactory(parent=edition)

    assert not EditoPage.can_create_at(edition)
    assert EditoPage.can_create_at(other_edition)


def test_an_edition_has_several_days(edition):
    ProgrammeDayPageFactory(parent=edition)

    assert ProgrammeDayPage.can_create_at(edition)


def test_day_factory_defaults_to_the_editions_first_day(day, edition):
    assert day.date == edition.start_date


# --- ProgrammeDayPage.get_slots -----------------------------------------------------------


def titles(slots):
    return [[session.title for session in slot.sessions] for slot in slots]


def test_sessions_sharing_a_slot_are_grouped_where_the_first_one_stands(day):
    WorkshopPageFactory(parent=day, title="Accueil", format="reception")
    WorkshopPageFactory(parent=day, title="Atelier 1", slot=1)
    WorkshopPageFactory(parent=day, title="Atelier 2", slot=1)
    WorkshopPageFactory(parent=day, title="Déjeuner", format="meal")
    RoutePageFactory(parent=day, title="Parcours 1", slot=2)
    WorkshopPageFactory(parent=day, title="Atelier 3", slot=1)
    RoutePageFactory(parent=day, title="Parcours 2", slot=2)

    slots = day.get_slots()

    assert titles(slots) == [
        ["Accueil"],
        ["Atelier 1", "Atelier 2", "Atelier 3"],
        ["Déjeuner"],
        ["Parcours 1", "Parcours 2"],
    ]
    assert [slot.number for slot in slots] == [None, 1, None, 2]
    assert [slot.is_parallel for slot in slots] == [False, True, False, True]


def test_sessions_without_slot_each_stand_alone(day):
    WorkshopPageFactory(parent=day, title="Plénière", format="plenary")
    WorkshopPageFactory(parent=day, title="Table ronde", format="round_table")

    assert titles(day.get_slots()) == [["Plénière"], ["Table ronde"]]


def test_slots_follow_the_tree_order_not_the_creation_order(day):
    WorkshopPageFactory(parent=day, title="Ouverture", format="opening")
    route = RoutePageFactory(parent=day, title="Parcours vélo", mode="bike")
    evening = WorkshopPageFactory(parent=day, title="Soirée", format="evening")
    # An editor drags the evening above the route in the explorer.
    evening.move(route, pos="left")

    assert titles(day.get_slots()) == [["Ouverture"], ["Soirée"], ["Parcours vélo"]]


def test_slots_work_without_any_time_of_day(day):
    WorkshopPageFactory(parent=day, title="Atelier 1", slot=1)
    WorkshopPageFactory(parent=day, title="Atelier 2", slot=1)

    (slot,) = day.get_slots()

    assert slot.start_time is None
    assert slot.end_time is None
    assert len(slot.sessions) == 2


def test_a_slot_spans_from_its_earliest_start_to_its_latest_end(day):
    WorkshopPageFactory(parent=day, slot=1, start_time=datetime.time(14), end_time=datetime.time(15, 30))
    WorkshopPageFactory(parent=day, slot=1, start_time=datetime.time(13, 45), end_time=datetime.time(16))
    RoutePageFactory(parent=day, slot=1)

    (slot,) = day.get_slots()

    assert (slot.start_time, slot.end_time) == (datetime.time(13, 45), datetime.time(16))


def test_unpublished_sessions_are_left_out_of_the_day(day):
    WorkshopPageFactory(parent=day, title="Publié")
    WorkshopPageFactory(parent=day, title="Brouillon", live=False)
    RoutePageFactory(parent=day, title="Parcours brouillon", live=False)

    assert titles(day.get_slots()) == [["Publié"]]


def test_slot_numbers_of_different_days_do_not_mix(edition, day):
    other_day = ProgrammeDayPageFactory(parent=edition, date=datetime.date(2021, 11, 30))
    WorkshopPageFactory(parent=day, title="Lundi", slot=1)
    WorkshopPageFactory(parent=other_day, title="Mardi", slot=1)

    assert titles(day.get_slots()) == [["Lundi"]]
    assert titles(other_day.get_slots()) == [["Mardi"]]


def test_day_sessions_carry_their_people_and_stops_in_order(day):
    first, second = PersonFactory(name="Alice"), PersonFactory(name="Zoé")
    WorkshopPageFactory(parent=day, people=[(second, "moderator"), (first, "speaker")])
    stops = [VenueFactory(name="Pop Café"), VenueFactory(name="La Coroutine"), VenueFactory(name="Le 188")]
    RoutePageFactory(parent=day, stops=stops)

    workshop, route = day.get_sessions()

    assert [(sp.person.name, sp.role) for sp in workshop.speakers.all()] == [
        ("Zoé", "moderator"),
        ("Alice", "speaker"),
    ]
    assert [stop.venue.name for stop in route.stops.all()] == ["Pop Café", "La Coroutine", "Le 188"]


def test_session_titles_are_numbered_when_they_have_a_number(day):
    assert WorkshopPageFactory(parent=day, title="Tiers-lieux et emploi", number=3).numbered_title == (
        "3. Tiers-lieux et emploi"
    )
    assert WorkshopPageFactory(parent=day, title="Déjeuner").numbered_title == "Déjeuner"


# --- Snippets -------------------------------------------------------------------------


@pytest.mark.django_db
def test_venue_with_a_latitude_but_no_longitude_is_rejected(locales):
    venue = VenueFactory.build(latitude=Decimal("50.62"), longitude=None)

    with pytest.raises(ValidationError, match="latitude et la longitude"):
        venue.clean()


@pytest.mark.django_db
def test_venue_with_a_longitude_but_no_latitude_is_rejected(locales):
    venue = VenueFactory.build(latitude=None, longitude=Decimal("3.05"))

    with pytest.raises(ValidationError):
        venue.clean()


@pytest.mark.django_db
def test_venue_with_both_coordinates_or_none_is_accepted(locales):
    VenueFactory.build(latitude=Decimal("50.62"), longitude=Decimal("3.05")).clean()
    VenueFactory.build(latitude=None, longitude=None).clean()


@pytest.mark.django_db
def test_venue_cannot_be_part_of_itself(locales):
    venue = VenueFactory()
    venue.part_of = venue

    with pytest.raises(ValidationError):
        venue.clean()


@pytest.mark.django_db
def test_a_room_is_named_with_its_building(locales):
    bazaar = VenueFactory(name="Bazaar St So")
    room = VenueFactory(name="Les Halles", part_of=bazaar)

    assert str(room) == "Les Halles – Bazaar St So"
    assert list(bazaar.rooms.all()) == [room]
    assert bazaar.full_address == "292 rue Camille Guérin, 59000 Lille"


@pytest.mark.django_db
def test_person_description_joins_role_and_organisation(locales):
    assert PersonFactory.build(role="Déléguée générale", organisation="FTL").description == (
        "Déléguée générale, FTL"
    )
    assert PersonFactory.build(role="", organisation="FTL").description == "FTL"


@pytest.mark.django_db
def test_snippets_are_created_in_the_french_locale(locales):
    assert VenueFactory().locale == locales.fr
    assert PersonFactory().locale == locales.fr
    assert Venue.objects.count() == 1
