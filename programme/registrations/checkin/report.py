"""The attendance report the association sends its funders: per edition, per day and
per session, with totals, a chart, CSV and XLSX exports and a printable page.

Figures (counted from the registrations, which the retention purge keeps: it only
anonymises people, services/personal_data.py):

- **inscrit·es** (registered): registrations made before the day, whatever became of
  them (cancelled ones included): the demand;
- **confirmé·es** (confirmed): registrations holding a place at the end, walk-ins apart;
- **en attente** (waiting at the end): still on the waiting list;
- **pointé·es** (checked in): confirmed registrants checked in at the door;
- **sur place** (walk-ins): people added at the door (always checked in);
- **absent·es** (no-shows): confirmed registrants not checked in;
- **présent·es** (present): checked in + walk-ins;
- **taux de remplissage** (fill rate): present / places;
- **taux de présence** (show rate): checked in / confirmed.

Totals add the figures up and compute the rates from the sums (not the mean of rates).
Only managers see it (``can_view_personal_data``): it holds no names, but it is theirs.
"""

from dataclasses import dataclass, fields

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.models import EditionPage

from .. import exports
from ..admin_views import pick_edition, source_editions
from ..models import Registration
from ..permissions import require_manager
from ..sessions import edition_sessions

Status = Registration.Status


@dataclass
class Figures:
    capacity: int = 0
    registered: int = 0
    confirmed: int = 0
    waiting: int = 0
    checked_in: int = 0
    walk_ins: int = 0

    @property
    def no_shows(self):
        return self.confirmed - self.checked_in

    @property
    def present(self):
        return self.checked_in + self.walk_ins

    @property
    def fill_rate(self):
        """Present / places, as a fraction (None without places)."""
        return self.present / self.capacity if self.capacity else None

    @property
    def show_rate(self):
        """Checked in / confirmed, as a fraction (None without anyone confirmed)."""
        return self.checked_in / self.confirmed if self.confirmed else None

    def __add__(self, other):
        return Figures(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})


@dataclass
class SessionLine:
    title: str
    figures: Figures


@dataclass
class DayBlock:
    day: object
    lines: list
    total: Figures


def count_sessions(keys):
    """{session key: Figures without capacity} in one query."""
    confirmed = Q(status=Status.CONFIRMED)
    rows = (
        Registration.objects.filter(session_key__in=list(keys))
        .values("session_key")
        .annotate(
            registered=Count("pk", filter=Q(walk_in=False)),
            confirmed=Count("pk", filter=confirmed & Q(walk_in=False)),
            waiting=Count("pk", filter=Q(status=Status.WAITING)),
            checked_in=Count("pk", filter=confirmed & Q(walk_in=False, checked_in_at__isnull=False)),
            walk_ins=Count("pk", filter=confirmed & Q(walk_in=True)),
        )
    )
    return {row.pop("session_key"): Figures(**row) for row in rows}


def build(edition):
    """([DayBlock], edition total) for an edition's sessions that take registrations."""
    days = edition_sessions(edition)
    counted = count_sessions(info.key for _day, infos in days for info in infos)
    blocks = []
    for day, infos in days:
        lines = []
        for info in infos:
            figures = counted.get(info.key, Figures())
            figures.capacity = info.page.capacity or 0
            lines.append(SessionLine(info.page.numbered_title, figures))
        blocks.append(DayBlock(day, lines, sum((line.figures for line in lines), Figures())))
    return blocks, sum((block.total for block in blocks), Figures())


def percent(rate):
    return "—" if rate is None else f"{round(rate * 100)} %"


# --- The chart -----------------------------------------------------------------------

BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_WIDTH = 14, 4, 260, 300


def chart_svg(blocks):
    """A horizontal bar chart of the fill and show rates per session, as inline SVG.
    Readable without colour: fill rate is a solid bar, show rate a hatched one, and each
    bar carries its value in text; the <title>/<desc> and the table are its text."""
    lines = [line for block in blocks for line in block.lines]
    row_height = 2 * BAR_HEIGHT + 3 * GAP + 14
    height = 40 + row_height * len(lines)
    width = LABEL_WIDTH + BAR_WIDTH + 60
    parts = [
        f'<svg class="report-chart" role="img" aria-labelledby="chart-title chart-desc" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet">',
        f'<title id="chart-title">{escape(_("Taux de remplissage et de présence par séance"))}</title>',
        f'<desc id="chart-desc">{escape(chart_text(lines))}</desc>',
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#1a1a1a" stroke-width="3"/></pattern></defs>',
        _legend(),
    ]
    for index, line in enumerate(lines):
        top = 40 + index * row_height
        parts.append(
            f'<text x="0" y="{top + 10}" class="report-chart__label">{escape(_shorten(line.title))}</text>'
        )
        for offset, rate, style in (
            (14, line.figures.fill_rate, 'fill="#1a1a1a"'),
            (14 + BAR_HEIGHT + GAP, line.figures.show_rate, 'fill="url(#hatch)" stroke="#1a1a1a"'),
        ):
            length = round(min(rate or 0, 1.5) / 1.5 * BAR_WIDTH)
            y = top + offset
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" {style}/>')
            parts.append(
                f'<text x="{LABEL_WIDTH + length + 4}" y="{y + BAR_HEIGHT - 3}">{escape(percent(rate))}</text>'
            )
    # 100 %: a dashed line, so an overfilled session shows past it.
    full = LABEL_WIDTH + round(BAR_WIDTH / 1.5)
    parts.append(
        f'<line x1="{full}" y1="30" x2="{full}" y2="{height}" stroke="#1a1a1a" stroke-dasharray="4 3"/>'
        f'<text x="{full + 2}" y="28">100 %</text></svg>'
    )
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def _legend():
    fill, show = (
        escape(_("Taux de remplissage (présent·es / places)")),
        escape(_("Taux de présence (pointé·es / confirmé·es)")),
    )
    return (
        f'<rect x="0" y="2" width="14" height="12" fill="#1a1a1a"/><text x="20" y="13">{fill}</text>'
        f'<rect x="330" y="2" width="14" height="12" fill="url(#hatch)" stroke="#1a1a1a"/>'
        f'<text x="350" y="13">{show}</text>'
    )


def _shorten(title, limit=40):
    return title if len(title) <= limit else title[: limit - 1] + "…"


def chart_text(lines):
    return " ; ".join(
        _("%(title)s : remplissage %(fill)s, présence %(show)s")
        % {
            "title": line.title,
            "fill": percent(line.figures.fill_rate),
            "show": percent(line.figures.show_rate),
        }
        for line in lines
    )


# --- Views ---------------------------------------------------------------------------


def report_view(request):
    require_manager(request)
    editions = source_editions()
    edition = pick_edition(editions, request.GET.get("edition"))
    blocks, total = build(edition) if edition else ([], Figures())
    context = {
        "editions": editions,
        "edition": edition,
        "blocks": blocks,
        "total": total,
        "chart": chart_svg(blocks) if blocks else "",
        "printed_at": timezone.now(),
    }
    response = TemplateResponse(request, "registrations/checkin/report.html", context)
    add_never_cache_headers(response)
    return response


HEADERS = (
    gettext_lazy("Jour"),
    gettext_lazy("Séance"),
    gettext_lazy("Places"),
    gettext_lazy("Inscrit·es"),
    gettext_lazy("Confirmé·es"),
    gettext_lazy("En attente"),
    gettext_lazy("Pointé·es"),
    gettext_lazy("Sur place"),
    gettext_lazy("Absent·es"),
    gettext_lazy("Présent·es"),
    gettext_lazy("Taux de remplissage (%)"),
    gettext_lazy("Taux de présence (%)"),
)


def _row(day, title, figures):
    def rate(value):
        return "" if value is None else round(value * 100, 1)

    return [
        exports.neutralise(day),
        exports.neutralise(title),
        figures.capacity,
        figures.registered,
        figures.confirmed,
        figures.waiting,
        figures.checked_in,
        figures.walk_ins,
        figures.no_shows,
        figures.present,
        rate(figures.fill_rate),
        rate(figures.show_rate),
    ]


def table(blocks, total):
    rows = []
    for block in blocks:
        day = date_format(block.day.date, "l j F Y") if block.day.date else block.day.title
        rows += [_row(day, line.title, line.figures) for line in block.lines]
        rows.append(_row(day, _("Total du jour"), block.total))
    rows.append(_row("", _("Total de l'édition"), total))
    return [str(header) for header in HEADERS], rows


def export(request, edition_id, fmt):
    require_manager(request)
    edition = get_object_or_404(EditionPage, pk=edition_id)
    headers, rows = table(*build(edition))
    base = f"frequentation-{edition.year}"
    if fmt == "csv":
        return exports.csv_response(base, headers, rows)
    if fmt == "xlsx":
        return exports.xlsx_response(base, headers, rows)
    raise Http404
