"""The supervisor's list of units in arrears: whom to call (names, masked phone) and the last call made.

Rows are built in batches of units from a few ``IN (…)`` queries each, never one query per unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import peewee as pw

from frontdesk.estate.common import int_pairs, tuples
from frontdesk.estate.kinds import CollectionMethod, ResidentKind
from frontdesk.estate.ledger import ArrearsRow, ArrearsSummary
from frontdesk.estate.models import CollectionLog, Resident, Unit, UnitBalance
from frontdesk.identity import mask_phone


@dataclass(frozen=True)
class ArrearsListRow:
    """A unit in arrears as the Fees page lists it: the debt, whom to call, the last reminder."""

    unit_id: int
    unit_code: str
    building_id: int
    building_name: str
    names: tuple[str, ...]  # active residents, owners first
    phone_masked: str  # the first of them with a phone
    arrears: ArrearsSummary
    last_call_at: datetime | None = None
    last_call_method: CollectionMethod | None = None
    promised_date: date | None = None


@dataclass(frozen=True)
class ArrearsTotals:
    """How many units owe, and how much in all (the Today tile)."""

    units: int
    total_fen: int


def _contacts(unit_ids: Sequence[int]) -> dict[int, tuple[tuple[str, ...], str]]:
    found: dict[int, list[tuple[str, str]]] = {}
    owner_first = pw.Case(None, ((Resident.kind == ResidentKind.OWNER.value, 0),), 1)
    query = (
        Resident.select(Resident.unit, Resident.name, Resident.phone)
        .where(Resident.unit.in_(list(unit_ids)) & Resident.active)
        .order_by(owner_first, Resident.id)
    )
    for unit_id, name, phone in tuples(query):  # plain rows: hundreds of units' residents
        found.setdefault(unit_id, []).append((name, phone))
    return {
        unit_id: (
            tuple(name for name, _phone in people),
            next((mask_phone(phone) for _name, phone in people if phone), ""),
        )
        for unit_id, people in found.items()
    }


@dataclass(frozen=True)
class _Call:
    at: datetime
    method: CollectionMethod
    promised_date: date | None


def _last_calls(unit_ids: Sequence[int]) -> dict[int, _Call]:
    """Each unit's newest reminder, as kept beside its balance (``UnitBalance.last_collection``)."""
    query = (
        CollectionLog.select(
            CollectionLog.unit, CollectionLog.at, CollectionLog.method, CollectionLog.promised_date
        )
        .join(UnitBalance, on=(UnitBalance.last_collection == CollectionLog.id))
        .where(UnitBalance.unit.in_(list(unit_ids)))
    )
    return {
        unit_id: _Call(at, CollectionMethod(method), promised)
        for unit_id, at, method, promised in tuples(query)
    }


def list_rows(arrears: Sequence[ArrearsRow]) -> list[ArrearsListRow]:
    """The list rows of units in arrears, in the order given (three queries per 500 units)."""
    rows: list[ArrearsListRow] = []
    for start in range(0, len(arrears), 500):
        batch = arrears[start : start + 500]
        ids = [row.unit_id for row in batch]
        contacts, calls = _contacts(ids), _last_calls(ids)
        buildings = dict(int_pairs(Unit.select(Unit.id, Unit.building).where(Unit.id.in_(ids))))
        for row in batch:
            names, phone = contacts.get(row.unit_id, ((), ""))
            call = calls.get(row.unit_id)
            rows.append(
                ArrearsListRow(
                    row.unit_id,
                    row.unit_code,
                    int(buildings.get(row.unit_id, 0)),
                    row.building_name,
                    names,
                    phone,
                    row.arrears,
                    call.at if call else None,
                    call.method if call else None,
                    call.promised_date if call else None,
                )
            )
    return rows


def totals(balances: dict[int, int]) -> ArrearsTotals:
    """The units owing (balance > 0) and their total."""
    owing = [fen for fen in balances.values() if fen > 0]
    return ArrearsTotals(len(owing), sum(owing))
