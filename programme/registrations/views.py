"""Public registration views: thin. Each validates a form, calls one service, turns a
RegistrationError into its message, and redirects after a change (POST/redirect/GET).

URLs live under the language prefix (/fr/inscriptions/…, /en/inscriptions/…), so the
active language is the visitor's, and the registration records it for its e-mails.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from home.requests import client_ip, count_hit
from programme.models import SessionPage

from . import sessions
from .forms import RegistrationForm, new_submission_key
from .models import Attendee, Registration, RegistrationSettings
from .services.base import resolve_session
from .services.counting import session_availability
from .services.errors import RegistrationError
from .services.options import places_left
from .services.personal_data import delete_personal_data
from .services.registration import cancel as cancel_registration
from .services.registration import register as register_for
from .sessions import calendar_for, describe_when, resolve_keys, restricted_keys, session_pages

logger = logging.getLogger(__name__)

RESULT_SALT = "registrations.result"
RESULT_MAX_AGE = 60 * 60 * 24


# --- Helpers ------------------------------------------------------------------------


def passes_restrictions(request, page):
    """Whether the visitor passed every view restriction (password, login, group) of
    ``page`` and its ancestors, as Wagtail checks before serving it."""
    return all(restriction.accept_request(request) for restriction in page.get_view_restrictions())


def session_page_or_404(request, page_id):
    """A live session page the visitor may see; tampered ids, and restricted pages to
    whoever has not passed their restriction, give 404 (ids are sequential: a restricted
    session's form must not tell it exists). A session that stopped taking registrations
    after the form was loaded gets the service's message instead."""
    page = Page.objects.live().filter(pk=page_id).specific().first()
    if page is None or not isinstance(page, SessionPage) or not passes_restrictions(request, page):
        raise Http404
    return page


def privacy_url(request, page=None):
    """The editor's privacy page, in the visitor's language, or ""."""
    site_settings = RegistrationSettings.for_request(request) if request is not None else None
    privacy = site_settings.privacy_page if site_settings else None
    if privacy is None:
        return ""
    privacy = privacy.localized
    return privacy.get_url(request) or ""


def rate_limited(request):
    """Count this submission; True when the address used up its allowance. The address
    is the one the login throttle uses (REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT
    proxies the address the outermost one saw: a client cannot forge it)."""
    limit = settings.REGISTRATION_RATE_LIMIT
    if not limit:
        return False
    window = settings.REGISTRATION_RATE_LIMIT_WINDOW
    key = "registrations:rate:" + hashlib.sha256(client_ip(request).encode()).hexdigest()
    try:
        count = count_hit(key, window)
    except Exception:  # the cache cannot be reached: fail open, like the login throttle
        logger.warning("registration rate limit off: cache unreachable", exc_info=True)
        return False
    # django-redis with IGNORE_EXCEPTIONS answers None when Redis is down: fail open.
    return count is not None and count > limit


def options_left(page):
    """{(question id, option key): places left} of the session's limited options."""
    session = sessions.resolve_session(page)
    return places_left(session) if session is not None else {}


def private(response):
    """Personal pages: never cached, never indexed, and no token in Referer headers."""
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def form_context(request, page, form, now):
    session = resolve_session(page)
    state = session_availability(session, now)
    return {
        "notice": RegistrationError("not_registrable").message
        if state.state == state.NOT_REQUIRED and not (form.is_bound and form.non_field_errors())
        else "",
        "page": page,
        "session": session,
        "availability": state,
        "form": form,
        "action": reverse("registrations:register", args=[page.pk]),
        "when": describe_when(session),
        # The language switcher and hreflang lead to this form in the other language.
        "language_view_url": language_view_url("registrations:register"),
    }


def language_view_url(url_name):
    """For a view about a page (``url_name`` taking the page's id), the function the
    language switcher and hreflang use (portal_tags._use_view_urls): the same view for
    the page in another language."""

    def url(page, language_code):
        with translation.override(language_code):
            return reverse(url_name, args=[page.pk])

    return url


# --- Registering --------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def register(request, page_id):
    page = session_page_or_404(request, page_id)
    now = timezone.now()
    status = 200
    if request.method in ("GET", "HEAD"):
        form = RegistrationForm(
            page=page,
            privacy_url=privacy_url(request),
            initial={"submission_key": new_submission_key()},
            options_left=options_left(page),
        )
        return render(request, "registrations/register.html", form_context(request, page, form, now))

    form = RegistrationForm(
        request.POST, page=page, privacy_url=privacy_url(request), options_left=options_left(page)
    )
    if rate_limited(request):
        form.add_error(None, RegistrationError("rate_limited").message)
        status = 429
    elif form.is_valid():
        try:
            result = register_for(
                page,
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                organisation=form.cleaned_data["organisation"],
                answers=form.answers(),
                language=translation.get_language(),
                submission_key=form.cleaned_data["submission_key"],
                now=now,
            )
        except RegistrationError as error:
            form.add_error(None, error.message)
            status = 409
        else:
            signed = signing.dumps(result.registration.pk, salt=RESULT_SALT)
            return redirect("registrations:result", signed)
    elif form.is_spam:
        status = 400
    response = render(
        request, "registrations/register.html", form_context(request, page, form, now), status=status
    )
    add_never_cache_headers(response)
    return response


def result(request, signed):
    """What happened to a registration just made. The signed id reveals no one else's
    data; the page shows neither the e-mail address nor the personal link."""
    try:
        pk = signing.loads(signed, salt=RESULT_SALT, max_age=RESULT_MAX_AGE)
    except signing.BadSignature as error:
        raise Http404 from error
    registration = get_object_or_404(Registration, pk=pk)
    language = translation.get_language()
    page = session_pages([registration.session_key], language=language).get(registration.session_key)
    if page is None or not passes_restrictions(request, page):
        raise Http404
    context = {
        "page": page,
        "registration": registration,
        "position": registration.waiting_position(),
    }
    return private(render(request, "registrations/result.html", context))


# --- Personal link ------------------------------------------------------------------


def _attendee_or_404(token):
    if not token or len(token) > 64:
        raise Http404
    return get_object_or_404(Attendee, token=token, anonymised_at__isnull=True)


def personal(request, token):
    attendee = _attendee_or_404(token)
    language = translation.get_language()
    registrations = list(attendee.registrations.order_by("status", "created_at"))
    keys = {r.session_key for r in registrations}
    pages = session_pages(keys, language=language)
    infos = resolve_keys(keys)
    restricted = restricted_keys(keys)  # the link opens without passing their restriction
    rows = []
    for registration in registrations:
        info = infos.get(registration.session_key)
        rows.append(
            {
                "registration": registration,
                "page": pages.get(registration.session_key),
                "when": describe_when(info) if info and registration.session_key not in restricted else "",
                "position": registration.waiting_position(),
            }
        )
    rows.sort(key=lambda row: (not row["registration"].is_live, row["when"] == "", row["when"]))
    edition = next((info.edition for info in infos.values() if info.edition), None)
    context = {
        "attendee": attendee,
        "rows": rows,
        "edition": edition.localized if edition else None,
        "has_confirmed": any(r.status == Registration.Status.CONFIRMED for r in registrations),
    }
    return private(render(request, "registrations/personal.html", context))


@require_POST
def cancel(request, token, registration_uuid):
    attendee = _attendee_or_404(token)
    registration = get_object_or_404(Registration, uuid=registration_uuid, attendee=attendee)
    was_waiting = registration.status == Registration.Status.WAITING
    try:
        cancel_registration(registration, now=timezone.now())
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        if was_waiting:
            messages.success(request, _("Vous avez quitté la liste d'attente."))
        else:
            messages.success(request, _("Votre inscription est annulée. Merci d'avoir libéré votre place."))
    return redirect("registrations:personal", attendee.token)


def calendar(request, token, registration_uuid=None):
    attendee = _attendee_or_404(token)
    registrations = attendee.registrations.filter(status=Registration.Status.CONFIRMED)
    if registration_uuid is not None:
        registrations = registrations.filter(uuid=registration_uuid)
    registrations = list(registrations.select_related("attendee"))
    if not registrations:
        raise Http404
    response = HttpResponse(
        calendar_for(registrations, translation.get_language()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="inscriptions.ics"'
    return private(response)


@require_http_methods(["GET", "HEAD", "POST"])
def delete_data(request, token):
    attendee = _attendee_or_404(token)
    if request.method == "POST":
        delete_personal_data(attendee, now=timezone.now())
        return redirect("registrations:data_deleted")
    return private(render(request, "registrations/delete_data.html", {"attendee": attendee}))


def data_deleted(request):
    return render(request, "registrations/data_deleted.html")
