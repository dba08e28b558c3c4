"""Dates that move with a copied edition: which fields hold them, how a date moves (its
local time of day kept), and the dates and years written in titles and slugs."""

import datetime as dt
import re

from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page


def date_fields(model):
    """The DateField and DateTimeField of a model that belong to its content (not Wagtail's
    own publication and scheduling dates)."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField)
        and field.model is not Page
        and not (field.auto_now or field.auto_now_add)
    ]


def shift_date(value, offset):
    """``value`` + ``offset``; an aware date-time keeps its local time of day."""
    if value is None:
        return None
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        local = timezone.localtime(value).replace(tzinfo=None)
        return timezone.make_aware(local + offset)
    return value + offset


def replace_year(text, old_year, new_year):
    return re.sub(rf"(?<!\d){old_year}(?!\d)", str(new_year), text)


MONTHS = {
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
WEEKDAYS = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def rewrite_dates(text, moves, language, *, slug=False):
    """Rewrite the dates of ``moves`` ({old date: new date}) written in ``text`` as 29/11,
    29/11/2021, [lundi] 29 novembre [2021] or [Monday] November 29 [2021], in the same
    style; with ``slug``, as they are written in an address (29-11, lundi-29-novembre).
    Other dates are left alone. One pass, so that a date moved onto another old date is
    not moved twice."""
    find = _date_finder(moves)
    text = _rewrite_numeric_dates(text, find, "-" if slug else "/")
    if language not in MONTHS:
        return text
    return _rewrite_dates_in_words(text, find, language, slug=slug)


def _date_finder(moves):
    """find(day, month, year) -> the new date of the old date written so, or None."""
    by_day = {(old.day, old.month): (old, new) for old, new in moves.items()}

    def find(day, month, year):
        old, new = by_day.get((int(day), month), (None, None))
        if old is None or (year and int(year) not in (old.year, old.year % 100)):
            return None
        return new

    return find


def _rewrite_numeric_dates(text, find, separator):
    """29/11 and 29/11/2021 (29-11 in an address), the zero padding kept."""

    def numeric(match):
        day, month, year = match["day"], match["month"], match["year"]
        new = find(day, int(month), year)
        if new is None:
            return match[0]
        result = f"{new.day:0{len(day)}d}{separator}{new.month:0{len(month)}d}"
        if year:
            result += f"{separator}{new.year if len(year) == 4 else new.year % 100:02d}"
        return result

    return re.sub(
        rf"(?<!\d)(?P<day>\d{{1,2}}){separator}(?P<month>\d{{1,2}})(?:{separator}(?P<year>\d{{4}}|\d{{2}}))?(?!\d)",
        numeric,
        text,
    )


def _same_case(word, like):
    return word.capitalize() if like[:1].isupper() else word.lower()


def _rewrite_dates_in_words(text, find, language, *, slug):
    """[lundi] 29 novembre [2021], [Monday] November 29 [2021], with the new weekday."""
    word_sep, comma = ("-", "") if slug else (" ", ",?")
    months, weekdays = MONTHS[language], WEEKDAYS[language]
    if slug:
        months, weekdays = [slugify(m) for m in months], [slugify(d) for d in weekdays]

    def words(match):
        month = [m.lower() for m in months].index(match["month"].lower()) + 1
        new = find(match["day"], month, match["year"])
        if new is None:
            return match[0]
        parts = {
            "weekday": _same_case(weekdays[new.weekday()], match["weekday"] or ""),
            "day": str(new.day) + _day_suffix(new.day, match["suffix"], language),
            "suffix": "",
            "month": _same_case(months[new.month - 1], match["month"]),
            "year": str(new.year),
        }
        return _assemble(match, parts)

    weekday_re, month_re = "|".join(weekdays), "|".join(months)
    day_first = (
        rf"(?:(?P<weekday>{weekday_re}){comma}{word_sep})?(?P<day>\d{{1,2}})(?P<suffix>er|st|nd|rd|th)?"
        rf"{word_sep}(?P<month>{month_re})(?:{word_sep}(?P<year>\d{{4}}))?\b"
    )
    month_first = (
        rf"(?:(?P<weekday>{weekday_re}){comma}{word_sep})?(?P<month>{month_re}){word_sep}(?P<day>\d{{1,2}})"
        rf"(?P<suffix>st|nd|rd|th)?(?:{comma}{word_sep}(?P<year>\d{{4}}))?\b"
    )
    # Day first, then (in English) month first: what the first pass wrote ("28 November
    # 2022") cannot be read by the second.
    for pattern in [day_first, month_first] if language == "en" else [day_first]:
        text = re.sub(pattern, words, text, flags=re.IGNORECASE)
    return text


def _assemble(match, parts):
    """Rebuild a matched date from new parts, keeping its separators and leaving out the
    parts it did not have."""
    names = sorted((name for name in parts if match[name] is not None), key=match.start)
    result, position = [], match.start()
    for name in names:
        result += [match.string[position : match.start(name)], parts[name]]
        position = match.end(name)
    result.append(match.string[position : match.end()])
    return "".join(result)


def _day_suffix(day, suffix, language):
    """ "1er" in French; "1st", "2nd"… in English where the original date had a suffix."""
    if language == "fr":
        return "er" if day == 1 else ""
    if not suffix:
        return ""
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
