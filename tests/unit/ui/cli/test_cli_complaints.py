"""``frontdesk export complaints|callbacks`` and ``frontdesk print complaint`` in-process, read back."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook

from frontdesk.auth import Actor
from frontdesk.callbacks.rows import CallbackInput
from frontdesk.clock import utcnow
from frontdesk.complaints.rows import ComplainantInput, IntakeInput
from frontdesk.db import parse_target
from frontdesk.services import connect
from tests.unit.ui.cli.conftest import init_desk, run


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, str]:
    """A database with a closed valid complaint (called back) and an open one by "=SUM(1)"."""
    path = tmp_path / "desk.db"
    init_desk(monkeypatch, str(path))
    services = connect(parse_target(path), backup_folder=tmp_path / "bk")
    try:
        actor = Actor.command_line()
        services.settings.set(actor=actor, key="callback_by_handler_allowed", value=True)
        estate = services.estate
        building = estate.add_building(actor=actor, estate_id=estate.estates(actor=actor)[0].id, name="3栋")
        unit = estate.add_unit(actor=actor, building_id=building.id, number="1502", area_m2="89.37")
        owner = estate.add_resident(
            actor=actor, unit_id=unit.id, kind="owner", name="李秀英", phone="13812345678"
        )
        c = services.complaints
        row = c.take_complaint(
            actor=actor,
            client_id=str(uuid.uuid4()),
            intake=IntakeInput(
                "walk_in",
                ComplainantInput(owner.resident.id),
                unit.id,
                "",
                "物业费乱收费",
                "valid",
                "charges",
            ),
        )
        row = c.judge_nature(actor=actor, number=row.number, version=row.version, nature="重复收取管理费")
        row = c.assign_department(actor=actor, number=row.number, version=row.version, department="finance")
        row = c.record_site_visit(
            actor=actor,
            number=row.number,
            version=row.version,
            supervisor="财务主管陈",
            visited_at=utcnow(),
            findings="账单重复",
        )
        row = c.record_handling(
            actor=actor, number=row.number, version=row.version, actions="冲销账单", result="已退款"
        )
        [cb] = services.callbacks.for_case(actor=actor, module="complaint", case_id=row.id)
        services.callbacks.record_call(
            actor=actor,
            client_id=str(uuid.uuid4()),
            callback_id=cb.id,
            version=cb.version,
            call=CallbackInput("phone", "业主很满意", "very_satisfied", "closed"),
        )
        other = c.take_complaint(
            actor=actor,
            client_id=str(uuid.uuid4()),
            intake=IntakeInput(
                "phone",
                ComplainantInput(None, "=SUM(1)", "13900001111"),
                None,
                "地下车库",
                "请问车位",
                "communicative",
                "enquiry",
            ),
        )
        return path, row.number, other.number
    finally:
        services.close()


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_print_complaint_sheet_with_its_callback(
    db: tuple[Path, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, number, _other = db
    pdf = tmp_path / "sheet.pdf"
    assert (
        run(
            monkeypatch,
            "--db",
            str(path),
            "print",
            "complaint",
            number.lower(),
            "--pdf",
            str(pdf),
            lang="zh_CN",
        )
        == 0
    )
    assert number in capsys.readouterr().out
    text = _pdf_text(pdf)
    for expected in (
        number,
        "幸福里物业管理处",
        "物业费乱收费",
        "财务主管陈",
        "已退款",
        "业主很满意",
        "李秀英",
    ):
        assert expected in text, expected
    assert "13812345678" not in text
    assert (
        run(monkeypatch, "--db", str(path), "print", "complaint", "TS-20000101-0001", "--pdf", str(pdf)) == 1
    )
    assert "No complaint has the number" in capsys.readouterr().err


def test_export_complaints_and_callbacks_masked(
    db: tuple[Path, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, number, other = db
    book = tmp_path / "complaints.xlsx"
    month = utcnow().strftime("%Y-%m")
    assert run(monkeypatch, "--db", str(path), "export", "complaints", str(book), "--month", month) == 0
    assert "Exported 2 rows" in capsys.readouterr().out
    sheet = load_workbook(book).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert [r[0] for r in rows] == [number, other]
    assert rows[0][4:9] == ["李秀英", "138****5678", "Valid complaint", "Charges", "Closed"]
    assert rows[1][3] == "地下车库" and rows[1][4] == "=SUM(1)" and rows[1][5] == "139****1111"
    assert sheet.cell(row=2, column=1).value == "Number"
    calls = tmp_path / "callbacks.xlsx"
    assert run(monkeypatch, "--db", str(path), "export", "callbacks", str(calls)) == 0
    sheet = load_workbook(calls).active
    assert sheet is not None
    [line] = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert line[0] == number and line[3] == "138****5678"
    assert line[8:12] == ["Phone", "Very satisfied", "Closed", "业主很满意"]
    assert run(monkeypatch, "--db", str(path), "export", "complaints", str(book), "--month", "2026-13") == 1


def test_rules_out_and_in_through_a_workbook(
    db: tuple[Path, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, _number, _other = db
    book = tmp_path / "rules.xlsx"
    assert run(monkeypatch, "--db", str(path), "export", "complaint-rules", str(book), lang="zh_CN") == 0
    workbook = load_workbook(book)
    sheet = workbook.active
    assert sheet is not None
    assert [c.value for c in sheet[3]] == ["亂收費", "valid", "charges", "有效投诉 · 收费"]
    sheet.cell(row=3, column=1).value = "噪音"
    sheet.cell(row=3, column=3).value = "other"
    workbook.save(book)
    assert run(monkeypatch, "--db", str(path), "import", "complaint-rules", str(book)) == 0
    assert "Imported 36 keyword rules." in capsys.readouterr().out

    sheet.cell(row=4, column=3).value = "enquiry"  # a valid complaint cannot be an enquiry
    sheet.cell(row=5, column=1).value = "噪音"  # twice
    workbook.save(book)
    assert run(monkeypatch, "--db", str(path), "import", "complaint-rules", str(book)) == 1
    err = capsys.readouterr().err
    assert "Row 4:" in err and "Row 5:" in err and "Nothing was imported." in err
    services = connect(parse_target(path), backup_folder=tmp_path / "bk")
    try:
        rules = services.complaints.rules(actor=Actor.command_line())
        assert (rules[0].keyword, rules[0].kind) == ("噪音", "other") and rules[1].keyword == "乱收费"
        assert services.complaints.suggest(actor=Actor.command_line(), text="楼上噪音").code == "valid:other"
    finally:
        services.close()
