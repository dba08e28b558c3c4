"""Registration settings, with their defaults. Override them in portal/settings."""

from django.conf import settings

DEFAULTS = {
    # Submissions allowed per client address and window (seconds); 0 turns the limit off.
    "REGISTRATION_RATE_LIMIT": 10,
    "REGISTRATION_RATE_LIMIT_WINDOW": 600,
    # Personal data is anonymised this many days after the edition's last day.
    "REGISTRATION_RETENTION_DAYS": 90,
    # The reminder goes out this many days before the session.
    "REGISTRATION_REMINDER_DAYS": 2,
    # send_pending_mail gives up on a message after this many failed attempts.
    "REGISTRATION_MAIL_MAX_ATTEMPTS": 10,
}


def get(name):
    return getattr(settings, name, DEFAULTS[name])
