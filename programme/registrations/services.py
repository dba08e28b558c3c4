"""Registration business rules: every change to registrations goes through here.

Shape (after pretix's services): plain module-level functions; ``now`` is passed in; each
operation validates, then in one transaction locks, re-checks and writes; e-mails and the
``registration_changed`` signal go out after commit. Every message a visitor can see is
defined once, in ``RegistrationError.MESSAGES``.

Identity. A session is its pages' ``translation_key``: the French and English pages of a
workshop share one key, hence one capacity and one list. Its settings (capacity, dates,
waiting list) are read from the French (default-locale) version, whatever page the visitor
is on; ``resolve_session`` does that.

Locking. Registering, cancelling and promoting in a session first lock that session's
``SessionQuota`` row with an UPDATE (a row lock on PostgreSQL; on SQLite, the first write
takes the database write lock, so a deferred transaction cannot read, then fail to write).
Under the lock: count confirmed, decide, write. A transaction locks at most one session,
and only afterwards attendee rows (to serialise one person's registrations for the clash
check): always quota then attendee, so no two transactions wait on each other in a cycle.
A partial unique constraint (one live registration per attendee and session, attendees
being unique per edition and normalised e-mail) backs this up at the database level.

Registration window. Opens when the editor says, else at once. Closes when the editor
says, else at the session's start time on its day, else at midnight starting its day
(the programme often gives no time: lists are then final the evening before). Whatever
the editor says, registration is closed once the edition's last day is over, so past
editions stay an archive.

Clashes. One person (one e-mail) cannot hold confirmed places in two sessions of the same
day that share a slot number or whose times overlap. Joining a waiting list is checked the
same way; when a place frees up, a waiting person who has since been confirmed elsewhere at
the same time is skipped (and keeps their place in the queue).
"""

import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from home.models import EditionPage

from . import conf, emails
from . import sessions as sessions_module
from .models import Attendee, OutgoingEmail, Registration, SessionQuota, new_token
from .sessions import SessionInfo, resolve_keys
from .signals import registration_changed

logger = logging.getLogger(__name__)

Status = Registration.Status


class RegistrationError(Exception):
    """A refusal the visitor or organiser can understand; ``code`` is for programs."""

    MESSAGES = {
        "not_registrable": _("Cette séance ne prend pas d'inscription en ligne."),
        "not_open": _("Les inscriptions à cette séance ouvriront le %(date)s."),
        "closed": _("Les inscriptions à cette séance sont closes."),
        "full": _("Cette séance est complète."),
        "already_registered": _(
            "Cette adresse e-mail est déjà inscrite à cette séance, ou sur sa liste d'attente. "
            "Le lien personnel reçu par e-mail permet de retrouver et de gérer l'inscription."
        ),
        "clash": _(
            "Cette adresse e-mail est déjà inscrite à une autre séance qui a lieu en même temps. "
            "Pour choisir celle-ci, annulez d'abord l'autre avec le lien personnel reçu par e-mail."
        ),
        "not_live": _("Cette inscription est déjà annulée."),
        "not_waiting": _("Cette inscription n'est pas sur la liste d'attente."),
        "not_confirmed": _("Seule une inscription confirmée peut être pointée."),
        "no_place": _("Aucune place n'est libre : augmentez d'abord le nombre de places de la séance."),
        "rate_limited": _(
            "Trop de demandes depuis votre connexion. Merci de réessayer dans quelques minutes."
        ),
        "spam": _("Votre demande n'a pas pu être traitée."),
    }

    def __init__(self, code, **params):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self):
        """The message, translated into the active language when it is read."""
        text = str(self.MESSAGES[self.code])
        return text % self.params if self.params else text

    def __str__(self):
        return self.message


def resolve_session(page):
    """The SessionInfo of any language version of a session page."""
    session = sessions_module.resolve_session(page)
    if session is None:
        raise RegistrationError("not_registrable")
    return session


# --- Availability -----------------------------------------------------------------


@dataclass(frozen=True)
class Availability:
    """What the session page shows, computed from the database on every request."""

    NOT_REQUIRED = "not_required"
    NOT_OPEN = "not_open"
    OPEN = "open"
    WAITING_LIST = "waiting_list"
    FULL = "full"
    CLOSED = "closed"

    state: str
    capacity: int
    confirmed: int
    waiting: int
    opens_at: datetime | None
    closes_at: datetime | None

    @property
    def places_left(self):
        return max(0, self.capacity - self.confirmed)

    @property
    def accepts_registrations(self):
        return self.state in (self.OPEN, self.WAITING_LIST)

    @property
    def label(self):
        """The state in words, in the active language."""
        if self.state == self.OPEN:
            return ngettext("%(count)s place restante", "%(count)s places restantes", self.places_left) % {
                "count": self.places_left
            }
        if self.state == self.WAITING_LIST:
            return str(_("Complet – liste d'attente ouverte"))
        if self.state == self.FULL:
            return str(_("Complet"))
        if self.state == self.NOT_OPEN:
            return str(_("Inscriptions à partir du %(date)s")) % {"date": format_datetime(self.opens_at)}
        if self.state == self.CLOSED:
            return str(_("Inscriptions closes"))
        return ""


def format_datetime(value):
    if value is None:
        return ""
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def session_counts(keys):
    """{key: (confirmed, waiting)} in one query."""
    rows = (
        Registration.objects.filter(session_key__in=list(keys))
        .values("session_key")
        .annotate(
            confirmed=Count("pk", filter=Q(status=Status.CONFIRMED)),
            waiting=Count("pk", filter=Q(status=Status.WAITING)),
        )
    )
    counts = dict.fromkeys(keys, (0, 0))
    counts.update({row["session_key"]: (row["confirmed"], row["waiting"]) for row in rows})
    return counts


def availability(session, now, counts=None):
    """The live state of a session (a SessionInfo or any page of it).

    Given a page (as the session page's template tags do), the answer is kept on that
    page object: the registration panel and the page's metadata share one count query
    per render. A SessionInfo (views, admin) is always counted afresh."""
    if not isinstance(session, SessionInfo):
        shown = session
        stamp = (_registration_writes[0], now.replace(second=0, microsecond=0))
        memo = shown.__dict__.get("_registration_availability") if counts is None else None
        if memo is not None and memo[0] == stamp:
            return memo[1]
        result = availability(resolve_session(shown), now, counts)
        if counts is None:
            shown.__dict__["_registration_availability"] = (stamp, result)
        return result
    page = session.page
    confirmed, waiting = counts if counts is not None else session_counts([session.key])[session.key]
    capacity = page.capacity or 0
    if not page.registration_required or capacity <= 0:
        state = Availability.NOT_REQUIRED
    elif session.closes_at is not None and now >= session.closes_at:
        state = Availability.CLOSED
    elif session.opens_at is not None and now < session.opens_at:
        state = Availability.NOT_OPEN
    elif confirmed < capacity:
        state = Availability.OPEN
    elif page.waiting_list_enabled:
        state = Availability.WAITING_LIST
    else:
        state = Availability.FULL
    return Availability(
        state=state,
        capacity=capacity,
        confirmed=confirmed,
        waiting=waiting,
        opens_at=session.opens_at,
        closes_at=session.closes_at,
    )


def _check_window(session, now):
    page = session.page
    if not page.registration_required or not page.capacity:
        raise RegistrationError("not_registrable")
    if session.closes_at is not None and now >= session.closes_at:
        raise RegistrationError("closed")
    if session.opens_at is not None and now < session.opens_at:
        raise RegistrationError("not_open", date=format_datetime(session.opens_at))


# --- Writing ----------------------------------------------------------------------


def normalise_email(email):
    return (email or "").strip().lower()


# Bumped on every write to a registration in this process: a page's memoised
# availability (see ``availability``) is only reused while it has not moved.
_registration_writes = [0]


def _registration_written(**kwargs):
    _registration_writes[0] += 1


post_save.connect(_registration_written, sender=Registration, dispatch_uid="registrations.writes.saved")
post_delete.connect(_registration_written, sender=Registration, dispatch_uid="registrations.writes.deleted")


def _lock_session(key):
    _registration_written()
    """Lock the session's quota row until the end of the transaction; return it."""
    if not SessionQuota.objects.filter(pk=key).update(last_sequence=F("last_sequence")):
        SessionQuota.objects.get_or_create(session_key=key)
        SessionQuota.objects.filter(pk=key).update(last_sequence=F("last_sequence"))
    return SessionQuota.objects.get(pk=key)


def _confirmed_count(key):
    return Registration.objects.filter(session_key=key, status=Status.CONFIRMED).count()


def _has_clash(attendee, session, *, statuses=(Status.CONFIRMED,)):
    others = set(
        Registration.objects.filter(attendee=attendee, status__in=statuses)
        .exclude(session_key=session.key)
        .values_list("session_key", flat=True)
    )
    if not others:
        return False
    mine = session.timing
    return any(info.timing.clashes_with(mine) for info in resolve_keys(others).values())


def _announce_change(key):
    transaction.on_commit(lambda: registration_changed.send(sender=Registration, session_key=key))


@dataclass(frozen=True)
class RegistrationResult:
    registration: Registration
    replayed: bool = False

    @property
    def position(self):
        return waiting_position(self.registration)


def waiting_position(registration):
    """1 for the first person waiting; None when not waiting. Never has gaps."""
    if registration.status != Status.WAITING:
        return None
    return (
        Registration.objects.filter(
            session_key=registration.session_key, status=Status.WAITING, sequence__lt=registration.sequence
        ).count()
        + 1
    )


def waiting_positions(registrations):
    """{registration pk: waiting-list position} for the waiting ones among these, in one
    query (exports and admin lists)."""
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
    _check_window(session, now)
    email = normalise_email(email)
    with transaction.atomic():
        quota = _lock_session(session.key)
        attendee, created = Attendee.objects.get_or_create(
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
        if not created:
            attendee = Attendee.objects.select_for_update().get(pk=attendee.pk)
            existing = Registration.objects.filter(
                session_key=session.key, attendee=attendee, status__in=Registration.LIVE_STATUSES
            ).first()
            if existing is not None:
                if submission_key and existing.submission_key == submission_key:
                    return RegistrationResult(existing, replayed=True)
                raise RegistrationError("already_registered")
            if _has_clash(attendee, session):
                raise RegistrationError("clash")

        if _confirmed_count(session.key) < session.page.capacity:
            status = Status.CONFIRMED
        elif session.page.waiting_list_enabled:
            status = Status.WAITING
        else:
            raise RegistrationError("full")

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
        if not created:
            attendee.language = language
            attendee.consent_at = now
            attendee.save(update_fields=["language", "consent_at"])
        registration.attendee = attendee
        emails.queue(
            OutgoingEmail.Kind.CONFIRMATION if status == Status.CONFIRMED else OutgoingEmail.Kind.WAITING,
            registration,
        )
        _announce_change(session.key)
    return RegistrationResult(registration)


def _promote_locked(session, now, *, limit=None):
    """Fill free places from the waiting list, first come first served. The session
    must be locked by the caller."""
    page = session.page
    if not page.registration_required or session.is_over(now):
        return []
    free = (page.capacity or 0) - _confirmed_count(session.key)
    promoted = []
    waiting = Registration.objects.filter(session_key=session.key, status=Status.WAITING).order_by("sequence")
    for registration in waiting:
        if free <= 0 or (limit is not None and len(promoted) >= limit):
            break
        attendee = Attendee.objects.select_for_update().get(pk=registration.attendee_id)
        if _has_clash(attendee, session):
            continue
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        registration.attendee = attendee
        emails.queue(OutgoingEmail.Kind.PROMOTION, registration)
        promoted.append(registration)
        free -= 1
    return promoted


def cancel(registration, *, now, notify=True):
    """Cancel a confirmed place or leave a waiting list. A freed place goes to the first
    person waiting, who is told by e-mail. Returns the promoted registrations."""
    with transaction.atomic():
        _lock_session(registration.session_key)
        registration = Registration.objects.select_related("attendee").get(pk=registration.pk)
        if not registration.is_live:
            raise RegistrationError("not_live")
        was_confirmed = registration.status == Status.CONFIRMED
        registration.status = Status.CANCELLED
        registration.cancelled_at = now
        registration.checked_in_at = None
        registration.save(update_fields=["status", "cancelled_at", "checked_in_at"])
        if notify:
            emails.queue(OutgoingEmail.Kind.CANCELLATION, registration)
        promoted = []
        if was_confirmed:
            session = resolve_keys([registration.session_key]).get(registration.session_key)
            if session is not None:
                promoted = _promote_locked(session, now)
        _announce_change(registration.session_key)
    return promoted


def promote_waiting_list(page, *, now):
    """Give every free place of a session to the people waiting (after a cancellation
    made outside this module, or a capacity raised by an editor)."""
    session = page if isinstance(page, SessionInfo) else resolve_session(page)
    with transaction.atomic():
        _lock_session(session.key)
        promoted = _promote_locked(session, now)
        if promoted:
            _announce_change(session.key)
    return promoted


def promote(registration, *, now):
    """An organiser gives a free place to one particular person on the waiting list."""
    with transaction.atomic():
        _lock_session(registration.session_key)
        registration = Registration.objects.get(pk=registration.pk)
        if registration.status != Status.WAITING:
            raise RegistrationError("not_waiting")
        session = resolve_keys([registration.session_key]).get(registration.session_key)
        if session is None or _confirmed_count(session.key) >= (session.page.capacity or 0):
            raise RegistrationError("no_place")
        attendee = Attendee.objects.select_for_update().get(pk=registration.attendee_id)
        if _has_clash(attendee, session):
            raise RegistrationError("clash")
        registration.status = Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        registration.attendee = attendee
        emails.queue(OutgoingEmail.Kind.PROMOTION, registration)
        _announce_change(session.key)
    return registration


def set_checked_in(registration, *, present, now):
    """Tick (or untick) a confirmed person as present on the day."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Status.CONFIRMED:
            raise RegistrationError("not_confirmed")
        registration.checked_in_at = now if present else None
        registration.save(update_fields=["checked_in_at"])
        _announce_change(registration.session_key)
    return registration


# --- Personal data ----------------------------------------------------------------


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
            _announce_change(key)
    return attendee


def delete_personal_data(attendee, *, now):
    """The visitor's "delete my data": free their places (promoting the people waiting),
    then anonymise them. Each cancellation is its own transaction (see the lock order)."""
    for registration in attendee.registrations.filter(status__in=Registration.LIVE_STATUSES):
        with contextlib.suppress(RegistrationError):  # cancelled meanwhile
            cancel(registration, now=now, notify=False)
    return anonymise(attendee, now=now)


def purge_expired(*, now, retention_days=None):
    """Anonymise every attendee of an edition that ended more than ``retention_days``
    ago (REGISTRATION_RETENTION_DAYS). When the edition's page no longer exists, the
    attendee's own creation date is used instead. Returns the number anonymised."""
    days = conf.get("REGISTRATION_RETENTION_DAYS") if retention_days is None else retention_days
    today = timezone.localdate(now)
    pending = Attendee.objects.filter(anonymised_at__isnull=True)
    edition_keys = set(pending.values_list("edition_key", flat=True).distinct())
    ended = {}
    for edition in EditionPage.objects.filter(translation_key__in=edition_keys):
        ended[edition.translation_key] = edition.last_day
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


# --- Reminders --------------------------------------------------------------------


def queue_reminders(*, now, days=None):
    """Queue the reminder for confirmed people whose session is between tomorrow and
    ``days`` days ahead (REGISTRATION_REMINDER_DAYS). People confirmed in the last 24
    hours just had their confirmation and are skipped. Returns the e-mail ids queued;
    deliver them with ``emails.deliver``."""
    days = conf.get("REGISTRATION_REMINDER_DAYS") if days is None else days
    today = timezone.localdate(now)
    pending = Registration.objects.filter(
        status=Status.CONFIRMED, reminder_sent_at__isnull=True, confirmed_at__lt=now - timedelta(days=1)
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
            queued.append(emails.queue(OutgoingEmail.Kind.REMINDER, registration, send_after_commit=False).pk)
    return queued
