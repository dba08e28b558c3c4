"""Tests: fast hashing, in-memory mail, plain static storage, media of their own."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# One media directory per pytest-xdist worker (media-test/gw0, ...): two workers never
# write, rename or delete the same upload or rendition.
MEDIA_ROOT = BASE_DIR / "media-test" / os.environ.get("PYTEST_XDIST_WORKER", "")  # noqa: F405
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Wagtail's own tasks (search index, references) run at once, so that tests see their
# effect; the registration e-mails go through the database queue production uses, and a
# test runs it with the ``run_tasks`` fixture (conftest.py), as ``db_worker`` would.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
REGISTRATION_TASK_BACKEND = "mail"
EDITION_TASK_BACKEND = "mail"
# SQLite: the test database is a file (one per pytest-xdist worker: pytest-django adds
# the suffix), not the shared-cache in-memory one, whose table locks fail at once where
# a real SQLite database waits for its write lock: the fault tests register from several
# threads at once, as a development server does.
DATABASE = DATABASES["default"]  # noqa: F405
if DATABASE["ENGINE"] == "django.db.backends.sqlite3":
    TEST_DIR = BASE_DIR / "media-test"  # noqa: F405
    TEST_DIR.mkdir(exist_ok=True)  # a fresh clone has none
    DATABASE["TEST"] = {"NAME": str(TEST_DIR / "test-database.sqlite3")}
    # WAL and immediate transactions: base.py, as for the development server.
