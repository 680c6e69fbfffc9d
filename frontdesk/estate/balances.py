"""Reading balances: the units' kept figures (``UnitBalance``) on a day, arrears and late fees.

What the Fees page, the Today tile and a unit's account show is read from the kept rows, never
summed from years of charges and payments; ``live_charges`` and ``paid_by`` read the ledger itself
for the rare reckoning on a past day of a unit paid since.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import peewee as pw

from frontdesk.estate import unit_balances
from frontdesk.estate.common import int_pairs, tuples
from frontdesk.estate.kinds import ResidentKind
from frontdesk.estate.late_fees import MAX_PERMYRIAD, late_fee_fen
from frontdesk.estate.ledger import ArrearsSummary, DueCharge, summarize
from frontdesk.estate.models import Building, Charge, Payment, Resident, Unit, UnitBalance
from frontdesk.office import read_setting

LATE_FEE_SETTING = "late_fee_per_day_permyriad"


def end_of_day_utc(day: date) -> datetime:
    """The first moment after ``day`` ends at the desk, as naive UTC (how timestamps are stored)."""
    local_midnight = datetime.combine(day + timedelta(days=1), time())  # naive: the PC's local time
    return local_midnight.astimezone(UTC).replace(tzinfo=None)


def live_charges(unit_ids: Iterable[int]) -> dict[int, list[DueCharge]]:
    """The live (not voided) charges of the units, any due date, by unit."""
    found: dict[int, list[DueCharge]] = {}
    query = Charge.select(Charge.id, Charge.unit, Charge.due_date, Charge.amount_fen).where(
        Charge.unit.in_(list(unit_ids)) & ~Charge.voided
    )
    for charge_id, unit_id, due_date, amount in query.tuples().iterator():  # no model objects: faster
        found.setdefault(unit_id, []).append(DueCharge(charge_id, due_date, amount))
    return found


def paid_by(unit_ids: Iterable[int], as_of: date) -> dict[int, int]:
    """The sum of each unit's live payments made by the end of ``as_of``."""
    query = (
        Payment.select(Payment.unit, pw.fn.SUM(Payment.amount_fen))
        .where(Payment.unit.in_(list(unit_ids)) & ~Payment.voided & (Payment.paid_at < end_of_day_utc(as_of)))
        .group_by(Payment.unit)
    )
    return dict(int_pairs(query))


def late_fee_rate() -> int:
    """The office's late fee per day in ten-thousandths (0 = off; a bad stored value counts as off)."""
    value = read_setting(LATE_FEE_SETTING)
    whole = isinstance(value, int) and not isinstance(value, bool)
    return value if whole and 0 <= value <= MAX_PERMYRIAD else 0


def unit_arrears(unit_id: int, as_of: date) -> ArrearsSummary:
    """The arrears of one unit on ``as_of``, with the late fee if the office charges one."""
    return summaries([unit_id], accounts_on(as_of, unit_ids=[unit_id]), as_of, late_fee_rate())[unit_id]


def owner_names(unit_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    names: dict[int, list[str]] = {}
    query = (
        Resident.select(Resident.unit, Resident.name)
        .where(
            Resident.unit.in_(list(unit_ids)) & Resident.active & (Resident.kind == ResidentKind.OWNER.value)
        )
        .order_by(Resident.id)
    )
    for unit_id, name in tuples(query):
        names.setdefault(unit_id, []).append(name)
    return {unit_id: tuple(found) for unit_id, found in names.items()}


@dataclass(frozen=True)
class OnDay:
    """A unit's account on a day: its kept figures less what falls due or was paid after the day."""

    charged_fen: int  # live charges due by the day
    paid_fen: int  # live payments made by the day
    oldest_unpaid_due: date | None  # meaningful only when not ``recount``
    recount: bool  # paid after the day too: its oldest unpaid charge is worked out from the ledger


def _after(query: pw.ModelSelect[Any]) -> dict[int, int]:
    """Sums by unit of the rows (unit, amount) of ``query``: a few rows, added up here.

    Grouped in SQL, SQLite would rather walk the whole (unit, date) index in unit order than
    look the few rows up by date.
    """
    sums: dict[int, int] = {}
    for unit_id, amount in tuples(query):
        sums[unit_id] = sums.get(unit_id, 0) + amount
    return sums


def _sum_of(model: type[Charge | Payment], where: pw.Expression) -> pw.ModelSelect[Any]:
    """A subquery: the sum of ``amount_fen`` of the rows of ``model`` matching ``where`` (0 if none)."""
    return model.select(pw.fn.COALESCE(pw.fn.SUM(model.amount_fen), 0)).where(where)


def accounts_on(
    as_of: date, *, estate_id: int | None = None, unit_ids: Sequence[int] | None = None
) -> dict[int, OnDay]:
    """The accounts on ``as_of`` of the units with a kept balance: those given, or all (of an estate).

    None of the queries reads the history: the kept rows, less the live charges due and payments
    made after ``as_of`` (a handful when ``as_of`` is today). For units given, one query looks
    each unit's up beside its row; for all units, two grouped queries find them by date.
    """
    kept = UnitBalance.select(
        UnitBalance.unit, UnitBalance.charged_fen, UnitBalance.paid_fen, UnitBalance.oldest_unpaid_due
    )
    charges_after = ~Charge.voided & (Charge.due_date > as_of)
    payments_after = ~Payment.voided & (Payment.paid_at >= end_of_day_utc(as_of))
    if unit_ids is not None:
        rows = [
            (unit_id, charged, paid, oldest, int(charged_later), int(paid_later))
            for unit_id, charged, paid, oldest, charged_later, paid_later in tuples(
                kept.select_extend(
                    _sum_of(Charge, charges_after & (Charge.unit == UnitBalance.unit)),
                    _sum_of(Payment, payments_after & (Payment.unit == UnitBalance.unit)),
                ).where(UnitBalance.unit.in_(list(unit_ids)))
            )
        ]
    else:
        if estate_id is not None:
            kept = kept.join(Unit).join(Building).where(Building.estate == estate_id)
        charged_later = _after(Charge.select(Charge.unit, Charge.amount_fen).where(charges_after))
        paid_later = _after(Payment.select(Payment.unit, Payment.amount_fen).where(payments_after))
        rows = [
            (unit_id, charged, paid, oldest, charged_later.get(unit_id, 0), paid_later.get(unit_id, 0))
            for unit_id, charged, paid, oldest in tuples(kept)
        ]
    return {
        unit_id: OnDay(
            charged - charged_later,
            paid - paid_later,
            oldest if oldest is not None and oldest <= as_of else None,
            paid_later > 0,
        )
        for unit_id, charged, paid, oldest, charged_later, paid_later in rows
    }


def balances_of(accounts: Mapping[int, OnDay]) -> dict[int, int]:
    """Each account's charges due minus its payments (accounts with any of either)."""
    return {
        unit_id: day.charged_fen - day.paid_fen
        for unit_id, day in accounts.items()
        if day.charged_fen > 0 or day.paid_fen > 0  # amounts are positive: some charge or payment
    }


def balances(as_of: date, estate_id: int | None) -> dict[int, int]:
    """Each unit's charges due minus its payments on ``as_of`` (units with any of either)."""
    return balances_of(accounts_on(as_of, estate_id=estate_id))


def summaries(
    unit_ids: Sequence[int], accounts: Mapping[int, OnDay], as_of: date, rate: int
) -> dict[int, ArrearsSummary]:
    """The arrears of the units on ``as_of`` from their accounts (``accounts_on``), with the late fee.

    The late fee reads only the unpaid tail of each overdue account; a unit paid after ``as_of``
    (a reckoning on a past day) is worked out from its whole ledger, as ``summarize`` does.
    """
    recount = [unit_id for unit_id in unit_ids if unit_id in accounts and accounts[unit_id].recount]
    charges, paid = (live_charges(recount), paid_by(recount, as_of)) if recount else ({}, {})
    found = {u: summarize(u, as_of, charges.get(u, []), paid.get(u, 0), rate) for u in recount}
    overdue = [u for u in unit_ids if u not in found and u in accounts and accounts[u].oldest_unpaid_due]
    tails = unit_balances.unpaid_tails(overdue, as_of) if rate and overdue else {}
    for unit_id in unit_ids:
        if unit_id not in found:
            day = accounts.get(unit_id, _NO_ACCOUNT)
            found[unit_id] = _summary(unit_id, as_of, day, tails.get(unit_id, []), rate)
    return found


_NO_ACCOUNT = OnDay(0, 0, None, recount=False)


def _summary(unit_id: int, as_of: date, day: OnDay, tail: list[DueCharge], rate: int) -> ArrearsSummary:
    oldest = day.oldest_unpaid_due
    # every charge before the unpaid tail is paid: what is left of the payments goes to the tail
    late = late_fee_fen(tail, day.paid_fen - (day.charged_fen - sum(c.amount_fen for c in tail)), as_of, rate)
    age = (as_of - oldest).days if oldest is not None else 0
    return ArrearsSummary(unit_id, as_of, day.charged_fen, day.paid_fen, oldest, age, late, rate)
