"""When a session runs: its day, slot and times, as the programme, the calendars, the
search engines' data and the registration rules (clashes, reminders) all read them.

Built by ``SessionPage.timing()``; plain data, no query.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings


def zone():
    """The event's zone (the project's ``TIME_ZONE``, Europe/Paris)."""
    return ZoneInfo(settings.TIME_ZONE)


def aware(day, moment=time.min):
    """``day`` at ``moment`` in the event's zone."""
    return datetime.combine(day, moment, tzinfo=zone())


@dataclass(frozen=True)
class Timing:
    """A session's day, slot, start and end. ``end`` is the end time, else a route's
    return time; an end that is not after the start is dropped."""

    date: date | None
    slot: int | None
    start: time | None
    end: time | None

    @property
    def all_day(self):
        """No time of day given (the programme often gives none): the whole day."""
        return self.start is None

    def bounds(self):
        """(start, end) as a calendar sees them: aware datetimes when the start time is
        known (end None when unknown), else the day and the next day (an all-day entry,
        RFC 5545 end dates being exclusive). None without a date."""
        if self.date is None:
            return None
        if self.all_day:
            return self.date, self.date + timedelta(days=1)
        return aware(self.date, self.start), aware(self.date, self.end) if self.end else None

    def clashes_with(self, other):
        """Same day, and the same slot or overlapping times."""
        if self.date is None or other.date is None or self.date != other.date:
            return False
        if self.slot is not None and self.slot == other.slot:
            return True
        if self.start is None or other.start is None:
            return False
        if self.start == other.start:
            return True
        # A session without end time is taken as the instant it starts.
        return self.start < (other.end or other.start) and other.start < (self.end or self.start)
