"""The waiting list's "offer" mode: a freed place is offered to the first person waiting,
who has ``offer_hours`` (12 by default) to accept it with the link of the e-mail; then it
passes to the next person.

- An offer is a waiting registration with ``offered_until`` set. It holds its place
  (``counting.HELD``: the pages and the services count it alike) until accepted, or until ``expire_offers``
  passes it on, even past its deadline: nobody new takes a place meant for the list.
- An offer never runs past the end of automatic promotion: the session's close of
  registrations (the editor's date, else its start). After that no offer is made.
- Expired: the person leaves the list (their registration is cancelled, they are told by
  e-mail) and the place is offered to the next one. ``manage.py expire_offers`` runs it
  (cron, every 10 minutes: deploy/crontab).

Lock order as everywhere: the session, then attendees.
"""

from datetime import timedelta

from django.db import transaction

from .. import emails
from ..models import Attendee, OutgoingEmail, Registration
from ..sessions import resolve_keys
from .base import announce_change, has_clash, lock_session
from .counting import session_places_left
from .errors import RegistrationError
from .options import fit_answers

Status = Registration.Status
OFFER_MODE = "offer"


def promotion_stopped(session, now):
    """Whether automatic promotion is over for the session: from its close of
    registrations (the editor's date, else its start time) on, only a manager promotes."""
    closes = session.closes_at
    return session.is_over(now) or (closes is not None and now >= closes)


def offer_deadline(session, now):
    deadline = now + timedelta(hours=session.page.offer_hours or 12)
    closes = session.closes_at
    return min(deadline, closes) if closes is not None else deadline


def make_offers_locked(session, now, *, limit=None):
    """Offer every free place to the next people waiting (the session is locked)."""
    free = session_places_left(session)
    offered = []
    waiting = Registration.objects.filter(
        session_key=session.key, status=Status.WAITING, offered_until__isnull=True
    ).order_by("sequence")
    for registration in waiting:
        if free <= 0 or (limit is not None and len(offered) >= limit):
            break
        attendee = Attendee.objects.select_for_update().get(pk=registration.attendee_id)
        if has_clash(attendee, session):
            continue
        registration.offered_until = offer_deadline(session, now)
        registration.save(update_fields=["offered_until"])
        registration.attendee = attendee
        emails.queue(OutgoingEmail.Kind.OFFER, registration)
        offered.append(registration)
        free -= 1
    return offered


def accept_offer(registration, *, now):
    """The person accepts the place offered to them (before the deadline)."""
    with transaction.atomic():
        lock_session(registration.session_key)
        registration = Registration.objects.select_related("attendee").get(pk=registration.pk)
        if registration.status != Status.WAITING or registration.offered_until is None:
            raise RegistrationError("not_offered")
        if now >= registration.offered_until:
            raise RegistrationError("offer_expired")
        session = resolve_keys([registration.session_key]).get(registration.session_key)
        if session is None:
            raise RegistrationError("not_registrable")
        attendee = Attendee.objects.select_for_update().get(pk=registration.attendee_id)
        if has_clash(attendee, session):
            raise RegistrationError("clash")
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.offered_until = None
        registration.answers, _changed = fit_answers(session, registration.answers)
        registration.save(update_fields=["status", "confirmed_at", "offered_until", "answers"])
        registration.attendee = attendee
        emails.queue(OutgoingEmail.Kind.PROMOTION, registration)
        announce_change(session.key)
    return registration


def expire_offers(*, now):
    """Pass on every offer past its deadline: its person leaves the list (told by
    e-mail), the place goes to the next one while promotion lasts. Returns the number
    of offers expired. One transaction per session."""
    keys = set(
        Registration.objects.filter(status=Status.WAITING, offered_until__lte=now).values_list(
            "session_key", flat=True
        )
    )
    expired = 0
    for key in keys:
        with transaction.atomic():
            lock_session(key)
            overdue = Registration.objects.filter(
                session_key=key, status=Status.WAITING, offered_until__lte=now
            ).select_related("attendee")
            for registration in overdue:
                registration.status = Status.CANCELLED
                registration.cancelled_at = now
                registration.save(update_fields=["status", "cancelled_at"])
                emails.queue(OutgoingEmail.Kind.CANCELLATION, registration)
                expired += 1
            # The places they held are free now: offered to the next, while promotion lasts.
            Registration.objects.filter(
                session_key=key, status=Status.CANCELLED, offered_until__lte=now
            ).update(offered_until=None)
            session = resolve_keys([key]).get(key)
            if session is not None and not promotion_stopped(session, now):
                make_offers_locked(session, now)
            announce_change(key)
    return expired
