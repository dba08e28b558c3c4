"""The dashboard's "Traductions à faire": the published pages of the source language
(French) whose translation into another language needs work, and nothing else.

A French page is listed, once per other language, when

* it has **no published version in that language** (no page, or a draft: ``MISSING``,
  ``UNPUBLISHED``); a live alias counts as published (the editor chose to show the French
  text there);
* its published French content **changed after its translation was last synchronised**:
  the translatable and synchronised fields of its live revision differ from what
  wagtail-localize extracted into its ``TranslationSource`` (``OUTDATED``). Publishing the
  French page again without changing it, or Wagtail's bookkeeping (publication dates,
  revisions, a copy published after its translation records were made), changes nothing;
* it was synchronised after the translation was last published (a sync saved as draft:
  ``UNPUBLISHED``), or strings of the last synchronisation are still untranslated
  (``INCOMPLETE``);
* without wagtail-localize records (a translation made by hand, or whose synchronisation
  was stopped), when the French page was published after the translation
  (``CHANGED``).

French pages that are not published yet (drafts, pages in moderation, a new edition
before it goes online) have nothing to translate yet and are not listed. Each item names
the edition the page belongs to, since the same titles come back every year.
"""

import json
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, Revision
from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.models import Translation, TranslationSource

from home.editions.translations import translation_progress
from home.models import EditionPage

MISSING = "missing"
UNPUBLISHED = "unpublished"
INCOMPLETE = "incomplete"
OUTDATED = "outdated"
CHANGED = "changed"

TRANSLATION_STATES = {
    MISSING: _("Pas encore traduite"),
    INCOMPLETE: _("Traduction en cours"),
    OUTDATED: _("Modifiée depuis la dernière synchronisation"),
    CHANGED: _("Modifiée depuis la dernière traduction"),
    UNPUBLISHED: _("Traduction non publiée"),
}


@dataclass
class TranslationItem:
    """A source page, the edition it belongs to, and what its translation into ``locale``
    is waiting for; ``action_url`` goes straight to the screen where it is done."""

    page: Page
    locale: Locale
    state: str
    action_url: str
    edition: EditionPage | None = None
    translated: int | None = None
    total: int | None = None

    @property
    def state_label(self):
        return TRANSLATION_STATES[self.state]


def _without_ids(value):
    """A serialised value with the database ids of child objects left out: a child
    (session person, route stop) added in a draft has none in the revision and gets one
    when the page is published, without any change of content."""
    if isinstance(value, dict):
        return {key: _without_ids(item) for key, item in value.items() if key != "pk"}
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    if isinstance(value, str) and value[:1] in "[{":
        # A StreamField may be stored as a JSON string on one side, a list on the other.
        try:
            return _without_ids(json.loads(value))
        except ValueError:
            return value
    return value


def content_changed(model, source_content, live_content):
    """Whether the fields wagtail-localize translates or synchronises differ between the
    content it extracted (``source_content``) and the page's published content."""
    names = [field.field_name for field in get_translatable_fields(model)]
    return any(
        _without_ids(source_content.get(name)) != _without_ids(live_content.get(name)) for name in names
    )


def _edition_of(page, editions):
    return next((edition for edition in editions if page.path.startswith(edition.path)), None)


class _LocaleBacklog:
    """The backlog of the source ``pages`` in one target language, in a fixed number of
    queries."""

    def __init__(self, pages, locale, source_locale):
        self.locale = locale
        keys = [page.translation_key for page in pages]
        self.targets = {
            page.translation_key: page
            for page in Page.objects.filter(locale=locale, translation_key__in=keys).only(
                "translation_key", "live", "alias_of_id", "last_published_at"
            )
        }
        self.sources = {
            source.object_id: source
            for source in TranslationSource.objects.filter(locale=source_locale, object_id__in=keys)
        }
        self.enabled = set(
            Translation.objects.filter(
                source__in=self.sources.values(), target_locale=locale, enabled=True
            ).values_list("source_id", flat=True)
        )
        self.progress = translation_progress([source.pk for source in self.sources.values()], locale)
        revision_ids = [page.live_revision_id for page in pages if page.live_revision_id]
        self.live_content = dict(Revision.objects.filter(pk__in=revision_ids).values_list("pk", "content"))

    def state(self, page):
        """(state, action URL, progress) of ``page``'s translation, or None if none is due."""
        target = self.targets.get(page.translation_key)
        if target is None:
            return MISSING, reverse("wagtail_localize:submit_page_translation", args=[page.pk]), None
        edit_target = reverse("wagtailadmin_pages:edit", args=[target.pk])
        if not target.live:
            return UNPUBLISHED, edit_target, None
        if target.alias_of_id:
            return None
        source = self.sources.get(page.translation_key)
        if source is None or source.pk not in self.enabled:
            # A page created live (not published through Wagtail) has no date: nothing to compare.
            if (
                page.last_published_at
                and target.last_published_at
                and target.last_published_at < page.last_published_at
            ):
                return CHANGED, edit_target, None
            return None
        if self._changed_since_sync(page, source):
            return OUTDATED, reverse("wagtail_localize:update_translations", args=[source.pk]), None
        if target.last_published_at and target.last_published_at < source.last_updated_at:
            return UNPUBLISHED, edit_target, None
        total, done = self.progress.get(source.pk, (0, 0))
        if done < total:
            return INCOMPLETE, edit_target, (done, total)
        return None

    def _changed_since_sync(self, page, source):
        content = self.live_content.get(page.live_revision_id)
        if content is None:  # a page made without revisions: its row is its content
            content = json.loads(page.specific.to_json())
        return content_changed(page.specific_class, json.loads(source.content_json), content)


def translation_backlog(root=None):
    """The published pages of the source language (below ``root`` if given) whose
    translation into another language needs work (see the module docstring), most
    recently published first, each once per language with the first thing to do."""
    source_locale = Locale.get_default()
    pages = Page.objects.filter(locale=source_locale, depth__gt=1, alias_of__isnull=True, live=True)
    if root is not None:
        pages = pages.descendant_of(root, inclusive=True)
    pages = list(pages.order_by("-last_published_at", "path"))
    editions = list(EditionPage.objects.filter(locale=source_locale).only("path", "title", "year"))
    items = []
    for locale in Locale.objects.exclude(pk=source_locale.pk).order_by("language_code"):
        backlog = _LocaleBacklog(pages, locale, source_locale)
        for page in pages:
            state = backlog.state(page)
            if state is None:
                continue
            name, url, progress = state
            done, total = progress or (None, None)
            items.append(
                TranslationItem(
                    page, locale, name, url, edition=_edition_of(page, editions), translated=done, total=total
                )
            )
    return items
