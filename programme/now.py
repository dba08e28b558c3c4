"""What is on now and what comes next, on an edition's day.

The day's slots (``ProgrammeDayPage.get_slots()``) are in programme order. A slot starts
at its start time when it has one; it ends at its end time, else at the next slot's known
start, else at the end of its day. At a moment ``now`` (aware, read in the event's zone):

- outside the day: nothing (``None``);
- "En ce moment": the slots whose start has passed and that have not ended (several
  when the programme overlaps them);
- "Ensuite": the slot after the last one that started (the first slot before anything
  started), whether it has a time or not: the programme's order says it comes next;
- a day whose programme gives no start time at all: the day is on, but what is on now is
  unknown; ``NowNext.untimed`` says so and no slot is named (nothing invented).

``valid_until`` is the next moment the answer changes (a start, an end, midnight): the
page cache keeps a page showing it no longer than that (home/freshness.py).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from programme.timing import aware, zone


def current_time():
    """The moment pages are rendered for (tests replace it to render at a fixed time)."""
    return timezone.now()


@dataclass
class NowNext:
    day: object
    current: list = field(default_factory=list)  # Slots
    upcoming: object = None  # a Slot, or None
    untimed: bool = False
    valid_until: datetime | None = None


def _starts(slots, day_date):
    return [aware(day_date, slot.start_time) if slot.start_time else None for slot in slots]


def _end_of(index, slots, starts, day_end):
    """When the slot at ``index`` ends: its end time, the next known start, the day's end."""
    slot = slots[index]
    if slot.end_time and slot.start_time and slot.end_time > slot.start_time:
        return aware(starts[index].date(), slot.end_time)
    later = [start for start in starts[index + 1 :] if start is not None]
    return min(later) if later else day_end


def _boundaries(slots, starts, day_start, day_end):
    moments = {day_start, day_end}
    for index, start in enumerate(starts):
        if start is not None:
            moments.add(start)
            moments.add(_end_of(index, slots, starts, day_end))
    return sorted(moments)


def day_now_next(day, slots, now):
    """(NowNext or None, valid until): the NowNext of ``day`` (a page with ``date``)
    whose programme is ``slots``, at ``now``; None outside the day or without slots,
    then valid until the day starts (None once it is over)."""
    now = now.astimezone(zone())
    day_start = aware(day.date)
    day_end = aware(day.date + timedelta(days=1))
    if not slots or now >= day_end:
        return None, None
    if now < day_start:
        return None, day_start
    starts = _starts(slots, day.date)
    result = NowNext(day=day)
    following = [moment for moment in _boundaries(slots, starts, day_start, day_end) if moment > now]
    result.valid_until = following[0] if following else day_end
    if all(start is None for start in starts):
        result.untimed = True
        return result, result.valid_until
    started = [index for index, start in enumerate(starts) if start is not None and start <= now]
    result.current = [slots[index] for index in started if now < _end_of(index, slots, starts, day_end)]
    last = started[-1] if started else -1
    if last + 1 < len(slots):
        result.upcoming = slots[last + 1]
    return result, result.valid_until


def edition_now_next(days, now, slots_of):
    """(NowNext or None, valid until) for the edition's day that ``now`` falls on
    (``days`` by date; ``slots_of(day)`` gives its slots and is called for that day
    only); outside the days None, valid until the next day starts."""
    local = now.astimezone(zone())
    today = [day for day in days if day.date == local.date()]
    if today:
        return day_now_next(today[0], slots_of(today[0]), now)
    upcoming = [aware(day.date) for day in days if day.date > local.date()]
    return None, (min(upcoming) if upcoming else None)
