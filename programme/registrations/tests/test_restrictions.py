"""A session page under a Wagtail view restriction (password, login, group) stays closed
through the registration URLs, and its place and times stay out of what reaches people
who have not passed the restriction: the e-mails, the personal page and its calendars."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.signing import dumps
from django.urls import reverse
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from programme.factories import VenueFactory
from programme.registrations.models import Registration
from programme.registrations.sessions import page_url
from programme.registrations.views import RESULT_SALT

pytestmark = pytest.mark.django_db

Restriction = PageViewRestriction


def form_data(email="ada@example.org"):
    return {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "email": email,
        "consent": "on",
        "submission_key": "r",
    }


@pytest.fixture
def session(make_workshop):
    venue = VenueFactory(name="Salle secrète", address="12 rue Cachée")
    return make_workshop(
        title="Atelier fermé", slug="ferme", venue=venue, start_time=dt.time(14), end_time=dt.time(16)
    )


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user("membre", password="x")


def restrict(page, kind):
    restriction = Restriction.objects.create(page=page, restriction_type=kind, password="secret")
    if kind == Restriction.GROUPS:
        restriction.groups.set([Group.objects.create(name="Membres")])
    return restriction


def register_url(page):
    return reverse("registrations:register", args=[page.pk])


@pytest.mark.parametrize("kind", [Restriction.PASSWORD, Restriction.LOGIN, Restriction.GROUPS])
def test_the_form_of_a_restricted_session_is_not_found_before_the_restriction(client, session, member, kind):
    restrict(session, kind)
    if kind == Restriction.GROUPS:
        client.force_login(member)  # logged in, but not in the group

    shown = client.get(register_url(session))
    posted = client.post(register_url(session), form_data())

    assert shown.status_code == 404 and "Atelier fermé" not in shown.content.decode()
    assert posted.status_code == 404
    assert not Registration.objects.exists()


def test_a_restriction_on_the_day_closes_its_sessions_too(client, session, day):
    restrict(day, Restriction.LOGIN)

    assert client.get(register_url(session)).status_code == 404
    assert client.post(register_url(session), form_data()).status_code == 404


def test_whoever_passed_the_password_may_register(client, session):
    restriction = restrict(session, Restriction.PASSWORD)
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, session.pk])
    client.post(url, {"password": "secret", "return_url": session.url})

    assert client.get(register_url(session)).status_code == 200
    assert client.post(register_url(session), form_data()).status_code == 302
    assert Registration.objects.count() == 1


@pytest.mark.parametrize("kind", [Restriction.LOGIN, Restriction.GROUPS])
def test_members_may_register(client, session, member, kind):
    restriction = restrict(session, kind)
    if kind == Restriction.GROUPS:
        member.groups.add(restriction.groups.get())
    client.force_login(member)

    assert client.get(register_url(session)).status_code == 200
    assert client.post(register_url(session), form_data()).status_code == 302


def test_the_result_page_of_a_restricted_session_is_not_found(client, session, register):
    registration = register(session)
    restrict(session, Restriction.PASSWORD)

    response = client.get(reverse("registrations:result", args=[dumps(registration.pk, salt=RESULT_SALT)]))

    assert response.status_code == 404


def test_mails_personal_page_and_calendars_leave_out_place_and_times(client, session, register, run_tasks):
    restrict(session, Restriction.PASSWORD)
    registration = register(session)  # registered while passing it (or before it existed)
    run_tasks()

    [message] = mail.outbox
    assert "Salle secrète" not in message.body and "Cachée" not in message.body
    # No calendar entry; the check-in QR code says nothing of the place or time.
    assert "14h00" not in message.body
    assert [name for name, *_ in message.attachments] == ["qr-code-pointage.png"]
    assert "accès restreint" in message.body and page_url(session) in message.body
    token = registration.attendee.token
    personal = client.get(reverse("registrations:personal", args=[token])).content.decode()
    assert "Atelier fermé" in personal and "14h00" not in personal
    ticket = client.get(reverse("registrations:ticket", args=[token, registration.uuid])).content.decode()
    assert "Atelier fermé" in ticket and "14h00" not in ticket and "Salle secrète" not in ticket
    feed = client.get(reverse("registrations:calendar", args=[token])).content
    assert Calendar.from_ical(feed).walk("VEVENT") == []
    one = client.get(reverse("registrations:calendar_one", args=[token, registration.uuid])).content
    assert Calendar.from_ical(one).walk("VEVENT") == []


def test_an_open_session_still_has_its_place_and_times(session, register, run_tasks):
    register(session)
    run_tasks()

    [message] = mail.outbox
    assert "Salle secrète" in message.body and "14h00" in message.body
    assert message.attachments[0][0] == "seance.ics"
