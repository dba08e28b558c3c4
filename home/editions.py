"""Start next year's edition from this one.

``start_next_edition(source, new_start_date)`` copies an edition's whole subtree, in every
language the site has, in one transaction:

* **Translations stay linked.** Wagtail's page copy gives every copy a fresh
  ``translation_key`` (wagtail#13736, wagtail-localize#773), which would cut each English
  page off from its French source. Here the French and English copies of one page share one
  new key, and so do the copies of translatable child objects (session people, route
  stops). When the source was translated with wagtail-localize, its ``TranslationSource``,
  ``Translation`` and translated strings are recreated for the copy, so that "Sync
  translated pages" still works on the new edition. An English page that is an alias of its
  French page stays an alias, of the new French page.
* **Dates move.** Every ``DateField`` and ``DateTimeField`` of the copied pages and of their
  child objects (edition dates, day dates, registration windows…) moves by the offset between
  the old and the new first day; date-times keep their local time of day across daylight
  saving changes. With ``keep_weekdays`` the offset is rounded to whole weeks, so Monday
  stays Monday (the first day may then move by up to three days from the one asked for).
  Wagtail's own bookkeeping dates (publication, scheduling, locks) are reset, not moved.
* **Titles follow.** The edition's slug becomes the new year; the old year is replaced by
  the new one in every title, and a page's own date written in its title ("Programme du
  29/11", "lundi 29 novembre", "Monday 29 November") is rewritten to its new date. Slugs
  that were made from the title follow the title.
* **Drafts.** The copies are drafts (not live) with a fresh history of one revision: the
  communications staff review them and publish. ``create_demo_next_edition`` publishes.
* **Shared things are shared.** People, venues and images are snippets: the copies point at
  the same ones. Registrations live in their own app, keyed by session page: a page copy
  carries none of them.

Refusals raise ``EditionCopyError``, whose message is written once below, lazily translated:
a first day that is not after the source's first day, a year (or address) that already
exists, pages with unpublished changes, and pages missing their English version. The last
one is a refusal, not a warning: the promise of this action is a new edition that is
complete in every language, and a missing translation is quickly made in wagtail-localize
before starting again; copying it half-translated would publish French pages on the
English site by surprise. Pages that exist only in English are copied as they are.
"""

import datetime as dt
import re
import uuid
from calendar import monthrange
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from wagtail.actions.copy_page import CopyPageAction
from wagtail.models import Locale, Page
from wagtail_localize.models import (
    SegmentOverride,
    StringTranslation,
    Translation,
    TranslationContext,
    TranslationSource,
)

from home.models import EditionPage

# Every message a user can get, defined once.
MESSAGES = {
    "not_after": _(
        "La nouvelle édition doit commencer après le premier jour de l'édition copiée (%(date)s)."
    ),
    "year_exists": _(
        "L'édition %(year)s existe déjà. Choisissez une autre date, ou supprimez d'abord cette édition."
    ),
    "slug_taken": _("L'adresse « %(slug)s » est déjà prise par la page « %(title)s » (%(language)s)."),
    "drafts": _(
        "Ces pages ont des modifications non publiées. Publiez-les ou supprimez-les, puis recommencez :"
    ),
    "missing_translations": _(
        "Ces pages n'ont pas de version en %(language)s. Traduisez-les (ou supprimez-les), puis recommencez :"
    ),
    "no_source": _(
        "Cette édition n'existe pas dans la langue source du site (%(language)s) : "
        "on ne peut copier une édition qu'à partir de sa version source."
    ),
    "permission": _("Vous n'avez pas le droit de créer une nouvelle édition à partir de celle-ci."),
    "invalid_page": _("La copie de la page « %(title)s » a échoué (%(error)s). Rien n'a été créé."),
}

# How many pages a refusal lists before summing up the rest.
MAX_LISTED = 15


class EditionCopyError(Exception):
    """The edition cannot be started. ``code`` says why (a key of MESSAGES), ``message`` says
    it to the user, ``details`` lists the pages concerned, if any."""

    def __init__(self, code, *, details=(), **params):
        self.code = code
        self.message = MESSAGES[code] % params if params else MESSAGES[code]
        self.details = list(details)
        super().__init__(code)

    def __str__(self):
        listed = [str(item) for item in self.details[:MAX_LISTED]]
        if len(self.details) > MAX_LISTED:
            listed.append(_("et %(count)s autres") % {"count": len(self.details) - MAX_LISTED})
        return " ".join([str(self.message), ", ".join(listed)]).strip()


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
    source = EditionPage.objects.filter(translation_key=edition.translation_key, locale=default).first()
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
        edition = EditionPage.objects.filter(
            translation_key=source.translation_key, locale=other_home.locale
        ).first()
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
        drafts += [_page_label(page, version) for page in pages.order_by("path")]
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


# --- Starting an edition ----------------------------------------------------------------


def start_next_edition(source_edition, new_start_date, *, keep_weekdays=False, user=None):
    """Copy ``source_edition`` (and its translations) into a new edition starting on
    ``new_start_date``; return the new French edition, a draft. All or nothing."""
    return _start_next_edition(source_edition, new_start_date, keep_weekdays=keep_weekdays, user=user)


def _start_next_edition(source_edition, new_start_date, *, keep_weekdays, user, edition_fields=None):
    """``edition_fields`` ({language code: {field: value}}) sets fields of the new edition
    page in each language, e.g. the demonstration edition's title."""
    with transaction.atomic():
        source = source_language_edition(source_edition)
        versions = language_versions(source)
        # Two editors starting the same year at once: the second waits, then sees the first.
        list(Page.objects.select_for_update().filter(pk__in=[v.home.pk for v in versions]))

        plan = plan_next_edition(source, new_start_date, keep_weekdays=keep_weekdays)
        if user is not None and not can_start_next_edition(user, source):
            raise EditionCopyError("permission")
        check_target(plan, versions)
        problems = source_problems(source, versions)
        if problems:
            raise problems[0]

        copier = _EditionCopier(plan, user=user, edition_fields=edition_fields or {})
        try:
            copies = {version.locale.pk: copier.copy_tree(version) for version in versions}
        except ValidationError as error:
            raise EditionCopyError(
                "invalid_page", title=copier.current_title, error="; ".join(error.messages)
            ) from error
        _link_localize_records(copies, versions, copier)
        return copies[source.locale_id][0][1]


# --- Demonstration edition --------------------------------------------------------------

DEMO_TEXT = {
    "fr": {
        "title": "Édition de démonstration {year}",
        "tagline": "Une édition fictive pour essayer le site : dates, programme et inscriptions "
        "sont là pour la démonstration.",
    },
    "en": {
        "title": "Demonstration edition {year}",
        "tagline": "A made-up edition to try the site out: its dates, programme and registrations "
        "are for demonstration only.",
    },
}


def demo_start_date(source_start, today, *, min_days_ahead=60):
    """The same slot as the source in the first year that is far enough ahead: the 2021
    edition was on the last Monday of November, so is the demonstration edition."""
    weekday, month = source_start.weekday(), source_start.month
    year = max(source_start.year + 1, today.year)
    while True:
        last = dt.date(year, month, monthrange(year, month)[1])
        candidate = last - dt.timedelta(days=(last.weekday() - weekday) % 7)
        if candidate >= today + dt.timedelta(days=min_days_ahead):
            return candidate
        year += 1


def create_demo_next_edition(source, *, today=None, user=None):
    """A published demonstration edition copied from ``source`` (the 2021 edition), on
    the same weekday of the same month in a year at least two months ahead, so that a
    newcomer can try registration (registration openings still ahead are removed). Titled
    and introduced as a demonstration in each language.

    Idempotent: if the target year already has an edition, that edition is returned as it is.
    """
    today = today or timezone.localdate()
    source = source_language_edition(source)
    start = demo_start_date(source.start_date, today)
    existing = EditionPage.objects.child_of(source.get_parent()).filter(year=start.year).first()
    if existing is not None:
        return existing

    edition_fields = {
        code: {"title": text["title"].format(year=start.year), "tagline": text["tagline"]}
        for code, text in DEMO_TEXT.items()
    }
    with transaction.atomic():
        edition = _start_next_edition(
            source, start, keep_weekdays=True, user=user, edition_fields=edition_fields
        )
        now = timezone.now()
        for version in edition.get_translations(inclusive=True).order_by("locale__language_code"):
            pages = Page.objects.descendant_of(version, inclusive=True).filter(alias_of__isnull=True)
            for page in pages.order_by("path").specific():
                if _open_registration_now(page, now):
                    revision = page.save_revision(user=user, clean=False)
                else:
                    revision = page.get_latest_revision()
                revision.publish(user=user)
    edition.refresh_from_db()
    return edition


def _open_registration_now(page, now):
    """A demonstration is for trying registration today: a registration opening that the
    shift pushed into the future is removed (registration then opens on publication)."""
    opens_at = getattr(page, "registration_opens_at", None)
    if opens_at is not None and opens_at > now:
        page.registration_opens_at = None
        return True
    return False


# --- Copying ----------------------------------------------------------------------------

# Wagtail bookkeeping that a new draft must not inherit.
RESET_ATTRS = {
    "locked": False,
    "locked_at": None,
    "locked_by": None,
    "go_live_at": None,
    "expire_at": None,
    "expired": False,
}
TITLE_FIELDS = ("title", "draft_title", "seo_title")


class _SharedKeysCopyAction(CopyPageAction):
    """Wagtail's page copy, with the new translation keys of child objects taken from a map
    shared by every language: the French and the English copies of one session person get
    the same new key, and stay translations of each other."""

    def __init__(self, page, *, key_map, **kwargs):
        super().__init__(page, **kwargs)
        self.key_map = key_map

    def generate_translation_key(self, old_uuid):
        return self.key_map.setdefault(old_uuid, uuid.uuid4())


class _EditionCopier:
    """Copies one language version of an edition after another, sharing the new keys."""

    def __init__(self, plan, *, user, edition_fields):
        self.plan = plan
        self.user = user
        self.edition_fields = edition_fields
        self.key_map = {}  # old translation key -> new one, for pages and child objects
        self.new_by_old_id = {}  # old page id -> new page
        self.rewritten = {}  # new translation key -> text fields the copy rewrote, in any language
        self.current_title = ""

    def copy_tree(self, version):
        """Copy ``version.edition`` and its descendants under ``version.home``; return the
        (old page, new page) pairs in tree order."""
        pairs = []
        root_fields = {
            "year": self.plan.year,
            "slug": str(self.plan.year),
            **self.edition_fields.get(version.locale.language_code, {}),
        }
        _repair_numchild(version.home)
        self._copy(version.edition.specific, version.home, root_fields, pairs)
        return pairs

    def _copy(self, page, parent, extra_fields, pairs):
        self.current_title = page.get_admin_display_title()
        new_key = self.key_map.setdefault(page.translation_key, uuid.uuid4())
        if page.alias_of_id in self.new_by_old_id:
            new = self._alias(page, parent, new_key, extra_fields.get("slug", page.slug))
        else:
            attrs = {**RESET_ATTRS, "translation_key": new_key, **self._shifted_dates(page)}
            attrs.update(self._rewritten_text(page, attrs))
            attrs.update(extra_fields)
            if "title" in extra_fields:
                attrs["draft_title"] = extra_fields["title"]
            new = _SharedKeysCopyAction(
                page,
                key_map=self.key_map,
                to=parent,
                update_attrs=attrs,
                copy_revisions=False,
                keep_live=False,
                user=self.user,
                process_child_object=self._process_child_object,
            ).execute(skip_permission_checks=True)
            self.rewritten.setdefault(new_key, set()).update(
                name for name in attrs if name in (*TITLE_FIELDS, "slug", *extra_fields)
            )
        self.new_by_old_id[page.pk] = new
        pairs.append((page, new))
        # By path, not get_children(): treebeard trusts numchild, which may be stale.
        for child in Page.objects.child_of(page).order_by("path").specific():
            self._copy(child, new, {}, pairs)

    def _alias(self, page, parent, new_key, slug):
        """An alias of a page of the edition stays an alias, of that page's copy: an
        English placeholder of a French page (same key), or an alias in the same language."""
        original = self.new_by_old_id[page.alias_of_id]
        same_language = original.locale_id == page.locale_id
        alias = original.create_alias(
            parent=parent,
            update_slug=slug,
            update_locale=page.locale,
            reset_translation_key=same_language,
            user=self.user,
        )
        if same_language:
            Page.objects.filter(pk=alias.pk).update(translation_key=new_key)
            alias.translation_key = new_key
        return alias

    def _shifted_dates(self, instance):
        return {
            field.name: shift_date(getattr(instance, field.name), self.plan.offset)
            for field in date_fields(type(instance))
        }

    def _process_child_object(self, page, page_copy, child_relation, child_object):
        for name, value in self._shifted_dates(child_object).items():
            setattr(child_object, name, value)

    def _rewritten_text(self, page, shifted):
        """Titles with the new year and the page's own dates; slugs made from the title
        follow it."""
        language = page.locale.language_code
        moves = {
            getattr(page, field.name): shifted[field.name]
            for field in date_fields(type(page))
            if not isinstance(field, models.DateTimeField) and getattr(page, field.name)
        }
        changed = {}
        for name in TITLE_FIELDS:
            old = getattr(page, name) or ""
            new = replace_year(rewrite_dates(old, moves, language), self.plan.source.year, self.plan.year)
            if new != old:
                changed[name] = new
        if "title" in changed and page.slug == slugify(page.title):
            changed["slug"] = slugify(changed["title"])
        else:
            slug = replace_year(
                rewrite_dates(page.slug, moves, language, slug=True), self.plan.source.year, self.plan.year
            )
            if slug != page.slug:
                changed["slug"] = slug
        return changed


def _repair_numchild(page):
    """treebeard places a new child after the last one only if ``numchild`` says there is
    one. wagtail-localize can leave it at 0 on translated parents (a subtree translated in
    one transaction is published on commit from stale page objects), and the new edition
    would then collide with the old one: count the children by path instead."""
    actual = Page.objects.child_of(page).count()
    if page.numchild != actual:
        Page.objects.filter(pk=page.pk).update(numchild=actual)
        page.numchild = actual


def date_fields(model):
    """The DateField and DateTimeField of a model that belong to its content (not Wagtail's
    own publication and scheduling dates)."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField)
        and field.model is not Page
        and not (field.auto_now or field.auto_now_add)
    ]


def shift_date(value, offset):
    """``value`` + ``offset``; an aware date-time keeps its local time of day."""
    if value is None:
        return None
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        local = timezone.localtime(value).replace(tzinfo=None)
        return timezone.make_aware(local + offset)
    return value + offset


def replace_year(text, old_year, new_year):
    return re.sub(rf"(?<!\d){old_year}(?!\d)", str(new_year), text)


MONTHS = {
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
WEEKDAYS = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def rewrite_dates(text, moves, language, *, slug=False):
    """Rewrite the dates of ``moves`` ({old date: new date}) written in ``text`` as 29/11,
    29/11/2021, [lundi] 29 novembre [2021] or [Monday] November 29 [2021], in the same
    style; with ``slug``, as they are written in an address (29-11, lundi-29-novembre).
    Other dates are left alone. One pass, so that a date moved onto another old date is
    not moved twice."""
    num_sep, word_sep, comma = ("-", "-", "") if slug else ("/", " ", ",?")
    by_day = {(old.day, old.month): (old, new) for old, new in moves.items()}

    def find(day, month, year):
        old, new = by_day.get((int(day), month), (None, None))
        if old is None or (year and int(year) not in (old.year, old.year % 100)):
            return None
        return new

    def numeric(match):
        day, month, year = match["day"], match["month"], match["year"]
        new = find(day, int(month), year)
        if new is None:
            return match[0]
        result = f"{new.day:0{len(day)}d}{num_sep}{new.month:0{len(month)}d}"
        if year:
            result += f"{num_sep}{new.year if len(year) == 4 else new.year % 100:02d}"
        return result

    text = re.sub(
        rf"(?<!\d)(?P<day>\d{{1,2}}){num_sep}(?P<month>\d{{1,2}})(?:{num_sep}(?P<year>\d{{4}}|\d{{2}}))?(?!\d)",
        numeric,
        text,
    )

    if language not in MONTHS:
        return text
    months, weekdays = MONTHS[language], WEEKDAYS[language]
    if slug:
        months, weekdays = [slugify(m) for m in months], [slugify(d) for d in weekdays]

    def same_case(word, like):
        return word.capitalize() if like[:1].isupper() else word.lower()

    def words(match):
        month = [m.lower() for m in months].index(match["month"].lower()) + 1
        new = find(match["day"], month, match["year"])
        if new is None:
            return match[0]
        parts = {
            "weekday": same_case(weekdays[new.weekday()], match["weekday"] or ""),
            "day": str(new.day) + _day_suffix(new.day, match["suffix"], language),
            "suffix": "",
            "month": same_case(months[new.month - 1], match["month"]),
            "year": str(new.year),
        }
        return _assemble(match, parts)

    weekday_re, month_re = "|".join(weekdays), "|".join(months)
    day_first = (
        rf"(?:(?P<weekday>{weekday_re}){comma}{word_sep})?(?P<day>\d{{1,2}})(?P<suffix>er|st|nd|rd|th)?"
        rf"{word_sep}(?P<month>{month_re})(?:{word_sep}(?P<year>\d{{4}}))?\b"
    )
    month_first = (
        rf"(?:(?P<weekday>{weekday_re}){comma}{word_sep})?(?P<month>{month_re}){word_sep}(?P<day>\d{{1,2}})"
        rf"(?P<suffix>st|nd|rd|th)?(?:{comma}{word_sep}(?P<year>\d{{4}}))?\b"
    )
    # Day first, then (in English) month first: what the first pass wrote ("28 November
    # 2022") cannot be read by the second.
    for pattern in [day_first, month_first] if language == "en" else [day_first]:
        text = re.sub(pattern, words, text, flags=re.IGNORECASE)
    return text


def _assemble(match, parts):
    """Rebuild a matched date from new parts, keeping its separators and leaving out the
    parts it did not have."""
    names = sorted((name for name in parts if match[name] is not None), key=match.start)
    result, position = [], match.start()
    for name in names:
        result += [match.string[position : match.start(name)], parts[name]]
        position = match.end(name)
    result.append(match.string[position : match.end()])
    return "".join(result)


def _day_suffix(day, suffix, language):
    """ "1er" in French; "1st", "2nd"… in English where the original date had a suffix."""
    if language == "fr":
        return "er" if day == 1 else ""
    if not suffix:
        return ""
    if 11 <= day % 100 <= 13:
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def _page_label(page, version):
    return f"{page.get_admin_display_title()} ({version.language_name})"


# --- wagtail-localize ---------------------------------------------------------------------


def _link_localize_records(copies, versions, copier):
    """Where the source edition was translated with wagtail-localize, give the copy the same
    records: a TranslationSource for each new French page, a Translation into each language
    it had, and the translated strings and overrides moved to the new page's contexts. The
    translator's work is kept and "Sync translated pages" keeps working.

    Strings the copy rewrote (titles, slugs, the demonstration texts) are translated by what
    the copy wrote in each language."""
    source_locale = versions[0].locale
    new_pages = {
        locale_id: {new.translation_key: new for _old, new in pairs} for locale_id, pairs in copies.items()
    }
    key_strings = {str(old): str(new) for old, new in copier.key_map.items()}

    for old_page, new_page in copies[source_locale.pk]:
        old_source = TranslationSource.objects.filter(
            object_id=old_page.translation_key, locale=source_locale
        ).first()
        if old_source is None:
            continue
        old_translations = list(old_source.translations.filter(target_locale_id__in=new_pages))
        if not old_translations:
            continue
        new_source, _created = TranslationSource.get_or_create_from_instance(new_page)
        for old_translation in old_translations:
            target_locale_id = old_translation.target_locale_id
            Translation.objects.create(
                source=new_source,
                target_locale_id=target_locale_id,
                enabled=old_translation.enabled,
                translations_last_updated_at=old_translation.translations_last_updated_at,
                destination_last_updated_at=old_translation.destination_last_updated_at,
            )
            target = new_pages[target_locale_id].get(new_page.translation_key)
            _copy_translated_strings(
                old_page.translation_key, new_page.translation_key, target_locale_id, key_strings
            )
            if target is not None:
                _translate_rewritten_fields(
                    new_source, target, copier.rewritten.get(new_page.translation_key, set())
                )


def _copy_translated_strings(old_key, new_key, locale_id, key_strings):
    """Copy the StringTranslation and SegmentOverride rows of one object into one language,
    from the old object's contexts to the new one's. Context paths name translatable child
    objects by their key ("speakers.<key>.role"), so those keys are mapped too."""
    contexts = {}

    def new_context(old_context):
        if old_context.pk not in contexts:
            path = ".".join(key_strings.get(part, part) for part in old_context.path.split("."))
            contexts[old_context.pk], _created = TranslationContext.objects.get_or_create(
                object_id=new_key, path=path, defaults={"field_path": old_context.field_path}
            )
        return contexts[old_context.pk]

    strings = StringTranslation.objects.filter(
        context__object_id=old_key, locale_id=locale_id
    ).select_related("context")
    StringTranslation.objects.bulk_create(
        [
            StringTranslation(
                translation_of_id=string.translation_of_id,
                locale_id=locale_id,
                context=new_context(string.context),
                data=string.data,
                translation_type=string.translation_type,
                tool_name=string.tool_name,
                last_translated_by_id=string.last_translated_by_id,
                has_error=string.has_error,
                field_error=string.field_error,
            )
            for string in strings
        ]
    )
    overrides = SegmentOverride.objects.filter(
        context__object_id=old_key, locale_id=locale_id
    ).select_related("context")
    SegmentOverride.objects.bulk_create(
        [
            SegmentOverride(
                locale_id=locale_id,
                context=new_context(override.context),
                data_json=override.data_json,
                has_error=override.has_error,
                field_error=override.field_error,
            )
            for override in overrides
        ]
    )


def _translate_rewritten_fields(source, target, field_names):
    for segment in source.stringsegment_set.select_related("context", "string"):
        name = segment.context.path
        if name in field_names:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale_id=target.locale_id,
                context=segment.context,
                defaults={
                    "data": getattr(target, name),
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
