"""Query budget: the programme day, the edition and a session page render in a number of
SQL queries that does not grow with the content.

Two editions are built side by side with the same structure; the second one's day has
three times the sessions (workshops with several people in a parallel slot, routes with
stops, a round table) and its round table three times the people. Each page is rendered
once to warm the caches, then measured; both sizes must cost the same number of queries.

Measured counts, anonymous visitor, French URLs, Wagtail's own routing (Site lookup
included), SQLite (1 December 2026, after portal/routing.py was removed):
  programme day page: 14 queries, with 6 sessions or with 18
  edition page:       13 queries, with 6 sessions or with 18
  workshop page:      15 queries, with 3 people or with 9
  route page:         14 queries, with 2 stops or with 6
Update these numbers when a template change moves them on purpose; the test itself only
checks that they do not depend on the amount of content.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.factories import ContentPageFactory, EditionPageFactory
from partners.factories import PartnerPageFactory, PartnersIndexPageFactory
from programme.factories import (
    EditoPageFactory,
    PersonFactory,
    ProgrammeDayPageFactory,
    RoutePageFactory,
    VenueFactory,
    WorkshopPageFactory,
)

ROLES = ["speaker", "facilitator", "moderator", "witness"]


def people(count):
    return [(PersonFactory(), ROLES[i % len(ROLES)]) for i in range(count)]


def build_edition(home, year, scale):
    """An edition whose day holds 6 × scale sessions; returns (edition, day, round table)."""
    edition = EditionPageFactory(
        parent=home,
        year=year,
        start_date=datetime.date(year, 11, 29),
        main_venue=VenueFactory(name=f"Bazaar St So {year}"),
    )
    EditoPageFactory(parent=edition)
    ContentPageFactory(parent=edition, title="Infos pratiques", slug="infos-pratiques")
    partners = PartnersIndexPageFactory(parent=edition)
    PartnerPageFactory.create_batch(2, parent=partners)
    day = ProgrammeDayPageFactory(parent=edition, slug="programme")

    round_table = None
    for unit in range(scale):
        table = WorkshopPageFactory(
            parent=day,
            title=f"Table ronde {unit}",
            format="round_table",
            venue=VenueFactory(name=f"Les Halles {unit}", part_of=edition.main_venue),
            start_time=datetime.time(10),
            end_time=datetime.time(11, 30),
            registration_required=True,
            capacity=200,
            # The round table whose page is measured gets 3 × scale people.
            people=people(3 * scale if unit == 0 else 3),
        )
        round_table = round_table or table
        for number in range(3):
            WorkshopPageFactory(
                parent=day,
                number=number + 1,
                slot=1,
                venue=VenueFactory(name=f"Salle {unit}-{number}", part_of=edition.main_venue),
                people=people(2),
            )
        for _ in range(2):
            RoutePageFactory(
                parent=day,
                slot=2,
                mode="bike",
                venue=VenueFactory(),
                return_time=datetime.time(18),
                registration_required=True,
                capacity=30,
                stops=3,
            )
    return edition, day, round_table


def count_queries(client, url):
    """Render once to warm the caches, then count the queries of a second rendering."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def two_editions(site_tree):
    small = build_edition(site_tree.home, 2021, scale=1)
    large = build_edition(site_tree.home, 2022, scale=3)
    assert len(small[1].get_sessions()) == 6
    assert len(large[1].get_sessions()) == 18
    assert small[2].speakers.count() == 3
    assert large[2].speakers.count() == 9
    return small, large


def test_programme_day_page_costs_the_same_queries_for_three_times_the_sessions(client, two_editions):
    (_, small_day, _), (_, large_day, _) = two_editions
    assert small_day.url == "/fr/2021/programme/"

    small, large = count_queries(client, small_day.url), count_queries(client, large_day.url)
    assert small == large, f"programme day page: {small} queries for 6 sessions, {large} for 18"


def test_edition_page_costs_the_same_queries_for_three_times_the_sessions(client, two_editions):
    (small_edition, _, _), (large_edition, _, _) = two_editions
    assert small_edition.url == "/fr/2021/"

    small, large = count_queries(client, small_edition.url), count_queries(client, large_edition.url)
    assert small == large, f"edition page: {small} queries (6 sessions), {large} (18 sessions)"


def test_edition_page_costs_the_same_queries_for_three_times_the_days(client, two_editions):
    (small_edition, small_day, _), (large_edition, _, _) = two_editions
    for number in (2, 3):
        day = ProgrammeDayPageFactory(
            parent=large_edition, slug=f"jour-{number}", date=datetime.date(2022, 11, 26 + number)
        )
        WorkshopPageFactory(parent=day, registration_required=number == 2, capacity=20)

    small, large = count_queries(client, small_edition.url), count_queries(client, large_edition.url)
    assert small == large, f"edition page: {small} queries (1 day), {large} (3 days)"
    # Each day's planner link still says whether that day has one.
    html = client.get(large_edition.url).content.decode()
    assert html.count('class="button planner-link"') == 2  # the first day and day 2


def test_workshop_page_costs_the_same_queries_for_three_times_the_people(client, two_editions):
    (_, _, small_table), (_, _, large_table) = two_editions

    small, large = count_queries(client, small_table.url), count_queries(client, large_table.url)
    assert small == large, f"workshop page: {small} queries for 3 people, {large} for 9"


def test_route_page_costs_the_same_queries_whatever_its_number_of_stops(client, site_tree):
    edition = EditionPageFactory(parent=site_tree.home, year=2021)
    day = ProgrammeDayPageFactory(parent=edition)
    short = RoutePageFactory(parent=day, stops=2, venue=VenueFactory())
    long = RoutePageFactory(parent=day, stops=6, venue=VenueFactory())

    small, large = count_queries(client, short.url), count_queries(client, long.url)
    assert small == large, f"route page: {small} queries for 2 stops, {large} for 6"
