"""What a copy of an edition will do, and what stops it: the offset of its dates, its
versions in each language, the pages with unpublished changes or missing translations,
the year or address already taken, the editor's permission."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page

from home.editions.errors import EditionCopyError
from home.models import EditionPage

# --- Planning ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EditionPlan:
    """What a copy will do: ``offset`` is added to every date; the new edition starts on
    ``start_date`` (the date asked for, or the nearest one on the same weekday)."""

    source: EditionPage
    offset: dt.timedelta
    start_date: dt.date

    @property
    def year(self):
        return self.start_date.year


@dataclass(frozen=True)
class LanguageVersion:
    """The source edition in one language, and the home page its copy goes under."""

    locale: Locale
    edition: EditionPage | None
    home: Page

    @property
    def language_name(self):
        return language_name(self.locale)


# Language names as they read within a sentence ("pas de version en anglais"); the site's
# catalogues name each language in its own tongue, which suits a language switcher only.
LANGUAGE_NAMES = {"fr": _("français"), "en": _("anglais")}


def language_name(locale):
    """ "anglais", in the language of the user."""
    code = locale.language_code
    return str(LANGUAGE_NAMES.get(code) or get_language_info(code)["name_translated"].lower())


def plan_next_edition(source, new_start_date, *, keep_weekdays=False):
    """The offset and the new first day, or EditionCopyError("not_after")."""
    offset = new_start_date - source.start_date
    if keep_weekdays:
        offset = dt.timedelta(weeks=round(offset.days / 7))
    if offset.days <= 0:
        raise EditionCopyError("not_after", date=source.start_date.strftime("%d/%m/%Y"))
    return EditionPlan(source=source, offset=offset, start_date=source.start_date + offset)


def source_language_edition(edition):
    """The version of ``edition`` in the site's source language (French), which is the one
    to copy from, whichever version the editor clicked."""
    default = Locale.get_default()
    if edition.locale_id == default.pk:
        return edition
    source = edition.get_translation_or_none(default)
    if source is None:
        raise EditionCopyError("no_source", language=language_name(default))
    return source


def language_versions(source):
    """The source edition first, then its version in each other language the site has (a
    language has a home page translating the source's home page). ``edition`` is None
    where that language lacks it."""
    home = source.get_parent()
    versions = [LanguageVersion(source.locale, source, home)]
    for other_home in home.get_translations().select_related("locale").order_by("locale__language_code"):
        edition = source.get_translation_or_none(other_home.locale)
        versions.append(
            LanguageVersion(other_home.locale, edition, edition.get_parent() if edition else other_home)
        )
    return versions


def source_problems(source, versions=None):
    """What stops ``source`` from being copied, whatever the date: pages with unpublished
    changes, pages missing a translation. A list of EditionCopyError, empty if none."""
    versions = versions or language_versions(source)
    problems = []

    drafts = []
    for version in versions:
        if version.edition is None:
            continue
        pages = Page.objects.descendant_of(version.edition, inclusive=True).filter(
            Q(has_unpublished_changes=True) | Q(live=False)
        )
        drafts += [page_label(page, version) for page in pages.order_by("path")]
    if drafts:
        problems.append(EditionCopyError("drafts", details=drafts))

    source_pages = list(Page.objects.descendant_of(source, inclusive=True).order_by("path"))
    for version in versions[1:]:
        present = set()
        if version.edition is not None:
            present = set(
                Page.objects.descendant_of(version.edition, inclusive=True).values_list(
                    "translation_key", flat=True
                )
            )
        missing = [
            page.get_admin_display_title() for page in source_pages if page.translation_key not in present
        ]
        if missing:
            problems.append(
                EditionCopyError("missing_translations", details=missing, language=version.language_name)
            )
    return problems


def check_target(plan, versions):
    """EditionCopyError if the new year, or its address, is already taken in a language."""
    for version in versions:
        if EditionPage.objects.child_of(version.home).filter(year=plan.year).exists():
            raise EditionCopyError("year_exists", year=plan.year)
        taken = Page.objects.child_of(version.home).filter(slug=str(plan.year)).first()
        if taken is not None:
            raise EditionCopyError(
                "slug_taken",
                slug=taken.slug,
                title=taken.get_admin_display_title(),
                language=version.language_name,
            )


def can_start_next_edition(user, edition):
    """Whether ``user`` may copy this edition (in every language) under its home pages."""
    try:
        source = source_language_edition(edition)
    except EditionCopyError:
        return False
    for version in language_versions(source):
        if version.edition is not None and not version.edition.permissions_for_user(user).can_copy_to(
            version.home, recursive=True
        ):
            return False
    return True


def page_label(page, version):
    return f"{page.get_admin_display_title()} ({version.language_name})"
