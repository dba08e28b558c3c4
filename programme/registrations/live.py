"""The live registration state in pages that are cached: placeholders written while a
page renders, filled when it is served.

A session page's registration panel (places left, "complet", waiting list, the button)
and the ``availability`` of its schema.org offer change with every registration, while
the rest of the page changes only when an editor publishes. So the page is rendered with
a *placeholder* where the live state goes, the page cache stores it as it is, and every
response (cache hit, miss, or a page that is never cached) goes through :func:`fill`,
which replaces the placeholders with the state at that moment: one query counting the
registrations of every session on the page, whatever their number, and whether the
organisers cancelled it (``counting.live_state``: a cancelled session shows "Séance
annulée par les organisateurs" and no button; an offer running from the waiting list
counts as a place taken, as the services count it). The counts are kept
in the shared cache per session (``live_counts``) until that session's next
``registration_changed`` deletes them, and for ``COUNTS_TIMEOUT`` seconds at most: a
count read just before a change and stored just after its deletion is the only stale
one, and it lives five seconds at most.

A placeholder carries what the state depends on besides the counts, all of it content
(the cached page is invalidated when it changes): the session's key, the language, the
page id of its form, its capacity, whether it has a waiting list, and its registration
window (epoch seconds). Two forms:

- in HTML, a comment ``<!--ectl-live PAYLOAD SIGNATURE-->`` (kind ``panel``: the session
  page's panel; kind ``card``: the registration line of its card on the day page, made
  from the card's page alone, window left empty);
- in the JSON-LD of the page's ``<head>``, a member ``"ectl-live PAYLOAD SIGNATURE": 0,``
  placed right after the offer's ``@type``, replaced by ``"availability": "…",`` (or by
  nothing when the state has no schema.org availability).

Nobody can forge one: the payload is made of ``[a-z0-9.-]`` only, the signature is an
HMAC of it under ``SECRET_KEY`` (a comment or member with a wrong signature is left as it
is), and text from editors cannot produce ``<!--`` in HTML (escaped) nor an unescaped
quote in JSON.
"""

import hashlib
import hmac
import re
import uuid
from datetime import UTC, datetime
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from .services.availability import Availability, compute_availability
from .services.counting import LiveCounts, live_state
from .sessions import resolve_session

INFO_MEMO = "registration_session_info"
PANEL = "panel"
OFFER = "offer"
CARD = "card"
KINDS = (PANEL, OFFER, CARD)
# What the schema.org offer says of each state; other states (closed, cancelled) say
# nothing.
OFFER_AVAILABILITY = {
    Availability.OPEN: "https://schema.org/InStock",
    Availability.WAITING_LIST: "https://schema.org/SoldOut",
    Availability.FULL: "https://schema.org/SoldOut",
    Availability.NOT_OPEN: "https://schema.org/PreSale",
}

_PAYLOAD = rb"([a-z]+)\.([0-9a-f-]{36})\.([a-z-]{2,10})\.([0-9]+)\.([0-9]+)\.([01])\.([0-9]*)\.([0-9]*)"
_HTML = re.compile(rb"<!--ectl-live (" + _PAYLOAD + rb") ([0-9a-f]{32})-->")
_JSON = re.compile(rb'"ectl-live (' + _PAYLOAD + rb') ([0-9a-f]{32})": 0, ')
# Cheap test before any regular expression: most responses have no placeholder.
MARK = b"ectl-live "
# The counts of a session, kept in the shared cache until its next change (deleted by
# ``forget_counts`` after commit) and at most this many seconds.
COUNTS_KEY = "registrations:live-counts:v2:{}"
COUNTS_TIMEOUT = 5


def _sign(payload):
    key = hashlib.sha256(b"ectl-live|" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()[:32]


def _epoch(value):
    return str(int(value.timestamp())) if value is not None else ""


def _marker(kind, key, language, form_pk, page, opens_at=None, closes_at=None):
    payload = ".".join(
        [
            kind,
            str(key),
            language,
            str(form_pk),
            str(page.capacity or 0),
            "1" if page.waiting_list_enabled else "0",
            _epoch(opens_at),
            _epoch(closes_at),
        ]
    )
    return f"ectl-live {payload} {_sign(payload)}"


def _signed(kind, info, language, form_page=None):
    # The settings are the default-language page's; the form is the shown page's own.
    page = info.page
    return _marker(kind, info.key, language, (form_page or page).pk, page, info.opens_at, info.closes_at)


def session_info(page):
    """The SessionInfo of a session page, kept on the page object for the rest of its
    render: the panel and the page's metadata share it (no second lookup)."""
    if INFO_MEMO not in page.__dict__:
        page.__dict__[INFO_MEMO] = resolve_session(page)
    return page.__dict__[INFO_MEMO]


def panel_placeholder(info, language, form_page=None):
    """The HTML comment standing for the live part of a session's registration panel;
    ``info`` is the SessionInfo whose settings count (its default-language page),
    ``form_page`` the page shown (its form is in its language), by default that one."""
    return mark_safe(f"<!--{_signed(PANEL, info, language, form_page)}-->")  # noqa: S308 (only [a-z0-9.- ])


def card_placeholder(page, language):
    """The HTML comment standing for the registration line of a session's card on its day
    page (the capacity, or that the organisers cancelled it). Made from the page alone
    (no query, whatever the number of cards): the card shows no window nor places left."""
    marker = _marker(CARD, page.translation_key, language, page.pk, page)
    return mark_safe(f"<!--{marker}-->")  # noqa: S308 (only [a-z0-9.- ])


def offer_member(info, language):
    """The JSON-LD member name standing for an offer's availability (value: 0)."""
    return _signed(OFFER, info, language)


# --- Counts --------------------------------------------------------------------------


def live_counts(keys, read=None):
    """{key: LiveCounts} (confirmed, waiting, offered, cancelled by the organisers): from
    the shared cache, the missing ones from the database in one query (then cached). Without a reachable cache: the query.
    ``read``: what the caller already read of the shared cache in its own round trip
    (the page cache reads a page and its counts together); then nothing more is read."""
    wanted = {COUNTS_KEY.format(key): key for key in keys}
    if read is None:
        found = cache.get_many(list(wanted))
    else:
        found = {cache_key: read[cache_key] for cache_key in wanted if cache_key in read}
    counts = {wanted[cache_key]: LiveCounts(*value) for cache_key, value in found.items()}
    missing = [key for key in keys if key not in counts]
    if missing:
        fresh = live_state(missing)
        cache.set_many({COUNTS_KEY.format(key): tuple(fresh[key]) for key in missing}, COUNTS_TIMEOUT)
        counts.update(fresh)
    return counts


def forget_counts(session_key=None, **kwargs):
    """Connected to ``registration_changed`` (sent after commit by every registration
    change, and by the organisers cancelling or re-opening the session): the next page
    served counts that session afresh."""
    if session_key is not None:
        cache.delete(COUNTS_KEY.format(session_key))


# --- Serving -------------------------------------------------------------------------


class _Live:
    """One placeholder, parsed: what compute_availability needs, and the form's page."""

    def __init__(self, match):
        kind, key, language, page_id, capacity, waiting, opens, closes = (
            group.decode() for group in match.groups()[1:9]
        )
        self.kind, self.key, self.language, self.page_id = kind, uuid.UUID(key), language, int(page_id)
        self.capacity, self.waiting_list_enabled = int(capacity), waiting == "1"
        self.opens_at = datetime.fromtimestamp(int(opens), UTC) if opens else None
        self.closes_at = datetime.fromtimestamp(int(closes), UTC) if closes else None
        # The attributes compute_availability reads of a session page.
        self.registration_required = True

    @property
    def page(self):
        return self

    def availability(self, now, counts):
        return compute_availability(self, now, *counts.get(self.key, LiveCounts(0, 0)))


def _valid(match):
    return hmac.compare_digest(_sign(match.group(1).decode()), match.group(10).decode())


def _placeholders(content):
    return [
        (pattern, match)
        for pattern in (_HTML, _JSON)
        for match in pattern.finditer(content)
        if match.group(2).decode() in KINDS and _valid(match)
    ]


@lru_cache(maxsize=1024)
def _render(kind, language, page_id, availability):
    """The HTML (or JSON) of one placeholder: a pure function of its arguments, so kept
    (a session page's hit would otherwise render the same fragment every time)."""
    if kind == OFFER:
        value = OFFER_AVAILABILITY.get(availability.state)
        return f'"availability": "{value}", '.encode() if value else b""
    languages = {code for code, _name in settings.LANGUAGES}
    with translation.override(language if language in languages else settings.LANGUAGE_CODE):
        if kind == CARD:
            template = "registrations/_live_card.html"
            context = {"availability": availability}
        else:
            template = "registrations/_live_panel.html"
            context = {
                "availability": availability,
                "register_url": reverse("registrations:register", args=[page_id]),
            }
        return render_to_string(template, context).strip().encode()


def count_keys(content):
    """The shared-cache keys of the counts the placeholders of ``content`` need, for a
    caller that reads them together with something else (``fill``'s ``read``)."""
    if MARK not in content:
        return []
    return sorted(
        {COUNTS_KEY.format(uuid.UUID(match.group(3).decode())) for _p, match in _placeholders(content)}
    )


def fill(content, now=None, read=None):
    """``content`` (bytes) with every valid placeholder replaced by the live state, from
    one query for all the sessions of the page; unchanged when it has none. ``read``:
    see ``live_counts``."""
    if MARK not in content:
        return content
    found = _placeholders(content)
    if not found:
        return content
    now = now or timezone.now()
    lives = {match.group(0): _Live(match) for _pattern, match in found}
    counts = live_counts({live.key for live in lives.values()}, read=read)
    # Both forms of one session share one count, so the head and the panel agree.
    replacements = {
        text: _render(live.kind, live.language, live.page_id, live.availability(now, counts))
        for text, live in lives.items()
    }
    for pattern in (_HTML, _JSON):
        content = pattern.sub(lambda match: replacements.get(match.group(0), match.group(0)), content)
    return content


def fill_response(response, read=None):
    """Fill the placeholders of an HTML response (not streamed) in place; return it.
    ``read``: see ``live_counts``."""
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return response
    content = response.content
    filled = fill(content, read=read)
    if filled is not content:
        response.content = filled
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(filled))
    return response
