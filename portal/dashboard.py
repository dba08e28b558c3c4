"""What the editors' dashboard shows, as plain functions (the panels in wagtail_hooks.py
only render them).

- ``dashboard_edition()``: the edition being prepared or running, else the newest one.
- ``edition_programme(edition)``: its days and sessions, drafts included, each with its
  registration counts, fill rate and waiting list.
- ``translation_backlog()``: pages of the source language whose translation is missing,
  unpublished, incomplete or older than the source.

Registrations are read from the registration app when it is installed; without it the
programme still shows, without counts.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from home.models import EditionPage
from programme.models import ProgrammeDayPage, RoutePage, WorkshopPage
from programme.registrations.admin_views import URL_NAMESPACE
from programme.registrations.services.counting import session_counts

# --- Edition and programme ---------------------------------------------------------------


def dashboard_edition(today=None):
    """The first edition (of the source language, published or not) that is not over yet;
    when all are over, the newest one. None before the first edition exists."""
    return EditionPage.objects.filter(locale=Locale.get_default()).current(today)


@dataclass
class RegistrationCounts:
    confirmed: int = 0
    waiting: int = 0


def registration_counts(session_keys):
    """{translation_key: RegistrationCounts} of these sessions (both languages share one
    key), from the registration app's service."""
    if not session_keys:
        return {}
    return {key: RegistrationCounts(*pair) for key, pair in session_counts(session_keys).items()}


def registrations_admin_url(view, *args):
    """A URL of the registration app's admin."""
    return reverse(f"{URL_NAMESPACE}:{view}", args=args)


@dataclass
class SessionRow:
    """One session or route of the programme as the dashboard lists it."""

    page: Page
    counts: RegistrationCounts | None

    @property
    def registration_required(self):
        return self.page.registration_required

    @property
    def capacity(self):
        return self.page.capacity

    @property
    def fill_rate(self):
        """Percentage of the places taken, or None without a capacity or counts."""
        if not self.registration_required or not self.capacity or self.counts is None:
            return None
        return round(100 * self.counts.confirmed / self.capacity)

    @property
    def is_full(self):
        return self.fill_rate is not None and self.counts.confirmed >= self.capacity

    @property
    def waiting(self):
        return self.counts.waiting if self.counts is not None else None

    @property
    def registrations_url(self):
        """The session's list of registrations (for those allowed to see names)."""
        return registrations_admin_url("session", self.page.translation_key)


@dataclass
class DayRow:
    day: ProgrammeDayPage
    sessions: list = field(default_factory=list)


def edition_programme(edition):
    """The edition's days by date, each with its sessions in tree order (the order set by
    drag and drop in the explorer), drafts included. A fixed number of queries."""
    days = list(ProgrammeDayPage.objects.child_of(edition).order_by("date", "path"))
    sessions = sorted(
        [
            *WorkshopPage.objects.of_edition(edition).defer_streamfields(),
            *RoutePage.objects.of_edition(edition).defer_streamfields(),
        ],
        key=lambda page: page.path,
    )
    counts = registration_counts([page.translation_key for page in sessions if page.registration_required])
    rows = {day.pk: DayRow(day=day) for day in days}
    for page in sessions:
        # Its day among the days already fetched (treebeard compares paths: no query).
        day = next((day for day in days if page.is_child_of(day)), None)
        if day is None:
            continue
        page_counts = None
        if page.registration_required:
            page_counts = counts.get(page.translation_key, RegistrationCounts())
        rows[day.pk].sessions.append(SessionRow(page=page, counts=page_counts))
    return list(rows.values())


# --- Translations ------------------------------------------------------------------------

MISSING = "missing"
ALIAS = "alias"
UNPUBLISHED = "unpublished"
INCOMPLETE = "incomplete"
OUTDATED = "outdated"

TRANSLATION_STATES = {
    MISSING: _("Pas encore traduite"),
    ALIAS: _("Copie non traduite"),
    INCOMPLETE: _("Traduction en cours"),
    OUTDATED: _("Modifiée depuis la dernière synchronisation"),
    UNPUBLISHED: _("Traduction non publiée"),
}


@dataclass
class TranslationItem:
    """A source page and what its translation into ``locale`` is waiting for."""

    page: Page
    locale: Locale
    state: str
    action_url: str
    translated: int | None = None
    total: int | None = None

    @property
    def state_label(self):
        return TRANSLATION_STATES[self.state]


def _progress(source_ids, locale):
    """{translation source id: (total strings, translated strings)} in two queries."""
    segments = StringSegment.objects.filter(source_id__in=source_ids)
    totals = dict(segments.values_list("source_id").annotate(n=Count("pk")).order_by())
    translated = dict(
        segments.filter(
            Exists(
                StringTranslation.objects.filter(
                    translation_of_id=OuterRef("string_id"),
                    context_id=OuterRef("context_id"),
                    locale=locale,
                    has_error=False,
                )
            )
        )
        .values_list("source_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {source_id: (total, translated.get(source_id, 0)) for source_id, total in totals.items()}


def translation_backlog(root=None):
    """Every page of the source language (below ``root`` if given) whose translation into
    another language needs work, most recently changed first. A page is listed once per
    language, with the first thing to do: translate it, finish or sync its translation,
    or publish it."""
    source_locale = Locale.get_default()
    pages = Page.objects.filter(locale=source_locale, depth__gt=1, alias_of__isnull=True)
    if root is not None:
        pages = pages.descendant_of(root, inclusive=True)
    pages = list(pages.order_by("-latest_revision_created_at", "path"))
    keys = [page.translation_key for page in pages]
    items = []
    for locale in Locale.objects.exclude(pk=source_locale.pk).order_by("language_code"):
        targets = {
            page.translation_key: page
            for page in Page.objects.filter(locale=locale, translation_key__in=keys).only(
                "translation_key", "live", "alias_of_id", "has_unpublished_changes"
            )
        }
        sources = {
            source.object_id: source
            for source in TranslationSource.objects.filter(locale=source_locale, object_id__in=keys)
        }
        translations = {
            translation.source_id: translation
            for translation in Translation.objects.filter(
                source__in=sources.values(), target_locale=locale, enabled=True
            )
        }
        progress = _progress([source.pk for source in sources.values()], locale)
        for page in pages:
            target = targets.get(page.translation_key)
            source = sources.get(page.translation_key)
            translation = translations.get(source.pk) if source else None
            submit_url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
            if target is None:
                items.append(TranslationItem(page, locale, MISSING, submit_url))
            elif target.alias_of_id:
                items.append(
                    TranslationItem(page, locale, ALIAS, reverse("wagtailadmin_pages:edit", args=[target.pk]))
                )
            elif (
                translation is not None
                and page.last_published_at
                and (page.last_published_at > source.last_updated_at)
            ):
                url = reverse("wagtail_localize:update_translations", args=[source.pk])
                items.append(TranslationItem(page, locale, OUTDATED, url))
            elif translation is not None and (done := progress.get(source.pk)) and done[1] < done[0]:
                url = reverse("wagtailadmin_pages:edit", args=[target.pk])
                items.append(
                    TranslationItem(page, locale, INCOMPLETE, url, total=done[0], translated=done[1])
                )
            elif page.live and not target.live:
                url = reverse("wagtailadmin_pages:edit", args=[target.pk])
                items.append(TranslationItem(page, locale, UNPUBLISHED, url))
    return items
