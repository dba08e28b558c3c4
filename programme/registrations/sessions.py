"""A session as the registration module sees it: its shared key, its French page (whose
settings count), its day and its edition; the lookups from keys to pages; and what the
e-mails and the personal calendar say about a session.

A session's timing, place and calendar entry are the session page's own
(``SessionPage.timing()``, ``location_text()``, ``calendar_event()``); see the services
package for the rules (registration window, clashes) that use them.
"""

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page

from home import datetimes
from home.calendars import build_calendar
from home.models import EditionPage, edition_of
from programme.models import ProgrammeDayPage, RoutePage, SessionPage, WorkshopPage
from programme.timing import aware

from .models import Registration, SessionNotice

SESSION_MODELS = (WorkshopPage, RoutePage)


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
        return self.page.timing(self.day)

    @property
    def edition_key(self):
        return self.edition.translation_key if self.edition else self.key

    @property
    def ends_for_good_at(self):
        """Midnight after the edition's last day: nothing is registered past it."""
        if self.edition is None:
            return None
        return aware(self.edition.last_day + timedelta(days=1))

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


def default_locale_id():
    try:
        return Locale.get_default().pk
    except Locale.DoesNotExist:  # no content locale yet: no page either
        return None


def default_language():
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def resolve_session(page):
    """The SessionInfo of any language version of a session page; None for another page.

    Cheap on the session page itself (it runs on every view of it): the day is usually
    loaded already by the page's own template; one query finds the edition."""
    page = getattr(page, "specific", page)
    if not isinstance(page, SessionPage):
        return None
    source = page
    if page.locale.language_code != default_language():
        # Wagtail's translations of the page, by language code: one query (the
        # default Locale's id would cost another).
        source = page.get_translations().filter(locale__language_code=default_language()).first() or page
    if not isinstance(source.__dict__.get("day"), ProgrammeDayPage):  # SessionPage.day, cached
        SessionPage.load_days([source])  # the page's template reads it too
    day = source.day
    # Shared with the navigation and the metadata of the same render (one query).
    edition = edition_of(source) if day is not None else None
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


def session_in_languages(key, languages):
    """{language: the session's live page in that language} for those of ``languages``
    it is translated into and published in (one query per page type)."""
    pages = _candidates([key]).get(key, [])
    return {
        page.locale.language_code: page
        for page in pages
        if page.live and page.locale.language_code in languages
    }


def in_language(instance, language):
    """A translatable page or snippet (a venue, an edition) in ``language`` when it is
    translated (and, for a page, published), else ``instance`` itself."""
    if instance is None:
        return None
    translated = instance.get_translations(inclusive=True).filter(locale__language_code=language).first()
    if translated is None or not getattr(translated, "live", True):
        return instance
    return translated


def resolve_keys(keys, candidates=None):
    """{key: SessionInfo} for sessions that still exist, in a few queries."""
    candidates = _candidates(keys) if candidates is None else candidates
    sources = {key: _pick(pages) for key, pages in candidates.items()}
    days = SessionPage.load_days(list(sources.values()))
    ProgrammeDayPage.load_editions(days)
    return {
        key: SessionInfo(key=key, page=page, day=page.day, edition=page.day.edition if page.day else None)
        for key, page in sources.items()
    }


@dataclass(frozen=True)
class SessionDisplay:
    """What an e-mail or a calendar entry says about a session, in one language."""

    page: SessionPage  # in that language when translated, its day loaded
    info: SessionInfo
    url: str
    when: str
    where: str
    # Under a view restriction (password, login, group) in some language: the e-mail and
    # calendars, which reach people who have not passed it, then leave out when and where.
    restricted: bool = False


def restricted_keys(keys):
    """Those of these session keys of which a language version is under a view
    restriction, its own or an ancestor's (one query)."""
    pages = Page.objects.filter(translation_key__in=set(keys)).not_public()
    return set(pages.values_list("translation_key", flat=True))


def describe_sessions(keys, language):
    """{key: SessionDisplay} in ``language`` (active it first for dates), in a few queries."""
    candidates = _candidates(keys)
    infos = resolve_keys(keys, candidates)
    restricted = restricted_keys(candidates.keys())
    pages = {key: _pick(versions, language) for key, versions in candidates.items()}
    SessionPage.load_days([page for page in pages.values() if "day" not in page.__dict__])
    return {
        key: SessionDisplay(
            page=page,
            info=infos[key],
            url=page_url(page),
            when="" if key in restricted else describe_when(infos[key]),
            where="" if key in restricted else page.location_text(venue=_venue_of(page, infos[key].page)),
            restricted=key in restricted,
        )
        for key, page in pages.items()
    }


def _venue_of(page, source):
    """The room of the French page ``source`` as ``page`` (a translation) should name it:
    None when its own is that room's version (no query), else the room in its language.
    A translation keeps its old room until it is synchronised; the room is the French
    page's."""
    if source.venue_id is None or page.pk == source.pk:
        return None
    if page.venue_id and page.venue.translation_key == source.venue.translation_key:
        return None
    return in_language(source.venue, page.locale.language_code)


def absolute_url(path):
    """``path`` on the public site, for e-mails and calendars, which have no request to
    build it from: ``WAGTAILADMIN_BASE_URL`` is the one setting for those links (with
    its port under ``make run``, https in production), not the Wagtail Site record."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def page_url(page):
    """The public page's absolute URL (see ``absolute_url``); "" when it is not routable."""
    parts = page.get_url_parts()
    return absolute_url(parts[2]) if parts else ""


def personal_url(attendee, language):
    with translation.override(language):
        path = reverse("registrations:personal", args=[attendee.token])
    return absolute_url(path)


def ticket_url(registration, language):
    """The printable ticket of a confirmed registration (checkin/tickets.py)."""
    with translation.override(language):
        path = reverse("registrations:ticket", args=[registration.attendee.token, registration.uuid])
    return absolute_url(path)


def offer_url(registration, language):
    """The link of an offered place's e-mail (the personal token and the registration)."""
    with translation.override(language):
        path = reverse("registrations:accept_offer", args=[registration.attendee.token, registration.uuid])
    return absolute_url(path)


def describe_when(info):
    """ "lundi 29 novembre 2021, 14h00 – 16h00", "Monday 29 November 2021, 2 pm – 4 pm"."""
    timing = info.timing
    if timing.date is None:
        return ""
    text = datetimes.long_date(timing.date)
    if timing.start:
        text += ", " + datetimes.time_of_day(timing.start)
        if timing.end:
            text += " – " + datetimes.time_of_day(timing.end)
    return text


def calendar_sequences(keys):
    """{key: SEQUENCE} of the sessions' calendar entries: 0 until a change notice."""
    notices = SessionNotice.objects.filter(session_key__in=set(keys)).values_list("session_key", "sequence")
    return dict.fromkeys(keys, 0) | dict(notices)


def session_entry(display, sequence, status="CONFIRMED"):
    """The calendar entry of a session as described in ``display`` (active its language),
    or None (no day, or restricted)."""
    if display is None or display.restricted:
        return None
    event = display.page.calendar_event()
    timing = display.info.timing  # the French page's: a translation's follow at its sync
    bounds = timing.bounds()
    if event is None or bounds is None:
        return None
    return replace(
        event,
        start=bounds[0],
        end=bounds[1],
        all_day=timing.all_day,
        location=display.where,
        url=display.url,
        description=display.page.calendar_description(display.url),
        sequence=sequence,
        status=status,
    )


def _calendar(entries, **options):
    days = [entry.start.date() if isinstance(entry.start, datetime) else entry.start for entry in entries]
    today = timezone.localdate()
    return build_calendar(
        entries,
        first_day=min(days, default=today),
        last_day=max(days, default=today),
        subscribed=False,
        **options,
    ).to_ical()


def calendar_for(registrations, language, displays=None):
    """The .ics bytes of these registrations' sessions (cancelled and waiting ones are
    left out), in ``language``: the same events as the public feeds (same UID, place,
    times, link to the public session page), with the SEQUENCE of the last change
    notice. Never the personal link: calendars get shared, and the link gives anyone the
    attendee's data and cancel button.
    ``displays`` (from ``describe_sessions``) spares the queries when already known."""
    registrations = [r for r in registrations if r.status == Registration.Status.CONFIRMED]
    with translation.override(language):
        keys = {r.session_key for r in registrations}
        if displays is None or not keys <= set(displays):
            displays = describe_sessions(keys, language)
        sequences = calendar_sequences(keys) if keys else {}
        entries = []
        for registration in registrations:
            key = registration.session_key
            entry = session_entry(displays.get(key), sequences.get(key, 0))
            if entry is not None:
                entries.append(entry)
        return _calendar(entries)


def notice_calendar(key, language, *, sequence, cancelled=False):
    """The .ics of a change notice (METHOD:REQUEST) or of a cancelled session
    (METHOD:CANCEL, STATUS:CANCELLED) for a session: same UID as the confirmation's
    entry, ``sequence`` above it, so calendar programs update or remove the event
    already added. None when there is no entry to update (no day, restricted)."""
    with translation.override(language):
        display = describe_sessions([key], language).get(key)
        entry = session_entry(display, sequence, "CANCELLED" if cancelled else "CONFIRMED")
        if entry is None:
            return None
        return _calendar(
            [entry],
            method="CANCEL" if cancelled else "REQUEST",
            organizer=parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
        )


def edition_sessions(edition):
    """[(day, [SessionInfo])] for the sessions of an edition that take registrations,
    days by date, sessions in tree order. A fixed number of queries."""
    days = list(ProgrammeDayPage.objects.child_of(edition).order_by("date", "path"))
    pages = sorted(
        (
            page
            for model in SESSION_MODELS
            for page in model.objects.of_edition(edition).filter(registration_required=True)
        ),
        key=lambda page: page.path,
    )
    grouped = []
    for day in days:
        infos = [
            SessionInfo(key=page.translation_key, page=page, day=day, edition=edition)
            for page in pages
            if page.is_child_of(day)
        ]
        if infos:
            grouped.append((day, infos))
    return grouped
