"""Four desks guessing one password at once get five password checks in all before the lock-out."""

from __future__ import annotations

import multiprocessing
import queue
import time
import traceback
from pathlib import Path
from typing import Any

import pytest

from frontdesk import audit, auth
from frontdesk.auth import Role, Staff
from frontdesk.db import DatabaseTarget, open_database, parse_target
from frontdesk.errors import UserError
from frontdesk.services import connect

pytestmark = pytest.mark.slow

DESKS = 4
GUESSES = 4  # each: 16 guesses in all, far more than the 5 allowed


def guess(location: str, desk: str, start: Any, results: Any) -> None:
    """One desk (a spawned process): guess the password GUESSES times, counting the hash checks made."""
    try:
        from frontdesk import staff as accounts

        checks = 0
        real_verify = accounts.verify_password

        def slow_verify(password_hash: str, password: str) -> bool:
            nonlocal checks
            checks += 1
            time.sleep(0.2)  # a real argon2 check takes this long: the desks overlap inside it
            return real_verify(password_hash, password)

        accounts.verify_password = slow_verify
        handle = open_database(parse_target(location), create=True, exclusive=False)
        service = accounts.StaffService(desk)
        refused = 0
        try:
            start.wait(timeout=60)
            for n in range(GUESSES):
                try:
                    service.authenticate(username="li", password=f"guess-{desk}-{n}")
                except UserError as exc:
                    refused += "locked" in exc.message
        finally:
            handle.close()
        results.put((desk, (checks, refused)))
    except BaseException:  # report everything to the parent, which fails the test with it
        results.put((desk, traceback.format_exc()))


def test_parallel_guesses_get_exactly_five_checks(
    db_target: DatabaseTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth, "ARGON2_TIME_COST", 1)  # the hash's own parameters travel with it
    monkeypatch.setattr(auth, "ARGON2_MEMORY_KIB", 8)
    monkeypatch.setattr(auth, "ARGON2_PARALLELISM", 1)
    services = connect(db_target, create=True, backup_folder=tmp_path / "b")
    cli = auth.Actor.command_line("setup")
    services.staff.create_account(
        actor=cli, username="li", display_name="李", role=Role.CLERK, password="right-pass-1"
    )
    services.close()

    context = multiprocessing.get_context("spawn")
    start, results = context.Barrier(DESKS), context.Queue()
    desks = [
        context.Process(target=guess, args=(db_target.location, f"d{n}", start, results))
        for n in range(DESKS)
    ]
    for desk in desks:
        desk.start()
    try:
        outcomes = [results.get(timeout=120) for _ in desks]
    except queue.Empty:
        pytest.fail("a desk process did not finish in time")
    finally:
        for desk in desks:
            desk.join(timeout=30)
            if desk.is_alive():
                desk.kill()
    failures = [f"{name}:\n{result}" for name, result in outcomes if isinstance(result, str)]
    assert not failures, "\n".join(failures)

    checks = sum(result[0] for _, result in outcomes)
    refused = sum(result[1] for _, result in outcomes)
    assert (checks, refused) == (5, DESKS * GUESSES - 5)
    services = connect(db_target, create=True, backup_folder=tmp_path / "b")
    try:
        failed = audit.AuditEntry.select().where(audit.AuditEntry.action == "login_failed").count()
        stored = Staff.get(Staff.username == "li")
        assert failed == 5 and stored.locked_until is not None
    finally:
        services.close()
