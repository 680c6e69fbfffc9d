"""The services on a PostgreSQL server: end to end, and two desks (processes) editing one record."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontdesk import audit, migrations
from frontdesk.auth import Actor, Role, Staff
from frontdesk.db import DatabaseTarget, database_proxy
from frontdesk.errors import PermissionDenied, UserError
from frontdesk.services import Services, connect

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("db_target", ["postgresql"], indirect=True)]

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "admin-pass-1"

#: a second desk: reads the staff record, waits for "go" on stdin, then saves its change
DESK = """
import sys
from pathlib import Path

from frontdesk.auth import Actor, Role
from frontdesk.db import parse_target
from frontdesk.errors import Conflict
from frontdesk.services import connect

url, staff_id, editor, new_name = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
services = connect(parse_target(url), backup_folder=Path("unused-backups"), desk=editor)
actor = Actor(username=editor, display_name=editor, role=Role.ADMIN, desk=editor)
try:
    row = next(r for r in services.staff.list(actor=actor) if r.id == staff_id)
    print("read", row.version, flush=True)
    sys.stdin.readline()
    try:
        saved = services.staff.update(actor=actor, staff_id=staff_id, version=row.version,
                                      display_name=new_name)
        print("saved", saved.version, flush=True)
    except Conflict as exc:
        print("conflict", exc.message, flush=True)
finally:
    services.close()
"""


@pytest.fixture
def pg(db_target: DatabaseTarget, tmp_path: Path) -> Iterator[Services]:
    """Services on an empty PostgreSQL database (reset for this test)."""
    services = connect(db_target, backup_folder=tmp_path / "backups", desk="pg-desk", create=True)
    yield services
    services.close()


def test_services_end_to_end(pg: Services) -> None:
    assert not pg.setup.is_initialized()
    pg.setup.initialize(
        actor=None,
        office_name="幸福里物业管理处",
        estate_name="幸福里",
        admin_username="admin",
        admin_display_name="王主任",
        admin_password=PASSWORD,
        visitor_retention_days=30,
        slip_retention_days=365,
    )
    admin = pg.staff.authenticate(username="admin", password=PASSWORD)
    pg.staff.add(actor=admin, username="li", display_name="李明", role=Role.CLERK, password="password-123")
    clerk = pg.staff.authenticate(username="li", password="password-123")
    with pytest.raises(PermissionDenied):
        pg.staff.list(actor=clerk)
    with pytest.raises(UserError, match="pg_dump"):
        pg.maintenance.backup_now(actor=admin)
    pg.settings.set(actor=admin, key="idle_lock_minutes", value=20)

    report = pg.maintenance.check()

    assert report.ok, report.problems
    assert report.checks == ("schema", "audit_chain", "audit_anchors", "release_slips", "unit_balances")
    assert report.audit_entries == 10  # 6 at set-up, a login, the new clerk, a login, a setting
    assert [r.username for r in pg.staff.list(actor=admin)] == ["admin", "li"]
    assert pg.setup.office() is not None
    assert pg.settings.get("idle_lock_minutes") == 20
    assert pg.target.display().startswith("PostgreSQL · 127.0.0.1")


def test_session_runs_in_utc_with_a_statement_timeout(pg: Services) -> None:
    assert database_proxy.execute_sql("SHOW timezone").fetchone()[0] == "UTC"
    assert database_proxy.execute_sql("SHOW statement_timeout").fetchone()[0] == "30s"
    assert database_proxy.execute_sql("SHOW application_name").fetchone()[0] == "frontdesk"


def test_several_programs_may_open_the_same_database(
    pg: Services, db_target: DatabaseTarget, tmp_path: Path
) -> None:
    code = (
        "import sys; from pathlib import Path; from frontdesk.db import parse_target; "
        "from frontdesk.services import connect; "
        "s = connect(parse_target(sys.argv[1]), backup_folder=Path('x'), create=True); "
        "print(s.staff.count()); s.close()"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, db_target.location],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


def _start_desk(url: str, staff_id: int, editor: str, new_name: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", DESK, url, str(staff_id), editor, new_name],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _first_line(desk: subprocess.Popen[str]) -> str:
    assert desk.stdout is not None
    line = desk.stdout.readline()
    if not line:
        _, err = desk.communicate(timeout=30)
        pytest.fail(f"the desk process failed:\n{err}")
    return line.strip()


def test_two_desks_saving_the_same_record(pg: Services, db_target: DatabaseTarget) -> None:
    pg.setup.initialize(
        actor=None,
        office_name="处",
        estate_name="幸福里",
        admin_username="admin",
        admin_display_name="王主任",
        admin_password=PASSWORD,
        visitor_retention_days=30,
        slip_retention_days=365,
    )
    admin = Actor(username="admin", display_name="王主任", role=Role.ADMIN)
    row = pg.staff.add(
        actor=admin, username="li", display_name="李明", role=Role.CLERK, password="password-123"
    )
    for name in ("zhou", "wu"):
        pg.staff.add(actor=admin, username=name, display_name=name, role=Role.ADMIN, password="password-123")

    first = _start_desk(db_target.location, row.id, "zhou", "李明（前台一）")
    second = _start_desk(db_target.location, row.id, "wu", "李明（前台二）")
    try:
        # both desks hold a copy at version 1 before either saves
        assert _first_line(first) == "read 1"
        assert _first_line(second) == "read 1"
        first_out, first_err = first.communicate("go\n", timeout=60)
        second_out, second_err = second.communicate("go\n", timeout=60)
    finally:
        for desk in (first, second):
            if desk.poll() is None:
                desk.kill()
                desk.wait()

    assert first.returncode == 0, first_err
    assert second.returncode == 0, second_err
    assert first_out.strip() == "saved 2"
    assert second_out.startswith("conflict Changed by zhou at ")
    assert "your changes were not saved" in second_out
    stored = Staff.get_by_id(row.id)
    assert (stored.display_name, stored.version, stored.updated_by) == ("李明（前台一）", 2, "zhou")
    history = (
        audit.AuditEntry.select()
        .where((audit.AuditEntry.entity == "staff") & (audit.AuditEntry.entity_id == str(row.id)))
        .order_by(audit.AuditEntry.id)
    )
    assert [(e.action, e.actor, e.desk) for e in history] == [
        ("create", "admin", ""),
        ("update", "zhou", "zhou"),
    ]
    assert pg.maintenance.check().ok


#: one desk's start-up: wait for "go" so that all start together, connect (and migrate), report
START = """
import sys
from pathlib import Path

from frontdesk.db import parse_target
from frontdesk.services import connect

sys.stdin.readline()
services = connect(parse_target(sys.argv[1]), backup_folder=Path("unused-backups"), create=True)
print(services.staff.count(), flush=True)
services.close()
"""


@pytest.mark.slow
def test_desks_starting_at_once_on_a_new_database_migrate_it_once(db_target: DatabaseTarget) -> None:
    # SQLite needs no such test: one program per file (the instance lock refuses a second one)
    desks = [
        subprocess.Popen(
            [sys.executable, "-c", START, db_target.location],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    try:
        for desk in desks:  # every desk has imported the program before any connects
            assert desk.stdin is not None
            desk.stdin.write("go\n")
        for desk in desks:
            assert desk.stdin is not None
            desk.stdin.flush()
        outcomes = [desk.communicate(timeout=60) for desk in desks]
    finally:
        for desk in desks:
            if desk.poll() is None:
                desk.kill()
                desk.wait()

    for desk, (out, err) in zip(desks, outcomes, strict=True):
        assert desk.returncode == 0, err
        assert out.strip() == "0"
    services = connect(db_target, backup_folder=Path("unused-backups"))
    try:
        versions = [
            r[0] for r in database_proxy.execute_sql("SELECT version FROM schema_version ORDER BY version")
        ]
        assert versions == [m.version for m in migrations.MIGRATIONS]
        assert services.maintenance.check().ok
    finally:
        services.close()
