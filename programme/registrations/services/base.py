"""What every registration operation shares: finding the session, its registration
window, the session lock, the clash check and the change announcement.

Locking. Registering, cancelling and promoting in a session first lock that session's
``SessionQuota`` row with an UPDATE (a row lock on PostgreSQL; on SQLite, the first write
takes the database write lock, so a deferred transaction cannot read, then fail to write).
Under the lock: count confirmed, decide, write. A transaction locks at most one session,
and only afterwards attendee rows (to serialise one person's registrations for the clash
check): always quota then attendee, so no two transactions wait on each other in a cycle.
"""

from django.db import transaction
from django.db.models import F

from .. import sessions
from ..models import Registration, SessionCancellation, SessionQuota
from ..signals import registration_changed
from .availability import format_datetime
from .errors import RegistrationError

Status = Registration.Status


def resolve_session(page):
    """The SessionInfo of any language version of a session page."""
    session = sessions.resolve_session(page)
    if session is None:
        raise RegistrationError("not_registrable")
    return session


def check_window(session, now):
    """Refuse unless the session takes registrations at ``now``."""
    page = session.page
    if not page.registration_required or not page.capacity:
        raise RegistrationError("not_registrable")
    if SessionCancellation.objects.filter(session_key=session.key).exists():
        raise RegistrationError("session_cancelled")
    if session.closes_at is not None and now >= session.closes_at:
        raise RegistrationError("closed")
    if session.opens_at is not None and now < session.opens_at:
        raise RegistrationError("not_open", date=format_datetime(session.opens_at))


def normalise_email(email):
    return (email or "").strip().lower()


def lock_session(key):
    """Lock the session's quota row until the end of the transaction; return it."""
    if not SessionQuota.objects.filter(pk=key).update(last_sequence=F("last_sequence")):
        SessionQuota.objects.get_or_create(session_key=key)
        SessionQuota.objects.filter(pk=key).update(last_sequence=F("last_sequence"))
    return SessionQuota.objects.get(pk=key)


def has_clash(attendee, session, *, statuses=(Status.CONFIRMED,)):
    """Whether ``attendee`` holds a place in another session at the same time."""
    others = set(
        Registration.objects.filter(attendee=attendee, status__in=statuses)
        .exclude(session_key=session.key)
        .values_list("session_key", flat=True)
    )
    if not others:
        return False
    mine = session.timing
    return any(info.timing.clashes_with(mine) for info in sessions.resolve_keys(others).values())


def announce_change(key):
    """Send ``registration_changed`` for the session once the transaction commits."""
    transaction.on_commit(lambda: registration_changed.send(sender=Registration, session_key=key))
