"""Middleware for running in production: security headers, health probe; the login
lockout page.

Order in ``MIDDLEWARE`` (see settings/base.py)::

    SecurityMiddleware          HSTS, nosniff, Referrer-Policy, COOP, HTTPS redirect
    SecurityHeadersMiddleware   Content-Security-Policy, Permissions-Policy
    HealthCheckMiddleware       /health/ answered here, before host checks and sessions
    RejectNullBytesMiddleware   400 for a NUL character in the path or query string
    WhiteNoiseMiddleware        static files
    PageCacheMiddleware         anonymous pages (portal.cache)
    ... sessions, locale, common, CSRF, auth, messages, X-Frame-Options, redirects ...
    AxesMiddleware              login lockout (django-axes) -> ``login_locked_out``
"""

import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.html import escape
from django.utils.translation import gettext as _

from home.requests import client_ip
from home.videos import frame_sources
from portal.views import health

logger = logging.getLogger("portal.security")

# The public site's policy: no inline script or style, no plugin, no foreign frame but
# the video players the replays embed, once clicked (home/videos.py: VIDEO_PROVIDERS and
# VIDEO_PEERTUBE_HOSTS give frame-src; none: 'none'). Settings can replace it
# (CONTENT_SECURITY_POLICY) or add sources to a directive (CSP_EXTRA_SOURCES).
DEFAULT_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "https://*.tile.openstreetmap.org"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "media-src": ["'self'"],
    "frame-src": [],  # the configured video players (frame_sources), added when built
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    # Like X-Frame-Options: DENY. The admin's preview frames /admin/ URLs only (Wagtail
    # sends SAMEORIGIN there), which are outside this policy (CSP_EXCLUDED_PREFIXES).
    "frame-ancestors": ["'none'"],
}
DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def content_security_policy():
    """The header value: ``CONTENT_SECURITY_POLICY`` (or the default) plus the sources
    in ``CSP_EXTRA_SOURCES``, plus ``upgrade-insecure-requests`` behind HTTPS."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_CONTENT_SECURITY_POLICY)
    extra = {name: list(values) for name, values in getattr(settings, "CSP_EXTRA_SOURCES", {}).items()}
    if policy is DEFAULT_CONTENT_SECURITY_POLICY:
        extra["frame-src"] = [*frame_sources(), *extra.get("frame-src", [])]
    directives = []
    for name, values in policy.items():
        sources = [*values, *extra.get(name, [])]
        directives.append(" ".join([name, *(sources or ["'none'"])]))
    if getattr(settings, "CSP_UPGRADE_INSECURE_REQUESTS", False):
        directives.append("upgrade-insecure-requests")
    return "; ".join(directives)


class SecurityHeadersMiddleware:
    """Adds Content-Security-Policy and Permissions-Policy to every response.

    The CSP is skipped under ``CSP_EXCLUDED_PREFIXES`` (the Wagtail admin, which needs
    inline scripts and styles) and on Django's debug error pages. A view may set its own
    policy; it is then left alone. Referrer-Policy, X-Content-Type-Options and
    Cross-Origin-Opener-Policy come from Django's SecurityMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        excluded = tuple(getattr(settings, "CSP_EXCLUDED_PREFIXES", ("/admin/",)))
        debug_page = settings.DEBUG and response.status_code >= 500
        if not request.path.startswith(excluded) and not debug_page:
            response.headers.setdefault("Content-Security-Policy", content_security_policy())
        return response


class HealthCheckMiddleware:
    """Answers ``/health/`` itself, before the host check, the HTTPS redirect (see
    ``SECURE_REDIRECT_EXEMPT``), sessions and the page cache: load balancers probe each
    server by its own address, over plain HTTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/health/":
            return health(request)
        return self.get_response(request)


class RejectNullBytesMiddleware:
    """Answers 400 to a path or query string holding a NUL character (``%00``).

    No legitimate URL of the site has one, and PostgreSQL refuses NUL in any string
    ("A string literal cannot contain NUL"), so a view passing such a URL parameter to
    a query would fail with a 500. Form fields are covered by Django itself
    (``ProhibitNullCharactersValidator`` on every CharField)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path_info or "%00" in query or "\x00" in query:
            return HttpResponseBadRequest(b"Bad request\n", content_type="text/plain")
        return self.get_response(request)


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout response (``AXES_LOCKOUT_CALLABLE``), for every login form:
    429 with ``Retry-After``, in the visitor's language, never cached."""
    window = int(settings.AXES_COOLOFF_TIME.total_seconds())
    username = str((credentials or {}).get("username", ""))[:150]
    logger.warning("login locked out", extra={"client_ip": client_ip(request), "username": username})
    message = _("Trop de tentatives de connexion. Réessayez dans %(minutes)d minutes.") % {
        "minutes": max(1, window // 60)
    }
    body = (
        f'<!doctype html><html lang="{escape(getattr(request, "LANGUAGE_CODE", "fr"))}"><head><meta charset="utf-8">'
        f"<title>429</title></head><body><h1>{escape(message)}</h1></body></html>"
    )
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(window)
    response["Cache-Control"] = "no-store"
    return response
