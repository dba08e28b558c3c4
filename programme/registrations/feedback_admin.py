"""Feedback results in the admin (menu "Inscriptions" › "Avis"): per session of an
edition, beside its attendance (confirmed, checked in), the number of answers, the
average rating and the answers' texts; exportable as CSV (semicolons, BOM, cells that a
spreadsheet would run neutralised: exports.neutralise). Answers are anonymous: anyone who
sees the registration counts sees them."""

import csv
import io
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .admin_views import pick_edition, source_editions
from .exports import neutralise
from .models import Feedback, Registration
from .sessions import edition_sessions


@dataclass
class SessionFeedback:
    info: object
    confirmed: int = 0
    checked_in: int = 0
    answers: list = field(default_factory=list)

    @property
    def average(self):
        return round(sum(a.rating for a in self.answers) / len(self.answers), 1) if self.answers else None


def edition_feedback(edition):
    """[SessionFeedback] of the edition's sessions, in programme order. Three queries
    beside the sessions' own."""
    rows = [SessionFeedback(info=info) for _day, infos in edition_sessions(edition) for info in infos]
    keys = [row.info.key for row in rows]
    counts = {
        item["session_key"]: item
        for item in Registration.objects.filter(session_key__in=keys)
        .values("session_key")
        .annotate(
            confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
            checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
        )
    }
    answers = {}
    for answer in Feedback.objects.filter(session_key__in=keys):
        answers.setdefault(answer.session_key, []).append(answer)
    for row in rows:
        row.confirmed = counts.get(row.info.key, {}).get("confirmed", 0)
        row.checked_in = counts.get(row.info.key, {}).get("checked_in", 0)
        row.answers = answers.get(row.info.key, [])
    return rows


class FeedbackView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "registrations/admin/feedback.html"
    page_title = gettext_lazy("Avis")
    header_icon = "comment"

    def get(self, request, *args, **kwargs):
        editions = source_editions()
        self.editions = editions
        self.edition = pick_edition(editions, request.GET.get("edition"))
        self.rows = edition_feedback(self.edition) if self.edition else []
        if request.GET.get("format") == "csv":
            return _csv(self.edition, self.rows)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(editions=self.editions, edition=self.edition, rows=self.rows)
        return context


def _csv(edition, rows):
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        [
            _("Séance"),
            _("Confirmé·es"),
            _("Présent·es"),
            _("Note"),
            _("Ce que vous en retenez"),
            _("Ce qui a manqué"),
            _("Langue"),
        ]
    )
    for row in rows:
        for answer in row.answers:
            writer.writerow(
                [neutralise(row.info.page.title), row.confirmed, row.checked_in, answer.rating]
                + [neutralise(answer.take_home), neutralise(answer.missing), answer.language]
            )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    year = edition.year if edition else "avis"
    response["Content-Disposition"] = f'attachment; filename="avis-{year}.csv"'
    return response
