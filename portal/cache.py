"""Full-page cache for anonymous visitors, and its invalidation.

What is cached
    The HTML of a Wagtail page (URL name ``wagtail_serve``, not one of its sub-routes
    such as ``…/par-salle/`` or ``…/calendrier.ics``) answered with 200 to an
    anonymous ``GET``: no session or messages cookie, no ``Authorization`` header, a
    language prefix in the path (``/fr/``, ``/en/``) and no query string other than
    tracking parameters (``utm_*``, ``fbclid``…), which are ignored. ``HEAD`` requests
    are answered from the cache but never fill it.

What is never cached
    A response that sets a cookie (a CSRF token, a session, a message), that used the
    CSRF token, that says ``Cache-Control: private/no-cache/no-store``, that varies on
    anything but ``Cookie``, or that is streamed or larger than ``PAGE_CACHE_MAX_BYTES``.
    So a form with a CSRF token, a password-protected page or a page showing a message is
    rendered afresh for everyone, and nobody is ever served another visitor's token or
    personal data. ``Vary: Cookie`` alone is accepted: Django adds it as soon as a
    template reads ``request.user`` (the Wagtail user bar does), but a request that
    carries no session cookie always gets the anonymous rendering, and requests that
    carry one are never served from the cache.

Key
    host, language and path (SHA-256 of the three), in the cache alias
    ``PAGE_CACHE_ALIAS``: Redis when ``REDIS_URL`` is set, local memory otherwise.

Live registration state: placeholders filled at serve time
    The places left, "complet", the waiting list, the registration button and the
    ``availability`` of a session's schema.org offer are not in the cached HTML. The
    page renders a signed placeholder where each goes (``programme.registrations.live``:
    an HTML comment in the panel, a JSON member in the ``<head>``'s JSON-LD), the cache
    stores the page with its placeholders, and every response that leaves this
    middleware (hit, miss, pass or not eligible: one code path) is filled by
    ``live.fill_response``: the counts of all the sessions on the page (confirmed,
    waiting, offers running, whether the organisers cancelled the session) come from the
    shared cache (on a hit, in the same read as the page itself), and those it lacks in
    ONE query; what else the state depends on
    (capacity, waiting list, registration window, the form's page id) is content, so it
    is embedded in the placeholder and is as fresh as the page. The head and the panel
    come from the same counts, so they always agree. A page without placeholder costs
    nothing more (a byte search).

    Staleness: a session's counts stay in the cache until its next
    ``registration_changed`` (after commit: a registration, an offer, the organisers
    cancelling or re-opening it) deletes them, and five seconds at most. So a
    visitor sees the state of the moment, except after a race (a count read just before
    a change commits and stored just after its deletion), which lasts five seconds at
    most. Registration windows that open or close with time are computed when served.
    The form page still decides under the session's lock in the database; the panel only
    says what it will most likely answer.

Invalidation: one global generation, for content only
    Every entry records the *generation* read before the page was rendered; an entry is
    served only while the generation is unchanged. Any change that can show on a page
    (publish, unpublish, move, delete, a snippet, an image, a site setting) sets a new
    random generation, after the transaction commits. A render that started before the
    change stores its entry under the old generation, which is never served again, so a
    stale page cannot slip in through a race. Registrations do *not* change the
    generation (their state is filled at serve time, above); nor does saving a draft
    (a page saved with only its revision bookkeeping fields: nothing public changed).

    Trade-off: one content change empties the whole cache, not just the pages it
    touches. That stays the right choice for content: edits are rare (a few a day, not a
    few a second), the site is a few hundred pages that are cheap to re-render, and what
    a change touches is wide and hard to list correctly (a session's title is on its day,
    its edition's calendar, the search results, its other language's switcher, the
    sitemap; a snippet or a setting is on any page; the menu is on every page). Tracking
    those dependencies would trade an obvious guarantee for a subtle bug; the global
    generation cannot forget a page. Entries also expire after ``PAGE_CACHE_TIMEOUT``
    seconds, which bounds staleness if the cache was unreachable at the moment of a
    change.

What is on now: a lifetime, not a fill
    During an edition's days its page and its day pages show "En ce moment" and
    "Ensuite" (``programme.now``). That answer changes only at the programme's own
    moments (a start, an end, midnight), so the page says until when it holds
    (``home.freshness``) and its entry lives no longer than that: never past the next
    change, never more than ``PAGE_CACHE_TIMEOUT``.

    Local memory is per process: with several gunicorn workers or servers, a change made
    through one process would not reach the others. Production settings therefore turn
    the page cache on only when ``REDIS_URL`` is set (override with ``PAGE_CACHE``).
"""

import hashlib
import logging
import uuid
from functools import lru_cache

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import cc_delim_re
from django.utils.translation import get_language_from_path
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images.models import AbstractImage
from wagtail.models import Locale, Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from home.freshness import seconds_left
from home.routes import sub_route_name
from programme.registrations.live import count_keys, fill_response

logger = logging.getLogger(__name__)

GENERATION_KEY = "pagecache:generation"
HEADER = "X-Page-Cache"
CACHEABLE_URL_NAMES = {"wagtail_serve"}
IGNORED_QUERY_PREFIXES = ("utm_", "mtm_", "pk_")
IGNORED_QUERY_PARAMS = {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_hsenc", "_hsmi"}
BYPASS_COOKIES = {"messages"}
UNCACHEABLE_CACHE_CONTROL = {"private", "no-cache", "no-store"}


def enabled():
    return getattr(settings, "PAGE_CACHE", False)


def get_cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


# --- Generation ---------------------------------------------------------------------


def bump_generation(**kwargs):
    """Start a new generation now: every cached page is stale from this point on."""
    get_cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate_pages(**kwargs):
    """Invalidate every cached page once the current transaction commits (at once when
    there is none). Safe to call from any signal handler."""
    transaction.on_commit(bump_generation)


def current_generation(cache, value=None):
    """The generation to render under; creates one if the cache has none. None when the
    cache cannot be reached: the page is then neither read from nor written to it."""
    if value is not None:
        return value
    cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    return cache.get(GENERATION_KEY)


# --- What may be cached -------------------------------------------------------------


def _cache_path(request):
    """The path the entry is stored under, or None when the request must not use the
    cache. Tracking parameters are dropped; any other query string disqualifies."""
    if request.method not in ("GET", "HEAD"):
        return None
    path = request.path
    excluded = getattr(settings, "PAGE_CACHE_EXCLUDED_PREFIXES", ("/admin/",))
    if path.startswith(tuple(excluded)):
        return None
    if "HTTP_AUTHORIZATION" in request.META:
        return None
    bypass = BYPASS_COOKIES | {settings.SESSION_COOKIE_NAME}
    if any(name in request.COOKIES for name in bypass):
        return None
    for name in request.GET:
        if name not in IGNORED_QUERY_PARAMS and not name.startswith(IGNORED_QUERY_PREFIXES):
            return None
    return path


def cache_key(request, path, language):
    raw = f"{request.get_host()}|{language}|{path}".encode("utf-8", "surrogateescape")
    # "v2": entries of (generation, status, headers, content, count keys).
    return "pagecache:page:v2:" + hashlib.sha256(raw).hexdigest()


# Per page key, the count keys stored with its entry (``live.count_keys``), as this
# process last saw them: what to read with the page next time. Facts about content, not
# state: a stale one only means the counts are read separately (``fill``'s ``read`` is
# used only when the entry asks for exactly what was read). Bounded: emptied when full.
_counts_read = {}
COUNTS_READ_MAX = 4096


def _learn_counts_read(key, needs):
    if _counts_read.get(key) != needs:
        if len(_counts_read) >= COUNTS_READ_MAX:
            _counts_read.clear()
        _counts_read[key] = needs


def _counts_shared():
    """True when the live counts live in the page cache's own cache (the default)."""
    return getattr(settings, "PAGE_CACHE_ALIAS", "default") == "default"


def is_storable(request, response):
    """True only for a complete, anonymous, cookie-free Wagtail page."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name not in CACHEABLE_URL_NAMES:
        return False
    # A page's sub-route (the programme by room) is rendered afresh, as it was when it
    # was a view of its own; only the page itself is stored.
    if sub_route_name(request) is not None:
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    cache_control = {
        part.split("=")[0].strip().lower() for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & UNCACHEABLE_CACHE_CONTROL:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    if vary - {"cookie"}:
        return False
    return len(response.content) <= getattr(settings, "PAGE_CACHE_MAX_BYTES", 1_000_000)


# --- Middleware ---------------------------------------------------------------------


def _timeout(request):
    """The entry's lifetime: ``PAGE_CACHE_TIMEOUT``, shortened to the moment the page
    stops being true when it shows something that depends on the clock (0: not stored)."""
    timeout = getattr(settings, "PAGE_CACHE_TIMEOUT", 600)
    left = seconds_left(request)
    return timeout if left is None else min(timeout, left)


class PageCacheMiddleware:
    """Serve anonymous Wagtail pages from the cache; see the module docstring.

    Placed right after WhiteNoise, before the session, locale, CSRF and authentication
    middleware, so that a hit costs one cache round trip (the generation, the page and
    the counts of its live placeholders are read together) and nothing else. Responses carry ``X-Page-Cache: hit``, ``miss`` (stored)
    or ``pass`` (rendered, not stored) on requests that were eligible.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = _cache_path(request) if enabled() else None
        language = get_language_from_path(request.path_info) if path else None
        if not language:
            return fill_response(self.get_response(request))

        cache = get_cache()
        key = cache_key(request, path, language)
        # The counts the page's live placeholders need, as this process last saw them
        # stored with it: read in the same round trip as the generation and the page.
        counts_read = _counts_read.get(key, []) if _counts_shared() else []
        found = cache.get_many([GENERATION_KEY, key, *counts_read])
        generation = current_generation(cache, found.get(GENERATION_KEY))
        entry = found.get(key)
        if generation is not None and entry is not None and entry[0] == generation:
            _learn_counts_read(key, entry[4])
            read = found if entry[4] == counts_read else None
            return fill_response(self._from_entry(entry), read=read)

        response = self.get_response(request)
        # A page showing what is on now is kept until that changes (home/freshness.py).
        timeout = _timeout(request)
        if generation is not None and timeout and is_storable(request, response):
            needs = count_keys(response.content)
            cache.set(
                key,
                (generation, response.status_code, list(response.items()), response.content, needs),
                timeout,
            )
            _learn_counts_read(key, needs)
            response[HEADER] = "miss"
        else:
            response[HEADER] = "pass"
        # Stored with its placeholders, filled for this visitor: the same code as a hit.
        return fill_response(response)

    @staticmethod
    def _from_entry(entry):
        _generation, status, headers, content, _counts_read = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response[HEADER] = "hit"
        return response


# --- Invalidation hooks -------------------------------------------------------------


@lru_cache(maxsize=1)
def _content_classes():
    """Models whose change can show on a public page. Renditions are left out on
    purpose: they are created while pages render. Computed on first use: snippets are
    registered by the apps' wagtail_hooks."""
    return (Page, Site, Locale, AbstractImage, BaseGenericSetting, BaseSiteSetting, *get_snippet_models())


# What Page.save_revision() and page locking write: admin bookkeeping, never shown.
DRAFT_ONLY_PAGE_FIELDS = frozenset(
    {
        "wagtail_admin_comments",
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_at",
        "locked_by",
    }
)


def _content_saved_or_deleted(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    update_fields = kwargs.get("update_fields")
    if isinstance(instance, Page) and update_fields and set(update_fields) <= DRAFT_ONLY_PAGE_FIELDS:
        return  # a draft saved: the live page is unchanged
    if isinstance(instance, _content_classes()):
        invalidate_pages()


def connect_signals():
    """Called by PortalConfig.ready(): every content change that can show on a page
    invalidates; registration changes do not (their state is filled at serve time)."""
    post_save.connect(_content_saved_or_deleted, dispatch_uid="portal.cache.saved")
    post_delete.connect(_content_saved_or_deleted, dispatch_uid="portal.cache.deleted")
    page_published.connect(invalidate_pages, dispatch_uid="portal.cache.published")
    page_unpublished.connect(invalidate_pages, dispatch_uid="portal.cache.unpublished")
    post_page_move.connect(invalidate_pages, dispatch_uid="portal.cache.moved")
