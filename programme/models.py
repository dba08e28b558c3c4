"""The programme of an edition: days, sessions, guided routes, and the people and venues
they share.

People and venues are translatable snippets, written once and reused across sessions and
editions. Sessions are pages (they need a stable identity to be registered for), grouped
on their day by an optional slot number so that parallel sessions show side by side even
when the programme gives no time of day.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.models import LineageMixin
from home.routes import CalendarFeedMixin, JoinedPageManager
from portal.blocks import BodyBlock, SessionBodyBlock
from programme.panels import VenuePositionPanel
from programme.registrations.blocks import RegistrationQuestionsBlock
from programme.rooms import ROOMS, rooms_response

# --- Snippets -----------------------------------------------------------------------


class Person(TranslatableMixin, index.Indexed, models.Model):
    """Someone who speaks, facilitates or testifies. Written once, chosen everywhere."""

    name = models.CharField(
        _("nom"), max_length=150, help_text=_("Prénom et nom, tels qu'ils seront affichés.")
    )
    organisation = models.CharField(
        _("structure"),
        max_length=200,
        blank=True,
        help_text=_("Le lieu, le réseau ou l'organisation que la personne représente."),
    )
    role = models.CharField(
        _("fonction"),
        max_length=250,
        blank=True,
        help_text=_("Par exemple « Déléguée générale » ou « contributrice à la Compagnie des Tiers-Lieux »."),
    )
    bio = RichTextField(
        _("biographie"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Quelques lignes de présentation, réutilisées sur chaque séance."),
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Portrait facultatif ; pensez à son texte alternatif."),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("organisation"), FieldPanel("role")]),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
        index.FilterField("locale"),
    ]
    # Names stay as they are in every language; functions and bios are translated.
    translatable_fields = [
        SynchronizedField("name", overridable=False),
        SynchronizedField("organisation"),
        TranslatableField("role"),
        TranslatableField("bio"),
        SynchronizedField("photo"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def description(self):
        """ "Déléguée générale, France Tiers-Lieux", whichever parts exist."""
        # A role that already names the organisation ("élu à la Métropole…") stands alone.
        if self.organisation and self.organisation in self.role:
            return self.role
        return ", ".join(part for part in (self.role, self.organisation) if part)


class Venue(TranslatableMixin, index.Indexed, models.Model):
    """A place: the main venue, one of its rooms, a route stop, a partner's venue."""

    name = models.CharField(
        _("nom"), max_length=200, help_text=_("Par exemple « Les Halles » ou « Pop Café ».")
    )
    part_of = models.ForeignKey(
        "self",
        verbose_name=_("fait partie de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rooms",
        help_text=_("Pour une salle : le lieu qui la contient (par exemple le Bazaar St So)."),
    )
    address = models.CharField(_("adresse"), max_length=250, blank=True, help_text=_("Numéro et rue."))
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    town = models.CharField(
        _("ville ou quartier"),
        max_length=120,
        blank=True,
        help_text=_("Par exemple « Tourcoing » ou « Lille Fives »."),
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Facultatif : position pour la carte des parcours."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    accessibility = models.TextField(
        _("accessibilité"),
        blank=True,
        help_text=_("Accès en fauteuil, ascenseur, boucle magnétique, distance à pied…"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("part_of"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldRowPanel([FieldPanel("postcode"), FieldPanel("town")])],
            heading=_("Adresse"),
        ),
        # Click on a map to place the venue (programme/panels.py).
        VenuePositionPanel([FieldPanel("latitude"), FieldPanel("longitude")], heading=_("Position")),
        FieldPanel("accessibility"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("town"),
        index.FilterField("locale"),
    ]
    translatable_fields = [
        SynchronizedField("name", overridable=False),
        TranslatableField("part_of"),
        SynchronizedField("address", overridable=False),
        SynchronizedField("postcode", overridable=False),
        SynchronizedField("town", overridable=False),
        SynchronizedField("latitude", overridable=False),
        SynchronizedField("longitude", overridable=False),
        TranslatableField("accessibility"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("lieu")
        verbose_name_plural = _("lieux")
        ordering = ["name"]

    def __str__(self):
        if self.part_of_id:
            return f"{self.name} – {self.part_of.name}"
        return self.name

    def clean(self):
        if self.part_of_id and self.part_of_id == self.pk:
            raise ValidationError({"part_of": _("Un lieu ne peut pas faire partie de lui-même.")})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Indiquez la latitude et la longitude, ou aucune des deux."))

    @property
    def has_position(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def full_address(self):
        town = " ".join(part for part in (self.postcode, self.town) if part)
        return ", ".join(part for part in (self.address, town) if part)

    @property
    def label(self):
        """The name shown to visitors: "Halle basse 2, Bazaar St So" for a room, without
        repeating the building when the room's name already says it. Needs part_of
        loaded (the day page selects it)."""
        building = self.part_of.name if self.part_of_id else ""
        if not building or building in self.name:
            return self.name
        return f"{self.name}, {building}"


# --- Editorial ----------------------------------------------------------------------


class EditoPage(LineageMixin, Page):
    """The edition's editorial: why this year's theme, signed by the organisers."""

    body = StreamField(BodyBlock(), verbose_name=_("texte"), help_text=_("Le texte de l'édito."))
    signature = models.CharField(
        _("signature"),
        max_length=250,
        blank=True,
        help_text=_(
            "Facultatif : qui signe l'édito, par exemple « L'équipe de la Compagnie des Tiers-Lieux »."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("body"), FieldPanel("signature")]

    parent_page_types = ["home.EditionPage"]
    subpage_types = []
    # One editorial per edition.
    max_count_per_parent = 1
    page_description = _("L'édito de l'édition.")
    template = "pages/edito_page.html"
    search_fields = Page.search_fields + [index.SearchField("body")]

    class Meta:
        verbose_name = _("édito")
        verbose_name_plural = _("éditos")


# --- Programme day ------------------------------------------------------------------


@dataclass
class Slot:
    """Sessions of one day that run at the same time (or one session on its own)."""

    number: int | None
    sessions: list = field(default_factory=list)

    @property
    def is_parallel(self):
        return len(self.sessions) > 1

    @property
    def start_time(self):
        times = [s.start_time for s in self.sessions if s.start_time]
        return min(times) if times else None

    @property
    def end_time(self):
        times = [s.end_time for s in self.sessions if s.end_time]
        return max(times) if times else None


class ProgrammeDayPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        day = cleaned_data.get("date")
        edition = self.parent_page.specific if self.parent_page else None
        first = getattr(edition, "start_date", None)
        last = getattr(edition, "last_day", None)
        if day and first and not first <= day <= last:
            self.add_error(
                "date",
                _("Cette date est en dehors de l'édition (du %(start)s au %(end)s).")
                % {"start": first.strftime("%d/%m/%Y"), "end": last.strftime("%d/%m/%Y")},
            )
        return cleaned_data


def _attach(pages, attribute, queryset):
    """Set ``attribute`` on each page to the list of its rows of ``queryset`` (an
    orderable child model, in its order): one query for all the pages."""
    rows = {page.pk: [] for page in pages}
    if rows:
        for row in queryset.filter(page_id__in=rows):
            rows[row.page_id].append(row)
    for page in pages:
        page.__dict__[attribute] = rows[page.pk]


class ProgrammeDayPage(LineageMixin, CalendarFeedMixin, Page):
    """One day of an edition. Its children are the sessions and routes of that day, shown
    in the page tree's order and grouped by slot. Routes: its calendar feed
    (home/routes.py) and its programme by room (programme/rooms.py)."""

    date = models.DateField(
        _("date"), help_text=_("Le jour du programme, compris dans les dates de l'édition.")
    )
    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Quelques lignes en tête du programme du jour."),
    )

    content_panels = Page.content_panels + [FieldPanel("date"), FieldPanel("intro")]
    # The day is the French one's in every language; translators never change it.
    override_translatable_fields = [SynchronizedField("date", overridable=False)]

    parent_page_types = ["home.EditionPage"]
    subpage_types = ["programme.WorkshopPage", "programme.RoutePage"]
    base_form_class = ProgrammeDayPageForm
    objects = JoinedPageManager("locale")
    page_description = _("Le programme d'une journée : ses séances et ses parcours, dans l'ordre.")
    template = "pages/programme_day_page.html"

    class Meta:
        verbose_name = _("journée de programme")
        verbose_name_plural = _("journées de programme")

    def get_sessions(self):
        """Live sessions and routes of the day, in tree order, with what their cards
        show. A fixed number of queries whatever the number of sessions."""
        # The cards never show a session's body: not loading it saves decoding its JSON.
        workshops = list(
            WorkshopPage.objects.child_of(self).live().select_related("venue__part_of").defer("body")
        )
        routes = list(RoutePage.objects.child_of(self).live().select_related("venue__part_of").defer("body"))
        # People and stops are attached by hand rather than with prefetch_related():
        # modelcluster's prefetch machinery costs more than the query itself.
        _attach(workshops, "_people", SessionPerson.objects.select_related("person"))
        _attach(routes, "_stops", RouteStop.objects.select_related("venue"))
        return sorted([*workshops, *routes], key=lambda page: page.path)

    def get_slots(self):
        """Group the day's sessions: those sharing a slot number form one slot, placed
        where its first session stands; a session without number is a slot of its own."""
        slots, by_number = [], {}
        for session in self.get_sessions():
            if session.slot is None:
                slots.append(Slot(number=None, sessions=[session]))
            elif session.slot in by_number:
                by_number[session.slot].sessions.append(session)
            else:
                by_number[session.slot] = Slot(number=session.slot, sessions=[session])
                slots.append(by_number[session.slot])
        return slots

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["slots"] = self.get_slots()
        return context

    def get_calendar(self, request):
        # TEMP(integration): replaced by the one builder (programme.calendars imports
        # these models, hence the import here).
        from programme.calendars import day_calendar

        return day_calendar(self, request)

    @path(format_lazy("{}/", ROOMS), name="rooms")
    @path(format_lazy("{}/<slug:room>/", ROOMS), name="room")
    def rooms_route(self, request, room=None):
        return rooms_response(request, self, room)


# --- Sessions -----------------------------------------------------------------------


class SessionPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model wants at least one place; without this the form field alone would
        # answer "-5" with "at least 0".
        if capacity := self.fields.get("capacity"):
            capacity.min_value = 1
            capacity.widget.attrs["min"] = 1
            capacity.validators = [v for v in capacity.validators if not isinstance(v, MinValueValidator)]
            capacity.validators.append(MinValueValidator(1))

    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start_time"), cleaned_data.get("end_time")
        if end and not start:
            self.add_error("start_time", _("Indiquez l'heure de début si vous indiquez une heure de fin."))
        elif start and end and end <= start:
            self.add_error("end_time", _("L'heure de fin doit être après l'heure de début."))
        opens, closes = cleaned_data.get("registration_opens_at"), cleaned_data.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error(
                "registration_closes_at",
                _("La fermeture des inscriptions doit être après leur ouverture."),
            )
        if cleaned_data.get("registration_required") and not cleaned_data.get("capacity"):
            self.add_error("capacity", _("Indiquez le nombre de places pour ouvrir les inscriptions."))
        return cleaned_data


class SessionPage(LineageMixin, CalendarFeedMixin, Page):
    """What every session and route shares: its place in the day, where, and its
    registration settings, and its calendar feed (home/routes.py). Abstract: the
    concrete pages are WorkshopPage and RoutePage."""

    # Templates branch on this rather than on a field only routes have: a failed
    # attribute lookup makes Django's template engine call dir() on the page, which
    # costs more than the rest of the card.
    is_route = False

    # Place in the day
    number = models.PositiveSmallIntegerField(
        _("numéro"),
        null=True,
        blank=True,
        help_text=_("Facultatif : le numéro affiché devant le titre (atelier 1, parcours 2…)."),
    )
    slot = models.PositiveSmallIntegerField(
        _("créneau"),
        null=True,
        blank=True,
        help_text=_(
            "Les séances d'une même journée qui ont le même numéro de créneau ont lieu en même "
            "temps (par exemple les six ateliers) : elles sont affichées côte à côte et on ne "
            "peut s'inscrire qu'à une seule. Laissez vide pour une séance seule."
        ),
    )
    start_time = models.TimeField(_("heure de début"), null=True, blank=True, help_text=_("Facultatif."))
    end_time = models.TimeField(_("heure de fin"), null=True, blank=True, help_text=_("Facultatif."))

    # Where
    venue = models.ForeignKey(
        "programme.Venue",
        verbose_name=_("lieu ou salle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Choisissez la salle dans la liste des lieux, ou ajoutez-la."),
    )
    location_note = models.CharField(
        _("précision sur le lieu"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « 10 min à pied du Bazaar St So »."),
    )

    # Content
    summary = models.TextField(
        _("résumé"),
        blank=True,
        max_length=600,
        help_text=_("Deux ou trois phrases, reprises dans le programme du jour."),
    )
    practical_note = models.CharField(
        _("note pratique"),
        max_length=250,
        blank=True,
        help_text=_("Par exemple « Adhésion au Bus Magique à prix libre »."),
    )

    # Registration
    registration_required = models.BooleanField(
        _("inscription obligatoire"),
        default=False,
        help_text=_("Cochez si les places sont limitées et qu'il faut s'inscrire."),
    )
    capacity = models.PositiveIntegerField(
        _("nombre de places"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Partagé par les versions française et anglaise de la séance."),
    )
    waiting_list_enabled = models.BooleanField(
        _("liste d'attente"),
        default=True,
        help_text=_(
            "Quand la séance est complète, proposer la liste d'attente. La première personne "
            "en attente prend automatiquement une place libérée et en est avertie par e-mail."
        ),
    )
    registration_opens_at = models.DateTimeField(
        _("ouverture des inscriptions"),
        null=True,
        blank=True,
        help_text=_("Facultatif. Par défaut, les inscriptions sont ouvertes dès la publication."),
    )
    registration_closes_at = models.DateTimeField(
        _("clôture des inscriptions"),
        null=True,
        blank=True,
        help_text=_(
            "Facultatif. Par défaut : à l'heure de début de la séance, ou la veille à minuit si "
            "elle n'a pas d'heure. Toujours closes après le dernier jour de l'édition."
        ),
    )
    registration_questions = StreamField(
        RegistrationQuestionsBlock(),
        verbose_name=_("questions complémentaires"),
        blank=True,
        help_text=_(
            "Facultatif : questions posées dans le formulaire d'inscription (menu, vélo à "
            "prêter…). Ne supprimez pas une question qui a déjà des réponses."
        ),
    )

    time_panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("slot")]),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
    ]
    place_panels = [FieldPanel("venue"), FieldPanel("location_note")]
    registration_panels = [
        FieldRowPanel([FieldPanel("registration_required"), FieldPanel("capacity")]),
        FieldPanel("waiting_list_enabled"),
        FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
        FieldPanel("registration_questions"),
    ]

    # Structure, times, places and capacity follow the French source.
    override_translatable_fields = [
        SynchronizedField("number", overridable=False),
        SynchronizedField("slot", overridable=False),
        SynchronizedField("start_time", overridable=False),
        SynchronizedField("end_time", overridable=False),
        SynchronizedField("registration_required", overridable=False),
        SynchronizedField("capacity", overridable=False),
        SynchronizedField("waiting_list_enabled", overridable=False),
        SynchronizedField("registration_opens_at", overridable=False),
        SynchronizedField("registration_closes_at", overridable=False),
        # Question labels and options are translated; their ids and "required" follow the source.
        TranslatableField("registration_questions"),
    ]

    parent_page_types = ["programme.ProgrammeDayPage"]
    subpage_types = []
    base_form_class = SessionPageForm
    # The page, its cards and its calendar entry show the room and its building.
    objects = JoinedPageManager("locale", "venue__part_of")

    class Meta:
        abstract = True

    @property
    def numbered_title(self):
        return f"{self.number}. {self.title}" if self.number else self.title

    @cached_property
    def day(self):
        parent = self.get_parent()
        return parent.specific if parent else None

    def get_calendar(self, request):
        """One entry, for "add to my calendar"; None outside a programme day."""
        if not isinstance(self.day, ProgrammeDayPage):
            return None
        # TEMP(integration): replaced by the one builder (programme.calendars imports
        # these models, hence the import here).
        from programme.calendars import session_calendar

        return session_calendar(self, request)


SESSION_FORMATS = [
    ("reception", _("Accueil")),
    ("opening", _("Ouverture")),
    ("plenary", _("Plénière")),
    ("round_table", _("Table ronde")),
    ("workshop", _("Atelier")),
    ("meal", _("Repas")),
    ("evening", _("Soirée")),
    ("other", _("Autre")),
]


class WorkshopPage(SessionPage):
    """Any session of the programme, from the reception to the evening: its format says
    which. People are chosen from the Person snippets with their role in this session."""

    format = models.CharField(
        _("format"),
        max_length=20,
        choices=SESSION_FORMATS,
        default="workshop",
        help_text=_("Le type de séance, affiché sur le programme."),
    )
    body = StreamField(
        SessionBodyBlock(),
        verbose_name=_("contenu"),
        blank=True,
        help_text=_("Description, menus, citation, replay vidéo…"),
    )

    content_panels = Page.content_panels + [
        FieldPanel("format"),
        MultiFieldPanel(SessionPage.time_panels, heading=_("Place dans la journée")),
        MultiFieldPanel(SessionPage.place_panels, heading=_("Lieu")),
        InlinePanel("speakers", heading=_("Intervenants"), label=_("Intervenant")),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("practical_note"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Contenu")),
            ObjectList(SessionPage.registration_panels, heading=_("Inscriptions")),
            ObjectList(Page.promote_panels, heading=_("Promotion")),
            ObjectList(Page.settings_panels, heading=_("Paramètres")),
        ]
    )
    override_translatable_fields = SessionPage.override_translatable_fields + [
        SynchronizedField("format", overridable=False),
    ]

    page_description = _("Une séance du programme : accueil, plénière, table ronde, atelier, repas, soirée…")
    template = "pages/workshop_page.html"

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("séance")
        verbose_name_plural = _("séances")

    @property
    def kind_label(self):
        # A dict lookup: get_format_display() rebuilds its choices dict on every call,
        # and the day page asks twice per card.
        return FORMAT_LABELS.get(self.format, self.format)

    def get_people(self):
        """The session's people in order, each with its person (and photo): the day page's
        prefetch when there is one, else a single query."""
        # Kept on the instance: the page's template, its metadata and its calendar entry
        # read the same list during one render (evaluated once, on first use).
        if "_people" not in self.__dict__:
            self._people = self.speakers.select_related("person__photo").prefetch_related(
                "person__photo__renditions"
            )
        return self._people


PERSON_ROLES = [
    ("speaker", _("Intervenant·e")),
    ("facilitator", _("Animateur·rice")),
    ("moderator", _("Modérateur·rice")),
    ("witness", _("Témoin")),
]


class SessionPerson(TranslatableMixin, Orderable):
    """A person's part in one session. Translatable so that the English session points at
    the English version of the person."""

    page = ParentalKey(WorkshopPage, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey(
        Person,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Choisissez dans la liste, ou ajoutez une nouvelle personne."),
    )
    role = models.CharField(_("rôle"), max_length=20, choices=PERSON_ROLES, default="speaker")

    panels = [FieldPanel("person"), FieldPanel("role")]

    @property
    def role_label(self):
        """get_role_display() without rebuilding the choices on each of the day page's
        cards."""
        return ROLE_LABELS.get(self.role, self.role)

    # The person follows the source (its English version); the role is not translatable.
    override_translatable_fields = [SynchronizedField("role", overridable=False)]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("intervenant")
        verbose_name_plural = _("intervenants")


ROUTE_MODES = [
    ("bus", _("en bus")),
    ("bike", _("à vélo")),
    ("foot", _("à pied")),
]
FORMAT_LABELS = dict(SESSION_FORMATS)
ROLE_LABELS = dict(PERSON_ROLES)
MODE_LABELS = dict(ROUTE_MODES)


class RoutePageForm(SessionPageForm):
    def clean(self):
        cleaned_data = super().clean()
        stops = self.formsets.get("stops")
        # The page form is cleaned before its formsets: validate them first (an invalid
        # formset shows its own errors) so that each form has its cleaned_data.
        if stops is not None and stops.is_valid():
            kept = [form for form in stops.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
            if not kept:
                raise ValidationError(_("Un parcours doit comporter au moins une étape."))
        return cleaned_data


class RoutePage(SessionPage):
    """A guided visit of several venues, by bus, bike or on foot, leaving from a meeting
    point and coming back at a given time."""

    is_route = True
    mode = models.CharField(_("mode de déplacement"), max_length=10, choices=ROUTE_MODES, default="bus")
    theme = models.CharField(
        _("thème"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « Médiation numérique »."),
    )
    meeting_point = models.CharField(
        _("point de rendez-vous"),
        max_length=200,
        blank=True,
        help_text=_("Par exemple « Départ rue Camille Guérin »."),
    )
    return_time = models.TimeField(
        _("heure de retour"), null=True, blank=True, help_text=_("Par exemple 18:00.")
    )
    body = StreamField(
        SessionBodyBlock(),
        verbose_name=_("contenu"),
        blank=True,
        help_text=_("Présentation du parcours, consignes (vélos à prêter…)."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(SessionPage.time_panels, heading=_("Place dans la journée")),
        FieldRowPanel([FieldPanel("mode"), FieldPanel("theme")]),
        MultiFieldPanel(
            [
                FieldPanel("meeting_point"),
                FieldPanel("venue", heading=_("Lieu de départ et de retour")),
                FieldPanel("return_time"),
            ],
            heading=_("Départ et retour"),
        ),
        InlinePanel("stops", heading=_("Étapes, dans l'ordre"), label=_("Étape")),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("practical_note"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Contenu")),
            ObjectList(SessionPage.registration_panels, heading=_("Inscriptions")),
            ObjectList(Page.promote_panels, heading=_("Promotion")),
            ObjectList(Page.settings_panels, heading=_("Paramètres")),
        ]
    )
    override_translatable_fields = SessionPage.override_translatable_fields + [
        SynchronizedField("mode", overridable=False),
        SynchronizedField("return_time", overridable=False),
    ]
    base_form_class = RoutePageForm

    page_description = _("Un parcours de visites guidées, en bus, à vélo ou à pied, avec ses étapes.")
    template = "pages/route_page.html"

    search_fields = Page.search_fields + [
        index.SearchField("theme"),
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("parcours")
        verbose_name_plural = pgettext_lazy("pluriel", "parcours")

    @property
    def kind_label(self):
        return _("Parcours %(mode)s") % {"mode": MODE_LABELS.get(self.mode, self.mode)}

    def get_stops(self):
        """The route's stops in order with their venue: the day page's prefetch when there
        is one, else a single query."""
        # Kept on the instance, like WorkshopPage.get_people (evaluated once, on first use).
        if "_stops" not in self.__dict__:
            self._stops = list(self.stops.select_related("venue__part_of"))
        return self._stops


class RouteStop(TranslatableMixin, Orderable):
    """One venue visited by a route, in order, with an optional note."""

    page = ParentalKey(RoutePage, on_delete=models.CASCADE, related_name="stops")
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("lieu"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Choisissez le lieu visité dans la liste, ou ajoutez-le."),
    )
    note = models.CharField(
        _("note"),
        max_length=250,
        blank=True,
        help_text=_("Facultatif : ce qu'on y découvre."),
    )

    panels = [FieldPanel("venue"), FieldPanel("note")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("étape")
        verbose_name_plural = _("étapes")
