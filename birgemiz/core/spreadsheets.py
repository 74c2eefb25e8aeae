"""Cells for CSV and XLSX downloads.

Text that people typed (names, titles, answers) goes into files that officials open in a
spreadsheet program; a cell that starts like a formula would run there (CSV injection, and
openpyxl itself stores such a string as a formula), so it is quoted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value, with a leading apostrophe when a text would be read as a formula."""
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(v) for v in values]
