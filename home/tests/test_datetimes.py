"""One date and time style per language (home/datetimes.py): "4 pm" and "Monday 29
November 2027" in English, never Django's "4 p.m." or "Nov. 29, 2027"."""

import datetime

import pytest
from django.utils import translation

from home import datetimes

DAY = datetime.date(2027, 11, 29)


@pytest.mark.parametrize(
    ("value", "english", "french"),
    [
        (datetime.time(16, 0), "4 pm", "16h00"),
        (datetime.time(9, 30), "9:30 am", "9h30"),
        (datetime.time(12, 0), "12 pm", "12h00"),
        (datetime.time(0, 15), "12:15 am", "0h15"),
    ],
)
def test_time_of_day(value, english, french):
    with translation.override("en"):
        assert datetimes.time_of_day(value) == english
    with translation.override("fr"):
        assert datetimes.time_of_day(value) == french


def test_a_day_reads_the_same_way_everywhere():
    with translation.override("en"):
        assert datetimes.long_date(DAY) == "Monday 29 November 2027"
    with translation.override("fr"):
        assert datetimes.long_date(DAY) == "lundi 29 novembre 2027"


def test_date_and_time_in_the_local_time_zone():
    moment = datetime.datetime(2027, 11, 29, 15, 0, tzinfo=datetime.UTC)  # 16:00 in Paris
    with translation.override("en"):
        assert datetimes.date_and_time(moment) == "Monday 29 November 2027, 4 pm"
    with translation.override("fr"):
        assert datetimes.date_and_time(moment) == "lundi 29 novembre 2027 à 16h00"


def test_nothing_for_no_value():
    assert datetimes.time_of_day(None) == datetimes.long_date(None) == datetimes.date_and_time(None) == ""
