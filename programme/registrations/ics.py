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

from .sessions import absolute_url, describe_where, personal_url, resolve_keys, session_pages


def calendar_for(registrations, language):
    """The .ics bytes for these registrations (cancelled ones are left out)."""
    registrations = [r for r in registrations if r.status == "confirmed"]
    keys = {r.session_key for r in registrations}
    pages = session_pages(keys, language=language)
    infos = resolve_keys(keys)
    zone = ZoneInfo(settings.TIME_ZONE)

    calendar = Calendar()
    calendar.add("prodid", "-//En Compagnie des Tiers-Lieux//Inscriptions//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    with translation.override(language):
        for registration in registrations:
            page, info = pages.get(registration.session_key), infos.get(registration.session_key)
            if page is None or info is None or info.timing.date is None:
                continue
            calendar.add_component(_event(registration, page, info, zone, language))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _event(registration, page, info, zone, language):
    timing = info.timing
    event = Event()
    event.add("uid", f"{registration.uuid}@ectl")
    event.add("dtstamp", timezone.now())
    event.add("summary", page.title)
    if timing.start:
        start = datetime.combine(timing.date, timing.start, tzinfo=zone)
        event.add("dtstart", start)
        if timing.end:
            event.add("dtend", datetime.combine(timing.date, timing.end, tzinfo=zone))
    else:
        event.add("dtstart", timing.date)
        event.add("dtend", timing.date + timedelta(days=1))
    where = describe_where(page)
    if where:
        event.add("location", where)
    url = page.get_full_url() or absolute_url(page.url or "/", page)
    manage = personal_url(registration.attendee, language, page)
    event.add("url", url)
    event.add("description", f"{url}\n\n{_('Gérer mon inscription :')} {manage}")
    event.add("status", "CONFIRMED")
    return event
