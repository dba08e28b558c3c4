"""Ticking people as present on the day, and adding people at the door.

- ``record_check_in``: tick or untick one confirmed registration of a session. Idempotent: a
  person already present keeps the time of the first check-in (``changed`` is False, so
  the screen can say "déjà pointé·e à 14h02"), unticking someone absent changes nothing.
  So two volunteers at two doors, or a phone that resends taps it made offline, never
  double nor lose a check-in. The registration row is locked while deciding.
- ``check_in_by_code``: the same from a check-in code (the QR code's), refusing a code
  that is unknown, of another edition or of another session of this one.
- ``add_walk_in``: a person added at the door, under the session lock like a
  registration: a confirmed place while one remains (beyond capacity only with a
  manager's explicit override), checked in at once, recorded as a walk-in. No e-mail is
  sent (the person is there; an address is optional), and the registration window does
  not apply (it closes before the session starts).
- ``set_checked_in``: the admin list's button (returns the registration).
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction

from ..models import Attendee, Registration
from .base import announce_change, lock_session, normalise_email
from .counting import session_places_left
from .errors import RegistrationError
from .registration import get_or_create_attendee

Status = Registration.Status
# A tap made offline is recorded at the time it was made, if that time is plausible.
OFFLINE_LIMIT = timedelta(hours=24)
WALK_IN_DOMAIN = "sur-place.invalid"


@dataclass(frozen=True)
class CheckInResult:
    registration: Registration
    changed: bool


def tap_time(at, now):
    """The time to record for a tap made at ``at`` (the phone's clock): ``now`` unless
    ``at`` lies within the last OFFLINE_LIMIT, never in the future."""
    if at is None or at > now or at < now - OFFLINE_LIMIT:
        return now
    return at


def record_check_in(registration, *, present, now, at=None):
    """Tick (or untick) a confirmed person as present; see the module docstring."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Status.CONFIRMED:
            raise RegistrationError("not_confirmed")
        if present == (registration.checked_in_at is not None):
            return CheckInResult(registration, changed=False)
        registration.checked_in_at = tap_time(at, now) if present else None
        registration.save(update_fields=["checked_in_at"])
        announce_change(registration.session_key)
    return CheckInResult(registration, changed=True)


def set_checked_in(registration, *, present, now):
    """Tick (or untick) a confirmed person as present on the day."""
    return record_check_in(registration, present=present, now=now).registration


def find_by_code(code, session):
    """The registration of ``code`` for ``session`` (a SessionInfo). Raises
    RegistrationError: ``unknown_code``, ``other_edition`` or ``other_session`` (with the
    registration in ``params``, for the screen to say which session it holds)."""
    registration = (
        Registration.objects.select_related("attendee", "session").filter(check_in_code=code).first()
        if code
        else None
    )
    if registration is None:
        raise RegistrationError("unknown_code")
    if registration.edition_key != session.edition_key:
        raise RegistrationError("other_edition")
    if registration.session_key != session.key:
        error = RegistrationError("other_session")
        error.registration = registration
        raise error
    return registration


def check_in_by_code(code, session, *, present, now, at=None):
    return record_check_in(find_by_code(code, session), present=present, now=now, at=at)


def _walk_in_attendee(session, email, first_name, last_name, organisation, language, now):
    email = normalise_email(email) or f"sur-place-{secrets.token_hex(8)}@{WALK_IN_DOMAIN}"
    attendee, created = get_or_create_attendee(
        session, email, first_name, last_name, organisation, language, now
    )
    if not created:
        attendee = Attendee.objects.select_for_update().get(pk=attendee.pk)
        if Registration.objects.filter(
            session_key=session.key, attendee=attendee, status__in=Registration.LIVE_STATUSES
        ).exists():
            raise RegistrationError("walk_in_registered")
    return attendee


def add_walk_in(
    session, *, first_name, last_name, now, email="", organisation="", language="fr", override=False
):
    """Add a person at the door of ``session`` (a SessionInfo), checked in at once.
    ``override`` (a manager's choice, checked by the caller) allows it beyond capacity."""
    page = session.page
    if not page.registration_required or not page.capacity:
        raise RegistrationError("not_registrable")
    with transaction.atomic():
        quota = lock_session(session.key)
        if session_places_left(session) <= 0 and not override:
            raise RegistrationError("walk_in_full")
        attendee = _walk_in_attendee(session, email, first_name, last_name, organisation, language, now)
        quota.last_sequence += 1
        quota.save(update_fields=["last_sequence"])
        registration = Registration.objects.create(
            attendee=attendee,
            session_key=session.key,
            edition_key=session.edition_key,
            session=page,
            edition=session.edition,
            status=Status.CONFIRMED,
            sequence=quota.last_sequence,
            language=language,
            created_at=now,
            confirmed_at=now,
            checked_in_at=now,
            walk_in=True,
        )
        announce_change(session.key)
    return registration
