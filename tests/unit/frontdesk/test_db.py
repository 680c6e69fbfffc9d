"""Tests for frontdesk.db: targets, network shares, SQLite pragmas, the instance lock, storage errors."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import peewee as pw
import pytest

from frontdesk import db
from frontdesk.db import (
    DatabaseTarget,
    database_proxy,
    is_network_path,
    make_database,
    open_database,
    parse_target,
    storage_errors,
    transaction,
)
from frontdesk.errors import AlreadyRunning, StorageError
from frontdesk.office import Setting
from frontdesk.services import connect
from tests.conftest import reset_pg


@pytest.fixture
def opened(sqlite_target: DatabaseTarget) -> Iterator[db.OpenDatabase]:
    """An open (not migrated) SQLite database holding the instance lock."""
    handle = open_database(sqlite_target, create=True)
    yield handle
    handle.close()


# --- parse_target and display ---------------------------------------------------------------


def test_parse_target_resolves_a_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    target = parse_target("  data/desk.db  ")
    assert target.engine == "sqlite"
    assert target.is_sqlite
    assert target.path == tmp_path.resolve() / "data" / "desk.db"
    assert target.path.is_absolute()


def test_parse_target_expands_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert parse_target("~/frontdesk.db").path == tmp_path.resolve() / "frontdesk.db"


def test_parse_target_accepts_a_path_object_and_an_sqlite_url(tmp_path: Path) -> None:
    file = tmp_path / "a.db"
    assert parse_target(file).path == file.resolve()
    assert parse_target(f"sqlite:///{file}").path == file.resolve()


@pytest.mark.parametrize(
    "url", ["postgresql://desk:pw@db.example:5433/frontdesk", "postgres://desk:pw@db.example:5433/frontdesk"]
)
def test_parse_target_keeps_a_postgresql_url(url: str) -> None:
    target = parse_target(url)
    assert target.engine == "postgresql"
    assert not target.is_sqlite
    assert target.location == url


def test_display_of_postgresql_hides_user_and_password() -> None:
    target = parse_target("postgresql://desk:S3cret-pw@db.example:5433/frontdesk")
    shown = target.display()
    assert shown == "PostgreSQL · db.example:5433/frontdesk"
    assert "S3cret-pw" not in shown
    assert "desk:" not in shown


def test_display_of_postgresql_without_port_or_host() -> None:
    assert parse_target("postgresql:///frontdesk").display() == "PostgreSQL · localhost/frontdesk"


def test_display_of_sqlite_names_the_file(tmp_path: Path) -> None:
    target = parse_target(tmp_path / "x.db")
    assert target.display() == f"SQLite · {tmp_path.resolve() / 'x.db'}"


def test_postgres_connection_parameters_come_from_the_url() -> None:
    database = make_database(parse_target("postgresql://desk:pw@db.example:5433/frontdesk"))
    assert isinstance(database, pw.PostgresqlDatabase)
    assert database.database == "frontdesk"
    params = database.connect_params
    assert (params["user"], params["password"], params["host"], params["port"]) == (
        "desk",
        "pw",
        "db.example",
        5433,
    )
    assert "statement_timeout=30000" in params["options"]
    assert params["connect_timeout"] == 5


def test_postgres_url_escapes_are_decoded() -> None:
    # libpq URLs percent-encode "@", ":" and "/" in names and passwords
    database = make_database(parse_target("postgresql://front%20desk:p%40ss%3Aw%2Frd@h/my%2Ddb"))
    assert database.connect_params["user"] == "front desk"
    assert database.connect_params["password"] == "p@ss:w/rd"
    assert database.database == "my-db"


# --- network shares --------------------------------------------------------------------------


@pytest.fixture
def fake_mounts(tmp_path: Path) -> tuple[Path, Path]:
    """A mounts file: the root on ext4, an NFS and a CIFS share below tmp_path (one with a space)."""
    base = tmp_path.resolve()
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw,relatime 0 0\n"
        f"/dev/sdb1 {base} ext4 rw 0 0\n"
        f"server:/export {base}/nfs nfs4 rw,vers=4.2 0 0\n"
        f"//nas/office {base}/office\\040share cifs rw 0 0\n"
        f"/dev/sdc1 {base}/nfs/local ext4 rw 0 0\n"
        "garbage-line\n",
        encoding="utf-8",
    )
    return mounts, base


def test_file_on_an_nfs_mount_is_a_network_path(fake_mounts: tuple[Path, Path]) -> None:
    mounts, base = fake_mounts
    assert is_network_path(base / "nfs" / "desk" / "frontdesk.db", str(mounts))
    assert is_network_path(base / "nfs", str(mounts))


def test_file_on_a_cifs_mount_with_a_space_is_a_network_path(fake_mounts: tuple[Path, Path]) -> None:
    mounts, base = fake_mounts
    assert is_network_path(base / "office share" / "frontdesk.db", str(mounts))


def test_file_on_ext4_is_local(fake_mounts: tuple[Path, Path]) -> None:
    mounts, base = fake_mounts
    assert not is_network_path(base / "local.db", str(mounts))
    # a name that only starts like the share's mount point is not inside it
    assert not is_network_path(base / "nfsdata" / "x.db", str(mounts))
    # the longest mount point wins: a local disk mounted inside the share
    assert not is_network_path(base / "nfs" / "local" / "x.db", str(mounts))


def test_unc_paths_are_network_paths(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-mounts")
    assert is_network_path(Path("\\\\server\\share\\frontdesk.db"), missing)
    assert is_network_path(Path("//server/share/frontdesk.db"), missing)
    assert not is_network_path(tmp_path / "x.db", missing)


def test_open_database_refuses_a_network_share(
    sqlite_target: DatabaseTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "is_network_path", lambda path: True)
    with pytest.raises(StorageError, match="network share") as caught:
        open_database(sqlite_target, create=True)
    assert "PostgreSQL" in caught.value.hint
    assert not sqlite_target.path.exists()


# --- SQLite settings and the instance lock ---------------------------------------------------


def test_sqlite_pragmas_after_open(opened: db.OpenDatabase) -> None:
    database = opened.database

    def pragma(name: str) -> object:
        return database.execute_sql(f"PRAGMA {name}").fetchone()[0]

    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2
    assert pragma("foreign_keys") == 1
    assert pragma("busy_timeout") == 5000
    assert pragma("mmap_size") == 0
    assert db.database_proxy.obj is database
    assert db.engine_name() == "sqlite"


def test_transactions_begin_immediate(opened: db.OpenDatabase, sqlite_target: DatabaseTarget) -> None:
    # BEGIN IMMEDIATE takes the write lock at once: another connection cannot start writing
    other = sqlite3.connect(sqlite_target.path, timeout=0)
    try:
        with transaction(), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()


def test_second_exclusive_open_raises_already_running(
    opened: db.OpenDatabase, sqlite_target: DatabaseTarget
) -> None:
    with pytest.raises(AlreadyRunning) as caught:
        open_database(sqlite_target, create=True)
    assert "already open" in caught.value.message
    assert caught.value.hint
    assert isinstance(caught.value, StorageError)
    lock_file = sqlite_target.path.with_name(sqlite_target.path.name + ".lock")
    assert lock_file.read_text(encoding="utf-8").strip().isdigit()


def test_lock_is_released_on_close(sqlite_target: DatabaseTarget) -> None:
    first = open_database(sqlite_target, create=True)
    first.close()
    second = open_database(sqlite_target, create=True)
    try:
        assert not second.database.is_closed()
        assert second.lock is not None
    finally:
        second.close()


def test_non_exclusive_open_takes_no_lock(opened: db.OpenDatabase, sqlite_target: DatabaseTarget) -> None:
    shared = open_database(sqlite_target, create=True, exclusive=False)
    try:
        assert shared.lock is None
        assert shared.database.execute_sql("SELECT 1").fetchone() == (1,)
    finally:
        shared.close()


def test_connect_refuses_a_held_database_and_leaves_the_holder_working(
    sqlite_target: DatabaseTarget, tmp_path: Path
) -> None:
    first = connect(sqlite_target, create=True, backup_folder=tmp_path / "b")
    try:
        with pytest.raises(AlreadyRunning):
            connect(sqlite_target, create=True, backup_folder=tmp_path / "b")
        assert first.staff.count() == 0
    finally:
        first.close()


# --- storage errors --------------------------------------------------------------------------


def _migrated(target: DatabaseTarget, tmp_path: Path):  # type: ignore[no-untyped-def]
    return connect(target, create=True, backup_folder=tmp_path / "backups")


def test_locked_database_becomes_a_busy_storage_error(sqlite_target: DatabaseTarget, tmp_path: Path) -> None:
    services = _migrated(sqlite_target, tmp_path)
    writer = sqlite3.connect(sqlite_target.path, isolation_level=None)
    try:
        services.connection.database.execute_sql("PRAGMA busy_timeout = 50")
        writer.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        with pytest.raises(StorageError) as caught, transaction():
            Setting.create(key="idle_lock_minutes", value="9")
        assert time.monotonic() - started < 3
        assert "busy" in caught.value.message
        assert "Nothing was saved" in caught.value.hint
        writer.execute("ROLLBACK")
        assert Setting.select().count() == 0
    finally:
        writer.close()
        services.close()


def test_full_disk_becomes_a_storage_error(sqlite_target: DatabaseTarget, tmp_path: Path) -> None:
    services = _migrated(sqlite_target, tmp_path)
    database = services.connection.database
    try:
        pages = database.execute_sql("PRAGMA page_count").fetchone()[0]
        database.execute_sql(f"PRAGMA max_page_count = {pages + 2}")
        with pytest.raises(StorageError) as caught, transaction():
            for n in range(50):
                Setting.create(key=f"filler{n}", value="x" * 4000)
        # SQLite rolled back by itself; the message names the real cause, not the failed rollback
        assert caught.value.message == "The disk is full: nothing could be saved."
        assert not db.database_proxy.in_transaction()
        assert Setting.select().count() == 0
    finally:
        services.close()


@pytest.mark.parametrize(
    ("driver_message", "expected"),
    [
        ("database is locked", "The database is busy"),
        ("database or disk is full", "The disk is full"),
        ("database disk image is malformed", "The database file is damaged"),
        ("file is not a database", "The database file is damaged"),
        ("attempt to write a readonly database", "The database cannot be written"),
        ("server closed the connection unexpectedly", "Cannot reach the database"),
        ("canceling statement due to statement timeout", "The database gave up waiting"),
        ("canceling statement due to lock timeout", "The database gave up waiting"),
        ('could not obtain lock on row in relation "release_slip"', "The database gave up waiting"),
    ],
)
def test_driver_messages_map_to_storage_errors(driver_message: str, expected: str) -> None:
    with pytest.raises(StorageError) as caught, storage_errors():
        raise pw.OperationalError(driver_message)
    assert caught.value.message.startswith(expected)
    assert caught.value.hint
    assert isinstance(caught.value.__cause__, pw.OperationalError)


def test_raw_sqlite_errors_from_a_cursor_become_storage_errors() -> None:
    # rows are fetched outside peewee's exception wrapper: the raw driver error must not escape
    with pytest.raises(StorageError, match="damaged"), storage_errors():
        raise sqlite3.DatabaseError("database disk image is malformed")


def test_integrity_errors_pass_through_unchanged() -> None:
    with pytest.raises(pw.IntegrityError), storage_errors():
        raise pw.IntegrityError("UNIQUE constraint failed: staff.username")
    with pytest.raises(sqlite3.IntegrityError), storage_errors():
        raise sqlite3.IntegrityError("UNIQUE constraint failed: staff.username")


def test_unreachable_postgresql_fails_fast_with_a_plain_message() -> None:
    target = parse_target("postgresql://desk:S3cret-pw@127.0.0.1:1/frontdesk")
    started = time.monotonic()
    with pytest.raises(StorageError) as caught:
        open_database(target, create=True)
    assert time.monotonic() - started < 3
    assert caught.value.message == "Cannot reach PostgreSQL · 127.0.0.1:1/frontdesk."
    assert "S3cret-pw" not in caught.value.message + caught.value.hint
    assert "refused" in caught.value.hint.lower()
    assert "\n" not in caught.value.hint


def test_a_query_too_large_is_reported_as_such_not_as_an_unreachable_server() -> None:
    # the real driver's words: an IN list longer than SQLite's limit on parameters (set low here;
    # builds differ, from 999 to 250,000)
    connection = sqlite3.connect(":memory:")
    connection.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    marks = ", ".join("?" * 1_000)
    with pytest.raises(StorageError) as caught, storage_errors():
        connection.execute(f"SELECT 1 WHERE 1 IN ({marks})", [1] * 1_000)
    assert caught.value.message.startswith("The database refused a query that was too large for it")
    assert "too many SQL variables" in caught.value.message
    assert "fault in the program" in caught.value.hint
    assert "server" not in caught.value.hint and "network is up" not in caught.value.hint


@pytest.mark.postgres
def test_a_lock_held_too_long_by_another_desk_says_so_not_server_down(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    import psycopg2

    url = request.getfixturevalue("pg_database")
    reset_pg(url)
    services = connect(parse_target(url), backup_folder=tmp_path / "backups", desk="desk-2", create=True)
    other = psycopg2.connect(url)  # another desk, holding a table in an open transaction
    try:
        other.cursor().execute("LOCK TABLE schema_version IN ACCESS EXCLUSIVE MODE")
        with pytest.raises(StorageError) as caught, transaction():
            database_proxy.execute_sql("SET LOCAL statement_timeout = 300")
            database_proxy.execute_sql("SELECT count(*) FROM schema_version")
        assert caught.value.message.startswith("The database gave up waiting")
        assert "server is running" not in (caught.value.hint or "")
    finally:
        other.rollback()
        other.close()
        services.close()
