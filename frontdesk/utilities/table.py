"""The month's table (每月的水電費統計表) worked out from the month's readings and the tariffs.

Per unit and kind, each meter's usage climbs its tariff's steps (from the year's usage before this
month for annual tiers; a second meter of the same kind continues where the first stopped); add-on
lines follow. A public meter is priced on its own month's usage and, when shared, its amount is
split among its building's units (or the estate's) by area or equally, each unit's share a line of
its own. Lines are rounded half-up to the fen; amounts, subtotals and the total add rounded lines.

Only the month's readings and, for annual tiers, the year's earlier months are read: ten years of
history cost what one does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import peewee as pw

from frontdesk.db import database_proxy
from frontdesk.estate.kinds import ResidentKind
from frontdesk.estate.models import Building, Resident, Unit
from frontdesk.utilities.common import last_day, month_status
from frontdesk.utilities.kinds import Flag, MeterKind, ShareBasis, TierPeriod
from frontdesk.utilities.models import Meter, MeterReading
from frontdesk.utilities.pricing import PriceLine, Schedule, amount_of, share_line, share_weights, tier_lines
from frontdesk.utilities.rows import BuildingTable, KindTotal, TableLine, UtilityTable
from frontdesk.utilities.tariffs import in_force, schedules

_BATCH = 500


def _rows(query: pw.BaseQuery) -> list[tuple[Any, ...]]:
    """A query's rows as the driver gives them: no per-value conversion for tens of thousands of rows."""
    sql, params = query.sql()
    return [tuple(row) for row in database_proxy.execute_sql(sql, params).fetchall()]


_KINDS = list(MeterKind)


@dataclass(frozen=True)
class _Meter:
    id: int
    estate_id: int
    building_id: int | None
    unit_id: int | None
    place: str
    kind: str
    number: str
    multiplier: int
    share: str


@dataclass(frozen=True)
class _Reading:
    previous: int
    current: int
    usage: int | None
    flag: str
    confirmed: bool
    rollover: bool
    replaced: bool


@dataclass(frozen=True)
class _Unit:
    id: int
    building_id: int
    code: str
    area_dm2: int
    order: tuple[int, str]


def _meters(month: str, building_id: int | None) -> list[_Meter]:
    query = Meter.select(
        Meter.id,
        Meter.estate,
        Meter.building,
        Meter.unit,
        Meter.place,
        Meter.kind,
        Meter.number,
        Meter.multiplier,
        Meter.share,
    ).where(Meter.active & (Meter.installed_on <= last_day(month)))
    if building_id is not None:
        estate = Building.get_by_id(building_id).estate_id
        in_building = Unit.select(Unit.id).where(Unit.building == building_id)
        query = query.where(
            (Meter.building == building_id)
            | Meter.unit.in_(in_building)
            | ((Meter.estate == estate) & Meter.building.is_null() & Meter.unit.is_null())
        )
    return [_Meter(*row) for row in _rows(query)]


def _readings(month: str, meter_ids: set[int]) -> dict[int, _Reading]:
    query = MeterReading.select(
        MeterReading.meter,
        MeterReading.previous,
        MeterReading.current,
        MeterReading.usage,
        MeterReading.flag,
        MeterReading.confirmed_by,
        MeterReading.rollover,
        MeterReading.old_final,
    ).where(MeterReading.month == month)
    found = {}
    for meter_id, previous, current, used, flag, confirmed_by, rollover, old_final in _rows(query):
        if meter_id in meter_ids:
            found[meter_id] = _Reading(
                previous, current, used, flag, bool(confirmed_by), bool(rollover), old_final is not None
            )
    return found


def _year_before(month: str, meter_ids: set[int]) -> dict[int, int]:
    """Each meter's usage in the year's months before ``month``."""
    if month.endswith("-01"):
        return {}
    query = (
        MeterReading.select(MeterReading.meter, pw.fn.SUM(MeterReading.usage))
        .where((MeterReading.month >= month[:4] + "-01") & (MeterReading.month < month))
        .group_by(MeterReading.meter)
    )
    return {m: int(total or 0) for m, total in _rows(query) if m in meter_ids}


def _units(building_id: int | None, estate_ids: Iterable[int]) -> dict[int, _Unit]:
    query = Unit.select(Unit.id, Unit.building, Unit.code, Unit.area_dm2, Unit.floor, Unit.number).join(
        Building
    )
    query = (
        query.where(Building.id == building_id)
        if building_id is not None
        else query.where(Building.estate.in_(list(estate_ids)))
    )
    return {
        u: _Unit(u, b, code, area, (floor if floor is not None else -(10**6), number.zfill(8)))
        for u, b, code, area, floor, number in _rows(query)
    }


class _Sharing:
    """The units public meters are shared among, read once: (unit, area) by building and by estate."""

    def __init__(self) -> None:
        self._by_building: dict[int, list[tuple[int, int]]] | None = None
        self._by_estate: dict[int, list[tuple[int, int]]] = {}

    def weights(self, meter: _Meter) -> dict[int, int]:
        """Each unit sharing the meter (even outside the table's building) by its weight."""
        if self._by_building is None:
            self._by_building = {}
            query = Unit.select(Unit.id, Unit.area_dm2, Building.id, Building.estate).join(Building)
            for unit, area, building, estate in _rows(query):
                self._by_building.setdefault(building, []).append((unit, area))
                self._by_estate.setdefault(estate, []).append((unit, area))
        if meter.building_id is not None:
            units = self._by_building.get(meter.building_id, [])
        else:
            units = self._by_estate.get(meter.estate_id, [])
        by_area = ShareBasis(meter.share) is ShareBasis.AREA
        return {unit: (area if by_area else 1) for unit, area in units}


def _residents(unit_ids: Sequence[int]) -> dict[int, str]:
    """The name shown for each unit: its first tenant, else its first owner."""
    names: dict[int, tuple[int, str]] = {}
    for start in range(0, len(unit_ids), _BATCH):
        query = (
            Resident.select(Resident.unit, Resident.kind, Resident.name)
            .where(Resident.unit.in_(list(unit_ids[start : start + _BATCH])) & Resident.active)
            .order_by(Resident.id)
        )
        for unit_id, kind, name in _rows(query):
            rank = 0 if kind == ResidentKind.TENANT.value else 1
            if unit_id not in names or rank < names[unit_id][0]:
                names[unit_id] = (rank, name)
    return {u: name for u, (_rank, name) in names.items()}


class _Pricer:
    """Prices meters in order, carrying each unit-and-kind's usage so far for annual tiers."""

    def __init__(self, month: str, before: dict[int, int]):
        self.month, self.before = month, before
        tariffs = schedules()
        self.in_force = {kind: in_force(tariffs, kind, month) for kind in tariffs}
        self.so_far: dict[tuple[int, str], int] = {}

    def schedule(self, kind: str) -> Schedule | None:
        return self.in_force.get(kind)

    def unit_lines(self, meter: _Meter, usage: int) -> list[PriceLine]:
        schedule = self.schedule(meter.kind)
        if schedule is None or meter.unit_id is None:
            return []
        key = (meter.unit_id, meter.kind)
        start = self.so_far.get(key, 0) + self.before.get(meter.id, 0)
        self.so_far[key] = self.so_far.get(key, 0) + usage + self.before.get(meter.id, 0)
        return tier_lines(schedule, usage, start)

    def public_lines(self, meter: _Meter, usage: int) -> list[PriceLine]:
        schedule = self.schedule(meter.kind)
        if schedule is None:
            return []
        return tier_lines(
            Schedule(schedule.kind, schedule.from_month, TierPeriod.MONTH, schedule.steps), usage
        )


def _flags(reading: _Reading | None) -> tuple[Flag, ...]:
    if reading is None:
        return (Flag.MISSING,)
    return (Flag(reading.flag),) if reading.flag and not reading.confirmed else ()


def _meter_line(
    meter: _Meter, unit: _Unit | None, resident: str, reading: _Reading | None, lines: list[PriceLine]
) -> TableLine:
    usage = reading.usage if reading is not None and reading.usage is not None else 0
    return TableLine(
        meter.unit_id,
        unit.code if unit else "",
        resident,
        meter.place,
        MeterKind(meter.kind),
        meter.number,
        reading.previous if reading else None,
        reading.current if reading else None,
        meter.multiplier,
        Decimal(usage),
        tuple(lines),
        amount_of(lines),
        _flags(reading),
        bool(reading and reading.flag and reading.confirmed),
        False,
        bool(reading and reading.rollover),
        bool(reading and reading.replaced),
    )


def _totals(lines: Iterable[TableLine]) -> tuple[tuple[KindTotal, ...], int]:
    usage = {k: Decimal(0) for k in _KINDS}
    amount = dict.fromkeys(_KINDS, 0)
    for line in lines:
        if not line.shared:
            usage[line.kind] += line.usage
        amount[line.kind] += line.amount_fen
    totals = tuple(KindTotal(k, usage[k], amount[k]) for k in _KINDS if usage[k] or amount[k])
    return totals, sum(amount.values())


def month_table(month: str, building_id: int | None = None) -> UtilityTable:
    """The month's table for one building or the whole office (see the module's notes)."""
    meters = _meters(month, building_id)
    ids = {m.id for m in meters}
    readings = _readings(month, ids)
    pricer = _Pricer(month, _year_before(month, ids))
    units = _units(building_id, {m.estate_id for m in meters})
    residents = _residents(sorted(units))
    per_unit: dict[int, list[TableLine]] = {}
    public: dict[int | None, list[TableLine]] = {}
    sharing = _Sharing()
    for meter in sorted(
        meters, key=lambda m: (m.unit_id is None, m.unit_id or 0, _KINDS.index(MeterKind(m.kind)), m.id)
    ):
        reading = readings.get(meter.id)
        usage = reading.usage if reading is not None and reading.usage is not None else 0
        if meter.unit_id is not None:
            unit = units.get(meter.unit_id)
            if unit is None:
                continue
            lines = pricer.unit_lines(meter, usage)
            per_unit.setdefault(unit.id, []).append(
                _meter_line(meter, unit, residents.get(unit.id, ""), reading, lines)
            )
            continue
        lines = pricer.public_lines(meter, usage)
        line = _meter_line(meter, None, "", reading, lines)
        if meter.building_id is None or building_id is None or meter.building_id == building_id:
            public.setdefault(meter.building_id, []).append(line)
        if meter.share:
            _share(meter, usage, line.amount_fen, sharing, units, residents, per_unit)
    return _assemble(month, units, per_unit, public, building_id)


def _share(
    meter: _Meter,
    usage: int,
    total_fen: int,
    sharing: _Sharing,
    units: dict[int, _Unit],
    residents: dict[int, str],
    per_unit: dict[int, list[TableLine]],
) -> None:
    weights = share_weights(sharing.weights(meter))
    for unit_id, weight in weights.items():
        unit = units.get(unit_id)
        if unit is None:
            continue  # outside the table's building
        line = share_line(total_fen, usage, weight)
        per_unit.setdefault(unit_id, []).append(
            TableLine(
                unit_id,
                unit.code,
                residents.get(unit_id, ""),
                meter.place,
                MeterKind(meter.kind),
                meter.number,
                None,
                None,
                meter.multiplier,
                line.quantity,
                (line,),
                line.amount_fen,
                (),
                False,
                True,
            )
        )


def _assemble(
    month: str,
    units: dict[int, _Unit],
    per_unit: dict[int, list[TableLine]],
    public: dict[int | None, list[TableLine]],
    building_id: int | None,
) -> UtilityTable:
    by_building: dict[int, list[_Unit]] = {}
    for unit in units.values():
        if unit.id in per_unit:
            by_building.setdefault(unit.building_id, []).append(unit)
    building_ids = sorted({*by_building, *(b for b in public if b is not None)})
    names = (
        {
            b: (code, name)
            for b, code, name in _rows(
                Building.select(Building.id, Building.code, Building.name).where(
                    Building.id.in_(building_ids)
                )
            )
        }
        if building_ids
        else {}
    )
    tables = []
    for b in sorted(building_ids, key=lambda b: (names[b][0].zfill(8), b)):
        lines = [
            line
            for unit in sorted(by_building.get(b, []), key=lambda u: u.order)
            for line in per_unit[unit.id]
        ]
        totals, amount = _totals(lines)
        tables.append(
            BuildingTable(b, names[b][0], names[b][1], tuple(lines), tuple(public.get(b, [])), totals, amount)
        )
    every = [line for t in tables for line in t.lines]
    totals, amount = _totals(every)
    publics = [line for group in public.values() for line in group]
    unresolved = sum(1 for line in [*every, *publics] if line.flags)
    estate_public = tuple(public.get(None, [])) if building_id is None or None in public else ()
    return UtilityTable(month, month_status(month), tuple(tables), estate_public, totals, amount, unresolved)
