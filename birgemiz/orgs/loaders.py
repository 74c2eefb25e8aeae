"""Reference data of the registry, shared by the data migration and live-server tests (which
flush the database, data migrations included)."""

import csv
from pathlib import Path

SPHERE_CODES = (
    "social_protection", "education", "health", "youth", "children", "human_rights", "ecology", "culture",
    "sport", "women", "disability", "veterans", "local_government", "civil_society", "ethnic",
    "volunteering", "animals", "science", "media", "law",
)  # fmt: skip


def load_reference_data(LegalForm, Sphere) -> None:  # noqa: N803  models are passed in (migrations)
    path = Path(__file__).resolve().parent / "data" / "legal_forms.csv"
    with path.open(encoding="utf-8") as fh:
        for position, row in enumerate(csv.DictReader(fh)):
            LegalForm.objects.update_or_create(
                code=row["code"],
                defaults={
                    **{key: row[key] for key in ("name_ru", "abbr_ru", "name_kk", "abbr_kk", "name_en")},
                    "is_branch": row["code"] == "branch",
                    "position": position,
                },
            )
    for position, code in enumerate(SPHERE_CODES):
        Sphere.objects.update_or_create(code=code, defaults={"position": position})
