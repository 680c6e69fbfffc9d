"""Several processes issue document numbers (and audit entries) at once: no duplicates, no gaps."""

from __future__ import annotations

import itertools
import multiprocessing
import queue
import time
import traceback
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from frontdesk import audit
from frontdesk.auth import Actor, Role
from frontdesk.db import DatabaseTarget, open_database, parse_target, transaction
from frontdesk.numbering import next_number
from frontdesk.services import connect

pytestmark = pytest.mark.slow

PROCESSES = 4
PER_PROCESS = 50
DAY = date(2026, 11, 23)


def issue_numbers(location: str, count: int, desk: str, start: Any, results: Any) -> None:
    """A desk of its own (a spawned process): one number and its audit entry per transaction."""
    try:
        handle = open_database(parse_target(location), create=True, exclusive=False)
        actor = Actor(username=desk, display_name=desk, role=Role.CLERK, desk=desk)
        numbers = []
        try:
            start.wait(timeout=60)
            for _ in range(count):
                with transaction():
                    number = next_number("self_test", DAY)  # no slip behind it: not a release slip's number
                    audit.record(actor, "print", "self_test", number)
                numbers.append(number)
                time.sleep(0.002)  # a desk does something between two documents
        finally:
            handle.close()
        results.put((desk, numbers))
    except BaseException:  # report everything to the parent, which fails the test with it
        results.put((desk, traceback.format_exc()))


def _run_desks(target: DatabaseTarget) -> list[str]:
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(PROCESSES)
    results = context.Queue()
    desks = [
        context.Process(target=issue_numbers, args=(target.location, PER_PROCESS, f"desk{n}", start, results))
        for n in range(PROCESSES)
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
    assert all(desk.exitcode == 0 for desk in desks)
    return [number for _, numbers in outcomes for number in numbers]


def test_concurrent_desks_get_distinct_consecutive_numbers(db_target: DatabaseTarget, tmp_path: Path) -> None:
    connect(db_target, create=True, backup_folder=tmp_path / "b").close()  # migrated before the desks start

    numbers = _run_desks(db_target)

    total = PROCESSES * PER_PROCESS
    assert len(numbers) == total
    assert sorted(numbers) == [f"ZJ-20261123-{n:04d}" for n in range(1, total + 1)]
    services = connect(db_target, create=True, backup_folder=tmp_path / "b")
    try:
        report = services.maintenance.check()
        entries = [(e.desk, e.entity_id) for e in audit.AuditEntry.select().order_by(audit.AuditEntry.id)]
    finally:
        services.close()
    # the audit chain stayed one chain although four processes appended to it at once
    assert report.ok, report.problems
    assert report.audit_entries == total
    assert sorted(number for _, number in entries) == sorted(numbers)
    # the desks really took turns (≈170-200 switches are usual; 3 would mean one ran after another)
    switches = sum(a[0] != b[0] for a, b in itertools.pairwise(entries))
    assert switches >= PER_PROCESS, f"the desks hardly overlapped ({switches} switches)"
