"""Reading balances from the accounts tables: live charges, payments by a day, arrears of units."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta

import peewee as pw

from frontdesk.estate.common import int_pairs
from frontdesk.estate.kinds import ResidentKind
from frontdesk.estate.late_fees import MAX_PERMYRIAD
from frontdesk.estate.ledger import ArrearsSummary, DueCharge, summarize
from frontdesk.estate.models import Building, Charge, Payment, Resident, Unit
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
    """The arrears of one unit on ``as_of``, with the late fee if the office charges one (three queries)."""
    charges = live_charges([unit_id]).get(unit_id, [])
    return summarize(unit_id, as_of, charges, paid_by([unit_id], as_of).get(unit_id, 0), late_fee_rate())


def owner_names(unit_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    names: dict[int, list[str]] = {}
    query = (
        Resident.select(Resident.unit, Resident.name)
        .where(
            Resident.unit.in_(list(unit_ids)) & Resident.active & (Resident.kind == ResidentKind.OWNER.value)
        )
        .order_by(Resident.id)
    )
    for resident in query:
        names.setdefault(resident.unit_id, []).append(resident.name)
    return {unit_id: tuple(found) for unit_id, found in names.items()}


def balances(as_of: date, estate_id: int | None) -> dict[int, int]:
    """Each unit's charges due minus its payments on ``as_of``, from two grouped queries."""
    due = Charge.select(Charge.unit, pw.fn.SUM(Charge.amount_fen)).where(
        ~Charge.voided & (Charge.due_date <= as_of)
    )
    paid = Payment.select(Payment.unit, pw.fn.SUM(Payment.amount_fen)).where(
        ~Payment.voided & (Payment.paid_at < end_of_day_utc(as_of))
    )
    if estate_id is not None:
        due = due.join(Unit).join(Building).where(Building.estate == estate_id)
        paid = paid.join(Unit).join(Building).where(Building.estate == estate_id)
    balance = dict(int_pairs(due.group_by(Charge.unit)))
    for unit_id, total in int_pairs(paid.group_by(Payment.unit)):
        balance[unit_id] = balance.get(unit_id, 0) - total
    return balance
