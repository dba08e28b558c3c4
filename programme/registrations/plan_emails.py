"""The day planner's one e-mail: every session registered by one submission (confirmed
places and waiting lists), with one calendar file holding the confirmed ones.

The registrations of one submission share its ``submission_key`` (services/planner.py);
the e-mail is recorded on the first of them and finds the others by it when it is
rendered, so it lists what still holds at sending time. Rendered by ``emails.render``
like every other kind, with the same session descriptions and the same calendar events
(same UIDs) as the single-session e-mails.
"""

from datetime import date, time

from django.conf import settings

from .models import Registration
from .sessions import describe_sessions, personal_url

Status = Registration.Status


def plan_registrations(registration):
    """The live registrations made together with ``registration`` by one planner
    submission, itself included."""
    if not registration.submission_key:
        return [registration] if registration.is_live else []
    return list(
        Registration.objects.filter(
            attendee_id=registration.attendee_id,
            submission_key=registration.submission_key,
            status__in=Registration.LIVE_STATUSES,
        ).select_related("attendee")
    )


def _in_day_order(item):
    timing = item["display"].info.timing
    return (timing.date or date.min, timing.start or time.min, item["display"].page.path)


def plan_context(registration, language):
    """The template context of a ``day_plan`` e-mail (in ``language``, active)."""
    registrations = plan_registrations(registration)
    displays = describe_sessions({r.session_key for r in registrations}, language)
    items = [
        {"registration": r, "display": displays[r.session_key], "position": r.waiting_position()}
        for r in registrations
        if r.session_key in displays
    ]
    items.sort(key=_in_day_order)
    edition = next((item["display"].info.edition for item in items if item["display"].info.edition), None)
    if edition is not None:
        edition = (
            edition.get_translations(inclusive=True).filter(locale__language_code=language).first() or edition
        )
    confirmed = [item for item in items if item["registration"].status == Status.CONFIRMED]
    return {
        "registration": registration,
        "attendee": registration.attendee,
        "items": items,
        "confirmed": confirmed,
        "waiting": [item for item in items if item["registration"].status == Status.WAITING],
        "edition": edition,
        "restricted": not any(not item["display"].restricted for item in confirmed),
        "calendar_registrations": [item["registration"] for item in confirmed],
        "displays": displays,
        "personal_url": personal_url(registration.attendee, language),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
