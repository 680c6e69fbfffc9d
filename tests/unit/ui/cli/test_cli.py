"""The command line, run in-process on real SQLite files: exit codes, output, and the database."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from frontdesk.db import parse_target
from frontdesk.services import connect
from ui.app import main

PASSWORD = "cli-password-1"


@pytest.fixture(autouse=True)
def _own_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTDESK_CONFIG", str(tmp_path / "settings.json"))


def run(monkeypatch: pytest.MonkeyPatch, *args: str, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(["--lang", "en", *args])


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
    assert run(monkeypatch, "--db", str(fresh), "user", "list") == 1
    assert "frontdesk init" in capsys.readouterr().err
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert run(monkeypatch, "--db", str(empty), "check") == 1
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
