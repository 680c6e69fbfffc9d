"""Writing a planned demo estate into the database: bulk inserts, ids mapped as it goes.

The registry goes in one bulk insert per table; the account history a month at a time.

Inserts go through ``executemany`` on SQLite and multi-row ``VALUES`` on PostgreSQL. Peewee's
``insert_many`` builds a query object per batch and converts every value through its fields; for a
hundred thousand rows that costs about ten times a raw ``executemany``. Values given here are already
in the form peewee stores: dates and times as ISO text, UUIDs as hex, booleans as ``bool``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from frontdesk.db import database_proxy, engine_name
from frontdesk.demo.plan import DemoPlan, MonthPlan, account_months
from frontdesk.estate.kinds import ChargeKind
from frontdesk.estate.privacy import StoredId, fingerprint_key, id_fingerprint, store_phone
from frontdesk.estate.residents import name_fragments
from frontdesk.identity import DocumentType, last_digits, mask

#: the columns every submitted record has after its own (see ``frontdesk.base.SubmittedModel``)
SUBMITTED_COLUMNS = ("version", "created_at", "updated_at", "updated_by", "client_id")
_PG_BATCH = 1000
_UUID4_CLEAR = ~((0xF000 << 64) | (0xC000 << 48))  # the version and variant bits
_UUID4_SET = (0x4000 << 64) | (0x8000 << 48)  # version 4, RFC 4122 variant

Row = tuple[object, ...]


class Stamp:
    """The submitted-record columns of new rows: version 1, now, who, a client id from a seeded source."""

    def __init__(self, seed: int, by: str, now: datetime) -> None:
        self._ids = random.Random(f"demo-client-ids-{seed}")
        self._now = now.isoformat(" ")
        self._by = by

    def __call__(self) -> Row:
        """The five values, with a fresh (reproducible) client id."""
        bits = (self._ids.getrandbits(128) & _UUID4_CLEAR) | _UUID4_SET  # as uuid.UUID(version=4)
        return (1, self._now, self._now, self._by, f"{bits:032x}")


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) into ``table``, inside the caller's transaction."""
    if not rows:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = database_proxy.cursor()
    if engine_name() == "sqlite":
        marks = ", ".join("?" * len(columns))
        cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)
        return
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    for start in range(0, len(rows), _PG_BATCH):
        chunk = rows[start : start + _PG_BATCH]
        values = ", ".join([one] * len(chunk))
        cursor.execute(f'INSERT INTO "{table}" ({names}) VALUES {values}', [v for row in chunk for v in row])


def last_id(table: str) -> int:
    """The highest id in ``table`` (0 when it is empty)."""
    cursor = database_proxy.execute_sql(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')
    return int(cursor.fetchone()[0])


def ids_after(table: str, after: int) -> list[int]:
    """The ids above ``after``, in order: the rows just inserted, in insertion order."""
    param = "?" if engine_name() == "sqlite" else "%s"
    cursor = database_proxy.execute_sql(f'SELECT id FROM "{table}" WHERE id > {param} ORDER BY id', (after,))
    return [int(row[0]) for row in cursor.fetchall()]


def insert_returning_ids(table: str, columns: Sequence[str], rows: Sequence[Row]) -> list[int]:
    """Insert ``rows`` and return their new ids in the order given."""
    before = last_id(table)
    insert_rows(table, columns, rows)
    ids = ids_after(table, before)
    if len(ids) != len(rows):
        raise RuntimeError(f"{table}: inserted {len(rows)} rows but found {len(ids)} new ids")
    return ids


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


def stored_mainland_id(number: str, key: bytes) -> StoredId:
    """What ``privacy.store_id`` keeps of a valid mainland ID number, the fingerprint key read once.

    ``store_id`` reads the key from the database on every call; for thousands of residents that
    query costs more than all the inserts together, so the loader composes the same helpers itself.
    """
    kind = DocumentType.MAINLAND_ID
    return StoredId(kind.value, mask(kind, number), last_digits(number), id_fingerprint(number, key))


def _resident_row(
    unit_id: int, kind: str, name: str, phone: str, number: str, moved: date | None, key: bytes
) -> Row:
    stored_phone = store_phone(phone)
    document = stored_mainland_id(number, key)
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
