"""The command line, run in-process on real SQLite files: exit codes, output, and the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from frontdesk.db import parse_target
from frontdesk.services import connect
from tests.unit.ui.cli.conftest import PASSWORD, run


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "desk.db"
    code = run(
        monkeypatch,
        "--db",
        str(path),
        "init",
        "--office",
        "幸福里物业管理处",
        "--admin",
        "admin",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert code == 0
    return path


def staff_usernames(path: Path, tmp_path: Path) -> list[str]:
    services = connect(parse_target(path), backup_folder=tmp_path / "bk")
    try:
        return [row.username for row in services.staff.list(actor=_cli_actor())]
    finally:
        services.close()


def _cli_actor():  # type: ignore[no-untyped-def]
    from frontdesk.auth import Actor

    return Actor.command_line()


def test_init_sets_up_office_and_admin(db: Path, tmp_path: Path) -> None:
    services = connect(parse_target(db), backup_folder=tmp_path / "bk")
    try:
        assert services.setup.office().name == "幸福里物业管理处"  # type: ignore[union-attr]
        actor = services.staff.authenticate(username="admin", password=PASSWORD)
        assert actor.role.value == "admin"
        trail = services.audit.recent(actor=actor, limit=50)
        assert any(row.actor.startswith("cli:") and row.entity == "office" for row in trail)
    finally:
        services.close()


def test_init_twice_is_refused(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        monkeypatch,
        "--db",
        str(db),
        "init",
        "--office",
        "X",
        "--admin",
        "a2",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert code == 1
    assert "already set up" in capsys.readouterr().err


def test_user_add_list_and_bad_password(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run(
            monkeypatch,
            "--db",
            str(db),
            "user",
            "add",
            "lixy",
            "--role",
            "clerk",
            "--name",
            "李秀英",
            "--password-stdin",
            stdin="clerk-pass-1\n",
        )
        == 0
    )
    assert run(monkeypatch, "user", "list", "--db", str(db)) == 0
    assert "lixy\t李秀英\tclerk\tactive" in capsys.readouterr().out
    assert (
        run(
            monkeypatch,
            "--db",
            str(db),
            "user",
            "add",
            "wu",
            "--role",
            "clerk",
            "--password-stdin",
            stdin="short\n",
        )
        == 1
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "at least 8 characters" in err
    assert sorted(staff_usernames(db, tmp_path)) == ["admin", "lixy"]


def test_a_control_character_in_a_name_is_one_line_and_exit_1(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "--db",
        str(db),
        "user",
        "add",
        "wu",
        "--role",
        "clerk",
        "--name",
        "吴\x1b[31m红",
        "--password-stdin",
    ]
    assert run(monkeypatch, *args, stdin="clerk-pass-1\n") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "display_name" in err and "U+001B" in err and "\x1b" not in err
    assert sorted(staff_usernames(db, tmp_path)) == ["admin"]


def test_passwd_changes_the_password(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (
        run(
            monkeypatch,
            "--db",
            str(db),
            "user",
            "passwd",
            "admin",
            "--password-stdin",
            stdin="new-password-9\n",
        )
        == 0
    )
    services = connect(parse_target(db), backup_folder=tmp_path / "bk")
    try:
        assert services.staff.authenticate(username="admin", password="new-password-9").username == "admin"
    finally:
        services.close()


def test_commands_refuse_a_database_not_set_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fresh = tmp_path / "fresh.db"
    assert run(monkeypatch, "--db", str(fresh), "user", "list") == 2
    assert "frontdesk init" in capsys.readouterr().err
    assert not fresh.exists()
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert run(monkeypatch, "--db", str(empty), "check") == 2
    assert "not a frontdesk database" in capsys.readouterr().err


def test_backup_check_and_restore(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "copies"
    assert run(monkeypatch, "--db", str(db), "backup", "--to", str(folder)) == 0
    copies = sorted(folder.glob("frontdesk-*-manual.db"))
    assert len(copies) == 1 and (folder / (copies[0].name + ".sha256")).exists()
    assert (
        run(
            monkeypatch,
            "--db",
            str(db),
            "user",
            "add",
            "later",
            "--role",
            "guard",
            "--password-stdin",
            stdin="guard-pass-1\n",
        )
        == 0
    )
    assert run(monkeypatch, "--db", str(db), "restore", str(copies[0])) == 0
    assert "later" not in staff_usernames(db, tmp_path)
    assert list(tmp_path.glob("desk.db.before-restore-*"))
    capsys.readouterr()
    assert run(monkeypatch, "--db", str(db), "check") == 0
    assert "No problems found." in capsys.readouterr().out


def test_check_reports_a_tampered_audit_trail(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    conn = sqlite3.connect(db)
    conn.execute("DROP TRIGGER audit_entry_no_update")
    conn.execute("UPDATE audit_entry SET actor = 'someone-else' WHERE id = 1")
    conn.commit()
    conn.close()
    assert run(monkeypatch, "--db", str(db), "check") == 1
    assert "PROBLEM: Audit entry 1" in capsys.readouterr().out


def test_restore_refuses_a_damaged_copy(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "copies"
    assert run(monkeypatch, "--db", str(db), "backup", "--to", str(folder)) == 0
    copy = next(folder.glob("*.db"))
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    before = db.read_bytes()
    assert run(monkeypatch, "--db", str(db), "restore", str(copy)) == 1
    assert "cannot be restored" in capsys.readouterr().err
    assert db.read_bytes() == before


def test_unreachable_server_exits_2_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(monkeypatch, "--db", "postgresql://nobody@127.0.0.1:1/none", "check") == 2
    err = capsys.readouterr().err
    assert "Cannot reach PostgreSQL" in err and err.count("\n") == 1


def test_version_and_bad_arguments(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as version:
        run(monkeypatch, "--version")
    assert version.value.code == 0 and "frontdesk 0.1.0" in capsys.readouterr().out
    with pytest.raises(SystemExit) as bad:
        run(monkeypatch, "user", "add", "x", "--role", "king", "--password-stdin")
    assert bad.value.code == 2


# --- data-loss traps: files that are not ours, mistyped paths, a failed init ------------------


INIT = ("init", "--office", "幸福里物业管理处", "--admin", "admin", "--password-stdin")


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


def test_a_mistyped_db_path_creates_no_folder_and_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "offcie" / "data" / "desk.db"
    for command in (["user", "list"], ["check"], ["backup"], ["purge", "--dry-run"]):
        assert run(monkeypatch, "--db", str(typo), *command) == 2
        assert "There is no database at" in _one_line_error(capsys)
    assert not (tmp_path / "offcie").exists()


@pytest.mark.parametrize("kind", ["empty", "truncated", "truncated-at-a-page", "foreign", "garbage"])
def test_a_file_that_is_not_our_database_is_refused_and_left_as_it_was(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path = tmp_path / f"{kind}.db"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        whole = db.read_bytes()
        path.write_bytes(whole[: len(whole) // 2 + 100])
    elif kind == "truncated-at-a-page":
        with sqlite3.connect(db) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        whole = db.read_bytes()
        path.write_bytes(whole[: 4096 * 3])
    elif kind == "foreign":
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    else:
        path.write_bytes(b"PK\x03\x04 this is a zip file, not a database" * 50)
    before = path.read_bytes()
    capsys.readouterr()
    for command in (["user", "list"], ["check"], ["purge"], [*INIT]):
        assert run(monkeypatch, "--db", str(path), *command, stdin=PASSWORD + "\n") == 2
        line = _one_line_error(capsys)
        assert str(path) in line and ("frontdesk database" in line or "truncated" in line), line
    assert path.read_bytes() == before
    assert not path.with_name(path.name + "-wal").exists()


def test_a_folder_given_as_db_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(monkeypatch, "--db", str(tmp_path), "check") == 2
    assert "is a folder, not a database file" in _one_line_error(capsys)


def test_init_with_a_short_password_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "new" / "desk.db"
    assert run(monkeypatch, "--db", str(path), *INIT, stdin="short\n") == 1
    assert "password" in _one_line_error(capsys)
    assert not (tmp_path / "new").exists()


def test_init_failing_midway_removes_the_database_it_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from frontdesk.errors import StorageError
    from frontdesk.setup import SetupService

    def fail(*_args: object, **_kwargs: object) -> None:
        raise StorageError("The disk is full: nothing could be saved.")

    monkeypatch.setattr(SetupService, "initialize", fail)
    path = tmp_path / "new" / "desk.db"
    assert run(monkeypatch, "--db", str(path), *INIT, stdin=PASSWORD + "\n") == 2
    assert "disk is full" in _one_line_error(capsys)
    assert not (tmp_path / "new").exists()


def test_a_database_whose_lock_file_cannot_be_written_is_one_line(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lock = db.with_name(db.name + ".lock")
    lock.unlink(missing_ok=True)
    lock.mkdir()  # as unwritable as a read-only folder, even for root
    assert run(monkeypatch, "--db", str(db), "user", "list") == 2
    line = _one_line_error(capsys)
    assert "lock file cannot be written" in line and "read-only" in line


def test_a_backup_of_a_read_only_database_says_the_copy_is_good(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from frontdesk.db import database_proxy
    from frontdesk.maintenance import MaintenanceService

    real_copy = MaintenanceService._copy

    def copy_then_read_only(self: MaintenanceService, folder: Path, label: str):  # type: ignore[no-untyped-def]
        pending = real_copy(self, folder, label)
        database_proxy.execute_sql("PRAGMA query_only = ON")  # the database turns read-only
        return pending

    monkeypatch.setattr(MaintenanceService, "_copy", copy_then_read_only)
    folder = tmp_path / "copies"
    assert run(monkeypatch, "--db", str(db), "backup", "--to", str(folder)) == 2
    line = _one_line_error(capsys)
    assert "was written and checked" in line and "Nothing was saved" not in line
    copies = list(folder.glob("*.db"))
    assert len(copies) == 1 and sqlite3.connect(copies[0]).execute("PRAGMA integrity_check").fetchone() == (
        "ok",
    )
