"""Tests for the arrears arithmetic alone (no database): oldest charges are settled first."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from hypothesis import given
from hypothesis import strategies as st

from frontdesk.estate.kinds import ChargeKind, PaymentMethod
from frontdesk.estate.ledger import (
    ChargeRow,
    DueCharge,
    LedgerLine,
    LedgerPosition,
    PaymentRow,
    line_order,
    merge_page,
    oldest_unpaid,
    summarize,
)

T = TypeVar("T")

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


# --- the account a page at a time (the merge alone) -------------------------------------------------

_DAY0 = date(2025, 1, 1)


def _stream_rows(charge_days: list[int], payment_days: list[int]) -> tuple[list[ChargeRow], list[PaymentRow]]:
    charges = [
        ChargeRow(i, 1, ChargeKind.OTHER, "", "", 100, _DAY0 + timedelta(days=d), False, "", 1)
        for i, d in enumerate(charge_days, start=1)
    ]
    payments = [
        PaymentRow(
            i,
            1,
            100,
            datetime.combine(_DAY0 + timedelta(days=d), time(12)),
            PaymentMethod.CASH,
            "",
            False,
            "",
            1,
        )
        for i, d in enumerate(payment_days, start=1)
    ]
    charges.sort(key=lambda c: (c.due_date, c.id), reverse=True)
    payments.sort(key=lambda p: (p.paid_at, p.id), reverse=True)
    return charges, payments


def _after(
    rows: list[T], key: Callable[[T], tuple[object, int]], position: tuple[object, int] | None
) -> list[T]:
    return rows if position is None else [r for r in rows if key(r) < position]  # type: ignore[operator]


@given(
    st.lists(st.integers(0, 40), max_size=30),
    st.lists(st.integers(0, 40), max_size=30),
    st.integers(1, 9),
)
def test_pages_merge_to_the_whole_account_once_in_order(
    charge_days: list[int], payment_days: list[int], limit: int
) -> None:
    charges, payments = _stream_rows(charge_days, payment_days)
    whole = sorted([*charges, *payments], key=line_order, reverse=True)
    read: list[LedgerLine] = []
    position = LedgerPosition()
    pages = 0
    while True:
        # what the two keyset queries return: limit + 1 rows past the position, unless done
        c = [] if position.charges_done else _after(charges, lambda r: (r.due_date, r.id), position.charge)
        p = [] if position.payments_done else _after(payments, lambda r: (r.paid_at, r.id), position.payment)
        page = merge_page(c[: limit + 1], p[: limit + 1], limit, position)
        pages += 1
        read += page.lines
        if page.next is None:
            break
        assert len(page.lines) == limit
        position = page.next
    assert read == whole
    assert pages == max(1, -(-len(whole) // limit))
