"""The English version of the demo edition, made through wagtail-localize.

The French demo content (``load_demo``) is the source. ``translate_demo()`` gives every
Person and Venue snippet and every French page of the demo site (the French home page,
the 2021 edition and everything below it) an English translation the way the admin does
it: a ``TranslationSource`` frozen from the French object, a ``Translation`` into
English, one ``StringTranslation`` per French string, then ``Translation.save_target``,
which creates or updates the English object (same ``translation_key``, so the two
versions stay linked), then the English page's revision is published.

The English text lives in ``programme/demo/en.po``: one entry per French string as
wagtail-localize cuts it (a title, a slug, a paragraph, a list item, a menu line), the
French text as ``msgid``, the English as ``msgstr``. It reads as a bilingual glossary and
opens in any PO editor (Poedit, Weblate…). A French string that appears several times
(a sentence reused in a summary and a body) is translated once.

Idempotent: a French object whose content has not changed since the last run keeps its
``TranslationSource`` (a child page added, a draft saved or a lock taken are not content
changes); a string whose English is already the glossary's is not written
again; an English page or snippet that is already up to date (published, saved after
the last change of its source and of its strings) is not saved again, so a second run
creates no revision. A translation an editor has stopped (« Arrêter la traduction
synchronisée ») is left alone: its English page is then edited by hand.

Order matters: snippets before pages (an English session must point at the English
venue and people), buildings before their rooms, and pages parents first.
"""

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from modelcluster.models import ClusterableModel, get_serializable_data_for_fields
from wagtail.models import DraftStateMixin, Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationLog,
    TranslationSource,
)

from home.models import EditionPage, HomePage
from home.translation_fixes import save_translation
from programme.models import Person, Venue

logger = logging.getLogger(__name__)

DEMO_DIR = Path(__file__).resolve().parent
DEMO_YEARS = (2021,)
SOURCE_LANGUAGE = "fr"


def glossary_path(locale_code):
    return DEMO_DIR / f"{locale_code}.po"


def load_glossary(locale_code="en"):
    """{French string: translation} from ``programme/demo/<locale_code>.po``.

    Entries left empty or marked fuzzy are not translations yet and are left out."""
    po = polib.pofile(str(glossary_path(locale_code)))
    return {
        entry.msgid: entry.msgstr
        for entry in po
        if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
    }


@dataclass
class TranslationReport:
    """What ``translate_demo`` did, object by object (their ``str``)."""

    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    # French strings the glossary does not translate yet: they stay French on the site.
    missing: set = field(default_factory=set)
    # English strings wagtail-localize refused (e.g. a link of the French lost): not used.
    errors: list = field(default_factory=list)

    def __str__(self):
        parts = [
            f"{len(self.created)} created",
            f"{len(self.updated)} updated",
            f"{len(self.unchanged)} unchanged",
        ]
        if self.skipped:
            parts.append(f"{len(self.skipped)} left to their editors")
        if self.missing:
            parts.append(f"{len(self.missing)} strings without translation")
        if self.errors:
            parts.append(f"{len(self.errors)} translations refused")
        return ", ".join(parts)


def _venue_depth(venue):
    depth, seen = 0, set()
    while venue.part_of_id and venue.pk not in seen:
        seen.add(venue.pk)
        venue = venue.part_of
        depth += 1
    return depth


def demo_sources(source_locale, years=DEMO_YEARS):
    """The French objects to translate, in an order where what an object points at
    (a building, a venue, a person, a parent page) comes before it."""
    venues = sorted(
        Venue.objects.filter(locale=source_locale).select_related("part_of"),
        key=lambda venue: (_venue_depth(venue), venue.pk),
    )
    people = list(Person.objects.filter(locale=source_locale).order_by("pk"))

    editions = EditionPage.objects.filter(locale=source_locale, year__in=years)
    pages = {}
    for edition in editions:
        for home in edition.get_ancestors().type(HomePage):
            pages[home.pk] = home
        for page in edition.get_descendants(inclusive=True):
            pages[page.pk] = page
    ordered = [page.specific for page in sorted(pages.values(), key=lambda page: page.path)]
    return [*venues, *people, *ordered]


def _is_up_to_date(source, target, target_locale, publish):
    """True when the English object was saved from this source after its last change
    and after the last change of its English strings, and has nothing left unpublished."""
    if target is None or getattr(target, "alias_of_id", None):
        return False
    if isinstance(target, DraftStateMixin) and (
        target.live != publish or (publish and target.has_unpublished_changes)
    ):
        return False
    last_saved = (
        TranslationLog.objects.filter(source=source, locale=target_locale)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last_saved is None or last_saved < source.last_updated_at:
        return False
    strings_changed = StringTranslation.objects.filter(
        locale=target_locale,
        context__object_id=source.object_id,
        translation_of_id__in=StringSegment.objects.filter(source=source).values("string_id"),
        updated_at__gt=last_saved,
    ).exists()
    return not strings_changed


# Page fields that change when the tree or the page's history does (a child added, a
# draft saved, a lock) without any change of what is translated or synchronised.
BOOKKEEPING_FIELDS = {
    "path",
    "depth",
    "numchild",
    "url_path",
    "draft_title",
    "has_unpublished_changes",
    "first_published_at",
    "last_published_at",
    "latest_revision",
    "latest_revision_created_at",
    "live_revision",
    "locked",
    "locked_at",
    "locked_by",
}


def _content(data):
    return {name: value for name, value in data.items() if name not in BOOKKEEPING_FIELDS}


def _source_for(instance):
    """(TranslationSource, changed): the instance's source, refreshed from the instance
    only when its content changed since it was last extracted."""
    previous = TranslationSource.objects.get_for_instance_or_none(instance)
    if previous is not None:
        if isinstance(instance, ClusterableModel):
            current = json.loads(instance.to_json())
        else:
            current = json.loads(
                json.dumps(get_serializable_data_for_fields(instance), cls=DjangoJSONEncoder)
            )
        if _content(current) == _content(json.loads(previous.content_json)):
            return previous, False
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    return source, True


def translate_instance(instance, target_locale, glossary, report, user=None):
    """Create or bring up to date the translation of one French page or snippet."""
    label = str(instance)
    source, source_changed = _source_for(instance)

    translation, translation_created = Translation.objects.get_or_create(
        source=source, target_locale=target_locale, defaults={"enabled": True}
    )
    if not translation.enabled:
        report.skipped.append(label)
        return None

    # The strings, through the PO export/import an editor would use.
    po = translation.export_po()
    strings_changed = False
    for entry in po:
        if entry.obsolete:
            continue
        english = glossary.get(entry.msgid)
        if english is None:
            report.missing.add(entry.msgid)
        elif entry.msgstr != english:
            entry.msgstr = english
            strings_changed = True
    if strings_changed:
        translation.import_po(po, user=user, translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL)

    publish = getattr(instance, "live", True)
    target = instance.get_translation_or_none(target_locale)
    needs_save = (
        translation_created
        or source_changed
        or strings_changed
        or not _is_up_to_date(source, target, target_locale, publish)
    )
    if needs_save:
        if isinstance(instance, DraftStateMixin):
            # Not save_target(publish=True): see home.translation_fixes (wagtail-localize #773).
            save_translation(translation, publish=publish, user=user)
        else:
            translation.save_target(user=user, publish=True)
        (report.created if target is None else report.updated).append(label)
    else:
        report.unchanged.append(label)

    report.errors.extend(
        f"{label}: {error.translation_of.data!r}"
        for error in StringTranslation.objects.filter(
            locale=target_locale, context__object_id=source.object_id, has_error=True
        ).select_related("translation_of")
    )
    return source.get_translated_instance(target_locale)


def translate_demo(locale_code="en", *, years=DEMO_YEARS, user=None):
    """Translate the demo's French snippets and pages into ``locale_code`` with the
    glossary ``programme/demo/<locale_code>.po``; returns a ``TranslationReport``.

    Runs in one transaction (the caller's, when called from ``load_demo``). English pages
    are published as they are saved, not in ``on_commit``: see ``translate_instance``."""
    glossary = load_glossary(locale_code)
    report = TranslationReport()
    with transaction.atomic():
        source_locale = Locale.objects.get(language_code=SOURCE_LANGUAGE)
        target_locale, _ = Locale.objects.get_or_create(language_code=locale_code)
        for instance in demo_sources(source_locale, years):
            translate_instance(instance, target_locale, glossary, report, user=user)
    if report.missing:
        logger.warning(
            "%d French strings have no %s translation in %s",
            len(report.missing),
            locale_code,
            glossary_path(locale_code).name,
        )
    for error in report.errors:
        logger.warning("Translation refused by wagtail-localize: %s", error)
    return report
