"""Small helpers about requests, shared by every app: who is asking, and how often.

``client_ip`` is the address the login lockout (django-axes) and the registration rate limit count
by; ``count_hit`` is their one counter on the shared cache (Redis in production), so
that every app server sees the same counts.
"""

from django.conf import settings
from django.core.cache import caches


def client_ip(request):
    """The visitor's address: ``REMOTE_ADDR``, or, behind ``TRUSTED_PROXY_COUNT`` reverse
    proxies, the address the outermost trusted proxy saw (``X-Forwarded-For`` counted
    from the right, so a client cannot forge it)."""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def count_hit(key, window, *, cache_alias="default"):
    """Add one to the counter ``key``, which starts at the first hit and lasts ``window``
    seconds; return the new count. None when the cache answers nothing (django-redis
    with ``IGNORE_EXCEPTIONS`` while Redis is down); other cache errors propagate."""
    cache = caches[cache_alias]
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1
