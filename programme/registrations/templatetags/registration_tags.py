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
from ..planner import has_planner
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


@register.inclusion_tag("registrations/planner/_link.html")
def planner_link(day, slots=None):
    """The link "M'inscrire à plusieurs séances" to a programme day's planner, when one of
    its sessions takes registrations (static content: the page stays cacheable). The day
    page passes its ``slots``, already loaded: no query then."""
    sessions = None if slots is None else [session for slot in slots for session in slot.sessions]
    if not isinstance(day, ProgrammeDayPage) or not day.pk or not has_planner(day, sessions):
        return {"show": False}
    return {"show": True, "day": day}
