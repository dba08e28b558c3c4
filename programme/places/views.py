"""Public pages of the network's places and people (directory.py): ``/fr/lieux/`` (the
index by town, searchable), ``/fr/lieux/<slug>-<id>/``, ``/fr/personnes/<slug>-<id>/``;
in English ``/en/places/…`` and ``/en/people/…``. The id is the snippet's own row in
that language (Venue and Person are translatable snippets); an id of the other language
redirects to its translation here, or is shown as it is when the sessions of this
language use it untranslated. The language links lead to the same place or person
(``page_url_suffix``, portal_tags). A venue or person used in no live public session
has no page (404).
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.views.decorators.http import require_safe
from wagtail.models import Locale

from programme.models import Person, Venue

from .directory import Scope, person_history, used_person_ids, used_venue_ids, venue_history, venues_by_town
from .segments import PEOPLE, PLACES

MAX_QUERY = 100


def snippet_slug(snippet):
    return slugify(snippet.name) or "x"


def venue_url(venue):
    return reverse("programme_venue", kwargs={"slug": snippet_slug(venue), "pk": venue.pk})


def person_url(person):
    return reverse("programme_person", kwargs={"slug": snippet_slug(person), "pk": person.pk})


def _translated_suffix(snippet, segment):
    """``page_url_suffix`` for a snippet's page: its translation's address in each language."""
    rows = {
        row.locale.language_code: row
        for row in snippet.get_translations(inclusive=True).select_related("locale")
    }

    def suffix(language_code):
        row = rows.get(language_code, snippet)
        with translation.override(language_code):
            return f"{segment}/{snippet_slug(row)}-{row.pk}/"

    return suffix


def _in_active_locale(model, pk, used_ids):
    """(snippet, scope, redirect_to, used ids): the snippet ``pk`` as the visitor's language's
    sessions use it, or its translation in that language to redirect to; 404 when no
    live public session of that language uses either."""
    snippet = model.objects.filter(pk=pk).first()
    if snippet is None:
        raise Http404("No such snippet.")
    scope = Scope(Locale.get_active())
    used = used_ids(scope)
    if snippet.locale_id != scope.locale.pk:
        translated = snippet.get_translation_or_none(scope.locale)
        if translated is not None and translated.pk in used:
            return None, scope, translated, used
    if snippet.pk not in used:
        raise Http404("Used in no public session.")
    return snippet, scope, None, used


@require_safe
def venue_index(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    towns = venues_by_town(Scope(Locale.get_active()), query)
    context = {
        "query": query,
        "towns": towns,
        "count": sum(len(venues) for _town, venues in towns),
        "page_url_suffix": lambda code: _segment(PLACES, code),
    }
    return render(request, "programme/places/index.html", context)


def _segment(segment, language_code):
    with translation.override(language_code):
        return f"{segment}/"


@require_safe
def venue_detail(request, slug, pk):
    venue, scope, other, used = _in_active_locale(Venue, pk, used_venue_ids)
    if other is not None:
        return redirect(venue_url(other), permanent=True)
    if slug != snippet_slug(venue):
        return redirect(venue_url(venue), permanent=True)
    rooms = [room for room in venue.rooms.all() if room.pk in used] if venue.part_of_id is None else []
    context = {
        "venue": venue,
        "building": venue.part_of,
        "rooms": rooms,
        "histories": venue_history(venue, scope),
        "position": venue.position,
        "page_url_suffix": _translated_suffix(venue, PLACES),
    }
    return render(request, "programme/places/venue.html", context)


@require_safe
def person_detail(request, slug, pk):
    person, scope, other, _used = _in_active_locale(Person, pk, used_person_ids)
    if other is not None:
        return redirect(person_url(other), permanent=True)
    if slug != snippet_slug(person):
        return redirect(person_url(person), permanent=True)
    context = {
        "person": person,
        "histories": person_history(person, scope),
        "page_url_suffix": _translated_suffix(person, PEOPLE),
    }
    return render(request, "programme/places/person.html", context)
