"""A session cancelled by the organisers: asked for a message on unpublishing, its
registrations cancelled, each person told in their language with a .ics that removes
the entry, nobody promoted, the personal page saying so."""

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from programme.registrations import services
from programme.registrations.models import OutgoingEmail, Registration

pytestmark = pytest.mark.django_db

Status = Registration.Status


def calendar_of(message):
    (name, content, mimetype) = message.attachments[0]
    assert mimetype == "text/calendar"
    return Calendar.from_ical(content)


def event_of(calendar):
    return next(component for component in calendar.walk("VEVENT"))


@pytest.fixture
def session(make_workshop, register, run_tasks):
    """A workshop with Ada (fr) and Bob (en) confirmed, Cy waiting; their e-mails sent."""
    page = make_workshop(title="Atelier du soir", slug="atelier-soir", capacity=2, waiting_list_enabled=True)
    register(page, "ada@example.org", first_name="Ada")
    register(page, "bob@example.org", first_name="Bob", language="en")
    register(page, "cy@example.org", first_name="Cy")
    run_tasks()
    return page


@pytest.fixture
def admin(django_user_model):
    return django_user_model.objects.create_superuser("chef", "chef@example.org", "x")


def unpublish_with_message(client, page, note="L'orage nous oblige à annuler."):
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
    cancel_url = reverse("registrations_admin:cancel_session", args=[page.translation_key])
    assert response.status_code == 302 and response["Location"] == f"{cancel_url}?unpublish=1"
    page.refresh_from_db()
    assert page.live  # not yet: the message is asked first
    form = client.get(response["Location"])
    assert form.status_code == 200 and "3 personnes sont inscrites" in form.content.decode()
    return client.post(cancel_url, {"note": note, "unpublish": "1"})


def test_unpublishing_asks_a_message_cancels_and_notifies_each_in_their_language(
    client, admin, session, run_tasks
):
    confirmations = {m.to[0]: m for m in mail.outbox if m.attachments}
    mail.outbox.clear()
    client.force_login(admin)

    response = unpublish_with_message(client, session)

    assert response.status_code == 302
    session.refresh_from_db()
    assert not session.live
    statuses = set(
        Registration.objects.filter(session_key=session.translation_key).values_list("status", flat=True)
    )
    assert statuses == {Status.CANCELLED_BY_ORGANISERS}
    run_tasks()
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {"ada@example.org", "bob@example.org", "cy@example.org"}
    assert sent["ada@example.org"].subject == "Séance annulée : Atelier du soir"
    assert "L'orage nous oblige à annuler." in sent["ada@example.org"].body
    assert sent["bob@example.org"].subject.startswith("Session cancelled: ")
    assert "The organisers have cancelled the following session" in sent["bob@example.org"].body
    assert sent["cy@example.org"].attachments == []  # waiting: nothing in their calendar

    for address in ("ada@example.org", "bob@example.org"):
        cancelled, confirmed = calendar_of(sent[address]), calendar_of(confirmations[address])
        assert cancelled["METHOD"] == "CANCEL" and confirmed["METHOD"] == "PUBLISH"
        old, new = event_of(confirmed), event_of(cancelled)
        assert new["UID"] == old["UID"]
        assert new["STATUS"] == "CANCELLED"
        assert int(new["SEQUENCE"]) > int(old.get("SEQUENCE", 0))
        assert str(new["ORGANIZER"]).startswith("mailto:")


def test_nobody_is_promoted_and_other_sessions_keep_their_people(
    client, admin, session, make_workshop, register, run_tasks
):
    other = make_workshop(title="Autre", slug="autre", capacity=1, waiting_list_enabled=True)
    held = register(other, "dee@example.org")
    waiting_elsewhere = register(other, "eve@example.org")
    client.force_login(admin)

    unpublish_with_message(client, session)

    held.refresh_from_db()
    waiting_elsewhere.refresh_from_db()
    assert (held.status, waiting_elsewhere.status) == (Status.CONFIRMED, Status.WAITING)
    assert not Registration.objects.filter(
        session_key=session.translation_key, status=Status.CONFIRMED
    ).exists()
    assert not OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.PROMOTION).exists()


def test_the_personal_page_says_cancelled_by_the_organisers(client, admin, session):
    client.force_login(admin)
    unpublish_with_message(client, session)
    client.logout()
    ada = Registration.objects.get(attendee__email="ada@example.org").attendee

    page = client.get(reverse("registrations:personal", args=[ada.token])).content.decode()

    assert "Annulée par les organisateurs" in page
    assert "Annuler et libérer ma place" not in page


def test_a_cancelled_session_takes_no_registration(client, admin, session, now):
    client.force_login(admin)
    client.post(
        reverse("registrations_admin:cancel_session", args=[session.translation_key]), {"note": "Annulé."}
    )
    session.refresh_from_db()
    assert session.live  # cancelled without unpublishing (from the registrations page)

    with pytest.raises(services.RegistrationError) as refused:
        services.register(session, email="new@example.org", first_name="N", last_name="N", now=now)
    assert refused.value.code == "session_cancelled"


def test_a_message_is_required(client, admin, session):
    client.force_login(admin)

    response = client.post(
        reverse("registrations_admin:cancel_session", args=[session.translation_key]), {"note": "  "}
    )

    assert response.status_code == 400
    assert (
        Registration.objects.filter(session_key=session.translation_key, status=Status.CONFIRMED).count() == 2
    )


def test_an_editor_cannot_cancel_a_session(client, editor, session):
    client.force_login(editor)

    response = client.post(
        reverse("registrations_admin:cancel_session", args=[session.translation_key]), {"note": "Non."}
    )

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert (
        Registration.objects.filter(session_key=session.translation_key, status=Status.CONFIRMED).count() == 2
    )


def test_a_session_without_registrations_unpublishes_at_once(client, admin, make_workshop):
    page = make_workshop(title="Vide", slug="vide")
    client.force_login(admin)

    client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))

    page.refresh_from_db()
    assert not page.live
