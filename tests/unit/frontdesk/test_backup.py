"""Tests for frontdesk.backup and the backup use cases: copies, rotation, age, restore."""

from __future__ import annotations

import hashlib
import sqlite3
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from frontdesk import anchors, audit, backup
from frontdesk.auth import Actor, Role
from frontdesk.backup import BackupCopy, rotation_keeps
from frontdesk.db import transaction
from frontdesk.errors import PermissionDenied, StorageError, UserError
from frontdesk.services import Services, connect

pytestmark = pytest.mark.usefixtures("fast_argon2")
sqlite_only = pytest.mark.parametrize("db_target", ["sqlite"], indirect=True)


def _count(path: Path, table: str) -> int:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])


def _flip_middle_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _add_clerk(services: Services, admin: Actor, username: str) -> None:
    services.staff.add(
        actor=admin, username=username, display_name="李", role="clerk", password="password-123"
    )


# --- taking copies ---------------------------------------------------------------------------


@sqlite_only
def test_backup_now_makes_a_checked_hashed_copy(services: Services, admin_actor: Actor) -> None:
    _add_clerk(services, admin_actor, "li")
    copy = services.maintenance.backup_now(actor=admin_actor)

    assert copy.path.parent == services.maintenance.backup_folder
    assert copy.path.name.startswith("frontdesk-") and copy.path.name.endswith("-manual.db")
    assert copy.label == "manual"
    sidecar = copy.path.with_name(copy.path.name + ".sha256")
    assert sidecar.read_text(encoding="utf-8") == f"{_sha(copy.path)}  {copy.path.name}\n"
    assert copy.sha256 == _sha(copy.path)
    assert copy.size == copy.path.stat().st_size
    assert backup.integrity_problems(copy.path) == []
    assert backup.verify_copy(copy.path) == []
    assert _count(copy.path, "staff") == 2
    with closing(sqlite3.connect(copy.path)) as conn:  # a single self-contained file
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not list(copy.path.parent.glob("*.partial"))
    entry = audit.recent(limit=1)[0]
    assert (entry.action, entry.entity, entry.entity_id, entry.actor) == (
        "backup",
        "database",
        copy.path.name,
        "admin",
    )
    assert entry.after["sha256"] == copy.sha256


@sqlite_only
def test_supervisor_may_back_up_into_another_folder(services: Services, tmp_path: Path) -> None:
    supervisor = Actor(username="s", display_name="s", role=Role.SUPERVISOR)
    folder = tmp_path / "usb stick"
    copy = services.maintenance.backup_now(actor=supervisor, folder=folder, label="manual")
    assert copy.path.parent == folder
    assert [(c.path, c.sha256, c.label) for c in backup.list_backups(folder)] == [
        (copy.path, copy.sha256, "manual")
    ]


@sqlite_only
def test_guard_may_not_back_up(services: Services) -> None:
    guard = Actor(username="g", display_name="g", role=Role.GUARD)
    with pytest.raises(PermissionDenied):
        services.maintenance.backup_now(actor=guard)
    assert backup.list_backups(services.maintenance.backup_folder) == []


@sqlite_only
def test_folders_with_uri_characters_are_checked_for_real(
    services: Services, admin_actor: Actor, tmp_path: Path
) -> None:
    for name in ("backups #1", "100% safe", "what?"):
        folder = tmp_path / name
        copy = services.maintenance.backup_now(actor=admin_actor, folder=folder)
        assert backup.verify_copy(copy.path) == []
        assert _count(copy.path, "staff") == 1
        broken = folder / "frontdesk-20260101-000000-manual.db"
        broken.write_bytes(b"this is not an SQLite database" * 200)
        assert backup.integrity_problems(broken) != []
    # the check opened the copies themselves, not a file named after part of the path
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [
        "frontdesk.db",
        "frontdesk.db-shm",
        "frontdesk.db-wal",
        "frontdesk.db.lock",
    ]


@sqlite_only
def test_an_unwritable_copy_is_a_storage_error(services: Services) -> None:
    moment = datetime(2026, 1, 2, 3, 4, 5)
    folder = services.maintenance.backup_folder
    (folder / "frontdesk-20260102-030405-auto.db.partial").mkdir(parents=True)  # in the way
    with pytest.raises(StorageError, match="Cannot write the backup"):
        backup.backup_connection(services.connection.database.connection(), folder, now=moment)
    assert backup.list_backups(folder) == []


@pytest.mark.postgres
@pytest.mark.parametrize("db_target", ["postgresql"], indirect=True)
def test_postgresql_is_backed_up_with_pg_dump(services: Services, admin_actor: Actor) -> None:
    with pytest.raises(UserError, match="pg_dump"):
        services.maintenance.backup_now(actor=admin_actor)
    assert not services.maintenance.backup_due(timedelta(hours=1))
    assert [e.action for e in audit.recent(limit=1)] != ["backup"]


@sqlite_only
def test_automatic_copies_are_taken_when_due_and_rotated(services: Services, admin_actor: Actor) -> None:
    maintenance = services.maintenance
    assert maintenance.backup_due(timedelta(hours=4))
    assert maintenance.backup_age() is None
    first = maintenance.backup_automatic(actor=admin_actor, due_after=timedelta(hours=4))
    assert first is not None and first.label == backup.AUTO_LABEL
    assert maintenance.backup_automatic(actor=admin_actor, due_after=timedelta(hours=4)) is None
    assert not maintenance.backup_due(timedelta(hours=4))
    age = maintenance.backup_age()
    assert age is not None and timedelta(0) <= age < timedelta(minutes=1)
    assert [c.path for c in backup.list_backups(maintenance.backup_folder)] == [first.path]


# --- rotation --------------------------------------------------------------------------------


def _copy(folder: Path, moment: datetime, label: str = "auto") -> BackupCopy:
    return BackupCopy(folder / f"frontdesk-{moment:%Y%m%d-%H%M%S}-{label}.db", moment, label, "0" * 64, 1)


def _scenario(folder: Path) -> list[BackupCopy]:
    """400 days of nightly copies (2023-01-01 … 2024-02-04), two extra autos, two kept-for-ever."""
    first = date(2023, 1, 1)
    copies = [
        _copy(folder, datetime.combine(first + timedelta(days=n), datetime.min.time()).replace(hour=2))
        for n in range(400)
    ]
    copies.append(_copy(folder, datetime(2024, 2, 4, 14, 0)))  # a second copy on the newest day
    copies.append(_copy(folder, datetime(2024, 1, 28, 1, 0)))  # an earlier one on a Sunday
    copies.append(_copy(folder, datetime(2023, 1, 2, 9, 0), "before-migration-2"))
    copies.append(_copy(folder, datetime(2023, 6, 15, 9, 0), "manual"))
    return copies


#: worked out by hand: 2024-02-04 is a Sunday; ISO week 5 of 2024 runs Jan 29 - Feb 4
EXPECTED_KEPT = [
    # 7 daily: the newest copy of each of the last seven days
    datetime(2024, 2, 4, 14),
    datetime(2024, 2, 3, 2),
    datetime(2024, 2, 2, 2),
    datetime(2024, 2, 1, 2),
    datetime(2024, 1, 31, 2),
    datetime(2024, 1, 30, 2),
    datetime(2024, 1, 29, 2),
    # 4 weekly: weeks 5 (Feb 4, already kept), 4, 3, 2 of 2024 - the Sunday of each
    datetime(2024, 1, 28, 2),
    datetime(2024, 1, 21, 2),
    datetime(2024, 1, 14, 2),
    # 12 monthly: Feb and Jan 2024 (already kept), then the last day of Dec 2023 … Mar 2023
    datetime(2023, 12, 31, 2),
    datetime(2023, 11, 30, 2),
    datetime(2023, 10, 31, 2),
    datetime(2023, 9, 30, 2),
    datetime(2023, 8, 31, 2),
    datetime(2023, 7, 31, 2),
    datetime(2023, 6, 30, 2),
    datetime(2023, 5, 31, 2),
    datetime(2023, 4, 30, 2),
    datetime(2023, 3, 31, 2),
]


def test_rotation_keeps_7_daily_4_weekly_12_monthly(tmp_path: Path) -> None:
    copies = _scenario(tmp_path)
    kept = rotation_keeps(copies)
    assert len(EXPECTED_KEPT) == 20
    assert kept == {_copy(tmp_path, moment).path for moment in EXPECTED_KEPT}


def test_rotation_keeps_everything_while_there_are_few(tmp_path: Path) -> None:
    copies = [_copy(tmp_path, datetime(2024, 3, d, 2)) for d in range(1, 6)]
    assert rotation_keeps(copies) == {c.path for c in copies}
    assert rotation_keeps([]) == set()


def _write(copy: BackupCopy) -> None:
    copy.path.write_bytes(b"x")
    copy.path.with_name(copy.path.name + ".sha256").write_text(
        f"{'0' * 64}  {copy.path.name}\n", encoding="utf-8"
    )


def test_rotate_removes_only_automatic_copies_no_longer_kept(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    copies = _scenario(folder)
    for copy in copies:
        _write(copy)
    stray = folder / "frontdesk-20220101-020000-auto.db"  # no hash file: not a verified copy
    stray.write_bytes(b"x")

    removed = backup.rotate(folder)

    assert len(removed) == len(copies) - 2 - 20
    remaining = {c.taken_at: c.label for c in backup.list_backups(folder)}
    assert {t for t, label in remaining.items() if label == "auto"} == set(EXPECTED_KEPT)
    assert remaining[datetime(2023, 1, 2, 9)] == "before-migration-2"
    assert remaining[datetime(2023, 6, 15, 9)] == "manual"
    assert stray.exists()
    assert len(list(folder.glob("*.sha256"))) == 22
    assert backup.rotate(folder) == []


def test_last_good_backup_age(tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    assert backup.last_good_backup_age(folder) is None
    folder.mkdir()
    assert backup.last_good_backup_age(folder) is None
    _write(_copy(folder, datetime(2026, 3, 1, 2, 0), "manual"))
    _write(_copy(folder, datetime(2026, 3, 2, 2, 0)))
    (folder / "frontdesk-20260303-020000-auto.db").write_bytes(b"x")  # unfinished: no hash file
    (folder / "frontdesk-garbage.db").write_bytes(b"x")
    now = datetime(2026, 3, 3, 8, 30)
    assert backup.last_good_backup_age(folder, now) == timedelta(hours=30, minutes=30)


# --- restore ---------------------------------------------------------------------------------


@sqlite_only
def test_tampered_backup_is_refused_and_nothing_replaced(services: Services, admin_actor: Actor) -> None:
    copy = services.maintenance.backup_now(actor=admin_actor)
    _add_clerk(services, admin_actor, "after-backup")
    database = services.target.path
    services.close()
    _flip_middle_byte(copy.path)
    before = _sha(database)

    with pytest.raises(UserError) as caught:
        backup.restore_file(copy.path, database)

    assert "SHA-256" in caught.value.message
    assert _sha(database) == before
    assert sorted(p.name for p in database.parent.iterdir() if "restor" in p.name) == []
    assert _count(database, "staff") == 2


@sqlite_only
def test_damaged_file_without_a_hash_is_refused(services: Services, tmp_path: Path) -> None:
    database = services.target.path
    services.close()
    fake = tmp_path / "frontdesk-20260101-000000-manual.db"
    fake.write_bytes(b"\x00garbage" * 1000)
    with pytest.raises(UserError, match="cannot be restored"):
        backup.restore_file(fake, database)
    with pytest.raises(UserError, match="does not exist"):
        backup.restore_file(tmp_path / "missing.db", database)
    assert _count(database, "staff") == 1


@sqlite_only
def test_good_backup_is_restored_and_the_old_database_kept(
    services: Services, admin_actor: Actor, tmp_path: Path
) -> None:
    copy = services.maintenance.backup_now(actor=admin_actor)
    _add_clerk(services, admin_actor, "after-backup")
    target = services.target
    database = target.path
    services.close()

    kept = backup.restore_file(copy.path, database)

    assert kept.parent == database.parent
    assert kept.name.startswith("frontdesk.db.before-restore-")
    assert _count(kept, "staff") == 2  # the replaced data is not lost
    assert not database.with_name(database.name + ".restoring").exists()
    restored = connect(target, backup_folder=tmp_path / "backups")
    try:
        assert [r.username for r in restored.staff.list(actor=admin_actor)] == ["admin"]
        # the trail is now shorter than this desk's anchor: both restore paths record the restore
        assert any("shorter than" in p for p in restored.maintenance.check().problems)
        with transaction():
            audit.record(admin_actor, "restore", "database", copy.path.name)
        anchors.write_desk_anchor(target, after_restore=True)
        assert restored.maintenance.check().ok
    finally:
        restored.close()


@sqlite_only
def test_restore_refused_by_the_schema_check_replaces_nothing(services: Services, admin_actor: Actor) -> None:
    copy = services.maintenance.backup_now(actor=admin_actor)
    database = services.target.path
    services.close()
    before = _sha(database)
    seen: list[Path] = []

    def refuse(path: Path) -> None:
        seen.append(path)
        assert _count(path, "staff") == 1  # the checked copy is a working database
        raise UserError("written by a newer program")

    with pytest.raises(UserError, match="newer program"):
        backup.restore_file(copy.path, database, schema_check=refuse)
    assert seen and not seen[0].exists()
    assert _sha(database) == before


def test_restore_onto_a_missing_database(tmp_path: Path) -> None:
    source = tmp_path / "src.db"
    with closing(sqlite3.connect(source)) as conn:
        conn.execute("CREATE TABLE staff (id INTEGER PRIMARY KEY)")
        conn.execute("INSERT INTO staff DEFAULT VALUES")
        conn.commit()
    database = tmp_path / "new" / "frontdesk.db"
    database.parent.mkdir()
    assert backup.restore_file(source, database) == database
    assert _count(database, "staff") == 1
