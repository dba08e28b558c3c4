from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Person, Venue

# "Add new" tabs in the person and venue choosers: the editor adds a missing speaker or
# room without leaving the session. Short forms; the bio, photo or position are completed
# later under "Personnes et lieux". New entries get the default (French) locale.


class PersonChooserViewSet(SnippetChooserViewSet):
    form_fields = ["name", "organisation", "role"]
    creation_tab_label = _("Ajouter une personne")
    create_action_label = _("Ajouter")


class VenueCreationForm(forms.ModelForm):
    class Meta:
        model = Venue
        fields = ["name", "part_of", "address", "postcode", "town"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A room belongs to a venue of the source language, not to another room.
        self.fields["part_of"].queryset = Venue.objects.filter(
            locale=Locale.get_default(), part_of__isnull=True
        )


class VenueChooserViewSet(SnippetChooserViewSet):
    creation_form_class = VenueCreationForm
    creation_tab_label = _("Ajouter un lieu")
    create_action_label = _("Ajouter")


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Personnes")
    list_display = ["name", "organisation", "role"]
    search_fields = ["name", "organisation"]
    chooser_viewset_class = PersonChooserViewSet


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = _("Lieux")
    list_display = ["name", "part_of", "town"]
    search_fields = ["name", "town"]
    chooser_viewset_class = VenueChooserViewSet


class ProgrammeSnippets(SnippetViewSetGroup):
    items = (PersonViewSet, VenueViewSet)
    menu_icon = "group"
    menu_label = _("Personnes et lieux")
    menu_name = "people-and-venues"


register_snippet(ProgrammeSnippets)
