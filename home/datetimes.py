"""Dates and times as the site writes them, one style per language, in the active one:

- French: "lundi 29 novembre 2027", "18h00", "lundi 29 novembre 2027 à 18h00";
- English: "Monday 29 November 2027", "4 pm", "4:30 pm", "Monday 29 November 2027, 4 pm".

Django's own English formats ("Nov. 29, 2027", "4 p.m.", which ends a sentence with two
full stops) are never used on the public site: templates, e-mails and messages call these.
"""

import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format, time_format

DAY_FORMAT = "l j F Y"


def _is_french():
    return (translation.get_language() or "").startswith("fr")


def long_date(value):
    """ "lundi 29 novembre 2027" / "Monday 29 November 2027"."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return date_format(value, DAY_FORMAT)


def time_of_day(value):
    """ "18h00" / "4 pm", "4:30 pm"."""
    if value is None or value == "":
        return ""
    if _is_french():
        return time_format(value, r"G\hi")
    hour = value.hour % 12 or 12
    clock = f"{hour}:{value.minute:02d}" if value.minute else str(hour)
    return f"{clock} {'am' if value.hour < 12 else 'pm'}"


def date_and_time(value):
    """ "lundi 29 novembre 2027 à 18h00" / "Monday 29 November 2027, 4 pm"."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    joiner = " à " if _is_french() else ", "
    return f"{long_date(value)}{joiner}{time_of_day(value.time())}"
