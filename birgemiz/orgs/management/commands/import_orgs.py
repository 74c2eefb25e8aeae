"""python manage.py import_orgs FILE.csv|FILE.xlsx [--dry-run]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from birgemiz.orgs import importing


class Command(BaseCommand):
    help = "Import organisations from CSV or XLSX; any invalid row means nothing is written."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check every row, write nothing.")

    def handle(self, *args, file: Path, dry_run: bool, **options):
        if not file.exists():
            raise CommandError(f"{file}: no such file")
        try:
            rows = list(importing.read_rows(file.name, file.read_bytes()))
        except importing.ImportFileError as error:
            raise CommandError(f"{file}: {error}") from error
        with tqdm(total=len(rows), unit="row", disable=len(rows) < 200, file=self.stderr) as bar:
            report = importing.import_orgs(rows, actor=None, dry_run=dry_run, progress=bar.update)
        for error in report.errors:
            column = f" [{error.column}]" if error.column else ""
            self.stderr.write(f"{file}:{error.line}{column}: {error.reason}")
        if report.errors:
            raise CommandError(f"{len(report.errors)} problem(s) in {report.rows} rows; nothing was written.")
        if dry_run:
            self.stdout.write(f"{report.rows} rows checked, all valid; nothing written (--dry-run).")
        else:
            counts = f"{report.created} added, {report.updated} updated, {report.unchanged} unchanged"
            self.stdout.write(f"{report.rows} rows: {counts}.")
