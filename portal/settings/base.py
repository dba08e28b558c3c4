"""Settings shared by every environment.

Everything that differs between a laptop and production comes from the environment;
the modules dev, test and production only change defaults.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

from portal.cache_connection import PausingConnection

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "programme",
    "programme.registrations",
    "partners",
    "portal",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "axes",  # login brute-force protection, see AXES_* below
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",  # CSP, Permissions-Policy
    "portal.middleware.HealthCheckMiddleware",  # /health/, before host checks and sessions
    "portal.middleware.RejectNullBytesMiddleware",  # 400 for %00 in the URL (PostgreSQL refuses NUL)
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.cache.PageCacheMiddleware",  # anonymous pages; off unless PAGE_CACHE
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware: tells a moderator who approved a session how many
    # registrants its change concerns (programme/registrations/messaging/approvals.py).
    "programme.registrations.messaging.approvals.ApprovalMessagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # turns a lockout into the 429 page (last, as axes asks)
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite is the zero-set-up default; production and CI pass DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run` writes from two processes (the server and the task worker): readers
    # never wait for the writer, and a transaction takes the write lock when it starts,
    # so it never fails half-way waiting for it.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            # Without Redis the site answers uncached; a Redis that hangs is left
            # alone for a few seconds rather than waited on by every request.
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "CONNECTION_POOL_KWARGS": {"connection_class": PausingConnection},
            },
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Full-page cache of anonymous pages (portal/cache.py); production turns it on.
PAGE_CACHE = env_bool("PAGE_CACHE", False)

# Login brute-force protection (django-axes), at the authentication layer: every login
# form (the admin's, Wagtail's front-end login for private pages /fr/_util/login/, any
# future one) goes through authenticate(), where AxesStandaloneBackend refuses a locked
# user name + address before the password is checked. Failures are counted in the
# database (AccessAttempt), shared by every app server and independent of Redis.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Locked: a user name from one address, after AXES_FAILURE_LIMIT failures, for
# AXES_COOLOFF_TIME. The editor can still sign in from elsewhere, and an attacker
# cannot lock an editor out from another address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
# The client address rule of the whole project (TRUSTED_PROXY_COUNT, home/requests.py).
AXES_CLIENT_IP_CALLABLE = "home.requests.client_ip"
# 429 page in the visitor's language, with Retry-After (portal/middleware.py).
AXES_LOCKOUT_CALLABLE = "portal.middleware.login_locked_out"
# Reverse proxies in front of gunicorn that append to X-Forwarded-For (0: none). The
# login lockout and the registration rate limit count by the address they saw.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: French is the source, English the translation.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
# The project's catalogue (French msgids), then the French overrides of the packages' ones.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "third-party"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# S3-compatible media when a bucket is configured (several app servers share it).
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL")
    AWS_QUERYSTRING_AUTH = False
    AWS_DEFAULT_ACL = None

# E-mail: SMTP settings from the environment; dev and test override the backend.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "En Compagnie des Tiers-Lieux <ne-pas-repondre@example.org>"
)

# Registration (programme.registrations): the one home of these settings and defaults.
# Submissions allowed per client address and window (seconds); 0 turns the limit off.
REGISTRATION_RATE_LIMIT = int(os.environ.get("REGISTRATION_RATE_LIMIT", "10"))
REGISTRATION_RATE_LIMIT_WINDOW = int(os.environ.get("REGISTRATION_RATE_LIMIT_WINDOW", "600"))
# Personal data is anonymised this many days after the edition's last day.
REGISTRATION_RETENTION_DAYS = int(os.environ.get("REGISTRATION_RETENTION_DAYS", "90"))
# The reminder goes out this many days before the session.
REGISTRATION_REMINDER_DAYS = int(os.environ.get("REGISTRATION_REMINDER_DAYS", "2"))
# Feedback invitations go out for sessions that ended at most this many days ago (services/feedback.py).
REGISTRATION_FEEDBACK_DAYS = int(os.environ.get("REGISTRATION_FEEDBACK_DAYS", "14"))
# A message is tried this many times (the worker's retries, then send_pending_mail).
REGISTRATION_MAIL_MAX_ATTEMPTS = 10

# Background work (registration e-mails, Wagtail's own tasks) goes to a queue in the
# database; `manage.py db_worker` runs it (docs/operations.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# The backend (a TASKS alias) of the registration e-mails' task.
REGISTRATION_TASK_BACKEND = "default"
# The backend of the edition actions (next edition, publication: home/editions/jobs.py).
EDITION_TASK_BACKEND = "default"

WAGTAIL_SITE_NAME = "En Compagnie des Tiers-Lieux"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Maps: route pages (static/js/route-map.js) and the venue position widget of the admin
# (programme/panels.py). Any XYZ tile server; one that is not on *.tile.openstreetmap.org
# must be added to the CSP's img-src (CSP_EXTRA_SOURCES, portal/middleware.py).
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# The admin's date fields in the French style the messages use (29/11/2027), and the
# English formats of the site (portal/formats/en: "Monday 29 November 2027"), which
# also read 29/11/2027 as the 29th of November in an English admin.
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
FORMAT_MODULE_PATH = ["portal.formats"]
# Wagtail 7's autosave posts the whole form every half second: while a field is wrong
# the indicator flickers and each post answers 400, and an autosave still running when
# the editor submits a new page creates it twice (a server error on the slug). Editors
# save with "Enregistrer le brouillon" / "Soumettre" (docs/guide-editeurs.md).
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]
# No Gravatar: the admin would send a hash of each editor's e-mail address to a third
# party (and show a broken image where it is unreachable); Wagtail's own avatar instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Replays (home/videos.py): the providers whose privacy-enhanced player is embedded once
# the visitor clicks (youtube, vimeo), and PeerTube instances by host name. Their players
# are the only frames the CSP allows; a video elsewhere is shown as a link.
VIDEO_PROVIDERS = env_list("VIDEO_PROVIDERS", "youtube,vimeo")
VIDEO_PEERTUBE_HOSTS = env_list("VIDEO_PEERTUBE_HOSTS")

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    # No personal token in any log line (portal/logging.py).
    "filters": {"mask_tokens": {"()": "portal.logging.MaskTokensFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["mask_tokens"]},
        # runserver's request lines (make run), which Django's default handler would print unmasked.
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_tokens"],
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Only through the masking handler (Django's default one prints "Not Found: <path>").
        "django": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
    },
}
