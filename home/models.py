"""The site root, the editions and generic content pages."""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, PageViewRestriction
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import BodyBlock
from home.calendars import build_calendar
from home.companion import MyProgrammeMixin
from home.replays import ReplaysMixin
from home.routes import CalendarFeedMixin


@dataclass
class Lineage:
    """What a render needs around a page, fetched together (``page_lineage``)."""

    # Every ancestor, the tree root first, as generic pages; an edition among them has
    # its ``editionpage`` (hero image and main venue) joined.
    ancestors: list
    # The live pages sharing a translation key with the page or one of its ancestors,
    # with their locale: the candidates of the language links.
    translations: list


def page_lineage(page):
    """The ``Lineage`` of ``page``: one query, kept on the page object, shared by the
    privacy check, the navigation, the metadata and the registration panel."""
    lineage = page.__dict__.get("_lineage")
    if lineage is None:
        chain_keys = Page.objects.ancestor_of(page, inclusive=True).values("translation_key")
        rows = (
            Page.objects.ancestor_of(page) | Page.objects.live().filter(translation_key__in=chain_keys)
        ).select_related("locale", "editionpage__hero_image", "editionpage__main_venue__part_of")
        rows = list(rows.order_by("path"))
        ancestors = [row for row in rows if page.is_descendant_of(row)]
        keys = {page.translation_key, *(row.translation_key for row in ancestors)}
        translations = [row for row in rows if row.live and row.translation_key in keys]
        lineage = page.__dict__["_lineage"] = Lineage(ancestors=ancestors, translations=translations)
    return lineage


class LineageMixin:
    """Pages whose render shares one query for their surroundings (``page_lineage``)."""

    def get_view_restrictions(self):
        """What Wagtail's method answers (the restrictions of the page and of its
        ancestors, an alias standing for its source page), from the ancestors the
        render shares: one query instead of two."""
        pages = [*page_lineage(self).ancestors, self]
        return PageViewRestriction.objects.filter(page_id__in={p.alias_of_id or p.pk for p in pages})


class HomePage(LineageMixin, Page):
    """The site root, one per language. Presents the current edition and lists the past
    ones; each edition is a child page."""

    intro = RichTextField(
        _("introduction"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Une ou deux phrases qui présentent le rendez-vous."),
    )
    featured_edition = models.ForeignKey(
        "home.EditionPage",
        verbose_name=_("édition mise en avant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Facultatif : par défaut, la prochaine édition à venir est mise en avant."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("featured_edition")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.EditionPage", "home.ContentPage"]
    page_description = _("La page d'accueil du site, une par langue.")
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("page d'accueil")
        verbose_name_plural = _("pages d'accueil")

    def get_editions(self, today=None):
        """(current, past): the pinned edition or the next one still to end, and the
        editions already over, newest first."""
        editions = EditionPage.objects.child_of(self).live().select_related("main_venue")
        current = self.pinned_edition() or editions.current(today)
        past = editions.past(today)
        if current is not None:
            past = past.exclude(pk=current.pk)
        return current, list(past)

    def pinned_edition(self):
        """The featured edition in this home page's language, if it is a live edition of
        this home page. The pin is synchronised from the French home page: on the English
        one it names the French edition, whose English version is the one shown here."""
        pinned = self.featured_edition
        if pinned is not None and pinned.locale_id != self.locale_id:
            pinned = pinned.get_translation_or_none(self.locale)
        if pinned is None or not pinned.live or not pinned.is_child_of(self):
            return None
        return pinned

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["current_edition"], context["past_editions"] = self.get_editions()
        return context


class EditionPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        start, end, year = (cleaned_data.get(k) for k in ("start_date", "end_date", "year"))
        if start and end and end < start:
            self.add_error("end_date", _("La date de fin doit être le même jour ou après la date de début."))
        if start and year and start.year != year:
            self.add_error("start_date", _("La date de début doit tomber pendant l'année de l'édition."))
        if year and self.parent_page is not None:
            siblings = EditionPage.objects.child_of(self.parent_page).filter(year=year)
            if self.instance.pk:
                siblings = siblings.exclude(pk=self.instance.pk)
            if siblings.exists():
                self.add_error("year", _("Une édition existe déjà pour cette année."))
        return cleaned_data


class EditionPageQuerySet(PageQuerySet):
    """Which editions are over, which one is current, on a given day (today by default)."""

    @staticmethod
    def _not_over(today):
        # An edition is over the day after its last day (its first day when it has no end).
        return Q(end_date__gte=today) | Q(end_date__isnull=True, start_date__gte=today)

    def not_over(self, today=None):
        return self.filter(self._not_over(today or timezone.localdate()))

    def past(self, today=None):
        """The editions already over, newest first."""
        return self.exclude(self._not_over(today or timezone.localdate())).order_by("-start_date", "path")

    def current(self, today=None):
        """The next edition still to end (the one running, else the next to start); when
        every edition is over, the newest one. None without editions. One query."""
        today = today or timezone.localdate()
        return (
            self.annotate(
                _over=Case(When(self._not_over(today), then=0), default=1),
                _upcoming_start=Case(When(self._not_over(today), then=F("start_date"))),
            )
            .order_by("_over", F("_upcoming_start").asc(nulls_last=True), "-start_date", "path")
            .first()
        )


EditionPageManager = PageManager.from_queryset(EditionPageQuerySet)


class EditionPage(LineageMixin, MyProgrammeMixin, ReplaysMixin, CalendarFeedMixin, Page):
    """One year's gathering. Everything of that year lives below it: editorial, days,
    practical pages, partners. Past editions stay online as an archive. Its calendar
    feed (home/routes.py) holds every session of its days; "Mon programme" (a route,
    home/companion.py) the sessions a visitor chose; "Replays" (home/replays.py) the
    sessions with a video."""

    year = models.PositiveSmallIntegerField(
        _("année"), help_text=_("Par exemple 2021. Sert aussi d'adresse : /fr/2021/.")
    )
    start_date = models.DateField(_("premier jour"))
    end_date = models.DateField(
        _("dernier jour"), null=True, blank=True, help_text=_("Laissez vide si l'édition dure un jour.")
    )
    city = models.CharField(_("ville"), max_length=120, help_text=_("Par exemple « Lille »."))
    main_venue = models.ForeignKey(
        "programme.Venue",
        verbose_name=_("lieu principal"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Le lieu qui accueille l'édition ; ses salles sont des lieux qui en font partie."),
    )
    tagline = models.CharField(
        _("accroche"),
        max_length=300,
        blank=True,
        help_text=_("Une phrase qui donne envie de venir, affichée sous le titre."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image d'en-tête"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Facultatif. Pensez à son texte alternatif."),
    )
    intro = RichTextField(
        _("présentation"),
        blank=True,
        features=["bold", "italic", "link"],
        help_text=_("Le paragraphe d'ouverture de la page de l'édition."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("year"),
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("city"), FieldPanel("main_venue")]),
            ],
            heading=_("Quand et où"),
        ),
        FieldPanel("tagline"),
        FieldPanel("hero_image"),
        FieldPanel("intro"),
    ]
    override_translatable_fields = [
        SynchronizedField("year", overridable=False),
        SynchronizedField("start_date", overridable=False),
        SynchronizedField("end_date", overridable=False),
        SynchronizedField("city", overridable=False),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "programme.EditoPage",
        "programme.ProgrammeDayPage",
        "home.ContentPage",
        "partners.PartnersIndexPage",
    ]
    base_form_class = EditionPageForm
    page_description = _("Une édition annuelle du rendez-vous, avec son programme et ses partenaires.")
    template = "pages/edition_page.html"
    search_fields = Page.search_fields + [index.SearchField("tagline"), index.FilterField("year")]

    objects = EditionPageManager()

    class Meta:
        verbose_name = _("édition")
        verbose_name_plural = _("éditions")

    @property
    def last_day(self):
        return self.end_date or self.start_date

    def get_calendar(self, request=None):
        """The iCalendar feed of the edition: the sessions its live, public children
        (the programme days) give through their ``calendar_sessions()``."""
        events = []
        for child in self.get_children().live().public().specific():
            for session in child.calendar_sessions() if hasattr(child, "calendar_sessions") else []:
                events.append(session.calendar_event(request))
        return build_calendar(
            [event for event in events if event is not None],
            first_day=self.start_date,
            last_day=self.last_day,
            name=self.title,
            description=self.tagline or "",
        )

    @property
    def timing(self):
        """ "upcoming", "ongoing" or "past": how the home page introduces the edition."""
        today = timezone.localdate()
        if today < self.start_date:
            return "upcoming"
        return "past" if today > self.last_day else "ongoing"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["days"], context["other_pages"] = self.get_children_to_list()
        return context

    def get_children_to_list(self):
        """(days by date, other pages in tree order): the live children, without knowing
        the apps that define them. The days are the children whose page type says it is a
        programme day (``is_programme_day``, set by the programme app); the other pages
        are generic pages (the template shows title, URL and summary) with the ``intro``
        of whichever page type has one joined in. Two queries whatever the number of
        children: the children, then the days (one more per kind of day, if ever)."""
        subpage_models = self.allowed_subpage_models()
        intro_models = [
            model
            for model in subpage_models
            if not _is_programme_day(model) and any(f.name == "intro" for f in model._meta.concrete_fields)
        ]
        children = list(
            Page.objects.child_of(self)
            .live()
            .annotate(
                **{
                    f"_intro_{i}": Subquery(model.objects.filter(pk=OuterRef("pk")).values("intro")[:1])
                    for i, model in enumerate(intro_models)
                }
            )
        )
        day_ids = {}
        others = []
        for child in children:
            if _is_programme_day(child.specific_class):
                day_ids.setdefault(child.specific_class, []).append(child.pk)
                continue
            child.intro = next(
                (value for i in range(len(intro_models)) if (value := getattr(child, f"_intro_{i}"))), ""
            )
            others.append(child)
        days = [day for model, ids in day_ids.items() for day in model.objects.filter(pk__in=ids)]
        return sorted(days, key=lambda day: (day.date, day.path)), others


def _is_programme_day(model):
    return getattr(model, "is_programme_day", False)


class ContentPage(LineageMixin, Page):
    """A free page: practical information, "go further" links, privacy notice…"""

    intro = models.TextField(
        _("chapeau"),
        blank=True,
        max_length=600,
        help_text=_("Facultatif : quelques lignes sous le titre, reprises dans les listes."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["home.HomePage", "home.EditionPage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]
    page_description = _("Une page libre : informations pratiques, pour aller plus loin…")
    template = "pages/content_page.html"
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    class Meta:
        verbose_name = _("page de contenu")
        verbose_name_plural = _("pages de contenu")


def edition_of(page):
    """The edition ``page`` belongs to: itself, or its nearest ``EditionPage`` ancestor,
    with its hero image and main venue joined; None outside an edition.

    Picked among the ancestors of ``page_lineage``, and given its own lineage from the
    page's (its ancestors and their translations are among the page's): no query."""
    if isinstance(page, EditionPage):
        return page
    if page is None or not getattr(page, "pk", None):
        return None
    lineage = page_lineage(page)
    editions = [row for row in lineage.ancestors if row.specific_class is EditionPage]
    if not editions:
        return None
    edition = editions[-1].editionpage
    if "_lineage" not in edition.__dict__:
        ancestors = [row for row in lineage.ancestors if edition.is_descendant_of(row)]
        keys = {edition.translation_key, *(row.translation_key for row in ancestors)}
        translations = [row for row in lineage.translations if row.translation_key in keys]
        edition.__dict__["_lineage"] = Lineage(ancestors=ancestors, translations=translations)
    return edition


class EditionJob(models.Model):
    """An action on a whole edition that runs in the task worker (home/editions/jobs.py):
    "Démarrer l'édition suivante" or "Publier l'édition". The editor follows it on its
    progress page; the row keeps what it did (``summary``) or why it failed."""

    class Kind(models.TextChoices):
        NEXT_EDITION = "next_edition", _("Démarrer l'édition suivante")
        PUBLISH = "publish", _("Publier l'édition")

    class Status(models.TextChoices):
        QUEUED = "queued", _("En attente")
        RUNNING = "running", _("En cours")
        DONE = "done", _("Terminé")
        FAILED = "failed", _("Échec")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    edition = models.ForeignKey("wagtailcore.Page", on_delete=models.SET_NULL, null=True, related_name="+")
    result = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    parameters = models.JSONField(default=dict, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("action sur une édition")
        verbose_name_plural = _("actions sur une édition")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
