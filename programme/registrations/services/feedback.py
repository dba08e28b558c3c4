"""Feedback after a session: the one invitation per registration, and the anonymous
answers.

``queue_feedback_requests`` (``manage.py send_feedback_requests``, hourly) invites the
confirmed registrants of the sessions that ended — at their end time, else at the end
of their day (no time of day is invented) — and no more than
``REGISTRATION_FEEDBACK_DAYS`` (14) days ago: one ``FeedbackRequest`` per registration
(unique: sent once, even when two runs overlap) and the e-mail, queued like the reminder
in the registration's language (emails.py, kind ``feedback``).

``submit`` records one answer: through a request's token, once (the request is locked
and marked answered in the same transaction); or from the session's page, for anyone
once the session has ended. The answer carries no link to the registration or the
person, and its date only (no time), so it cannot be matched with a request.
"""

import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programme.timing import aware, zone

from .. import emails
from ..models import Feedback, FeedbackRequest, OutgoingEmail, Registration
from ..sessions import resolve_keys


class FeedbackError(Exception):
    ALREADY = _("Vous avez déjà donné votre avis sur cette séance : merci !")
    NOT_YET = _("Vous pourrez donner votre avis à la fin de la séance.")

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def session_ended_at(timing):
    """When a session is over: its end time, else its day's end; None without a day."""
    if timing.date is None:
        return None
    if timing.end is not None:
        return aware(timing.date, timing.end)
    return aware(timing.date + timedelta(days=1))


def _day_of(now):
    """``now`` reduced to its day: an answer's date cannot be matched with a request's."""
    return datetime.combine(timezone.localtime(now, zone()).date(), time.min, tzinfo=zone())


def queue_feedback_requests(*, now, days=None):
    """Invite the registrants of the sessions that ended in the last ``days`` days;
    returns the e-mail ids queued."""
    days = settings.REGISTRATION_FEEDBACK_DAYS if days is None else days
    pending = Registration.objects.filter(status=Registration.Status.CONFIRMED, feedback_request__isnull=True)
    keys = set(pending.values_list("session_key", flat=True).distinct())
    due = []
    for key, info in resolve_keys(keys).items():
        ended = session_ended_at(info.timing)
        if ended is not None and ended <= now < ended + timedelta(days=days):
            due.append(key)
    queued = []
    for registration in pending.filter(session_key__in=due).select_related("attendee"):
        if registration.attendee.email.endswith("@anonyme.invalid"):
            continue  # personal data already deleted
        try:
            with transaction.atomic():
                FeedbackRequest.objects.create(
                    registration=registration, token=secrets.token_urlsafe(24), created_at=now
                )
                queued.append(emails.queue(OutgoingEmail.Kind.FEEDBACK, registration).pk)
        except IntegrityError:
            continue  # another run invited this registration meanwhile
    return queued


def submit(*, info, rating, take_home="", missing="", language="fr", token=None, now):
    """Record one answer about the session ``info`` (a SessionInfo). With ``token``, the
    answer of that request's registration, once; without, anyone's, after the session."""
    with transaction.atomic():
        if token is not None:
            request = FeedbackRequest.objects.select_for_update().filter(token=token).first()
            if request is None or request.registration.session_key != info.key:
                raise FeedbackError(FeedbackError.NOT_YET)
            if request.answered_at is not None:
                raise FeedbackError(FeedbackError.ALREADY)
            request.answered_at = _day_of(now)
            request.save(update_fields=["answered_at"])
        else:
            ended = session_ended_at(info.timing)
            if ended is None or now < ended:
                raise FeedbackError(FeedbackError.NOT_YET)
        return Feedback.objects.create(
            session_key=info.key,
            edition_key=info.edition_key,
            rating=rating,
            take_home=take_home,
            missing=missing,
            language=language,
            from_registrant=token is not None,
            created_at=_day_of(now),
        )
