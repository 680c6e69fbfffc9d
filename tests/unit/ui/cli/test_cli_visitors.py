"""``frontdesk purge`` and ``frontdesk export visitors`` in-process, on both engines."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor
from frontdesk.clock import utcnow
from frontdesk.db import DatabaseTarget
from frontdesk.services import Services, connect
from frontdesk.visitors.models import Visit, Visitor
from tests.unit.ui.cli.conftest import PASSWORD
from ui.app import main


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the ID key file's default folder


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str, stdin: str = ""
) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--lang", "en", *args])
    return code, capsys.readouterr().out


@pytest.fixture
def db(db_target: DatabaseTarget, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    """A database set up by ``frontdesk init``."""
    args = ("--db", db_target.location, "init", "--office", "幸福里", "--admin", "admin", "--password-stdin")
    assert run(monkeypatch, capsys, *args, stdin=PASSWORD + "\n")[0] == 0
    return db_target.location


@pytest.fixture
def opened(db: str, db_target: DatabaseTarget, tmp_path: Path) -> Iterator[Services]:
    """The services on that database (closed before the command runs)."""
    services = connect(db_target, backup_folder=tmp_path / "bk")
    yield services
    services.close()


def _visit(services: Services, name: str, days_ago: int) -> int:
    actor = Actor.command_line()
    row = services.visitors.register_visit(
        actor=actor, purpose="delivery", name=name, phone="13912345678", host_department="工程部",
        told="工程部", notify_method="phone", answer="agreed",
    )  # fmt: skip
    Visit.update(time_in=utcnow() - timedelta(days=days_ago)).where(Visit.id == row.id).execute()
    Visitor.update(last_visit_at=utcnow() - timedelta(days=days_ago)).where(
        Visitor.id == row.visitor_id
    ).execute()
    return row.id


def test_purge_dry_run_then_for_real(
    db: str, opened: Services, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    old, recent = _visit(opened, "旧访客", 45), _visit(opened, "新访客", 1)
    opened.close()
    code, out = run(monkeypatch, capsys, "--db", db, "purge", "--dry-run")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0].startswith("visits: 1 would be purged (0 held)")
    assert lines[1].startswith("release slips: 0 would be purged")
    code, out = run(monkeypatch, capsys, "--db", db, "purge")
    assert code == 0
    assert out.splitlines()[0].startswith("visits: 1 purged (0 held), older than ")
    opened.connection = connect(opened.target, backup_folder=Path(db).parent / "bk2").connection
    assert Visit.get_by_id(old).purged_at is not None and Visit.get_by_id(recent).purged_at is None
    assert Visitor.get(Visitor.id == Visit.get_by_id(old).visitor_id).name == ""
    assert (
        AuditEntry.select().where((AuditEntry.action == "purge") & (AuditEntry.source == "cli")).count() == 1
    )


def test_export_writes_masked_rows_and_user_text_as_text(
    db: str,
    opened: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _visit(opened, '=HYPERLINK("http://x")', 0)
    _visit(opened, "@王五", 0)
    month = f"{utcnow():%Y-%m}"
    opened.close()
    target = tmp_path / "visits.xlsx"
    code, out = run(monkeypatch, capsys, "--db", db, "export", "visitors", str(target), "--month", month)
    assert code == 0 and "Exported 2 rows" in out
    sheet = load_workbook(target).active
    assert sheet is not None
    cells = {sheet.cell(r, 2).value: sheet.cell(r, 2) for r in range(3, 5)}
    formula = cells['=HYPERLINK("http://x")']
    assert formula.data_type == "s" and formula.quotePrefix
    assert cells["@王五"].data_type == "s"
    phones = {sheet.cell(r, 3).value for r in range(3, 5)}
    assert phones == {"139****5678"}
    code, _out = run(monkeypatch, capsys, "--db", db, "export", "visitors", str(target), "--month", "2026-13")
    assert code == 1
