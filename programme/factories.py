"""Factories for the programme: people, venues, the editorial, days, sessions, routes.

Pages need a parent; the usual chain below an edition is::

    day = ProgrammeDayPageFactory(parent=edition)            # on the edition's first day
    hall = VenueFactory(name="Les Halles", part_of=VenueFactory(name="Bazaar St So"))
    WorkshopPageFactory(parent=day, format="plenary", venue=hall, people=[PersonFactory()])
    WorkshopPageFactory(parent=day, slot=1, people=2)         # two new people, as speakers
    RoutePageFactory(parent=day, slot=2, mode="bike", stops=3)  # three new venues, in order

``people`` takes a number of new people or a list of Person (or of (Person, role) pairs);
``stops`` takes a number of new venues or a list of Venue. A route gets one stop unless
told otherwise, since the admin refuses a route without stops.
"""

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from programme.models import (
    EditoPage,
    Person,
    ProgrammeDayPage,
    RoutePage,
    RouteStop,
    SessionPerson,
    Venue,
    WorkshopPage,
)

# --- Snippets -----------------------------------------------------------------------


class PersonFactory(DjangoModelFactory):
    """``PersonFactory(name="Yaël Benayoun", role="Sociologue")``; French locale by default."""

    name = factory.Sequence(lambda n: f"Personne {n}")
    organisation = "France Tiers-Lieux"
    role = "Contributrice"
    bio = "<p>Une courte biographie.</p>"

    class Meta:
        model = Person


class VenueFactory(DjangoModelFactory):
    """``VenueFactory(name="Salle 1", part_of=bazaar)`` makes a room of the Bazaar St So."""

    name = factory.Sequence(lambda n: f"Lieu {n}")
    address = "292 rue Camille Guérin"
    postcode = "59000"
    town = "Lille"

    class Meta:
        model = Venue


# --- Pages --------------------------------------------------------------------------


class EditoPageFactory(wagtail_factories.PageFactory):
    """The edition's editorial (one per edition)."""

    title = "Édito"
    slug = "edito"
    body = factory.LazyFunction(lambda: [{"type": "paragraph", "value": "<p>Bienvenue à Lille.</p>"}])
    signature = "L'équipe de la Compagnie des Tiers-Lieux"

    class Meta:
        model = EditoPage


class ProgrammeDayPageFactory(wagtail_factories.PageFactory):
    """A day of an edition; its date defaults to the parent edition's first day."""

    title = factory.Sequence(lambda n: f"Programme du jour {n}")
    date = factory.LazyAttribute(lambda o: o.parent.specific.start_date)

    class Meta:
        model = ProgrammeDayPage


def _add_people(page, people, role="speaker"):
    if isinstance(people, int):
        people = PersonFactory.create_batch(people)
    for sort_order, item in enumerate(people):
        person, person_role = item if isinstance(item, tuple) else (item, role)
        SessionPerson.objects.create(page=page, person=person, role=person_role, sort_order=sort_order)


class WorkshopPageFactory(wagtail_factories.PageFactory):
    """Any session of a day (reception, plenary, workshop, meal…), no times by default."""

    title = factory.Sequence(lambda n: f"Atelier {n}")
    format = "workshop"
    summary = "Deux ou trois phrases sur la séance."

    class Meta:
        model = WorkshopPage
        skip_postgeneration_save = True

    @factory.post_generation
    def people(obj, create, extracted, **kwargs):
        if create and extracted:
            _add_people(obj, extracted, **kwargs)


class SessionPersonFactory(DjangoModelFactory):
    """A person's part in a session: ``SessionPersonFactory(page=workshop, role="moderator")``."""

    person = factory.SubFactory(PersonFactory)
    role = "speaker"

    class Meta:
        model = SessionPerson


class RoutePageFactory(wagtail_factories.PageFactory):
    """A guided route by bus with one stop unless ``stops`` says otherwise."""

    title = factory.Sequence(lambda n: f"Parcours {n}")
    mode = "bus"
    theme = "Médiation numérique"
    meeting_point = "Départ rue Camille Guérin"

    class Meta:
        model = RoutePage
        skip_postgeneration_save = True

    @factory.post_generation
    def stops(obj, create, extracted, **kwargs):
        if not create:
            return
        venues = 1 if extracted is None else extracted
        if isinstance(venues, int):
            venues = VenueFactory.create_batch(venues)
        for sort_order, venue in enumerate(venues):
            RouteStop.objects.create(page=obj, venue=venue, sort_order=sort_order)


class RouteStopFactory(DjangoModelFactory):
    """One stop of a route: ``RouteStopFactory(page=route, note="Un fablab")``."""

    venue = factory.SubFactory(VenueFactory)

    class Meta:
        model = RouteStop
