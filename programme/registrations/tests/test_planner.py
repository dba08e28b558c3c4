"""The day planner: one form for a day's sessions, slot by slot; one submit registers
everything; one e-mail with one calendar file; clashes refused on the server whatever
the form sends."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from home.calendars import event_uid
from programme.factories import VenueFactory
from programme.registrations import services
from programme.registrations.models import Attendee, OutgoingEmail, Registration
from programme.registrations.services.planner import DROP, WAIT, Choice, register_many

from .conftest import BIKE_ID, MENU_ID, VEGETARIAN_ID, bike_question, menu_question

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def programme_day(make_workshop, make_route):
    """An opening (no slot, 9:00), two parallel workshops (slot 1, 10:00–12:00), two
    parallel routes (slot 2, 14:00–17:00) and an evening (19:00)."""
    opening = make_workshop(title="Ouverture", slug="ouverture", capacity=100, start_time=dt.time(9))
    cartography = make_workshop(
        title="Cartographie",
        slug="cartographie",
        slot=1,
        capacity=2,
        start_time=dt.time(10),
        end_time=dt.time(12),
    )
    fablab = make_workshop(
        title="Fablab",
        slug="fablab",
        slot=1,
        capacity=1,
        start_time=dt.time(10),
        end_time=dt.time(12),
        registration_questions=[menu_question()],
    )
    bike = make_route(
        title="Parcours vélo",
        slug="parcours-velo",
        slot=2,
        capacity=1,
        start_time=dt.time(14),
        return_time=dt.time(17),
        registration_questions=[bike_question()],
    )
    walk = make_route(
        title="Parcours à pied", slug="parcours-pied", slot=2, capacity=30, start_time=dt.time(14)
    )
    evening = make_workshop(title="Soirée", slug="soiree", capacity=100, start_time=dt.time(19))
    return {
        "opening": opening,
        "cartography": cartography,
        "fablab": fablab,
        "bike": bike,
        "walk": walk,
        "evening": evening,
    }


def plan_url(day):
    return reverse("registrations:planner", args=[day.pk])


def identity(email="ada@example.org", **extra):
    return {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": email,
        "consent": "on",
        "if_full": WAIT,
        **extra,
    }


def slot_fields(response):
    """{slot field name: [radio values]} as the page shows them."""
    html = response.content.decode()
    fields = {}
    for name, value in re.findall(r'<input type="radio" name="(slot_\d+)" id="[^"]+" value="([^"]*)"', html):
        fields.setdefault(name, []).append(value)
    return fields


def field_of(response, page):
    return next(name for name, values in slot_fields(response).items() if str(page.pk) in values)


# --- The form -------------------------------------------------------------------------


def test_the_form_lists_the_day_slot_by_slot_with_places_left(client, day, programme_day):
    response = client.get(plan_url(day))

    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    slots = slot_fields(response)
    p = {name: str(page.pk) for name, page in programme_day.items()}
    assert list(slots.values()) == [
        ["", p["opening"]],
        ["", p["cartography"], p["fablab"]],
        ["", p["bike"], p["walk"]],
        ["", p["evening"]],
    ]
    html = response.content.decode()
    assert "2 places restantes" in html and "1 place restante" in html
    assert html.count("<fieldset") >= 4 and html.count("<legend") >= 4


def test_the_day_page_and_the_edition_page_link_to_the_planner(client, day, edition, programme_day):
    for page in (day, edition):
        html = client.get(page.url).content.decode()
        assert plan_url(day) in html and "M'inscrire à plusieurs séances" in html


def test_a_day_without_registration_has_no_link_and_the_planner_says_so(client, day, make_workshop):
    make_workshop(title="Accueil", slug="accueil", registration_required=False)

    assert plan_url(day) not in client.get(day.url).content.decode()
    response = client.get(plan_url(day))
    assert response.status_code == 200
    assert "Aucune séance de cette journée ne prend d'inscription en ligne." in response.content.decode()


def test_a_tampered_day_id_is_a_404(client, day, programme_day):
    assert client.get(reverse("registrations:planner", args=[programme_day["opening"].pk])).status_code == 404
    assert client.get(reverse("registrations:planner", args=[999999])).status_code == 404


def test_a_full_session_without_waiting_list_cannot_be_chosen(client, day, programme_day, register):
    fablab = programme_day["fablab"]
    fablab.waiting_list_enabled = False
    fablab.save_revision().publish()
    register(fablab)

    response = client.get(plan_url(day))
    html = response.content.decode()
    assert re.search(rf'value="{fablab.pk}"[^>]* disabled', html)

    data = identity(**{field_of(response, fablab): str(fablab.pk)})
    response = client.post(plan_url(day), data)
    assert response.status_code == 400
    assert "Complet" in response.content.decode()
    assert not Registration.objects.filter(attendee__email="ada@example.org").exists()


# --- One submit -----------------------------------------------------------------------


def test_one_submit_registers_every_choice_and_sends_one_email_with_one_calendar(
    client, day, programme_day, django_capture_on_commit_callbacks, run_tasks
):
    form = client.get(plan_url(day))
    chosen = [programme_day[name] for name in ("opening", "fablab", "bike", "evening")]
    data = identity(**{field_of(form, page): str(page.pk) for page in chosen})
    fablab, bike = programme_day["fablab"], programme_day["bike"]
    data[f"s{fablab.pk}_q_{MENU_ID}"] = VEGETARIAN_ID
    data[f"s{bike.pk}_q_{BIKE_ID}"] = "yes"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(plan_url(day), data)

    assert response.status_code == 302
    registrations = Registration.objects.filter(attendee__email="ada@example.org")
    assert {r.session_key: r.status for r in registrations} == {
        page.translation_key: Status.CONFIRMED for page in chosen
    }
    assert registrations.get(session_key=fablab.translation_key).answers == {MENU_ID: VEGETARIAN_ID}
    assert registrations.get(session_key=bike.translation_key).answers == {BIKE_ID: True}
    assert OutgoingEmail.objects.count() == 1

    result = client.get(response["Location"])
    assert result.status_code == 200
    assert all(page.title in result.content.decode() for page in chosen)
    assert "ada@example.org" not in result.content.decode()

    run_tasks()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert all(page.title in message.body for page in chosen)
    assert "10h00 – 12h00" in message.body
    assert Attendee.objects.get().token in message.body
    [(name, content, mimetype)] = [item for item in message.attachments if item[2] == "text/calendar"]
    assert name == "programme.ics"
    # One check-in QR code per confirmed session (each registration has its own).
    confirmed = Registration.objects.filter(status=Status.CONFIRMED).count()
    assert len([item for item in message.attachments if item[2] == "image/png"]) == confirmed
    uids = {str(event["UID"]) for event in Calendar.from_ical(content).walk("VEVENT")}
    assert uids == {event_uid(page.translation_key) for page in chosen}


def test_a_full_session_goes_to_the_waiting_list_or_is_dropped_as_chosen(day, programme_day, register, now):
    bike = programme_day["bike"]
    register(bike)  # its only place
    choices = [Choice(programme_day["opening"]), Choice(bike, {BIKE_ID: True})]

    waiting = register_many(
        choices, email="a@example.org", first_name="A", last_name="B", now=now, if_full=WAIT
    )
    dropped = register_many(
        choices, email="b@example.org", first_name="C", last_name="D", now=now, if_full=DROP
    )

    assert [r.status for r in waiting.registrations] == [Status.CONFIRMED, Status.WAITING]
    assert [o.dropped for o in dropped.outcomes] == ["", "full"]
    assert [r.session_key for r in dropped.registrations] == [programme_day["opening"].translation_key]


def test_a_session_already_held_is_dropped_and_the_others_stand(day, programme_day, register, now):
    register(programme_day["evening"], "ada@example.org")

    result = register_many(
        [Choice(programme_day["opening"]), Choice(programme_day["evening"])],
        email="Ada@Example.org",
        first_name="Ada",
        last_name="L",
        now=now,
    )

    assert [o.dropped for o in result.outcomes] == ["", "already_registered"]
    assert result.outcomes[1].reason == str(services.RegistrationError("clash").message)


def test_the_same_form_posted_twice_registers_once(client, day, programme_day):
    form = client.get(plan_url(day))
    opening = programme_day["opening"]
    data = identity(submission_key="abc123", **{field_of(form, opening): str(opening.pk)})

    first = client.post(plan_url(day), data)
    second = client.post(plan_url(day), data)

    assert first.status_code == second.status_code == 302
    assert Registration.objects.count() == 1 and OutgoingEmail.objects.count() == 1


# --- Never trust the form -----------------------------------------------------------


def test_two_sessions_at_the_same_time_are_refused_by_the_server(client, day, programme_day, make_workshop):
    # Another slot, but its times overlap the bike route's.
    debate = make_workshop(title="Débat", slug="debat", start_time=dt.time(15), end_time=dt.time(16))
    form = client.get(plan_url(day))
    bike = programme_day["bike"]
    html = form.content.decode()
    assert re.search(rf'data-session="{debate.pk}" data-clashes="{bike.pk}"', html)
    assert "En même temps que :" in html

    data = identity(**{field_of(form, bike): str(bike.pk), field_of(form, debate): str(debate.pk)})
    response = client.post(plan_url(day), data)

    assert response.status_code == 400
    assert "a lieu en même temps que" in response.content.decode()
    assert Registration.objects.count() == 0


def test_the_service_refuses_clashes_and_duplicates_whatever_the_form(day, programme_day, now):
    both_workshops = [Choice(programme_day["cartography"]), Choice(programme_day["fablab"])]
    twice = [Choice(programme_day["opening"]), Choice(programme_day["opening"])]
    for choices, code in ((both_workshops, "plan_clash"), (twice, "plan_invalid"), ([], "plan_invalid")):
        with pytest.raises(services.RegistrationError) as error:
            register_many(choices, email="a@example.org", first_name="A", last_name="B", now=now)
        assert error.value.code == code
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    "tamper",
    [
        {"slot_1": "999999"},  # no such session
        {"slot_1": "not-a-number"},
        {"slot_2": "{opening}"},  # a session of another slot
    ],
)
def test_tampered_choices_get_a_message_not_a_server_error(client, day, programme_day, tamper):
    client.get(plan_url(day))
    data = identity(
        **{key: value.format(opening=programme_day["opening"].pk) for key, value in tamper.items()}
    )

    response = client.post(plan_url(day), data)

    assert response.status_code == 400
    assert "Choisissez l&#x27;une des séances proposées pour ce créneau." in response.content.decode()
    assert Registration.objects.count() == 0


def test_a_required_question_is_required_only_of_a_chosen_session(client, day, programme_day):
    form = client.get(plan_url(day))
    fablab, opening = programme_day["fablab"], programme_day["opening"]

    ok = client.post(plan_url(day), identity(**{field_of(form, opening): str(opening.pk)}))
    missing = client.post(
        plan_url(day), identity("b@example.org", **{field_of(form, fablab): str(fablab.pk)})
    )

    assert ok.status_code == 302
    assert missing.status_code == 400
    assert f'href="#id_s{fablab.pk}_q_{MENU_ID}_0"' in missing.content.decode()  # its first radio


def test_nothing_chosen_and_bad_identity_give_messages_linked_to_fields(client, day, programme_day):
    response = client.post(plan_url(day), {"email": "pas-une-adresse", "if_full": "maybe"})

    html = response.content.decode()
    assert response.status_code == 400
    for field in ("first_name", "email", "consent", "if_full_0"):
        assert f'href="#id_{field}"' in html


def test_the_planner_is_rate_limited_like_the_single_form(client, day, programme_day, settings):
    settings.REGISTRATION_RATE_LIMIT = 1
    form = client.get(plan_url(day))
    opening = programme_day["opening"]

    client.post(plan_url(day), identity(**{field_of(form, opening): str(opening.pk)}))
    response = client.post(
        plan_url(day), identity("b@example.org", **{field_of(form, opening): str(opening.pk)})
    )

    assert response.status_code == 429
    assert Registration.objects.count() == 1


def test_the_places_for_the_script_are_live(
    client, day, programme_day, register, django_capture_on_commit_callbacks
):
    url = reverse("registrations:planner_places", args=[day.pk])
    fablab = programme_day["fablab"]
    assert client.get(url).json()[str(fablab.pk)] == {"label": "1 place restante", "choosable": True}

    with django_capture_on_commit_callbacks(execute=True):  # the change empties the live counts
        register(fablab)

    assert client.get(url).json()[str(fablab.pk)]["label"] == "Complet – liste d'attente ouverte"


def test_a_tampered_result_link_is_a_404(client, day):
    assert client.get(reverse("registrations:planner_result", args=["nope"])).status_code == 404


def test_venues_accessibility_notes_are_shown_in_the_planner(client, day, make_workshop):
    venue = VenueFactory(name="Grande salle", accessibility="Accès de plain-pied, boucle magnétique.")
    make_workshop(title="Plénière", slug="pleniere", venue=venue)

    html = client.get(plan_url(day)).content.decode()

    assert "Accès de plain-pied, boucle magnétique." in html


def test_the_planner_works_in_english(
    client, day, programme_day, translate, django_capture_on_commit_callbacks
):
    english_day = translate(day)
    english_opening = translate(programme_day["opening"])

    with translation.override("en"):
        url = reverse("registrations:planner", args=[english_day.pk])
    form = client.get(url)
    assert "Ouverture (EN)" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, identity(**{field_of(form, english_opening): str(english_opening.pk)}))

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.session_key == programme_day["opening"].translation_key
    assert registration.language == "en"


def test_a_restricted_session_is_left_out_and_refused(client, day, programme_day):
    fablab = programme_day["fablab"]
    PageViewRestriction.objects.create(
        page=fablab, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    form = client.get(plan_url(day))
    assert str(fablab.pk) not in sum(slot_fields(form).values(), [])
    assert "Fablab" not in form.content.decode()
    cartography = programme_day["cartography"]
    response = client.post(plan_url(day), identity(**{field_of(form, cartography): str(fablab.pk)}))
    assert response.status_code == 400
    assert Registration.objects.count() == 0
