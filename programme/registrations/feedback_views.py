"""The feedback form (services/feedback.py): ``/fr/inscriptions/avis/<token>/`` from the
e-mail, one answer per registration; ``/fr/inscriptions/avis/seance/<page id>/`` from the
session's page, for anyone once the session has ended. Never cached, never indexed, no
referrer (the token is in the address)."""

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from home.requests import client_ip, count_hit
from programme.models import SessionPage

from .models import FeedbackRequest
from .services.feedback import FeedbackError, session_ended_at, submit
from .sessions import resolve_keys, resolve_session
from .views import language_view_url

RATINGS = [(n, str(n)) for n in range(1, 6)]
RATE_LIMIT = 20  # answers per address and hour, from the session's page


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Votre note, de 1 (décevant) à 5 (excellent)"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    take_home = forms.CharField(
        label=_("Qu'allez-vous en retenir ?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    missing = forms.CharField(
        label=_("Qu'est-ce qui a manqué ?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _respond(request, template, context, status=200):
    response = render(request, template, context, status=status)
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


def _handle(request, info, page, token=None):
    form = FeedbackForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        if token is None:
            hits = count_hit(f"feedback:{client_ip(request)}", 3600)
            if hits is not None and hits > RATE_LIMIT:
                error = _("Trop d'avis envoyés depuis cette adresse : réessayez plus tard.")
        if error is None:
            try:
                submit(
                    info=info,
                    token=token,
                    language=translation.get_language(),
                    now=timezone.now(),
                    **form.cleaned_data,
                )
            except FeedbackError as failure:
                error = failure.message
            else:
                return _respond(request, "registrations/feedback_thanks.html", {"session": page})
    context = {"form": form, "session": page, "error": error}
    if token is None:
        # The public form of a session: its switcher and hreflang lead to the other
        # language's form (the e-mailed one, with its token, has no counterpart).
        context |= {"page": page, "language_view_url": language_view_url("registrations:session_feedback")}
    return _respond(request, "registrations/feedback.html", context)


def _shown_page(info):
    """The session's page in the visitor's language, else its French one."""
    language = translation.get_language()
    page = info.page
    if page.locale.language_code != language:
        translated = page.get_translations().filter(locale__language_code=language).live().first()
        page = translated.specific if translated else page
    return page


@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request, token):
    found = FeedbackRequest.objects.filter(token=token).select_related("registration").first()
    if found is None:
        raise Http404("No such feedback request.")
    info = resolve_keys({found.registration.session_key}).get(found.registration.session_key)
    if info is None:
        raise Http404("The session is gone.")
    if found.answered_at is not None:
        return _respond(
            request, "registrations/feedback_thanks.html", {"session": _shown_page(info), "already": True}
        )
    return _handle(request, info, _shown_page(info), token=token)


@require_http_methods(["GET", "HEAD", "POST"])
def session_feedback(request, page_id):
    page = Page.objects.live().public().filter(pk=page_id).specific().first()
    if page is None or not isinstance(page, SessionPage):
        raise Http404("No such session.")
    info = resolve_session(page)
    ended = session_ended_at(info.timing) if info else None
    if ended is None or timezone.now() < ended:
        raise Http404("Not over yet.")
    return _handle(request, info, page)
