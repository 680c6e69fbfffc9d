"""Late fees: the pure arithmetic (settling oldest first, days, half-up) and how the office's rate shows."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from frontdesk import audit
from frontdesk.auth import Actor
from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.estate.late_fees import MAX_PERMYRIAD, late_fee_fen, unpaid_parts
from frontdesk.estate.ledger import DueCharge, summarize
from frontdesk.estate.service import EstateService
from frontdesk.services import Services
from tests.unit.frontdesk.estate.estate_data import TODAY, Registry

D = date(2026, 3, 1)


@dataclass(frozen=True)
class C:
    """A charge as the arithmetic sees it."""

    id: int
    due_date: date
    amount_fen: int


def _c(n: int, days_before: int, fen: int) -> C:
    return C(n, TODAY - timedelta(days=days_before), fen)


# --- the pure arithmetic -----------------------------------------------------------------------


def test_rate_zero_is_no_late_fee_whatever_is_owed() -> None:
    assert late_fee_fen([_c(1, 400, 10**9)], 0, TODAY, 0) == 0


def test_one_charge_rate_times_days() -> None:
    # ¥1,000 overdue 10 days at 5/10,000 a day = ¥5.00
    assert late_fee_fen([_c(1, 10, 100_000)], 0, TODAY, 5) == 500


def test_due_today_is_zero_days_and_future_charges_add_nothing() -> None:
    assert late_fee_fen([_c(1, 0, 100_000)], 0, TODAY, 30) == 0
    assert late_fee_fen([_c(1, -5, 100_000)], 0, TODAY, 30) == 0
    assert late_fee_fen([_c(1, 1, 100_000)], 0, TODAY, 30) == 300


@pytest.mark.parametrize(
    ("fen", "days", "rate", "expected"),
    [
        (1000, 1, 5, 1),  # 0.5 fen → 1 (half-up; Python's round would give 0)
        (3000, 1, 5, 2),  # 1.5 → 2
        (5000, 1, 5, 3),  # 2.5 → 3 (half-even would give 2)
        (999, 1, 5, 0),  # 0.4995 → 0
        (1001, 1, 5, 1),  # 0.5005 → 1
        (2999, 1, 5, 1),  # 1.4995 → 1
        (1, 3650, 30, 11),  # 10.95 → 11
    ],
)
def test_rounding_is_half_up_to_the_fen(fen: int, days: int, rate: int, expected: int) -> None:
    assert late_fee_fen([_c(1, days, fen)], 0, TODAY, rate) == expected


def test_partial_payments_settle_the_oldest_charges_first() -> None:
    charges = [_c(2, 30, 10_000), _c(1, 60, 10_000), _c(3, 5, 10_000)]
    # 15,000 paid: the 60-day charge is settled, half of the 30-day one is left, the 5-day one whole
    assert unpaid_parts(charges, 15_000) == [
        (TODAY - timedelta(days=30), 5_000),
        (TODAY - timedelta(days=5), 10_000),
    ]
    # 5,000 × 30 + 10,000 × 5 = 200,000 fen-days × 10/10,000 = 200 fen
    assert late_fee_fen(charges, 15_000, TODAY, 10) == 200


def test_paid_in_full_or_in_advance_owes_no_late_fee() -> None:
    charges = [_c(1, 60, 10_000), _c(2, 30, 10_000)]
    assert late_fee_fen(charges, 20_000, TODAY, 30) == 0
    assert late_fee_fen(charges, 50_000, TODAY, 30) == 0
    assert unpaid_parts(charges, -100) == [
        (c.due_date, c.amount_fen) for c in sorted(charges, key=lambda c: c.due_date)
    ]


def test_charges_due_the_same_day_settle_in_id_order() -> None:
    same_day = [C(7, D, 300), C(3, D, 200)]
    assert unpaid_parts(same_day, 250) == [(D, 250)]
    assert unpaid_parts(same_day, 200) == [(D, 300)]


@pytest.mark.parametrize("rate", [-1, MAX_PERMYRIAD + 1, True, 2.5])
def test_a_rate_out_of_bounds_is_refused(rate: object) -> None:
    with pytest.raises(ValueError, match="ten-thousandths"):
        late_fee_fen([_c(1, 10, 100)], 0, TODAY, rate)  # type: ignore[arg-type]


def test_against_an_exact_reference_over_many_random_accounts() -> None:
    rng = random.Random(20261125)
    for _ in range(500):
        charges = [_c(n, rng.randint(-40, 400), rng.randint(1, 500_000)) for n in range(rng.randint(0, 8))]
        paid, rate = rng.randint(0, 1_500_000), rng.randint(0, MAX_PERMYRIAD)
        # reference: settle fen by fen in order, then Decimal with ROUND_HALF_UP
        left, exact = paid, Decimal(0)
        for charge in sorted((c for c in charges if c.due_date <= TODAY), key=lambda c: (c.due_date, c.id)):
            unpaid = charge.amount_fen - min(left, charge.amount_fen)
            left -= charge.amount_fen - unpaid
            exact += Decimal(unpaid) * rate / 10_000 * (TODAY - charge.due_date).days
        expected = int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        assert late_fee_fen(charges, paid, TODAY, rate) == expected


def test_the_rate_scales_the_fee_linearly_before_rounding() -> None:
    charges = [_c(1, 17, 12_345), _c(2, 3, 678)]
    fen_days = 12_345 * 17 + 678 * 3
    for rate in range(MAX_PERMYRIAD + 1):
        got = late_fee_fen(charges, 0, TODAY, rate)
        assert got == int((Decimal(fen_days * rate) / 10_000).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_summarize_carries_the_late_fee_and_leaves_the_balance_alone() -> None:
    charges = [DueCharge(1, TODAY - timedelta(days=10), 100_000)]
    plain = summarize(1, TODAY, charges, 0)
    with_fee = summarize(1, TODAY, charges, 0, 5)
    assert (plain.late_fee_fen, plain.late_fee_permyriad) == (0, 0)
    assert (with_fee.late_fee_fen, with_fee.late_fee_permyriad) == (500, 5)
    assert with_fee.arrears_fen == plain.arrears_fen == 100_000


# --- the office's setting through the services (SQLite and PostgreSQL) ----------------------------


def _owing(estate: EstateService, admin: Actor, registry: Registry) -> int:
    unit_id = registry.u3_1502.id
    for due, fen in (("2026-01-31", 100_000), ("2026-03-01", 50_000), ("2026-03-31", 20_000)):
        estate.add_charge(
            actor=admin, unit_id=unit_id, kind="other", amount_fen=fen, due_date=date.fromisoformat(due)
        )
    estate.record_payment(
        actor=admin, unit_id=unit_id, amount_fen=60_000, method="cash", paid_at=datetime(2026, 2, 10, 12)
    )
    return unit_id


def test_late_fees_are_off_by_default(estate: EstateService, admin: Actor, registry: Registry) -> None:
    unit_id = _owing(estate, admin, registry)
    summary = estate.arrears(actor=admin, unit_id=unit_id)
    assert (summary.arrears_fen, summary.late_fee_fen, summary.late_fee_permyriad) == (110_000, 0, 0)
    assert all(r.arrears.late_fee_fen == 0 for r in estate.arrears_list(actor=admin))


def test_the_office_rate_shows_in_every_arrears_figure_and_is_audited(
    services: Services, estate: EstateService, admin: Actor, registry: Registry
) -> None:
    unit_id = _owing(estate, admin, registry)
    services.settings.set(actor=admin, key="late_fee_per_day_permyriad", value=5)
    # 40,000 left of the 2026-01-31 charge: 59 days; 50,000 due 2026-03-01: 30 days; due today: 0
    # (40,000 × 59 + 50,000 × 30) × 5 / 10,000 = 1,930 fen
    summary = estate.arrears(actor=admin, unit_id=unit_id)
    assert (summary.late_fee_fen, summary.late_fee_permyriad, summary.arrears_fen) == (1930, 5, 110_000)
    assert estate.unit_panel(actor=admin, unit_id=unit_id).arrears.late_fee_fen == 1930
    [row] = [r for r in estate.arrears_list(actor=admin) if r.unit_id == unit_id]
    assert row.arrears.late_fee_fen == 1930
    [listed] = [r for r in estate.units_in_arrears(actor=admin) if r.unit_id == unit_id]
    assert listed.arrears.late_fee_fen == 1930
    entry = audit.recent(limit=1)[0]
    assert (entry.action, entry.entity, entry.entity_id) == (
        "update",
        "setting",
        "late_fee_per_day_permyriad",
    )
    assert (entry.before, entry.after) == ({"value": 0}, {"value": 5})


@pytest.mark.parametrize("value", [-1, 31, "5", True])
def test_the_setting_refuses_rates_out_of_bounds(services: Services, admin: Actor, value: object) -> None:
    with pytest.raises(ValidationError) as raised:
        services.settings.set(actor=admin, key="late_fee_per_day_permyriad", value=value)
    assert raised.value.field == "late_fee_per_day_permyriad"


def test_a_clerk_cannot_set_the_rate(services: Services, clerk: Actor) -> None:
    with pytest.raises(PermissionDenied):
        services.settings.set(actor=clerk, key="late_fee_per_day_permyriad", value=5)


def test_no_combination_of_small_inputs_breaks_the_invariants() -> None:
    # exhaustive over a small grid: never negative, 0 at rate 0, and never more when more is paid
    for days, paid, rate in itertools.product(range(0, 40, 3), range(0, 30_001, 2_500), (0, 1, 5, 30)):
        charges = [_c(1, days, 10_000), _c(2, days // 2, 10_000), _c(3, 0, 10_000)]
        fee = late_fee_fen(charges, paid, TODAY, rate)
        assert fee >= 0 and (rate or not fee)
        assert late_fee_fen(charges, paid + 2_500, TODAY, rate) <= fee
