"""The reminder e-mail, a few days before a session."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .. import emails
from ..models import OutgoingEmail, Registration
from ..sessions import resolve_keys


def queue_reminders(*, now, days=None):
    """Queue the reminder for confirmed people whose session is between tomorrow and
    ``days`` days ahead (REGISTRATION_REMINDER_DAYS). People confirmed in the last 24
    hours just had their confirmation and are skipped. Returns the e-mail ids queued
    (the task worker sends them)."""
    days = settings.REGISTRATION_REMINDER_DAYS if days is None else days
    today = timezone.localdate(now)
    pending = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        confirmed_at__lt=now - timedelta(days=1),
    )
    keys = set(pending.values_list("session_key", flat=True).distinct())
    due = [
        key
        for key, info in resolve_keys(keys).items()
        if info.day is not None and today < info.day.date <= today + timedelta(days=days)
    ]
    queued = []
    with transaction.atomic():
        for registration in pending.filter(session_key__in=due).select_related("attendee"):
            registration.reminder_sent_at = now
            registration.save(update_fields=["reminder_sent_at"])
            queued.append(emails.queue(OutgoingEmail.Kind.REMINDER, registration).pk)
    return queued
