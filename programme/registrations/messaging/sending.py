"""A registrations manager's message: recorded once, fanned out by the task worker.

``send_message`` runs in the request: it records the ``Message`` (its idempotency key
is unique: a double click, or the same form posted twice, finds the first one) and
enqueues one task, ``fan_out``, in the same transaction. The request costs a few
queries whatever the number of recipients.

``fan_out`` (the worker) writes one ``OutgoingEmail`` per person with a single
``bulk_create``, each already rendered in the person's language with their first name
and personal link, and enqueues each one's sending (``emails.send_email``: claimed,
sent once, retried). It runs at most once per message (the message row is locked and
``recipient_count`` says it is done)."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django_tasks import task

from .. import emails
from ..models import Message, OutgoingEmail
from ..notices import render_message
from ..sessions import in_language
from .recipients import Selection, recipients


def send_message(*, author, selection, subject_fr, body_fr, subject_en="", body_en="", idempotency_key):
    """Record the message and enqueue its fan-out; returns (message, created). The same
    ``idempotency_key`` twice returns the first message and sends nothing more."""
    existing = Message.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            message = Message.objects.create(
                author=author,
                idempotency_key=idempotency_key,
                selection=selection.as_json(),
                selection_label=selection.label[:300],
                subject_fr=subject_fr.strip(),
                body_fr=body_fr.strip(),
                subject_en=subject_en.strip(),
                body_en=body_en.strip(),
            )
            fan_out.enqueue(message.pk)
    except IntegrityError:  # the same form, posted at the same instant
        return Message.objects.get(idempotency_key=idempotency_key), False
    return message, True


def _edition_in(edition, language, cache):
    """The edition page in ``language`` (for the footer), cached per fan-out."""
    if edition is None:
        return None
    if (edition.pk, language) not in cache:
        cache[edition.pk, language] = in_language(edition, language)
    return cache[edition.pk, language]


@task(backend=settings.REGISTRATION_TASK_BACKEND)
def fan_out(message_id):
    """One e-mail per recipient, rendered and queued (see the module docstring)."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.recipient_count is not None:
            return 0
        editions = {}
        rows = []
        for registration in recipients(Selection.from_json(message.selection)):
            attendee = registration.attendee
            language = attendee.language if attendee.language in dict(settings.LANGUAGES) else "fr"
            with translation.override(language):
                subject, body = render_message(
                    message, attendee, language, edition=_edition_in(registration.edition, language, editions)
                )
            rows.append(
                OutgoingEmail(
                    kind=OutgoingEmail.Kind.MESSAGE,
                    registration=registration,
                    message=message,
                    to=attendee.email,
                    language=language,
                    subject=subject,
                    body=body,
                )
            )
        created = OutgoingEmail.objects.bulk_create(rows, batch_size=500)
        message.recipient_count = len(created)
        message.save(update_fields=["recipient_count"])
        for row in created:
            emails.send_email.enqueue(row.pk)
    return len(created)
