"""The personal link: no account, an unguessable token per person and edition."""

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from programme.registrations.models import Attendee, Registration

pytestmark = pytest.mark.django_db

Status = Registration.Status


def personal_url(attendee, language="fr"):
    return f"/{language}/inscriptions/moi/{attendee.token}/"


def test_the_token_is_long_and_random(workshop, register):
    tokens = {register(workshop).attendee.token for _ in range(2)}

    assert len(tokens) == 2 and all(len(token) >= 43 for token in tokens)


def test_the_page_lists_ones_registrations_with_their_state(client, make_workshop, workshop, register):
    other = make_workshop(title="Table ronde", slug="table-ronde", capacity=1)
    register(other, "someone@example.org")
    mine = register(workshop, "ada@example.org")
    register(other, "ada@example.org")

    response = client.get(personal_url(mine.attendee))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Atelier cartographie" in content and "Place confirmée" in content
    assert "Table ronde" in content and "Liste d'attente, position 1" in content
    assert "someone@example.org" not in content
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]


def test_cancelling_from_the_link_promotes_the_first_waiting(
    client, workshop, register, django_capture_on_commit_callbacks, run_tasks
):
    mine = register(workshop, "ada@example.org")
    register(workshop)
    waiting = register(workshop, "grace@example.org")
    run_tasks()  # the three registrations' own e-mails
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("registrations:cancel", args=[mine.attendee.token, mine.uuid]), follow=True
        )
    run_tasks()

    assert "Votre inscription est annulée" in response.content.decode()
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == Status.CANCELLED and waiting.status == Status.CONFIRMED
    assert {m.to[0] for m in mail.outbox} == {"ada@example.org", "grace@example.org"}


def test_leaving_the_waiting_list(client, workshop, register):
    register(workshop), register(workshop)
    waiting = register(workshop, "ada@example.org")

    response = client.post(
        reverse("registrations:cancel", args=[waiting.attendee.token, waiting.uuid]), follow=True
    )

    assert "Vous avez quitté la liste d&#x27;attente." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Status.CANCELLED


def test_cancelling_twice_gives_a_message_not_an_error(client, workshop, register):
    mine = register(workshop)
    url = reverse("registrations:cancel", args=[mine.attendee.token, mine.uuid])
    client.post(url)

    response = client.post(url, follow=True)

    assert response.status_code == 200
    assert "déjà annulée" in response.content.decode()


def test_cancelling_needs_a_post(client, workshop, register):
    mine = register(workshop)

    response = client.get(reverse("registrations:cancel", args=[mine.attendee.token, mine.uuid]))

    assert response.status_code == 405
    mine.refresh_from_db()
    assert mine.status == Status.CONFIRMED


def test_a_tampered_token_is_not_found(client, workshop, register):
    mine = register(workshop)

    assert client.get("/fr/inscriptions/moi/not-a-token/").status_code == 404
    assert client.get(personal_url(mine.attendee)[:-5] + "x/").status_code == 404
    assert client.get("/fr/inscriptions/moi/" + "a" * 300 + "/").status_code == 404


def test_one_cannot_cancel_someone_elses_registration(client, workshop, register):
    mine = register(workshop, "ada@example.org")
    theirs = register(workshop, "grace@example.org")

    response = client.post(reverse("registrations:cancel", args=[mine.attendee.token, theirs.uuid]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.CONFIRMED


def test_calendar_downloads(client, make_workshop, workshop, register):
    mine = register(workshop, "ada@example.org")
    register(make_workshop(title="Soirée", slug="soiree"), "ada@example.org")

    one = client.get(reverse("registrations:calendar_one", args=[mine.attendee.token, mine.uuid]))
    every = client.get(reverse("registrations:calendar", args=[mine.attendee.token]))

    assert one["Content-Type"].startswith("text/calendar")
    assert len(Calendar.from_ical(one.content).walk("VEVENT")) == 1
    assert len(Calendar.from_ical(every.content).walk("VEVENT")) == 2


def test_deleting_ones_data(client, workshop, register):
    mine = register(workshop, "ada@example.org")
    register(workshop)
    waiting = register(workshop)
    token = mine.attendee.token

    confirm = client.get(reverse("registrations:delete_data", args=[token]))
    response = client.post(reverse("registrations:delete_data", args=[token]), follow=True)

    assert confirm.status_code == 200 and "définitif" in confirm.content.decode()
    assert "données personnelles effacées" in response.content.decode()
    attendee = Attendee.objects.get(pk=mine.attendee.pk)
    assert attendee.anonymised_at and attendee.first_name == "" and "ada" not in attendee.email
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert client.get(f"/fr/inscriptions/moi/{token}/").status_code == 404


def test_the_personal_page_speaks_the_language_of_its_url(client, workshop, translate, register):
    translate(workshop)
    mine = register(workshop, "ada@example.org")

    content = client.get(personal_url(mine.attendee, "en")).content.decode()

    assert "Atelier cartographie (EN)" in content
