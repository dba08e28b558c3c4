"""Operational views: the health probe and the benchmark's baseline."""

import logging
import sys
import uuid

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views import defaults
from django.views.decorators.cache import never_cache

logger = logging.getLogger("portal.health")


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("health: database unreachable")
        return False


def _cache_ok():
    token = uuid.uuid4().hex
    try:
        cache.set("health:probe", token, timeout=30)
        if cache.get("health:probe") == token:
            return True
        logger.error("health: cache did not return what was written")
    except Exception:
        logger.exception("health: cache unreachable")
    return False


@never_cache
def health(request):
    """``{"status": "ok", "database": "ok", "cache": "ok"}``.

    The database is essential: without it, 503, and the load balancer takes the server
    out. The cache is not: the site still answers, uncached, so a cache failure reports
    ``"degraded"`` with 200 (all servers share one Redis, and turning them all out would
    turn a slowdown into an outage). Monitoring should alert on anything but ``"ok"``;
    ``/health/?strict=1`` answers 503 for any failure.
    """
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    if all(checks.values()):
        status, code = "ok", 200
    elif checks["database"]:
        status, code = "degraded", 503 if request.GET.get("strict") else 200
    else:
        status, code = "error", 503
    body = {"status": status, **{name: "ok" if ok else "error" for name, ok in checks.items()}}
    return JsonResponse(body, status=code)


def baseline(request):
    """The cheapest Django response, through the whole middleware stack: the benchmark
    compares every page with it. Harmless, so always routed."""
    return HttpResponse(b"ok\n", content_type="text/plain")


def server_error(request):
    """``handler500``: the usual 500 page, except when the database is unreachable
    (a PostgreSQL restart, a failover): then 503 with ``Retry-After``, which tells load
    balancers, CDNs and crawlers that it is temporary. Cached pages keep being served
    meanwhile, since a cache hit needs no database."""
    error = sys.exc_info()[1]
    if not isinstance(error, OperationalError | InterfaceError):
        return defaults.server_error(request)
    try:
        body = render_to_string("500.html")
    except DatabaseError:
        body = "Service temporarily unavailable / Service momentanément indisponible.\n"
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response
