"""E-mails: queued with the change, sent by the task worker, in the registration's language, with the calendar entry and the
personal link; a failing mail server loses nothing."""

import datetime as dt
import io
import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from programme.factories import VenueFactory
from programme.registrations import emails, services
from programme.registrations.models import OutgoingEmail, Registration

pytestmark = pytest.mark.django_db

Kind = OutgoingEmail.Kind


def form_data(email="ada@example.org", **extra):
    return {"first_name": "Ada", "last_name": "Lovelace", "email": email, "consent": "on", **extra}


def test_the_sending_is_queued_in_the_registrations_transaction(workshop, register):
    register(workshop)

    email = OutgoingEmail.objects.get()
    queued = DBTaskResult.objects.get(task_path="programme.registrations.emails.send_email")
    assert queued.args_kwargs == {"args": [email.pk], "kwargs": {}}
    assert mail.outbox == [] and email.sent_at is None  # the worker sends it, not the request


def test_a_refused_registration_queues_nothing(workshop, register):
    register(workshop, "ada@example.org")
    with pytest.raises(services.RegistrationError):
        register(workshop, "ada@example.org")

    assert OutgoingEmail.objects.count() == 1
    assert DBTaskResult.objects.filter(task_path__endswith=".send_email").count() == 1


def test_a_failed_attempt_is_recorded_and_retried_later(workshop, register, settings, run_tasks):
    settings.EMAIL_BACKEND = "programme.registrations.tests.test_emails.FailingBackend"
    register(workshop)

    run_tasks()

    email = OutgoingEmail.objects.get()
    assert email.sent_at is None and email.attempts == 1 and "mail server down" in email.last_error
    failed, retry = DBTaskResult.objects.filter(task_path__endswith=".send_email").order_by("enqueued_at")
    assert failed.status == "FAILED" and "SMTPServerDisconnected" in failed.exception_class_path
    assert retry.status == "READY" and retry.run_after > timezone.now() + dt.timedelta(seconds=50)

    # The mail server is back and the delay is over: sent once, however often it runs.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_tasks()
    call_command("send_pending_mail", stdout=io.StringIO())
    email.refresh_from_db()
    assert email.sent_at is not None and email.attempts == 2
    assert len(mail.outbox) == 1


def test_the_back_off_grows_and_stops():
    delays = [emails.retry_delay(n).total_seconds() for n in (1, 2, 3, 7, 20)]
    assert delays == [60, 120, 240, 3600, 3600]


def test_a_message_being_sent_is_not_sent_again(workshop, register):
    register(workshop)
    email = OutgoingEmail.objects.get()
    assert emails.claim(email.pk, timezone.now())  # another worker is sending it

    assert emails.send(email.pk) == emails.SKIPPED
    assert emails.deliver() == (0, 0)
    assert mail.outbox == []


def test_the_confirmation_has_the_calendar_entry_and_the_personal_link(
    client, make_workshop, django_capture_on_commit_callbacks, run_tasks
):
    session = make_workshop(
        title="Atelier vélo", slug="atelier-velo", start_time=dt.time(14), end_time=dt.time(16)
    )

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registrations:register", args=[session.pk]), form_data())
    run_tasks()

    message = mail.outbox[0]
    registration = Registration.objects.get()
    assert message.to == ["ada@example.org"]
    assert message.subject == "Inscription confirmée : Atelier vélo"
    assert "Bonjour Ada" in message.body
    assert f"/fr/inscriptions/moi/{registration.attendee.token}/" in message.body
    assert "14h00 – 16h00" in message.body
    name, content, mimetype = message.attachments[0]
    assert (name, mimetype) == ("seance.ics", "text/calendar")
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Atelier vélo"
    assert event.decoded("DTSTART").hour == 14
    assert OutgoingEmail.objects.get().sent_at is not None


def test_the_public_feed_and_the_confirmation_describe_one_event(
    client, make_workshop, django_capture_on_commit_callbacks, run_tasks
):
    """Adding a session from the programme's feed and from the confirmation e-mail gives
    one event in the visitor's agenda: same UID, same place (one builder, home/calendars.py)."""
    building = VenueFactory(name="Bazaar St So")
    room = VenueFactory(name="Halle basse 2", part_of=building, address="", postcode="", town="")
    session = make_workshop(
        title="Atelier vélo", slug="atelier-velo", start_time=dt.time(14), end_time=dt.time(16), venue=room
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registrations:register", args=[session.pk]), form_data())
    run_tasks()

    [attached] = Calendar.from_ical(mail.outbox[0].attachments[0][1]).walk("VEVENT")
    [published] = Calendar.from_ical(client.get(f"{session.url}calendrier.ics").content).walk("VEVENT")
    assert str(attached["UID"]) == str(published["UID"]) == f"{session.translation_key}@ectl-programme"
    location = "Halle basse 2, Bazaar St So, 292 rue Camille Guérin, 59000 Lille"
    assert str(attached["LOCATION"]) == str(published["LOCATION"]) == location
    assert attached.decoded("DTSTART") == published.decoded("DTSTART")
    # The e-mail's text names the same place.
    assert f"Où : {location}" in mail.outbox[0].body


def test_mail_goes_out_in_the_language_of_the_registration(
    client, workshop, translate, django_capture_on_commit_callbacks, run_tasks
):
    english = translate(workshop)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("registrations:register", args=[english.pk]).replace("/fr/", "/en/"), form_data())
    run_tasks()

    message = mail.outbox[0]
    assert OutgoingEmail.objects.get().language == "en"
    assert "Atelier cartographie (EN)" in message.subject  # the English title
    assert "/en/inscriptions/moi/" in message.body
    assert "/en/" in message.body


def test_a_session_without_time_is_an_all_day_calendar_entry(workshop, day, register):
    registration = register(workshop)

    from programme.registrations.sessions import calendar_for

    event = Calendar.from_ical(calendar_for([registration], "fr")).walk("VEVENT")[0]
    assert event.decoded("DTSTART") == day.date
    assert event.decoded("DTEND") == day.date + dt.timedelta(days=1)


def test_waiting_list_then_promotion_mails(workshop, register, django_capture_on_commit_callbacks, run_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        holder = register(workshop, "holder@example.org")
        register(workshop)
        register(workshop, "ada@example.org")
    run_tasks()
    waiting_mail = mail.outbox[-1]
    assert waiting_mail.subject.startswith("Liste d'attente")
    assert "en position 1" in waiting_mail.body
    assert waiting_mail.attachments == []

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(holder, now=timezone.now())
    run_tasks()

    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert by_recipient["holder@example.org"].subject.startswith("Inscription annulée")
    promotion = by_recipient["ada@example.org"]
    assert promotion.subject.startswith("Une place s'est libérée")
    assert promotion.attachments[0][0] == "seance.ics"


class FailingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        pass

    def close(self):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("mail server down")


def test_a_failing_mail_server_loses_no_registration_and_no_mail(
    client, workshop, settings, django_capture_on_commit_callbacks, run_tasks, caplog
):
    settings.EMAIL_BACKEND = "programme.registrations.tests.test_emails.FailingBackend"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("registrations:register", args=[workshop.pk]), form_data())
    run_tasks()

    assert response.status_code == 302
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    pending = OutgoingEmail.objects.get()
    assert pending.sent_at is None and pending.attempts == 1
    assert "mail server down" in pending.last_error
    assert "could not be sent" in caplog.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_pending_mail")

    pending.refresh_from_db()
    assert pending.sent_at is not None and pending.attempts == 2
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("Inscription confirmée")


def test_a_message_is_sent_once_even_if_delivered_twice(
    workshop, register, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        register(workshop)
    run_tasks()

    assert emails.deliver() == (0, 0)
    assert len(mail.outbox) == 1


def test_pending_mail_gives_up_after_the_maximum_attempts(workshop, register, settings):
    settings.REGISTRATION_MAIL_MAX_ATTEMPTS = 3
    register(workshop)  # queued; no worker runs in this test
    OutgoingEmail.objects.update(attempts=3)

    assert emails.deliver() == (0, 0)
    assert mail.outbox == []


def test_a_rendering_error_is_recorded_not_raised(workshop, register):
    register(workshop)

    with mock.patch.object(emails, "render", side_effect=RuntimeError("boom")):
        assert emails.deliver() == (0, 1)

    assert "boom" in OutgoingEmail.objects.get().last_error


def test_reminders_go_out_a_few_days_before_and_once(make_workshop, day, settings, run_tasks):
    settings.REGISTRATION_REMINDER_DAYS = 2
    session = make_workshop(title="Plénière", slug="pleniere")
    registered_at = timezone.make_aware(dt.datetime.combine(day.date - dt.timedelta(days=10), dt.time(9)))
    services.register(session, email="ada@example.org", first_name="Ada", last_name="L", now=registered_at)
    run_tasks()
    mail.outbox.clear()
    early = timezone.make_aware(dt.datetime.combine(day.date - dt.timedelta(days=3), dt.time(8)))
    due = timezone.make_aware(dt.datetime.combine(day.date - dt.timedelta(days=2), dt.time(8)))

    assert services.queue_reminders(now=early) == []
    with mock.patch("django.utils.timezone.now", return_value=due):
        call_command("send_reminders")
        call_command("send_reminders")
    run_tasks()

    reminders = [m for m in mail.outbox if m.subject.startswith("Rappel")]
    assert len(reminders) == 1
    assert "libérez votre place" in reminders[0].body.lower()
    assert Registration.objects.get().reminder_sent_at == due
