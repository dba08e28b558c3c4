"""``{% registration_panel page %}``: a session's registration panel, for the session page
templates.

The panel holds no form: a form carries a CSRF token, and a page with a token is never
cached (portal/cache.py). The form has its own uncached page under
``/<lang>/inscriptions/seance/<id>/``. Nor does the rendered panel hold the state: it
holds a placeholder (``programme.registrations.live``) that is filled with the live
state (places left, "complet", waiting list, the button) every time the page is served,
cached or not. So the cached page stays valid through registrations.
``{% registration_card_line session %}`` does the same for the line of a day page's card."""

from django import template
from django.utils import translation

from programme.models import ProgrammeDayPage, SessionPage

from ..live import card_placeholder, panel_placeholder, session_info
from ..planner import days_with_planner, has_planner
from ..services.availability import requires_registration

register = template.Library()


@register.inclusion_tag("registrations/panel.html")
def registration_panel(page):
    if not isinstance(page, SessionPage) or not page.registration_required or not page.pk:
        return {"show": False}
    info = session_info(page)
    if info is None or not requires_registration(info.page):
        return {"show": False}
    return {
        "show": True,
        "page": page,
        "live": panel_placeholder(info, translation.get_language(), form_page=page),
    }


@register.simple_tag
def registration_card_line(session):
    """The live registration line of a session's card (its capacity, or that the
    organisers cancelled it), for a session that takes registrations; from the page
    alone, so a day of any size costs no query here."""
    return card_placeholder(session, translation.get_language())


@register.inclusion_tag("registrations/planner/_link.html", takes_context=True)
def planner_link(context, day, slots=None):
    """The link "M'inscrire à plusieurs séances" to a programme day's planner, when one of
    its sessions takes registrations (static content: the page stays cacheable). The day
    page passes its ``slots``, already loaded: no query then. On the edition page, the
    days of its context are looked at together, once (two queries for all of them)."""
    if not isinstance(day, ProgrammeDayPage) or not day.pk:
        return {"show": False}
    if slots is not None:
        show = has_planner(day, [session for slot in slots for session in slot.sessions])
    else:
        days = [other for other in context.get("days") or [] if isinstance(other, ProgrammeDayPage)]
        if day not in days:
            days = [day]
        key = ("planner_days", tuple(other.pk for other in days))
        if key not in context.render_context:
            context.render_context[key] = days_with_planner(days)
        show = day.pk in context.render_context[key]
    return {"show": show, "day": day}
