"""Brute-force protection for the admin login, on the shared cache.

Chosen over django-axes: axes brings models, migrations, an authentication backend and
its own admin to protect a single form used by a handful of editors; a counter in the
cache that every app server already shares (Redis) does the job in a few lines.

Rules, per window of ``LOGIN_THROTTLE_WINDOW`` seconds (15 minutes by default):

- ``LOGIN_THROTTLE_PER_USER`` failed attempts (5) for one user name from one address
  block further attempts for that pair: the editor can still sign in from elsewhere,
  and an attacker cannot lock an editor out from another address;
- ``LOGIN_THROTTLE_PER_IP`` failures (30) from one address, whatever the user names,
  block that address (password spraying).

A blocked attempt gets ``429 Too Many Requests`` with ``Retry-After``, before the
password is even checked. A successful login clears the pair's counter.

The client address is ``REMOTE_ADDR``, or, behind ``TRUSTED_PROXY_COUNT`` reverse
proxies, the address the outermost trusted proxy saw (``X-Forwarded-For`` counted from
the right, so a client cannot forge it).

When the cache is unreachable (Redis down, ``IGNORE_EXCEPTIONS``), counters read as
zero: logins keep working, unthrottled, and django-redis logs every failed cache call.
That is the documented degradation: availability of the admin over throttling.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import caches

from home.requests import client_ip, count_hit

logger = logging.getLogger("portal.security")


def _setting(name, default):
    return getattr(settings, name, default)


def _cache_alias():
    return _setting("LOGIN_THROTTLE_CACHE_ALIAS", "default")


def _cache():
    return caches[_cache_alias()]


def _keys(request, username):
    ip = client_ip(request)
    pair = hashlib.sha256(f"{ip}|{(username or '').strip().lower()}".encode()).hexdigest()
    return f"login-fail:pair:{pair}", f"login-fail:ip:{hashlib.sha256(ip.encode()).hexdigest()}"


def is_blocked(request, username):
    """True when this address (and user name) used up its failed attempts."""
    pair_key, ip_key = _keys(request, username)
    counts = _cache().get_many([pair_key, ip_key])
    return counts.get(pair_key, 0) >= _setting("LOGIN_THROTTLE_PER_USER", 5) or counts.get(
        ip_key, 0
    ) >= _setting("LOGIN_THROTTLE_PER_IP", 30)


def record_failure(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    username = credentials.get("username", "")
    window = _setting("LOGIN_THROTTLE_WINDOW", 15 * 60)
    for key in _keys(request, username):
        count_hit(key, window, cache_alias=_cache_alias())
    logger.warning("admin login failed", extra={"client_ip": client_ip(request), "username": username[:150]})


def clear_failures(sender, request=None, user=None, **kwargs):
    if request is None or user is None:
        return
    _cache().delete(_keys(request, user.get_username())[0])


def connect_signals():
    """Called by PortalConfig.ready()."""
    user_login_failed.connect(record_failure, dispatch_uid="portal.throttle.failed")
    user_logged_in.connect(clear_failures, dispatch_uid="portal.throttle.succeeded")
