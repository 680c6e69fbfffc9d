"""Tests for MaintenanceService.check: a healthy database, tampering, pending schema, corruption."""

from __future__ import annotations

import random
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import peewee as pw
import pytest

from frontdesk import audit, backup, migrations
from frontdesk.auth import Actor
from frontdesk.db import database_proxy, engine_name, parse_target
from frontdesk.services import Services, connect

pytestmark = pytest.mark.usefixtures("fast_argon2")
sqlite_only = pytest.mark.parametrize("db_target", ["sqlite"], indirect=True)


def _fill(services: Services, admin: Actor, n: int = 120) -> None:
    """Audit entries enough to spread the trail and its indexes over several pages."""
    for i in range(n):
        services.settings.set(actor=admin, key="idle_lock_minutes", value=1 + i % 200)


def test_fresh_database_checks_ok(services: Services) -> None:
    report = services.maintenance.check()
    assert report.ok
    assert report.problems == ()
    assert report.audit_entries == 6
    expected = ["schema", "audit_chain", "audit_anchors", "release_slips", "unit_balances"]
    if services.target.is_sqlite:
        expected = ["integrity_check", "foreign_key_check", "backups", *expected]
    assert list(report.checks) == expected


def test_empty_migrated_database_checks_ok(bare_services: Services) -> None:
    report = bare_services.maintenance.check()
    assert report.ok and report.audit_entries == 0


def test_tampered_audit_trail_is_reported(services: Services, admin_actor: Actor) -> None:
    services.settings.set(actor=admin_actor, key="idle_lock_minutes", value=30)
    target_id = audit.AuditEntry.select(pw.fn.MAX(audit.AuditEntry.id)).scalar() - 1
    if engine_name() == "postgresql":
        database_proxy.execute_sql("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_change")
    else:
        database_proxy.execute_sql("DROP TRIGGER audit_entry_no_update")
    database_proxy.execute_sql(
        "UPDATE audit_entry SET actor = 'nobody' WHERE id = " + database_proxy.param, (target_id,)
    )

    report = services.maintenance.check()

    assert not report.ok
    assert report.problems == (f"Audit entry {target_id} was changed after it was written.",)
    assert report.audit_entries == 7


def test_pending_migrations_are_reported(services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    extra = migrations.Migration(migrations.LATEST + 1, "later", lambda: None)
    monkeypatch.setattr(migrations, "MIGRATIONS", (*migrations.MIGRATIONS, extra))
    monkeypatch.setattr(migrations, "LATEST", extra.version)
    report = services.maintenance.check()
    assert report.problems == ("The schema is not up to date (1 migrations pending).",)


def _copy_and_index_page(services: Services, admin: Actor, tmp_path: Path) -> tuple[Path, int, int]:
    """A backup copy to damage, the offset of a leaf page of the audit hash index, and the page size."""
    _fill(services, admin)
    copy = services.maintenance.backup_now(actor=admin)
    damaged = tmp_path / "damaged" / "frontdesk.db"
    damaged.parent.mkdir()
    shutil.copy(copy.path, damaged)
    with closing(sqlite3.connect(damaged)) as conn:
        page = conn.execute(
            "SELECT pageno FROM dbstat WHERE name = 'audit_entry_hash' "
            "AND pagetype = 'leaf' ORDER BY pageno LIMIT 1"
        ).fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    return damaged, (page - 1) * size, size


@sqlite_only
def test_changed_index_page_is_reported_by_check(
    services: Services, admin_actor: Actor, tmp_path: Path
) -> None:
    damaged, start, size = _copy_and_index_page(services, admin_actor, tmp_path)
    data = bytearray(damaged.read_bytes())
    page = data[start : start + size]
    stored_hash = next(e.hash for e in audit.AuditEntry.select() if e.hash.encode() in page)
    at = start + page.index(stored_hash.encode())
    data[at] = ord("0") if data[at] != ord("0") else ord("1")  # an index key no longer matches its row
    damaged.write_bytes(bytes(data))

    assert any("missing from index audit_entry_hash" in p for p in backup.integrity_problems(damaged))
    services.close()
    opened = connect(parse_target(damaged), backup_folder=tmp_path / "b", migrate=False)
    try:
        report = opened.maintenance.check()
    finally:
        opened.close()
    assert not report.ok
    assert any("missing from index audit_entry_hash" in p for p in report.problems)


@sqlite_only
def test_garbage_page_is_reported_not_raised(services: Services, admin_actor: Actor, tmp_path: Path) -> None:
    damaged, start, size = _copy_and_index_page(services, admin_actor, tmp_path)
    data = bytearray(damaged.read_bytes())
    noise = random.Random(7)
    data[start : start + size] = bytes(noise.randrange(256) for _ in range(size))
    damaged.write_bytes(bytes(data))

    problems = backup.integrity_problems(damaged)
    assert problems and "malformed" in problems[0]
    assert backup.verify_copy(damaged) == problems  # no hash file beside this copy
    services.close()
    opened = connect(parse_target(damaged), backup_folder=tmp_path / "b", migrate=False)
    try:
        report = opened.maintenance.check()
    finally:
        opened.close()
    assert not report.ok
    assert any("malformed" in p for p in report.problems)


@sqlite_only
def test_damaged_backup_fails_verify_copy(services: Services, admin_actor: Actor) -> None:
    copy = services.maintenance.backup_now(actor=admin_actor)
    data = bytearray(copy.path.read_bytes())
    data[len(data) // 2] ^= 0x01
    copy.path.write_bytes(bytes(data))
    problems = backup.verify_copy(copy.path)
    assert problems[0] == "The file's SHA-256 does not match the one recorded when it was made."
