"""What the public pages show of a session's state tells the truth: a session the
organisers cancelled says so and offers no button (session page, day card, planner, in
both languages), and a place held by a waiting-list offer is not shown as free; the
form and the services count by the same rule."""

import datetime as dt
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programme.registrations import live, services
from programme.registrations.messaging.cancellation import cancel_session, reopen_session
from programme.registrations.models import Registration
from programme.registrations.services.counting import live_state, session_places_left
from programme.registrations.services.offers import expire_offers
from programme.registrations.sessions import resolve_session

from .test_live import panel_state

pytestmark = pytest.mark.django_db

Status = Registration.Status
CANCELLED_FR = "Séance annulée par les organisateurs"
CANCELLED_EN = "Session cancelled by the organisers"


@pytest.fixture
def announced(django_capture_on_commit_callbacks):
    """Run ``action(*args, **kwargs)`` with its after-commit announcements."""

    def do(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return do


def offer_availability(html):
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)["offers"].get("availability")


def has_button(html):
    return 'class="button" href="/fr/inscriptions/' in html or 'class="button" href="/en/' in html


# --- Cancelled by the organisers ------------------------------------------------------


def test_a_cached_session_page_says_cancelled_then_reopens(client, cached, make_workshop, announced, now):
    session = make_workshop(capacity=3)  # nobody registered: cancelling must still be seen
    assert client.get(session.url)["X-Page-Cache"] == "miss"
    assert "3 places restantes" in client.get(session.url).content.decode()  # counts now kept

    announced(cancel_session, session.translation_key, note="Orage.", now=now)

    response = client.get(session.url)
    html = response.content.decode()
    assert response["X-Page-Cache"] == "hit"  # the page cache was not emptied
    assert panel_state(html) == "cancelled" and CANCELLED_FR in html
    assert "3 places restantes" not in html and not has_button(html)
    assert offer_availability(html) is None  # no "InStock" for a cancelled session

    announced(reopen_session, session.translation_key)

    html = client.get(session.url).content.decode()
    assert panel_state(html) == "open" and "3 places restantes" in html and has_button(html)
    assert offer_availability(html) == "https://schema.org/InStock"


def test_the_day_card_says_cancelled_and_back(client, cached, day, make_workshop, announced, now):
    session = make_workshop(title="Atelier du soir", slug="atelier-soir", capacity=3)
    make_workshop(title="Atelier du matin", slug="atelier-matin", capacity=5)
    assert client.get(day.url)["X-Page-Cache"] == "miss"

    announced(cancel_session, session.translation_key, note="", now=now)

    response = client.get(day.url)
    html = response.content.decode()
    assert response["X-Page-Cache"] == "hit"
    assert html.count(CANCELLED_FR) == 1
    assert "Inscription obligatoire – 3 places" not in html
    assert "Inscription obligatoire – 5 places" in html  # the other card is unchanged
    assert "ectl-live" not in html

    announced(reopen_session, session.translation_key)
    html = client.get(day.url).content.decode()
    assert CANCELLED_FR not in html and "Inscription obligatoire – 3 places" in html


def test_publishing_the_session_again_reopens_it_on_its_pages(client, cached, make_workshop, announced, now):
    session = make_workshop(capacity=3)
    announced(cancel_session, session.translation_key, note="", now=now)
    assert panel_state(client.get(session.url).content.decode()) == "cancelled"

    announced(session.save_revision().publish)

    assert panel_state(client.get(session.url).content.decode()) == "open"


def test_the_english_pages_say_cancelled_in_english(client, cached, day, workshop, translate, announced, now):
    english = translate(workshop)
    english_day = english.get_parent()
    client.get(english.url), client.get(english_day.url)

    announced(cancel_session, workshop.translation_key, note="", now=now)

    page = client.get(english.url)
    assert page["X-Page-Cache"] == "hit"
    html = page.content.decode()
    assert panel_state(html) == "cancelled" and CANCELLED_EN in html and not has_button(html)
    assert CANCELLED_FR not in html
    assert CANCELLED_EN in client.get(english_day.url).content.decode()


def test_the_planner_does_not_offer_a_cancelled_session(client, day, make_workshop, announced, now):
    cancelled = make_workshop(title="Annulé", slug="annule", capacity=3, slot=1, start_time=dt.time(10))
    kept = make_workshop(title="Maintenu", slug="maintenu", capacity=3, slot=1, start_time=dt.time(10))
    announced(cancel_session, cancelled.translation_key, note="", now=now)

    html = client.get(reverse("registrations:planner", args=[day.pk])).content.decode()
    assert re.search(rf'value="{cancelled.pk}"[^>]* disabled', html)
    assert not re.search(rf'value="{kept.pk}"[^>]* disabled', html)
    assert CANCELLED_FR in html

    places = client.get(reverse("registrations:planner_places", args=[day.pk])).json()
    assert places[str(cancelled.pk)] == {"label": CANCELLED_FR, "choosable": False}
    assert places[str(kept.pk)]["choosable"] is True


def test_the_form_page_says_cancelled_and_refuses(client, make_workshop, announced, now):
    session = make_workshop(capacity=3)
    announced(cancel_session, session.translation_key, note="", now=now)

    form = client.get(reverse("registrations:register", args=[session.pk]))
    assert CANCELLED_FR in form.content.decode()
    with pytest.raises(services.RegistrationError) as refused:
        services.register(session, email="new@example.org", first_name="N", last_name="N", now=now)
    assert refused.value.code == "session_cancelled"


def test_cancellations_are_read_in_the_one_query_of_the_page(make_workshop, now):
    sessions = [make_workshop(title=f"Atelier {n}", slug=f"atelier-{n}", capacity=3) for n in range(6)]
    cancel_session(sessions[0].translation_key, note="", now=now)
    cancel_session(sessions[3].translation_key, note="", now=now)
    content = b"".join(
        str(live.panel_placeholder(resolve_session(page), "fr")).encode()
        + str(live.card_placeholder(page, "fr")).encode()
        for page in sessions
    )
    cache.clear()

    with CaptureQueriesContext(connection) as queries:
        filled = live.fill(content).decode()

    assert len(queries) == 1
    assert filled.count(CANCELLED_FR) == 4  # two sessions, panel and card each
    assert filled.count("3 places restantes") == 4


# --- Offers from the waiting list -------------------------------------------------------


@pytest.fixture
def offered(make_workshop, register, announced, now):
    """One place in "offer" mode, offered to the one person waiting (its holder left)."""
    session = make_workshop(capacity=1, waiting_list_enabled=True)
    session.waiting_list_mode = "offer"
    session.save_revision().publish()
    holder = register(session, "holder@example.org")
    waiting = register(session, "waiting@example.org")
    announced(services.cancel, holder, now=now)
    waiting.refresh_from_db()
    assert waiting.status == Status.WAITING and waiting.offered_until is not None
    return session, waiting


def test_a_running_offer_shows_no_free_place(client, cached, offered):
    session, _waiting = offered
    html = client.get(session.url).content.decode()
    assert panel_state(html) == "waiting_list"
    assert "1 place restante" not in html
    info = resolve_session(session)
    assert live_state([info.key])[info.key].offered == 1
    assert session_places_left(info) == 0  # the services count the same


def test_the_form_with_an_offer_running_says_waiting_list_and_queues(client, offered, register):
    session, _waiting = offered
    html = client.get(reverse("registrations:register", args=[session.pk])).content.decode()
    assert "liste d" in html and "1 place restante" not in html
    assert register(session, "newcomer@example.org").status == Status.WAITING


def test_without_waiting_list_room_a_running_offer_makes_the_form_refuse(offered, register):
    session, _waiting = offered
    session.waiting_list_enabled = False
    session.save_revision().publish()
    with pytest.raises(services.RegistrationError) as refused:
        register(session, "newcomer@example.org")
    assert refused.value.code == "full"


def test_an_expired_offer_frees_the_place_again(client, cached, offered, announced, now):
    session, waiting = offered
    client.get(session.url)

    announced(expire_offers, now=now + dt.timedelta(hours=13))

    html = client.get(session.url).content.decode()
    assert panel_state(html) == "open" and "1 place restante" in html and has_button(html)


def test_a_declined_offer_frees_the_place_again(client, cached, offered, announced, now):
    session, waiting = offered
    client.get(session.url)

    announced(services.cancel, waiting, now=now)

    html = client.get(session.url).content.decode()
    assert panel_state(html) == "open" and "1 place restante" in html


def test_a_declined_offer_passes_to_the_next_person(offered, register, now):
    session, waiting = offered
    nxt = register(session, "next@example.org")
    assert nxt.status == Status.WAITING and nxt.offered_until is None

    services.cancel(waiting, now=now)

    nxt.refresh_from_db()
    assert nxt.status == Status.WAITING and nxt.offered_until is not None
