"""The site root, the editions and generic content pages."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.routes import CalendarFeedMixin
from portal.blocks import BodyBlock


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
        today = today or timezone.localdate()
        editions = list(
            EditionPage.objects.child_of(self).live().select_related("main_venue").order_by("start_date")
        )
        current = None
        if self.featured_edition_id:
            # The pin is synchronised from the French home page: on the English one it
            # names the French edition, whose English version is the one shown here.
            pinned = self.featured_edition.translation_key
            current = next((e for e in editions if e.translation_key == pinned), None)
        if current is None:
            current = next((e for e in editions if e.last_day >= today), None)
        if current is None and editions:
            current = editions[-1]
        past = [e for e in reversed(editions) if e != current and e.last_day < today]
        return current, past

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


class EditionPage(LineageMixin, CalendarFeedMixin, Page):
    """One year's gathering. Everything of that year lives below it: editorial, days,
    practical pages, partners. Past editions stay online as an archive. Its calendar
    feed (home/routes.py) holds every session of its days."""

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

    class Meta:
        verbose_name = _("édition")
        verbose_name_plural = _("éditions")

    @property
    def last_day(self):
        return self.end_date or self.start_date

    @property
    def timing(self):
        """ "upcoming", "ongoing" or "past": how the home page introduces the edition."""
        today = timezone.localdate()
        if today < self.start_date:
            return "upcoming"
        return "past" if today > self.last_day else "ongoing"

    def get_calendar(self, request):
        # TEMP(integration): replaced by the one builder
        from programme.calendars import edition_calendar

        return edition_calendar(self, request)

    def get_context(self, request, *args, **kwargs):
        from programme.models import ProgrammeDayPage

        context = super().get_context(request, *args, **kwargs)
        # Two queries whatever the number and kinds of children: the days, then the
        # other pages as generic pages (the template shows title, URL and summary) with
        # the ``intro`` of whichever page type has one joined in.
        context["days"] = list(ProgrammeDayPage.objects.child_of(self).live().order_by("date", "path"))
        day_type = ContentType.objects.get_for_model(ProgrammeDayPage)
        intro_models = [
            model
            for model in self.allowed_subpage_models()
            if model is not ProgrammeDayPage and any(f.name == "intro" for f in model._meta.concrete_fields)
        ]
        others = list(
            Page.objects.child_of(self)
            .live()
            .exclude(content_type=day_type)
            .annotate(
                **{
                    f"_intro_{i}": Subquery(model.objects.filter(pk=OuterRef("pk")).values("intro")[:1])
                    for i, model in enumerate(intro_models)
                }
            )
        )
        for page in others:
            page.intro = next(
                (value for i in range(len(intro_models)) if (value := getattr(page, f"_intro_{i}"))), ""
            )
        context["other_pages"] = others
        return context


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
