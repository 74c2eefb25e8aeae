"""manage.py import_orgs: all or nothing, a report line per problem, updates matched by BIN."""

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from birgemiz.orgs.importing import COLUMNS
from birgemiz.orgs.models import Organisation
from birgemiz.orgs.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_csv_with_a_bad_row_writes_nothing_and_exits_non_zero(tmp_path, capsys):
    path = tmp_path / "orgs.csv"
    path.write_text(
        "name_ru;bin;city;spheres;registered_on\n"
        "Батыр;940140000385;temirtau;youth;2017-08-10\n"
        "Заман;940140000385;pavlodar;magic;31.02.2020\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        call_command("import_orgs", str(path))
    err = capsys.readouterr().err
    assert "orgs.csv:3 [bin]" in err  # the same BIN twice
    assert "orgs.csv:3 [spheres]" in err and "orgs.csv:3 [registered_on]" in err
    assert not Organisation.objects.exists()


def test_xlsx_creates_then_updates_by_bin(tmp_path, capsys):
    existing = OrganisationFactory(name_ru="Старое имя", bin="940140000385")
    book = Workbook()
    sheet = book.active
    sheet.append(["bin", "name_ru", "legal_form", "city", "status"])
    sheet.append(["940140000385", "Новое имя", "ОО", "Темиртау", "active"])
    sheet.append(["990140004654", "Ана Үйі", "public_foundation", "astana", "active"])
    path = tmp_path / "orgs.xlsx"
    book.save(path)
    call_command("import_orgs", str(path), "--dry-run")
    assert Organisation.objects.count() == 1
    call_command("import_orgs", str(path))
    assert "2 rows: 1 added, 1 updated, 0 unchanged." in capsys.readouterr().out
    existing.refresh_from_db()
    assert existing.name_ru == "Новое имя" and existing.city.slug == "temirtau"
    assert Organisation.objects.get(bin="990140004654").legal_form.code == "public_foundation"


def test_unknown_columns_and_missing_file(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("name_ru,colour\nБатыр,red\n", encoding="utf-8")
    with pytest.raises(CommandError, match="colour"):
        call_command("import_orgs", str(path))
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_orgs", str(tmp_path / "none.csv"))


def test_export_columns_are_the_import_columns(client):
    OrganisationFactory(name_ru="Батыр")
    first_line = (
        b"".join(client.get("/ru/orgs/export.csv").streaming_content).decode("utf-8-sig").splitlines()[0]
    )
    assert first_line.split(",") == list(COLUMNS)
