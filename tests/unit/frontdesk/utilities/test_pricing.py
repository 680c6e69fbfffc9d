"""Hand-worked prices: flat, monthly and annual tiers (a month crossing a bound), add-ons, sharing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.money import round_half_up
from frontdesk.utilities.kinds import TierPeriod
from frontdesk.utilities.pricing import (
    PriceLine,
    Schedule,
    Step,
    amount_of,
    e4_of_price,
    share_line,
    share_weights,
    tier_lines,
)

D = Decimal
WATER = Schedule("water", "2026-01", TierPeriod.MONTH, (Step(None, D("3.45"), D("0.95")),))
#: Shenzhen-like monthly residential electricity: 0.68 to 200 kWh, 0.73 to 400, 0.98 above
ELECTRICITY_MONTH = Schedule(
    "electricity",
    "2026-01",
    TierPeriod.MONTH,
    (Step(200, D("0.68")), Step(400, D("0.73")), Step(None, D("0.98"))),
)
#: Guangzhou-like annual water: 3.45 to 180 m³ a year, 4.83 to 260, 5.83 above; sewage 0.95 on every step
WATER_YEAR = Schedule(
    "water",
    "2026-01",
    TierPeriod.YEAR,
    (Step(180, D("3.45"), D("0.95")), Step(260, D("4.83"), D("0.95")), Step(None, D("5.83"), D("0.95"))),
)


def test_a_flat_price_with_its_sewage_add_on() -> None:
    lines = tier_lines(WATER, 12)
    # 12 m³ × 3.45 = 41.40; 12 m³ × 0.95 = 11.40
    assert lines == [
        PriceLine("tier", 1, D(12), D("3.45"), 4140),
        PriceLine("addon", 0, D(12), D("0.95"), 1140),
    ]
    assert amount_of(lines) == 5280


def test_monthly_tiers_split_the_month_usage() -> None:
    lines = tier_lines(ELECTRICITY_MONTH, 450)
    # 200 × 0.68 = 136.00; 200 × 0.73 = 146.00; 50 × 0.98 = 49.00
    assert [(x.step, x.quantity, x.amount_fen) for x in lines] == [
        (1, 200, 13600),
        (2, 200, 14600),
        (3, 50, 4900),
    ]
    assert amount_of(lines) == 33100


def test_monthly_tiers_ignore_the_year_so_far() -> None:
    assert tier_lines(ELECTRICITY_MONTH, 150, before=5000) == [PriceLine("tier", 1, D(150), D("0.68"), 10200)]


def test_exactly_on_a_bound_stays_in_the_lower_step() -> None:
    assert [(x.step, x.quantity) for x in tier_lines(ELECTRICITY_MONTH, 200)] == [(1, 200)]


def test_an_annual_month_crossing_a_bound_is_split() -> None:
    # the year has used 170 m³; this month 15: 10 more at 3.45 (34.50), 5 at 4.83 (24.15); sewage 15 × 0.95
    lines = tier_lines(WATER_YEAR, 15, before=170)
    assert [(x.what, x.step, x.quantity, x.amount_fen) for x in lines] == [
        ("tier", 1, 10, 3450),
        ("tier", 2, 5, 2415),
        ("addon", 0, 15, 1425),
    ]
    assert amount_of(lines) == 7290


def test_an_annual_month_crossing_two_bounds() -> None:
    # 170 before, 100 this month: 10 × 3.45 = 34.50; 80 × 4.83 = 386.40; 10 × 5.83 = 58.30
    lines = tier_lines(WATER_YEAR, 100, before=170)
    assert [(x.step, x.quantity, x.amount_fen) for x in lines if x.what == "tier"] == [
        (1, 10, 3450),
        (2, 80, 38640),
        (3, 10, 5830),
    ]


def test_an_annual_month_wholly_in_a_higher_step() -> None:
    assert [(x.step, x.quantity) for x in tier_lines(WATER_YEAR, 20, before=300) if x.what == "tier"] == [
        (3, 20)
    ]


def test_nothing_used_makes_no_line() -> None:
    assert tier_lines(WATER_YEAR, 0, before=100) == []


def test_each_line_is_rounded_half_up_and_the_amount_adds_rounded_lines() -> None:
    schedule = Schedule("gas", "2026-01", TierPeriod.MONTH, (Step(1, D("0.005")), Step(None, D("0.005"))))
    lines = tier_lines(schedule, 2)
    # each line is 0.005 yuan, rounded half-up to 0.01: the amount is 0.02, not round(0.01)
    assert [x.amount_fen for x in lines] == [1, 1]
    assert amount_of(lines) == 2
    # 3 × 0.415 = 1.245 → 1.25 (half-up; a binary float would give 1.24)
    flat = Schedule("gas", "2026-01", TierPeriod.MONTH, (Step(None, D("0.415")),))
    assert tier_lines(flat, 3)[0].amount_fen == 125


def test_sharing_by_area_and_equally() -> None:
    weights = share_weights({1: 10000, 2: 5000})  # 100 m² and 50 m²
    assert weights == {1: D(2) / D(3), 2: D(1) / D(3)}
    # a public meter of 30 kWh costing 10.00 yuan
    assert share_line(1000, 30, weights[1]) == PriceLine("share", 0, D("20.00"), D(0), 667)
    assert share_line(1000, 30, weights[2]) == PriceLine("share", 0, D("10.00"), D(0), 333)
    equal = share_weights({1: 1, 2: 1, 3: 1})
    assert [share_line(1000, 30, w).amount_fen for w in equal.values()] == [333, 333, 333]
    assert share_weights({1: 0}) == {}


def test_prices_have_at_most_four_decimals() -> None:
    assert e4_of_price(D("0.6833")) == 6833
    with pytest.raises(ValueError):
        e4_of_price(D("0.68335"))


steps_strategy = st.lists(st.integers(1, 500), min_size=0, max_size=4, unique=True).map(sorted)


@given(
    bounds=steps_strategy,
    usage=st.integers(0, 5000),
    before=st.integers(0, 5000),
    period=st.sampled_from(list(TierPeriod)),
    cents=st.integers(1, 20000),
)
def test_tiers_cover_the_usage_exactly_once(
    bounds: list[int], usage: int, before: int, period: TierPeriod, cents: int
) -> None:
    tiers = [Step(b, D(cents) / 10000 * (i + 1)) for i, b in enumerate(bounds)]
    steps = (*tiers, Step(None, D(cents) / 1000))
    lines = tier_lines(Schedule("water", "2026-01", period, steps), usage, before)
    assert sum(x.quantity for x in lines) == usage
    assert [x.step for x in lines] == sorted(x.step for x in lines)
    assert all(x.amount_fen == round_half_up(x.quantity * x.price) for x in lines)
