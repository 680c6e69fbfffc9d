"""Writing a checked residents sheet in bulk, inside the import's one transaction (see ``importing``).

New buildings go through the registry service (a few, each audited as any building added); new
units, residents and their name keys go in bulk inserts (``frontdesk.bulk``). The residents and
units added are audited by the import's own entry, which names them by id ranges, as billing a
month names the units charged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import peewee as pw

from frontdesk import audit, bulk
from frontdesk.auth import Actor
from frontdesk.clock import utcnow
from frontdesk.errors import Conflict, UserError
from frontdesk.estate import unitcode
from frontdesk.estate.kinds import UnitStatus, UnitUse
from frontdesk.estate.progress import Progress
from frontdesk.estate.residents import name_fragments
from frontdesk.estate.residents_check import NewBuilding, NewUnit, ResidentLine
from frontdesk.estate.service import EstateService
from frontdesk.i18n import _

#: residents written between two progress reports (and chances to cancel)
BATCH = 5000
_VALUES = bulk.LARGE_STATEMENT_VALUES  # the sheet's rows are all in memory: large statements
_UNIT_COLUMNS = ("building_id", "code", "number", "floor", "area_dm2", "use", "status", "remarks")
_RESIDENT_COLUMNS = (
    *("unit_id", "kind", "name", "phone", "phone_digits", "phone_suffix4", "id_type", "id_number_masked"),
    *("id_last4", "id_hash", "move_in", "move_out", "remarks", "active"),
)


@dataclass(frozen=True)
class Written:
    """What the import wrote."""

    residents: int
    units: int
    buildings: int


def write_residents(
    estate: EstateService,
    actor: Actor,
    lines: Sequence[ResidentLine],
    new_buildings: Sequence[NewBuilding],
    new_units: Sequence[NewUnit],
    *,
    summary: dict[str, object],
    source: str,
    progress: Progress,
) -> Written:
    """Write the buildings, units and residents; call inside the import's transaction.

    Raises:
        UserError: a new building was refused (another desk added it meanwhile).
        Conflict: another desk added one of the new units meanwhile.
    """
    building_ids = {b.code: _add_building(estate, actor, b) for b in new_buildings}
    at, by = utcnow().isoformat(" "), actor.username
    try:
        unit_ids = _add_units(new_units, building_ids, at, by)
        resident_ids = _add_residents(lines, unit_ids, at, by, progress)
    except pw.IntegrityError:
        raise Conflict(
            _("Another desk added some of these units while importing: import again (nothing was imported).")
        ) from None
    audit.record(
        actor,
        "import",
        "resident",
        source,
        after={
            **summary,
            "imported": len(resident_ids),
            "resident_ids": bulk.id_ranges(resident_ids),
            "units_created": len(unit_ids),
            "unit_ids": bulk.id_ranges(unit_ids.values()),
            "buildings_created": sorted(building_ids),
        },
    )
    return Written(len(resident_ids), len(unit_ids), len(building_ids))


def _add_building(estate: EstateService, actor: Actor, building: NewBuilding) -> int:
    try:
        return estate.add_building(
            actor=actor, estate_id=building.estate_id, name=building.name, code=building.code
        ).id
    except UserError as exc:
        raise UserError(
            _("Row {row}: {message} Nothing was imported.").format(row=building.row, message=exc.message)
        ) from exc


def _add_units(units: Sequence[NewUnit], building_ids: dict[str, int], at: str, by: str) -> dict[str, int]:
    residential, vacant = UnitUse.RESIDENTIAL.value, UnitStatus.VACANT.value
    rows = [
        (
            u.building_id if u.building_id is not None else building_ids[u.building_code],
            *(u.code, u.number, unitcode.floor_of(u.number), int(u.area_m2 * 100), residential, vacant, ""),
            *(1, at, at, by, client_id),
        )
        for u, client_id in zip(units, bulk.client_ids(len(units)), strict=True)
    ]
    ids = bulk.insert_returning_ids("unit", (*_UNIT_COLUMNS, *bulk.SUBMITTED_COLUMNS), rows, values=_VALUES)
    return {u.code: unit_id for u, unit_id in zip(units, ids, strict=True)}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _add_residents(
    lines: Sequence[ResidentLine], unit_ids: dict[str, int], at: str, by: str, progress: Progress
) -> list[int]:
    columns = (*_RESIDENT_COLUMNS, *bulk.SUBMITTED_COLUMNS)
    ids: list[int] = []
    for start in range(0, len(lines), BATCH):
        batch = lines[start : start + BATCH]
        rows = [
            _resident_row(line, unit_ids, at, by, client_id)
            for line, client_id in zip(batch, bulk.client_ids(len(batch)), strict=True)
        ]
        batch_ids = bulk.insert_returning_ids("resident", columns, rows, values=_VALUES)
        keys = [
            (resident_id, text, position)
            for resident_id, line in zip(batch_ids, batch, strict=True)
            for position, text in name_fragments(line.name)
        ]
        bulk.insert_rows("resident_name_key", ("resident_id", "fragment", "position"), keys, values=_VALUES)
        ids += batch_ids
        progress(len(ids), len(lines))
    return ids


def _resident_row(line: ResidentLine, unit_ids: dict[str, int], at: str, by: str, client_id: str) -> bulk.Row:
    unit_id = line.unit_id if line.new_unit is None else unit_ids[line.new_unit.code]
    phone, document = line.phone, line.document
    return (
        *(unit_id, line.kind.value, line.name, phone.phone, phone.digits, phone.suffix4),
        *(document.id_type, document.masked, document.last4, document.fingerprint),
        *(_day(line.move_in), None, line.remarks, True),
        *(1, at, at, by, client_id),
    )
