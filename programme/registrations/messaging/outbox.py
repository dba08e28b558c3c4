"""Many e-mails at once: rows written with one ``bulk_create`` in the caller's
transaction, and one task that enqueues each one's sending, so that a request which
cancels a 200-seat session or announces a change writes two statements, not 400."""

from django.conf import settings
from django_tasks import task

from .. import emails
from ..models import OutgoingEmail


def queue_many(rows):
    """Record ``rows`` (unsaved OutgoingEmail) and enqueue their sending, in the caller's
    transaction. Returns the saved rows."""
    created = OutgoingEmail.objects.bulk_create(rows, batch_size=500)
    if created:
        enqueue_sending.enqueue([row.pk for row in created])
    return created


@task(backend=settings.REGISTRATION_TASK_BACKEND)
def enqueue_sending(email_ids):
    """The worker's half: one ``send_email`` task per message (each sent once, retried)."""
    for email_id in email_ids:
        emails.send_email.enqueue(email_id)
    return len(email_ids)
