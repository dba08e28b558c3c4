"""The one iCalendar (RFC 5545) builder: public feeds of the programme and the
registration e-mails' attachments alike.

Generic: pages describe their event as a ``CalendarEvent`` (``SessionPage.calendar_event``)
and this module writes it; it knows nothing of the programme.

- Times are local to the event (the project's ``TIME_ZONE``, Europe/Paris): every timed
  entry carries ``TZID`` and the calendar always holds the matching ``VTIMEZONE``, so
  calendar applications never guess.
- An entry without a time of day is an all-day entry, marked transparent so that it
  does not block the whole day in the visitor's agenda; no hour is invented.
- One UID per session, ``<translation_key>@ectl-programme``: the French and English
  feeds and the registration e-mails describe the same event, and importing it again
  updates the entry instead of duplicating it. ``DTSTAMP`` and ``LAST-MODIFIED`` are
  the page's last publication, so a feed only changes when the programme does.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vGeo

PRODID = "-//En Compagnie des Tiers-Lieux//Programme//FR"
UID_DOMAIN = "ectl-programme"
# How often subscribed calendar applications should fetch a feed again.
REFRESH_INTERVAL = timedelta(hours=6)
UTC = ZoneInfo("UTC")


def event_uid(key):
    """The UID of the event of a page's ``translation_key``, shared by its languages."""
    return f"{key}@{UID_DOMAIN}"


@dataclass(frozen=True)
class CalendarEvent:
    """What a page says about its event; ``start``/``end`` are dates for an all-day
    entry (end exclusive), aware datetimes otherwise."""

    key: object
    summary: str
    start: date | datetime
    end: date | datetime | None = None
    all_day: bool = False
    stamp: datetime | None = None
    location: str = ""
    geo: tuple | None = None
    description: str = ""
    url: str = ""
    categories: tuple = ()
    # Of a personal attachment: its version (a change notice raises it) and its status
    # ("CANCELLED" when the organisers cancel the session). None: left out (feeds).
    sequence: int | None = None
    status: str = "CONFIRMED"


def build_event(entry):
    """The VEVENT of a ``CalendarEvent``."""
    event = Event()
    event.add("uid", event_uid(entry.key))
    stamp = (entry.stamp or timezone.now()).astimezone(UTC)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("summary", entry.summary)
    event.add("dtstart", entry.start)
    if entry.end is not None:
        event.add("dtend", entry.end)
    if entry.all_day:
        event.add("transp", "TRANSPARENT")
    if entry.location:
        event.add("location", entry.location)
    if entry.geo is not None:
        event.add("geo", vGeo(entry.geo))
    if entry.description:
        event.add("description", entry.description)
    if entry.url:
        event.add("url", entry.url)
    if entry.categories:
        event.add("categories", list(entry.categories))
    if entry.sequence is not None:
        event.add("sequence", entry.sequence)
    event.add("status", entry.status)
    event.add("class", "PUBLIC")
    return event


def build_calendar(
    entries, *, first_day, last_day, name="", description="", subscribed=True, method="PUBLISH", organizer=""
):
    """A VCALENDAR of ``entries`` with the project zone's VTIMEZONE covering the given
    days. ``subscribed``: a feed, with its refresh interval (not a one-off attachment).
    ``method``: PUBLISH, or REQUEST / CANCEL for an update or a cancellation of an entry
    already added (iTIP, RFC 5546: then each event names its ``organizer``, an e-mail)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    if description:
        calendar.add("x-wr-caldesc", description)
    if subscribed:
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
    for entry in entries:
        event = build_event(entry)
        if organizer:
            event.add("organizer", f"mailto:{organizer}")
        calendar.add_component(event)
    return calendar
