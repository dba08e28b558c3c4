"""Serving pages: sub-URLs with Wagtail's ``RoutablePageMixin`` (the calendar feed of a
page, ``…/calendrier.ics``, ``…/calendar.ics`` in English, and what any sub-route
needs), and a page manager that joins what a page's own rendering reads.

The last segment is translated (``pgettext_lazy`` with the "URL segment" context, the
English in locale/en): Django compiles a route's pattern in the active language, so
``/en/2021/calendrier.ics`` is no route of the English edition and stays a 404.

A file name has no trailing slash, and Wagtail's own URL pattern takes no dot
(wagtail/wagtail#3653): portal/urls.py hands paths ending in ``.ics`` to Wagtail's
``serve`` view. Wagtail then walks the tree as for any page and gives the sub-path to
the page's routes with a "/" appended, hence the ``calendrier.ics/`` pattern.
"""

from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.text import format_lazy, slugify
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import PageManager
from wagtail.query import PageQuerySet

CALENDAR = pgettext_lazy("URL segment", "calendrier.ics")
# The route name of a routable page's own rendering (RoutablePageMixin.index_route).
INDEX_ROUTE = "index_route"


def sub_route_name(request):
    """The name of the page route serving ``request`` ("calendar", "rooms"…), or None
    when it is the page itself (or not a routable page)."""
    match = getattr(request, "routable_resolver_match", None)
    if match is None or match.url_name == INDEX_ROUTE:
        return None
    return match.url_name


def route_suffix(page, request):
    """A function of a language code giving the sub-URL ``request`` is on, in that
    language ("par-salle/halle/" or "by-room/halle/"): what ``page_navigation`` adds to
    the translations' URLs so that the language links lead to the same view."""
    match = request.routable_resolver_match

    def suffix(language_code):
        with translation.override(language_code):
            return page.reverse_subpage(match.url_name, args=match.args, kwargs=match.kwargs)

    return suffix


def sub_routes_are_public_only(page, request, serve_args, serve_kwargs):
    """``before_serve_page`` hook, before Wagtail's privacy check: a page's sub-route
    (a calendar feed, the programme by room) of a page with a view restriction is a
    404, not a login or password form (calendar applications cannot log in)."""
    if sub_route_name(request) is not None and page.get_view_restrictions().exists():
        raise Http404("No public view at this address.")


class JoinedPageQuerySet(PageQuerySet):
    def only(self, *fields):
        # only() names the fields to load: the manager's joins would contradict it
        # (Django refuses to join a foreign key it defers; treebeard's delete does this).
        return super().only(*fields).select_related(None)


class JoinedPageManager(PageManager):
    """A page manager whose querysets join ``related`` (``select_related``), unless
    ``only()`` narrows them. Wagtail fetches the specific page it serves with
    ``Model.objects.get(id=…)``, so what the page's template reads (its locale, its
    venue) comes with that one query."""

    _queryset_class = JoinedPageQuerySet

    def __init__(self, *related):
        super().__init__()
        self.related = related

    def get_queryset(self):
        return super().get_queryset().select_related(*self.related)


class CalendarFeedMixin(RoutablePageMixin):
    """A page with an iCalendar feed at ``<page URL>calendrier.ics``. The page class
    provides ``get_calendar(request)``: an ``icalendar.Calendar``, or None for no feed
    (then the address is a 404)."""

    def get_calendar(self, request):
        raise NotImplementedError

    def get_calendar_url(self, request=None):
        """The feed's URL (relative, like ``get_url``), in the page's language."""
        url = self.get_url(request)
        if not url:
            return ""
        with translation.override(self.locale.language_code):
            # The route's pattern ends with the "/" Wagtail appends; the file name has none.
            return url + self.reverse_subpage("calendar").rstrip("/")

    def calendar_filename(self):
        """ "2021-programme-du-29-11.ics": the page's path below the home page."""
        segments = self.url_path.strip("/").split("/")[1:]
        return f"{slugify('-'.join(segments)) or 'programme'}.ics"

    @path(format_lazy("{}/", CALENDAR), name="calendar")
    def calendar_route(self, request):
        return calendar_response(request, self)


@require_safe
@cache_control(public=True, max_age=15 * 60)
def calendar_response(request, page):
    """The feed of ``page`` as a download, or a 404 when the page has none."""
    calendar = page.get_calendar(request)
    if calendar is None:
        raise Http404("No calendar at this address.")
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{page.calendar_filename()}"'
    return response
