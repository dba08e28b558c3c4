"""The waiting list stops in time, and its "offer" mode: a freed place during the session
is not given away; an offer lasts N hours (never past the start), then passes on."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from programme.registrations import services
from programme.registrations.models import OutgoingEmail, Registration
from programme.registrations.services.offers import accept_offer, expire_offers
from programme.registrations.sessions import resolve_session

pytestmark = pytest.mark.django_db

Status = Registration.Status
Kind = OutgoingEmail.Kind


@pytest.fixture
def full_session(make_workshop, register):
    """One place at 14:00, taken; two people waiting."""
    session = make_workshop(title="Atelier", slug="atelier", capacity=1, start_time=dt.time(14))
    holder = register(session, "holder@example.org")
    first = register(session, "first@example.org")
    second = register(session, "second@example.org")
    assert (first.status, second.status) == (Status.WAITING, Status.WAITING)
    return session, holder, first, second


def starts_at(session):
    return resolve_session(session).closes_at


def status_of(registration):
    registration.refresh_from_db()
    return registration.status


def test_a_place_freed_during_the_session_is_not_given_away(full_session):
    session, holder, first, _second = full_session
    during = starts_at(session) + dt.timedelta(minutes=5)

    assert services.cancel(holder, now=during) == []

    assert status_of(first) == Status.WAITING
    # Only a manager gives it: one person, or the "fill" button.
    services.promote(first, now=during)
    assert status_of(first) == Status.CONFIRMED


def test_the_managers_fill_button_still_works_after_the_start(full_session):
    session, holder, first, _second = full_session
    during = starts_at(session) + dt.timedelta(minutes=5)
    services.cancel(holder, now=during)

    assert services.promote_waiting_list(session, now=during) == []
    assert [r.pk for r in services.promote_waiting_list(session, now=during, manual=True)] == [first.pk]


def test_before_the_start_promotion_stays_immediate_by_default(full_session):
    session, holder, first, _second = full_session
    services.cancel(holder, now=timezone.now())
    assert status_of(first) == Status.CONFIRMED


@pytest.fixture
def offer_session(full_session):
    session = full_session[0]
    session.waiting_list_mode = "offer"
    session.offer_hours = 12
    session.save_revision().publish()
    return full_session


def test_in_offer_mode_a_freed_place_is_offered_and_held(offer_session, register, now):
    session, holder, first, second = offer_session

    services.cancel(holder, now=now)

    first.refresh_from_db()
    assert first.status == Status.WAITING and first.offered_until == now + dt.timedelta(hours=12)
    assert OutgoingEmail.objects.filter(registration=first, kind=Kind.OFFER).exists()
    # The place is held for the offer: a newcomer waits.
    assert register(session, "newcomer@example.org").status == Status.WAITING

    accept_offer(first, now=now + dt.timedelta(hours=1))

    assert status_of(first) == Status.CONFIRMED and status_of(second) == Status.WAITING
    assert OutgoingEmail.objects.filter(registration=first, kind=Kind.PROMOTION).exists()


def test_an_expired_offer_passes_to_the_next_person(offer_session, now):
    session, holder, first, second = offer_session
    services.cancel(holder, now=now)
    later = now + dt.timedelta(hours=13)

    with pytest.raises(services.RegistrationError) as error:
        accept_offer(first, now=later)
    assert error.value.code == "offer_expired"
    assert expire_offers(now=later) == 1

    assert status_of(first) == Status.CANCELLED
    second.refresh_from_db()
    assert second.offered_until == later + dt.timedelta(hours=12)
    assert expire_offers(now=later) == 0  # nothing twice


def test_an_offer_never_runs_past_the_start(offer_session):
    session, holder, first, _second = offer_session
    start = starts_at(session)
    three_hours_before = start - dt.timedelta(hours=3)

    services.cancel(holder, now=three_hours_before)

    first.refresh_from_db()
    assert first.offered_until == start
    # Expired at the start: not passed on any more, the place stays free.
    out = io.StringIO()
    call_command("expire_offers", stdout=out)  # real time, a month ahead of the session: nothing due
    assert out.getvalue().startswith("0 proposition")
    assert expire_offers(now=start) == 1
    assert Registration.objects.filter(offered_until__isnull=False).count() == 0


def test_the_offer_link_shows_the_deadline_and_accepts_on_post(client, offer_session, now):
    session, holder, first, _second = offer_session
    services.cancel(holder, now=now)
    first.refresh_from_db()
    url = reverse("registrations:accept_offer", args=[first.attendee.token, first.uuid])

    page = client.get(url)
    assert page.status_code == 200 and "J'accepte la place" in page.content.decode()
    assert page["Referrer-Policy"] == "no-referrer"
    assert status_of(first) == Status.WAITING  # a GET accepts nothing

    response = client.post(url)
    assert response.status_code == 302
    assert status_of(first) == Status.CONFIRMED
    assert "n'est plus valable" in client.get(url).content.decode()


def test_a_tampered_offer_link_is_a_404(client, offer_session):
    _session, _holder, first, second = offer_session
    url = reverse("registrations:accept_offer", args=[second.attendee.token, first.uuid])
    assert client.get(url).status_code == 404
    assert client.post(reverse("registrations:accept_offer", args=["x" * 80, first.uuid])).status_code == 404


def test_the_offer_email_has_the_accept_link_and_the_deadline(offer_session, run_tasks):
    _session, holder, first, _second = offer_session
    run_tasks()
    mail.outbox.clear()
    services.cancel(holder, now=timezone.now())

    run_tasks()

    [message] = [m for m in mail.outbox if m.to == ["first@example.org"]]
    first.refresh_from_db()
    assert message.subject == "Une place se libère : Atelier"
    assert reverse("registrations:accept_offer", args=[first.attendee.token, first.uuid]) in message.body
    assert "réservée jusqu'au" in message.body
