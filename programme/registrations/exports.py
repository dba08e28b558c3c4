"""CSV and Excel exports of registrations, with the answers to the extra questions.

Safe to open in a spreadsheet: any text cell starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return is prefixed with an apostrophe, so that a visitor who typed
``=HYPERLINK(…)`` as their organisation cannot make a formula run on an organiser's
machine (OWASP "CSV injection"). The CSV uses semicolons and a byte-order mark, which is
what a French spreadsheet expects when the file is double-clicked.

Any text in the database can be written, whenever and however it got there (before the
form refused control characters, or typed by an editor): the control characters that
XML 1.0, hence XLSX, cannot hold (openpyxl's ``ILLEGAL_CHARACTERS_RE``) are replaced by
U+FFFD in ``neutralise``, the one function every header and cell goes through, for the
CSV too, so both files say the same.
"""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from .questions import questions_of
from .services.options import option_counts
from .services.waiting_list import waiting_positions
from .sessions import describe_when, resolve_keys

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
REPLACEMENT_CHARACTER = "\ufffd"


def neutralise(value):
    """A cell value safe in both files: no character a workbook cannot hold, no formula."""
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT_CHARACTER, value)
    return "'" + value if value.startswith(FORMULA_TRIGGERS) else value


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _limits_summary(question, counts):
    """ " – Oui : 6/8" after a question with limited options: what is taken of each."""
    parts = [
        f"{option} : {taken}/{limit}"
        for (label, option), (taken, limit) in counts.items()
        if label == question.label
    ]
    return " – " + ", ".join(parts) if parts else ""


def table(registrations):
    """(headers, rows) for registrations of one or several sessions. Question columns are
    those of every session involved, labelled in French (the source language)."""
    registrations = list(registrations.select_related("attendee").order_by("session_key", "sequence"))
    keys = list(dict.fromkeys(r.session_key for r in registrations))
    infos = resolve_keys(keys)
    positions = waiting_positions(registrations)
    several = len(keys) > 1
    columns = []  # [(question id, question)]
    for key in keys:
        info = infos.get(key)
        counts = (
            {(label, option): (taken, limit) for label, option, taken, limit in option_counts(info)}
            if info
            else {}
        )
        for question in questions_of(info.page) if info else []:
            label = f"{question.label} ({info.page.title})" if several else question.label
            columns.append((key, question, label + _limits_summary(question, counts)))

    headers = [
        _("Séance"),
        _("Date"),
        _("Statut"),
        _("Position en liste d'attente"),
        _("Ordre d'arrivée"),
        _("Prénom"),
        _("Nom"),
        _("E-mail"),
        _("Structure"),
        _("Langue"),
        _("Inscrit·e le"),
        _("Présent·e"),
        *[label for _key, _question, label in columns],
    ]
    rows = []
    for registration in registrations:
        info = infos.get(registration.session_key)
        attendee = registration.attendee
        row = [
            info.page.title if info else str(registration.session_key),
            describe_when(info) if info else "",
            registration.get_status_display(),
            positions.get(registration.pk) or "",
            registration.sequence,
            attendee.first_name,
            attendee.last_name,
            attendee.email if not attendee.anonymised_at else "",
            attendee.organisation,
            registration.language,
            _local(registration.created_at),
            _("oui") if registration.checked_in_at else "",
        ]
        for key, question, _label in columns:
            row.append(
                question.display(registration.answers.get(question.id))
                if key == registration.session_key
                else ""
            )
        rows.append([neutralise(value) for value in row])
    return headers, rows


def filename(base, extension):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"inscriptions-{slugify(base)[:60] or 'export'}-{stamp}.{extension}"


def csv_response(base, headers, rows):
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([neutralise(h) for h in headers])
    for row in rows:
        writer.writerow(
            [
                "" if v is None else (v.strftime("%d/%m/%Y %H:%M") if hasattr(v, "strftime") else v)
                for v in row
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename(base, "csv")}"'
    return response


def xlsx_bytes(headers, rows, title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (slugify(title)[:31] or "inscriptions").replace("-", " ")
    sheet.append([neutralise(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever openpyxl guessed
            elif hasattr(cell.value, "hour"):
                cell.number_format = "DD/MM/YYYY HH:MM"
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column[:200])
        sheet.column_dimensions[column[0].column_letter].width = min(max(10, width + 2), 50)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_response(base, headers, rows):
    response = HttpResponse(
        xlsx_bytes(headers, rows, base),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename(base, "xlsx")}"'
    return response
