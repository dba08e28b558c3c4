"""The public form, its outcomes, and every kind of bad input the issue lists: each gets a
message next to the field or above the form, never a server error nor a partial write."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from programme.registrations.models import Attendee, OutgoingEmail, Registration

from .conftest import MEAT_ID, MENU_ID, VEGETARIAN_ID, bike_question, menu_question

pytestmark = pytest.mark.django_db

Status = Registration.Status


def form_data(**overrides):
    data = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": "ada@example.org",
        "organisation": "Fablab",
        "consent": "on",
        "website": "",
        "submission_key": "k1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def register_url(page, language="fr"):
    with translation.override(language):
        return reverse("registrations:register", args=[page.pk])


@pytest.fixture
def menu_workshop(make_workshop):
    return make_workshop(
        title="Déjeuner", slug="dejeuner", capacity=2, registration_questions=[menu_question()]
    )


# --- The state on the session page, the form on its own page ------------------------


def test_the_session_page_shows_places_left_and_links_to_the_form(client, workshop):
    response = client.get(workshop.url)

    assert response.status_code == 200
    content = response.content.decode()
    assert "2 places restantes" in content
    assert f'href="{register_url(workshop)}"' in content
    # No form on the session page: a CSRF token would make it uncacheable.
    assert 'name="consent"' not in content and "csrfmiddlewaretoken" not in content


def test_the_form_page_shows_the_form(client, workshop):
    content = client.get(register_url(workshop)).content.decode()

    assert "2 places restantes" in content
    assert f'action="{register_url(workshop)}"' in content
    assert 'name="consent"' in content and 'name="csrfmiddlewaretoken"' in content


def test_the_state_shown_is_never_stale(client, workshop, register):
    register(workshop), register(workshop)

    content = client.get(workshop.url).content.decode()

    assert (
        "Complet – liste d&#x27;attente ouverte" in content or "Complet – liste d'attente ouverte" in content
    )
    assert "Rejoindre la liste d" in content


def test_a_full_session_without_waiting_list_shows_no_form(client, make_workshop, register):
    session = make_workshop(capacity=1, waiting_list_enabled=False)
    register(session)

    content = client.get(session.url).content.decode()
    assert "Complet" in content and f'href="{register_url(session)}"' not in content

    content = client.get(register_url(session)).content.decode()
    assert "Complet" in content and 'name="consent"' not in content


def test_a_session_without_registration_shows_no_panel(client, make_workshop):
    session = make_workshop(registration_required=False, capacity=None)

    assert 'id="inscription"' not in client.get(session.url).content.decode()


def test_a_route_page_shows_its_questions(client, make_route):
    route = make_route(registration_questions=[bike_question()])

    assert "30 places restantes" in client.get(route.url).content.decode()
    content = client.get(register_url(route)).content.decode()
    assert "prête un vélo" in content and "30 places restantes" in content


# --- Outcomes -------------------------------------------------------------------------


def test_registering_redirects_to_a_confirmation_page(
    client, menu_workshop, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(menu_workshop), form_data(**{f"q_{MENU_ID}": VEGETARIAN_ID}))

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Status.CONFIRMED
    assert registration.answers == {MENU_ID: VEGETARIAN_ID}
    assert registration.language == "fr"
    assert registration.attendee.organisation == "Fablab"
    page = client.get(response["Location"])
    assert "votre place est réservée" in page.content.decode()
    assert "ada@example.org" not in page.content.decode()  # neither the address
    assert registration.attendee.token not in page.content.decode()  # nor the personal link


def test_the_waiting_list_outcome_gives_the_position(client, workshop, register):
    register(workshop), register(workshop), register(workshop)

    response = client.post(register_url(workshop), form_data(), follow=True)

    assert Registration.objects.get(attendee__email="ada@example.org").status == Status.WAITING
    assert "en position 2" in response.content.decode()


def test_registering_in_english_records_the_language(client, workshop, translate):
    english = translate(workshop)

    response = client.post(register_url(english, "en"), form_data(), follow=True)

    assert response.status_code == 200
    registration = Registration.objects.get()
    assert registration.language == "en"
    assert registration.session_id == workshop.pk  # one list, the French page's


@pytest.mark.parametrize(
    "setup,code",
    [
        ("full", "Cette séance est complète."),
        ("already", "déjà inscrite à cette heure-là"),
        ("clash", "déjà inscrite à cette heure-là"),
    ],
)
def test_refusals_give_a_clear_message(client, make_workshop, register, setup, code):
    session = make_workshop(capacity=1, waiting_list_enabled=setup != "full", slot=1)
    if setup == "full":
        register(session)
    elif setup == "already":
        register(session, "ada@example.org")
    else:
        register(make_workshop(slot=1), "ada@example.org")

    response = client.post(register_url(session), form_data())

    assert response.status_code == 409
    assert code in response.content.decode()


def test_this_session_and_another_at_the_same_time_get_the_same_refusal(client, make_workshop, register):
    """A probe with a known address cannot tell where it is registered."""
    first, other = make_workshop(slot=1), make_workshop(slot=1)
    register(first, "ada@example.org")

    answers = [client.post(register_url(page), form_data()) for page in (first, other)]

    assert [answer.status_code for answer in answers] == [409, 409]
    same, clash = (refusal_text(answer) for answer in answers)
    assert same == clash and "à cette séance ou à une autre" in same


def refusal_text(response):
    """The form's refusal (non-field errors), without the page's own ids."""
    html = response.content.decode()
    start = html.index("déjà inscrite")
    return html[start : html.index("<", start)]


def test_the_personal_page_says_which_session_holds_the_address(client, make_workshop, register):
    held = make_workshop(title="Atelier compost", slug="compost", slot=1)
    wanted = make_workshop(title="Atelier vélo", slug="velo", slot=1)
    registration = register(held, "ada@example.org")
    assert client.post(register_url(wanted), form_data()).status_code == 409

    page = client.get(reverse("registrations:personal", args=[registration.attendee.token])).content.decode()

    assert "Atelier compost" in page and "Atelier vélo" not in page
    assert "occupe votre adresse" in page


def test_already_registered_reveals_nothing_about_the_other_person(client, workshop, register):
    register(workshop, "ada@example.org", first_name="Secret", last_name="Person", organisation="Hidden")

    content = client.post(register_url(workshop), form_data(first_name="Eve")).content.decode()

    assert "Secret" not in content and "Hidden" not in content
    assert Attendee.objects.get().first_name == "Secret"


# --- Bad input ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"first_name": ""}, "first_name", "Indiquez votre prénom."),
        ({"first_name": "   "}, "first_name", "Indiquez votre prénom."),
        ({"last_name": "L" * 101}, "last_name", "Le nom ne peut pas dépasser 100 caractères."),
        ({"organisation": "O" * 201}, "organisation", "ne peut pas dépasser 200 caractères"),
        ({"email": ""}, "email", "Indiquez votre adresse e-mail."),
        ({"email": "pas-une-adresse"}, "email", "Cette adresse e-mail n'est pas valide"),
        ({"email": "a" * 250 + "@example.org"}, "email", "ne peut pas dépasser 254 caractères"),
        ({"consent": None}, "consent", "Cochez cette case pour vous inscrire."),
        ({f"q_{MENU_ID}": "un-autre-choix"}, f"q_{MENU_ID}", "Choisissez l'une des réponses proposées."),
        ({f"q_{MENU_ID}": None}, f"q_{MENU_ID}", "Répondez à cette question."),
    ],
)
def test_invalid_fields_get_a_message_next_to_them(client, menu_workshop, overrides, field, message):
    data = form_data(**{f"q_{MENU_ID}": MEAT_ID})
    data.update({k: v for k, v in overrides.items() if v is not None})
    for key in [k for k, v in overrides.items() if v is None]:
        data.pop(key)

    response = client.post(register_url(menu_workshop), data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors.get(field, []))
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert not Registration.objects.exists() and not Attendee.objects.exists()
    assert not OutgoingEmail.objects.exists()


def test_the_email_is_normalised(client, workshop):
    client.post(register_url(workshop), form_data(email="  Ada@EXAMPLE.org "))

    assert Attendee.objects.get().email == "ada@example.org"


@pytest.mark.parametrize("page_id", ["999999", "99999999999999999999"])
def test_a_tampered_session_id_is_not_found(client, workshop, page_id):
    response = client.post(f"/fr/inscriptions/seance/{page_id}/", form_data())

    assert response.status_code == 404


def test_a_page_that_is_not_a_session_is_not_found(client, workshop, day):
    assert client.post(register_url(day), form_data()).status_code == 404
    assert client.get(register_url(day)).status_code == 404


def test_a_session_that_stopped_taking_registrations_says_so(client, workshop):
    type(workshop).objects.filter(pk=workshop.pk).update(registration_required=False)

    posted = client.post(register_url(workshop), form_data())
    shown = client.get(register_url(workshop))

    assert posted.status_code == 409
    for response in (posted, shown):
        assert "ne prend pas d&#x27;inscription en ligne" in response.content.decode()
    assert not Registration.objects.exists()


def test_the_consent_links_to_the_privacy_page_the_editor_chose(client, workshop, site_tree):
    from home.factories import ContentPageFactory
    from programme.registrations.models import RegistrationSettings

    privacy = ContentPageFactory(parent=site_tree.home, title="Confidentialité", slug="confidentialite")
    RegistrationSettings.objects.update_or_create(site=site_tree.site, defaults={"privacy_page": privacy})

    content = client.get(register_url(workshop)).content.decode()

    assert f'href="{privacy.url}"' in content and "politique de confidentialité" in content


def test_the_page_cache_never_serves_a_stale_state(
    client, workshop, register, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    assert "2 places restantes" in client.get(workshop.url).content.decode()
    assert "2 places restantes" in client.get(workshop.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        register(workshop)

    assert "1 place restante" in client.get(workshop.url).content.decode()


def test_an_unpublished_session_is_not_found(client, workshop):
    workshop.unpublish()

    assert client.post(register_url(workshop), form_data()).status_code == 404


def test_a_form_replayed_after_closing_is_refused(client, make_workshop, now):
    session = make_workshop(registration_closes_at=now - dt.timedelta(minutes=1))

    response = client.post(register_url(session), form_data())

    assert response.status_code == 409
    assert "Les inscriptions à cette séance sont closes." in response.content.decode()
    assert not Registration.objects.exists()


def test_a_double_click_makes_one_registration(client, workshop):
    first = client.post(register_url(workshop), form_data(submission_key="same"))
    second = client.post(register_url(workshop), form_data(submission_key="same"))

    assert first.status_code == second.status_code == 302
    assert client.get(second["Location"]).status_code == 200  # the same outcome page
    assert [
        r.context["registration"] for r in (client.get(first["Location"]), client.get(second["Location"]))
    ] == [Registration.objects.get()] * 2


def test_the_honeypot_stops_bots_without_registering(client, workshop):
    response = client.post(register_url(workshop), form_data(website="http://spam.example"))

    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_submissions_are_rate_limited_per_address(client, make_workshop, settings):
    settings.REGISTRATION_RATE_LIMIT = 2
    sessions = [make_workshop() for _ in range(3)]

    codes = [
        client.post(register_url(s), form_data(email=f"p{i}@example.org")).status_code
        for i, s in enumerate(sessions)
    ]

    assert codes == [302, 302, 429]
    assert Registration.objects.count() == 2
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.post(register_url(sessions[2]), form_data(email="p9@example.org")).status_code == 302


def test_the_rate_limit_can_be_turned_off(client, make_workshop, settings):
    settings.REGISTRATION_RATE_LIMIT = 0
    sessions = [make_workshop() for _ in range(4)]

    codes = {
        client.post(register_url(s), form_data(email=f"p{i}@example.org")).status_code
        for i, s in enumerate(sessions)
    }

    assert codes == {302}


def test_posts_without_csrf_token_are_refused(workshop):
    client = Client(enforce_csrf_checks=True)

    assert client.post(register_url(workshop), form_data()).status_code == 403
    assert not Registration.objects.exists()


def test_a_tampered_result_link_is_not_found(client):
    assert client.get("/fr/inscriptions/resultat/abc:def/").status_code == 404


def test_the_form_page_works_without_the_session_page(client, workshop):
    response = client.get(register_url(workshop))

    assert response.status_code == 200
    assert 'name="submission_key"' in response.content.decode()


def test_the_form_page_of_a_not_yet_open_session_says_when(client, make_workshop):
    session = make_workshop(registration_opens_at=timezone.now() + dt.timedelta(days=3))

    content = client.get(register_url(session)).content.decode()

    assert "Inscriptions à partir du" in content and 'name="consent"' not in content


def test_an_open_session_page_is_served_from_the_page_cache(
    client, workshop, settings, register, django_capture_on_commit_callbacks
):
    """With registration open, the session page holds no CSRF token, so anonymous
    visitors get it from the page cache; after a registration it is still served from
    the cache, with the places left of that moment (filled in when served)."""
    from django.core.cache import cache

    settings.PAGE_CACHE = True
    cache.clear()

    first = client.get(workshop.url)
    second = client.get(workshop.url)

    assert first.status_code == second.status_code == 200
    assert "csrfmiddlewaretoken" not in first.content.decode()
    assert not first.cookies
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert "2 places restantes" in second.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        register(workshop)  # sends registration_changed after commit

    third = client.get(workshop.url)
    assert third["X-Page-Cache"] == "hit"
    assert "1 place restante" in third.content.decode()


def test_form_errors_are_summarised_at_the_top_with_links_to_their_fields(client, workshop):
    data = form_data(first_name="", email="pas-une-adresse")

    response = client.post(register_url(workshop), data)

    html = response.content.decode()
    summary = html[html.index('id="form-errors"') : html.index("</ul>", html.index('id="form-errors"'))]
    assert "Veuillez corriger les erreurs suivantes" in summary
    assert 'href="#id_first_name"' in summary and 'href="#id_email"' in summary
    assert html.index('id="form-errors"') < html.index('name="first_name"')
