"""Counting a session's registrations, and its live Availability from those counts."""

from django.db.models import Count, Q

from ..models import Registration
from ..sessions import SessionInfo
from .availability import compute_availability
from .base import resolve_session

Status = Registration.Status
# The attribute of the request that keeps the availabilities computed during it.
REQUEST_MEMO = "registration_availability"


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


def confirmed_count(key):
    """The places held in a session: confirmed, and offered to someone waiting (an offer
    holds its place until accepted or passed on, expired or not: services/offers.py)."""
    held = Q(status=Status.CONFIRMED) | Q(status=Status.WAITING, offered_until__isnull=False)
    return Registration.objects.filter(held, session_key=key).count()


def session_availability(session, now, counts=None, *, request=None):
    """The live state of a session (a SessionInfo or any page of it), counted afresh.

    Given ``request``, the answer is kept for the rest of that request: the registration
    panel and the page's metadata of one render share one count query. Nothing is kept
    beyond the request, so no process ever reuses a stale count."""
    if counts is not None:
        return compute_availability(_info(session), now, *counts)
    memo = request.__dict__.setdefault(REQUEST_MEMO, {}) if request is not None else {}
    # Both language versions of a session share its key (and its counts).
    key = session.key if isinstance(session, SessionInfo) else session.translation_key
    if key not in memo:
        info = _info(session)
        memo[key] = compute_availability(info, now, *session_counts([info.key])[info.key])
    return memo[key]


def _info(session):
    return session if isinstance(session, SessionInfo) else resolve_session(session)
