from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import LocaleColumn
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail.snippets.widgets import AdminSnippetChooser

from .models import Person, Venue
from .ordering import place_in_programme

# The person and venue choosers: button labels that read well in French, and an "add"
# tab so that the editor adds a missing speaker or room without leaving the session. Short
# forms; the bio, photo or position are completed later under "Personnes et lieux". New
# entries get the default (French) locale.


class LabelledSnippetChooser(AdminSnippetChooser):
    """Wagtail writes its chooser's button labels once, at start-up, in the language then
    active ("Choose lieu" in the French admin); these stay lazy until the form is drawn."""

    def __init__(self, model, *, choose_one_text, choose_another_text, **kwargs):
        super().__init__(model, **kwargs)
        self.choose_one_text = choose_one_text
        self.choose_another_text = choose_another_text
        self.link_to_chosen_text = _("Modifier la fiche")


class FrenchChooseViewMixin:
    """The chooser's title already names what it chooses ("Choisir un lieu"): no
    subtitle repeating it ("Choisir un lieu lieu"); its language filter is labelled."""

    page_subtitle = None

    def get_filter_form(self):
        form = super().get_filter_form()
        if "locale" in form.fields:
            form.fields["locale"].label = _("Langue")
        return form


class LabelledChooseView(FrenchChooseViewMixin, ChooseView):
    pass


class LabelledChooseResultsView(FrenchChooseViewMixin, ChooseResultsView):
    pass


class LabelledChooserViewSet(SnippetChooserViewSet):
    """A snippet chooser whose buttons name what they choose."""

    create_action_label = _("Ajouter")
    choose_view_class = LabelledChooseView
    choose_results_view_class = LabelledChooseResultsView

    @cached_property
    def widget_class(self):
        return LabelledSnippetChooser(
            self.model,
            icon=self.icon,
            choose_one_text=self.choose_one_text,
            choose_another_text=self.choose_another_text,
        )


class PersonChooserViewSet(LabelledChooserViewSet):
    form_fields = ["name", "organisation", "role"]
    creation_tab_label = _("Ajouter une personne")
    choose_one_text = _("Choisir une personne")
    choose_another_text = _("Choisir une autre personne")


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


class VenueChooserViewSet(LabelledChooserViewSet):
    creation_form_class = VenueCreationForm
    creation_tab_label = _("Ajouter un lieu")
    choose_one_text = _("Choisir un lieu")
    choose_another_text = _("Choisir un autre lieu")


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Personnes")
    # The language tells the French record from its English translation.
    list_display = ["name", LocaleColumn(label=_("Langue")), "organisation", "role"]
    search_fields = ["name", "organisation"]
    chooser_viewset_class = PersonChooserViewSet


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = _("Lieux")
    list_display = ["name", LocaleColumn(label=_("Langue")), "part_of", "town"]
    search_fields = ["name", "town"]
    chooser_viewset_class = VenueChooserViewSet

    def get_queryset(self, request):
        # The listing shows each room's building.
        return Venue.objects.select_related("part_of")


class ProgrammeSnippets(SnippetViewSetGroup):
    items = (PersonViewSet, VenueViewSet)
    menu_icon = "group"
    menu_label = _("Personnes et lieux")
    menu_name = "people-and-venues"


register_snippet(ProgrammeSnippets)


@hooks.register("after_create_page")
def place_new_session(request, page):
    """A new session, even a draft, takes its place in its day's programme."""
    if hasattr(page, "slot") and hasattr(page, "start_time"):
        place_in_programme(page)


@hooks.register("after_edit_page")
def place_edited_session(request, page):
    """A draft whose slot or time changed moves too (the tree order is shared)."""
    if hasattr(page, "slot") and hasattr(page, "start_time"):
        place_in_programme(page)
