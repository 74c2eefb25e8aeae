"""Legal forms (``data/legal_forms.csv``, from ../shared/data) and the spheres of activity."""

import csv
from pathlib import Path

from django.db import migrations

SPHERE_CODES = (
    "social_protection", "education", "health", "youth", "children", "human_rights", "ecology", "culture",
    "sport", "women", "disability", "veterans", "local_government", "civil_society", "ethnic",
    "volunteering", "animals", "science", "media", "law",
)  # fmt: skip


def load(apps, schema_editor):
    LegalForm = apps.get_model("orgs", "LegalForm")
    Sphere = apps.get_model("orgs", "Sphere")
    path = Path(__file__).resolve().parent.parent / "data" / "legal_forms.csv"
    with path.open(encoding="utf-8") as fh:
        for position, row in enumerate(csv.DictReader(fh)):
            LegalForm.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name_ru": row["name_ru"], "abbr_ru": row["abbr_ru"], "name_kk": row["name_kk"],
                    "abbr_kk": row["abbr_kk"], "name_en": row["name_en"], "is_branch": row["code"] == "branch",
                    "position": position,
                },
            )  # fmt: skip
    for position, code in enumerate(SPHERE_CODES):
        Sphere.objects.update_or_create(code=code, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
