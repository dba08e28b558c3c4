"""``{% registration_panel page %}``: the live registration state and form of a session,
for the session page templates. The state is read from the database on every render,
so it is never stale; session pages need no ``get_context`` for it."""

from django import template
from django.urls import reverse
from django.utils import timezone

from programme.models import SessionPage

from .. import services
from ..forms import RegistrationForm, new_submission_key
from ..views import privacy_url

register = template.Library()


@register.inclusion_tag("registrations/panel.html", takes_context=True)
def registration_panel(context, page):
    if not isinstance(page, SessionPage) or not page.registration_required or not page.pk:
        return {"show": False}
    request = context.get("request")
    session = services.resolve_session(page)
    availability = services.availability(session, timezone.now())
    if availability.state == availability.NOT_REQUIRED:
        return {"show": False}
    form = None
    if availability.accepts_registrations:
        form = RegistrationForm(
            page=page,
            privacy_url=privacy_url(request) if request else "",
            initial={"submission_key": new_submission_key()},
        )
    return {
        "show": True,
        "page": page,
        "availability": availability,
        "form": form,
        "action": reverse("registrations:register", args=[page.pk]),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
