"""English formats of the site: British dates ("Monday 29 November 2027", never Django's
"Nov. 29, 2027"), and day-first input (29/11/2027) as in the French admin. Times of day
are written by home/datetimes.py ("4 pm"), which Django's format characters cannot."""

DATE_FORMAT = "l j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "l j F Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
]
