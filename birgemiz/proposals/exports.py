"""Downloads: the accountability dashboard as CSV and XLSX."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _


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
        [r.label or _("Total"), r.received, r.answered, share(r.answered_share), num(r.median_working_days),
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
