"""Backups verified off the close path: the closing copy, background copies through a snapshot,
verification at the next start, rotation of verified copies only, failed copies reported."""

from __future__ import annotations

import contextlib
import json
import random
import sqlite3
import threading
import time
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from frontdesk import anchors, audit, backup
from frontdesk.auth import Actor
from frontdesk.backup import BackupCancelled, Pace
from frontdesk.db import database_proxy
from frontdesk.errors import UserError
from frontdesk.services import Services

pytestmark = pytest.mark.usefixtures("fast_argon2")
sqlite_only = pytest.mark.parametrize("db_target", ["sqlite"], indirect=True)


def _backup_entries(services: Services, actor: Actor) -> list[tuple[str, str]]:
    return [
        (e.action, e.entity_id)
        for e in services.audit.recent(actor=actor, limit=20)
        if e.action.startswith("backup")
    ]


def _garble_an_index_page(path: Path) -> None:
    """Random bytes over a leaf page of the audit trail's hash index: a damage integrity_check finds."""
    with closing(sqlite3.connect(path)) as conn:
        page = conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'audit_entry_hash' AND pagetype = 'leaf' LIMIT 1"
        ).fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    noise = random.Random(3)
    data[(page - 1) * size : page * size] = bytes(noise.randrange(256) for _ in range(size))
    path.write_bytes(bytes(data))


@sqlite_only
def test_the_closing_copy_is_written_and_recorded_but_not_verified(
    services: Services, admin_actor: Actor
) -> None:
    maintenance = services.maintenance
    copy = maintenance.closing_backup(actor=admin_actor)

    assert copy is not None and copy.state == backup.UNVERIFIED and copy.sha256 == ""
    manifest = backup.read_manifest(copy.path)
    assert manifest["state"] == "unverified" and "sha256" not in manifest, "nothing hashed on the close path"
    assert manifest["audit_head"]["entry_id"] > 0, "the audit chain's head is anchored at once"
    assert not copy.path.with_name(copy.path.name + ".sha256").exists()
    assert backup.list_backups(maintenance.backup_folder) == [], "an unverified copy does not count yet"
    assert maintenance.backup_due(timedelta(hours=4))
    assert _backup_entries(services, admin_actor) == [("backup", copy.path.name)]
    assert audit.recent(limit=1)[0].after["state"] == "unverified"

    # the next start (a new run: its background work may go on) verifies it, then records that
    maintenance.background_stop.clear()
    (checked,) = maintenance.verify_new_copies()
    maintenance.record_verifications(actor=admin_actor, copies=[checked])

    assert checked.state == backup.VERIFIED and checked.sha256 == backup.file_sha256(copy.path)
    manifest = backup.read_manifest(copy.path)
    assert (manifest["state"], manifest["sha256"]) == ("verified", checked.sha256)
    assert manifest["audit_head"]["entry_id"] > 0, "verifying keeps the anchor"
    assert backup.verify_copy(copy.path) == []
    assert [c.path for c in backup.list_backups(maintenance.backup_folder)] == [copy.path]
    assert not maintenance.backup_due(timedelta(hours=4))
    assert _backup_entries(services, admin_actor) == [
        ("backup_verified", copy.path.name),
        ("backup", copy.path.name),
    ]
    assert audit.recent(limit=1)[0].after["sha256"] == checked.sha256
    assert maintenance.verify_new_copies() == [], "verified once"
    assert maintenance.check().ok


@sqlite_only
def test_the_manifests_anchor_still_catches_a_shortened_trail(services: Services, admin_actor: Actor) -> None:
    copy = services.maintenance.closing_backup(actor=admin_actor)
    assert copy is not None
    services.maintenance.background_stop.clear()  # the next start
    services.maintenance.verify_new_copies()
    head = json.loads(backup.manifest_path(copy.path).read_text(encoding="utf-8"))["audit_head"]
    anchors.desk_anchor_path(services.target).unlink()  # only the manifest is left to tell
    database_proxy.execute_sql("DROP TRIGGER audit_entry_no_delete")
    audit.AuditEntry.delete().where(audit.AuditEntry.id >= head["entry_id"]).execute()
    problems = services.maintenance.check().problems
    assert any(copy.path.name in p and "shorter than" in p for p in problems), problems


@sqlite_only
def test_a_corrupted_copy_fails_verification_and_is_reported(
    services: Services, admin_actor: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    maintenance = services.maintenance
    good = maintenance.backup_now(actor=admin_actor, label="manual")
    copy = maintenance.closing_backup(actor=admin_actor)
    assert copy is not None
    _garble_an_index_page(copy.path)
    maintenance.background_stop.clear()  # the next start

    (checked,) = maintenance.verify_new_copies()
    maintenance.record_verifications(actor=admin_actor, copies=[checked])

    assert checked.state == backup.FAILED and checked.problems
    assert copy.path.exists(), "kept as evidence, never rotated away"
    assert backup.copy_state(copy.path) == (backup.FAILED, checked.problems)
    assert not copy.path.with_name(copy.path.name + ".sha256").exists()
    assert [c.path for c in backup.list_backups(maintenance.backup_folder)] == [good.path]
    assert [c.path for c in maintenance.failed_backups()] == [copy.path]
    assert _backup_entries(services, admin_actor)[0] == ("backup_failed", copy.path.name)
    report = maintenance.check()
    assert f"The backup {copy.path.name} failed its check: {checked.problems[0]}" in report.problems
    assert "failed its check" in backup.restore_warning(copy.path)
    assert backup.restore_warning(good.path) == ""
    database = services.target.path
    services.close()
    with pytest.raises(UserError, match="cannot be restored"):
        backup.restore_file(copy.path, database)


def test_rotation_counts_only_verified_copies(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    source = tmp_path / "source.db"
    with closing(sqlite3.connect(source)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        day = datetime(2026, 3, 2, 2, 0)  # a Monday: the 8 days share ISO weeks and the month
        verified = [
            backup.backup_connection(conn, folder, now=day + timedelta(days=n)).path for n in range(8)
        ]
        # three newer copies not verified yet (closing copies) and one that failed
        pending = [backup.copy_connection(conn, folder, now=day + timedelta(days=n)).path for n in (8, 9, 10)]
        failed = backup.copy_connection(conn, folder, now=day + timedelta(days=11))
    backup.write_state(failed.path, backup.FAILED, problems=["damaged"])

    removed = backup.rotate(folder)

    assert removed == [verified[0]], "7 daily verified copies stay: the unverified ones do not count"
    assert all(p.exists() for p in [*verified[1:], *pending, failed.path])
    states = {c.path: c.state for c in backup.all_copies(folder)}
    assert [states[p] for p in pending] == ["unverified"] * 3 and states[failed.path] == "failed"
    checked = backup.verify_pending(folder)  # verified now: they count, and push the oldest out
    assert [c.path for c in checked] == pending and all(c.state == "verified" for c in checked)
    assert not verified[1].exists() and not verified[3].exists() and verified[4].exists()
    assert failed.path.exists()


def _big_database(path: Path, rows: int) -> sqlite3.Connection:
    """The desk's connection to a database of some MB (WAL, like the program's)."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE visit (id INTEGER PRIMARY KEY, at TEXT, note TEXT)")
    conn.execute("CREATE INDEX visit_at ON visit(at)")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO visit (at, note) VALUES (?, ?)",
        ((f"2026-{i:09d}", "访客登记" * 40) for i in range(rows)),
    )
    conn.execute("COMMIT")
    return conn


def test_a_copy_in_steps_through_a_snapshot_never_holds_up_the_desk(tmp_path: Path) -> None:
    database = tmp_path / "desk.db"
    desk = _big_database(database, 60_000)  # ~ 40 MB
    seen: list[int] = []
    taken: list[backup.BackupCopy] = []
    give_up = threading.Event()  # a copy that keeps starting again would never end
    begun = threading.Event()  # the desk writes once the snapshot holds (a row before it is in it)

    def copy_beside_the_desk() -> None:
        with backup.snapshot(database) as source, contextlib.suppress(BackupCancelled):
            begun.set()
            pace = Pace(pages=128, pause=0.002)
            copy = backup.copy_connection(
                source, tmp_path / "b", pace=pace, progress=lambda d, t: seen.append(d), stop=give_up
            )
            taken.append(copy)

    worker = threading.Thread(target=copy_beside_the_desk)
    worker.start()
    assert begun.wait(30), "the snapshot never began"
    waits, written, deadline = [], 0, time.monotonic() + 60
    while worker.is_alive():
        started = time.perf_counter()
        desk.execute("SELECT note FROM visit WHERE id = ?", (written * 37 % 60_000 + 1,)).fetchone()
        desk.execute("INSERT INTO visit (at, note) VALUES ('during', 'x')")
        waits.append(time.perf_counter() - started)
        written += 1
        time.sleep(0.005)
        if time.monotonic() > deadline:
            give_up.set()
    worker.join()

    assert written > 10 and len(seen) > 50, "the desk read and wrote while the copy went on in steps"
    assert max(waits) < 0.5, f"a read or write of the desk waited {max(waits):.2f} s"
    assert taken and seen == sorted(seen), "the copy never started again, whatever the desk wrote"
    (copy,) = taken
    with closing(sqlite3.connect(copy.path)) as conn:
        assert conn.execute("SELECT COUNT(*) FROM visit").fetchone()[0] == 60_000, "the snapshot's rows"
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert backup.verify_new_copy(copy).state == backup.VERIFIED
    desk.close()


@sqlite_only
def test_background_work_stops_when_the_program_closes(services: Services, admin_actor: Actor) -> None:
    maintenance = services.maintenance
    maintenance.background_stop.set()
    with pytest.raises(BackupCancelled):
        maintenance.background_copy(due_after=None)
    assert list(maintenance.backup_folder.glob("*")) == [], "no partial copy is left"
    copy = maintenance.closing_backup(actor=admin_actor)  # the closing copy is still taken
    assert copy is not None
    with pytest.raises(BackupCancelled):
        maintenance.verify_new_copies()
    assert backup.copy_state(copy.path)[0] == backup.UNVERIFIED, "checked at the next start"
