"""The BIN check digit (FACTS.md) and the precise reasons people read."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from birgemiz.orgs.bin import check_digit, validate_bin, validate_bin_for_branch

# Valid numbers from python-stdnum's doctests (FACTS.md).
KNOWN_VALID = ["940140000385", "990140004654"]


def _reference_check_digit(digits: str) -> int | None:
    """The algorithm written out again, independently, as FACTS.md states it."""
    first = sum((i + 1) * int(d) for i, d in enumerate(digits)) % 11
    if first != 10:
        return first
    weights = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]
    second = sum(w * int(d) for w, d in zip(weights, digits, strict=True)) % 11
    return None if second == 10 else second


@pytest.mark.parametrize("value", KNOWN_VALID)
def test_published_examples_are_valid(value):
    validate_bin(value)


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_check_digit_matches_the_published_algorithm(prefix):
    assert check_digit(prefix) == _reference_check_digit(prefix)


@given(st.from_regex(r"[0-9]{2}(0[1-9]|1[0-2])[456][0-3][0-9]{5}", fullmatch=True))
def test_every_number_completed_by_its_check_digit_is_valid_and_any_other_last_digit_is_not(prefix):
    digit = check_digit(prefix)
    if digit is None:
        for last in "0123456789":
            with pytest.raises(ValidationError) as error:
                validate_bin(prefix + last)
            assert error.value.code == "bin_never_issued"
        return
    validate_bin(prefix + str(digit))
    for last in "0123456789":
        if int(last) != digit:
            with pytest.raises(ValidationError) as error:
                validate_bin(prefix + last)
            assert error.value.code == "bin_check_digit"


def test_a_number_whose_second_pass_gives_ten_is_rejected():
    # search the smallest such prefix, then check it is refused whatever the last digit
    prefix = next(
        p for n in range(100000) if check_digit(p := f"200140{n:05d}") is None
    )  # the loop always finds one: about 1 in 121 prefixes
    with pytest.raises(ValidationError) as error:
        validate_bin(prefix + "0")
    assert error.value.code == "bin_never_issued"


@pytest.mark.parametrize(
    ("value", "code", "ru"),
    [
        ("94014000038", "bin_length", "В БИН должно быть 12 цифр, а здесь 11."),
        ("94014000038a", "bin_digits", "БИН состоит только из цифр."),
        ("941340000385", "bin_month", "Цифры 3–4 БИН — месяц регистрации; 13 — не месяц."),
        ("940170000385", "bin_type", None),
        ("940140000384", "bin_check_digit", "Контрольная (последняя) цифра должна быть 5, а не 4."),
    ],
)
def test_messages_say_precisely_what_is_wrong(value, code, ru):
    with translation.override("ru"):
        with pytest.raises(ValidationError) as error:
            validate_bin(value)
        assert error.value.code == code
        if ru:  # the message is translated when read, so read it in Russian
            assert error.value.messages == [ru]


def test_digit_six_must_agree_with_the_branch_legal_form():
    validate_bin_for_branch("940140000385", is_branch=False)
    with pytest.raises(ValidationError) as error:
        validate_bin_for_branch("940140000385", is_branch=True)
    assert error.value.code == "bin_not_branch"
    with pytest.raises(ValidationError) as error:
        validate_bin_for_branch("940141000385", is_branch=False)
    assert error.value.code == "bin_is_branch"
