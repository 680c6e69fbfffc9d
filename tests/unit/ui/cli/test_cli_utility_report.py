"""``frontdesk report utilities``: the month's table written as a workbook and a PDF, read back."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor
from frontdesk.db import parse_target
from frontdesk.services import connect
from frontdesk.utilities.rows import MeterInput, ReadingInput, TariffStepInput
from frontdesk.utilities.tariffs import TariffInput
from tests.unit.ui.cli.conftest import run
from tests.unit.ui.cli.test_cli_utilities import db

__all__ = ["db"]  # the fixture


@pytest.fixture
def read(db: Path, tmp_path: Path) -> Path:
    """January 2026 read on 3-1501 (water 100 → 112) and 3-1502 (water 100 → 90: flagged)."""
    services = connect(parse_target(db), backup_folder=tmp_path / "bk")
    try:
        actor = Actor.command_line()
        utilities = services.utilities
        utilities.save_tariff(
            actor=actor,
            tariff=TariffInput(
                "water", "2020-01", "month", (TariffStepInput(None, Decimal("3.45"), Decimal("0.95")),)
            ),
        )
        estate = services.estate.estates(actor=actor)[0]
        (building,) = services.estate.buildings(actor=actor, estate_id=estate.id)
        units = services.estate.units(actor=actor, building_id=building.id)
        for unit, current in zip(units, (112, 90), strict=True):
            meter = utilities.add_meter(
                actor=actor,
                meter=MeterInput(
                    "water", f"W{unit.number}", 5, date(2020, 1, 1), unit.id, initial_reading=100
                ),
            )
            utilities.record_reading(actor=actor, month="2026-01", entry=ReadingInput(meter.id, current))
    finally:
        services.close()
    return db


def test_the_table_as_workbook_and_pdf(
    read: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx, pdf = tmp_path / "table.xlsx", tmp_path / "table.pdf"
    args = (
        "--db",
        str(read),
        "report",
        "utilities",
        "--month",
        "2026-01",
        "--xlsx",
        str(xlsx),
        "--pdf",
        str(pdf),
    )
    assert run(monkeypatch, *args, lang="zh_CN") == 0
    out = capsys.readouterr().out
    assert "水电费月度表 2026-01：2 行，合计 52.80 元。" in out and "未抄的表：1" in out
    workbook = load_workbook(xlsx)
    assert workbook.sheetnames == ["汇总", "3栋"]
    rows = [[c.value for c in row] for row in workbook["3栋"].iter_rows(min_row=3, max_row=4, max_col=11)]
    assert [(r[0], r[4], r[5], r[7], r[9]) for r in rows] == [
        ("3-1501", 100, 112, 12, 52.8),
        ("3-1502", 100, 90, 0, 0),
    ]
    assert workbook["3栋"]["J2"].value == "金额"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.read_bytes())).pages)
    assert "幸福里物业管理处" in text and "52.80" in text and "低于上月读数" in text
    assert "逐月对比" in text and "2025-08" in text  # the five months before, charted
    services = connect(parse_target(read), backup_folder=tmp_path / "bk")
    try:
        exports = AuditEntry.select().where(
            AuditEntry.action == "export", AuditEntry.entity == "utility_table"
        )
        files = sorted(json.loads(e.after)["file"] for e in exports)
        assert files == ["table.pdf", "table.xlsx"]
    finally:
        services.close()


def test_one_building_by_code_or_name_and_the_mistakes(
    read: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = tmp_path / "one.pdf"
    base = ("--db", str(read), "report", "utilities", "--month", "2026-01")
    assert run(monkeypatch, *base, "--building", "3栋", "--pdf", str(pdf)) == 0
    assert "Utility table 2026-01: 2 lines, 52.80 yuan in all." in capsys.readouterr().out
    assert "Month on month" in "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.read_bytes())).pages)
    assert run(monkeypatch, *base, "--building", "3", "--history", "0", "--pdf", str(pdf)) == 0  # by code
    assert "Month on month" not in "".join(
        p.extract_text() for p in PdfReader(BytesIO(pdf.read_bytes())).pages
    )
    assert run(monkeypatch, *base, "--building", "9", "--pdf", str(pdf)) == 1
    assert "No building with the code or name 9." in capsys.readouterr().err
    assert run(monkeypatch, *base) == 1
    assert "--xlsx FILE, --pdf FILE" in capsys.readouterr().err
    assert (
        run(monkeypatch, "--db", str(read), "report", "utilities", "--month", "2026-13", "--pdf", str(pdf))
        == 1
    )
    assert not (tmp_path / "one.pdf.part").exists()


def test_print_the_round_sheet_and_the_notices(
    read: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet, notices = tmp_path / "round.pdf", tmp_path / "notices.pdf"
    base = ("--db", str(read), "print")
    assert (
        run(monkeypatch, *base, "round-sheet", "--month", "2026-02", "--building", "3栋", "--pdf", str(sheet))
        == 0
    )
    assert "Round sheet of 3栋: 2 meters" in capsys.readouterr().out
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(sheet.read_bytes())).pages)
    assert "W1501" in text and "W1502" in text
    assert "112" in text and "90" in text  # February's previous readings
    with pytest.raises(SystemExit):  # the parser wants the building
        run(monkeypatch, *base, "round-sheet", "--month", "2026-02", "--pdf", str(sheet))
    capsys.readouterr()
    assert (
        run(monkeypatch, *base, "utility-notices", "--month", "2026-01", "--pdf", str(notices), lang="zh_CN")
        == 0
    )
    assert "交费通知单：2 户" in capsys.readouterr().out
    pages = [p.extract_text() for p in PdfReader(BytesIO(notices.read_bytes())).pages]
    assert len(pages) == 2 and "应交金额：52.80 元。" in pages[0] and "应交金额：0.00 元。" in pages[1]
    two = ("utility-notices", "--month", "2026-01", "--paper", "a4x2", "--pdf", str(notices))
    assert run(monkeypatch, *base, *two) == 0
    (sheet_of_two,) = PdfReader(BytesIO(notices.read_bytes())).pages  # both units on one A4 sheet
    assert round(float(sheet_of_two.mediabox.height)) == 842 and "52.80" in sheet_of_two.extract_text()
