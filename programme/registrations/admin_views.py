"""The organisers' side, in the Wagtail admin (menu "Inscriptions").

- Overview (every editor): the sessions of an edition that take registrations, with
  confirmed / capacity / waiting. Counts only: no names.
- Everything with names (registrations managers and superusers only): the list of all
  registrations with filters and search, a session's registrations with check-in,
  cancel and promote actions (sending the same e-mails as the public side), CSV and
  Excel exports of a session or an edition, and the printable attendance sheet (route
  manifest for a route).
"""

import django_filters
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from home.models import EditionPage
from programme.models import RoutePage

from . import exports
from .models import Registration
from .permissions import can_cancel_session, can_view_personal_data, require_manager
from .questions import answers_for_display, questions_of
from .services import check_in as checking_in
from .services import counting, waiting_list
from .services import registration as registering
from .services.errors import RegistrationError
from .services.options import option_counts
from .sessions import SESSION_MODELS, default_locale_id, describe_when, edition_sessions, resolve_keys

Status = Registration.Status
URL_NAMESPACE = "registrations_admin"


def url(name, *args):
    return reverse(f"{URL_NAMESPACE}:{name}", args=args)


def source_editions():
    return list(EditionPage.objects.filter(locale_id=default_locale_id()).order_by("-start_date"))


def pick_edition(editions, wanted=None, today=None):
    """The edition asked for, else the current one (the next one not over yet, else the
    newest)."""
    if wanted:
        chosen = next((e for e in editions if str(e.pk) == str(wanted)), None)
        if chosen is not None:
            return chosen
    return EditionPage.objects.filter(locale_id=default_locale_id()).current(today)


def session_or_404(key):
    info = resolve_keys([key]).get(key)
    if info is None:
        raise Http404
    return info


# --- Overview (counts, every editor) -------------------------------------------------


class OverviewView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "registrations/admin/overview.html"
    page_title = gettext_lazy("Inscriptions")
    header_icon = "group"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        editions = source_editions()
        edition = pick_edition(editions, self.request.GET.get("edition"))
        days = edition_sessions(edition) if edition else []
        keys = [info.key for _day, infos in days for info in infos]
        counts = counting.live_state(keys)  # the pages' rule: offers held, cancellations
        now = timezone.now()
        context.update(
            {
                "editions": editions,
                "edition": edition,
                "days": [
                    (
                        day,
                        [
                            (info, counting.session_availability(info, now, counts[info.key]))
                            for info in infos
                        ],
                    )
                    for day, infos in days
                ],
                "can_view_personal_data": can_view_personal_data(self.request.user),
                "totals": {
                    "confirmed": sum(c[0] for c in counts.values()),
                    "waiting": sum(c[1] for c in counts.values()),
                },
            }
        )
        return context


# --- One session (managers) ----------------------------------------------------------


class SessionView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "registrations/admin/session.html"
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        require_manager(request)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def info(self):
        return session_or_404(self.kwargs["key"])

    def get_page_title(self):
        return self.info.page.title

    def get_page_subtitle(self):
        return _("Inscriptions")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": url("overview") + f"?edition={self.info.edition.pk}"
                if self.info.edition
                else url("overview"),
                "label": _("Inscriptions"),
            },
            {"url": "", "label": self.info.page.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        info = self.info
        registrations = list(
            Registration.objects.filter(session_key=info.key).select_related("attendee").order_by("sequence")
        )
        positions = waiting_list.waiting_positions(registrations)
        questions = questions_of(info.page)
        order = {Status.CONFIRMED: 0, Status.WAITING: 1, Status.CANCELLED: 2}
        registrations.sort(key=lambda r: (order.get(r.status, 3), r.sequence))
        context.update(
            {
                "info": info,
                "when": describe_when(info),
                "availability": counting.session_availability(info, timezone.now()),
                "questions": questions,
                "rows": [
                    {
                        "registration": r,
                        "position": positions.get(r.pk),
                        "answers": answers_for_display(r.answers, questions),
                    }
                    for r in registrations
                ],
                "is_route": isinstance(info.page, RoutePage),
                "option_counts": option_counts(info),
                # Only the buttons the user may use (a registration manager may not edit pages).
                "can_edit_page": info.page.permissions_for_user(self.request.user).can_edit(),
                "can_write": can_view_personal_data(self.request.user),
                "can_cancel": can_cancel_session(self.request.user, info.page),
            }
        )
        return context


def _back(request, registration):
    return redirect(url("session", registration.session_key))


@require_POST
def check_in(request, pk):
    require_manager(request)
    registration = get_object_or_404(Registration, pk=pk)
    present = request.POST.get("present") == "1"
    try:
        checking_in.set_checked_in(registration, present=present, now=timezone.now())
    except RegistrationError as error:
        messages.error(request, error.message)
    return _back(request, registration)


@require_POST
def cancel(request, pk):
    require_manager(request)
    registration = get_object_or_404(Registration.objects.select_related("attendee"), pk=pk)
    try:
        promoted = registering.cancel(registration, now=timezone.now())
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Inscription de %(name)s annulée.") % {"name": registration.attendee})
        for other in promoted:
            messages.success(request, _("%(name)s obtient la place libérée.") % {"name": other.attendee})
    return _back(request, registration)


@require_POST
def promote(request, pk):
    require_manager(request)
    registration = get_object_or_404(Registration.objects.select_related("attendee"), pk=pk)
    try:
        waiting_list.promote(registration, now=timezone.now())
    except RegistrationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(name)s a maintenant une place confirmée.") % {"name": registration.attendee}
        )
    return _back(request, registration)


@require_POST
def fill(request, key):
    require_manager(request)
    info = session_or_404(key)
    promoted = waiting_list.promote_waiting_list(info, now=timezone.now(), manual=True)
    if promoted:
        messages.success(
            request,
            _("Places attribuées à : %(names)s.") % {"names": ", ".join(str(r.attendee) for r in promoted)},
        )
    else:
        messages.warning(request, _("Aucune place libre, ou personne en liste d'attente."))
    return redirect(url("session", key))


def sheet(request, key):
    """Printable attendance sheet; for a route, its manifest (meeting point, stops and
    every answer, such as the bike to lend)."""
    require_manager(request)
    info = session_or_404(key)
    registrations = list(
        Registration.objects.filter(session_key=key, status=Status.CONFIRMED)
        .select_related("attendee")
        .order_by("attendee__last_name", "attendee__first_name")
    )
    questions = questions_of(info.page)
    is_route = isinstance(info.page, RoutePage)
    context = {
        "info": info,
        "page": info.page,
        "when": describe_when(info),
        "is_route": is_route,
        "questions": questions,
        "rows": [
            {"registration": r, "answers": answers_for_display(r.answers, questions)} for r in registrations
        ],
        "stops": list(info.page.stops.select_related("venue")) if is_route else [],
        "printed_at": timezone.now(),
    }
    return TemplateResponse(request, "registrations/admin/sheet.html", context)


# --- Exports (managers) --------------------------------------------------------------


def _export(fmt, base, registrations):
    headers, rows = exports.table(registrations)
    if fmt == "csv":
        return exports.csv_response(base, headers, rows)
    if fmt == "xlsx":
        return exports.xlsx_response(base, headers, rows)
    raise Http404


def export_session(request, key, fmt):
    require_manager(request)
    info = session_or_404(key)
    return _export(fmt, info.page.slug, Registration.objects.filter(session_key=key))


def export_edition(request, edition_id, fmt):
    require_manager(request)
    edition = get_object_or_404(EditionPage, pk=edition_id)
    keys = [
        page.translation_key
        for model in SESSION_MODELS
        for page in model.objects.descendant_of(edition).filter(locale_id=edition.locale_id)
    ]
    registrations = Registration.objects.filter(session_key__in=keys)
    return _export(fmt, f"{edition.year}", registrations)


# --- All registrations (managers) ---------------------------------------------------


def edition_choices():
    return [(str(e.translation_key), e.title) for e in source_editions()]


def session_choices():
    editions = {e.translation_key: e for e in source_editions()}
    choices = []
    for edition in editions.values():
        for _day, infos in edition_sessions(edition):
            choices += [(str(info.key), f"{edition.year} – {info.page.title}") for info in infos]
    return choices


class RegistrationFilterSet(WagtailFilterSet):
    edition = django_filters.ChoiceFilter(
        label=gettext_lazy("Édition"), field_name="edition_key", choices=edition_choices
    )
    session = django_filters.ChoiceFilter(
        label=gettext_lazy("Séance"), field_name="session_key", choices=session_choices
    )
    status = django_filters.ChoiceFilter(label=gettext_lazy("Statut"), choices=Status.choices)

    class Meta:
        model = Registration
        fields = []


class RegistrationIndexView(IndexView):
    """Every registration, for those allowed to see names."""

    filterset_class = RegistrationFilterSet
    search_fields = [
        "attendee__first_name",
        "attendee__last_name",
        "attendee__email",
        "attendee__organisation",
    ]
    default_ordering = "-created_at"
    page_title = gettext_lazy("Toutes les inscriptions")

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("attendee", "session")

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "person",
                label=_("Personne"),
                accessor="attendee",
                get_url=lambda r: url("session", r.session_key),
            ),
            Column("email", label=_("E-mail"), accessor="attendee.email"),
            Column("organisation", label=_("Structure"), accessor="attendee.organisation"),
            Column("session", label=_("Séance"), accessor=lambda r: r.session.title if r.session else "—"),
            Column("status", label=_("Statut"), accessor="get_status_display", sort_key="status"),
            Column("language", label=_("Langue"), accessor="language"),
            DateColumn("created_at", label=_("Inscrit·e le"), sort_key="created_at"),
        ]

    def get_edit_url(self, instance):
        return url("session", instance.session_key)
