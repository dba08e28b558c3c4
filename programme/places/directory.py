"""Who and where, across editions: the venues and people of the live, public sessions,
and what each one hosted, led or was visited in, edition by edition.

"Used" means: the venue of a live public session or route, a stop of a live public
route, or the building of such a room; a person of a live public session. Anything
else (a venue only an editor knows, a draft's speaker) has no public page. Every
function costs a fixed number of queries, whatever the number of sessions.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from wagtail.models import Page

from home.models import EditionPage
from programme.models import (
    ProgrammeDayPage,
    RoutePage,
    RouteStop,
    SessionPerson,
    Venue,
    WorkshopPage,
    load_parents,
)


class Scope:
    """The live, public pages of one language, read once: the restriction check is one
    query, and every question below is a subquery of it."""

    def __init__(self, locale):
        self.locale = locale
        self.public = Page.objects.live().public().filter(locale=locale).values("pk")
        self.workshops = WorkshopPage.objects.filter(pk__in=self.public)
        self.routes = RoutePage.objects.filter(pk__in=self.public)


def used_venue_ids(scope):
    """The pks of the venues that have a public page in ``scope``. One query."""
    used = (
        Q(pk__in=scope.workshops.values("venue_id"))
        | Q(pk__in=scope.routes.values("venue_id"))
        | Q(pk__in=RouteStop.objects.filter(page__in=scope.routes.values("pk")).values("venue_id"))
    )
    ids = set()
    for pk, building in Venue.objects.filter(used).values_list("pk", "part_of_id"):
        ids.add(pk)
        if building is not None:
            ids.add(building)
    return ids


def used_person_ids(scope):
    return set(
        SessionPerson.objects.filter(page__in=scope.workshops.values("pk")).values_list(
            "person_id", flat=True
        )
    )


@dataclass
class Appearance:
    """One session a venue or person appears in, and how."""

    session: object
    how: str  # "hosted", "visited", "led"
    role: str = ""
    stop_note: str = ""


@dataclass
class EditionHistory:
    edition: object
    appearances: list = field(default_factory=list)
    main_venue: bool = False


def _by_edition(appearances, main_editions=()):
    """[EditionHistory], newest edition first, sessions in their days' order."""
    sessions = [appearance.session for appearance in appearances]
    days = load_parents(sessions, ProgrammeDayPage, "day")
    ProgrammeDayPage.load_editions(days)
    histories = {}
    for edition in main_editions:
        histories[edition.pk] = EditionHistory(edition=edition, main_venue=True)
    for appearance in sorted(appearances, key=lambda item: item.session.path):
        day = appearance.session.day
        if day is None or day.edition is None:
            continue
        history = histories.setdefault(day.edition.pk, EditionHistory(edition=day.edition))
        history.appearances.append(appearance)
    return sorted(histories.values(), key=lambda history: (-history.edition.year, history.edition.path))


def venue_history(venue, scope):
    """What ``venue`` (and its rooms) hosted and the routes that visited it, by edition."""
    workshops, routes = scope.workshops, scope.routes
    places = Q(venue=venue) | Q(venue__part_of=venue)
    appearances = [
        Appearance(session=s, how="hosted") for s in workshops.filter(places).select_related("venue__part_of")
    ]
    appearances += [
        Appearance(session=s, how="hosted") for s in routes.filter(places).select_related("venue__part_of")
    ]
    stops = RouteStop.objects.filter(venue=venue, page__in=routes.values("pk")).select_related("page")
    hosted = {appearance.session.pk for appearance in appearances}
    appearances += [
        Appearance(session=stop.page, how="visited", stop_note=stop.note)
        for stop in stops
        if stop.page_id not in hosted
    ]
    main_editions = EditionPage.objects.filter(pk__in=scope.public, main_venue=venue)
    return _by_edition(appearances, main_editions)


def person_history(person, scope):
    parts = SessionPerson.objects.filter(person=person, page__in=scope.workshops.values("pk")).select_related(
        "page"
    )
    return _by_edition([Appearance(session=part.page, how="led", role=part.role_label) for part in parts])


def venues_by_town(scope, query=""):
    """[(town, [venue])] of the used places of ``scope`` that are not rooms, by town
    (places without a town last), each town's places by name; ``query`` keeps those whose
    name, town or address contains it (accents and case count as typed, lowercased)."""
    ids = used_venue_ids(scope)
    venues = list(Venue.objects.filter(pk__in=ids, part_of=None).order_by("name"))
    needle = query.casefold()
    if needle:
        venues = [
            venue
            for venue in venues
            if needle in " ".join((venue.name, venue.town, venue.address, venue.postcode)).casefold()
        ]
    towns = {}
    for venue in venues:
        towns.setdefault(venue.town, []).append(venue)
    return sorted(towns.items(), key=lambda item: (item[0] == "", item[0].casefold()))
