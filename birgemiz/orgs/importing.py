"""Import of organisations from CSV or XLSX, and export of the directory in the same columns.

Every row is checked first; a report names each invalid row (line, column, reason) and, when
there is any, nothing is written. Rows are matched to the registry by BIN: a known BIN updates
that organisation, a new one (or none) adds one. The export writes the same columns, so an
exported file can be edited and imported back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from birgemiz.core.spreadsheets import safe_cell, safe_row
from birgemiz.geo import selectors as geo
from birgemiz.orgs import bin as bin_rules
from birgemiz.orgs import services
from birgemiz.orgs.choices import HistoryKind, OrgKind, OrgStatus, StateBodyKind
from birgemiz.orgs.models import LegalForm, Organisation, Sphere

COLUMNS = (
    "bin", "name_ru", "name_kk", "short_name_ru", "short_name_kk", "kind", "state_body_kind",
    "legal_form", "parent_bin", "registered_on", "region", "city", "address", "spheres", "status",
    "status_since", "leader_name", "leader_title", "phone", "email", "website", "description",
)  # fmt: skip
MAX_ROWS = 50_000


@dataclass
class RowError:
    line: int
    column: str
    reason: str


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class ImportFileError(Exception):
    """The file itself cannot be read (not a row's problem)."""


def read_rows(name: str, content: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number as a spreadsheet shows it, row) for every non-empty row."""
    if name.lower().endswith(".xlsx"):
        yield from _xlsx_rows(content)
    elif name.lower().endswith(".csv"):
        yield from _csv_rows(content)
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file."))


def _check_header(header: list[str]) -> list[str]:
    header = [(h or "").strip().lower() for h in header]
    unknown = [h for h in header if h and h not in COLUMNS]
    if unknown:
        raise ImportFileError(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    if "name_ru" not in header and "name_kk" not in header:
        raise ImportFileError(_("The file needs a name_ru or a name_kk column."))
    return header


def _csv_rows(content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(_("The CSV file is not in UTF-8.")) from error
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = _check_header(next(reader, []))
    for number, values in enumerate(reader, start=2):
        row = {h: (v or "").strip() for h, v in zip(header, values, strict=False) if h}
        if any(row.values()):
            yield number, row


def _xlsx_rows(content: bytes):
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(_("The XLSX file cannot be read.")) from error
    rows = sheet.iter_rows(values_only=True)
    header = _check_header([str(h or "") for h in next(rows, ())])
    for number, values in enumerate(rows, start=2):
        row = {}
        for h, v in zip(header, values, strict=False):
            if not h:
                continue
            if isinstance(v, dt.datetime):
                v = v.date().isoformat()
            elif isinstance(v, dt.date):
                v = v.isoformat()
            elif isinstance(v, float) and v.is_integer():
                v = str(int(v))
            row[h] = "" if v is None else str(v).strip()
        if any(row.values()):
            yield number, row


def _parse_date(value: str) -> dt.date:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise ValueError


class _Lookups:
    def __init__(self):
        self.forms = {}
        for form in LegalForm.objects.all():
            for key in (form.code, form.abbr_ru, form.abbr_kk, form.name_ru, form.name_kk, form.name_en):
                if key:
                    self.forms[key.lower()] = form
        self.regions, self.cities = {}, {}
        for region in geo.region_list():
            for key in (region.slug, region.name_ru, region.name_kk, region.name_en):
                self.regions[key.lower()] = region
            for city in region.cities.all():
                for key in (city.slug, city.name_ru, city.name_kk, city.name_en):
                    self.cities.setdefault(key.lower(), city)
        self.spheres = {s.code: s for s in Sphere.objects.all()}


def _clean_row(row: dict[str, str], lookups: _Lookups, fail: Callable[[str, str], None]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in ("name_ru", "name_kk", "short_name_ru", "short_name_kk", "address", "leader_name",
                 "leader_title", "phone", "description"):  # fmt: skip
        if name in row:
            data[name] = row[name]
    if not row.get("name_ru") and not row.get("name_kk"):
        fail("name_ru", _("Give the name in Russian or in Kazakh."))
    enums = (("kind", OrgKind, OrgKind.NGO), ("status", OrgStatus, OrgStatus.ACTIVE))
    for name, choices, default in (*enums, ("state_body_kind", StateBodyKind, "")):
        value = row.get(name, "")
        if value and value not in choices.values:
            fail(
                name,
                _("“%(value)s” is not one of: %(allowed)s.")
                % {"value": value, "allowed": ", ".join(choices.values)},
            )
        elif value or name in row:
            data[name] = value or default
    if row.get("legal_form"):
        form = lookups.forms.get(row["legal_form"].lower())
        if form is None:
            fail("legal_form", _("Unknown legal form “%(value)s”.") % {"value": row["legal_form"]})
        data["legal_form"] = form
    for name in ("registered_on", "status_since"):
        if row.get(name):
            try:
                data[name] = _parse_date(row[name])
            except ValueError:
                fail(
                    name,
                    _("“%(value)s” is not a date (use 2021-12-20 or 20.12.2021).") % {"value": row[name]},
                )
    if row.get("region"):
        data["region"] = lookups.regions.get(row["region"].lower())
        if data["region"] is None:
            fail("region", _("Unknown region “%(value)s”.") % {"value": row["region"]})
    if row.get("city"):
        data["city"] = lookups.cities.get(row["city"].lower())
        if data["city"] is None:
            fail("city", _("Unknown city “%(value)s”.") % {"value": row["city"]})
        elif data.get("region") and data["city"].region_id != data["region"].pk:
            fail("city", _("This city is not in the chosen region."))
    if row.get("spheres"):
        codes = [c.strip() for c in row["spheres"].replace(",", ";").split(";") if c.strip()]
        unknown = [c for c in codes if c not in lookups.spheres]
        if unknown:
            fail("spheres", _("Unknown spheres: %(codes)s.") % {"codes": ", ".join(unknown)})
        data["spheres"] = [lookups.spheres[c] for c in codes if c in lookups.spheres]
    if row.get("email"):
        try:
            EmailValidator()(row["email"])
            data["email"] = row["email"]
        except ValidationError:
            fail("email", _("“%(value)s” is not an e-mail address.") % {"value": row["email"]})
    if row.get("website"):
        try:
            URLValidator(schemes=["http", "https"])(row["website"])
            data["website"] = row["website"]
        except ValidationError:
            fail("website", _("“%(value)s” is not a web address.") % {"value": row["website"]})
    return data


def import_orgs(
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    actor,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Check every row, then (unless ``dry_run`` or any row is invalid) write them all at once."""
    report = ImportReport()
    lookups = _Lookups()
    known = {o.bin: o for o in Organisation.objects.exclude(bin=None).select_related("legal_form")}
    seen_bins: dict[str, int] = {}
    cleaned: list[tuple[int, str | None, str, dict[str, Any]]] = []
    for line, row in rows:
        report.rows += 1
        if report.rows > MAX_ROWS:
            report.errors.append(RowError(line, "", _("At most %(max)s rows per file.") % {"max": MAX_ROWS}))
            break

        def fail(column: str, reason: str, line=line) -> None:
            report.errors.append(RowError(line, column, reason))

        data = _clean_row(row, lookups, fail)
        value = bin_rules.normalise(row.get("bin", ""))
        form = data.get("legal_form")
        if value:
            try:
                bin_rules.validate_bin(value)
                bin_rules.validate_bin_for_branch(value, is_branch=bool(form and form.is_branch))
            except ValidationError as error:
                fail("bin", " ".join(error.messages))
            if value in seen_bins:
                fail("bin", _("The same BIN is on line %(line)s.") % {"line": seen_bins[value]})
            seen_bins.setdefault(value, line)
        parent_bin = bin_rules.normalise(row.get("parent_bin", ""))
        if parent_bin and parent_bin not in known and parent_bin not in seen_bins:
            fail(
                "parent_bin",
                _("No organisation with the BIN %(bin)s (in the registry or above in the file).")
                % {"bin": parent_bin},
            )
        if form and form.is_branch and not parent_bin:
            fail("parent_bin", _("A branch needs its head organisation's BIN."))
        cleaned.append((line, value or None, parent_bin, data))
        if progress:
            progress(1)
    if report.errors or dry_run:
        return report
    with transaction.atomic():
        by_bin = dict(known)
        for line, value, parent_bin, data in cleaned:
            if parent_bin:
                data["parent"] = by_bin[parent_bin]
            try:
                if value and value in by_bin:
                    data["bin"] = value
                    changes = services.org_update(actor=actor, org=by_bin[value], data=data)
                    report.updated += bool(changes)
                    report.unchanged += not changes
                else:
                    data["bin"] = value
                    org = services.org_create(actor=actor, data=data, history_kind=HistoryKind.IMPORTED)
                    report.created += 1
                    if value:
                        by_bin[value] = org
            except ValidationError as error:  # a rule only the whole registry can check
                messages = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
                for column, reasons in messages.items():
                    report.errors.append(RowError(line, column, " ".join(reasons)))
        if report.errors:
            transaction.set_rollback(True)
            report.created = report.updated = report.unchanged = 0
            return report
    report.written = True
    return report


# ---- export ------------------------------------------------------------------------------------


def export_row(org: Organisation) -> dict[str, Any]:
    return {
        "bin": org.bin or "",
        "name_ru": org.name_ru,
        "name_kk": org.name_kk,
        "short_name_ru": org.short_name_ru,
        "short_name_kk": org.short_name_kk,
        "kind": org.kind,
        "state_body_kind": org.state_body_kind,
        "legal_form": org.legal_form.code if org.legal_form_id else "",
        "parent_bin": (org.parent.bin or "") if org.parent_id else "",
        "registered_on": org.registered_on.isoformat() if org.registered_on else "",
        "region": org.region.slug if org.region_id else "",
        "city": org.city.slug if org.city_id else "",
        "address": org.address,
        "spheres": ";".join(s.code for s in org.spheres.all()),
        "status": org.status,
        "status_since": org.status_since.isoformat() if org.status_since else "",
        "leader_name": org.leader_name,
        "leader_title": org.leader_title,
        "phone": org.phone,
        "email": org.email,
        "website": org.website,
        "description": org.description,
    }


def export_queryset(qs):
    return qs.select_related("legal_form", "region", "city", "parent").prefetch_related("spheres")


def export_csv(orgs: Iterable[Organisation]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    buffer.write("\ufeff")
    writer.writeheader()
    yield buffer.getvalue()
    for org in orgs:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow({k: safe_cell(v) for k, v in export_row(org).items()})
        yield buffer.getvalue()


def export_xlsx(orgs: Iterable[Organisation]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("organisations")
    sheet.append(list(COLUMNS))
    for org in orgs:
        sheet.append(safe_row(export_row(org).values()))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_json(orgs: Iterable[Organisation]) -> Iterator[str]:
    yield "["
    for n, org in enumerate(orgs):
        yield ("," if n else "") + json.dumps(export_row(org), ensure_ascii=False)
    yield "]"
