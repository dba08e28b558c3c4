"""Editors build the programme in the Wagtail admin; their mistakes are form errors, never
a server error, and nothing is saved."""

import datetime

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.factories import EditionPageFactory
from programme.factories import (
    EditoPageFactory,
    PersonFactory,
    ProgrammeDayPageFactory,
    VenueFactory,
    WorkshopPageFactory,
)
from programme.models import (
    EditoPage,
    Person,
    ProgrammeDayPage,
    RoutePage,
    Venue,
    WorkshopPage,
)


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
    return ProgrammeDayPageFactory(parent=edition, date=datetime.date(2021, 11, 29), slug="29-novembre")


def session_fields(**overrides):
    """What every session form posts, registration tab included (empty by default)."""
    data = {
        "number": "",
        "slot": "",
        "order_in_slot": "",
        "start_time": "",
        "end_time": "",
        "venue": "",
        "location_note": "",
        "summary": "",
        "practical_note": "",
        "body": streamfield([]),
        "capacity": "",
        "registration_opens_at": "",
        "registration_closes_at": "",
        "registration_questions": streamfield([]),
    }
    data.update(overrides)
    return data


def workshop_form(**overrides):
    data = session_fields(title="Tiers-lieux et emploi", slug="tiers-lieux-et-emploi", format="workshop")
    data["speakers"] = inline_formset([])
    data.update(overrides)
    return nested_form_data(data)


def route_form(stops, **overrides):
    data = session_fields(
        title="Parcours vélo",
        slug="parcours-velo",
        mode="bike",
        theme="Médiation numérique",
        meeting_point="Départ rue Camille Guérin",
        return_time="18:00",
    )
    data["stops"] = inline_formset(stops, min=1)
    data.update(overrides)
    return nested_form_data(data)


def assert_refused(response, message=None):
    """The form comes back (200, not 500, not a redirect) with the error shown."""
    assert response.status_code == 200
    assert not response.context["form"].is_valid()
    if message:
        assert message in response.content.decode()


# --- Valid data -----------------------------------------------------------------------


def test_admin_creates_the_editorial(edition, post_page_form):
    data = nested_form_data(
        {
            "title": "Édito",
            "slug": "edito",
            "body": streamfield([("paragraph", rich_text("<p>Bienvenue à Lille !</p>"))]),
            "signature": "L'équipe de la Compagnie des Tiers-Lieux",
        }
    )

    response = post_page_form(edition, EditoPage, data)

    assert response.status_code == 302
    edito = EditoPage.objects.get()
    assert edito.live and edito.signature.startswith("L'équipe")


def test_admin_creates_a_day_within_the_edition(edition, post_page_form):
    data = nested_form_data(
        {
            "title": "Lundi 29 novembre",
            "slug": "29-novembre",
            "date": "2021-11-29",
            "intro": rich_text("<p>Une journée à Lille.</p>"),
        }
    )

    response = post_page_form(edition, ProgrammeDayPage, data)

    assert response.status_code == 302
    assert ProgrammeDayPage.objects.get().date == datetime.date(2021, 11, 29)


def test_admin_creates_a_session_with_its_people_room_menus_and_times(day, post_page_form):
    room = VenueFactory(name="Salle 1", part_of=VenueFactory(name="Bazaar St So"))
    facilitator, witness = PersonFactory(name="Alice"), PersonFactory(name="Bob")
    data = workshop_form(
        number="3",
        slot="1",
        order_in_slot="2",
        start_time="14:00",
        end_time="15:30",
        venue=str(room.pk),
        summary="Comment les tiers-lieux créent de l'emploi.",
        speakers=inline_formset(
            [
                {"person": str(facilitator.pk), "role": "facilitator"},
                {"person": str(witness.pk), "role": "witness"},
            ]
        ),
        body=streamfield(
            [
                ("paragraph", rich_text("<p>Un atelier participatif.</p>")),
                ("menu", {"name": "Formule végétarienne", "dish": "Lasagnes", "dessert": "", "drink": ""}),
                ("quote", {"quote": "Faire ensemble.", "attribution": ""}),
            ]
        ),
    )

    response = post_page_form(day, WorkshopPage, data)

    assert response.status_code == 302
    session = WorkshopPage.objects.get()
    assert (session.number, session.slot, session.order_in_slot, session.venue) == (3, 1, 2, room)
    assert (session.start_time, session.end_time) == (datetime.time(14), datetime.time(15, 30))
    assert [(sp.person.name, sp.role) for sp in session.speakers.all()] == [
        ("Alice", "facilitator"),
        ("Bob", "witness"),
    ]
    assert [block.block_type for block in session.body] == ["paragraph", "menu", "quote"]


def test_admin_creates_a_session_without_any_time(day, post_page_form):
    response = post_page_form(
        day, WorkshopPage, workshop_form(format="meal", title="Déjeuner", slug="dejeuner")
    )

    assert response.status_code == 302
    lunch = WorkshopPage.objects.get()
    assert (lunch.format, lunch.start_time, lunch.end_time) == ("meal", None, None)


def test_admin_creates_a_session_with_limited_seats(day, post_page_form):
    data = workshop_form(format="plenary", registration_required="on", capacity="200")

    response = post_page_form(day, WorkshopPage, data)

    assert response.status_code == 302
    plenary = WorkshopPage.objects.get()
    assert (plenary.registration_required, plenary.capacity) == (True, 200)


def test_admin_creates_a_route_with_its_stops_in_order(day, post_page_form):
    stops = [VenueFactory(name="Pop Café"), VenueFactory(name="La Coroutine"), VenueFactory(name="Le 188")]
    data = route_form(
        [{"venue": str(venue.pk), "note": f"Étape {i}"} for i, venue in enumerate(stops, 1)],
        slot="2",
    )

    response = post_page_form(day, RoutePage, data)

    assert response.status_code == 302
    route = RoutePage.objects.get()
    assert (route.mode, route.return_time, route.slot) == ("bike", datetime.time(18), 2)
    assert [stop.venue.name for stop in route.stops.all()] == ["Pop Café", "La Coroutine", "Le 188"]


def test_admin_creates_a_person_snippet(admin_client, locales):
    data = nested_form_data(
        {
            "name": "Yaël Benayoun",
            "organisation": "Le Mouton Numérique",
            "role": "Sociologue",
            "bio": rich_text("<p>Chercheuse en sociologie du numérique.</p>"),
            "photo": "",
        }
    )

    response = admin_client.post(reverse("wagtailsnippets_programme_person:add"), data)

    assert response.status_code == 302
    person = Person.objects.get()
    assert (person.name, person.locale) == ("Yaël Benayoun", locales.fr)


def test_admin_creates_a_venue_snippet_as_a_room_of_another(admin_client, locales):
    bazaar = VenueFactory(name="Bazaar St So")
    data = {
        "name": "Les Halles",
        "part_of": str(bazaar.pk),
        "address": "292 rue Camille Guérin",
        "postcode": "59000",
        "town": "Lille",
        "latitude": "50.619",
        "longitude": "3.052",
        "accessibility": "De plain-pied.",
    }

    response = admin_client.post(reverse("wagtailsnippets_programme_venue:add"), data)

    assert response.status_code == 302
    halls = Venue.objects.get(name="Les Halles")
    assert halls.part_of == bazaar and halls.has_position


# --- Bad input ------------------------------------------------------------------------


def test_session_ending_before_it_starts_is_refused(day, post_page_form):
    response = post_page_form(day, WorkshopPage, workshop_form(start_time="15:00", end_time="14:00"))

    assert_refused(response, "L&#x27;heure de fin doit être après l&#x27;heure de début.")
    assert not WorkshopPage.objects.exists()


def test_session_ending_when_it_starts_is_refused(day, post_page_form):
    response = post_page_form(day, WorkshopPage, workshop_form(start_time="15:00", end_time="15:00"))

    assert_refused(response)
    assert not WorkshopPage.objects.exists()


def test_session_with_an_end_time_but_no_start_time_is_refused(day, post_page_form):
    response = post_page_form(day, WorkshopPage, workshop_form(end_time="14:00"))

    assert_refused(response, "Indiquez l&#x27;heure de début si vous indiquez une heure de fin.")
    assert not WorkshopPage.objects.exists()


def test_route_ending_before_it_starts_is_refused(day, post_page_form):
    venue = VenueFactory()
    data = route_form([{"venue": str(venue.pk), "note": ""}], start_time="14:00", end_time="13:00")

    response = post_page_form(day, RoutePage, data)

    assert_refused(response, "L&#x27;heure de fin doit être après l&#x27;heure de début.")
    assert not RoutePage.objects.exists()


def assert_route_needs_a_stop(response):
    assert_refused(response, "Un parcours doit comporter au moins une étape.")


def test_route_without_any_stop_is_refused(day, post_page_form):
    response = post_page_form(day, RoutePage, route_form([]))

    assert_route_needs_a_stop(response)
    assert not RoutePage.objects.exists()


def test_route_whose_only_stop_is_deleted_is_refused(day, post_page_form):
    venue = VenueFactory()

    response = post_page_form(
        day, RoutePage, route_form([{"venue": str(venue.pk), "note": "", "DELETE": "1"}])
    )

    assert_route_needs_a_stop(response)
    assert not RoutePage.objects.exists()


def test_route_stop_without_a_venue_is_refused(day, post_page_form):
    response = post_page_form(day, RoutePage, route_form([{"venue": "", "note": "Quelque part"}]))

    assert_refused(response, "La page ne peut être créée du fait d&#x27;erreurs de validation.")
    assert "venue" in response.context["form"].formsets["stops"].forms[0].errors
    assert not RoutePage.objects.exists()


@pytest.mark.parametrize("date", ["2021-11-28", "2021-12-01", "2022-11-29"])
def test_day_outside_its_editions_dates_is_refused(edition, post_page_form, date):
    data = nested_form_data(
        {"title": "Jour hors édition", "slug": "hors-edition", "date": date, "intro": rich_text("")}
    )

    response = post_page_form(edition, ProgrammeDayPage, data)

    assert_refused(response, "Cette date est en dehors de l&#x27;édition (du 29/11/2021 au 30/11/2021).")
    assert not ProgrammeDayPage.objects.exists()


def test_day_of_a_one_day_edition_must_be_that_day(site_tree, post_page_form):
    edition = EditionPageFactory(parent=site_tree.home, year=2022, start_date=datetime.date(2022, 11, 28))
    data = nested_form_data({"title": "Mardi", "slug": "mardi", "date": "2022-11-29", "intro": rich_text("")})

    response = post_page_form(edition, ProgrammeDayPage, data)

    assert_refused(response, "(du 28/11/2022 au 28/11/2022)")
    assert not ProgrammeDayPage.objects.exists()


def test_duplicate_session_slug_in_the_same_day_is_refused(day, post_page_form):
    WorkshopPageFactory(parent=day, slug="tiers-lieux-et-emploi")

    response = post_page_form(day, WorkshopPage, workshop_form())

    assert_refused(response)
    assert "slug" in response.context["form"].errors
    assert WorkshopPage.objects.count() == 1


def test_duplicate_day_slug_in_the_same_edition_is_refused(edition, day, post_page_form):
    data = nested_form_data(
        {"title": "Encore", "slug": day.slug, "date": "2021-11-30", "intro": rich_text("")}
    )

    response = post_page_form(edition, ProgrammeDayPage, data)

    assert_refused(response)
    assert "slug" in response.context["form"].errors
    assert ProgrammeDayPage.objects.count() == 1


@pytest.mark.parametrize("order", ["0", "-1"])
def test_session_with_an_order_in_its_slot_below_one_is_refused(day, post_page_form, order):
    response = post_page_form(day, WorkshopPage, workshop_form(slot="1", order_in_slot=order))

    assert_refused(response)
    assert "order_in_slot" in response.context["form"].errors
    assert not WorkshopPage.objects.exists()


@pytest.mark.parametrize("capacity", ["0", "-5"])
def test_session_with_no_seats_or_fewer_is_refused(day, post_page_form, capacity):
    response = post_page_form(day, WorkshopPage, workshop_form(registration_required="on", capacity=capacity))

    assert_refused(response)
    assert "capacity" in response.context["form"].errors
    assert not WorkshopPage.objects.exists()


def test_registration_without_a_capacity_is_refused(day, post_page_form):
    response = post_page_form(day, WorkshopPage, workshop_form(registration_required="on", capacity=""))

    assert_refused(response, "Indiquez le nombre de places pour ouvrir les inscriptions.")
    assert not WorkshopPage.objects.exists()


def test_registration_closing_before_it_opens_is_refused(day, post_page_form):
    data = workshop_form(registration_opens_at="2021-11-20 10:00", registration_closes_at="2021-11-10 10:00")

    response = post_page_form(day, WorkshopPage, data)

    assert_refused(response, "La fermeture des inscriptions doit être après leur ouverture.")
    assert not WorkshopPage.objects.exists()


def test_second_editorial_in_the_same_edition_is_not_offered(edition, admin_client):
    add_subpage = reverse("wagtailadmin_pages:add_subpage", args=[edition.pk])
    assert "programme/editopage" in admin_client.get(add_subpage).content.decode()

    EditoPageFactory(parent=edition)

    assert "programme/editopage" not in admin_client.get(add_subpage).content.decode()


def test_venue_with_a_latitude_but_no_longitude_is_refused_in_the_admin(admin_client, locales):
    data = {"name": "Pop Café", "part_of": "", "latitude": "50.62", "longitude": "", "accessibility": ""}

    response = admin_client.post(reverse("wagtailsnippets_programme_venue:add"), data)

    assert response.status_code == 200
    assert "Indiquez la latitude et la longitude, ou aucune des deux." in response.content.decode()
    assert not Venue.objects.exists()


def test_venue_with_a_latitude_out_of_range_is_refused_in_the_admin(admin_client, locales):
    data = {"name": "Pop Café", "part_of": "", "latitude": "95", "longitude": "3", "accessibility": ""}

    response = admin_client.post(reverse("wagtailsnippets_programme_venue:add"), data)

    assert response.status_code == 200
    assert "latitude" in response.context["form"].errors
    assert not Venue.objects.exists()


def test_person_without_a_name_is_refused_in_the_admin(admin_client, locales):
    data = nested_form_data({"name": "", "organisation": "", "role": "", "bio": rich_text(""), "photo": ""})

    response = admin_client.post(reverse("wagtailsnippets_programme_person:add"), data)

    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    assert not Person.objects.exists()
