"""The whole registry as rows for an export, each export recorded in the audit trail.

Residents come masked as stored and shown (ID numbers masked, phones masked with
``identity.mask_phone``): the full numbers never leave the desk in a file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from frontdesk import audit
from frontdesk.auth import Actor, Permission, confirm
from frontdesk.db import transaction
from frontdesk.estate.balances import OnDay, accounts_on, balances_of, late_fee_rate, summaries
from frontdesk.estate.ledger import ArrearsSummary
from frontdesk.estate.models import Building, Resident, Unit
from frontdesk.estate.rows import ResidentRow, UnitRow
from frontdesk.estate.unitcode import natural_key
from frontdesk.identity import mask_phone

_BATCH = 500


def export_residents(
    *, actor: Actor, destination: str = "", include_former: bool = False
) -> list[ResidentRow]:
    """Every resident, by unit code, with phone and ID masked; recorded as an export.

    Args:
        actor: who exports (needs personal-data export).
        destination: the file's name, for the audit trail.
        include_former: also residents who moved out.

    Raises:
        PermissionDenied: the actor may not export personal data.
    """
    confirm(actor, Permission.PERSONAL_EXPORT)
    with transaction():
        query = Resident.select(Resident, Unit).join(Unit)
        if not include_former:
            query = query.where(Resident.active)
        found = [ResidentRow.of(r, r.unit.code) for r in query.order_by(Resident.kind, Resident.id)]
        rows = sorted(found, key=lambda r: natural_key(r.unit_code))  # stable: owners first in a unit
        audit.record(actor, "export", "resident", destination, after={"rows": len(rows)})
    return rows


def export_units(*, actor: Actor, destination: str = "") -> list[UnitRow]:
    """Every unit, by code; recorded as an export.

    Raises:
        PermissionDenied: the actor may not do desk work.
    """
    actor.require(Permission.DESK_WORK)
    with transaction():
        query = Unit.select(Unit, Building).join(Building)
        rows = sorted((UnitRow.of(u, u.building) for u in query), key=lambda u: natural_key(u.code))
        audit.record(actor, "export", "unit", destination, after={"rows": len(rows)})
    return rows


@dataclass(frozen=True)
class ArrearsExportRow:
    """A unit owing money, for the arrears workbook: its residents masked, its account summed up."""

    unit_code: str
    building_name: str
    residents: str  # "王秀英 138****5678；李强" — names with masked phones, owners first
    arrears: ArrearsSummary


def export_arrears(*, actor: Actor, as_of: date, destination: str = "") -> list[ArrearsExportRow]:
    """Every unit owing money on ``as_of``, by unit code, residents' phones masked; recorded as an export.

    Args:
        actor: who exports (needs personal-data export: the rows name the residents).
        as_of: the day of the reckoning.
        destination: the file's name, for the audit trail.

    Raises:
        PermissionDenied: the actor may not export personal data.
    """
    confirm(actor, Permission.PERSONAL_EXPORT)
    with transaction():
        accounts = accounts_on(as_of)
        owing = sorted(unit_id for unit_id, balance in balances_of(accounts).items() if balance > 0)
        rows: list[ArrearsExportRow] = []
        rate = late_fee_rate()
        for start in range(0, len(owing), _BATCH):
            rows.extend(_arrears_batch(owing[start : start + _BATCH], accounts, as_of, rate))
        rows.sort(key=lambda r: natural_key(r.unit_code))
        audit.record(actor, "export", "arrears", destination, after={"rows": len(rows), "as_of": as_of})
    return rows


def _arrears_batch(
    unit_ids: list[int], accounts: Mapping[int, OnDay], as_of: date, late_fee_permyriad: int
) -> list[ArrearsExportRow]:
    found = summaries(unit_ids, accounts, as_of, late_fee_permyriad)
    people: dict[int, list[str]] = {}
    query = (
        Resident.select(Resident.unit, Resident.name, Resident.phone)
        .where(Resident.unit.in_(unit_ids) & Resident.active)
        .order_by(Resident.kind, Resident.id)  # "owner" sorts before "tenant"
    )
    for resident in query:
        phone = f" {mask_phone(resident.phone)}" if resident.phone else ""
        people.setdefault(resident.unit_id, []).append(resident.name + phone)
    return [
        ArrearsExportRow(
            unit.code,
            unit.building.name,
            "；".join(people.get(unit.id, [])),
            found[unit.id],
        )
        for unit in Unit.select(Unit, Building).join(Building).where(Unit.id.in_(unit_ids))
    ]
