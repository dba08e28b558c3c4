"""Views of the programme that are not pages: search, robots.txt and the favicon.

Search lives under the language prefix (``/fr/recherche/``, ``/en/search/``: the last
segment is translated, see segments.py). ``page_url_suffix`` in its context tells
``page_navigation`` (portal_tags) what to add to the other language's home URL, so the
language switcher of ``/fr/recherche/`` leads to ``/en/search/``. The calendar feeds
and the programme by room are routes of their pages (home/routes.py, programme/rooms.py).
"""

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from home.models import EditionPage
from programme import seo
from programme.search import search_pages

from .segments import SEARCH

RESULTS_PER_PAGE = 20


def translated_suffix(*segments):
    """A function of a language code giving "search/" in that language."""

    def suffix(language_code):
        with translation.override(language_code):
            return "".join(f"{segment}/" for segment in segments)

    return suffix


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
