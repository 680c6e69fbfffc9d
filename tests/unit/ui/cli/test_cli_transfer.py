"""``frontdesk import`` and ``frontdesk export`` in-process: init → import → export → read back."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from frontdesk import audit
from frontdesk.auth import Actor
from frontdesk.db import parse_target
from frontdesk.estate.models import Charge, Resident
from frontdesk.identity import check_digit_cn
from frontdesk.services import connect
from tests.unit.ui.cli.conftest import init_desk, run

GOOD_ID = "11010519491231002" + check_digit_cn("11010519491231002")
BAD_ID = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database set up by ``frontdesk init``, with building 3 and units 3-1502 and 3-1501."""
    path = tmp_path / "desk.db"
    init_desk(monkeypatch, str(path), "幸福里")
    services = connect(parse_target(path), backup_folder=tmp_path / "bk")
    try:
        actor = Actor.command_line()
        estate_id = services.estate.estates(actor=actor)[0].id
        building = services.estate.add_building(actor=actor, estate_id=estate_id, name="3栋")
        for number in ("1502", "1501"):
            services.estate.add_unit(actor=actor, building_id=building.id, number=number, area_m2="89.37")
    finally:
        services.close()
    return path


def _workbook(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(r, c)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # a name like "=1+1" typed as text, not a formula
    workbook.save(path)
    return path


def _residents(path: Path, tmp_path: Path) -> list[tuple[str, str]]:
    services = connect(parse_target(path), backup_folder=tmp_path / "bk")
    try:
        return sorted((r.name, r.phone) for r in Resident.select())
    finally:
        services.close()


def test_import_then_export_round_trip(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _workbook(
        tmp_path / "residents.xlsx",
        [
            ["幸福里业主名册"],
            ["楼栋", "房号", "姓名", "手机", "身份证号", "类型"],
            ["3栋", "1502", "王秀英", "+86 138-1234-5678", GOOD_ID, "业主"],
            ["3栋", "1501", "=1+1", 13812345679.0, None, "租户"],
        ],
    )
    assert run(monkeypatch, "--db", str(db), "import", "residents", str(source)) == 0
    out = capsys.readouterr().out
    assert "Rows read: 2, valid: 2, with problems: 0." in out
    assert "Residents imported: 2; units created: 0." in out
    assert [name for name, _phone in _residents(db, tmp_path)] == ["=1+1", "王秀英"]

    target = tmp_path / "out.xlsx"
    assert run(monkeypatch, "--db", str(db), "export", "residents", str(target)) == 0
    assert "Exported 2 rows" in capsys.readouterr().out
    sheet = load_workbook(target).active
    assert sheet is not None
    assert [c.value for c in sheet[2]] == ["Unit", "Name", "Type", "Phone", "ID number", "Move-in", "Remarks"]
    rows = {sheet.cell(r, 1).value: [c for c in sheet[r]] for r in range(3, sheet.max_row + 1)}
    formula_like = rows["3-1501"]
    assert formula_like[1].value == "=1+1" and formula_like[1].data_type == "s"
    assert formula_like[2].value == "Tenant"
    assert formula_like[3].value == "138****5679"
    wang = rows["3-1502"]
    assert wang[1].value == "王秀英"
    assert wang[3].value == "138****5678"
    id_cell = str(wang[4].value)
    assert "*" in id_cell and GOOD_ID not in id_cell and id_cell.endswith(GOOD_ID[-4:])
    for row in sheet.iter_rows(values_only=True):  # no full number anywhere in the file
        assert GOOD_ID not in [str(v) for v in row]
        assert "13812345678" not in [str(v) for v in row]

    units = tmp_path / "units.xlsx"
    assert run(monkeypatch, "--db", str(db), "export", "units", str(units)) == 0
    unit_sheet = load_workbook(units).active
    assert unit_sheet is not None
    assert [unit_sheet.cell(r, 1).value for r in (3, 4)] == ["3-1501", "3-1502"]
    assert unit_sheet.cell(3, 4).value == "89.37"

    services = connect(parse_target(db), backup_folder=tmp_path / "bk")
    try:
        exports = [(e.entity, e.entity_id) for e in audit.recent(100) if e.action == "export"]
        imports = [e.entity_id for e in audit.recent(100) if e.action == "import"]
    finally:
        services.close()
    assert sorted(exports) == [("resident", "out.xlsx"), ("unit", "units.xlsx")]
    assert imports == ["residents.xlsx"]


def test_bad_rows_write_the_error_workbook_and_import_nothing(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _workbook(
        tmp_path / "bad.xlsx",
        [
            ["Unit", "Name", "Phone", "ID number", "Move-in"],
            ["3-1502", "Good", None, None, None],
            ["3-1502", "Bad ID", None, BAD_ID, None],
            ["3-9999", "No unit", None, None, None],
            ["3-1501", "Bad date", None, None, "someday"],
        ],
    )
    assert run(monkeypatch, "--db", str(db), "import", "residents", str(source)) == 1
    captured = capsys.readouterr()
    errors = tmp_path / "bad.errors.xlsx"
    assert "Rows read: 4, valid: 1, with problems: 3." in captured.out
    assert str(errors) in captured.out
    assert _residents(db, tmp_path) == []
    sheet = load_workbook(errors).active
    assert sheet is not None
    assert [c.value for c in sheet[2]] == ["Row", "Column", "Problem", "How to fix"]
    found = [(sheet.cell(r, 1).value, sheet.cell(r, 2).value) for r in range(3, sheet.max_row + 1)]
    assert found == [(3, "ID number"), (4, "Unit"), (5, "Move-in")]
    assert all(sheet.cell(r, 3).value and sheet.cell(r, 4).value for r in range(3, sheet.max_row + 1))

    assert run(monkeypatch, "--db", str(db), "import", "residents", str(source), "--allow-partial") == 0
    assert "Residents imported: 1;" in capsys.readouterr().out
    assert [name for name, _phone in _residents(db, tmp_path)] == ["Good"]


def test_not_a_workbook(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "notes.xlsx"
    source.write_text("hello")
    assert run(monkeypatch, "--db", str(db), "import", "residents", str(source)) == 1
    assert "is not an Excel workbook" in capsys.readouterr().err
    missing = tmp_path / "missing.xlsx"
    assert run(monkeypatch, "--db", str(db), "import", "residents", str(missing)) == 1
    assert "Cannot read" in capsys.readouterr().err


def test_arrears_import_is_idempotent_and_exports(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _workbook(
        tmp_path / "fees.xlsx",
        [
            ["幸福里欠费明细"],
            ["房号", "收费项目", "所属月份", "应收金额", "已收金额", "到期日"],
            ["3-1502", "物业费", "2026-01", "268.10", 100, "2026-01-31"],
            ["3栋1501", "水费", "2026年2月", 32.505, None, None],
            ["合计", None, None, 300.60, 100, None],
        ],
    )
    assert run(monkeypatch, "--db", str(db), "import", "arrears", str(source)) == 0
    out = capsys.readouterr().out
    assert "Rows read: 3, valid: 2, with problems: 0." in out
    assert "Charges added: 2; payments added: 1; already in the accounts: 0." in out
    assert "Total rows skipped: 1." in out
    assert run(monkeypatch, "--db", str(db), "import", "arrears", str(source)) == 0
    assert "Charges added: 0; payments added: 0; already in the accounts: 2." in capsys.readouterr().out

    target = tmp_path / "arrears.xlsx"
    assert run(monkeypatch, "--db", str(db), "export", "arrears", str(target)) == 0
    assert "Exported 2 rows" in capsys.readouterr().out
    sheet = load_workbook(target).active
    assert sheet is not None
    assert [c.value for c in sheet[2]] == [
        "Unit",
        "Building",
        "Residents",
        "Charged",
        "Paid",
        "Arrears",
        "Oldest unpaid",
        "Days unpaid",
    ]
    first, second = ([c.value for c in sheet[r]] for r in (3, 4))
    assert first[:6] == ["3-1501", "3栋", None, 32.51, 0, 32.51]  # 32.505 rounded half-up
    assert first[6].date() == date(2026, 2, 28) and first[7] > 0
    assert second[:6] == ["3-1502", "3栋", None, 268.1, 100, 168.1]
    assert sheet.cell(3, 4).number_format == "#,##0.00"

    services = connect(parse_target(db), backup_folder=tmp_path / "bk")
    try:  # the office sets its contract's late-fee rate: the export shows it, the arrears stay as they are
        services.settings.set(actor=Actor.command_line(), key="late_fee_per_day_permyriad", value=5)
    finally:
        services.close()
    assert run(monkeypatch, "--db", str(db), "export", "arrears", str(target)) == 0
    sheet = load_workbook(target).active
    assert sheet is not None and sheet.cell(2, 9).value == "Late fee (not charged)"
    owed, late = sheet.cell(3, 6).value, sheet.cell(3, 9).value
    days = sheet.cell(3, 8).value
    assert owed == 32.51 and late == round(32.51 * 5 / 10000 * days + 1e-9, 2)


def test_bad_arrears_rows_write_the_error_workbook(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _workbook(
        tmp_path / "fees.xlsx",
        [
            ["Unit", "Item", "Month", "Amount due", "Paid"],
            ["3-1502", "Management fee", "2026-01", "100", None],
            ["3-9999", "Management fee", "2026-01", "100", None],
            ["3-1501", "Water", "2026-01", "ten", None],
        ],
    )
    assert run(monkeypatch, "--db", str(db), "import", "arrears", str(source)) == 1
    captured = capsys.readouterr().out
    assert "Rows read: 3, valid: 1, with problems: 2." in captured
    sheet = load_workbook(tmp_path / "fees.errors.xlsx").active
    assert sheet is not None
    found = [(sheet.cell(r, 1).value, sheet.cell(r, 2).value) for r in range(3, sheet.max_row + 1)]
    assert found == [(3, "Unit"), (4, "Amount due")]
    assert all(sheet.cell(r, 3).value and sheet.cell(r, 4).value for r in range(3, sheet.max_row + 1))
    services = connect(parse_target(db), backup_folder=tmp_path / "bk")
    try:
        assert Charge.select().count() == 0
    finally:
        services.close()
    assert run(monkeypatch, "--db", str(db), "import", "arrears", str(source), "--allow-partial") == 0
    assert "Charges added: 1;" in capsys.readouterr().out


def test_a_fresh_office_imports_its_sheet_with_create_units(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "fresh.db"
    init_desk(monkeypatch, str(db), "新物业")
    source = _workbook(
        tmp_path / "业主.xlsx",
        [
            ["业主名册"],
            ["楼栋", "房号", "面积", "业主", "电话", "身份证号", "类型", "入住日期"],
            ["1栋", "101", 89.37, "王秀英", "138 1234 5678", GOOD_ID, "业主", "2019-06-01"],
            ["1栋", "102", "120.5", "李雷", None, None, "租户", None],
            ["2栋", "201", 75, "韩梅梅", None, None, None, None],
        ],
    )
    capsys.readouterr()
    assert run(monkeypatch, "--db", str(db), "import", "residents", str(source)) == 1  # no such units
    assert "Nothing was imported" in capsys.readouterr().out
    assert run(monkeypatch, "--db", str(db), "import", "residents", str(source), "--create-units") == 0
    assert capsys.readouterr().out.splitlines() == [
        "Rows read: 3, valid: 3, with problems: 0.",
        "Residents imported: 3; units created: 3.",
        "Buildings created: 2.",
    ]
    assert [name for name, _phone in _residents(db, tmp_path)] == ["李雷", "王秀英", "韩梅梅"]
    assert run(monkeypatch, "--db", str(db), "check") == 0  # the audit chain verifies


def test_a_bad_area_is_refused_with_its_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "fresh.db"
    init_desk(monkeypatch, str(db), "新物业")
    rows = [["Building", "Unit", "Area", "Owner"], ["1", "101", "89.5", "Ann"], ["1", "102", "-3", "Ben"]]
    source = _workbook(tmp_path / "bad.xlsx", rows)
    capsys.readouterr()
    assert run(monkeypatch, "--db", str(db), "import", "residents", str(source), "--create-units") == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"Nothing was imported: see the problems listed in {tmp_path / 'bad.errors.xlsx'}."
    )
    sheet = load_workbook(tmp_path / "bad.errors.xlsx").active
    assert sheet is not None
    assert [sheet.cell(3, c).value for c in (1, 2)] == [3, "Area"]
    assert "more than 0" in str(sheet.cell(3, 3).value)
    assert _residents(db, tmp_path) == []
