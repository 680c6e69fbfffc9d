"""A fresh office starting from its own residents sheet: buildings and units made from it, all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from frontdesk import audit
from frontdesk.auth import Actor
from frontdesk.estate import residents_sheet
from frontdesk.estate.importing import ImportReport, import_residents
from frontdesk.estate.models import Building, Resident, ResidentNameKey, Unit
from frontdesk.estate.residents_sheet import parse_area
from frontdesk.estate.service import EstateService
from frontdesk.services import Services
from reports.xlsx_read import read_table
from tests.unit.frontdesk.estate.estate_data import mainland_id

GOOD_ID = mainland_id("11010519491231002")
TITLE = "幸福里業主名冊（2024年）"
# an office's own order of columns, Traditional headers, the building merged down its rows
HEADERS = ["入住日期", "樓棟", "房號", "面積(㎡)", "業主", "電話", "身分證號", "類型"]
ROWS: list[list[object]] = [
    ["2019-06-01", "1棟", "101", 89.37, "陳大文", "138 1234 5678", GOOD_ID, "業主"],
    [None, None, "102", "120.5㎡", "李小美", 13812345679.0, None, "租戶"],
    ["2020/1/2", None, "102", None, "李大明", None, None, None],  # the same unit, a second resident
    [None, "A座", "12F-03", 66, "Ann Lee", None, None, "owner"],
]


def _write(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    """A real workbook: a merged title row, the header, the rows; the building merged over 1棟's rows."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADERS))
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(list(row))
    sheet.merge_cells(start_row=3, start_column=2, end_row=5, end_column=2)
    workbook.save(path)
    return path


def _import(estate: EstateService, actor: Actor, path: Path, **options: bool) -> ImportReport:
    with path.open("rb") as stream:
        table = read_table(stream, is_header=residents_sheet.looks_like_header)
    return import_residents(
        estate, actor=actor, rows=table.rows, row_numbers=table.row_numbers, source=path.name, **options
    )


def _counts() -> tuple[int, int, int, int, int]:
    tables = (Building, Unit, Resident, ResidentNameKey, audit.AuditEntry)
    return tuple(table.select().count() for table in tables)  # type: ignore[return-value]  # five counts


def test_a_fresh_office_makes_its_registry_from_its_sheet(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    estate = services.estate
    path = _write(tmp_path / "名冊.xlsx", ROWS)
    refused = _import(estate, admin, path)  # without create_units: every row names a missing unit
    assert {(e.row, e.column) for e in refused.errors} == {(r, "房號") for r in (3, 4, 5, 6)}
    assert "There is no unit 1-101." in refused.errors[0].problem
    assert Building.select().count() == 0

    report = _import(estate, admin, path, create_units=True)
    assert report.errors == []
    assert (report.imported, report.units_created, report.buildings_created) == (4, 3, 2)
    buildings = {b.code: b.name for b in Building.select()}
    assert buildings == {"1": "1棟", "A": "A座"}
    areas = {u.code: (u.area_dm2, u.floor) for u in Unit.select()}
    assert areas == {"1-101": (8937, 1), "1-102": (12050, 1), "A-1203": (6600, 12)}
    residents = {r.name: r for r in Resident.select()}
    assert set(residents) == {"陳大文", "李小美", "李大明", "Ann Lee"}
    chan = residents["陳大文"]
    assert chan.unit.code == "1-101" and chan.kind == "owner" and chan.move_in == date(2019, 6, 1)
    assert chan.phone_digits == "13812345678" and chan.id_last4 == GOOD_ID[-4:]
    assert GOOD_ID not in chan.id_number_masked and chan.id_hash
    assert residents["李小美"].kind == "tenant" and residents["李小美"].unit.code == "1-102"
    assert residents["李大明"].unit_id == residents["李小美"].unit_id
    # found by the desk's search as any resident typed in
    assert [h.name for h in estate.search(actor=admin, text="小美") if h.resident_id] == ["李小美"]
    assert [h.unit_code for h in estate.search(actor=admin, text="A-1203")] == ["A-1203"]

    trail = audit.recent(20)
    assert sorted(e.after["code"] for e in trail if (e.action, e.entity) == ("create", "building")) == [
        "1",
        "A",
    ]
    (entry,) = [e for e in trail if e.action == "import"]
    assert entry.entity_id == "名冊.xlsx" and entry.after["buildings_created"] == ["1", "A"]
    unit_ids, resident_ids = sorted(u.id for u in Unit.select()), sorted(r.id for r in Resident.select())
    assert entry.after["unit_ids"] == [[unit_ids[0], unit_ids[-1]]]
    assert entry.after["resident_ids"] == [[resident_ids[0], resident_ids[-1]]]
    assert services.maintenance.check().ok  # the audit chain still verifies

    again = _import(estate, admin, path, create_units=True)  # the same sheet again: all there already
    assert {e.row for e in again.errors} == {3, 4, 5, 6} and again.imported == 0


@pytest.mark.parametrize(
    ("area", "problem"),
    [
        ("-5", "more than 0"),
        (0, "more than 0"),
        ("20000", "at most 10,000"),
        ("89.375", "two decimals"),
        ("eighty", "not an area"),
    ],
)
def test_a_bad_area_writes_nothing_at_all(
    services: Services, admin: Actor, tmp_path: Path, area: object, problem: str
) -> None:
    rows = [*ROWS, [None, "B座", "301", area, "錯面積", None, None, None]]
    before = _counts()
    report = _import(services.estate, admin, _write(tmp_path / "bad.xlsx", rows), create_units=True)
    assert [(e.row, e.column) for e in report.errors] == [(7, "面積(㎡)")]
    assert problem in report.errors[0].problem and report.errors[0].fix
    assert report.imported == 0 and _counts() == before


def test_one_unit_with_two_areas_is_a_row_error(services: Services, admin: Actor, tmp_path: Path) -> None:
    rows = [*ROWS, [None, "1棟", "101", 90, "王五", None, None, None]]
    report = _import(services.estate, admin, _write(tmp_path / "two.xlsx", rows), create_units=True)
    assert [(e.row, e.column) for e in report.errors] == [(7, "面積(㎡)")]
    assert "1-101" in report.errors[0].problem and "row 3" in report.errors[0].problem
    assert Unit.select().count() == 0


def test_several_estates_need_the_building_added_first(
    services: Services, admin: Actor, tmp_path: Path
) -> None:
    services.estate.add_estate(actor=admin, name="第二小區")
    report = _import(services.estate, admin, _write(tmp_path / "two.xlsx", ROWS[:1]), create_units=True)
    assert [(e.row, e.column) for e in report.errors] == [(3, "房號")]
    assert "no single building 1" in report.errors[0].problem


def test_areas_as_offices_write_them() -> None:
    assert (
        parse_area(Decimal("89.37")) == parse_area("89.37㎡") == parse_area(" 89.37 m² ") == Decimal("89.37")
    )
    assert parse_area("1,089.5平方米") == Decimal("1089.5") and parse_area(120) == Decimal(120)
    assert parse_area(None) is None and parse_area("") is None
    for bad in ("0", "-1", "10000.01", "1.001", "NaN", "Infinity", True, "abc"):
        with pytest.raises(ValueError):
            parse_area(bad)
    assert parse_area("10000") == Decimal(10_000)
