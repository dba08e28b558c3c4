"""The printable "billet" of a confirmed registration, opened from the personal page:
the person's name, the session, its time and place, the QR code and the short code.
Private like the personal page it comes from (same token, never cached)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from ..models import Attendee, Registration
from ..sessions import describe_sessions
from ..views import private


def ticket(request, token, registration_uuid):
    if not token or len(token) > 64:
        raise Http404
    attendee = get_object_or_404(Attendee, token=token, anonymised_at__isnull=True)
    registration = get_object_or_404(
        Registration, uuid=registration_uuid, attendee=attendee, status=Registration.Status.CONFIRMED
    )
    display = describe_sessions([registration.session_key], translation.get_language()).get(
        registration.session_key
    )
    context = {
        "attendee": attendee,
        "registration": registration,
        "display": display,
        "edition": display.info.edition.localized if display and display.info.edition else None,
    }
    return private(render(request, "registrations/checkin/ticket.html", context))
