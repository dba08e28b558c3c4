"""Access needs: venues' accessibility notes on the session and route pages (and in the
planner: test_planner.py); the built-in optional "Besoins d'accessibilité" question,
whose answers only managers see and which is purged with the rest."""

import pytest
from django.urls import reverse

from programme.factories import VenueFactory
from programme.registrations import services
from programme.registrations.models import Registration

pytestmark = pytest.mark.django_db

ACCESS_ID = "66666666-6666-4666-8666-666666666666"


def access_question():
    return {"type": "access_needs", "id": ACCESS_ID, "value": {"label": "Besoins d'accessibilité"}}


def test_session_and_route_pages_show_the_venues_accessibility_note(client, make_workshop, make_route):
    building = VenueFactory(name="Bazaar St So", accessibility="Entrée de plain-pied, rue Camille Guérin.")
    room = VenueFactory(name="Halle basse", part_of=building)
    workshop = make_workshop(title="Atelier", slug="atelier", venue=room)  # the room's building says it
    route = make_route(
        title="Parcours", slug="parcours", venue=VenueFactory(name="Départ", accessibility="Pavé.")
    )

    assert "Entrée de plain-pied, rue Camille Guérin." in client.get(workshop.url).content.decode()
    assert "Pavé." in client.get(route.url).content.decode()


def test_the_access_needs_question_is_optional_and_only_managers_see_answers(
    client, manager, editor, make_workshop, now
):
    session = make_workshop(title="Atelier", slug="atelier", registration_questions=[access_question()])
    form = client.get(reverse("registrations:register", args=[session.pk])).content.decode()
    assert "Besoins d&#x27;accessibilité" in form and "seules les personnes qui" in form

    data = {"first_name": "Ada", "last_name": "L", "email": "ada@example.org", "consent": "on"}
    assert (
        client.post(reverse("registrations:register", args=[session.pk]), data).status_code == 302
    )  # optional
    registration = services.register(
        session,
        email="eve@example.org",
        first_name="Eve",
        last_name="M",
        now=now,
        answers={ACCESS_ID: "Fauteuil"},
    ).registration

    admin_url = reverse("registrations_admin:session", args=[session.translation_key])
    client.force_login(editor)
    assert "Fauteuil" not in client.get(admin_url).content.decode()
    client.force_login(manager)
    assert "Fauteuil" in client.get(admin_url).content.decode()

    services.purge_expired(now=now, retention_days=-10_000)  # purged with the rest
    registration.refresh_from_db()
    assert registration.answers == {}
    assert Registration.objects.filter(answers__has_key=ACCESS_ID).count() == 0
