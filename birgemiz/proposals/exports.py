"""Downloads: the accountability dashboard as CSV and XLSX."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from birgemiz.core.spreadsheets import safe_cell, safe_row


def _header() -> list[str]:
    return [
        _("Name"), _("Received"), _("Answered"), _("Answered share"),
        _("Median working days to first answer"),
        _("90th percentile working days"), _("Median calendar days"), _("90th percentile calendar days"),
        _("Overdue now"), _("Implemented"), _("Implemented share"),
    ]  # fmt: skip


def _rows(board) -> list[list]:
    def share(x):
        return round(x, 3) if x is not None else ""

    def num(x):
        return x if x is not None else ""

    return [
        [safe_cell(r.label or _("Total")), r.received, r.answered, share(r.answered_share),
         num(r.median_working_days),
         num(r.p90_working_days), num(r.median_calendar_days), num(r.p90_calendar_days), r.overdue,
         r.implemented, share(r.implemented_share)]
        for r in [*board.rows, board.total]
    ]  # fmt: skip


def _filename(board, ext: str) -> str:
    return f'attachment; filename="birgemiz-accountability-{board.start}-{board.end}.{ext}"'


def dashboard_csv(board) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(_header())
    writer.writerows(_rows(board))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _filename(board, "csv")
    return response


def dashboard_xlsx(board) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Accountability")[:31]
    sheet.append(_header())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(board):
        sheet.append(row)
    sheet.column_dimensions["A"].width = 50
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = _filename(board, "xlsx")
    return response


# --- The forum export: what a panel or an event collected, for the next forum ------------------


def group_for_forum(qs, *, session_of) -> list[tuple[str, list[tuple[str, list]]]]:
    """[(session, [(sphere, [proposal…])…])…], each proposal with ``answer`` (the last public
    text of the body) set; two queries."""
    from django.db.models import Prefetch

    from birgemiz.proposals.models import ProposalEvent

    proposals = list(
        qs.prefetch_related(
            Prefetch(
                "events", queryset=ProposalEvent.objects.filter(kind="status").order_by("created_at", "id")
            )
        )
    )
    groups: dict[str, dict[str, list]] = {}
    for p in proposals:
        answers = [e.text for e in p.events.all() if e.text]
        p.answer = answers[-1] if answers else ""
        sphere = str(p.sphere.name) if p.sphere_id else _("Other")
        groups.setdefault(str(session_of(p)), {}).setdefault(sphere, []).append(p)
    return [(session, sorted(spheres.items())) for session, spheres in groups.items()]


def _forum_filename(title: str, ext: str) -> str:
    from django.utils.text import slugify

    return f'attachment; filename="proposals-{slugify(title, allow_unicode=False)[:40] or "forum"}.{ext}"'


def forum_xlsx(title: str, groups) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Proposals")[:31]
    sheet.append([safe_cell(title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([_("Session"), _("Sphere"), "№", _("Title"), _("Text"), _("Status"), _("Answer")])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for session, spheres in groups:
        for sphere, proposals in spheres:
            for p in proposals:
                row = [session, sphere, p.pk, p.title, p.text, str(p.get_status_display()), p.answer]
                sheet.append(safe_row(row))
    for column, width in zip("ABCDEFG", (30, 24, 8, 40, 60, 20, 60), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = _forum_filename(title, "xlsx")
    return response


def forum_pdf(request, title: str, groups) -> HttpResponse:
    """A printable PDF (WeasyPrint; PT Sans / DejaVu Sans carry the Kazakh letters)."""
    from django.template.loader import render_to_string
    from django.utils import timezone
    from weasyprint import HTML

    html = render_to_string(
        "proposals/forum_export.html",
        {"title": title, "groups": groups, "today": timezone.localdate()},
        request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = _forum_filename(title, "pdf")
    return response
