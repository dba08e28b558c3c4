from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Person, Venue


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Personnes")
    list_display = ["name", "organisation", "role"]
    search_fields = ["name", "organisation"]


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = _("Lieux")
    list_display = ["name", "part_of", "town"]
    search_fields = ["name", "town"]


class ProgrammeSnippets(SnippetViewSetGroup):
    items = (PersonViewSet, VenueViewSet)
    menu_icon = "group"
    menu_label = _("Personnes et lieux")
    menu_name = "people-and-venues"


register_snippet(ProgrammeSnippets)
