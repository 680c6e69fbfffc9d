"""Writing a planned demo estate into the database: bulk inserts, ids mapped as it goes.

The registry goes in one bulk insert per table (``frontdesk.bulk``); the account history a month
at a time, and then each unit's kept balance (``frontdesk.estate.unit_balances``) from it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime

from frontdesk.bulk import SUBMITTED_COLUMNS, Row, insert_returning_ids, insert_rows, uuid4_hex
from frontdesk.demo.plan import DemoPlan, MonthPlan, account_months
from frontdesk.estate import unit_balances
from frontdesk.estate.kinds import ChargeKind
from frontdesk.estate.privacy import fingerprint_key, keep_id, store_phone
from frontdesk.estate.residents import name_fragments
from frontdesk.identity import DocumentType


class Stamp:
    """The submitted-record columns of new rows: version 1, now, who, a client id from a seeded source."""

    def __init__(self, seed: int, by: str, now: datetime, stream: str = "") -> None:
        # ``stream``: a part writing a table another part writes too takes its own run of ids
        self._ids = random.Random(f"demo-client-ids-{seed}{stream}")
        self._now = now.isoformat(" ")
        self._by = by

    def __call__(self) -> Row:
        """The five values, with a fresh (reproducible) client id."""
        return (1, self._now, self._now, self._by, uuid4_hex(self._ids.getrandbits(128)))


@dataclass(frozen=True)
class DemoCounts:
    """How many rows of each kind the demo loaded."""

    buildings: int
    units: int
    residents: int
    charges: int
    payments: int
    instructions: int
    collections: int
    in_arrears: int


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _buildings(plan: DemoPlan, estate_id: int, stamp: Stamp) -> list[int]:
    rows = [(estate_id, name, code, True, *stamp()) for name, code in plan.buildings]
    return insert_returning_ids("building", ("estate_id", "name", "code", "active", *SUBMITTED_COLUMNS), rows)


def _units(plan: DemoPlan, building_ids: list[int], stamp: Stamp) -> list[int]:
    columns = ("building_id", "code", "number", "floor", "area_dm2", "use", "status", "remarks")
    rows = [
        (
            building_ids[u.building],
            f"{plan.buildings[u.building][1]}-{u.number}",
            *(u.number, u.floor, u.area_dm2, u.use, u.status, ""),
            *stamp(),
        )
        for u in plan.units
    ]
    return insert_returning_ids("unit", (*columns, *SUBMITTED_COLUMNS), rows)


def _resident_row(
    unit_id: int, kind: str, name: str, phone: str, number: str, moved: date | None, key: bytes
) -> Row:
    stored_phone = store_phone(phone)
    document = keep_id(DocumentType.MAINLAND_ID, number, key)  # the key read once for all
    return (
        *(unit_id, kind, name, stored_phone.phone, stored_phone.digits, stored_phone.suffix4),
        *(document.id_type, document.masked, document.last4, document.fingerprint),
        *(_day(moved), None, "", True),
    )


_RESIDENT_COLUMNS = (
    *("unit_id", "kind", "name", "phone", "phone_digits", "phone_suffix4", "id_type", "id_number_masked"),
    *("id_last4", "id_hash", "move_in", "move_out", "remarks", "active"),
)


def _residents(plan: DemoPlan, unit_ids: list[int], stamp: Stamp) -> None:
    key = fingerprint_key()
    rows = [
        _resident_row(unit_ids[r.unit], r.kind, r.who.name, r.who.phone, r.who.id_number, r.move_in, key)
        + stamp()
        for r in plan.residents
    ]
    resident_ids = insert_returning_ids("resident", (*_RESIDENT_COLUMNS, *SUBMITTED_COLUMNS), rows)
    keys = [
        (resident_id, text, position)
        for resident_id, r in zip(resident_ids, plan.residents, strict=True)
        for position, text in name_fragments(r.who.name)
    ]
    insert_rows("resident_name_key", ("resident_id", "fragment", "position"), keys)


_CHARGE_COLUMNS = (
    *("unit_id", "kind", "period", "description", "amount_fen", "due_date", "voided", "void_reason"),
    *SUBMITTED_COLUMNS,
)
_PAYMENT_COLUMNS = (
    *("unit_id", "amount_fen", "paid_at", "method", "receipt_no", "voided", "void_reason"),
    *SUBMITTED_COLUMNS,
)


def _accounts(plan: DemoPlan, unit_ids: list[int], stamp: Stamp) -> tuple[int, int]:
    """Write the fees and payments a month at a time (memory does not grow with the years).

    Returns:
        How many charges and payments were written.
    """
    charges = payments = 0
    for month in account_months(plan):
        _write_month(month, unit_ids, stamp)
        charges, payments = charges + len(month.charges), payments + len(month.payments)
    return charges, payments


def _write_month(month: MonthPlan, unit_ids: list[int], stamp: Stamp) -> None:
    """One month's charges and payments."""
    kind = ChargeKind.MANAGEMENT.value
    charges = [
        (unit_ids[c.unit], kind, c.period, "", c.amount_fen, c.due_date.isoformat(), False, "", *stamp())
        for c in month.charges
    ]
    insert_rows("charge", _CHARGE_COLUMNS, charges)
    payments = [
        (
            unit_ids[p.unit],
            p.amount_fen,
            p.paid_at.isoformat(" "),
            p.method,
            p.receipt_no,
            False,
            "",
            *stamp(),
        )
        for p in month.payments
    ]
    insert_rows("payment", _PAYMENT_COLUMNS, payments)


def _notes(plan: DemoPlan, unit_ids: list[int], staff: str, stamp: Stamp) -> None:
    instructions = [(unit_ids[n.unit], n.text, _day(n.until), staff, *stamp()) for n in plan.instructions]
    columns: tuple[str, ...] = ("unit_id", "text", "until", "created_by")
    insert_rows("standing_instruction", (*columns, *SUBMITTED_COLUMNS), instructions)
    collections = [
        (unit_ids[n.unit], n.at.isoformat(" ") if n.at else None, staff, n.method, n.text, None, *stamp())
        for n in plan.collections
    ]
    columns = ("unit_id", "at", "staff", "method", "resident_said", "promised_date")
    insert_rows("collection_log", (*columns, *SUBMITTED_COLUMNS), collections)


def write_plan(plan: DemoPlan, estate_id: int, stamp: Stamp, staff: str) -> DemoCounts:
    """Insert the plan into ``estate_id`` (inside the caller's transaction) and count what was loaded."""
    building_ids = _buildings(plan, estate_id, stamp)
    unit_ids = _units(plan, building_ids, stamp)
    _residents(plan, unit_ids, stamp)
    charges, payments = _accounts(plan, unit_ids, stamp)
    _notes(plan, unit_ids, staff, stamp)
    unit_balances.refill(unit_ids)  # the kept balances, worked out once from what was just written
    return DemoCounts(
        len(plan.buildings),
        len(plan.units),
        len(plan.residents),
        charges,
        payments,
        len(plan.instructions),
        len(plan.collections),
        plan.in_arrears,
    )
