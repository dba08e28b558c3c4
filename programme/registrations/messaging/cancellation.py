"""A session cancelled by the organisers.

Every live registration (confirmed or waiting) becomes "cancelled by the organisers"
in one transaction under the session lock, and each person gets an e-mail in their
language with the organisers' note and, for those who held a place, a ``.ics`` that
removes the entry (METHOD:CANCEL, STATUS:CANCELLED, same UID, next SEQUENCE). Nobody is
promoted: the session's places are not freed, and nothing moves in other sessions
(people keep the places they hold elsewhere; the freed time slot is theirs to use).
The session then takes no registration (``SessionCancellation``), until it is
published again."""

from django.db import transaction

from ..models import OutgoingEmail, Registration, SessionCancellation, SessionNotice
from ..services.base import announce_change, lock_session
from .outbox import queue_many

Status = Registration.Status


def live_registrations(key):
    return Registration.objects.filter(session_key=key, status__in=Registration.LIVE_STATUSES)


def cancel_session(key, *, note, now, user=None):
    """Cancel the session ``key`` and its registrations; returns how many were cancelled."""
    note = (note or "").strip()
    with transaction.atomic():
        lock_session(key)
        SessionCancellation.objects.update_or_create(
            session_key=key, defaults={"note": note, "cancelled_at": now, "cancelled_by": user}
        )
        # The public pages say so from now on (their live state is read afresh).
        announce_change(key)
        registrations = list(live_registrations(key).select_related("attendee"))
        if not registrations:
            return 0
        notice, _created = SessionNotice.objects.select_for_update().get_or_create(session_key=key)
        notice.sequence += 1
        notice.due_at = None  # a pending change notice would announce a cancelled session
        notice.save(update_fields=["sequence", "due_at"])
        Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
            status=Status.CANCELLED_BY_ORGANISERS, cancelled_at=now, checked_in_at=None
        )
        queue_many(
            [
                OutgoingEmail(
                    kind=OutgoingEmail.Kind.SESSION_CANCELLED,
                    registration=registration,
                    to=registration.attendee.email,
                    language=registration.language,
                    data={
                        "note": note,
                        "sequence": notice.sequence,
                        "had_place": registration.status == Status.CONFIRMED,
                    },
                )
                for registration in registrations
            ]
        )
    return len(registrations)


def reopen_session(key):
    """Publishing a cancelled session again lets it take registrations again (those
    cancelled stay cancelled)."""
    deleted, _by_model = SessionCancellation.objects.filter(session_key=key).delete()
    if deleted:
        announce_change(key)  # the public pages offer it again


def is_cancelled(key):
    return SessionCancellation.objects.filter(session_key=key).exists()
