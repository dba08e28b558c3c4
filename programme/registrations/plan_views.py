"""The day planner's public views: the form (``/<lang>/inscriptions/journee/<day id>/``),
its outcome page, and the live places of the day's sessions for the form's script.

Thin, like ``views.py``: build the plan, validate the form, call
``services.planner.register_many``, redirect to the outcome (POST/redirect/GET). The form
page is never cached (CSRF token); the places are read from the shared live counts
(``live.live_counts``), as the session pages' panels are.
"""

import uuid

from django.core import signing
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Page

from programme.models import ProgrammeDayPage

from .forms import new_submission_key
from .models import Registration
from .plan_forms import PlannerForm
from .planner import build_plan
from .services.errors import RegistrationError
from .services.planner import register_many
from .sessions import session_pages
from .views import RESULT_MAX_AGE, language_view_url, passes_restrictions, privacy_url, private, rate_limited

PLAN_RESULT_SALT = "registrations.plan-result"


def day_or_404(request, day_id):
    day = Page.objects.live().filter(pk=day_id).specific().first()
    if not isinstance(day, ProgrammeDayPage) or not passes_restrictions(request, day):
        raise Http404
    return day


def _plan(request, day, now):
    # One query for the sessions under a view restriction; only those are checked one by one.
    restricted = set(Page.objects.child_of(day).not_public().values_list("pk", flat=True))
    return build_plan(
        day, now, visible=lambda page: page.pk not in restricted or passes_restrictions(request, page)
    )


def _render(request, day, form, status=200):
    context = {
        "page": day,
        "form": form,
        "plan": form.plan,
        "action": reverse("registrations:planner", args=[day.pk]),
        "places_url": reverse("registrations:planner_places", args=[day.pk]),
        "language_view_url": language_view_url("registrations:planner"),
    }
    response = render(request, "registrations/planner/planner.html", context, status=status)
    add_never_cache_headers(response)
    return response


def _register(form, now):
    data = form.cleaned_data
    return register_many(
        form.choices(),
        email=data["email"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        organisation=data["organisation"],
        language=translation.get_language(),
        submission_key=data["submission_key"],
        if_full=data["if_full"],
        now=now,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def planner(request, day_id):
    day = day_or_404(request, day_id)
    now = timezone.now()
    plan = _plan(request, day, now)
    if request.method in ("GET", "HEAD"):
        form = PlannerForm(
            plan=plan, privacy_url=privacy_url(request), initial={"submission_key": new_submission_key()}
        )
        return _render(request, day, form)
    form = PlannerForm(request.POST, plan=plan, privacy_url=privacy_url(request))
    status = 200
    if rate_limited(request):
        form.add_error(None, RegistrationError("rate_limited").message)
        status = 429
    elif form.is_valid():
        try:
            result = _register(form, now)
        except RegistrationError as error:
            form.add_error(None, error.message)
            status = 409
        else:
            payload = {
                "day": day.pk,
                "done": [r.pk for r in result.registrations],
                "dropped": [[str(o.session.key), o.dropped] for o in result.outcomes if o.dropped],
            }
            return redirect("registrations:planner_result", signing.dumps(payload, salt=PLAN_RESULT_SALT))
    elif form.is_spam:
        status = 400
    else:
        status = 400 if plan.sessions else 200
    return _render(request, day, form, status=status)


def planner_result(request, signed):
    """What became of each chosen session. Signed, so it reveals no one else's data; like
    the single form's outcome page, it shows neither the address nor the link."""
    try:
        payload = signing.loads(signed, salt=PLAN_RESULT_SALT, max_age=RESULT_MAX_AGE)
        day = day_or_404(request, int(payload["day"]))
        done = [int(pk) for pk in payload["done"]]
        dropped = [(uuid.UUID(key), str(code)) for key, code in payload["dropped"]]
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError) as error:
        raise Http404 from error
    registrations = list(Registration.objects.filter(pk__in=done))
    keys = {r.session_key for r in registrations} | {key for key, _code in dropped}
    pages = session_pages(keys, language=translation.get_language())
    rows = [
        {"page": pages.get(r.session_key), "registration": r, "position": r.waiting_position()}
        for r in registrations
        if r.session_key in pages
    ]
    dropped_rows = [
        {"page": pages[key], "reason": RegistrationError(code).message}
        for key, code in dropped
        if key in pages and code in RegistrationError.MESSAGES
    ]
    dropped_rows = [row for row in dropped_rows if passes_restrictions(request, row["page"])]
    rows = [row for row in rows if passes_restrictions(request, row["page"])]
    context = {"page": day, "rows": rows, "dropped": dropped_rows}
    return private(render(request, "registrations/planner/result.html", context))


@require_GET
def planner_places(request, day_id):
    """{page id: {"label", "choosable"}} for the form's script: the places of the moment."""
    day = day_or_404(request, day_id)
    plan = _plan(request, day, timezone.now())
    data = {
        session.value: {"label": session.availability.label, "choosable": session.choosable}
        for session in plan.sessions
    }
    response = JsonResponse(data)
    add_never_cache_headers(response)
    return response
