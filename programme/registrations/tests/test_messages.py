"""Organisers writing to registrants: recipients by selection and status, each e-mail in
its person's language with their link, the record, who may send, sending once."""

import time
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from programme.registrations import emails
from programme.registrations.messaging import recipients as recipients_module
from programme.registrations.messaging.recipients import parse_target
from programme.registrations.messaging.sending import send_message
from programme.registrations.models import Attendee, Message, OutgoingEmail, Registration
from programme.registrations.services import anonymise, set_checked_in

pytestmark = pytest.mark.django_db

COMPOSE = reverse("registrations_admin:compose")


def form(target, **extra):
    data = {
        "target": target,
        "statuses": ["confirmed"],
        "presence": "any",
        "subject_fr": "Le bus part du parking",
        "body_fr": "Rendez-vous sur le parking, pas dans la rue.",
        "subject_en": "",
        "body_en": "",
        "idempotency_key": uuid.uuid4().hex,
        "action": "send",
    }
    return data | extra


@pytest.fixture
def route(make_route):
    return make_route(title="Parcours 2", slug="parcours-2", capacity=2, waiting_list_enabled=True)


@pytest.fixture
def people(route, workshop, day2, make_workshop, register, run_tasks):
    """On the route: Ada (fr, confirmed), Bob (en, confirmed), Cy (fr, waiting). Dee (fr)
    holds the workshop only; Eve (en) a session on day 2. Their confirmations are sent."""
    other_day = make_workshop(parent=day2, title="Soirée", slug="soiree")
    registrations = {
        "ada": register(route, "ada@example.org", first_name="Ada"),
        "bob": register(route, "bob@example.org", first_name="Bob", language="en"),
        "cy": register(route, "cy@example.org", first_name="Cy"),
        "dee": register(workshop, "dee@example.org", first_name="Dee"),
        "eve": register(other_day, "eve@example.org", first_name="Eve", language="en"),
    }
    run_tasks()
    mail.outbox.clear()
    return registrations


def emails_to(*kinds):
    return {
        e.to: e
        for e in OutgoingEmail.objects.filter(kind__in=kinds or [OutgoingEmail.Kind.MESSAGE]).select_related(
            "registration__attendee"
        )
    }


def addresses(selection):
    return {r.attendee.email for r in recipients_module.recipients(selection)}


# --- Recipients -------------------------------------------------------------------


def test_recipients_of_a_session_by_status(route, people):
    assert people["cy"].status == Registration.Status.WAITING
    target = f"session:{route.translation_key}"

    assert addresses(parse_target(target, ["confirmed"])) == {"ada@example.org", "bob@example.org"}
    assert addresses(parse_target(target, ["waiting"])) == {"cy@example.org"}
    assert addresses(parse_target(target, ["confirmed", "waiting"])) == {
        "ada@example.org",
        "bob@example.org",
        "cy@example.org",
    }


def test_recipients_of_a_day_and_of_the_edition(day, edition, people):
    on_day = addresses(parse_target(f"day:{day.translation_key}", ["confirmed"]))
    whole = addresses(parse_target(f"edition:{edition.translation_key}", ["confirmed"]))

    assert on_day == {"ada@example.org", "bob@example.org", "dee@example.org"}
    assert whole == on_day | {"eve@example.org"}


def test_recipients_checked_in_or_not_yet(route, people, now):
    set_checked_in(people["ada"], present=True, now=now)
    target = f"session:{route.translation_key}"

    assert addresses(parse_target(target, ["confirmed"], "checked_in")) == {"ada@example.org"}
    assert addresses(parse_target(target, ["confirmed"], "not_checked_in")) == {"bob@example.org"}


def test_a_person_in_two_sessions_of_the_selection_gets_one_email(edition, route, workshop, register):
    register(route, "ada@example.org")
    register(workshop, "ada@example.org")
    selection = parse_target(f"edition:{edition.translation_key}", ["confirmed"])

    assert recipients_module.count(selection) == 1
    assert len(recipients_module.recipients(selection)) == 1


def test_anonymised_people_receive_nothing(route, people, now):
    anonymise(people["ada"].attendee, now=now)

    assert addresses(parse_target(f"session:{route.translation_key}", ["confirmed"])) == {"bob@example.org"}


def test_an_unknown_target_is_refused(client, manager, people):
    client.force_login(manager)

    response = client.post(COMPOSE, form(f"session:{uuid.uuid4()}"))

    assert response.status_code == 400 and not Message.objects.exists()
    assert client.post(COMPOSE, form("nonsense")).status_code == 400


# --- Sending, languages ------------------------------------------------------------


def test_each_person_gets_it_in_their_language_with_their_link(client, manager, route, people, run_tasks):
    client.force_login(manager)
    data = form(
        f"session:{route.translation_key}",
        subject_en="The bus leaves from the car park",
        body_en="Meet in the car park, not in the street.",
    )

    response = client.post(COMPOSE, data)

    assert response.status_code == 302 and mail.outbox == []  # the worker sends them
    run_tasks()
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {"ada@example.org", "bob@example.org"}
    ada, bob = sent["ada@example.org"], sent["bob@example.org"]
    assert ada.subject == "Le bus part du parking" and "Bonjour Ada," in ada.body
    assert (
        "Rendez-vous sur le parking" in ada.body
        and f"/fr/inscriptions/moi/{people['ada'].attendee.token}/" in ada.body
    )
    assert bob.subject == "The bus leaves from the car park" and "Meet in the car park" in bob.body
    assert "Hello Bob," in bob.body and f"/en/inscriptions/moi/{people['bob'].attendee.token}/" in bob.body
    assert "Rendez-vous" not in bob.body


def test_without_english_text_english_speakers_get_the_french_with_a_note(
    client, manager, route, people, run_tasks
):
    client.force_login(manager)
    client.post(COMPOSE, form(f"session:{route.translation_key}"))
    run_tasks()

    bob = next(m for m in mail.outbox if m.to == ["bob@example.org"])
    ada = next(m for m in mail.outbox if m.to == ["ada@example.org"])
    assert bob.subject == "Le bus part du parking"
    assert bob.body.startswith("This message from the organisers is only available in French.")
    assert "Rendez-vous sur le parking" in bob.body
    assert "only available in French" not in ada.body


def test_the_record_counts_delivered_failed_and_pending(client, manager, route, people, run_tasks, settings):
    client.force_login(manager)
    client.post(COMPOSE, form(f"session:{route.translation_key}"))
    message = Message.objects.get()
    assert message.author == manager and message.recipient_count is None
    assert "Parcours 2" in message.selection_label

    run_tasks(max_tasks=1)  # the fan-out only
    message.refresh_from_db()
    assert (message.recipient_count, message.delivered_count, message.pending_count) == (2, 0, 2)

    run_tasks()
    message.refresh_from_db()
    assert (message.delivered_count, message.failed_count, message.pending_count) == (2, 0, 0)
    page = client.get(reverse("registrations_admin:messages")).content.decode()
    assert (
        "Le bus part du parking" in page and "2 destinataires : 2 envoyés, 0 en échec, 0 en attente" in page
    )
    detail = client.get(reverse("registrations_admin:message", args=[message.pk]))
    assert detail.status_code == 200 and "Rendez-vous sur le parking" in detail.content.decode()


def test_a_message_given_up_on_counts_as_failed(client, manager, route, people, run_tasks, settings):
    settings.EMAIL_BACKEND = "programme.registrations.tests.test_emails.FailingBackend"
    settings.REGISTRATION_MAIL_MAX_ATTEMPTS = 1
    client.force_login(manager)
    client.post(COMPOSE, form(f"session:{route.translation_key}"))

    run_tasks()

    message = Message.objects.get()
    assert (message.delivered_count, message.failed_count, message.pending_count) == (0, 2, 0)


def test_a_message_given_up_then_sent_later_counts_once_as_sent(
    client, manager, route, people, run_tasks, settings
):
    settings.EMAIL_BACKEND = "programme.registrations.tests.test_emails.FailingBackend"
    settings.REGISTRATION_MAIL_MAX_ATTEMPTS = 1
    client.force_login(manager)
    client.post(COMPOSE, form(f"session:{route.translation_key}"))
    run_tasks()
    assert OutgoingEmail.objects.filter(given_up=True).count() == 2

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert emails.deliver(ids=list(OutgoingEmail.objects.values_list("pk", flat=True))) == (2, 0)

    message = Message.objects.get()
    assert (message.delivered_count, message.failed_count, message.pending_count) == (2, 0, 0)
    assert not OutgoingEmail.objects.filter(given_up=True).exists()
    page = client.get(reverse("registrations_admin:messages")).content.decode()
    assert "2 destinataires : 2 envoyés, 0 en échec, 0 en attente" in page


def test_a_message_that_fails_once_then_goes_counts_once_as_sent(
    client, manager, route, people, run_tasks, settings
):
    settings.EMAIL_BACKEND = "programme.registrations.tests.test_emails.FailingBackend"
    client.force_login(manager)
    client.post(COMPOSE, form(f"session:{route.translation_key}"))
    run_tasks()  # the first attempts fail; the retries wait a minute
    message = Message.objects.get()
    assert (message.delivered_count, message.failed_count, message.pending_count) == (0, 0, 2)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_mail")
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_tasks()  # the retries find them sent

    message.refresh_from_db()
    assert (message.delivered_count, message.failed_count, message.pending_count) == (2, 0, 0)
    assert len(mail.outbox) == 2


def test_the_last_attempt_of_the_safety_net_counts_as_failed_once(
    client, manager, route, people, run_tasks, settings
):
    settings.EMAIL_BACKEND = "programme.registrations.tests.test_emails.FailingBackend"
    settings.REGISTRATION_MAIL_MAX_ATTEMPTS = 2
    client.force_login(manager)
    client.post(COMPOSE, form(f"session:{route.translation_key}"))
    run_tasks()  # attempt 1 fails, a retry is planned
    call_command("send_pending_mail")  # attempt 2, the last one, fails
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_tasks()  # the planned retries fail too

    message = Message.objects.get()
    assert (message.delivered_count, message.failed_count, message.pending_count) == (0, 2, 0)


def test_personal_data_of_a_message_goes_with_the_person(client, manager, route, people, run_tasks, now):
    client.force_login(manager)
    client.post(COMPOSE, form(f"session:{route.translation_key}"))
    run_tasks()

    anonymise(people["ada"].attendee, now=now)

    assert set(emails_to()) == {"bob@example.org"}
    assert Message.objects.get().delivered_count == 2  # the record keeps its counts


# --- Preview and count ---------------------------------------------------------------


def test_the_preview_shows_each_language_and_the_count(client, manager, route, people):
    client.force_login(manager)

    response = client.post(COMPOSE, form(f"session:{route.translation_key}", action="preview"))

    content = response.content.decode()
    assert response.status_code == 200 and not Message.objects.exists()
    assert "2 personnes recevront ce message" in content
    assert "Bonjour Camille," in content and "Hello Camille," in content
    assert "This message from the organisers is only available in French." in content
    assert 'value="send"' in content


# --- Permissions, idempotency -----------------------------------------------------------


@pytest.mark.parametrize("role", ["editor", "moderator"])
def test_editors_and_moderators_may_not_send(client, role, editor, demo_users, route, people):
    user = editor if role == "editor" else demo_users.moderateur
    assert (
        not user.is_superuser
        and not Group.objects.filter(name="Gestionnaires des inscriptions", user=user).exists()
    )
    client.force_login(user)

    refused = [
        client.get(COMPOSE),
        client.post(COMPOSE, form(f"session:{route.translation_key}")),
        client.get(reverse("registrations_admin:messages")),
    ]

    # Wagtail's admin answers a PermissionDenied with a redirect to the dashboard.
    assert [(r.status_code, r["Location"]) for r in refused] == [(302, "/admin/")] * 3
    assert not Message.objects.exists() and not OutgoingEmail.objects.filter(kind="message").exists()


def test_a_double_click_sends_once(client, manager, route, people, run_tasks):
    client.force_login(manager)
    data = form(f"session:{route.translation_key}")

    first = client.post(COMPOSE, data)
    second = client.post(COMPOSE, data)

    assert first["Location"] == second["Location"]
    assert Message.objects.count() == 1
    run_tasks()
    assert len(mail.outbox) == 2


def test_sending_twice_from_code_with_one_key_sends_once(manager, route, people, run_tasks):
    selection = parse_target(f"session:{route.translation_key}", ["confirmed"])
    kwargs = {
        "author": manager,
        "selection": selection,
        "subject_fr": "A",
        "body_fr": "B",
        "idempotency_key": "k1",
    }

    assert send_message(**kwargs)[1] is True
    assert send_message(**kwargs)[1] is False
    run_tasks()
    run_tasks()
    assert len(mail.outbox) == 2


def test_the_preview_escapes_what_the_manager_typed(client, manager, route, people):
    client.force_login(manager)

    response = client.post(
        COMPOSE,
        form(f"session:{route.translation_key}", action="preview", body_fr="<script>alert(1)</script>"),
    )

    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content and "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_a_form_with_missing_english_subject_is_refused(client, manager, route, people):
    client.force_login(manager)

    response = client.post(COMPOSE, form(f"session:{route.translation_key}", body_en="Only a body"))

    assert response.status_code == 400 and not Message.objects.exists()


# --- A thousand recipients -------------------------------------------------------------


def test_a_thousand_recipients_are_enqueued_in_well_under_a_second(client, manager, route, now, run_tasks):
    attendees = Attendee.objects.bulk_create(
        Attendee(
            edition_key=route.get_parent().get_parent().translation_key,
            email=f"p{i}@example.org",
            first_name="P",
        )
        for i in range(1000)
    )
    Registration.objects.bulk_create(
        Registration(
            attendee=a,
            session_key=route.translation_key,
            edition_key=a.edition_key,
            session=route,
            status=Registration.Status.CONFIRMED,
            sequence=i + 1,
            created_at=now,
        )
        for i, a in enumerate(attendees)
    )
    client.force_login(manager)
    client.get(COMPOSE)  # warm up the admin

    started = time.perf_counter()
    response = client.post(COMPOSE, form(f"session:{route.translation_key}"))
    elapsed = time.perf_counter() - started

    assert response.status_code == 302 and elapsed < 0.5
    assert DBTaskResult.objects.filter(task_path__endswith="sending.fan_out").count() == 1

    run_tasks(max_tasks=1)
    assert OutgoingEmail.objects.filter(kind="message").count() == 1000
    assert DBTaskResult.objects.filter(task_path__endswith=".send_email", status="READY").count() == 1000
