"""The three imports from plain rows: columns in any script, every problem reported, all or nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from frontdesk.auth import Actor
from frontdesk.utilities.kinds import MeterKind, TierPeriod
from frontdesk.utilities.models import Meter, MeterReading, TariffStep
from frontdesk.utilities.rows import ReadingInput
from frontdesk.utilities.service import UtilityService
from tests.unit.frontdesk.utilities.conftest import Block


def test_meters_with_english_headers_and_a_public_area(
    utilities: UtilityService, admin: Actor, block: Block
) -> None:
    rows = [
        {"Unit": "3-1601", "Kind": "gas", "Meter number": "G1601", "Digits": 5, "Installed": "2024/3/1"},
        {"Public area": "3栋水泵房", "Building": "3栋", "Kind": "electricity", "Meter number": "P-PUMP"}
        | {"Digits": 6, "Sharing": "equally"},
    ]
    report = utilities.import_meters(actor=admin, rows=rows, source="m.xlsx")
    assert (report.errors, report.imported) == ([], 2)
    gas = Meter.get(Meter.number == "G1601")
    assert (gas.kind, gas.unit_id, gas.installed_on) == ("gas", block.vacant, date(2024, 3, 1))
    pump = Meter.get(Meter.number == "P-PUMP")
    assert (pump.building_id, pump.unit_id, pump.share, pump.multiplier) == (block.building, None, "equal", 1)


def test_a_sheet_without_its_columns(utilities: UtilityService, admin: Actor, block: Block) -> None:
    report = utilities.import_meters(actor=admin, rows=[{"房号": "3-1501", "备注": "x"}], row_numbers=[3])
    assert [(e.row, e.problem) for e in report.errors][:1] == [
        (2, "The sheet has no 类别 / 類別 / utility column.")
    ]
    readings = utilities.import_readings(actor=admin, month="2026-02", rows=[{"类别": "水", "本月读数": 5}])
    assert "neither a unit nor a meter column" in readings.errors[0].problem


def test_readings_problems_name_row_and_column_and_nothing_is_saved(
    utilities: UtilityService, clerk: Actor, block: Block
) -> None:
    rows = [
        {"表号": "W1501", "类别": "水", "本月读数": 120},
        {"表号": "NOPE", "类别": "水", "本月读数": 1},
        {"房号": "3-1502", "类别": "电", "本月读数": None},
        {"表号": "W1501", "类别": "水", "本月读数": 121},
        {"房号": "3-1502", "类别": "水", "本月读数": 130, "换表旧表止码": 125},
        {"房号": "3-1502", "类别": "煤", "本月读数": 1},
        {"房号": "3-1601", "类别": "水", "本月读数": "12a"},
    ]
    report = utilities.import_readings(actor=clerk, month="2026-02", rows=rows, row_numbers=range(3, 10))
    assert [(e.row, e.column) for e in report.errors] == [
        (4, "表号"),
        (5, "本月读数"),
        (6, "表号"),
        (7, "换表旧表止码"),
        (8, "类别"),
        (9, "本月读数"),
    ]
    assert report.valid == 1 and report.imported == 0
    assert MeterReading.select().count() == 0
    partial = utilities.import_readings(actor=clerk, month="2026-02", rows=rows, allow_partial=True)
    assert (partial.imported, partial.flagged) == (1, 0)
    assert MeterReading.get().current == 120


def test_tariff_steps_grouped_sorted_and_checked(
    utilities: UtilityService, admin: Actor, block: Block
) -> None:
    rows = [
        {"类别": "电", "起始月份": "2026-01", "阶梯周期": "月", "阶梯上限": None, "单价": "0.98"},
        {"类别": "电", "起始月份": "2026-01", "阶梯周期": "月", "阶梯上限": 200, "单价": Decimal("0.68")},
        {"类别": "电", "起始月份": date(2026, 1, 1), "阶梯周期": "月", "阶梯上限": 400, "单价": 0.73},
    ]
    assert utilities.import_tariffs(actor=admin, rows=rows).imported == 1
    (tariff,) = utilities.tariffs(actor=admin)
    assert (tariff.kind, tariff.period) == (MeterKind.ELECTRICITY, TierPeriod.MONTH)
    assert [(s.upper, s.price) for s in tariff.steps] == [
        (200, Decimal("0.68")),
        (400, Decimal("0.73")),
        (None, Decimal("0.98")),
    ]
    bad = [
        {"kind": "water", "from": "2026-02", "period": "年", "upper": 100, "price": 3},
        {"kind": "water", "from": "2026-02", "period": "月", "upper": None, "price": 4},
        {"kind": "gas", "from": "2026-13", "period": "", "upper": None, "price": 3},
        {"kind": "gas", "from": "2026-03", "period": "", "upper": None, "price": -1},
    ]
    report = utilities.import_tariffs(actor=admin, rows=bad)
    assert [(e.row, e.column) for e in report.errors] == [
        (2, "period"),
        (3, "period"),
        (4, "from"),
        (5, "price"),
    ]
    assert TariffStep.select().count() == 3


def test_an_imported_correction_is_carried_into_the_next_month(
    utilities: UtilityService, clerk: Actor, block: Block, tariffs: None
) -> None:
    meter = block.meters["W1501"]
    utilities.record_reading(actor=clerk, month="2026-01", entry=ReadingInput(meter, 112))
    february = utilities.record_reading(actor=clerk, month="2026-02", entry=ReadingInput(meter, 120))
    assert (february.previous, february.usage) == (112, 8)
    report = utilities.import_readings(
        actor=clerk, month="2026-01", rows=[{"表号": "W1501", "类别": "水", "本月读数": 110}]
    )
    assert report.imported == 1 and not report.errors
    [row] = [
        r
        for r in utilities.round_rows(actor=clerk, month="2026-02", building_id=block.building)
        if r.meter_id == meter
    ]
    assert (row.previous, row.usage) == (110, 10)
