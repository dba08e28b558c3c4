"""Registration e-mails: recorded first, sent after commit, retried when they fail.

``queue`` is called inside the service's transaction: the ``OutgoingEmail`` row commits or
rolls back with the registration it reports, so a message is never lost nor sent for a
change that did not happen. After commit, ``deliver`` renders it in the registration's
language (subject and text are stored: what was sent can be read back), attaches the
calendar entry and sends it. Any failure (rendering, connection, refusal) is logged and
recorded on the row; it never reaches the visitor. ``manage.py send_pending_mail`` sends
what is still pending.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail.models import Locale

from .models import OutgoingEmail, Registration
from .sessions import calendar_for, describe_sessions, personal_url

logger = logging.getLogger(__name__)

Kind = OutgoingEmail.Kind
WITH_CALENDAR = {Kind.CONFIRMATION.value, Kind.PROMOTION.value, Kind.REMINDER.value}


def queue(kind, registration, *, send_after_commit=True):
    """Record a message about ``registration``; send it after commit unless told not to."""
    email = OutgoingEmail.objects.create(
        kind=kind,
        registration=registration,
        to=registration.attendee.email,
        language=registration.language,
    )
    if send_after_commit:
        transaction.on_commit(lambda: deliver([email.pk]))
    return email


def _context(registration, language):
    display = describe_sessions([registration.session_key], language).get(registration.session_key)
    edition = display.info.edition if display else None
    if edition is not None and edition.locale.language_code != language:
        locale = Locale.objects.filter(language_code=language).first()
        edition = (edition.get_translation_or_none(locale) if locale else None) or edition
    return {
        "registration": registration,
        "attendee": registration.attendee,
        "display": display,
        "session": display.page if display else None,
        "session_url": display.url if display else "",
        "edition": edition,
        "when": display.when if display else "",
        "where": display.where if display else "",
        "position": registration.waiting_position(),
        "personal_url": personal_url(registration.attendee, language),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }


def render(email):
    """Fill in subject and text of a message, in its language; returns the attachments."""
    registration = email.registration
    with translation.override(email.language):
        context = _context(registration, email.language)
        if not email.subject:
            subject = render_to_string(f"registrations/emails/{email.kind}_subject.txt", context)
            email.subject = " ".join(subject.split())[:300]
            email.body = render_to_string(f"registrations/emails/{email.kind}.txt", context)
            OutgoingEmail.objects.filter(pk=email.pk).update(subject=email.subject, body=email.body)
        attachments = []
        if email.kind in WITH_CALENDAR and registration.status == Registration.Status.CONFIRMED:
            displays = {registration.session_key: context["display"]} if context["display"] else {}
            calendar = calendar_for([registration], email.language, displays=displays)
            attachments.append(("seance.ics", calendar, "text/calendar"))
    return attachments


def deliver(ids=None, *, now=None):
    """Send pending messages (those listed, or all still worth trying). Never raises.
    Returns (sent, failed)."""
    pending = OutgoingEmail.objects.filter(sent_at__isnull=True)
    if ids is not None:
        pending = pending.filter(pk__in=ids)
    else:
        pending = pending.filter(attempts__lt=settings.REGISTRATION_MAIL_MAX_ATTEMPTS)
    sent = failed = 0
    try:
        connection = get_connection()
    except Exception:  # a misconfigured backend must not break the request either
        logger.exception("No e-mail connection; messages stay pending")
        return 0, len(ids or [])
    try:
        for pk in list(pending.order_by("pk").values_list("pk", flat=True)):
            try:
                with transaction.atomic():
                    email = (
                        OutgoingEmail.objects.select_for_update(skip_locked=True, of=("self",))
                        .select_related("registration__attendee")
                        .filter(pk=pk, sent_at__isnull=True)
                        .first()
                    )
                    if email is None:  # sent meanwhile, or being sent by another process
                        continue
                    attachments = render(email)
                    message = EmailMessage(
                        subject=email.subject,
                        body=email.body,
                        from_email=settings.DEFAULT_FROM_EMAIL,
                        to=[email.to],
                        attachments=attachments,
                        connection=connection,
                    )
                    message.send()
                    email.sent_at = now or timezone.now()
                    email.attempts += 1
                    email.last_error = ""
                    email.save(update_fields=["sent_at", "attempts", "last_error"])
                sent += 1
            except Exception as error:
                logger.exception("Registration e-mail %s could not be sent", pk)
                OutgoingEmail.objects.filter(pk=pk).update(
                    attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:2000]
                )
                failed += 1
    finally:
        try:
            connection.close()
        except Exception:
            logger.exception("Closing the e-mail connection failed")
    return sent, failed
