"""Two desks (processes) moving the same work order at once, on SQLite and PostgreSQL: one wins, the
other is told "changed by X at T" and reads the order as the winner left it."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from frontdesk.auth import Actor, Role
from frontdesk.db import DatabaseTarget
from frontdesk.services import connect
from frontdesk.workorders.models import WorkOrderEvent
from frontdesk.workorders.rows import OrderInput, ReporterInput, TechnicianInput

ROOT = Path(__file__).resolve().parents[2]

#: a desk: reads the order, waits for "go" on stdin, dispatches it to its technician
DESK = """
import sys
from pathlib import Path

from frontdesk.auth import Actor, Role
from frontdesk.db import parse_target
from frontdesk.errors import Conflict
from frontdesk.services import connect

url, number, clerk, technician = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
services = connect(parse_target(url), backup_folder=Path("unused-backups"), desk=clerk, exclusive=False)
actor = Actor(username=clerk, display_name=clerk, role=Role.CLERK, desk=clerk)
try:
    row = services.workorders.get(actor=actor, number=number).order
    print("read", row.version, flush=True)
    sys.stdin.readline()
    try:
        saved = services.workorders.dispatch(actor=actor, number=number, version=row.version,
                                             technician_id=technician)
        print("saved", saved.technician_name, flush=True)
    except Conflict as exc:
        now = services.workorders.get(actor=actor, number=number).order
        print("conflict", now.technician_name, exc.message, flush=True)
finally:
    services.close()
"""


def _desk(target: DatabaseTarget, number: str, clerk: str, technician: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", DESK, target.location, number, clerk, str(technician)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def _line(desk: subprocess.Popen[str]) -> str:
    assert desk.stdout is not None
    line = desk.stdout.readline()
    if not line:
        pytest.fail(f"the desk process failed:\n{desk.communicate(timeout=30)[1]}")
    return line.strip()


def test_two_desks_dispatching_the_same_order(db_target: DatabaseTarget, tmp_path: Path) -> None:
    services = connect(db_target, backup_folder=tmp_path / "b", create=True, exclusive=False)
    try:
        services.setup.initialize(
            actor=None, office_name="处", estate_name="幸福里", admin_username="admin",
            admin_display_name="王主任", admin_password="admin-pass-1", visitor_retention_days=30,
            slip_retention_days=365,
        )  # fmt: skip
        admin = Actor.command_line()
        estate = services.estate
        building = estate.add_building(actor=admin, estate_id=estate.estates(actor=admin)[0].id, name="3栋")
        unit = estate.add_unit(actor=admin, building_id=building.id, number="1502", area_m2="80")
        w = services.workorders
        zhang = w.save_technician(actor=admin, technician=TechnicianInput("张师傅", skills=("water",)))
        li = w.save_technician(actor=admin, technician=TechnicianInput("李师傅", skills=("water",)))
        clerk = Actor(username="desk0", display_name="desk0", role=Role.CLERK)
        order = OrderInput(unit.id, "", "厨房漏水", "water", "urgent", ReporterInput(None, "李秀英", ""))
        number = w.create_order(actor=clerk, client_id=str(uuid.uuid4()), order=order).number
    finally:
        services.close()

    first, second = _desk(db_target, number, "zhou", zhang.id), _desk(db_target, number, "wu", li.id)
    try:
        assert _line(first) == "read 1" and _line(second) == "read 1"  # both hold the same copy
        first_out, first_err = first.communicate("go\n", timeout=60)
        second_out, second_err = second.communicate("go\n", timeout=60)
    finally:
        for desk in (first, second):
            if desk.poll() is None:
                desk.kill()
                desk.wait()
    assert first.returncode == 0 and second.returncode == 0, first_err + second_err
    assert first_out.strip() == "saved 张师傅"
    assert second_out.startswith("conflict 张师傅 Changed by zhou at ")
    services = connect(db_target, backup_folder=tmp_path / "b", exclusive=False)
    try:
        detail = services.workorders.get(actor=Actor.command_line(), number=number)
        assert (detail.order.technician_name, detail.order.version) == ("张师傅", 2)
        assert [e.action for e in detail.events] == ["created", "dispatched"]
        assert WorkOrderEvent.select().count() == 2
    finally:
        services.close()
