"""``frontdesk print work-order|work-plan`` and ``frontdesk export work-orders`` in-process, read back."""

from __future__ import annotations

import subprocess
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from frontdesk.auth import Actor
from frontdesk.clock import local_today, to_local, utcnow
from frontdesk.db import parse_target
from frontdesk.services import connect
from frontdesk.workorders.rows import MaterialInput, OrderInput, ReporterInput, TechnicianInput
from tests.unit.ui.cli.conftest import init_desk, run


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str, str]:
    """A paid order completed by 张师傅 (fee ¥155.50) and an urgent one dispatched to him, not signed for."""
    path = tmp_path / "desk.db"
    init_desk(monkeypatch, str(path))
    services = connect(parse_target(path), backup_folder=tmp_path / "bk")
    try:
        actor = Actor.command_line()
        estate = services.estate
        building = estate.add_building(actor=actor, estate_id=estate.estates(actor=actor)[0].id, name="3栋")
        unit = estate.add_unit(actor=actor, building_id=building.id, number="1502", area_m2="89.37")
        owner = estate.add_resident(
            actor=actor, unit_id=unit.id, kind="owner", name="李秀英", phone="13812345678"
        )
        w = services.workorders
        zhang = w.save_technician(
            actor=actor, technician=TechnicianInput("张师傅", skills=("water", "electrical"))
        )

        def order(**kw: object) -> OrderInput:
            values: dict[str, object] = {
                "unit_id": unit.id, "place": "", "problem": "厨房水管漏水", "category": "water",
                "urgency": "normal", "reporter": ReporterInput(owner.resident.id), **kw,
            }  # fmt: skip
            return OrderInput(**values)  # type: ignore[arg-type]

        row = w.create_order(actor=actor, client_id=str(uuid.uuid4()), order=order(paid=True))
        row = w.dispatch(actor=actor, number=row.number, version=row.version, technician_id=zhang.id)
        row = w.sign_for(actor=actor, number=row.number, version=row.version)
        row = w.survey(actor=actor, number=row.number, version=row.version, findings="角阀老化")
        row = w.quote(actor=actor, number=row.number, version=row.version, labour="120", materials="35.50")
        row = w.decide_quote(actor=actor, number=row.number, version=row.version, approve=True)
        row = w.start_work(actor=actor, number=row.number, version=row.version)
        row = w.complete(
            actor=actor, number=row.number, version=row.version, work_done="更换角阀", hours="1.5",
            materials=[MaterialInput("角阀", "1", "个", "35.50")],
        )  # fmt: skip
        urgent = w.create_order(
            actor=actor,
            client_id=str(uuid.uuid4()),
            order=order(urgency="urgent", category="electrical", problem="=HYPERLINK(1) 全屋停电"),
        )
        w.dispatch(actor=actor, number=urgent.number, version=urgent.version, technician_id=zhang.id)
        return path, row.number, urgent.number
    finally:
        services.close()


def _pdf_text(path: Path) -> str:
    return "".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], check=True, capture_output=True, text=True
        ).stdout.split()
    )


def test_print_the_work_slip_and_its_reprint(
    db: tuple[Path, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, number, _urgent = db
    pdf = tmp_path / "slip.pdf"
    typed = number.lower().replace("-", " ")
    assert (
        run(monkeypatch, "--db", str(path), "print", "work-order", typed, "--pdf", str(pdf), lang="zh_CN")
        == 0
    )
    assert number in capsys.readouterr().out
    text = _pdf_text(pdf)
    expected = [number, "幸福里物业管理处", "派工单", "第一联工程部联", "第二联办公室联", "厨房水管漏水"]
    expected += ["张师傅", "角阀老化", "更换角阀", "155.50", "有偿服务", "李秀英", "138****5678"]
    for part in expected:
        assert part in text, part
    assert "13812345678" not in text and "副本" not in text
    assert (
        run(monkeypatch, "--db", str(path), "print", "work-order", number, "--pdf", str(pdf), lang="zh_CN")
        == 0
    )
    assert "副本/REPRINT" in _pdf_text(pdf)
    assert (
        run(monkeypatch, "--db", str(path), "print", "work-order", "GC-20000101-0001", "--pdf", str(pdf)) == 1
    )
    assert "No work order has the number" in capsys.readouterr().err


def test_print_the_days_work_plan(
    db: tuple[Path, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, number, urgent = db
    pdf = tmp_path / "plan.pdf"
    day = local_today().isoformat()
    args = ("--db", str(path), "print", "work-plan", "--date", day, "--pdf", str(pdf))
    assert run(monkeypatch, *args, lang="zh_CN") == 0
    text = _pdf_text(pdf)
    assert f"工作计划表·{day}" in text and "张师傅" in text and urgent in text
    assert number not in text  # completed: off the plan
    bad = ("--db", str(path), "print", "work-plan", "--date", "2026-02-30", "--pdf", str(pdf))
    assert run(monkeypatch, *bad) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_export_work_orders_read_back_cell_by_cell(
    db: tuple[Path, str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, number, urgent = db
    book = tmp_path / "orders.xlsx"
    month = utcnow().strftime("%Y-%m")
    assert run(monkeypatch, "--db", str(path), "export", "work-orders", str(book), "--month", month) == 0
    assert "Exported 2 rows" in capsys.readouterr().out
    sheet = load_workbook(book).active
    assert sheet is not None
    heads = ["Number", "Received", "Department", "Unit or place", "Category", "Urgency"]
    assert [c.value for c in sheet[2]][:6] == heads
    paid, open_ = ([c.value for c in row] for row in sheet.iter_rows(min_row=3))
    assert paid[0] == number and isinstance(paid[1], datetime)
    assert paid[2:7] == ["Engineering", "3-1502", "Water supply and drainage", "Normal", "厨房水管漏水"]
    assert paid[7:12] == ["李秀英", "138****5678", "Paid service", "Completed, awaiting callback", "张师傅"]
    assert paid[16:20] == ["1.5", 155.5, None, 0]
    assert open_[0] == urgent and open_[5] == "Urgent" and open_[6] == "=HYPERLINK(1) 全屋停电"
    assert sheet.cell(row=4, column=7).data_type == "s"  # a formula typed in is text, never run
    assert open_[13] is None and open_[15] is None
    assert paid[1].date() == to_local(utcnow()).date()
    other = tmp_path / "other.xlsx"
    assert run(monkeypatch, "--db", str(path), "export", "work-orders", str(other), "--month", "2000-01") == 0
    assert "Exported 0 rows" in capsys.readouterr().out


def test_purge_names_the_work_orders(
    db: tuple[Path, str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _number, _urgent = db
    assert run(monkeypatch, "--db", str(path), "purge", "--dry-run") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["visits", "release slips", "complaints", "work orders"]
    assert lines[3].startswith("work orders: 0 would be purged")
