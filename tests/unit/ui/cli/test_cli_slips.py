"""``frontdesk print release-slip`` and ``frontdesk export release-slips`` in-process, read back."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook

from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor
from frontdesk.clock import utcnow
from frontdesk.db import parse_target
from frontdesk.identity import check_digit_cn
from frontdesk.services import connect
from frontdesk.slips.rows import ApplicantInput, ConfirmationInput, ItemInput
from tests.unit.ui.cli.conftest import init_desk, run

AGENT_ID = "44030419900202456" + check_digit_cn("44030419900202456")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """A set-up database with two slips: one for 李秀英 the owner, one for a mover named "=SUM(1)"."""
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
        numbers = []
        for name, kind, resident in (("李秀英", "owner", owner.resident.id), ("=SUM(1)", "agent", None)):
            applicant = ApplicantInput(kind, resident, name, "13812345678", "cn_id", AGENT_ID)
            slip = services.slips.issue_slip(
                actor=actor,
                client_id=str(uuid.uuid4()),
                unit_id=unit.id,
                applicant=applicant,
                items=[ItemInput("双人床垫", "1", "张"), ItemInput("书桌", "2", "张", "旧")],
                reason="moving_out",
                confirmation=None if kind == "owner" else _agreed(owner.resident.id),
            )
            numbers.append(slip.number)
    finally:
        services.close()
    return path, numbers


def _agreed(owner_id: int) -> ConfirmationInput:
    return ConfirmationInput(owner_id, "13812345678", utcnow(), "agreed")


def _audit(path: Path, tmp_path: Path, action: str) -> list[str]:
    services = connect(parse_target(path), backup_folder=tmp_path / "bk")
    try:
        query = AuditEntry.select().where(
            (AuditEntry.entity == "release_slip") & (AuditEntry.action == action)
        )
        return [e.after for e in query.order_by(AuditEntry.id)]
    finally:
        services.close()


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_print_release_slip_writes_the_pdf_and_records_the_print(
    db: tuple[Path, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, (number, _agent) = db
    pdf = tmp_path / "slip.pdf"
    typed = number.lower().replace("-", " ")
    assert (
        run(monkeypatch, "--db", str(path), "print", "release-slip", typed, "--pdf", str(pdf), lang="zh_CN")
        == 0
    )
    assert number in capsys.readouterr().out
    text = _pdf_text(pdf)
    assert number in text and "幸福里物业管理处" in text and "双人床垫" in text and "李秀英" in text
    assert "REPRINT" not in text
    (entry,) = _audit(path, tmp_path, "print")
    assert "applicant,gate,office" in entry and "slip.pdf" in entry

    again = tmp_path / "again.pdf"
    args = ("--db", str(path), "print", "release-slip", number, "--pdf", str(again), "--copies", "gate")
    assert run(monkeypatch, *args, lang="zh_CN") == 0
    assert "REPRINT" in _pdf_text(again)
    assert len(_audit(path, tmp_path, "print")) == 2


def test_print_refuses_unknown_slips_and_copies(
    db: tuple[Path, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, (number, _agent) = db
    pdf = tmp_path / "slip.pdf"
    assert (
        run(monkeypatch, "--db", str(path), "print", "release-slip", "FX-20000101-0001", "--pdf", str(pdf))
        == 1
    )
    assert "No release slip has the number" in capsys.readouterr().err
    args = ("--db", str(path), "print", "release-slip", number, "--pdf", str(pdf), "--copies", "boss")
    assert run(monkeypatch, *args) == 1
    assert "copies" in capsys.readouterr().err
    assert not pdf.exists() and _audit(path, tmp_path, "print") == []


def test_export_release_slips_masked_and_formulas_kept_as_text(
    db: tuple[Path, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path, numbers = db
    target = tmp_path / "slips.xlsx"
    assert run(monkeypatch, "--db", str(path), "export", "release-slips", str(target)) == 0
    assert "2 rows" in capsys.readouterr().out
    sheet = load_workbook(target).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert [r[0] for r in rows] == numbers
    applicants = {r[5]: sheet.cell(3 + i, 6) for i, r in enumerate(rows)}
    assert set(applicants) == {"李秀英", "=SUM(1)"}
    formula_cell = applicants["=SUM(1)"]
    assert formula_cell.data_type == "s"  # text, not a formula
    assert rows[0][6] == "138****5678" and rows[0][7] == "440304********4562"
    flat = repr(rows)
    assert "13812345678" not in flat and AGENT_ID not in flat
    (entry,) = _audit(path, tmp_path, "export")
    assert '"rows": 2' in entry

    month = numbers[0].split("-")[1][:6]
    other = tmp_path / "none.xlsx"
    assert (
        run(monkeypatch, "--db", str(path), "export", "release-slips", str(other), "--month", "2000-01") == 0
    )
    assert "0 rows" in capsys.readouterr().out
    assert (
        run(monkeypatch, "--db", str(path), "export", "release-slips", str(other), "--month", "2000-13") == 1
    )
    assert "month" in capsys.readouterr().err
    this_month = f"{month[:4]}-{month[4:]}"
    assert (
        run(monkeypatch, "--db", str(path), "export", "release-slips", str(other), "--month", this_month) == 0
    )
    assert "2 rows" in capsys.readouterr().out


@pytest.mark.parametrize("where", ["missing-folder", "a-folder"])
@pytest.mark.parametrize("command", ["export", "print"])
def test_a_file_that_cannot_be_written_is_one_line_and_no_audit_entry(
    db: tuple[Path, list[str]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    where: str,
    command: str,
) -> None:
    path, numbers = db
    suffix = "xlsx" if command == "export" else "pdf"
    target = tmp_path / "no-such-folder" / f"out.{suffix}" if where == "missing-folder" else tmp_path
    args = (
        ("export", "release-slips", str(target))
        if command == "export"
        else ("print", "release-slip", numbers[0], "--pdf", str(target))
    )
    action = "export" if command == "export" else "print"
    before = _audit(path, tmp_path, action)
    capsys.readouterr()
    assert run(monkeypatch, "--db", str(path), *args) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert ("does not exist" in err) if where == "missing-folder" else ("is a folder" in err)
    assert _audit(path, tmp_path, action) == before
    assert not (tmp_path / "no-such-folder").exists()
