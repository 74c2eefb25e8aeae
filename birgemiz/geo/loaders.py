"""Loads the reference list of regions and their main cities (used by the data migration)."""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def load_regions(Region, City) -> None:
    """Create or update every region and city from the CSV files; idempotent."""
    with (DATA / "regions.csv").open(encoding="utf-8") as fh:
        for position, row in enumerate(csv.DictReader(fh)):
            Region.objects.update_or_create(
                slug=row["slug"],
                defaults={
                    "kind": row["kind"],
                    "name_ru": row["name_ru"],
                    "name_kk": row["name_kk"],
                    "name_en": row["name_en"],
                    "position": position,
                },
            )
    regions = {r.slug: r for r in Region.objects.all()}
    with (DATA / "cities.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            City.objects.update_or_create(
                region=regions[row["region"]],
                slug=row["slug"],
                defaults={
                    "name_ru": row["name_ru"],
                    "name_kk": row["name_kk"],
                    "name_en": row["name_en"],
                    "is_centre": row["is_centre"] == "1",
                },
            )
