"""Counting a session's registrations, and its live Availability from those counts.

One rule for the places a session holds, used by the public pages and by the services
under the lock alike: confirmed registrations, and offers made from the waiting list
(``HELD``: an offer holds its place until accepted or passed on, services/offers.py)."""

from typing import NamedTuple

from django.db.models import Count, IntegerField, Q, Value

from ..models import Registration, SessionCancellation
from ..sessions import SessionInfo
from .availability import compute_availability, free_places
from .base import resolve_session

Status = Registration.Status
# The attribute of the request that keeps the availabilities computed during it.
REQUEST_MEMO = "registration_availability"


CONFIRMED = Q(status=Status.CONFIRMED)
# Waiting, with a place offered (expired or not: held until ``expire_offers`` passes it on).
OFFERED = Q(status=Status.WAITING, offered_until__isnull=False)
HELD = CONFIRMED | OFFERED


class LiveCounts(NamedTuple):
    """What a session's live state depends on besides its settings and the time."""

    confirmed: int
    waiting: int  # offers included: they are still on the list
    offered: int = 0
    cancelled: bool = False  # by the organisers (SessionCancellation)


def _registration_rows(keys):
    return (
        Registration.objects.filter(session_key__in=list(keys))
        .values("session_key")
        .annotate(
            confirmed=Count("pk", filter=CONFIRMED),
            waiting=Count("pk", filter=Q(status=Status.WAITING)),
        )
    )


def session_counts(keys):
    """{key: (confirmed, waiting)} in one query (lists and exports)."""
    counts = dict.fromkeys(keys, (0, 0))
    counts.update(
        {row["session_key"]: (row["confirmed"], row["waiting"]) for row in _registration_rows(keys)}
    )
    return counts


def live_state(keys):
    """{key: LiveCounts} in ONE query, the organisers' cancellations included (a union:
    a cancelled session may have no registration row at all)."""
    keys = list(keys)
    zero = Value(0, output_field=IntegerField())
    rows = (
        _registration_rows(keys)
        .annotate(offered=Count("pk", filter=OFFERED), cancelled=zero)
        .values_list("session_key", "confirmed", "waiting", "offered", "cancelled")
        .order_by()
    )
    cancellations = (
        SessionCancellation.objects.filter(session_key__in=keys)
        .annotate(confirmed=zero, waiting=zero, offered=zero, cancelled=Value(1, output_field=IntegerField()))
        .values_list("session_key", "confirmed", "waiting", "offered", "cancelled")
        .order_by()
    )
    found = {key: [0, 0, 0, 0] for key in keys}
    for key, *values in rows.union(cancellations, all=True):
        found[key] = [total + value for total, value in zip(found[key], values, strict=True)]
    return {
        key: LiveCounts(confirmed, waiting, offered, bool(cancelled))
        for key, (confirmed, waiting, offered, cancelled) in found.items()
    }


def held_count(key):
    """The places held in a session (``HELD``)."""
    return Registration.objects.filter(HELD, session_key=key).count()


def session_places_left(session):
    """The places left in ``session`` (a SessionInfo), counted now: what the services
    decide on under the session's lock, by the rule the pages show (``free_places``)."""
    return free_places(session.page.capacity, held_count(session.key))


def session_availability(session, now, counts=None, *, request=None):
    """The live state of a session (a SessionInfo or any page of it), counted afresh
    (``live_state``); ``counts``: a LiveCounts (or a (confirmed, waiting) pair) already read.

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
        memo[key] = compute_availability(info, now, *live_state([info.key])[info.key])
    return memo[key]


def _info(session):
    return session if isinstance(session, SessionInfo) else resolve_session(session)
