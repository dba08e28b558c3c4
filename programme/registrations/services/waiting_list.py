"""The waiting list: giving freed places to the people waiting, first come first served
(skipping, without losing their turn, those confirmed meanwhile in a session at the same
time), and their positions."""

from django.db import transaction

from .. import emails
from ..models import Attendee, OutgoingEmail, Registration
from ..sessions import SessionInfo, resolve_keys
from .base import announce_change, has_clash, lock_session, resolve_session
from .counting import session_places_left
from .errors import RegistrationError
from .offers import OFFER_MODE, make_offers_locked, promotion_stopped
from .options import fit_answers

Status = Registration.Status


def waiting_positions(registrations):
    """{registration pk: waiting-list position} for the waiting ones among these, in one
    query (exports and admin lists). One registration: ``Registration.waiting_position``."""
    keys = {r.session_key for r in registrations if r.status == Status.WAITING}
    positions, counters = {}, {}
    rows = (
        Registration.objects.filter(session_key__in=keys, status=Status.WAITING)
        .order_by("session_key", "sequence")
        .values_list("pk", "session_key")
    )
    for pk, key in rows:
        counters[key] = counters.get(key, 0) + 1
        positions[pk] = counters[key]
    return positions


def _confirm(registration, attendee, now, session):
    registration.status = Status.CONFIRMED
    registration.confirmed_at = now
    # An option taken meanwhile (the last bike) gives way to its alternative (options.py).
    registration.answers, _changed = fit_answers(session, registration.answers)
    registration.save(update_fields=["status", "confirmed_at", "answers"])
    registration.attendee = attendee
    emails.queue(OutgoingEmail.Kind.PROMOTION, registration)


def promote_locked(session, now, *, limit=None, manual=False):
    """Fill free places from the waiting list, first come first served. The session
    must be locked by the caller. Automatic promotion (not ``manual``: by a manager)
    stops at the session's close of registrations, and in "offer" mode offers the
    places instead (offers.py)."""
    page = session.page
    if not page.registration_required or session.is_over(now):
        return []
    if not manual and promotion_stopped(session, now):
        return []  # a place freed during the session is not given away
    if not manual and page.waiting_list_mode == OFFER_MODE:
        return make_offers_locked(session, now, limit=limit)
    free = session_places_left(session)
    promoted = []
    waiting = Registration.objects.filter(session_key=session.key, status=Status.WAITING).order_by("sequence")
    for registration in waiting:
        if free <= 0 or (limit is not None and len(promoted) >= limit):
            break
        attendee = Attendee.objects.select_for_update().get(pk=registration.attendee_id)
        if has_clash(attendee, session):
            continue
        _confirm(registration, attendee, now, session)
        promoted.append(registration)
        free -= 1
    return promoted


def promote_waiting_list(page, *, now, manual=False):
    """Give every free place of a session to the people waiting (after a cancellation
    made outside this module, or a capacity raised by an editor; ``manual``: a manager
    asks, which works after automatic promotion stopped too)."""
    session = page if isinstance(page, SessionInfo) else resolve_session(page)
    with transaction.atomic():
        lock_session(session.key)
        promoted = promote_locked(session, now, manual=manual)
        if promoted:
            announce_change(session.key)
    return promoted


def promote(registration, *, now):
    """An organiser gives a free place to one particular person on the waiting list."""
    with transaction.atomic():
        lock_session(registration.session_key)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status != Status.WAITING:
            raise RegistrationError("not_waiting")
        session = resolve_keys([registration.session_key]).get(registration.session_key)
        if session is None or session_places_left(session) <= 0:
            raise RegistrationError("no_place")
        attendee = Attendee.objects.select_for_update().get(pk=registration.attendee_id)
        if has_clash(attendee, session):
            raise RegistrationError("clash")
        _confirm(registration, attendee, now, session)
        announce_change(session.key)
    return registration
