"""Personal data: anonymising a person, the visitor's "delete my data", and the purge
of editions over for more than REGISTRATION_RETENTION_DAYS."""

import contextlib
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from home.models import EditionPage

from ..models import Attendee, OutgoingEmail, Registration, new_token
from .base import announce_change
from .errors import RegistrationError
from .registration import cancel


def anonymise(attendee, *, now):
    """Erase what identifies a person; registrations stay, as counts."""
    with transaction.atomic():
        attendee = Attendee.objects.select_for_update().get(pk=attendee.pk)
        OutgoingEmail.objects.filter(registration__attendee=attendee).delete()
        keys = set(attendee.registrations.values_list("session_key", flat=True))
        attendee.registrations.update(answers={}, submission_key="")
        attendee.first_name = attendee.last_name = attendee.organisation = ""
        attendee.email = f"anonyme-{attendee.pk}@anonyme.invalid"
        attendee.token = new_token()
        attendee.anonymised_at = now
        attendee.save()
        for key in keys:
            announce_change(key)
    return attendee


def delete_personal_data(attendee, *, now):
    """The visitor's "delete my data": free their places (promoting the people waiting),
    then anonymise them. Each cancellation is its own transaction (see the lock order).
    A place the person was checked in for stays (anonymised): they came, and the
    attendance report counts it."""
    live = attendee.registrations.filter(status__in=Registration.LIVE_STATUSES, checked_in_at__isnull=True)
    for registration in live:
        with contextlib.suppress(RegistrationError):  # cancelled meanwhile
            cancel(registration, now=now, notify=False)
    return anonymise(attendee, now=now)


def purge_expired(*, now, retention_days=None):
    """Anonymise every attendee of an edition that ended more than ``retention_days``
    ago (REGISTRATION_RETENTION_DAYS). When the edition's page no longer exists, the
    attendee's own creation date is used instead. Returns the number anonymised."""
    days = settings.REGISTRATION_RETENTION_DAYS if retention_days is None else retention_days
    today = timezone.localdate(now)
    pending = Attendee.objects.filter(anonymised_at__isnull=True)
    edition_keys = set(pending.values_list("edition_key", flat=True).distinct())
    ended = {
        edition.translation_key: edition.last_day
        for edition in EditionPage.objects.filter(translation_key__in=edition_keys)
    }
    count = 0
    for attendee in pending.iterator():
        last_day = ended.get(attendee.edition_key)
        if last_day is None:
            expired = attendee.created_at < now - timedelta(days=days)
        else:
            expired = today > last_day + timedelta(days=days)
        if expired:
            anonymise(attendee, now=now)
            count += 1
    return count
