"""The programme of an edition: days, sessions, guided routes, and the people and venues
they share.

People and venues are translatable snippets, written once and reused across sessions and
editions. Sessions are pages (they need a stable identity to be registered for), grouped
on their day by an optional slot number so that parallel sessions show side by side even
when the programme gives no time of day.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.text import format_lazy, normalize_newlines
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
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

from home.blocks import BodyBlock, SessionBodyBlock
from home.calendars import CalendarEvent, build_calendar
from home.models import EditionPage, LineageMixin
from home.routes import CalendarFeedMixin, JoinedPageManager, JoinedPageQuerySet
from programme.forms import ProgrammeDayPageForm, RoutePageForm, SessionPageForm
from programme.panels import VenuePositionPanel
from programme.registrations.fields import RegistrationFields
from programme.rooms import ROOMS, rooms_response
from programme.slots import Slot
from programme.timing import Timing

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
    def accessibility_note(self):
        """The venue's accessibility note, else its building's (rooms rarely have one)."""
        if self.accessibility:
            return self.accessibility
        return self.part_of.accessibility if self.part_of_id and self.part_of else ""

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

    @property
    def postal_address_source(self):
        """The venue whose address this one is reached at: itself, or for a room
        without its own address, its building."""
        if self.full_address or not self.part_of_id:
            return self
        return self.part_of

    @property
    def postal_address(self):
        """ "292 rue Camille Guérin, 59000 Lille": the room's, else its building's."""
        return self.postal_address_source.full_address

    @property
    def position(self):
        """(latitude, longitude) as floats, of the room or else of its building; None."""
        for place in (self, self.part_of if self.part_of_id else None):
            if place is not None and place.has_position:
                return float(place.latitude), float(place.longitude)
        return None


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


def load_parents(pages, model, attribute):
    """Set the cached property ``attribute`` of each of ``pages`` to its parent page of
    ``model`` (None when the parent is another kind of page), in one query whatever the
    number of pages; returns the parents found. The one place that reads Wagtail's
    materialised paths: a parent's path is its child's minus one step."""
    paths = {page.path[: -page.steplen] for page in pages}
    parents = {parent.path: parent for parent in model.objects.filter(path__in=paths)} if paths else {}
    for page in pages:
        page.__dict__[attribute] = parents.get(page.path[: -page.steplen])
    return list(parents.values())


CARD_DEFERRED_FIELDS = (
    "body",
    "registration_questions",
    "draft_title",
    "seo_title",
    "search_description",
    "latest_revision",
    "latest_revision_created_at",
    "live_revision",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "go_live_at",
    "expire_at",
    "expired",
    "locked",
    "locked_at",
    "locked_by",
    "owner",
    "show_in_menus",
)


class SessionPageQuerySet(JoinedPageQuerySet):
    """Session pages (one concrete type: workshops or routes) of a day or an edition."""

    def of_day(self, day):
        return self.child_of(day)

    def of_edition(self, edition):
        # Sessions are the children of the edition's days.
        return self.descendant_of(edition).filter(depth=edition.depth + 2)

    def for_cards(self):
        """Without what a programme's card never reads: the body and the questions (two
        StreamFields: decoding their JSON is most of loading a session) and Wagtail's
        editorial bookkeeping. A deferred field read anyway costs a query per session,
        which the query budget tests catch."""
        return self.select_related("venue__part_of").defer(*CARD_DEFERRED_FIELDS)


SessionPageManager = JoinedPageManager.from_queryset(SessionPageQuerySet)


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
    # How the edition page (home app, which does not import this one) tells its days.
    is_programme_day = True
    # The explorer lists the sessions in the programme's order (kept by programme/ordering.py).
    admin_default_ordering = "ord"

    class Meta:
        verbose_name = _("journée de programme")
        verbose_name_plural = _("journées de programme")

    def get_sessions(self):
        """Live sessions and routes of the day, in tree order, with what their cards
        show. A fixed number of queries whatever the number of sessions."""
        workshops = list(WorkshopPage.objects.of_day(self).live().for_cards())
        routes = list(RoutePage.objects.of_day(self).live().for_cards())
        # People and stops are attached by hand rather than with prefetch_related():
        # modelcluster's prefetch machinery costs more than the query itself.
        _attach(workshops, "_people", SessionPerson.objects.select_related("person"))
        _attach(routes, "_stops", RouteStop.objects.select_related("venue"))
        sessions = sorted([*workshops, *routes], key=lambda page: page.path)
        for session in sessions:
            session.__dict__["day"] = self  # SessionPage.day, a cached property
        return sessions

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

    @classmethod
    def load_editions(cls, days):
        """Set ``edition`` on each of ``days`` in one query; returns the editions."""
        return load_parents(days, EditionPage, "edition")

    @cached_property
    def edition(self):
        """The day's edition: its parent page."""
        return EditionPage.objects.parent_of(self).first()

    def calendar_sessions(self):
        """The day's live sessions that anyone may see: a restricted one stays out of
        the feeds."""
        public = set(Page.objects.child_of(self).public().values_list("pk", flat=True))
        return [session for session in self.get_sessions() if session.pk in public]

    def get_calendar(self, request=None):
        """The iCalendar feed of the day's sessions."""
        edition = self.get_parent().specific
        name = f"{edition.title} – {self.title}" if edition.title not in self.title else self.title
        events = [session.calendar_event(request) for session in self.calendar_sessions()]
        return build_calendar(events, first_day=self.date, last_day=self.date, name=name)

    def replay_sessions(self):
        """The day's live, public sessions whose content has a video, in the day's order,
        each with ``replays`` (its video blocks' values): the edition's "Replays" page
        (home/replays.py). Three queries."""
        public = Page.objects.child_of(self).live().public().values("pk")
        sessions = [
            *WorkshopPage.objects.of_day(self).filter(pk__in=public),
            *RoutePage.objects.of_day(self).filter(pk__in=public),
        ]
        found = []
        for session in sorted(sessions, key=lambda page: page.path):
            session.__dict__["day"] = self
            session.replays = [block.value for block in session.body if block.block_type == "video"]
            if session.replays:
                found.append(session)
        return found

    @path(format_lazy("{}/", ROOMS), name="rooms")
    @path(format_lazy("{}/<slug:room>/", ROOMS), name="room")
    def rooms_route(self, request, room=None):
        return rooms_response(request, self, room)


# --- Sessions -----------------------------------------------------------------------


class SessionPage(RegistrationFields, LineageMixin, CalendarFeedMixin, Page):
    """What every session and route shares: its place in the day, where, and its
    registration settings (RegistrationFields). Abstract: the concrete pages are
    WorkshopPage and RoutePage. Route: its calendar feed (home/routes.py).

    A session's one home for what others show of it: ``timing()``, ``location_text()``,
    ``position``, ``calendar_event()``."""

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
    # Editors without the publish permission cannot drag sessions in the explorer: this
    # number orders parallel sessions through moderation (programme/ordering.py).
    order_in_slot = models.PositiveSmallIntegerField(
        _("ordre dans le créneau"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Facultatif : les séances d'un même créneau qui commencent à la même heure "
            "s'affichent dans cet ordre, de la plus petite valeur à la plus grande (1, 2, 3…). "
            "Laissé vide, la séance vient après celles qui ont une valeur, dans l'ordre où "
            "elles ont été ajoutées."
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

    time_panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("slot"), FieldPanel("order_in_slot")]),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
    ]
    place_panels = [FieldPanel("venue"), FieldPanel("location_note")]
    # registration_panels: from RegistrationFields.

    # Structure, times, places and capacity follow the French source.
    override_translatable_fields = [
        SynchronizedField("number", overridable=False),
        SynchronizedField("slot", overridable=False),
        SynchronizedField("order_in_slot", overridable=False),
        SynchronizedField("start_time", overridable=False),
        SynchronizedField("end_time", overridable=False),
        *RegistrationFields.registration_translatable_fields,
    ]

    parent_page_types = ["programme.ProgrammeDayPage"]
    subpage_types = []
    base_form_class = SessionPageForm
    # The page, its cards and its calendar entry show the room and its building.
    objects = SessionPageManager("locale", "venue__part_of")

    class Meta:
        abstract = True

    @property
    def numbered_title(self):
        return f"{self.number}. {self.title}" if self.number else self.title

    @cached_property
    def day(self):
        parent = self.get_parent()
        return parent.specific if parent else None

    @classmethod
    def load_days(cls, pages):
        """Set ``day`` on each of ``pages`` (sessions of any type) in one query; returns
        the days."""
        return load_parents(pages, ProgrammeDayPage, "day")

    def timing(self, day=None):
        """When the session runs (``day`` defaults to its own)."""
        day = self.day if day is None else day
        end = self.end_time or getattr(self, "return_time", None)
        if self.start_time and end and end <= self.start_time:
            end = None
        return Timing(date=getattr(day, "date", None), slot=self.slot, start=self.start_time, end=end)

    def location_text(self, venue=None):
        """ "Halle basse 2, Bazaar St So, 292 rue Camille Guérin, 59000 Lille, 10 min à
        pied", whichever parts exist: meeting point (routes), room and building, postal
        address, the editor's note. Needs the venue's building (``venue__part_of``).
        ``venue`` replaces the page's own (a translation not synchronised yet)."""
        parts = [getattr(self, "meeting_point", "")]
        venue = venue or (self.venue if self.venue_id else None)
        if venue is not None:
            parts += [venue.label, venue.postal_address]
        parts.append(self.location_note)
        return ", ".join(part for part in parts if part)

    @property
    def position(self):
        """(latitude, longitude) of the session's room or building, or None."""
        return self.venue.position if self.venue_id else None

    def calendar_lines(self):
        """Lines of the calendar description about the session's people or stops."""
        return []

    def calendar_description(self, url):
        """Plain text: summary, people or stops, practical note, registration, link."""
        lines = []
        if self.summary:
            lines.append(normalize_newlines(self.summary).strip())
        lines.extend(self.calendar_lines())
        if self.practical_note:
            lines.append(self.practical_note)
        if self.registration_required:
            lines.append(gettext("Inscription obligatoire : %(url)s") % {"url": url})
        elif url:
            lines.append(url)
        return "\n".join(strip_tags(line) for line in lines)

    def calendar_event(self, request=None):
        """The session's entry in any calendar (home.calendars), in its language; None
        when it has no day."""
        timing = self.timing()
        bounds = timing.bounds()
        if bounds is None:
            return None
        url = self.get_full_url(request) or ""
        return CalendarEvent(
            key=self.translation_key,
            summary=self.numbered_title,
            start=bounds[0],
            end=bounds[1],
            all_day=timing.all_day,
            stamp=self.last_published_at or self.latest_revision_created_at or timezone.now(),
            location=self.location_text(),
            geo=self.position,
            description=self.calendar_description(url),
            url=url,
            categories=(str(self.kind_label),),
        )

    def calendar_sessions(self):
        return [self]

    def get_calendar(self, request=None):
        """The iCalendar of this one session ("add to my calendar"); None without a day."""
        day = self.day
        if not isinstance(day, ProgrammeDayPage):
            return None
        return build_calendar(
            [self.calendar_event(request)], first_day=day.date, last_day=day.date, name=self.numbered_title
        )


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

    def calendar_lines(self):
        return [f"{sp.role_label} : {sp.person.name}" for sp in self.get_people()]


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

    def calendar_lines(self):
        stops = [stop.venue.name for stop in self.get_stops()]
        return [gettext("Étapes : %(stops)s") % {"stops": " → ".join(stops)}] if stops else []


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
