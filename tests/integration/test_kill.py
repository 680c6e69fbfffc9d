"""kill -9 during audited writes to SQLite: the file stays sound and every acknowledged commit is kept."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from frontdesk.audit import AuditEntry
from frontdesk.db import DatabaseTarget
from frontdesk.office import read_setting
from frontdesk.services import connect

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"),
]

ROOT = Path(__file__).resolve().parents[2]
ROUNDS = 3
RUN_SECONDS = 1.0

#: the child: a desk changing a setting in a loop, printing each acknowledged commit
WRITER = """
import sys
from pathlib import Path

import peewee as pw

from frontdesk.audit import AuditEntry
from frontdesk.auth import Actor, Role
from frontdesk.db import parse_target
from frontdesk.services import connect

services = connect(parse_target(sys.argv[1]), create=True, backup_folder=Path(sys.argv[2]), desk="kill-test")
admin = Actor.command_line("kill-test")  # the database has no staff yet: the command line acts
print("ready", flush=True)
n = 0
while True:
    value = 1 + n % 240
    services.settings.set(actor=admin, key="idle_lock_minutes", value=value)
    # this process is the only writer: the newest entry is the one just committed
    entry_id = AuditEntry.select(pw.fn.MAX(AuditEntry.id)).scalar()
    print(entry_id, value, flush=True)
    n += 1
"""


def _run_and_kill(target: DatabaseTarget, backups: Path) -> tuple[list[tuple[int, int]], str]:
    """Start the writer, SIGKILL it ~1 s after it is ready; return the commits it acknowledged."""
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, target.location, str(backups)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None and child.stderr is not None
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert child.stdout is not None
        for line in child.stdout:
            if line == "ready\n":
                ready.set()
            elif line.endswith("\n"):  # a cut-off last line was never acknowledged
                lines.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        assert ready.wait(timeout=30), "the writer did not start"
        time.sleep(RUN_SECONDS)
        assert child.poll() is None, "the writer died on its own"
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        reader.join(timeout=30)
    stderr = child.stderr.read()
    child.stdout.close()
    child.stderr.close()
    assert child.returncode == -signal.SIGKILL, stderr
    return [(int(a), int(b)) for a, b in (line.split() for line in lines)], stderr


def test_sigkill_loses_no_acknowledged_commit(sqlite_target: DatabaseTarget, tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    connect(sqlite_target, create=True, backup_folder=backups).close()
    acknowledged: list[tuple[int, int]] = []
    for _ in range(ROUNDS):
        commits, stderr = _run_and_kill(sqlite_target, backups)
        assert len(commits) >= 10, f"too few commits before the kill to mean anything\n{stderr}"
        acknowledged += commits

        services = connect(
            sqlite_target, create=True, backup_folder=backups
        )  # the dead writer's lock is free
        try:
            report = services.maintenance.check()
            stored = {e.id: e for e in AuditEntry.select()}
            final_value = read_setting("idle_lock_minutes")
        finally:
            services.close()

        assert report.ok, report.problems
        assert "integrity_check" in report.checks and "audit_chain" in report.checks
        missing = [entry_id for entry_id, _ in acknowledged if entry_id not in stored]
        assert not missing, f"acknowledged but lost: {missing}"
        for entry_id, value in acknowledged:
            assert stored[entry_id].after == f'{{"value": {value}}}'
        # at most the one commit in flight at the kill went through without being acknowledged
        newest = max(stored)
        assert newest - commits[-1][0] in (0, 1)
        assert stored[newest].after == f'{{"value": {final_value}}}'
    assert len({entry_id for entry_id, _ in acknowledged}) == len(acknowledged)
