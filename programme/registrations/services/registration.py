"""Registering for a session, and cancelling.

Registration window. Opens when the editor says, else at once. Closes when the editor
says, else at the session's start time on its day, else at midnight starting its day
(the programme often gives no time: lists are then final the evening before). Whatever
the editor says, registration is closed once the edition's last day is over, so past
editions stay an archive.

Clashes. One person (one e-mail) cannot hold confirmed places in two sessions of the same
day that share a slot number or whose times overlap. A partial unique constraint (one
live registration per attendee and session, attendees being unique per edition and
normalised e-mail) backs the session lock up at the database level.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from .. import emails
from ..models import Attendee, OutgoingEmail, Registration
from ..sessions import resolve_keys
from .base import announce_change, check_window, has_clash, lock_session, normalise_email, resolve_session
from .counting import session_places_left
from .errors import RegistrationError
from .options import check_options
from .waiting_list import promote_locked

Status = Registration.Status


@dataclass(frozen=True)
class RegistrationResult:
    registration: Registration
    replayed: bool = False


def get_or_create_attendee(session, email, first_name, last_name, organisation, language, now):
    """(attendee, created) for this e-mail in the session's edition."""
    return Attendee.objects.get_or_create(
        edition_key=session.edition_key,
        email=email,
        defaults={
            "first_name": first_name.strip(),
            "last_name": last_name.strip(),
            "organisation": organisation.strip(),
            "language": language,
            "consent_at": now,
        },
    )


def _existing(session, attendee, submission_key):
    """A replayed form's registration, or None; refuses a second registration or a clash."""
    existing = Registration.objects.filter(
        session_key=session.key, attendee=attendee, status__in=Registration.LIVE_STATUSES
    ).first()
    if existing is not None:
        if submission_key and existing.submission_key == submission_key:
            return existing
        raise RegistrationError("already_registered")
    if has_clash(attendee, session):
        raise RegistrationError("clash")
    return None


def _status(session):
    if session_places_left(session) > 0:
        return Status.CONFIRMED
    if session.page.waiting_list_enabled:
        return Status.WAITING
    raise RegistrationError("full")


def write_registration(quota, session, attendee, status, *, now, language, answers, submission_key):
    """Create the registration under the session's lock (``quota``, locked by the caller),
    with the session's next arrival number."""
    quota.last_sequence += 1
    quota.save(update_fields=["last_sequence"])
    try:
        with transaction.atomic():
            registration = Registration.objects.create(
                attendee=attendee,
                session_key=session.key,
                edition_key=session.edition_key,
                session=session.page,
                edition=session.edition,
                status=status,
                sequence=quota.last_sequence,
                language=language,
                answers=answers or {},
                submission_key=submission_key,
                created_at=now,
                confirmed_at=now if status == Status.CONFIRMED else None,
            )
    except IntegrityError as error:  # only reachable if the locks above were bypassed
        raise RegistrationError("already_registered") from error
    registration.attendee = attendee
    return registration


def register(
    page,
    *,
    email,
    first_name,
    last_name,
    now,
    organisation="",
    answers=None,
    language="fr",
    submission_key="",
):
    """Register someone for a session (any language version of its page): a confirmed
    place while there is one, else the waiting list when it is open. Raises
    RegistrationError. Posting the same form twice (same ``submission_key``) returns the
    first registration with ``replayed=True`` instead of refusing."""
    session = resolve_session(page)
    check_window(session, now)
    email = normalise_email(email)
    with transaction.atomic():
        quota = lock_session(session.key)
        attendee, created = get_or_create_attendee(
            session, email, first_name, last_name, organisation, language, now
        )
        if not created:
            attendee = Attendee.objects.select_for_update().get(pk=attendee.pk)
            replayed = _existing(session, attendee, submission_key)
            if replayed is not None:
                return RegistrationResult(replayed, replayed=True)
        status = _status(session)
        if status == Status.CONFIRMED:
            check_options(session, answers)
        registration = write_registration(
            quota,
            session,
            attendee,
            status,
            now=now,
            language=language,
            answers=answers,
            submission_key=submission_key,
        )
        if not created:
            attendee.language = language
            attendee.consent_at = now
            attendee.save(update_fields=["language", "consent_at"])
        registration.attendee = attendee
        emails.queue(
            OutgoingEmail.Kind.CONFIRMATION if status == Status.CONFIRMED else OutgoingEmail.Kind.WAITING,
            registration,
        )
        announce_change(session.key)
    return RegistrationResult(registration)


def cancel(registration, *, now, notify=True):
    """Cancel a confirmed place or leave a waiting list (declining a place offered from
    it). A freed place goes to the first person waiting, who is told by e-mail (or is
    offered it, in "offer" mode). Returns the promoted (or offered) registrations."""
    with transaction.atomic():
        lock_session(registration.session_key)
        registration = Registration.objects.select_related("attendee").get(pk=registration.pk)
        if not registration.is_live:
            raise RegistrationError("not_live")
        # A place offered from the waiting list and declined frees its place too.
        held_a_place = registration.status == Status.CONFIRMED or registration.offered_until is not None
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.checked_in_at = None
        registration.save(update_fields=["status", "cancelled_at", "checked_in_at"])
        if notify:
            emails.queue(OutgoingEmail.Kind.CANCELLATION, registration)
        promoted = []
        if held_a_place:
            session = resolve_keys([registration.session_key]).get(registration.session_key)
            if session is not None:
                promoted = promote_locked(session, now)
        announce_change(registration.session_key)
    return promoted
