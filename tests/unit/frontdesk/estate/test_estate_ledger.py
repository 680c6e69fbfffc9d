"""Tests for the arrears arithmetic alone (no database): oldest charges are settled first."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from frontdesk.estate.ledger import DueCharge, oldest_unpaid, summarize

AS_OF = date(2026, 3, 31)


def _charges(*items: tuple[str, int]) -> list[DueCharge]:
    return [DueCharge(i, date.fromisoformat(day), fen) for i, (day, fen) in enumerate(items, start=1)]


def test_partial_payment_leaves_the_next_oldest_unpaid() -> None:
    charges = _charges(
        ("2026-01-31", 10000), ("2026-02-28", 10000), ("2026-03-31", 10000), ("2026-04-30", 10000)
    )
    summary = summarize(7, AS_OF, charges, paid_fen=15000)
    assert (summary.charged_fen, summary.paid_fen, summary.arrears_fen) == (30000, 15000, 15000)
    assert (summary.oldest_unpaid_due, summary.oldest_unpaid_days, summary.overdue) == (
        date(2026, 2, 28),
        31,
        True,
    )


def test_a_charge_due_today_is_owed_but_not_yet_overdue() -> None:
    summary = summarize(7, AS_OF, _charges(("2026-03-31", 500)), paid_fen=0)
    assert (summary.arrears_fen, summary.oldest_unpaid_days, summary.overdue) == (500, 0, False)


def test_future_charges_are_not_owed_and_overpayment_is_credit() -> None:
    summary = summarize(7, AS_OF, _charges(("2026-03-01", 500), ("2026-04-30", 900)), paid_fen=800)
    assert (summary.charged_fen, summary.balance_fen, summary.arrears_fen, summary.credit_fen) == (
        500,
        -300,
        0,
        300,
    )
    assert (summary.oldest_unpaid_due, summary.overdue) == (None, False)


def test_nothing_at_all() -> None:
    summary = summarize(7, AS_OF, [], paid_fen=0)
    assert (summary.arrears_fen, summary.credit_fen, summary.oldest_unpaid_days) == (0, 0, 0)


def test_same_day_charges_settle_in_id_order() -> None:
    charges = [DueCharge(9, date(2026, 1, 1), 100), DueCharge(3, date(2026, 1, 1), 100)]
    assert oldest_unpaid(charges, 150) == date(2026, 1, 1)
    assert oldest_unpaid(charges, 200) is None


amounts = st.integers(min_value=1, max_value=10**7)
offsets = st.integers(min_value=-400, max_value=60)


@given(st.lists(st.tuples(offsets, amounts), max_size=12), st.integers(min_value=0, max_value=10**8))
def test_arrears_invariants(items: list[tuple[int, int]], paid: int) -> None:
    charges = [DueCharge(i, AS_OF + timedelta(days=d), fen) for i, (d, fen) in enumerate(items)]
    summary = summarize(1, AS_OF, charges, paid)
    due = sorted((c for c in charges if c.due_date <= AS_OF), key=lambda c: (c.due_date, c.id))
    assert summary.charged_fen == sum(c.amount_fen for c in due)
    assert summary.arrears_fen == max(0, summary.charged_fen - paid)
    assert (summary.oldest_unpaid_due is None) == (summary.arrears_fen == 0)
    if summary.oldest_unpaid_due is not None:
        settled = sum(c.amount_fen for c in due if c.due_date < summary.oldest_unpaid_due)
        including = sum(c.amount_fen for c in due if c.due_date <= summary.oldest_unpaid_due)
        assert settled <= paid < including
        assert summary.oldest_unpaid_days == (AS_OF - summary.oldest_unpaid_due).days >= 0
