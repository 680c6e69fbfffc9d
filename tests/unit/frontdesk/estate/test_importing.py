"""Importing residents from real workbooks: headers in three scripts, bad rows reported, all or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from io import BytesIO

import pytest
from openpyxl import Workbook

from frontdesk import audit
from frontdesk.auth import Actor
from frontdesk.errors import PermissionDenied
from frontdesk.estate import residents_sheet
from frontdesk.estate.importing import ImportReport, check_residents, import_residents
from frontdesk.estate.models import Resident, Unit
from frontdesk.estate.residents_sheet import RowError, field_of_header, parse_day
from frontdesk.estate.service import EstateService
from reports.xlsx_read import read_table
from tests.unit.frontdesk.estate.estate_data import Registry, mainland_id

GOOD_ID = mainland_id("11010519491231002")
OTHER_ID = mainland_id("44030419900307152")
BAD_CHECK_ID = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")


def _sheet(rows: Sequence[Sequence[object]], *, title: str | None = None) -> BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    if title is not None:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for row in rows:
        sheet.append(list(row))
    stream = BytesIO()
    workbook.save(stream)
    stream.seek(0)
    return stream


def _import(estate: EstateService, actor: Actor, stream: BytesIO, **options: bool) -> ImportReport:
    table = read_table(stream, is_header=residents_sheet.looks_like_header)
    return import_residents(
        estate, actor=actor, rows=table.rows, row_numbers=table.row_numbers, source="test.xlsx", **options
    )


def _names(estate: EstateService, actor: Actor, text: str) -> list[str]:
    return sorted(hit.name for hit in estate.search(actor=actor, text=text) if hit.resident_id)


def test_headers_in_three_scripts_are_recognised() -> None:
    assert field_of_header("房号") == field_of_header("房號") == field_of_header(" Unit ") == "unit"
    assert (
        field_of_header("身份证号")
        == field_of_header("身分證號")
        == field_of_header("ID number")
        == "id_number"
    )
    assert field_of_header("证件号码") == "id_number"
    assert field_of_header("电话") == field_of_header("電話") == field_of_header("手机") == "phone"
    assert field_of_header("入住日期") == field_of_header("Move-in") == "move_in"
    assert field_of_header("备注") == field_of_header("備註") == field_of_header("Remarks") == "remarks"
    assert field_of_header("面积(m²)") == field_of_header("Area") == "area"
    assert field_of_header("楼栋") == field_of_header("樓棟") == field_of_header("Building") == "building"
    assert field_of_header("类型") == field_of_header("類型") == field_of_header("Type") == "kind"
    assert field_of_header("Colour") is None


def test_dates_in_office_formats() -> None:
    assert parse_day("2023-05-01") == parse_day("2023/5/1") == parse_day("2023年5月1日") == date(2023, 5, 1)
    assert parse_day("２０２３．５．１") == parse_day(20230501) == date(2023, 5, 1)
    assert parse_day(datetime(2023, 5, 1, 8, 0)) == date(2023, 5, 1)
    assert parse_day(None) is None
    for bad in ("2023-13-01", "May 1", "2023-02-30"):
        with pytest.raises(ValueError):
            parse_day(bad)


def test_simplified_sheet_with_a_title_row_imports(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    stream = _sheet(
        [
            ["楼栋", "房号", "姓名", "电话", "身份证号", "类型", "入住日期", "备注"],
            ["3栋", "1502", "王秀英", "138 1234 5678", GOOD_ID, "业主", "2023-05-01", "老业主"],
            ["3栋", 1501, "李雷", 13812345679.0, None, "租户", datetime(2024, 1, 2), None],
            [None, "A座12F-03", "韩梅梅", None, None, None, "2023年5月1日", None],
        ],
        title="幸福里业主名册",
    )
    report = _import(estate, admin, stream)
    assert report.errors == []
    assert (report.rows_read, report.valid, report.imported) == (3, 3, 3)
    assert _names(estate, admin, "王秀英") == ["王秀英"]
    assert _names(estate, admin, "李雷") == ["李雷"]
    residents = estate.residents(actor=admin, unit_id=registry.u3_1502.id)
    (wang,) = residents
    assert wang.kind == "owner" and wang.move_in == date(2023, 5, 1) and wang.remarks == "老业主"
    assert wang.id_number_masked.endswith(GOOD_ID[-4:]) and GOOD_ID not in wang.id_number_masked
    (li,) = estate.residents(actor=admin, unit_id=registry.u3_1501.id)
    assert li.kind == "tenant" and li.move_in == date(2024, 1, 2)
    (han,) = estate.residents(actor=admin, unit_id=registry.ua_1203.id)
    assert han.move_in == date(2023, 5, 1)
    # one entry audits the import, naming the residents it added by their ids
    (entry,) = [e for e in audit.recent(50) if e.action == "import"]
    ids = sorted(r.id for r in Resident.select())
    assert (entry.entity, entry.entity_id, entry.actor) == ("resident", "test.xlsx", admin.username)
    assert entry.after["imported"] == 3 and entry.after["resident_ids"] == [[ids[0], ids[-1]]]


def test_traditional_sheet_imports(estate: EstateService, admin: Actor, registry: Registry) -> None:
    stream = _sheet(
        [
            ["樓棟", "房號", "姓名", "電話", "身分證號", "類型", "入住日期", "備註"],
            ["3", "1502", "陳大文", "+86-138 1234 5670", OTHER_ID, "業主", "2023/5/1", "新住戶"],
            ["A座", "1502", "陳小文", "１３８１２３４５６７１", None, "租戶", None, None],
        ]
    )
    report = _import(estate, admin, stream)
    assert report.errors == [] and report.imported == 2
    assert _names(estate, admin, "陳") == ["陳大文", "陳小文"]
    (chan,) = estate.residents(actor=admin, unit_id=registry.ua_1502.id)
    assert chan.kind == "tenant"


def test_english_sheet_imports(estate: EstateService, admin: Actor, registry: Registry) -> None:
    stream = _sheet(
        [
            ["Unit", "Name", "Phone", "ID number", "Type", "Move-in", "Remarks"],
            ["3-1502", "Ann Lee", "13812345672", None, "Owner", None, "pays by bank"],
            ["A-1203", "Bob Wong", None, None, "tenant", None, None],
        ]
    )
    report = _import(estate, admin, stream)
    assert report.errors == [] and report.imported == 2
    assert _names(estate, admin, "Ann") == ["Ann Lee"]
    assert _names(estate, admin, "Bob") == ["Bob Wong"]


def test_odd_phone_formats_are_normalised(estate: EstateService, admin: Actor, registry: Registry) -> None:
    phones = [
        "138 1234 5678",
        "+86-138-1234-5679",
        "１３８１２３４５６７０",
        13812345671.0,
        "0086 13812345672",
    ]
    rows: list[list[object]] = [["房号", "姓名", "电话"]]
    rows += [["3-1502", f"住户{i}", phone] for i, phone in enumerate(phones)]
    report = _import(estate, admin, _sheet(rows))
    assert report.errors == [] and report.imported == len(phones)
    digits = sorted(r.phone_digits for r in Resident.select())
    assert digits == ["13812345670", "13812345671", "13812345672", "13812345678", "13812345679"]
    assert _names(estate, admin, "13812345679") == ["住户1"]


def _errors_by_row(errors: list[RowError]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for error in errors:
        found.setdefault(error.row, []).append(error.column)
    return found


def test_bad_rows_import_nothing_and_are_each_reported(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    stream = _sheet(
        [
            ["房号", "姓名", "电话", "身份证号", "入住日期"],
            ["3-1502", "好人", "13812345678", GOOD_ID, "2023-05-01"],  # row 3: fine
            ["3-1502", "坏证", None, BAD_CHECK_ID, None],  # row 4
            ["9-9999", "无房", None, None, None],  # row 5
            ["3-1501", None, "13812345678", None, None],  # row 6
            ["3-1501", "坏日期", None, None, "2023-13-45"],  # row 7
            ["3-1501", "坏电话", "138-abcd", None, None],  # row 8
            [None, None, None, None, None],  # blank: skipped
            ["1502", "歧义", None, None, None],  # row 10: 1502 is in two buildings
        ],
        title="名册",
    )
    before = Resident.select().count()
    report = _import(estate, admin, stream)
    assert report.imported == 0
    assert Resident.select().count() == before
    assert _names(estate, admin, "好人") == []
    assert (report.rows_read, report.valid) == (7, 1)
    assert _errors_by_row(report.errors) == {
        4: ["身份证号"],
        5: ["房号"],
        6: ["姓名"],
        7: ["入住日期"],
        8: ["电话"],
        10: ["房号"],
    }
    assert all(e.problem and e.fix for e in report.errors)
    by_row = {e.row: e for e in report.errors}
    assert "9-9999" in by_row[5].problem
    assert "2023-13-45" in by_row[7].problem


def test_allow_partial_imports_the_good_rows(estate: EstateService, admin: Actor, registry: Registry) -> None:
    stream = _sheet([["Unit", "Name"], ["3-1502", "Good"], ["3-9999", "Bad"]])
    report = _import(estate, admin, stream, allow_partial=True)
    assert report.imported == 1 and [e.row for e in report.errors] == [3]
    assert _names(estate, admin, "Good") == ["Good"]


def test_units_can_be_created_in_existing_buildings(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    rows = [
        ["Building", "Unit", "Name", "Area"],
        ["3", "1801", "Ann", "88.5"],
        ["3", "1801", "Ben", "88.5"],
        ["3", "1802", "Cat", None],  # new unit without an area
        ["Z", "101", "Dan", "50"],  # no building Z: it would be added too
    ]
    refused = _import(estate, admin, _sheet(rows), create_units=True)
    assert _errors_by_row(refused.errors) == {4: ["Area"]}
    assert [b.code for b in refused.new_buildings] == ["Z"] and Unit.select().count() == 4
    report = _import(estate, admin, _sheet(rows[:3]), create_units=True)
    assert report.errors == [] and (report.imported, report.units_created) == (2, 1)
    unit = Unit.get(Unit.code == "3-1801")
    assert unit.area_dm2 == 8850 and unit.floor == 18
    without = _import(estate, admin, _sheet([["Unit", "Name"], ["3-1901", "Eve"]]))
    assert [e.column for e in without.errors] == ["Unit"]


def test_duplicates_and_ids_stored_as_numbers(
    estate: EstateService, admin: Actor, registry: Registry
) -> None:
    first = _import(estate, admin, _sheet([["Unit", "Name"], ["3-1502", "Ann"]]))
    assert first.imported == 1
    rows = [
        ["Unit", "Name", "ID number", "Type"],
        ["3-1502", "Ann", None, None],  # already lives there
        ["3-1501", "Ben", None, None],
        ["3-1501", "Ben", None, None],  # twice in the sheet
        ["3-1501", "Cat", float("440304199003071526"), None],  # Excel kept it as a number: digits lost
        ["3-1501", "Dan", None, "landlord"],
    ]
    report = _import(estate, admin, _sheet(rows))
    assert _errors_by_row(report.errors) == {2: ["Name"], 4: ["Name"], 5: ["ID number"], 6: ["Type"]}


def test_missing_columns_are_reported(estate: EstateService, admin: Actor, registry: Registry) -> None:
    report = check_residents(estate, actor=admin, rows=[{"姓名": "王"}], row_numbers=[2])
    assert [(e.row, e.column) for e in report.errors] == [(1, "")]
    assert "房号" in report.errors[0].fix


def test_importing_needs_registry_editing(estate: EstateService, guard: Actor, registry: Registry) -> None:
    with pytest.raises(PermissionDenied):
        check_residents(estate, actor=guard, rows=[{"Unit": "3-1502", "Name": "Ann"}])


def test_errors_follow_the_sheet_order(estate: EstateService, admin: Actor, registry: Registry) -> None:
    rows = [
        ["Phone", "Unit", "Name", "Move-in"],
        ["12ab", "3-9999", "Ann", "soon"],
        ["13812345678", "3-1502", None, None],
    ]
    report = _import(estate, admin, _sheet(rows))
    assert [(e.row, e.column) for e in report.errors] == [
        (2, "Phone"),
        (2, "Unit"),
        (2, "Move-in"),
        (3, "Name"),
    ]
