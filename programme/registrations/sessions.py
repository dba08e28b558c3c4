"""A session as the registration module sees it: its shared key, its French page (whose
settings count), its day, its edition and its timing; and the lookups from keys to pages.

See services.py for the rules (registration window, clashes) that use these.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, time_format
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from home.models import EditionPage, edition_of
from programme.models import ProgrammeDayPage, RoutePage, SessionPage, WorkshopPage

SESSION_MODELS = (WorkshopPage, RoutePage)


@dataclass(frozen=True)
class Timing:
    """When a session runs, for clash checks, reminders and calendars."""

    date: date | None
    slot: int | None
    start: time | None
    end: time | None

    def clashes_with(self, other):
        if self.date is None or other.date is None or self.date != other.date:
            return False
        if self.slot is not None and self.slot == other.slot:
            return True
        if self.start is None or other.start is None:
            return False
        if self.start == other.start:
            return True
        # A session without end time is taken as the instant it starts.
        return self.start < (other.end or other.start) and other.start < (self.end or self.start)

    def starts_at(self):
        """An aware datetime, the start of the day when the time is unknown."""
        if self.date is None:
            return None
        return aware(self.date, self.start or time.min)


def _timing(page, day):
    end = page.end_time or getattr(page, "return_time", None)
    if page.start_time and end and end <= page.start_time:
        end = None
    return Timing(date=day.date if day else None, slot=page.slot, start=page.start_time, end=end)


@dataclass(frozen=True)
class SessionInfo:
    """A session as the registration module sees it: its shared key, its French page
    (whose settings count), its day and its edition."""

    key: object
    page: SessionPage
    day: ProgrammeDayPage | None
    edition: EditionPage | None

    @property
    def timing(self):
        return _timing(self.page, self.day)

    @property
    def edition_key(self):
        return self.edition.translation_key if self.edition else self.key

    @property
    def ends_for_good_at(self):
        """Midnight after the edition's last day: nothing is registered past it."""
        if self.edition is None:
            return None
        return aware(self.edition.last_day + timedelta(days=1), time.min)

    @property
    def opens_at(self):
        return self.page.registration_opens_at

    @property
    def closes_at(self):
        closes = self.page.registration_closes_at
        if closes is None and self.day is not None:
            closes = aware(self.day.date, self.page.start_time or time.min)
        final = self.ends_for_good_at
        if final is not None and (closes is None or closes > final):
            closes = final
        return closes

    def is_over(self, now):
        final = self.ends_for_good_at
        return final is not None and now >= final


def aware(day, moment):
    return timezone.make_aware(datetime.combine(day, moment), timezone.get_default_timezone())


def default_locale_id():
    try:
        return Locale.get_default().pk
    except Locale.DoesNotExist:  # no content locale yet: no page either
        return None


def default_language():
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def resolve_session(page):
    """The SessionInfo of any language version of a session page; None for another page.

    Cheap on the session page itself (it runs on every view of it): the locale and the
    day are usually loaded already by the page's own template; one query finds the
    edition."""
    page = getattr(page, "specific", page)
    if not isinstance(page, SessionPage):
        return None
    source = page
    if page.locale.language_code != default_language():
        source = (
            type(page)
            .objects.filter(translation_key=page.translation_key, locale__language_code=default_language())
            .first()
            or page
        )
    steplen = source.steplen
    day = source.__dict__.get("day")  # SessionPage.day, a cached property
    if not isinstance(day, ProgrammeDayPage):
        day = ProgrammeDayPage.objects.filter(path=source.path[:-steplen]).first()
        if day is not None:
            source.__dict__["day"] = day  # the page's template reads it too
    edition = None
    if day is not None:
        # Shared with the navigation and the metadata of the same render (one query).
        edition = edition_of(source)
        if edition is not None and edition.path != day.path[:-steplen]:
            edition = None
    return SessionInfo(key=source.translation_key, page=source, day=day, edition=edition)


def _candidates(keys):
    """{key: [every language version]} in one query per page type, with what the
    e-mails and calendars show (locale, venue and its building)."""
    candidates = {}
    for model in SESSION_MODELS:
        pages = model.objects.filter(translation_key__in=set(keys)).select_related("locale", "venue__part_of")
        for page in pages:
            candidates.setdefault(page.translation_key, []).append(page)
    return candidates


def _pick(pages, language=None):
    """The live version in ``language`` when there is one, else the default-language
    version, else any."""
    default = default_language()

    def preference(page):
        if language and page.live and page.locale.language_code == language:
            return 0
        return 1 if page.locale.language_code == default else 2

    return min(pages, key=preference)


def session_pages(keys, language=None):
    """{key: session page} for the given keys, in ``language`` when possible."""
    return {key: _pick(pages, language) for key, pages in _candidates(keys).items()}


def resolve_keys(keys, candidates=None):
    """{key: SessionInfo} for sessions that still exist, in a few queries."""
    candidates = _candidates(keys) if candidates is None else candidates
    sources = {key: _pick(pages) for key, pages in candidates.items()}
    steplen = SessionPage.steplen
    day_paths = {page.path[:-steplen] for page in sources.values()}
    days = {day.path: day for day in ProgrammeDayPage.objects.filter(path__in=day_paths)}
    edition_paths = {path[:-steplen] for path in days}
    editions = {edition.path: edition for edition in EditionPage.objects.filter(path__in=edition_paths)}
    infos = {}
    for key, page in sources.items():
        day = days.get(page.path[:-steplen])
        edition = editions.get(day.path[:-steplen]) if day else None
        infos[key] = SessionInfo(key=key, page=page, day=day, edition=edition)
    return infos


@dataclass(frozen=True)
class SessionDisplay:
    """What an e-mail or a calendar entry says about a session, in one language."""

    page: SessionPage  # in that language when translated
    info: SessionInfo
    url: str
    when: str
    where: str


def describe_sessions(keys, language):
    """{key: SessionDisplay} in ``language`` (active it first for dates), in a few queries."""
    candidates = _candidates(keys)
    infos = resolve_keys(keys, candidates)
    displays = {}
    for key, pages in candidates.items():
        page = _pick(pages, language)
        displays[key] = SessionDisplay(
            page=page,
            info=infos[key],
            url=page.get_full_url() or "",
            when=describe_when(infos[key]),
            where=describe_where(page),
        )
    return displays


def site_root(page=None):
    """The root URL of the site serving ``page`` (Wagtail caches the sites' roots)."""
    parts = page.get_url_parts() if page is not None else None
    return parts[1] if parts else settings.WAGTAILADMIN_BASE_URL


def absolute_url(path, page=None):
    """``path`` on the site serving ``page`` (e-mails have no request to build it from)."""
    return site_root(page).rstrip("/") + path


def personal_url(attendee, language, page=None):
    with translation.override(language):
        path = reverse("registrations:personal", args=[attendee.token])
    return absolute_url(path, page)


def describe_when(info):
    """ "lundi 29 novembre 2021, 14:00 – 16:00", in the active language."""
    timing = info.timing
    if timing.date is None:
        return ""
    text = date_format(timing.date, "l j F Y")
    if timing.start:
        text += ", " + time_format(timing.start, "TIME_FORMAT")
        if timing.end:
            text += " – " + time_format(timing.end, "TIME_FORMAT")
    return text


def describe_where(page):
    parts = []
    if getattr(page, "meeting_point", ""):
        parts.append(page.meeting_point)
    if page.venue_id:
        venue = page.venue
        parts.append(str(venue))
        if venue.full_address:
            parts.append(venue.full_address)
    if page.location_note:
        parts.append(page.location_note)
    return ", ".join(parts)


def edition_sessions(edition):
    """[(day, [SessionInfo])] for the sessions of an edition that take registrations,
    days by date, sessions in tree order. A fixed number of queries."""
    days = list(ProgrammeDayPage.objects.child_of(edition).order_by("date", "path"))
    pages = [
        page
        for model in SESSION_MODELS
        for page in model.objects.descendant_of(edition).filter(registration_required=True)
    ]
    steplen = SessionPage.steplen
    by_day = {day.path: (day, []) for day in days}
    for page in sorted(pages, key=lambda p: p.path):
        entry = by_day.get(page.path[:-steplen])
        if entry is not None:
            entry[1].append(SessionInfo(key=page.translation_key, page=page, day=entry[0], edition=edition))
    return [entry for entry in by_day.values() if entry[1]]
