"""Production: everything secret or host-specific comes from the environment.

Required: ``SECRET_KEY``, ``ALLOWED_HOSTS`` (comma-separated), ``DATABASE_URL``.
Usual: ``REDIS_URL`` (shared cache: page cache, registration rate limit), ``CSRF_TRUSTED_ORIGINS``,
``WAGTAILADMIN_BASE_URL``, ``EMAIL_HOST``/``EMAIL_PORT``/``EMAIL_HOST_USER``/
``EMAIL_HOST_PASSWORD``/``EMAIL_USE_TLS``, ``AWS_STORAGE_BUCKET_NAME`` and the
``AWS_*`` credentials for S3-compatible media, ``TRUSTED_PROXY_COUNT`` (reverse proxies
in front of gunicorn), ``LOG_LEVEL``. See docs/operations.md.

Every app server started with the same environment is interchangeable: no state in the
process or on local disk (sessions in PostgreSQL, cache in Redis, media in S3).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, env_bool, env_list, os

DEBUG = False

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment (comma-separated).")
# The root of every link in e-mails and calendars (programme/registrations/sessions.py).
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}")
if not WAGTAILADMIN_BASE_URL.startswith("https://"):
    raise ImproperlyConfigured("WAGTAILADMIN_BASE_URL must start with https:// (links in e-mails).")

# --- HTTPS, behind a proxy that terminates TLS and sets X-Forwarded-Proto ------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe each server over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# --- Database: persistent connections, checked before each request ------------------
# CONN_HEALTH_CHECKS (set in base) reconnects transparently after PostgreSQL restarts.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))

# --- Cache ---------------------------------------------------------------------------
if os.environ.get("REDIS_URL"):
    # Fail fast when Redis is unreachable: the site then answers uncached.
    CACHES["default"]["OPTIONS"].update(
        {
            "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("REDIS_CONNECT_TIMEOUT", "0.5")),
            "SOCKET_TIMEOUT": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
        }
    )
    CACHES["default"]["KEY_PREFIX"] = os.environ.get("CACHE_KEY_PREFIX", "ectl")
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# The page cache needs a cache shared by every worker to be invalidated everywhere
# (portal/cache.py): on by default only with Redis.
PAGE_CACHE = env_bool("PAGE_CACHE", bool(os.environ.get("REDIS_URL")))
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "600"))

# --- Content-Security-Policy (portal/middleware.py) ----------------------------------
# S3 or CDN media live on another origin: allow it for images and media.
_media_origin = os.environ.get("MEDIA_ORIGIN") or (
    f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}" if os.environ.get("AWS_S3_CUSTOM_DOMAIN") else ""
)
CSP_EXTRA_SOURCES = {"img-src": [_media_origin], "media-src": [_media_origin]} if _media_origin else {}
CSP_UPGRADE_INSECURE_REQUESTS = SECURE_SSL_REDIRECT

# --- Static files: hashed, compressed, cached for a year by WhiteNoise ---------------
WHITENOISE_MAX_AGE = 60 * 60  # files without a hash in their name (favicon…)
if os.environ.get("STATIC_ROOT"):
    STATIC_ROOT = os.environ["STATIC_ROOT"]

# --- Logs: JSON lines on standard output --------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "portal.logging.JSONFormatter"}},
    "filters": {"mask_tokens": {"()": "portal.logging.MaskTokensFilter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["mask_tokens"],
        }
    },
    "root": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": False},
        "django.db.backends": {"level": "INFO"},
        # django-axes' start-up banner is not an event (its login failures still are).
        "axes.apps": {"level": "WARNING"},
        # Host-header probes from the Internet are noise, not errors.
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
    },
}
