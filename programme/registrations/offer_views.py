"""Accepting a place offered from the waiting list (services/offers.py), from the link of
the e-mail: ``/<lang>/inscriptions/moi/<token>/offre/<registration uuid>/``. GET shows
the offer and its deadline (a link previewed by a mail client accepts nothing); POST
accepts it."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .models import Registration
from .services.availability import format_datetime
from .services.errors import RegistrationError
from .services.offers import accept_offer as accept
from .sessions import session_pages
from .views import _attendee_or_404, private


@require_http_methods(["GET", "HEAD", "POST"])
def accept_offer(request, token, registration_uuid):
    attendee = _attendee_or_404(token)
    registration = get_object_or_404(Registration, uuid=registration_uuid, attendee=attendee)
    if request.method == "POST":
        try:
            accept(registration, now=timezone.now())
        except RegistrationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("C'est noté : la place est à vous. Un e-mail de confirmation arrive.")
            )
        return redirect("registrations:personal", attendee.token)
    page = session_pages([registration.session_key], language=translation.get_language()).get(
        registration.session_key
    )
    open_offer = registration.status == Registration.Status.WAITING and registration.offered_until is not None
    context = {
        "attendee": attendee,
        "page": page,
        "open_offer": open_offer and timezone.now() < registration.offered_until,
        "until": format_datetime(registration.offered_until),
    }
    return private(render(request, "registrations/offer.html", context))
