""" "J'ai perdu mon lien": a visitor types their address and, if it is registered for the
edition, receives their personal link by e-mail.

The page answers the same whether the address is known or not, and in the same time:
the request only validates the address and enqueues ``send_lost_link`` (the task
worker looks the address up and, when it is known, queues the e-mail like every other
registration message). It is rate-limited per client address (``home.requests``), like
the registration forms.
"""

import hashlib
import logging

from django import forms
from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_tasks import task
from wagtail.models import Page

from home.models import EditionPage
from home.requests import client_ip, count_hit

from . import emails
from .models import Attendee, OutgoingEmail
from .services.base import normalise_email
from .services.errors import RegistrationError
from .views import language_view_url

logger = logging.getLogger(__name__)


class LostLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail"),
        max_length=254,
        help_text=_("Celle que vous avez donnée en vous inscrivant."),
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _("Cette adresse e-mail n'est pas valide, par exemple prenom.nom@exemple.fr."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"


@task(backend=settings.REGISTRATION_TASK_BACKEND)
def send_lost_link(email, edition_key, language):
    """The worker's task: queue the personal-link e-mail if the address is registered."""
    attendee = Attendee.objects.filter(
        edition_key=edition_key, email=normalise_email(email), anonymised_at__isnull=True
    ).first()
    registration = attendee.registrations.order_by("created_at").first() if attendee else None
    if registration is None:
        return False
    registration.attendee = attendee
    registration.language = language  # the e-mail's language: the page's
    emails.queue(OutgoingEmail.Kind.LOST_LINK, registration)
    return True


def rate_limited(request):
    limit = settings.REGISTRATION_RATE_LIMIT
    if not limit:
        return False
    key = "registrations:lost-link:" + hashlib.sha256(client_ip(request).encode()).hexdigest()
    try:
        count = count_hit(key, settings.REGISTRATION_RATE_LIMIT_WINDOW)
    except Exception:  # the cache cannot be reached: fail open, like the forms
        logger.warning("lost-link rate limit off: cache unreachable", exc_info=True)
        return False
    return count is not None and count > limit


def _edition_or_404(edition_id):
    edition = Page.objects.live().public().filter(pk=edition_id).specific().first()
    if not isinstance(edition, EditionPage):
        raise Http404
    return edition


@require_http_methods(["GET", "HEAD", "POST"])
def lost_link(request, edition_id):
    edition = _edition_or_404(edition_id)
    form = LostLinkForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if rate_limited(request):
            form.add_error(None, RegistrationError("rate_limited").message)
            status = 429
        elif form.is_valid():
            send_lost_link.enqueue(
                form.cleaned_data["email"], str(edition.translation_key), translation.get_language()
            )
            return redirect(reverse("registrations:lost_link_sent", args=[edition.pk]))
        else:
            status = 400
    context = {
        "edition": edition,
        "form": form,
        # The switcher and hreflang lead to this page for the edition in the other language.
        "page": edition,
        "language_view_url": language_view_url("registrations:lost_link"),
    }
    return render(request, "registrations/lost_link.html", context, status=status)


def lost_link_sent(request, edition_id):
    edition = _edition_or_404(edition_id)
    return render(request, "registrations/lost_link_sent.html", {"edition": edition})
