"""The translated URL segments of the places and people (English in locale/en)."""

from django.utils.translation import pgettext_lazy

PLACES = pgettext_lazy("URL segment", "lieux")
PEOPLE = pgettext_lazy("URL segment", "personnes")
