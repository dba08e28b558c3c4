"""Views of the programme that are not pages: calendar feeds, the programme by room,
search, robots.txt and the favicon.

They live under the language prefix (``/fr/…``, ``/en/…``) and find their page by its
path, as Wagtail does (``Page.find_for_request``), so they follow the tree: no model
change, nothing to configure. The last path segment is translated (``calendrier.ics`` /
``calendar.ics``, ``par-salle`` / ``by-room``, ``recherche`` / ``search``; see
segments.py). A path that names no page of the right kind (an unknown edition, day,
room or session) is a 404, rendered by the site's own translated 404 page.

``page_url_suffix`` in a template context tells ``page_navigation`` (portal_tags) what
to add to the other language's URL of the page, so the language switcher of
``/fr/2021/programme-du-29-11/par-salle/`` leads to ``/en/2021/programme-29-11/by-room/``.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import translation
from django.utils.text import slugify
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail import views as wagtail_views
from wagtail.models import Locale, Page

from home.models import EditionPage
from programme import seo
from programme.models import ProgrammeDayPage
from programme.rooms import day_rooms
from programme.search import search_pages

from .segments import ROOMS, SEARCH

RESULTS_PER_PAGE = 20


def find_page(request, path):
    """The live, public page at ``path`` in the request's language, or None."""
    page = Page.find_for_request(request, path)
    # Wagtail memoises the route on the request; forget it so that serve() can route anew.
    request.__dict__.pop("_wagtail_route_for_request", None)
    if page is None or not page.live or page.get_view_restrictions().exists():
        return None
    return page.specific


def translated_suffix(*segments):
    """A function of a language code giving "by-room/halle/" in that language."""

    def suffix(language_code):
        with translation.override(language_code):
            return "".join(f"{segment}/" for segment in segments)

    return suffix


@require_safe
@cache_control(public=True, max_age=15 * 60)
def calendar(request, path):
    """``…/calendrier.ics`` after an edition, day or session URL: its iCalendar feed."""
    page = find_page(request, path)
    get_calendar = getattr(page, "get_calendar", None)
    ical = get_calendar(request) if get_calendar is not None else None
    if ical is None:
        raise Http404("No calendar at this address.")
    response = HttpResponse(ical.to_ical(), content_type="text/calendar; charset=utf-8")
    name = slugify("-".join(part for part in path.split("/") if part)) or "programme"
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response


@require_safe
def rooms(request, path, room=None):
    """``…/par-salle/`` after a day's URL: the day's programme room by room (printed:
    one door sign per room); ``…/par-salle/<room>/``: one room's sign."""
    page = find_page(request, path)
    if not isinstance(page, ProgrammeDayPage):
        if room is None:
            # Not a day: a child page may really be called "par-salle"; Wagtail decides.
            return wagtail_views.serve(request, f"{path}{ROOMS}/")
        raise Http404("Not a programme day.")
    all_rooms = day_rooms(page)
    shown = all_rooms
    if room is not None:
        shown = [candidate for candidate in all_rooms if candidate.slug == room]
        if not shown:
            raise Http404("No such room on this day.")
    context = {
        "page": page,
        "rooms": shown,
        "all_rooms": all_rooms,
        "single_room": shown[0] if room is not None else None,
        "rooms_url": f"{page.get_url(request)}{ROOMS}/",
        "page_url_suffix": translated_suffix(ROOMS, *([room] if room else [])),
    }
    return render(request, "programme/rooms.html", context)


@require_safe
def search(request):
    """``/fr/recherche/?q=…``: the live pages of the visitor's language that match,
    optionally within one edition (``&edition=2021``)."""
    query = " ".join(request.GET.get("q", "").split())[:200]
    locale = Locale.get_active()
    editions = list(EditionPage.objects.live().public().filter(locale=locale).order_by("-year"))
    year = request.GET.get("edition", "")
    edition = next((e for e in editions if str(e.year) == year), None)
    results = search_pages(query, locale, edition) if query else []
    paginator = Paginator(results, RESULTS_PER_PAGE)
    result_page = paginator.get_page(request.GET.get("page"))
    context = {
        "query": query,
        "editions": editions,
        "edition": edition,
        "results": result_page,
        "result_count": paginator.count if query else 0,
        "page_url_suffix": translated_suffix(SEARCH),
    }
    response = render(request, "programme/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
@cache_control(public=True, max_age=60 * 60)
def robots(request):
    return HttpResponse(seo.robots_txt(request), content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=24 * 60 * 60)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says: send them to the SVG icon."""
    return redirect(static("favicon.svg"))
