"""The visitor's companion on the public pages: what is on now (programme/now.py) and
the "add to my programme" button (static/js/companion.js)."""

from django import template
from django.urls import reverse

from home.companion import short_key
from home.freshness import valid_until
from programme import now as clock
from programme.now import day_now_next, edition_now_next
from programme.places import views as places_views
from programme.registrations.services.feedback import session_ended_at

register = template.Library()


def _rooms_url(day, request):
    url = day.get_url(request)
    return url + day.reverse_subpage("rooms") if url else ""


@register.inclusion_tag("programme/companion/now_next.html", takes_context=True)
def now_and_next(context, page, now=None):
    """ "En ce moment" / "Ensuite" on a day page (its ``slots`` in the context) or an
    edition page (its ``days``); empty outside the edition's days. ``now`` for tests."""
    request = context.get("request")
    now = now or clock.current_time()
    if getattr(page, "is_programme_day", False):
        result, until = day_now_next(page, context.get("slots") or [], now)
    else:
        result, until = edition_now_next(context.get("days") or [], now, lambda day: day.get_slots())
    valid_until(request, until)
    if result is None:
        return {"now_next": None}
    return {
        "now_next": result,
        "rooms_url": _rooms_url(result.day, request),
        "day_url": result.day.get_url(request) if not getattr(page, "is_programme_day", False) else "",
    }


@register.simple_tag
def star_key(session):
    """The short, language-independent key "Mon programme" stores for a session (a
    page, or its translation key): home/companion.py."""
    return short_key(getattr(session, "translation_key", session))


@register.simple_tag(takes_context=True)
def my_programme_url(context, edition):
    """The edition's "Mon programme" page, in the edition's language ("" without one)."""
    method = getattr(edition, "my_programme_url", None)
    return method(context.get("request")) if method else ""


@register.simple_tag
def venue_url(venue):
    """The public page of a venue (programme/places/)."""
    return places_views.venue_url(venue) if venue is not None else ""


@register.simple_tag
def person_url(person):
    """The public page of a person (programme/places/)."""
    return places_views.person_url(person) if person is not None else ""


@register.simple_tag
def venues_url():
    """ "Les tiers-lieux du réseau", the index of venues by town."""
    return reverse("programme_venues")


@register.inclusion_tag("programme/companion/feedback_link.html", takes_context=True)
def feedback_link(context, session, now=None):
    """ "Donner mon avis" on a session's page once it has ended (services/feedback.py);
    the cached page is kept no longer than until then."""
    ended = session_ended_at(session.timing())
    now = now or clock.current_time()
    if ended is None:
        return {"url": ""}
    if now < ended:
        valid_until(context.get("request"), ended)
        return {"url": ""}
    return {"url": reverse("registrations:session_feedback", args=[session.pk])}
