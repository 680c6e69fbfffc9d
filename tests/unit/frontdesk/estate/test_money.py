"""Tests for frontdesk.money: reading amounts as typed, showing them, half-up rounding."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.money import MAX_FEN, fen_half_up, fen_to_text, management_fee, round_half_up, yuan_to_fen

FULL_WIDTH = str.maketrans("0123456789.,", "０１２３４５６７８９．，")


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("0", 0),
        ("12", 1200),
        ("12.5", 1250),
        ("12.05", 1205),
        ("1,234.5", 123450),
        ("1,234,567.89", 123456789),
        ("¥12", 1200),
        ("￥12.30", 1230),
        ("12元", 1200),
        ("RMB 8.8", 880),
        ("  99.90 ", 9990),
        ("１２３．４５", 12345),
        ("１，２３４．５元", 123450),
        (".5", 50),
        ("12.", 1200),
        ("-3.2", -320),
        ("¥-3.20", -320),
        ("+7", 700),
        ("12.340", 1234),
    ],
)
def test_yuan_to_fen_reads_what_the_desk_types(text: str, fen: int) -> None:
    assert yuan_to_fen(text) == fen


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "Not an amount"),
        ("abc", "Not an amount"),
        ("12.345", "at most two decimals"),
        ("1,23.4", "Not an amount"),
        ("12,34", "Not an amount"),
        ("1.2.3", "Not an amount"),
        ("¥", "Not an amount"),
        ("--5", "Not an amount"),
        ("1e5", "Not an amount"),
        ("9" * 20, "too large"),
    ],
)
def test_yuan_to_fen_refuses_with_a_clear_message(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        yuan_to_fen(text)


def test_yuan_to_fen_takes_decimals_and_whole_yuan_but_not_floats_in_disguise() -> None:
    assert yuan_to_fen(Decimal("0.01")) == 1
    assert yuan_to_fen(Decimal("1234.50")) == 123450
    assert yuan_to_fen(7) == 700
    for bad in (Decimal("0.001"), Decimal("NaN"), Decimal("Infinity")):
        with pytest.raises(ValueError):
            yuan_to_fen(bad)
    for not_exact in (True, 12.5):
        with pytest.raises(ValueError):
            yuan_to_fen(not_exact)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fen", "text"),
    [(0, "0.00"), (5, "0.05"), (123450, "1,234.50"), (-320, "-3.20"), (100000000, "1,000,000.00")],
)
def test_fen_to_text(fen: int, text: str) -> None:
    assert fen_to_text(fen) == text


@given(st.integers(min_value=-MAX_FEN, max_value=MAX_FEN))
def test_text_and_fen_round_trip(fen: int) -> None:
    text = fen_to_text(fen)
    assert yuan_to_fen(text) == fen
    assert yuan_to_fen(text.translate(FULL_WIDTH)) == fen
    assert yuan_to_fen(Decimal(fen) / 100) == fen


@pytest.mark.parametrize(
    ("yuan", "fen"),
    [
        ("0.005", 1),  # Python's round(0.5) is 0: half-even
        ("0.015", 2),
        ("0.025", 3),  # half-even would give 2
        ("0.004999", 0),
        ("2.675", 268),  # the float 2.675 is 2.67499999…: Decimal keeps it exact
        ("-0.005", -1),  # half away from zero
        ("1234.565", 123457),
    ],
)
def test_round_half_up_rounds_half_fen_up(yuan: str, fen: int) -> None:
    assert round_half_up(Decimal(yuan)) == fen


@given(st.integers(min_value=0, max_value=10**12))
def test_round_half_up_matches_integer_arithmetic(thousandths: int) -> None:
    # n thousandths of a yuan = n/10 fen; half-up on non-negative values is floor(x + 1/2)
    assert round_half_up(Decimal(thousandths) / 1000) == (thousandths + 5) // 10


@pytest.mark.parametrize(
    ("area", "rate", "fee"),
    [
        ("100", 235, 23500),
        ("89.37", 235, 21002),  # 21001.95 fen
        ("1.05", 50, 53),  # 52.5 fen: half-up gives 53, round() would give 52
        ("1.01", 50, 51),  # 50.5 → 51
        ("0.03", 50, 2),  # 1.5 → 2
        ("89.37", Decimal("187.5"), 16757),  # 16756.875 fen
        ("0", 235, 0),
    ],
)
def test_management_fee_is_area_times_rate_half_up(area: str, rate: int | Decimal, fee: int) -> None:
    assert management_fee(Decimal(area), rate) == fee


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=10**5))
def test_management_fee_matches_integer_arithmetic(area_dm2: int, rate_fen: int) -> None:
    exact_hundredths = area_dm2 * rate_fen  # fee in 1/100 fen
    assert management_fee(Decimal(area_dm2) / 100, rate_fen) == (exact_hundredths + 50) // 100


def test_management_fee_refuses_negative_inputs() -> None:
    with pytest.raises(ValueError):
        management_fee(Decimal("-1"), 100)
    with pytest.raises(ValueError):
        management_fee(Decimal("1"), -1)


def test_fen_half_up() -> None:
    assert [fen_half_up(Decimal(x)) for x in ("0.5", "1.5", "2.5", "-2.5", "2.4999")] == [1, 2, 3, -3, 2]
