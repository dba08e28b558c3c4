"""Registering for several sessions of a day in one go (the day planner).

``register_many`` takes the visitor's choices (one session per slot at most, with the
answers to each session's questions) and registers them in one transaction:

1. before any lock, refuse what the form should not have let through: the same session
   twice, sessions of different editions, two chosen sessions that run at the same time
   (``Timing.clashes_with``, the one clash rule). Never trust the form;
2. lock every chosen session's ``SessionQuota`` row, in the order of their keys, and only
   then the person's ``Attendee`` row. Every other operation locks one session and then
   attendees, so with one fixed order of sessions no two transactions can wait on each
   other in a cycle (see ``base.py``);
3. under the locks, decide session by session: a confirmed place while there is one; when
   the session is full, its waiting list if the visitor asked for it (``if_full=WAIT``)
   and it has one, else it is dropped; a session that closed meanwhile, or that the
   address already holds (or a session at the same time), is dropped too, with its
   reason. The other sessions stand;
4. queue one e-mail (kind ``day_plan``) listing everything, with one calendar file.

Every registration of one submission carries the form's ``submission_key``: posting the
same form twice returns the first outcome (``replayed``), and the e-mail finds its
registrations by it.
"""

from dataclasses import dataclass, field
from itertools import combinations

from django.db import transaction

from .. import emails
from ..models import Attendee, OutgoingEmail, Registration, new_token
from .base import announce_change, check_window, has_clash, lock_session, normalise_email, resolve_session
from .counting import session_places_left
from .errors import RegistrationError
from .options import check_options
from .registration import get_or_create_attendee, write_registration

Status = Registration.Status
WAIT, DROP = "wait", "drop"


@dataclass(frozen=True)
class Choice:
    """One session the visitor chose (any language version of its page), and the answers
    to its questions."""

    page: object
    answers: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """What became of one choice: a registration (confirmed or waiting), or the
    RegistrationError code why it was dropped."""

    session: object  # SessionInfo
    registration: Registration | None = None
    dropped: str = ""

    @property
    def reason(self):
        return RegistrationError(self.dropped).message if self.dropped else ""


@dataclass(frozen=True)
class PlanResult:
    outcomes: list
    replayed: bool = False

    @property
    def registrations(self):
        return [outcome.registration for outcome in self.outcomes if outcome.registration is not None]


def clashing_pairs(sessions):
    """[(a, b)] of these SessionInfos that run at the same time."""
    return [(a, b) for a, b in combinations(sessions, 2) if a.timing.clashes_with(b.timing)]


def _validate(sessions):
    keys = [session.key for session in sessions]
    if not sessions or len(set(keys)) != len(keys):
        raise RegistrationError("plan_invalid")
    if len({session.edition_key for session in sessions}) != 1:
        raise RegistrationError("plan_invalid")
    if clashing_pairs(sessions):
        raise RegistrationError("plan_clash")


def _decide(session, attendee, answers, if_full, now):
    """The status this person gets in ``session`` (locked), or raises why not."""
    check_window(session, now)
    live = Registration.objects.filter(
        session_key=session.key, attendee=attendee, status__in=Registration.LIVE_STATUSES
    )
    if live.exists():
        raise RegistrationError("already_registered")
    if has_clash(attendee, session):
        raise RegistrationError("clash")
    if session_places_left(session) > 0:
        check_options(session, answers)
        return Status.CONFIRMED
    if session.page.waiting_list_enabled and if_full == WAIT:
        return Status.WAITING
    raise RegistrationError("full")


def _replay(attendee, submission_key, sessions):
    """The outcome of the same form posted before, or None."""
    previous = {
        r.session_key: r
        for r in Registration.objects.filter(attendee=attendee, submission_key=submission_key).select_related(
            "attendee"
        )
    }
    if not previous:
        return None
    return PlanResult(
        [
            Outcome(session, previous.get(session.key), "" if session.key in previous else "plan_dropped")
            for session in sessions
        ],
        replayed=True,
    )


def register_many(
    choices,
    *,
    email,
    first_name,
    last_name,
    now,
    organisation="",
    language="fr",
    submission_key="",
    if_full=WAIT,
):
    """Register one person for every chosen session at once (see the module docstring).
    Returns a PlanResult (an Outcome per choice, in the order given); raises
    RegistrationError only when the choices themselves are refused."""
    sessions = [resolve_session(choice.page) for choice in choices]
    _validate(sessions)
    answers = {session.key: choice.answers for session, choice in zip(sessions, choices, strict=True)}
    email = normalise_email(email)
    submission_key = submission_key or new_token()[:32]
    with transaction.atomic():
        quotas = {
            session.key: lock_session(session.key) for session in sorted(sessions, key=lambda s: str(s.key))
        }
        attendee, created = get_or_create_attendee(
            sessions[0], email, first_name, last_name, organisation, language, now
        )
        if not created:
            attendee = Attendee.objects.select_for_update().get(pk=attendee.pk)
            replayed = _replay(attendee, submission_key, sessions)
            if replayed is not None:
                return replayed
        outcomes = []
        for session in sessions:
            try:
                status = _decide(session, attendee, answers[session.key], if_full, now)
            except RegistrationError as error:
                outcomes.append(Outcome(session, dropped=error.code))
                continue
            registration = write_registration(
                quotas[session.key],
                session,
                attendee,
                status,
                now=now,
                language=language,
                answers=answers[session.key],
                submission_key=submission_key,
            )
            outcomes.append(Outcome(session, registration))
            announce_change(session.key)
        result = PlanResult(outcomes)
        if result.registrations:
            if not created:
                attendee.language = language
                attendee.consent_at = now
                attendee.save(update_fields=["language", "consent_at"])
            emails.queue(OutgoingEmail.Kind.DAY_PLAN, result.registrations[0])
    return result
