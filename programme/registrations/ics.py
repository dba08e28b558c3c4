"""Calendar entries (.ics) for confirmed registrations, in the registration's language.

A session without time of day (the programme often gives none) becomes an all-day event
rather than an invented hour. The UID is stable per registration, so importing the file
again updates the entry instead of duplicating it.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .sessions import describe_sessions, personal_url


def calendar_for(registrations, language, displays=None):
    """The .ics bytes for these registrations (cancelled ones are left out).
    ``displays`` (from ``describe_sessions``) spares the queries when already known."""
    registrations = [r for r in registrations if r.status == "confirmed"]
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//En Compagnie des Tiers-Lieux//Inscriptions//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    with translation.override(language):
        keys = {r.session_key for r in registrations}
        if displays is None or not keys <= set(displays):
            displays = describe_sessions(keys, language)
        for registration in registrations:
            display = displays.get(registration.session_key)
            if display is None or display.info.timing.date is None:
                continue
            calendar.add_component(_event(registration, display, zone, language))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(registration, display, zone, language):
    timing = display.info.timing
    event = Event()
    event.add("uid", f"{registration.uuid}@ectl")
    event.add("dtstamp", timezone.now())
    event.add("summary", display.page.title)
    if timing.start:
        event.add("dtstart", datetime.combine(timing.date, timing.start, tzinfo=zone))
        if timing.end:
            event.add("dtend", datetime.combine(timing.date, timing.end, tzinfo=zone))
    else:
        event.add("dtstart", timing.date)
        event.add("dtend", timing.date + timedelta(days=1))
    if display.where:
        event.add("location", display.where)
    manage = personal_url(registration.attendee, language, display.page)
    if display.url:
        event.add("url", display.url)
    event.add("description", f"{display.url}\n\n{_('Gérer mon inscription :')} {manage}".strip())
    event.add("status", "CONFIRMED")
    return event
