"""Calendar feeds (iCalendar, RFC 5545) of the programme: a whole edition, one day, one
session, in the language of the pages they are made from.

- Times are local to the event (Europe/Paris, the project's ``TIME_ZONE``): every timed
  entry carries ``TZID=Europe/Paris`` and the calendar always holds the matching
  ``VTIMEZONE``, so calendar applications never guess.
- A session without a time of day (the programme often gives none) is an all-day entry
  on its day, marked transparent so that it does not block the whole day in the
  visitor's agenda; no hour is invented.
- A route ends at its return time when it has one and no end time.
- The UID of a session is its ``translation_key``: the French and English feeds describe
  the same event, and importing a feed again updates its entries instead of duplicating
  them. ``DTSTAMP`` and ``LAST-MODIFIED`` are the page's last publication, so a feed
  only changes when the programme does.

The registration e-mails attach their own ``.ics`` (``programme/registrations/ics.py``),
one entry per registration with the personal link; this module serves the public
programme and does not depend on registrations.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import normalize_newlines
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vGeo
from wagtail.models import PageViewRestriction

from programme.models import ProgrammeDayPage, RoutePage, SessionPage

PRODID = "-//En Compagnie des Tiers-Lieux//Programme//FR"
# How often subscribed calendar applications should fetch the feed again.
REFRESH_INTERVAL = timedelta(hours=6)  # also X-PUBLISHED-TTL below


def zone():
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class EventTimes:
    """When a session happens, as a calendar sees it."""

    start: date | datetime
    end: date | datetime | None
    all_day: bool


def event_times(session, day_date):
    """Start and end of ``session`` on ``day_date``: aware datetimes in the project's
    zone when the session has a start time, else the day itself as an all-day entry
    (DTEND is the next day: RFC 5545 end dates are exclusive)."""
    if session.start_time is None:
        return EventTimes(start=day_date, end=day_date + timedelta(days=1), all_day=True)
    tz = zone()
    start = datetime.combine(day_date, session.start_time, tzinfo=tz)
    end_time = session.end_time or getattr(session, "return_time", None)
    end = None
    if end_time is not None and end_time > session.start_time:
        end = datetime.combine(day_date, end_time, tzinfo=tz)
    return EventTimes(start=start, end=end, all_day=False)


def session_location(session):
    """ "Halle basse 2, Bazaar St So, 292 rue Camille Guérin, 59000 Lille", whichever
    parts exist: meeting point (routes), room and building, address, the editor's note."""
    parts = []
    meeting_point = getattr(session, "meeting_point", "")
    if meeting_point:
        parts.append(meeting_point)
    venue = session.venue
    if venue is not None:
        parts.append(venue.label)
        address = venue.full_address or (venue.part_of.full_address if venue.part_of_id else "")
        if address:
            parts.append(address)
    if session.location_note:
        parts.append(session.location_note)
    return ", ".join(parts)


def session_position(session):
    """(latitude, longitude) of the session's room or of its building, or None."""
    venue = session.venue
    for place in (venue, venue.part_of if venue is not None and venue.part_of_id else None):
        if place is not None and place.has_position:
            return float(place.latitude), float(place.longitude)
    return None


def session_description(session, url):
    """Plain text: summary, people or stops, practical note, registration, link."""
    lines = []
    if session.summary:
        lines.append(normalize_newlines(session.summary).strip())
    if isinstance(session, RoutePage):
        stops = [stop.venue.name for stop in session.get_stops()]
        if stops:
            lines.append(_("Étapes : %(stops)s") % {"stops": " → ".join(stops)})
    else:
        people = [f"{sp.role_label} : {sp.person.name}" for sp in session.get_people()]
        lines.extend(people)
    if session.practical_note:
        lines.append(session.practical_note)
    if session.registration_required:
        lines.append(_("Inscription obligatoire : %(url)s") % {"url": url})
    elif url:
        lines.append(url)
    return "\n".join(strip_tags(line) for line in lines)


def session_event(session, day, request=None):
    """The VEVENT of one session (a WorkshopPage or RoutePage) of ``day``."""
    times = event_times(session, day.date)
    url = session.get_full_url(request) or ""
    event = Event()
    event.add("uid", f"{session.translation_key}@ectl-programme")
    stamp = session.last_published_at or session.latest_revision_created_at or timezone.now()
    event.add("dtstamp", stamp.astimezone(ZoneInfo("UTC")))
    event.add("last-modified", stamp.astimezone(ZoneInfo("UTC")))
    event.add("summary", session.numbered_title)
    event.add("dtstart", times.start)
    if times.end is not None:
        event.add("dtend", times.end)
    if times.all_day:
        event.add("transp", "TRANSPARENT")
    location = session_location(session)
    if location:
        event.add("location", location)
    position = session_position(session)
    if position is not None:
        event.add("geo", vGeo(position))
    description = session_description(session, url)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    event.add("categories", [str(session.kind_label)])
    event.add("status", "CONFIRMED")
    event.add("class", "PUBLIC")
    return event


def new_calendar(name, first_day, last_day, description=""):
    """An empty VCALENDAR with the Europe/Paris VTIMEZONE covering the given days."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if description:
        calendar.add("x-wr-caldesc", description)
    calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    # Always present, even when every entry is all-day: clients that subscribe use it as
    # the calendar's zone, and entries added later find it there.
    calendar.add_component(
        Timezone.from_tzid(
            settings.TIME_ZONE,
            first_date=date(first_day.year - 1, 1, 1),
            last_date=date(last_day.year + 1, 12, 31),
        )
    )
    return calendar


def _restricted_paths(root):
    """Paths of the pages below ``root`` (inclusive) that have a view restriction."""
    return tuple(
        PageViewRestriction.objects.filter(page__path__startswith=root.path).values_list(
            "page__path", flat=True
        )
    )


def _visible(page, restricted):
    return not page.path.startswith(restricted) if restricted else True


def _add_day(calendar, day, request, restricted):
    for session in day.get_sessions():
        if _visible(session, restricted):
            calendar.add_component(session_event(session, day, request))


def edition_calendar(edition, request=None):
    """Every live session of every live day of ``edition``."""
    days = list(ProgrammeDayPage.objects.child_of(edition).live().order_by("date", "path"))
    restricted = _restricted_paths(edition)
    calendar = new_calendar(
        edition.title, edition.start_date, edition.last_day, description=edition.tagline or ""
    )
    for day in days:
        if _visible(day, restricted):
            _add_day(calendar, day, request, restricted)
    return calendar


def day_calendar(day, request=None):
    """Every live session of ``day``."""
    edition = day.get_parent().specific
    name = f"{edition.title} – {day.title}" if edition.title not in day.title else day.title
    calendar = new_calendar(name, day.date, day.date)
    _add_day(calendar, day, request, _restricted_paths(day))
    return calendar


def session_calendar(session, request=None):
    """One session (for "add to my calendar")."""
    day = session.day
    calendar = new_calendar(session.numbered_title, day.date, day.date)
    calendar.add_component(session_event(session, day, request))
    return calendar


def calendar_for_page(page, request=None):
    """The calendar of an edition, day or session page; None for any other page."""
    from home.models import EditionPage

    if isinstance(page, EditionPage):
        return edition_calendar(page, request)
    if isinstance(page, ProgrammeDayPage):
        return day_calendar(page, request)
    if isinstance(page, SessionPage) and isinstance(page.day, ProgrammeDayPage):
        return session_calendar(page, request)
    return None
