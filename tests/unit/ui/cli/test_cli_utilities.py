"""``frontdesk import|export meters|tariffs|readings`` and ``frontdesk utilities close``, read back."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from frontdesk.auth import Actor
from frontdesk.db import parse_target
from frontdesk.estate.models import Charge
from frontdesk.services import connect
from frontdesk.utilities.models import Meter
from tests.unit.ui.cli.conftest import init_desk, run


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A set-up database with building 3: 3-1501 (100 m², occupied), 3-1502 (50 m², occupied)."""
    path = tmp_path / "desk.db"
    init_desk(monkeypatch, str(path))
    services = connect(parse_target(path), backup_folder=tmp_path / "bk")
    try:
        actor = Actor.command_line()
        estate = services.estate
        building = estate.add_building(actor=actor, estate_id=estate.estates(actor=actor)[0].id, name="3栋")
        for number, area in (("1501", "100"), ("1502", "50")):
            estate.add_unit(
                actor=actor, building_id=building.id, number=number, area_m2=area, status="occupied", floor=15
            )
    finally:
        services.close()
    return path


def _workbook(path: Path, title: str, header: list[str], rows: list[list[object]]) -> Path:
    """A sheet as offices make them: a merged title row above the header."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _cells(path: Path) -> list[list[object]]:
    sheet = load_workbook(path).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


METERS = [
    ["电", "3-1501", "E-1501", None, 6, 0, date(2020, 1, 1), None, None, None],
    ["水", "3-1501", "W-1501", 1, 5, 100, "2020-01-01", None, None, None],
    ["電", "3-1502", "E-1502", 40, 6, 0, date(2020, 1, 1), None, None, None],
    ["water", "3-1502", "W-1502", None, 5, 100, date(2020, 1, 1), None, None, None],
    ["电", None, "P-3", 1, 6, 0, date(2020, 1, 1), "3栋公共照明", "按面積", "3栋"],
]
METER_HEADER = ["類別", "房號", "表號", "倍率", "位數", "初始讀數", "安裝日期", "位置", "公攤", "樓棟"]


def _import_meters(monkeypatch: pytest.MonkeyPatch, db: Path, tmp_path: Path) -> None:
    source = _workbook(tmp_path / "meters.xlsx", "幸福里 表計登記", METER_HEADER, METERS)
    assert run(monkeypatch, "--db", str(db), "import", "meters", str(source)) == 0


def test_meters_import_with_traditional_headers_in_any_order(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _import_meters(monkeypatch, db, tmp_path)
    assert "Meters added: 5." in capsys.readouterr().out
    services = connect(parse_target(db), backup_folder=tmp_path / "bk")
    try:
        found = {
            m.number: (
                m.kind,
                m.multiplier,
                m.digits,
                m.initial_reading,
                m.share,
                m.place,
                m.building_id is not None,
            )
            for m in Meter.select()
        }
    finally:
        services.close()
    assert found == {
        "E-1501": ("electricity", 1, 6, 0, "", "", False),
        "W-1501": ("water", 1, 5, 100, "", "", False),
        "E-1502": ("electricity", 40, 6, 0, "", "", False),
        "W-1502": ("water", 1, 5, 100, "", "", False),
        "P-3": ("electricity", 1, 6, 0, "area", "3栋公共照明", True),
    }


def test_a_wrong_row_imports_nothing_and_says_why_beside_the_file(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ["水", "3-1501", "W-1", 1, 5, 0, "2020-01-01"],
        ["煤", "3-1501", "X-1", 1, 5, 0, "2020-01-01"],  # no such kind
        ["水", "3-9999", "W-2", 1, 5, 0, "2020-01-01"],  # no such unit
        ["水", "3-1502", "W-1", 1, 5, 0, "2020-01-01"],  # the number of row 3 again
        ["水", "3-1502", "W-3", 1, 2, 500, "2020-01-01"],  # a 2-digit dial cannot show 500
    ]
    source = _workbook(
        tmp_path / "bad.xlsx", "表计", ["类别", "房号", "表号", "倍率", "位数", "初始读数", "安装日期"], rows
    )
    assert run(monkeypatch, "--db", str(db), "import", "meters", str(source)) == 1
    assert "Nothing was imported" in capsys.readouterr().out
    problems = _cells(tmp_path / "bad.errors.xlsx")[2:]
    assert [(p[0], p[1]) for p in problems] == [(4, "类别"), (5, "房号"), (6, "表号"), (7, "初始读数")]
    services = connect(parse_target(db), backup_folder=tmp_path / "bk")
    try:
        assert Meter.select().count() == 0
    finally:
        services.close()


TARIFF_HEADER = ["Kind", "From", "Period", "Upper bound", "Price", "Add-on"]
TARIFFS = [
    ["water", "2026-01", None, None, 3.45, 0.95],
    ["electricity", "2026-01", "year", 2160, "0.68", None],
    ["electricity", "2026-01", "year", None, 0.98, None],  # written out of order: sorted by the bound
    ["electricity", "2026-01", "year", 4200, 0.73, None],
]


def test_tariffs_and_readings_in_then_the_month_closed(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _import_meters(monkeypatch, db, tmp_path)
    tariffs = _workbook(tmp_path / "tariffs.xlsx", "Tariffs 2026", TARIFF_HEADER, TARIFFS)
    assert run(monkeypatch, "--db", str(db), "import", "tariffs", str(tariffs)) == 0
    readings = _workbook(
        tmp_path / "r.xlsx",
        "2026年1月抄表",
        ["房号", "类别", "本月读数", "表号", "换表旧表止码", "新表起码"],
        [
            ["3-1501", "水", 112, None, None, None],
            ["3-1501", "电", 2150, None, None, None],
            [None, "水", 4, "W-1502", 105, 0],  # replaced this month: 100 → 105 old, 0 → 4 new
            ["3-1502", "电", 10, None, None, None],
            [None, "电", 30, "P-3", None, None],
        ],
    )
    assert run(monkeypatch, "--db", str(db), "import", "readings", str(readings)) == 1  # no month given
    assert run(monkeypatch, "--db", str(db), "import", "readings", str(readings), "--month", "2026-01") == 0
    assert "Readings saved: 5; flagged to confirm or correct: 0." in capsys.readouterr().out
    assert (
        run(monkeypatch, "--db", str(db), "utilities", "close", "--month", "2026-01", "--due", "2026-02-20")
        == 0
    )
    # 3-1501: water 12 × (3.45 + 0.95) = 52.80; electricity 2,150 × 0.68 = 1,462.00 + 2/3 of P-3 (30 × 0.68)
    # 3-1502: water (105 − 100) + (4 − 0) = 9 m³ × 4.40 = 39.60; electricity 10 × 40 × 0.68 = 272.00 + 1/3
    assert "2026-01 closed: 4 charges posted, 1,846.80 yuan in all." in capsys.readouterr().out
    services = connect(parse_target(db), backup_folder=tmp_path / "bk")
    try:
        posted = sorted((c.kind, c.amount_fen, c.due_date) for c in Charge.select())
        assert posted == [
            ("electricity", 27200 + 680, date(2026, 2, 20)),
            ("electricity", 146200 + 1360, date(2026, 2, 20)),
            ("water", 3960, date(2026, 2, 20)),
            ("water", 5280, date(2026, 2, 20)),
        ]
    finally:
        services.close()


def test_exports_write_what_the_imports_read(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import_meters(monkeypatch, db, tmp_path)
    assert (
        run(
            monkeypatch,
            "--db",
            str(db),
            "import",
            "tariffs",
            str(_workbook(tmp_path / "t.xlsx", "t", TARIFF_HEADER, TARIFFS)),
        )
        == 0
    )
    readings = _workbook(
        tmp_path / "r.xlsx",
        "抄表",
        ["表号", "类别", "本月读数", "换表旧表止码", "新表起码"],
        [["W-1501", "水", 112, None, None], ["W-1502", "水", 4, 105, 0]],
    )
    assert run(monkeypatch, "--db", str(db), "import", "readings", str(readings), "--month", "2026-01") == 0
    for sheet in ("meters", "tariffs", "readings"):
        first = tmp_path / f"{sheet}-1.xlsx"
        assert (
            run(monkeypatch, "--db", str(db), "export", sheet, str(first), "--month", "2026-01", lang="zh_TW")
            == 0
        )
        # read back in another language, then written again: the same cells
        code = run(monkeypatch, "--db", str(db), "import", sheet, str(first), "--month", "2026-01")
        if sheet == "meters":  # every row read whole, and refused only as a meter already registered
            problems = _cells(tmp_path / f"{sheet}-1.errors.xlsx")[2:]
            assert code == 1 and len(problems) == 5
            assert all(p[1] == "表號" and "registered already" in str(p[2]) for p in problems)
        else:
            assert code == 0
        second = tmp_path / f"{sheet}-2.xlsx"
        assert (
            run(
                monkeypatch, "--db", str(db), "export", sheet, str(second), "--month", "2026-01", lang="zh_TW"
            )
            == 0
        )
        assert _cells(first)[1:] == _cells(second)[1:]
    assert _cells(tmp_path / "meters-1.xlsx")[1:] == [
        ["房號", "位置", "樓棟", "類別", "表號", "倍率", "位數", "初始讀數", "安裝日期", "公攤"],
        ["3-1501", None, None, "水錶", "W-1501", 1, 5, 100, datetime(2020, 1, 1), None],
        ["3-1501", None, None, "電錶", "E-1501", 1, 6, 0, datetime(2020, 1, 1), None],
        ["3-1502", None, None, "水錶", "W-1502", 1, 5, 100, datetime(2020, 1, 1), None],
        ["3-1502", None, None, "電錶", "E-1502", 40, 6, 0, datetime(2020, 1, 1), None],
        [None, "3栋公共照明", "3", "電錶", "P-3", 1, 6, 0, datetime(2020, 1, 1), "按面積"],
    ]
    assert _cells(tmp_path / "tariffs-1.xlsx")[1:] == [
        ["類別", "起始月份", "階梯週期", "階梯上限", "單價", "附加費"],
        ["水錶", "2026-01", "月", None, "3.45", "0.95"],
        ["電錶", "2026-01", "年", 2160, "0.68", "0"],
        ["電錶", "2026-01", "年", 4200, "0.73", "0"],
        ["電錶", "2026-01", "年", None, "0.98", "0"],
    ]
    assert _cells(tmp_path / "readings-1.xlsx")[1:] == [
        ["房號", "表號", "類別", "本月讀數", "換表舊表止碼", "新表起碼", "換表日期"],
        ["3-1501", "W-1501", "水錶", 112, None, None, None],
        ["3-1502", "W-1502", "水錶", 4, 105, 0, datetime(2026, 1, 31)],
    ]
