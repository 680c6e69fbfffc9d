"""Importing a month's readings from sheet rows, and the rows the exports write (as the imports read them)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from frontdesk import audit
from frontdesk.auth import Actor, Permission
from frontdesk.base import update_versioned
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import ValidationError
from frontdesk.estate.common import tuples
from frontdesk.estate.models import Building, Unit
from frontdesk.estate.residents_sheet import RowError, cell_text, parse_day
from frontdesk.i18n import _
from frontdesk.utilities.common import UtilityBase, last_day, month_of, require_open, shift
from frontdesk.utilities.context import Context
from frontdesk.utilities.import_rows import (
    SheetRegistry,
    SheetRows,
    UtilityImportReport,
    field_error,
    read_cell,
    read_kind,
    whole_cell,
)
from frontdesk.utilities.kinds import MeterKind, ShareBasis
from frontdesk.utilities.models import Meter, MeterReading
from frontdesk.utilities.round import checked_entry, refresh_next, walking_order
from frontdesk.utilities.rows import ReadingInput
from frontdesk.utilities.sheets import (
    SheetKind,
)
from frontdesk.utilities.tariffs import schedules


class ReadingImportService(UtilityBase):
    """The readings import and the exports' rows."""

    def import_readings(
        self,
        *,
        actor: Actor,
        month: str,
        rows: Sequence[Mapping[str, object]],
        row_numbers: Sequence[int] | None = None,
        allow_partial: bool = False,
        source: str = "",
    ) -> UtilityImportReport:
        """Check a month's readings (by meter number, or unit and kind) and save them, all or nothing.

        Each reading is judged as in the round (usage, rollover, replacement, flags); a reading
        already saved for the month is replaced by the sheet's.

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: the month is not ``YYYY-MM``.
            UserError: the month is closed.
        """
        actor.require(Permission.DESK_WORK)
        month = month_of("month", month)
        sheet = SheetRows("readings", rows, row_numbers)
        report = UtilityImportReport(len(rows))
        if "unit" not in sheet.columns and "meter" not in sheet.columns:
            sheet.errors.append(
                RowError(
                    sheet.numbers[0] - 1 if sheet.numbers else 1,
                    "",
                    _("The sheet has neither a unit nor a meter column."),
                    _("Name a column 房号/房號/Unit or 表号/表號/Meter."),
                )
            )
        if sheet.errors:
            report.errors = sheet.errors
            return report
        with storage_errors():
            require_open(month)
            registry = SheetRegistry()
            seen: set[int] = set()
            entries: list[tuple[int, ReadingInput, Meter]] = []
            for number, values in sheet.values():
                found = self._reading_line(sheet, registry, number, values, seen)
                if found is not None:
                    entries.append((number, *found))
            report.errors, report.valid = sheet.sorted_errors(), len(entries)
            if (report.errors and not allow_partial) or not entries:
                return report
            with transaction():
                require_open(month)
                report.imported, report.flagged = self._write_readings(actor, month, entries)
                audit.record(
                    actor,
                    "import",
                    "meter_reading",
                    source,
                    after={
                        "month": month,
                        "rows": report.rows_read,
                        "readings": report.imported,
                        "flagged": report.flagged,
                    },
                )
        return report

    def _reading_line(
        self,
        sheet: SheetRows,
        registry: SheetRegistry,
        number: int,
        values: dict[str, object],
        seen: set[int],
    ) -> tuple[ReadingInput, Meter] | None:
        meter = self._reading_meter(sheet, registry, number, values)
        fix = _("Write the reading the dial shows, as a whole number.")
        ok1, current = read_cell(sheet, number, "current", whole_cell, values.get("current"), fix)
        ok2, old_final = read_cell(sheet, number, "old_final", whole_cell, values.get("old_final"), fix)
        ok3, new_initial = read_cell(sheet, number, "new_initial", whole_cell, values.get("new_initial"), fix)
        ok4, replaced_on = read_cell(
            sheet,
            number,
            "replaced_on",
            parse_day,
            values.get("replaced_on"),
            _("Write the date like 2023-05-01 or 2023年5月1日."),
        )
        if ok1 and current is None:
            sheet.fail(number, "current", _("The current reading is empty."), fix)
            return None
        if meter is None or not (ok1 and ok2 and ok3 and ok4):
            return None
        if meter.id in seen:
            sheet.fail(
                number,
                "meter",
                _("Meter {number} has two readings in the sheet.").format(number=meter.number),
                _("Delete one of the rows."),
            )
            return None
        try:
            entry = checked_entry(ReadingInput(meter.id, current, old_final, new_initial, replaced_on), meter)  # type: ignore[arg-type]
        except ValidationError as exc:
            field_error(sheet, number, exc, fix)
            return None
        seen.add(meter.id)
        return entry, meter

    def _reading_meter(
        self, sheet: SheetRows, registry: SheetRegistry, number: int, values: dict[str, object]
    ) -> Meter | None:
        text, unit_text = cell_text(values.get("meter")), cell_text(values.get("unit"))
        if text:
            meter = registry.meters.get(text)
            if meter is None or not meter.active:
                sheet.fail(
                    number,
                    "meter",
                    _("There is no meter {number}.").format(number=text),
                    _("Register the meter first, or correct its number."),
                )
                return None
            return meter
        if not unit_text:
            sheet.fail(
                number,
                "unit",
                _("The row names neither a unit nor a meter."),
                _("Write the unit and kind, or the meter number."),
            )
            return None
        unit_id = registry.unit(sheet, number, unit_text)
        kind = read_kind(sheet, number, values)
        if unit_id is None or kind is None:
            return None
        meters = registry.by_unit.get((unit_id, kind.value), [])
        if len(meters) != 1:
            problem = (
                _("Unit {code} has no such meter.")
                if not meters
                else _("Unit {code} has several meters of this kind.")
            )
            sheet.fail(number, "meter", problem.format(code=unit_text), _("Write the meter number."))
            return None
        return meters[0]

    def _write_readings(
        self, actor: Actor, month: str, entries: list[tuple[int, ReadingInput, Meter]]
    ) -> tuple[int, int]:
        context = Context.load(month, [m for _n, _e, m in entries])
        existing = {r.meter_id: r for r in MeterReading.select().where(MeterReading.month == month)}
        fresh, flagged = [], 0
        when = min(self.today(), last_day(month))
        for _n, entry, meter in entries:
            values = context.judged(entry, entry.replaced_on or when)
            flagged += bool(values["flag"])
            old = existing.get(meter.id)
            if old is None:
                fresh.append(
                    values
                    | {
                        "meter": meter.id,
                        "month": month,
                        "read_by": actor.username,
                        "updated_by": actor.username,
                    }
                )
                continue
            if any(getattr(old, k) != values[k] for k in ("current", "old_final", "new_initial")):
                values.update(confirmed_by="", confirmed_at=None, confirm_reason="")
            update_versioned(
                MeterReading, old.id, old.version, {**values, "read_by": actor.username}, by=actor.username
            )
        for start in range(0, len(fresh), 500):
            MeterReading.insert_many(fresh[start : start + 500]).execute()
        _carry_into_next(month, [m for _n, _e, m in entries], actor)
        return len(entries), flagged

    def export_rows(self, *, actor: Actor, sheet: SheetKind, month: str = "") -> list[dict[str, object]]:
        """The rows an export writes, field → value, in the import's terms (words by ``sheets``).

        Meters: all active ones, units in walking order then public areas. Tariffs: one row per
        step. Readings: the month's (``month`` required), with the replacement columns.

        Raises:
            PermissionDenied: the actor may not do desk work.
            ValidationError: a readings export without a good month.
        """
        actor.require(Permission.DESK_WORK)
        with storage_errors():
            if sheet == "tariffs":
                tariffs = schedules()
                return [
                    {
                        "kind": kind,
                        "from": s.from_month,
                        "period": s.period,
                        "upper": step.upper,
                        "price": step.price,
                        "addon": step.addon,
                    }
                    for kind in MeterKind
                    for s in reversed(tariffs.get(kind.value, []))
                    for step in s.steps
                ]
            meters = walking_order(list(Meter.select().where(Meter.active)))
            codes = {m.id: r for m, r in zip(meters, _meter_codes(meters), strict=True)}
            if sheet == "meters":
                return [
                    {
                        "unit": codes[m.id][0],
                        "place": m.place,
                        "building": codes[m.id][1],
                        "kind": MeterKind(m.kind),
                        "meter": m.number,
                        "multiplier": m.multiplier,
                        "digits": m.digits,
                        "initial": m.initial_reading,
                        "installed": m.installed_on,
                        "share": ShareBasis(m.share),
                    }
                    for m in meters
                ]
            month = month_of("month", month)
            readings = {r.meter_id: r for r in MeterReading.select().where(MeterReading.month == month)}
            return [
                {
                    "unit": codes[m.id][0],
                    "meter": m.number,
                    "kind": MeterKind(m.kind),
                    "current": r.current,
                    "old_final": r.old_final,
                    "new_initial": r.new_initial,
                    "replaced_on": r.replaced_on,
                }
                for m in meters
                if (r := readings.get(m.id)) is not None
            ]


def _carry_into_next(month: str, meters: Sequence[Meter], actor: Actor) -> None:
    """Carry imported readings into the meters' next readings already typed, as the round does."""
    later: set[int] = set()
    for start in range(0, len(meters), 500):
        ids = [m.id for m in meters[start : start + 500]]
        later.update(
            r.meter_id
            for r in MeterReading.select(MeterReading.meter).where(
                MeterReading.meter.in_(ids)
                & (MeterReading.month > month)
                & (MeterReading.month <= shift(month, 6))
            )
        )
    for meter in meters:
        if meter.id in later:
            refresh_next(meter, month, actor)


def _meter_codes(meters: Sequence[Meter]) -> list[tuple[str, str]]:
    """(unit code, public building code) of each meter."""
    units: dict[int, str] = dict(tuples(Unit.select(Unit.id, Unit.code)))
    buildings: dict[int, str] = dict(tuples(Building.select(Building.id, Building.code)))
    return [
        (
            units.get(m.unit_id, "") if m.unit_id is not None else "",
            buildings.get(m.building_id, "") if m.building_id is not None and m.unit_id is None else "",
        )
        for m in meters
    ]
