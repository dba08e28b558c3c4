"""Registration e-mails: recorded and queued in the change's transaction, sent by the
task worker, retried with a back-off, never sent twice.

``queue`` is called inside the service's transaction. It writes the ``OutgoingEmail`` row
(the record of what is sent, and the idempotency key) and enqueues ``send_email`` with
that row's id through Django's task framework (django-tasks; the database backend
django-tasks-db writes its task row with the same connection, so in the same
transaction): both commit or roll back with the registration they report, so a message
is never lost nor sent for a change that did not happen, and nothing is sent while the
request holds a lock (on SQLite, the database's write lock).

``manage.py db_worker`` runs the task. ``send`` claims the row with one conditional
UPDATE (unsent, not claimed by a live attempt), outside any transaction, then renders it
in the registration's language (subject and text are stored: what was sent can be read
back), attaches the calendar entry and sends it; then marks it sent. Two workers, or a
retry and ``send_pending_mail``, cannot both send it. A failure (rendering, connection,
refusal, time-out) is recorded on the row and in the task's result, and the task is
enqueued again after a growing delay, up to REGISTRATION_MAIL_MAX_ATTEMPTS attempts;
the attempt that fails the last time marks the row ``given_up``. An organisers'
message counts each of its e-mails once, in its final state (``count_outcome``).
``manage.py send_pending_mail`` is the safety net for what is still pending.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django_tasks import task

from . import codes
from .models import FeedbackRequest, Message, OutgoingEmail, Registration
from .notices import extra_context, notice_attachments
from .plan_emails import plan_context
from .sessions import (
    absolute_url,
    calendar_for,
    describe_sessions,
    in_language,
    offer_url,
    personal_url,
    ticket_url,
)

logger = logging.getLogger(__name__)

Kind = OutgoingEmail.Kind
WITH_CALENDAR = {Kind.CONFIRMATION.value, Kind.PROMOTION.value, Kind.REMINDER.value, Kind.DAY_PLAN.value}
# How long an attempt holds its claim on a message: well beyond EMAIL_TIMEOUT, so that
# only an attempt that died (a killed worker) lets another one send it.
CLAIM_DURATION = timedelta(minutes=10)
# Outcomes of ``send``.
SENT, SKIPPED = "sent", "skipped"


def retry_delay(attempts):
    """1, 2, 4… minutes after the 1st, 2nd, 3rd… failed attempt; at most an hour."""
    return timedelta(minutes=min(2 ** (attempts - 1), 60))


def queue(kind, registration):
    """Record a message about ``registration`` and enqueue its sending, in the caller's
    transaction (see the module docstring)."""
    email = OutgoingEmail.objects.create(
        kind=kind,
        registration=registration,
        to=registration.attendee.email,
        language=registration.language,
    )
    send_email.enqueue(email.pk)
    return email


@task(backend=settings.REGISTRATION_TASK_BACKEND)
def send_email(email_id):
    """The worker's task: send one message; on failure, record it, enqueue the next
    attempt after ``retry_delay`` and raise (the task's result keeps the error)."""
    try:
        return send(email_id)
    except Exception:
        attempts = OutgoingEmail.objects.filter(pk=email_id).values_list("attempts", flat=True).first()
        if attempts is not None and attempts < settings.REGISTRATION_MAIL_MAX_ATTEMPTS:
            send_email.using(run_after=timezone.now() + retry_delay(attempts)).enqueue(email_id)
        raise


def _context(registration, language):
    display = describe_sessions([registration.session_key], language).get(registration.session_key)
    edition = display.info.edition if display else None
    if edition is not None and edition.locale.language_code != language:
        edition = in_language(edition, language)
    return {
        "registration": registration,
        "attendee": registration.attendee,
        "display": display,
        "session": display.page if display else None,
        "session_url": display.url if display else "",
        "edition": edition,
        "when": display.when if display else "",
        "where": display.where if display else "",
        "restricted": display.restricted if display else False,
        "position": registration.waiting_position(),
        "personal_url": personal_url(registration.attendee, language),
        **_check_in(registration, language),
        "site_name": settings.WAGTAIL_SITE_NAME,
        # An offered place (services/offers.py): its link and deadline.
        "offer_url": offer_url(registration, language) if registration.offered_until else "",
        "offer_until": date_format(timezone.localtime(registration.offered_until), "DATETIME_FORMAT")
        if registration.offered_until
        else "",
    }


def _check_in(registration, language):
    """The check-in code and the ticket's link, for a confirmed place (checkin/)."""
    if registration.status != Registration.Status.CONFIRMED:
        return {"check_in_code": "", "ticket_url": ""}
    return {
        "check_in_code": codes.display(registration.check_in_code),
        "ticket_url": ticket_url(registration, language),
    }


def feedback_url(registration, language):
    """The link of a registration's feedback form (services/feedback.py), in its language."""
    token = FeedbackRequest.objects.filter(registration=registration).values_list("token", flat=True).first()
    if token is None:
        return ""
    with translation.override(language):
        return absolute_url(reverse("registrations:feedback", args=[token]))


def render(email):
    """Fill in subject and text of a message, in its language; returns the attachments."""
    registration = email.registration
    if email.kind == Kind.MESSAGE and email.subject:
        return []  # written and rendered when fanned out (messaging/sending.py)
    with translation.override(email.language):
        # The day planner's e-mail lists several registrations (plan_emails.py).
        context = (plan_context if email.kind == Kind.DAY_PLAN else _context)(registration, email.language)
        context |= extra_context(email)
        if email.kind == Kind.FEEDBACK:
            context["feedback_url"] = feedback_url(registration, email.language)
        if not email.subject:
            subject = render_to_string(f"registrations/emails/{email.kind}_subject.txt", context)
            email.subject = " ".join(subject.split())[:300]
            email.body = render_to_string(f"registrations/emails/{email.kind}.txt", context)
            OutgoingEmail.objects.filter(pk=email.pk).update(subject=email.subject, body=email.body)
        attachments = []
        if "calendar_registrations" in context:
            if not context["restricted"]:
                calendar = calendar_for(
                    context["calendar_registrations"], email.language, context["displays"]
                )
                attachments.append(("programme.ics", calendar, "text/calendar"))
        elif (
            email.kind in WITH_CALENDAR
            and registration.status == Registration.Status.CONFIRMED
            and not context["restricted"]
        ):
            displays = {registration.session_key: context["display"]} if context["display"] else {}
            calendar = calendar_for([registration], email.language, displays=displays)
            attachments.append(("seance.ics", calendar, "text/calendar"))
        attachments += _check_in_codes(email, registration, context)
        attachments += notice_attachments(email, registration)
    return attachments


def _check_in_codes(email, registration, context):
    """The check-in QR code of each confirmed place the e-mail confirms: one, or one per
    session of a day planner's e-mail (each registration has its own code)."""
    if email.kind not in WITH_CALENDAR:
        return []
    registrations = context.get("calendar_registrations") or [registration]
    confirmed = [item for item in registrations if item.status == Registration.Status.CONFIRMED]
    return [
        (
            "qr-code-pointage.png" if len(confirmed) == 1 else f"qr-code-pointage-{number}.png",
            codes.qr_png(codes.scan_url(item.check_in_code)),
            "image/png",
        )
        for number, item in enumerate(confirmed, start=1)
    ]


def claim(email_id, now):
    """Take the message for one attempt: True when this attempt may send it."""
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return bool(
        OutgoingEmail.objects.filter(free, pk=email_id, sent_at__isnull=True).update(
            claimed_until=now + CLAIM_DURATION, attempts=F("attempts") + 1
        )
    )


def send(email_id):
    """Send one message unless it is sent or being sent (returns SENT or SKIPPED). Run
    outside any transaction: the mail server may be slow, and no lock may wait on it.
    Raises on failure, after recording it on the row."""
    if not claim(email_id, timezone.now()):
        return SKIPPED
    email = OutgoingEmail.objects.select_related("registration__attendee").get(pk=email_id)
    try:
        attachments = render(email)
        EmailMessage(
            subject=email.subject,
            body=email.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email.to],
            attachments=attachments,
        ).send()
    except Exception as error:
        logger.exception("Registration e-mail %s could not be sent", email_id)
        given_up = email.attempts >= settings.REGISTRATION_MAIL_MAX_ATTEMPTS
        OutgoingEmail.objects.filter(pk=email_id).update(
            claimed_until=None, last_error=f"{type(error).__name__}: {error}"[:2000], given_up=given_up
        )
        count_outcome(email, sent=False, given_up=given_up)
        raise
    OutgoingEmail.objects.filter(pk=email_id).update(
        sent_at=timezone.now(), claimed_until=None, last_error="", given_up=False
    )
    count_outcome(email, sent=True)
    return SENT


def count_outcome(email, *, sent, given_up=False):
    """Keep an organisers' message's counts on each e-mail's final state: sent, or
    failed once given up, else pending. ``email`` is the row as this attempt claimed it
    (only the attempt holding the claim writes ``given_up``): a mail given up, then sent
    by a later attempt (``send_pending_mail``, ``deliver(ids)``), moves from failed to
    sent, and is counted once."""
    if not email.message_id:
        return
    was_failed, is_failed = email.given_up, given_up and not sent
    changes = {}
    if sent:
        changes["delivered_count"] = F("delivered_count") + 1
    if was_failed != is_failed:
        changes["failed_count"] = F("failed_count") + (1 if is_failed else -1)
    if changes:
        Message.objects.filter(pk=email.message_id).update(**changes)


def deliver(ids=None):
    """Send pending messages now (those listed, or all with attempts left): the safety
    net of ``send_pending_mail``. Never raises. Returns (sent, failed)."""
    pending = OutgoingEmail.objects.filter(sent_at__isnull=True)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    else:
        pending = pending.filter(attempts__lt=settings.REGISTRATION_MAIL_MAX_ATTEMPTS)
    sent = failed = 0
    for pk in list(pending.order_by("pk").values_list("pk", flat=True)):
        try:
            sent += send(pk) == SENT
        except Exception:  # recorded by send; the next message may still go
            failed += 1
    return sent, failed
