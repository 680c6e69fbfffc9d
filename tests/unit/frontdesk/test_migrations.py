"""Tests for frontdesk.migrations: fresh databases, re-runs, newer databases, pre-migration backups."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import peewee as pw
import pytest

from frontdesk import __version__, migrations
from frontdesk.db import DatabaseTarget, database_proxy
from frontdesk.errors import SchemaTooNew, StorageError
from frontdesk.migrations import LATEST, Migration, SchemaVersion
from frontdesk.services import Services, connect

FOUNDATION_TABLES = {
    "schema_version",
    "staff",
    "audit_entry",
    "document_counter",
    "office",
    "setting",
    "estate",
}


def _tables() -> set[str]:
    return set(database_proxy.get_tables())


def _add_migration(monkeypatch: pytest.MonkeyPatch, apply: Callable[[], None]) -> int:
    """Pretend the program knows one more migration than the shipped ones; returns its version."""
    version = LATEST + 1
    monkeypatch.setattr(
        migrations, "MIGRATIONS", (*migrations.MIGRATIONS, Migration(version, "test step", apply))
    )
    monkeypatch.setattr(migrations, "LATEST", version)
    return version


def _add_fax_column() -> None:
    migrations.add_column_if_missing("office", "fax", pw.CharField(max_length=40, default=""))


def _sqlite_copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("frontdesk-*.db")) if folder.exists() else []


def test_fresh_database_is_migrated_to_latest(bare_services: Services) -> None:
    assert migrations.current_version() == LATEST
    assert migrations.pending() == []
    assert _tables() >= FOUNDATION_TABLES
    rows = list(SchemaVersion.select().order_by(SchemaVersion.version))
    assert [r.version for r in rows] == [m.version for m in migrations.MIGRATIONS]
    assert rows[0].name == "foundation"
    assert all(r.program_version == __version__ for r in rows)


def test_fresh_database_gets_no_backup(db_target: DatabaseTarget, tmp_path: Path) -> None:
    services = connect(db_target, create=True, backup_folder=tmp_path / "backups")
    services.close()
    assert _sqlite_copies(tmp_path / "backups") == []


def test_second_connect_applies_nothing(db_target: DatabaseTarget, tmp_path: Path) -> None:
    connect(db_target, create=True, backup_folder=tmp_path / "b").close()
    services = connect(db_target, create=True, backup_folder=tmp_path / "b")
    try:
        assert migrations.migrate() == []
        assert SchemaVersion.select().count() == len(migrations.MIGRATIONS)
        assert _sqlite_copies(tmp_path / "b") == []
    finally:
        services.close()


def test_empty_database_reports_version_zero(db_target: DatabaseTarget, tmp_path: Path) -> None:
    services = connect(db_target, create=True, backup_folder=tmp_path / "b", migrate=False)
    try:
        assert migrations.current_version() == 0
        assert [m.version for m in migrations.pending()] == [m.version for m in migrations.MIGRATIONS]
        assert "staff" not in _tables()
    finally:
        services.close()


def _snapshot(target: DatabaseTarget, tmp_path: Path) -> object:
    """Everything that must not change: the file's hash (SQLite) or tables and rows (PostgreSQL)."""
    if target.is_sqlite:
        return hashlib.sha256(target.path.read_bytes()).hexdigest(), sorted(
            p.name for p in target.path.parent.iterdir()
        )
    services = connect(target, create=True, backup_folder=tmp_path / "b", migrate=False)
    try:
        return (
            sorted(_tables()),
            [
                tuple(r)
                for r in database_proxy.execute_sql(
                    "SELECT version, name FROM schema_version ORDER BY version"
                )
            ],
            database_proxy.execute_sql("SELECT COUNT(*) FROM audit_entry").fetchone()[0],
        )
    finally:
        services.close()


def test_newer_database_is_refused_and_not_altered(db_target: DatabaseTarget, tmp_path: Path) -> None:
    services = connect(db_target, create=True, backup_folder=tmp_path / "b")
    SchemaVersion.create(version=LATEST + 1, name="from the future", program_version="9.9.9")
    services.close()
    before = _snapshot(db_target, tmp_path)

    with pytest.raises(SchemaTooNew) as caught:
        connect(db_target, create=True, backup_folder=tmp_path / "b")

    assert isinstance(caught.value, StorageError)
    assert f"schema {LATEST + 1}" in caught.value.message
    assert "has not been changed" in caught.value.hint
    assert _snapshot(db_target, tmp_path) == before
    assert _sqlite_copies(tmp_path / "b") == []


def test_refused_database_releases_its_lock(sqlite_target: DatabaseTarget, tmp_path: Path) -> None:
    services = connect(sqlite_target, create=True, backup_folder=tmp_path / "b")
    SchemaVersion.create(version=LATEST + 1, name="future", program_version="9")
    services.close()
    with pytest.raises(SchemaTooNew):
        connect(sqlite_target, create=True, backup_folder=tmp_path / "b")
    reopened = connect(sqlite_target, create=True, backup_folder=tmp_path / "b", migrate=False)
    try:
        assert migrations.current_version() == LATEST + 1
    finally:
        reopened.close()


def test_pending_migration_on_existing_sqlite_takes_a_backup_first(
    sqlite_target: DatabaseTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "backups"
    connect(sqlite_target, create=True, backup_folder=folder).close()
    version = _add_migration(monkeypatch, _add_fax_column)

    services = connect(sqlite_target, create=True, backup_folder=folder)
    try:
        assert migrations.current_version() == version
        assert "fax" in {c.name for c in database_proxy.get_columns("office")}
        entries = list(
            database_proxy.execute_sql("SELECT actor, entity_id FROM audit_entry WHERE action = 'backup'")
        )
    finally:
        services.close()

    copies = _sqlite_copies(folder)
    assert [c.name.endswith(f"-before-migration-{version}.db") for c in copies] == [True]
    with closing(sqlite3.connect(copies[0])) as old:
        assert old.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == LATEST
        assert "fax" not in {r[1] for r in old.execute("PRAGMA table_info(office)")}
    assert len(entries) == 1
    assert entries[0][0].startswith("cli:")
    assert entries[0][1] == copies[0].name
    # the next start finds nothing to do and takes no further copy
    connect(sqlite_target, create=True, backup_folder=folder).close()
    assert len(_sqlite_copies(folder)) == 1


def test_pending_migrations_on_an_empty_database_take_no_backup(
    sqlite_target: DatabaseTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = _add_migration(monkeypatch, _add_fax_column)
    services = connect(sqlite_target, create=True, backup_folder=tmp_path / "backups")
    try:
        assert migrations.current_version() == version
    finally:
        services.close()
    assert _sqlite_copies(tmp_path / "backups") == []


def test_later_migration_adds_a_column_and_backs_up_only_sqlite(
    db_target: DatabaseTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    connect(db_target, create=True, backup_folder=tmp_path / "b").close()
    version = _add_migration(monkeypatch, _add_fax_column)
    services = connect(db_target, create=True, backup_folder=tmp_path / "b")
    try:
        assert migrations.current_version() == version
        assert "fax" in {c.name for c in database_proxy.get_columns("office")}
        migrations.add_column_if_missing("office", "fax", pw.CharField(default=""))  # idempotent
        assert sum(c.name == "fax" for c in database_proxy.get_columns("office")) == 1
    finally:
        services.close()
    assert len(_sqlite_copies(tmp_path / "b")) == (1 if db_target.is_sqlite else 0)


def test_failed_migration_is_rolled_back(
    db_target: DatabaseTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    connect(db_target, create=True, backup_folder=tmp_path / "b").close()

    def broken() -> None:
        database_proxy.execute_sql("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        raise RuntimeError("migration bug")

    _add_migration(monkeypatch, broken)
    with pytest.raises(RuntimeError, match="migration bug"):
        connect(db_target, create=True, backup_folder=tmp_path / "b")
    services = connect(db_target, create=True, backup_folder=tmp_path / "b", migrate=False)
    try:
        assert migrations.current_version() == LATEST
        assert "half_done" not in _tables()
    finally:
        services.close()


def test_a_column_added_to_the_audit_trail_keeps_guards_and_chain(
    db_target: DatabaseTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = connect(db_target, create=True, backup_folder=tmp_path / "b")
    services.setup.initialize(
        actor=None,
        office_name="处",
        estate_name="幸福里",
        admin_username="admin",
        admin_display_name="王",
        admin_password="admin-pass-1",
        visitor_retention_days=30,
        slip_retention_days=365,
    )
    services.close()
    _add_migration(
        monkeypatch,
        lambda: migrations.add_column_if_missing(
            "audit_entry", "note", pw.CharField(max_length=40, null=True)
        ),
    )
    services = connect(db_target, create=True, backup_folder=tmp_path / "b")
    try:
        assert "note" in {c.name for c in database_proxy.get_columns("audit_entry")}
        assert database_proxy.execute_sql("SELECT COUNT(*) FROM audit_entry").fetchone()[0] >= 6
        with pytest.raises(pw.DatabaseError, match="append-only"), database_proxy.atomic():
            database_proxy.execute_sql("DELETE FROM audit_entry")
        assert services.maintenance.check().ok
    finally:
        services.close()


WORK_ORDER_TABLES = {"work_order", "work_order_event", "work_order_material", "technician", "work_category"}


def test_a_schema_8_database_gains_the_work_orders(db_target: DatabaseTarget, tmp_path: Path) -> None:
    """Schema 9 on a database of the program before it: the tables, the categories, the calls' link."""
    services = connect(db_target, create=True, backup_folder=tmp_path / "b")
    try:
        assert _tables() >= WORK_ORDER_TABLES
        for table in ("work_order_event", "work_order_material", "work_order", "technician", "work_category"):
            database_proxy.execute_sql(f'DROP TABLE "{table}"')
        database_proxy.execute_sql("ALTER TABLE phone_call DROP COLUMN work_order_ref")
        database_proxy.execute_sql("DELETE FROM schema_version WHERE version = 9")
        assert [m.version for m in migrations.pending()] == [9]
    finally:
        services.close()
    services = connect(db_target, backup_folder=tmp_path / "b")
    try:
        assert migrations.current_version() == LATEST
        assert _tables() >= WORK_ORDER_TABLES
        assert "work_order_ref" in {c.name for c in database_proxy.get_columns("phone_call")}
        codes = [r[0] for r in database_proxy.execute_sql("SELECT code FROM work_category ORDER BY position")]
        assert codes == ["water", "electrical", "doors_locks", "lift", "civil", "public_facilities", "other"]
        migrations.migrate()  # nothing pending: the seed is not written twice
        assert database_proxy.execute_sql("SELECT COUNT(*) FROM work_category").fetchone()[0] == 7
    finally:
        services.close()


UTILITY_TABLES = {"meter", "meter_reading", "tariff_step", "utility_month", "utility_adjustment"}


def test_schema_10_adds_the_utility_tables(bare_services: Services) -> None:
    assert _tables() >= UTILITY_TABLES
    assert SchemaVersion.get_by_id(10).name == "utilities"


def test_a_database_of_schema_8_gets_the_utility_tables(db_target: DatabaseTarget, tmp_path: Path) -> None:
    services = connect(db_target, create=True, backup_folder=tmp_path / "b")
    try:  # back to schema 8, as a database of the program before the utilities
        for table in ("utility_adjustment", "utility_month", "tariff_step", "meter_reading", "meter"):
            database_proxy.execute_sql(f"DROP TABLE {table}")
        database_proxy.execute_sql("DELETE FROM schema_version WHERE version = 10")
        assert [m.version for m in migrations.pending()] == [10]
    finally:
        services.close()
    services = connect(db_target, create=True, backup_folder=tmp_path / "b")
    try:
        assert migrations.current_version() == LATEST and migrations.pending() == []
        assert _tables() >= UTILITY_TABLES
    finally:
        services.close()
