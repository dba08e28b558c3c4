"""Options with a number of places: 8 bikes to lend, a menu's portions. The form offers
only what is left; the services count under the session's lock; a cancellation frees the
option; a person promoted from the waiting list gets the alternative."""

import csv
import io
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from programme.registrations import services
from programme.registrations.models import Registration
from programme.registrations.services.options import option_counts, places_left
from programme.registrations.services.planner import Choice, register_many
from programme.registrations.sessions import resolve_session

from .conftest import BIKE_ID, MEAT_ID, MENU_ID, VEGETARIAN_ID

Status = Registration.Status


def limited_bike(places):
    return {
        "type": "yes_no",
        "id": BIKE_ID,
        "value": {"label": "Emprunter un vélo", "required": True, "places": places},
    }


def limited_menu(vegetarian_places):
    return {
        "type": "limited_choice",
        "id": MENU_ID,
        "value": {
            "label": "Menu",
            "required": True,
            "options": [
                {
                    "type": "item",
                    "id": VEGETARIAN_ID,
                    "value": {"text": "Végétarien", "places": vegetarian_places},
                },
                {"type": "item", "id": MEAT_ID, "value": {"text": "Omnivore", "places": None}},
            ],
        },
    }


def form_data(email, **answers):
    return {"first_name": "Ada", "last_name": "Lovelace", "email": email, "consent": "on", **answers}


@pytest.fixture
def route(make_route):
    return make_route(
        title="Parcours vélo", slug="parcours-velo", capacity=3, registration_questions=[limited_bike(1)]
    )


@pytest.mark.django_db
def test_the_form_shows_what_is_left_and_stops_offering_an_exhausted_option(client, route, register):
    url = reverse("registrations:register", args=[route.pk])
    assert "Oui (1 place restante)" in client.get(url).content.decode()

    register(route, answers={BIKE_ID: True})

    html = client.get(url).content.decode()
    assert 'value="yes"' not in html and 'value="no"' in html
    response = client.post(url, form_data("b@example.org", **{f"q_{BIKE_ID}": "yes"}))
    assert response.status_code == 200
    assert "Choisissez l&#x27;une des réponses proposées." in response.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_the_service_refuses_an_exhausted_option_and_a_cancellation_frees_it(route, register, now):
    first = register(route, answers={BIKE_ID: True})
    with pytest.raises(services.RegistrationError) as error:
        register(route, answers={BIKE_ID: True})
    assert error.value.code == "option_full"
    register(route, answers={BIKE_ID: False})  # without a bike: fine

    services.cancel(first, now=now)

    assert places_left(resolve_session(route)) == {(BIKE_ID, "yes"): 1}
    register(route, answers={BIKE_ID: True})


@pytest.mark.django_db
def test_waiting_people_hold_no_option_and_a_promoted_one_gets_the_alternative(make_workshop, register, now):
    lunch = make_workshop(
        title="Déjeuner", slug="dejeuner", capacity=1, registration_questions=[limited_menu(1)]
    )
    holder = register(lunch, answers={MENU_ID: VEGETARIAN_ID})
    waiting = register(lunch, answers={MENU_ID: VEGETARIAN_ID})
    assert waiting.status == Status.WAITING
    assert places_left(resolve_session(lunch))[(MENU_ID, VEGETARIAN_ID)] == 0  # the waiting one holds none
    services.cancel(holder, now=now)  # frees the place and the portion: the waiting one gets both
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED and waiting.answers == {MENU_ID: VEGETARIAN_ID}


@pytest.mark.django_db
def test_a_promoted_person_whose_option_is_exhausted_gets_the_alternative(make_workshop, register, now):
    lunch = make_workshop(
        title="Déjeuner", slug="dejeuner", capacity=1, registration_questions=[limited_menu(1)]
    )
    holder = register(lunch, answers={MENU_ID: MEAT_ID})
    waiting = register(lunch, answers={MENU_ID: VEGETARIAN_ID})
    # The one confirmed person now takes the only vegetarian portion (an organiser's edit).
    Registration.objects.filter(pk=holder.pk).update(answers={MENU_ID: VEGETARIAN_ID})
    lunch.capacity = 3
    lunch.save_revision().publish()  # more places: the waiting list is filled (receivers.py)

    services.promote_waiting_list(lunch, now=now)

    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert waiting.answers == {MENU_ID: MEAT_ID}  # the alternative: the first option left


@pytest.mark.django_db
def test_the_planner_drops_a_session_whose_option_is_exhausted(day, route, make_workshop, register, now):
    opening = make_workshop(title="Ouverture", slug="ouverture", capacity=100)
    register(route, answers={BIKE_ID: True})

    result = register_many(
        [Choice(opening), Choice(route, {BIKE_ID: True})],
        email="a@example.org",
        first_name="A",
        last_name="B",
        now=now,
    )

    assert [o.dropped for o in result.outcomes] == ["", "option_full"]


@pytest.mark.django_db
def test_managers_see_option_counts_in_the_session_view_and_the_export(client, manager, route, register):
    register(route, "ada@example.org", answers={BIKE_ID: True})
    client.force_login(manager)
    assert option_counts(resolve_session(route)) == [("Emprunter un vélo", "Oui", 1, 1)]

    html = client.get(reverse("registrations_admin:session", args=[route.translation_key])).content.decode()
    assert "Emprunter un vélo – Oui : 1 pris sur 1" in html

    response = client.get(reverse("registrations_admin:export_session", args=[route.translation_key, "csv"]))
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert header[-1] == "Emprunter un vélo – Oui : 1/1"


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_requests_take_exactly_eight_bikes(make_route):
    route = make_route(
        title="Parcours vélo", slug="parcours-velo", capacity=30, registration_questions=[limited_bike(8)]
    )
    barrier = threading.Barrier(20)
    results = [None] * 20

    def worker(index):
        try:
            barrier.wait(timeout=60)
            results[index] = services.register(
                route,
                email=f"p{index}@example.org",
                first_name="P",
                last_name=str(index),
                answers={BIKE_ID: True},
                now=timezone.now(),
            )
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    refused = [r for r in results if isinstance(r, services.RegistrationError)]
    assert len(refused) == 12 and {r.code for r in refused} == {"option_full"}
    assert not [r for r in results if isinstance(r, Exception) and r not in refused]
    with_bike = [
        r for r in Registration.objects.filter(status=Status.CONFIRMED) if r.answers.get(BIKE_ID) is True
    ]
    assert len(with_bike) == 8
