""" "Mon programme": the sessions a visitor starred or registered for, without an account.

The selection lives in the visitor's browser (``localStorage``, static/js/companion.js),
never on the server. The browser sends it in the address, so the page is a plain GET
anyone can bookmark or share:

    /fr/2021/mon-programme/?s=1a2b3c4d.5e6f7a8b&r=9c0d1e2f   the visitor's own
    /fr/2021/mon-programme/?p=1a2b3c4d.5e6f7a8b              a shared programme
    /fr/2021/mon-programme.ics?s=…&r=…                       all of them, one calendar

A session's *short key* is the start (8 hex digits) of its ``translation_key``: the same
in French and English, so a link shared in one language opens in the other, and short
enough for a link (32 bits: a clash between two sessions of one edition is unlikely, and
would only add a session to a list). ``s`` holds the starred, ``r`` the registered (the
registration pages tell the browser, which adds them), ``p`` a shared selection, which
says nothing of the sender's registrations. Unknown or malformed keys are ignored.

The sessions come from the edition's days (``calendar_sessions()``: live and public),
so a restricted session never shows. They are listed by day, in the programme's order
(its times where it has them, its slots otherwise), with the clashes of
``Timing.clashes_with`` flagged. The calendar uses each session's ``calendar_event()``:
one UID per session, as in every feed and e-mail.

Routes of ``EditionPage`` (``MyProgrammeMixin``); never stored by the page cache (a
sub-route, and a query string).
"""

import re
import uuid
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from home.calendars import build_calendar
from home.routes import route_suffix

MY_PROGRAMME = pgettext_lazy("URL segment", "mon-programme")
SHORT_KEY = re.compile(r"^[0-9a-f]{8}$")
MAX_KEYS = 200


def short_key(key):
    """The short key of a ``translation_key`` (a UUID, or its text)."""
    return uuid.UUID(str(key)).hex[:8]


def parse_keys(value):
    """The valid short keys in ``value`` ("1a2b3c4d.5e6f7a8b"), in order, once each."""
    keys = []
    for part in (value or "").lower().split(".")[:MAX_KEYS]:
        if SHORT_KEY.match(part) and part not in keys:
            keys.append(part)
    return keys


@dataclass
class Entry:
    session: object
    registered: bool = False
    clashes: list = field(default_factory=list)

    @property
    def day(self):
        return self.session.day


@dataclass
class Selection:
    starred: list
    registered: list
    shared: bool

    @classmethod
    def from_request(cls, request):
        shared = parse_keys(request.GET.get("p"))
        if shared:
            return cls(starred=shared, registered=[], shared=True)
        registered = parse_keys(request.GET.get("r"))
        starred = [key for key in parse_keys(request.GET.get("s")) if key not in registered]
        return cls(starred=starred, registered=registered, shared=False)

    @property
    def is_empty(self):
        return not self.starred and not self.registered


def programme_entries(edition, selection):
    """[Entry] of ``edition`` for ``selection``, by day and programme order, clashes set."""
    wanted = set(selection.starred) | set(selection.registered)
    entries = []
    if not wanted:
        return entries
    days, _others = edition.get_children_to_list()
    for day in days:
        for session in day.calendar_sessions():
            key = short_key(session.translation_key)
            if key in wanted:
                entries.append(Entry(session=session, registered=key in selection.registered))
    for index, entry in enumerate(entries):
        timing = entry.session.timing()
        for other in entries[index + 1 :]:
            if timing.clashes_with(other.session.timing()):
                entry.clashes.append(other.session)
                other.clashes.append(entry.session)
    return entries


def _query(selection, *, share=False):
    keys = [*selection.starred, *selection.registered]
    if share or selection.shared:
        return "p=" + ".".join(keys) if keys else ""
    parts = []
    if selection.starred:
        parts.append("s=" + ".".join(selection.starred))
    if selection.registered:
        parts.append("r=" + ".".join(selection.registered))
    return "&".join(parts)


class MyProgrammeMixin(RoutablePageMixin):
    """The edition's "Mon programme" page and its calendar (see the module docstring)."""

    def my_programme_url(self, request=None):
        url = self.get_url(request)
        if not url:
            return ""
        with translation.override(self.locale.language_code):
            return url + self.reverse_subpage("my_programme")

    @path(format_lazy("{}/", MY_PROGRAMME), name="my_programme")
    def my_programme_route(self, request):
        return my_programme_response(request, self)

    @path(format_lazy("{}.ics/", MY_PROGRAMME), name="my_programme_calendar")
    def my_programme_calendar_route(self, request):
        return my_programme_calendar(request, self)


@require_safe
def my_programme_response(request, edition):
    selection = Selection.from_request(request)
    entries = programme_entries(edition, selection)
    url = edition.my_programme_url(request)
    query = _query(selection)
    context = {
        "page": edition,
        "edition": edition,
        "selection": selection,
        "entries": entries,
        "has_clash": any(entry.clashes for entry in entries),
        "calendar_url": f"{url.rstrip('/')}.ics?{query}" if entries else "",
        "share_url": request.build_absolute_uri(f"{url}?{_query(selection, share=True)}") if entries else "",
        "page_url_suffix": route_suffix(edition, request),
    }
    return TemplateResponse(request, "home/my_programme.html", context)


@require_safe
@cache_control(private=True, max_age=0)
def my_programme_calendar(request, edition):
    entries = programme_entries(edition, Selection.from_request(request))
    events = [event for entry in entries if (event := entry.session.calendar_event(request)) is not None]
    calendar = build_calendar(
        events, first_day=edition.start_date, last_day=edition.last_day, name=edition.title, subscribed=False
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{edition.year}-mon-programme.ics"'
    return response
