"""The check-in screen on a phone and the route leader's kit (admin, /admin/jour-j/).

For the "Accueil" role and registration managers (``permissions.can_check_in``). Every
page works without JavaScript (a form per button, POST/redirect/GET); ``checkin.js``
adds the camera, the search as you type and the offline queue: taps are kept in the
browser (localStorage) and sent to ``sync`` when the connection returns. The services
are idempotent (services/check_in.py), so a tap sent twice counts once. Every response
is ``never_cache``: the page cache skips /admin/ anyway, and no browser or proxy keeps a
list of names.
"""

import json
import uuid
from datetime import UTC, datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_POST

from programme.models import RoutePage

from .. import codes
from ..admin_views import pick_edition, session_or_404, source_editions
from ..forms import validate_name, validate_one_line
from ..models import Registration
from ..permissions import can_check_in, can_view_personal_data
from ..questions import answers_for_display, questions_of
from ..services import check_in as checking_in
from ..services.counting import session_counts
from ..services.errors import RegistrationError
from ..sessions import describe_when, edition_sessions, page_url

Status = Registration.Status
NAMESPACE = "registrations_checkin"
MAX_OPS = 500  # one request of the offline queue
# The site's Permissions-Policy, with the camera allowed here, for the scanner.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(self), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def url(name, *args):
    return reverse(f"{NAMESPACE}:{name}", args=args)


def guarded(view):
    """Check-in rights, never cached, and the camera allowed (the site denies it)."""

    def wrapper(request, *args, **kwargs):
        if not can_check_in(request.user):
            raise PermissionDenied
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Permissions-Policy"] = PERMISSIONS_POLICY
        return response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def tap_label(moment):
    """ "14h02" in French, "14:02" in English: when someone was checked in."""
    return time_format(timezone.localtime(moment), pgettext("heure de pointage", "H\\hi"))


def counts(info):
    """Present / confirmed / capacity of a session, now."""
    present = Registration.objects.filter(
        session_key=info.key, status=Status.CONFIRMED, checked_in_at__isnull=False
    ).count()
    confirmed, waiting = session_counts([info.key])[info.key]
    return {
        "present": present,
        "confirmed": confirmed,
        "waiting": waiting,
        "capacity": info.page.capacity or 0,
        "left": max((info.page.capacity or 0) - confirmed, 0),
    }


def person(registration, questions):
    """What the screen shows of one registration (also its JSON for the script)."""
    checked = registration.checked_in_at
    answers = answers_for_display(registration.answers, questions)
    return {
        "id": str(registration.uuid),
        "code": registration.check_in_code,
        "name": registration.attendee.full_name or str(registration.attendee),
        "last_name": registration.attendee.last_name,
        "organisation": registration.attendee.organisation,
        "status": registration.status,
        "confirmed": registration.status == Status.CONFIRMED,
        "present": checked is not None,
        "time": tap_label(checked) if checked else "",
        "walk_in": registration.walk_in,
        "answers": [(label, value) for label, value in answers if value],
        "cells": [value for _label, value in answers],  # every question, for the printed table
    }


def texts():
    """What checkin.js says, in the active language (%(time)s, %(count)s: values)."""
    return {
        "check": _("Pointer"),
        "undo": _("Annuler le pointage"),
        "present": _("Présent·e depuis %(time)s"),
        "expected": _("Attendu·e"),
        "already": _("Déjà pointé·e à %(time)s."),
        "checked": _("%(name)s est pointé·e."),
        "unchecked": _("Pointage de %(name)s annulé."),
        "waiting_one": _("1 pointage en attente d'envoi (hors connexion)."),
        "waiting_many": _("%(count)s pointages en attente d'envoi (hors connexion)."),
        "not_confirmed": RegistrationError("not_confirmed").message,
        "unknown_offline": _("Code absent de cette liste. Hors connexion, il ne peut pas être vérifié."),
        "bad_code": _("Ce n'est pas un code de pointage."),
        "camera_error": _("La caméra n'est pas disponible : tapez le code ou cherchez par nom."),
        "no_code_found": _("Aucun QR code lu sur cette image."),
        "login": _("Session expirée : reconnectez-vous, les pointages restent en attente."),
        "scan_stop": _("Arrêter la caméra"),
        "scan_start": _("Scanner un QR code"),
    }


def people_of(info):
    registrations = (
        Registration.objects.filter(session_key=info.key, status__in=Registration.LIVE_STATUSES)
        .select_related("attendee")
        .order_by("attendee__last_name", "attendee__first_name", "sequence")
    )
    questions = questions_of(info.page)
    return [person(registration, questions) for registration in registrations]


# --- Choosing the session ------------------------------------------------------------


@guarded
@require_GET
def index(request):
    editions = source_editions()
    edition = pick_edition(editions, request.GET.get("edition"))
    days = edition_sessions(edition) if edition else []
    keys = [info.key for _day, infos in days for info in infos]
    all_counts = session_counts(keys)
    context = {
        "editions": editions,
        "edition": edition,
        "days": [(day, [(info, all_counts[info.key]) for info in infos]) for day, infos in days],
        "can_report": can_view_personal_data(request.user),
    }
    return TemplateResponse(request, "registrations/checkin/index.html", context)


@guarded
@require_GET
def code(request, code):
    """Where a QR code leads: the check-in screen of the code's session, showing it."""
    registration = Registration.objects.filter(check_in_code=codes.normalise(code)).first()
    if registration is None:
        messages.error(request, RegistrationError("unknown_code").message)
        return redirect(url("index"))
    return redirect(url("screen", registration.session_key) + f"?code={registration.check_in_code}")


# --- The screen ----------------------------------------------------------------------


def lookup(info, text):
    """The outcome of a typed or scanned code on this session's screen: (person's id or
    None, message or "")."""
    code = codes.normalise(text)
    try:
        registration = checking_in.find_by_code(code, info)
    except RegistrationError as error:
        other = getattr(error, "registration", None)
        if other is not None and other.session is not None:
            return None, _("%(name)s est inscrit·e à une autre séance : %(title)s.") % {
                "name": other.attendee,
                "title": other.session.title,
            }
        return None, error.message
    if registration.status != Status.CONFIRMED:
        return str(registration.uuid), RegistrationError("not_confirmed").message
    if registration.checked_in_at:
        return str(registration.uuid), already_message(registration)
    return str(registration.uuid), ""


def already_message(registration):
    return _("Déjà pointé·e à %(time)s.") % {"time": tap_label(registration.checked_in_at)}


def screen_context(request, info, *, people, walk_in_form=None):
    query = request.GET.get("q", "")[:100].strip()
    found, message = (None, "")
    if request.GET.get("code"):
        found, message = lookup(info, request.GET["code"])
    shown = people
    if found:
        shown = [p for p in people if p["id"] == found]
    elif query:
        shown = [p for p in people if query.casefold() in f"{p['name']} {p['organisation']}".casefold()]
    manager = can_view_personal_data(request.user)
    return {
        "info": info,
        "page": info.page,
        "when": describe_when(info),
        "counts": counts(info),
        "people": shown,
        "everyone": people,
        "query": query,
        "code_message": message,
        "found": found,
        "is_route": isinstance(info.page, RoutePage),
        "walk_in_form": walk_in_form or WalkInForm(manager=manager),
        "can_override": manager,
        "shown_ids": {p["id"] for p in shown},
        "sync_url": url("sync", info.key),
        "state_url": url("state", info.key),
        "time_separator": "h" if translation.get_language() == "fr" else ":",
        "texts": texts(),
    }


@guarded
@require_GET
def screen(request, key):
    info = session_or_404(key)
    context = screen_context(request, info, people=people_of(info))
    return TemplateResponse(request, "registrations/checkin/screen.html", context)


@guarded
@require_GET
def state(request, key):
    """Counts and who is present, for the screen to follow the other doors."""
    info = session_or_404(key)
    people = people_of(info)
    return JsonResponse(
        {
            "counts": counts(info),
            "people": {p["id"]: {"present": p["present"], "time": p["time"]} for p in people},
        }
    )


def _back(request, key, registration=None):
    target = request.POST.get("next", "")
    base = url("kit", key) if target == "kit" else url("screen", key)
    return redirect(base + (f"#person-{registration.uuid}" if registration else ""))


@guarded
@require_POST
def tap(request, key, registration_uuid):
    """One button without JavaScript: present=1 checks in, present=0 undoes."""
    info = session_or_404(key)
    registration = get_object_or_404(
        Registration.objects.select_related("attendee"), uuid=registration_uuid, session_key=info.key
    )
    present = request.POST.get("present") == "1"
    try:
        result = checking_in.record_check_in(registration, present=present, now=timezone.now())
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        if present and not result.changed:
            messages.warning(request, f"{registration.attendee} : {already_message(result.registration)}")
        elif present:
            messages.success(request, _("%(name)s est pointé·e.") % {"name": registration.attendee})
        else:
            messages.success(request, _("Pointage de %(name)s annulé.") % {"name": registration.attendee})
    return _back(request, key, registration)


# --- The offline queue ---------------------------------------------------------------


def _moment(value):
    """A tap's time from the phone (milliseconds since the epoch), or None."""
    try:
        return datetime.fromtimestamp(int(value) / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _apply(info, op, now):
    """One queued tap: {"op": id, "id": registration uuid | "code": code, "present": bool,
    "at": ms}. Returns what the screen needs to show."""
    answer = {"op": str(op.get("op", ""))[:64]}
    present = op.get("present") is True
    registration = None
    try:
        if op.get("id"):
            registration = Registration.objects.filter(
                uuid=uuid.UUID(str(op["id"])[:36]), session_key=info.key
            ).first()
            if registration is None:
                raise RegistrationError("unknown_code")
        else:
            registration = checking_in.find_by_code(codes.normalise(str(op.get("code", ""))), info)
        result = checking_in.record_check_in(registration, present=present, now=now, at=_moment(op.get("at")))
    except (RegistrationError, ValueError) as error:
        message = error.message if isinstance(error, RegistrationError) else _("Demande invalide.")
        return {**answer, "ok": False, "message": message}
    checked = result.registration.checked_in_at
    return {
        **answer,
        "ok": True,
        "id": str(result.registration.uuid),
        "changed": result.changed,
        "present": checked is not None,
        "time": tap_label(checked) if checked else "",
    }


@guarded
@require_POST
def sync(request, key):
    """The script's taps, in the order they were made: {"ops": [...]}. Answers every
    one (refusals included) and the counts; a malformed body gets 400."""
    info = session_or_404(key)
    try:
        ops = json.loads(request.body or b"{}").get("ops")
    except (ValueError, AttributeError):
        ops = None
    if not isinstance(ops, list) or len(ops) > MAX_OPS or not all(isinstance(op, dict) for op in ops):
        return JsonResponse({"error": _("Demande invalide.")}, status=400)
    now = timezone.now()
    results = [_apply(info, op, now) for op in ops]
    return JsonResponse({"results": results, "counts": counts(info)})


# --- Walk-ins ------------------------------------------------------------------------


class WalkInForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("Prénom"), max_length=100, validators=[validate_name])
    last_name = forms.CharField(label=gettext_lazy("Nom"), max_length=100, validators=[validate_name])
    email = forms.EmailField(label=gettext_lazy("E-mail (facultatif)"), max_length=254, required=False)
    organisation = forms.CharField(
        label=gettext_lazy("Structure (facultatif)"),
        max_length=200,
        required=False,
        validators=[validate_one_line],
    )
    override = forms.BooleanField(
        label=gettext_lazy("Ajouter au-delà de la capacité (gestionnaire)"), required=False
    )

    def __init__(self, *args, manager=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not manager:
            del self.fields["override"]


@guarded
@require_POST
def walk_in(request, key):
    info = session_or_404(key)
    manager = can_view_personal_data(request.user)
    form = WalkInForm(request.POST, manager=manager)
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration = checking_in.add_walk_in(
                info,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                organisation=data["organisation"],
                language=translation.get_language(),
                override=manager and data.get("override", False),
                now=timezone.now(),
            )
        except RegistrationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("%(name)s est ajouté·e sur place et pointé·e.") % {"name": registration.attendee}
            )
            return _back(request, key, registration)
    context = screen_context(request, info, people=people_of(info), walk_in_form=form)
    return TemplateResponse(request, "registrations/checkin/screen.html", context, status=400)


# --- The route leader's kit ----------------------------------------------------------


@guarded
@require_GET
def kit(request, key):
    """A route's kit: meeting point, times, stops, participants with their answers, a
    QR code of the public page, and check-in from the same page; prints on one A4."""
    info = session_or_404(key)
    if not isinstance(info.page, RoutePage):
        raise Http404
    page = info.page
    people = [p for p in people_of(info) if p["confirmed"]]
    context = {
        "info": info,
        "page": page,
        "when": describe_when(info),
        "timing": info.timing,
        "stops": list(page.stops.select_related("venue")),
        "questions": questions_of(page),
        "people": people,
        "counts": counts(info),
        "public_url": page_url(page),
        "sync_url": url("sync", info.key),
        "state_url": url("state", info.key),
        "time_separator": "h" if translation.get_language() == "fr" else ":",
        "texts": texts(),
        "everyone": people,
        "shown_ids": {p["id"] for p in people},
        "printed_at": timezone.now(),
    }
    return TemplateResponse(request, "registrations/checkin/kit.html", context)
