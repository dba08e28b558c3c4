"""The translated last segments of the programme's extra URLs (French source, English in
locale/en): ``/fr/2021/calendrier.ics`` is ``/en/2021/calendar.ics``."""

from django.utils.translation import pgettext_lazy

CALENDAR = pgettext_lazy("URL segment", "calendrier.ics")
ROOMS = pgettext_lazy("URL segment", "par-salle")
SEARCH = pgettext_lazy("URL segment", "recherche")
