"""Change notices: what registrants rely on (day, times, place, meeting point, return)
changed and published tells them once per burst, in their language, old and new side by
side, with a .ics that updates the entry already added; text edits send nothing."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar
from wagtail.models import Locale, Page, WorkflowState

from programme.factories import VenueFactory
from programme.registrations.messaging import changes, hooks
from programme.registrations.models import OutgoingEmail, SessionNotice

pytestmark = pytest.mark.django_db

NOTICE_TASK = "programme.registrations.messaging.changes.send_change_notice"


@pytest.fixture
def rooms():
    building = VenueFactory(name="Maison Stéphane Hessel")
    return VenueFactory(name="Halle basse 1"), VenueFactory(name="Salle C", part_of=building)


@pytest.fixture
def session(make_workshop, register, rooms, run_tasks):
    """A workshop at 14:00 in Halle basse 1 with Ada (fr) confirmed and Bob (en)
    confirmed; their confirmations are sent (and kept as ``session.confirmations``)."""
    page = make_workshop(
        title="Atelier cartes",
        slug="atelier-cartes",
        start_time=dt.time(14, 0),
        end_time=dt.time(16, 0),
        venue=rooms[0],
        capacity=5,
    )
    register(page, "ada@example.org", first_name="Ada")
    register(page, "bob@example.org", first_name="Bob", language="en")
    run_tasks()
    page.confirmations = {m.to[0]: m for m in mail.outbox}
    mail.outbox.clear()
    return page


@pytest.fixture
def route(make_route, register, run_tasks):
    page = make_route(title="Parcours vélo", slug="parcours-velo", meeting_point="Rue Camille Guérin")
    register(page, "cy@example.org", first_name="Cy")
    run_tasks()
    mail.outbox.clear()
    return page


def publish(page, **changes_made):
    page = type(page).objects.get(pk=page.pk)
    for field, value in changes_made.items():
        setattr(page, field, value)
    page.save_revision().publish()
    return page


def time_passes(run_tasks):
    """The notice delay is over: run what is due."""
    SessionNotice.objects.filter(due_at__isnull=False).update(due_at=timezone.now())
    DBTaskResult.objects.filter(task_path=NOTICE_TASK).update(run_after=timezone.now())
    run_tasks()


def notices():
    return list(OutgoingEmail.objects.filter(kind=OutgoingEmail.Kind.CHANGE))


def event(message):
    calendar = Calendar.from_ical(message.attachments[0][1])
    return calendar, next(iter(calendar.walk("VEVENT")))


# --- What triggers a notice ------------------------------------------------------------


@pytest.mark.parametrize(
    "field,value",
    [("start_time", dt.time(14, 30)), ("end_time", dt.time(17, 0)), ("venue", "second room")],
)
def test_time_and_room_changes_make_a_notice_due(session, rooms, field, value):
    value = rooms[1] if value == "second room" else value

    publish(session, **{field: value})

    notice = SessionNotice.objects.get(session_key=session.translation_key)
    assert notice.due_at is not None and notice.due_at > timezone.now()
    queued = DBTaskResult.objects.get(task_path=NOTICE_TASK)
    assert queued.run_after >= notice.due_at - dt.timedelta(seconds=1)


def test_the_meeting_point_and_return_time_of_a_route_trigger(route, run_tasks):
    publish(route, meeting_point="Parking du Bazaar", return_time=dt.time(18, 30))
    time_passes(run_tasks)

    (message,) = mail.outbox
    assert "Point de rendez-vous : Rue Camille Guérin → Parking du Bazaar" in message.body
    assert "Retour : non précisé → 18h30" in message.body


def test_text_edits_send_nothing(session, run_tasks):
    publish(session, summary="Une nouvelle description.", practical_note="Apportez un ordinateur.")
    time_passes(run_tasks)

    assert not SessionNotice.objects.filter(due_at__isnull=False).exists()
    assert not DBTaskResult.objects.filter(task_path=NOTICE_TASK).exists()
    assert notices() == [] and mail.outbox == []


def test_a_session_without_registrants_keeps_no_notice(make_workshop):
    page = make_workshop(title="Vide", slug="vide", start_time=dt.time(9, 0))

    publish(page, start_time=dt.time(10, 0))

    assert not SessionNotice.objects.exists()


# --- The notice -----------------------------------------------------------------------


def test_one_email_per_registrant_in_their_language_old_and_new_side_by_side(session, rooms, run_tasks):
    publish(session, start_time=dt.time(14, 30), venue=rooms[1])
    time_passes(run_tasks)

    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {"ada@example.org", "bob@example.org"}
    ada, bob = sent["ada@example.org"], sent["bob@example.org"]
    assert ada.subject == "Changement : Atelier cartes"
    assert "Début : 14h00 → 14h30" in ada.body
    assert "Lieu : Halle basse 1 → Salle C, Maison Stéphane Hessel" in ada.body
    assert bob.subject.startswith("Change: ")
    assert "Start: 2 pm → 2:30 pm" in bob.body
    assert "Place: Halle basse 1 → Salle C, Maison Stéphane Hessel" in bob.body
    assert "Hello Bob,\n\nA session you registered for has changed:" in bob.body
    assert "A session you registered for has changed" in bob.body


def test_the_ics_updates_the_entry_of_the_confirmation(session, rooms, run_tasks):
    publish(session, start_time=dt.time(14, 30), venue=rooms[1])
    time_passes(run_tasks)

    for address in ("ada@example.org", "bob@example.org"):
        update = next(m for m in mail.outbox if m.to == [address])
        first_calendar, first = event(session.confirmations[address])
        calendar, updated = event(update)
        assert calendar["METHOD"] == "REQUEST"
        assert updated["UID"] == first["UID"]
        assert int(updated["SEQUENCE"]) == int(first.get("SEQUENCE", 0)) + 1
        assert updated.decoded("DTSTART").time() == dt.time(14, 30)
        assert "Salle C" in str(updated["LOCATION"])


def test_a_second_notice_raises_the_sequence_again_and_new_confirmations_follow(session, register, run_tasks):
    publish(session, start_time=dt.time(14, 30))
    time_passes(run_tasks)
    mail.outbox.clear()
    register(session, "dee@example.org")
    run_tasks()
    (confirmation,) = mail.outbox
    mail.outbox.clear()

    publish(session, start_time=dt.time(15, 0))
    time_passes(run_tasks)

    _calendar, confirmed = event(confirmation)
    update = next(m for m in mail.outbox if m.to == ["dee@example.org"])
    _calendar, updated = event(update)
    assert int(confirmed["SEQUENCE"]) == 1 and int(updated["SEQUENCE"]) == 2


def test_several_changes_within_minutes_make_one_notice(session, rooms, run_tasks):
    publish(session, start_time=dt.time(14, 30))
    publish(session, venue=rooms[1])
    publish(session, summary="Texte revu.")  # while a notice is due: pushes it back too
    assert DBTaskResult.objects.filter(task_path=NOTICE_TASK).count() == 3

    time_passes(run_tasks)

    assert len(notices()) == 2  # one per registrant
    ada = next(m for m in mail.outbox if m.to == ["ada@example.org"])
    assert "Début : 14h00 → 14h30" in ada.body and "Lieu : Halle basse 1 →" in ada.body


def test_a_notice_is_not_sent_before_it_is_due(session, run_tasks):
    publish(session, start_time=dt.time(14, 30))
    DBTaskResult.objects.filter(task_path=NOTICE_TASK).update(run_after=timezone.now())

    run_tasks()  # the task runs early (a publication pushed the notice back): nothing yet

    assert notices() == [] and SessionNotice.objects.get().due_at is not None


def test_a_change_undone_before_the_notice_sends_nothing(session, run_tasks):
    publish(session, start_time=dt.time(14, 30))
    publish(session, start_time=dt.time(14, 0))
    time_passes(run_tasks)

    assert notices() == []


def test_moving_a_session_to_another_day_notifies(session, day2, run_tasks):
    session.move(day2, pos="last-child")
    time_passes(run_tasks)

    ada = next(m for m in mail.outbox if m.to == ["ada@example.org"])
    assert "Jour :" in ada.body and "→" in ada.body


# --- The publishing editor ------------------------------------------------------------


def test_the_publisher_is_told_how_many_and_may_keep_them_uninformed(
    client, session, django_user_model, run_tasks
):
    admin = django_user_model.objects.create_superuser("chef", "chef@example.org", "x")
    publish(session, start_time=dt.time(14, 30))
    request = RequestFactory().get("/")
    request.user, request.session = admin, SessionStore()
    request._messages = FallbackStorage(request)

    hooks.tell_the_publisher(request, session)

    (told,) = list(get_messages(request))
    assert "Ce changement concerne 2 inscrit·es" in str(told)
    client.force_login(admin)
    url = reverse("registrations_admin:change_notice", args=[session.translation_key])
    page = client.get(url).content.decode()
    assert "Début : 14h00 → 14h30" in page and "2 personnes inscrites" in page

    client.post(url, {"notify": "0"})
    time_passes(run_tasks)

    assert notices() == []
    notice = SessionNotice.objects.get()
    assert notice.due_at is None and notice.notified["start"] == "14:30:00"


def test_an_editor_may_not_silence_a_notice(client, editor, session):
    publish(session, start_time=dt.time(14, 30))
    client.force_login(editor)

    response = client.post(
        reverse("registrations_admin:change_notice", args=[session.translation_key]), {"notify": "0"}
    )

    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert SessionNotice.objects.get().silent is False


def test_differences_are_field_by_field():
    old = {"date": "2026-01-01", "start": "14:00:00", "venue": 1, "meeting_point": None}
    new = old | {"start": "14:30:00"}

    assert changes.differences(old, new) == {"start": ["14:00:00", "14:30:00"]}


# --- The moderator who approves ---------------------------------------------------------


def submit_for_moderation(client, page_form_data, user, page, **fields):
    """``user`` (the demo editor) changes ``fields`` in the edit form and submits it."""
    client.force_login(user)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = page_form_data(client, url, type(page))
    for field, value in fields.items():
        data[field] = value
    data["action-submit"] = "action-submit"
    assert client.post(url, data).status_code == 302
    return WorkflowState.objects.get(object_id=str(page.pk), status=WorkflowState.STATUS_IN_PROGRESS)


def told(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def approve_from_the_dashboard(client, session, state):
    """The dashboard's "Approuver": the workflow action URL of the task waiting."""
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[session.pk, "approve", state.current_task_state.pk]
    )
    return client.post(url, {"comment": ""}, follow=True)


def test_the_moderator_who_approves_is_told_how_many(client, demo_users, session, page_form_data):
    state = submit_for_moderation(client, page_form_data, demo_users.editeur, session, start_time="14:30")
    assert not SessionNotice.objects.filter(due_at__isnull=False).exists()  # a draft tells nobody

    client.force_login(demo_users.moderateur)
    response = approve_from_the_dashboard(client, session, state)

    assert response.status_code == 200
    session.refresh_from_db()
    assert session.start_time == dt.time(14, 30)
    (message,) = [text for text in told(response) if "Ce changement concerne" in text]
    assert "Ce changement concerne 2 inscrit·es" in message
    assert "dans 5 minutes" in message
    assert (
        reverse("registrations_admin:change_notice", args=[session.translation_key])
        in response.content.decode()
    )


def test_approving_in_the_edit_view_tells_the_moderator_once(client, demo_users, session, page_form_data):
    submit_for_moderation(client, page_form_data, demo_users.editeur, session, start_time="14:30")
    client.force_login(demo_users.moderateur)
    url = reverse("wagtailadmin_pages:edit", args=[session.pk])
    data = page_form_data(client, url, type(session))
    data["action-workflow-action"] = "true"
    data["workflow-action-name"] = "approve"

    response = client.post(url, data, follow=True)

    assert WorkflowState.objects.get().status == WorkflowState.STATUS_APPROVED
    (message,) = [text for text in told(response) if "Ce changement concerne" in text]
    assert "Ce changement concerne 2 inscrit·es" in message


def test_approving_a_text_edit_says_nothing_of_registrants(client, demo_users, session, page_form_data):
    state = submit_for_moderation(client, page_form_data, demo_users.editeur, session, summary="Texte revu.")
    client.force_login(demo_users.moderateur)

    response = approve_from_the_dashboard(client, session, state)

    assert Page.objects.get(pk=session.pk).specific.summary == "Texte revu."
    assert not [text for text in told(response) if "inscrit" in text]


# --- In the registrant's language -------------------------------------------------------


@pytest.fixture
def bilingual_route(make_route, register, rooms, translate, run_tasks):
    """A route leaving from Halle basse 1, translated and published in English; Cy (fr)
    and Dee (en) confirmed."""
    page = make_route(
        title="Parcours vélo", slug="parcours-velo", meeting_point="Rue Camille Guérin", venue=rooms[0]
    )
    english = translate(page)
    register(page, "cy@example.org", first_name="Cy")
    register(english, "dee@example.org", first_name="Dee", language="en")
    run_tasks()
    mail.outbox.clear()
    return page, english


def english_room(venue, name):
    """The room's English version, named apart so that a test can tell which one it is."""
    english = venue.get_translation_or_none(Locale.objects.get(language_code="en"))
    if english is None:
        english = venue.copy_for_translation(Locale.objects.get(language_code="en"))
    english.name = name
    english.save()
    return english


def test_each_registrant_reads_the_meeting_point_and_room_in_their_language(
    bilingual_route, rooms, run_tasks
):
    route, english = bilingual_route
    english_room(rooms[0], "Low hall 1")
    english_room(rooms[1], "Room C")
    publish(route, meeting_point="Parking du Bazaar", venue=rooms[1])
    publish(english, meeting_point="Bazaar car park")  # the translator has caught up
    time_passes(run_tasks)

    sent = {m.to[0]: m for m in mail.outbox}
    cy, dee = sent["cy@example.org"], sent["dee@example.org"]
    assert "Point de rendez-vous : Rue Camille Guérin → Parking du Bazaar" in cy.body
    assert "Lieu : Halle basse 1 → Salle C, Maison Stéphane Hessel" in cy.body
    assert "(EN)" not in cy.body and "Room C" not in cy.body
    assert "Meeting point: Rue Camille Guérin (EN) → Bazaar car park" in dee.body
    assert "Place: Low hall 1 → Room C, " in dee.body
    assert dee.subject == "Change: Parcours vélo (EN)"
    # The session's place below: the French page's new room, though the English page
    # still names the old one (its venue follows when it is synchronised).
    assert "Where: Bazaar car park, Room C, Maison Stéphane Hessel" in dee.body
    assert "Parking du Bazaar" not in dee.body and "Salle C" not in dee.body


def test_an_english_page_not_updated_yet_gives_the_french_change(bilingual_route, run_tasks):
    route, _english = bilingual_route
    publish(route, meeting_point="Parking du Bazaar")  # not synchronised: the English text is old
    time_passes(run_tasks)

    dee = next(m for m in mail.outbox if m.to == ["dee@example.org"])
    assert "Meeting point: Rue Camille Guérin → Parking du Bazaar" in dee.body


def test_an_english_registrant_of_a_french_only_session_reads_the_french_text(
    make_route, register, rooms, run_tasks
):
    route = make_route(
        title="Parcours à pied", slug="a-pied", meeting_point="Rue Camille Guérin", venue=rooms[0]
    )
    register(route, "dee@example.org", first_name="Dee", language="en")
    run_tasks()
    mail.outbox.clear()
    english_room(rooms[1], "Room C")  # a room translated, the session not

    publish(route, meeting_point="Parking du Bazaar", venue=rooms[1])
    time_passes(run_tasks)

    (dee,) = mail.outbox
    assert "Meeting point: Rue Camille Guérin → Parking du Bazaar" in dee.body
    assert "Place: Halle basse 1 → Room C, Maison Stéphane Hessel" in dee.body
    assert dee.subject == "Change: Parcours à pied"


def test_the_english_calendar_update_has_the_new_time_and_room_before_the_sync(
    bilingual_route, rooms, run_tasks
):
    route, _english = bilingual_route
    publish(route, start_time=dt.time(9, 30), venue=rooms[1])  # the English page still says the old ones
    time_passes(run_tasks)

    dee = next(m for m in mail.outbox if m.to == ["dee@example.org"])
    _calendar, updated = event(dee)
    assert updated.decoded("DTSTART").time() == dt.time(9, 30)
    assert "Salle C" in str(updated["LOCATION"]) and "Halle basse 1" not in str(updated["LOCATION"])
    assert "Start: not given → 9:30 am" in dee.body
