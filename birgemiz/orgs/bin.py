"""The BIN (БИН / БСН), Kazakhstan's 12-digit business identification number.

Digits 1-4: year and month of registration (YYMM); 5: type (4 resident legal entity,
5 non-resident legal entity, 6 individual entrepreneur in joint entrepreneurship); 6: 0 head
unit, 1 branch, 2 representative office, 3 peasant household; 7-11: serial; 12: check digit.
Check digit: digits 1-11 times weights 1..11, sum mod 11; if 10, weights 3..11,1,2 mod 11;
10 again means the number is never issued. Sources in ``../shared/data/FACTS.md``
(python-stdnum ``stdnum/kz/bin.py``; Government Decree No. 406 of 22 May 2007).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS_FIRST = tuple(range(1, 12))
WEIGHTS_SECOND = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

ENTITY_TYPES = {"4": "resident", "5": "non_resident", "6": "joint_entrepreneur"}
UNIT_HEAD, UNIT_BRANCH, UNIT_REPRESENTATIVE, UNIT_PEASANT = "0", "1", "2", "3"


def check_digit(first_eleven: str) -> int | None:
    """The 12th digit for ``first_eleven`` digits, or None when no number can end them."""
    digits = [int(c) for c in first_eleven]
    total = sum(d * w for d, w in zip(digits, WEIGHTS_FIRST, strict=True)) % 11
    if total == 10:
        total = sum(d * w for d, w in zip(digits, WEIGHTS_SECOND, strict=True)) % 11
        if total == 10:
            return None
    return total


def normalise(value: str) -> str:
    """Spaces and dashes people type between groups of digits are dropped."""
    return "".join(ch for ch in (value or "") if ch not in " -\u00a0")


def validate_bin(value: str) -> None:
    """Raise ``ValidationError`` saying precisely what is wrong with a BIN."""
    if not (value.isascii() and value.isdigit()):
        raise ValidationError(_("A BIN is made of digits only."), code="bin_digits")
    if len(value) != 12:
        raise ValidationError(
            _("A BIN must be 12 digits; this one has %(count)s."),
            code="bin_length",
            params={"count": len(value)},
        )
    month = int(value[2:4])
    if not 1 <= month <= 12:
        raise ValidationError(
            _("Digits 3-4 of a BIN are the month of registration; %(month)s is not a month."),
            code="bin_month",
            params={"month": value[2:4]},
        )
    if value[4] not in ENTITY_TYPES:
        raise ValidationError(
            _("Digit 5 of a BIN of a legal entity should be 4, 5 or 6, not %(digit)s."),
            code="bin_type",
            params={"digit": value[4]},
        )
    if value[5] not in (UNIT_HEAD, UNIT_BRANCH, UNIT_REPRESENTATIVE, UNIT_PEASANT):
        raise ValidationError(
            _("Digit 6 of a BIN should be 0, 1, 2 or 3, not %(digit)s."),
            code="bin_unit",
            params={"digit": value[5]},
        )
    expected = check_digit(value[:11])
    if expected is None:
        raise ValidationError(
            _("This BIN cannot exist: no check digit fits its first 11 digits."), code="bin_never_issued"
        )
    if int(value[11]) != expected:
        raise ValidationError(
            _("The check digit (the last one) should be %(expected)s, not %(actual)s."),
            code="bin_check_digit",
            params={"expected": expected, "actual": value[11]},
        )


def validate_bin_for_branch(value: str, *, is_branch: bool) -> None:
    """Digit 6 says whether the unit is a head unit (0) or a branch or representative office (1, 2)."""
    unit = value[5]
    if is_branch and unit not in (UNIT_BRANCH, UNIT_REPRESENTATIVE):
        raise ValidationError(
            _("A branch's BIN has 1 (or 2 for a representative office) as digit 6, not %(digit)s."),
            code="bin_not_branch",
            params={"digit": unit},
        )
    if not is_branch and unit in (UNIT_BRANCH, UNIT_REPRESENTATIVE):
        raise ValidationError(
            _("Digit 6 of this BIN (%(digit)s) marks a branch: choose the legal form «Branch»."),
            code="bin_is_branch",
            params={"digit": unit},
        )


def make_bin(prefix: str) -> str:
    """Complete 11 digits with their check digit (demo data and tests); ValueError if none fits."""
    digit = check_digit(prefix)
    if digit is None:
        raise ValueError(f"no BIN starts with {prefix}")
    return prefix + str(digit)
