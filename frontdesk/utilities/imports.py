"""Importing meters and tariffs from sheet rows (a month's readings: ``reading_import``).

The rows are plain data (the interfaces read the workbook): one mapping of header text to cell
value per row, with the sheet's row numbers. Headers are recognised in Simplified and Traditional
Chinese and English, in any order (``sheets``). Every row is checked first, against the registry
and the meters read once; each problem becomes a :class:`RowError` (row, column, problem, fix).
Nothing is written while any row is wrong unless ``allow_partial``; then everything is written in
one transaction and audited by one entry.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal

from frontdesk import audit
from frontdesk.auth import Actor, Permission, confirm
from frontdesk.bulk import id_ranges, insert_returning_ids
from frontdesk.db import storage_errors, transaction
from frontdesk.errors import ValidationError
from frontdesk.estate.residents_sheet import cell_text, parse_day
from frontdesk.i18n import _
from frontdesk.utilities.common import UtilityBase
from frontdesk.utilities.import_rows import (
    SheetRegistry,
    SheetRows,
    UtilityImportReport,
    decimal_cell,
    field_error,
    month_cell,
    read_cell,
    read_kind,
    read_word,
    whole_cell,
)
from frontdesk.utilities.kinds import MeterKind, TierPeriod
from frontdesk.utilities.meters import meter_values
from frontdesk.utilities.rows import MeterInput, TariffStepInput
from frontdesk.utilities.sheets import (
    period_of,
    share_of,
)
from frontdesk.utilities.tariffs import TariffInput, checked_tariff, write_tariff


class ImportService(UtilityBase):
    """The meter and tariff imports."""

    def import_meters(
        self,
        *,
        actor: Actor,
        rows: Sequence[Mapping[str, object]],
        row_numbers: Sequence[int] | None = None,
        allow_partial: bool = False,
        source: str = "",
    ) -> UtilityImportReport:
        """Check the meter sheet's rows and add the meters (all or nothing by default).

        Raises:
            PermissionDenied: the actor may not edit the registry.
        """
        actor.require(Permission.REGISTRY_EDIT)
        sheet = SheetRows("meters", rows, row_numbers)
        report = UtilityImportReport(len(rows))
        if sheet.errors:
            report.errors = sheet.errors
            return report
        with storage_errors():
            registry = SheetRegistry()
            good = [
                (n, line)
                for n, values in sheet.values()
                if (line := self._meter_line(sheet, registry, n, values)) is not None
            ]
            report.errors, report.valid = sheet.sorted_errors(), len(good)
            if (report.errors and not allow_partial) or not good:
                return report
            with transaction():
                columns = (
                    "estate_id",
                    "building_id",
                    "unit_id",
                    "place",
                    "kind",
                    "number",
                    "multiplier",
                    "digits",
                    "installed_on",
                    "initial_reading",
                    "share",
                    "active",
                    "version",
                    "created_at",
                    "updated_at",
                    "updated_by",
                    "client_id",
                )
                now = self.now().isoformat(" ")
                stored = [
                    (
                        estate,
                        v["building"],
                        v["unit"],
                        v["place"],
                        v["kind"],
                        v["number"],
                        v["multiplier"],
                        v["digits"],
                        str(v["installed_on"]),
                        v["initial_reading"],
                        v["share"],
                        True,
                        1,
                        now,
                        now,
                        actor.username,
                        uuid.uuid4().hex,
                    )
                    for _n, (estate, v) in good
                ]
                ids = insert_returning_ids("meter", columns, stored)
                audit.record(
                    actor,
                    "import",
                    "meter",
                    source,
                    after={"rows": report.rows_read, "meters": id_ranges(ids)},
                )
            report.imported = len(ids)
        return report

    def _meter_line(
        self, sheet: SheetRows, registry: SheetRegistry, number: int, values: dict[str, object]
    ) -> tuple[int, dict[str, object]] | None:
        before = len(sheet.errors)
        unit_text, place = cell_text(values.get("unit")), cell_text(values.get("place"))
        unit_id = registry.unit(sheet, number, unit_text) if unit_text else None
        building_text = cell_text(values.get("building"))
        building_id = (
            registry.building(sheet, number, building_text) if building_text and not unit_text else None
        )
        kind = read_kind(sheet, number, values)
        share = read_word(
            sheet,
            number,
            "share",
            share_of,
            values,
            _("“{value}” is no way of sharing."),
            _("Write 按面积/按面積 (by area), 平均 (equally), or leave it empty."),
        )
        fix = _("Write a whole number, e.g. 1.")
        ok1, multiplier = read_cell(sheet, number, "multiplier", whole_cell, values.get("multiplier"), fix)
        ok2, digits = read_cell(
            sheet,
            number,
            "digits",
            whole_cell,
            values.get("digits"),
            _("Write how many digits the dial has, e.g. 5."),
        )
        ok3, initial = read_cell(
            sheet,
            number,
            "initial",
            whole_cell,
            values.get("initial"),
            _("Write the reading the meter showed when installed, e.g. 0."),
        )
        ok4, installed = read_cell(
            sheet,
            number,
            "installed",
            parse_day,
            values.get("installed"),
            _("Write the date like 2023-05-01 or 2023年5月1日."),
        )
        if not unit_text and not place:
            sheet.fail(
                number,
                "unit",
                _("The row names neither a unit nor a public area."),
                _("Write the unit, or the public area's name under 位置."),
            )
        if len(sheet.errors) > before or kind is None or share is None or not (ok1 and ok2 and ok3 and ok4):
            return None
        meter = MeterInput(
            kind,
            cell_text(values.get("meter")),
            digits if digits is not None else -1,
            installed if installed is not None else self.today(),
            unit_id,
            None,
            building_id,
            place if not unit_text else "",
            multiplier if multiplier is not None else 1,
            initial if initial is not None else 0,
            share,
        )
        try:
            checked = meter_values(meter)
        except ValidationError as exc:
            field_error(sheet, number, exc, _("Correct the value."))
            return None
        if checked["number"] in registry.taken:
            sheet.fail(
                number,
                "meter",
                _("Meter {number} is registered already.").format(number=checked["number"]),
                _("Delete the row, or correct the meter number."),
            )
            return None
        registry.taken.add(str(checked["number"]))  # a second row with the number is refused
        estate = self._estate(registry, unit_id, building_id)
        if estate is None:
            sheet.fail(
                number,
                "building",
                _("The office runs several estates: name the public area's building."),
                _("Write the building the area belongs to."),
            )
            return None
        return estate, checked

    def _estate(self, registry: SheetRegistry, unit_id: int | None, building_id: int | None) -> int | None:
        if unit_id is not None:
            building_id = registry.unit_building[unit_id]
        if building_id is not None:
            return int(registry.building_estate[building_id])
        return registry.estates[0] if len(registry.estates) == 1 else None

    def import_tariffs(
        self,
        *,
        actor: Actor,
        rows: Sequence[Mapping[str, object]],
        row_numbers: Sequence[int] | None = None,
        allow_partial: bool = False,
        source: str = "",
    ) -> UtilityImportReport:
        """Check the tariff sheet (one row a price step) and save each kind's tariffs, all or nothing.

        Rows of the same kind and first month make one tariff, steps in the order of their upper
        bounds (the one without a bound last).

        Raises:
            PermissionDenied: the actor may not change the office's settings (prices: administrators).
        """
        confirm(actor, Permission.SETTINGS)
        sheet = SheetRows("tariffs", rows, row_numbers)
        report = UtilityImportReport(len(rows))
        if sheet.errors:
            report.errors = sheet.errors
            return report
        groups: dict[tuple[MeterKind, str], list[tuple[int, TierPeriod, TariffStepInput]]] = {}
        for number, values in sheet.values():
            line = self._tariff_line(sheet, number, values)
            if line is not None:
                kind, month, period, step = line
                groups.setdefault((kind, month), []).append((number, period, step))
        checked = []
        for (kind, month), lines in groups.items():
            lines.sort(key=lambda x: (x[2].upper is None, x[2].upper or 0))
            periods = {p for _n, p, _s in lines}
            if len(periods) > 1:
                for n, _p, _s in lines:
                    sheet.fail(
                        n,
                        "period",
                        _("The steps of one tariff have different periods."),
                        _("Write the same period on every step of the tariff."),
                    )
                continue
            try:
                checked.append(
                    checked_tariff(TariffInput(kind, month, periods.pop(), tuple(s for _n, _p, s in lines)))
                )
                report.valid += len(lines)
            except ValidationError as exc:
                parts = exc.field.split(".")
                row = lines[int(parts[1])][0] if len(parts) > 1 and parts[1].isdigit() else lines[0][0]
                field_error(
                    sheet,
                    row,
                    exc,
                    _("Correct the tariff's steps: rising upper bounds, the last without one."),
                )
        report.errors = sheet.sorted_errors()
        if (report.errors and not allow_partial) or not checked:
            return report
        with storage_errors(), transaction():
            for kind, month, period, steps in checked:
                write_tariff(actor, kind, month, period, steps)
            audit.record(
                actor,
                "import",
                "tariff_step",
                source,
                after={"tariffs": len(checked), "rows": report.rows_read},
            )
        report.imported = len(checked)
        return report

    def _tariff_line(
        self, sheet: SheetRows, number: int, values: dict[str, object]
    ) -> tuple[MeterKind, str, TierPeriod, TariffStepInput] | None:
        before = len(sheet.errors)
        kind = read_kind(sheet, number, values)
        period = read_word(
            sheet,
            number,
            "period",
            period_of,
            values,
            _("“{value}” is not a tier period."),
            _("Write 月 (monthly) or 年 (annual cumulative); empty means monthly."),
        )
        ok1, month = read_cell(
            sheet, number, "from", month_cell, values.get("from"), _("Write the month like 2026-03.")
        )
        ok2, upper = read_cell(
            sheet,
            number,
            "upper",
            whole_cell,
            values.get("upper"),
            _("Write a whole number, or leave it empty for no limit."),
        )
        ok3, price = read_cell(
            sheet,
            number,
            "price",
            decimal_cell,
            values.get("price"),
            _("Write the price in yuan, e.g. 0.68."),
        )
        ok4, addon = read_cell(
            sheet,
            number,
            "addon",
            decimal_cell,
            values.get("addon"),
            _("Write the add-on in yuan per unit, e.g. 0.95, or leave it empty."),
        )
        if ok3 and price is None:
            sheet.fail(number, "price", _("The price is empty."), _("Write the price in yuan, e.g. 0.68."))
        if (
            len(sheet.errors) > before
            or kind is None
            or period is None
            or not (ok1 and ok2 and ok3 and ok4)
            or price is None
        ):
            return None
        step = TariffStepInput(upper, price, addon if addon is not None else Decimal(0))
        return kind, str(month), period, step
