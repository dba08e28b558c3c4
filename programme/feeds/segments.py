"""The translated last segment of the search's URL (French source, English in
locale/en): ``/fr/recherche/`` is ``/en/search/``. The segments of the page routes live
with their routes: ``calendrier.ics`` in home/routes.py, ``par-salle`` in
programme/rooms.py."""

from django.utils.translation import pgettext_lazy

SEARCH = pgettext_lazy("URL segment", "recherche")
