"""``{% registration_panel page %}``: the live registration state of a session and a link
to its form, for the session page templates.

The panel holds no form: a form carries a CSRF token, and a page with a token is never
cached (portal/cache.py). The form has its own uncached page under
``/<lang>/inscriptions/seance/<id>/``. The state is read from the database on every
render, and every registration change empties the page cache (``registration_changed``),
so the state shown, cached or not, is never stale."""

from django import template
from django.urls import reverse
from django.utils import timezone

from programme.models import SessionPage

from ..services.counting import session_availability

register = template.Library()


@register.inclusion_tag("registrations/panel.html", takes_context=True)
def registration_panel(context, page):
    if not isinstance(page, SessionPage) or not page.registration_required or not page.pk:
        return {"show": False}
    # Kept on the request: shared with the page's metadata (one count query).
    availability = session_availability(page, timezone.now(), request=context.get("request"))
    if availability.state == availability.NOT_REQUIRED:
        return {"show": False}
    return {
        "show": True,
        "page": page,
        "availability": availability,
        "register_url": reverse("registrations:register", args=[page.pk]),
    }
