"""The pure field checks of a visit: plates, companions, pass numbers, names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.errors import ValidationError
from frontdesk.visitors import rules
from frontdesk.visitors.kinds import IdPolicy, IdStatus, allowed_id_statuses


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("粤b·12345", "粤B12345"),
        ("京A 8888挂", "京A8888挂"),
        ("沪AD12345", "沪AD12345"),
        ("粤BD-12345", "粤BD12345"),
        ("ab 1234", "AB1234"),
        ("ＡＢ１２３", "AB123"),
        ("", ""),
    ],
)
def test_plates_are_normalised(typed: str, stored: str) -> None:
    assert rules.plate(typed) == stored


@pytest.mark.parametrize(
    "typed", ["粤I12345", "中A12345", "粤B123", "ABCDEFG", "粤B1234567", "A", "粤B12#45"]
)
def test_bad_plates_say_how_to_write_one(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.plate(typed)
    assert caught.value.field == "plate"
    assert "粤B12345" in caught.value.message


@given(st.text(max_size=12))
def test_any_plate_text_is_either_normalised_or_refused_on_its_field(text: str) -> None:
    try:
        stored = rules.plate(text)
    except ValidationError as exc:
        assert exc.field == "plate"
    else:
        assert stored == stored.upper().replace(" ", "")
        assert len(stored) <= 9


@given(st.integers())
def test_companions_outside_0_to_50_are_refused(number: int) -> None:
    if 0 <= number <= rules.MAX_COMPANIONS:
        assert rules.companions(number) == number
    else:
        with pytest.raises(ValidationError, match="from 0 to 50"):
            rules.companions(number)


@pytest.mark.parametrize("typed", ["two", "1.5", "-1", "51", True])
def test_companions_must_be_a_small_whole_number(typed: object) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.companions(typed)  # type: ignore[arg-type]
    assert caught.value.field == "companions"


@given(st.text(min_size=1, max_size=40))
def test_pass_numbers_hold_letters_digits_and_dashes(text: str) -> None:
    try:
        badge = rules.pass_number(text)
    except ValidationError as exc:
        assert exc.field == "pass_number"
    else:
        assert badge == "" or all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in badge)


@pytest.mark.parametrize("typed", ["", "   ", "12345", "***", "王" * 81])
def test_bad_names_are_refused_on_the_name_field(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rules.visitor_name(typed)
    assert caught.value.field == "name"


def test_two_character_names_are_fine() -> None:
    assert rules.visitor_name(" 王五 ") == "王五"


def test_resident_confirmation_is_always_offered() -> None:
    for policy in IdPolicy:
        assert IdStatus.RESIDENT_CONFIRMED in allowed_id_statuses(policy)
    assert allowed_id_statuses(IdPolicy.RECORDED)[0] is IdStatus.RECORDED
