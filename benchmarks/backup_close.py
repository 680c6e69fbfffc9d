"""Backups on a large database: the closing copy, and the start of day beside the desk's work.

Builds (once, reused) a set-up frontdesk database with ``--mb`` MB of filler rows (an index and a
foreign key, written with ``executemany``) in ``--folder`` (default ``/tmp/frontdesk-bench``), then:

1. **close**: ``MaintenanceService.closing_backup`` — the copy the program takes as it closes, at
   full speed, recorded but verified only at the next start. Target ≤ 5 s.
2. **start of day**: ``background_copy`` then ``verify_new_copies`` (as the desk runs them: a
   read-only snapshot in small steps with pauses, then integrity_check, foreign_key_check and
   SHA-256) on a thread of their own while the desk's own connection reads a row and, every fifth
   time, writes one, every 20 ms. Prints their times and the desk's worst wait (target: no read
   waits for the backup — a fraction of a second, never the copy's length).

Run from the checkout: ``python -m benchmarks.backup_close [--mb 1000]``. To compare with the code
before the change, run it from a checkout of that code with ``--before`` (it times
``backup_automatic``, the old closing path: the copy and its checks).
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import threading
import time
from pathlib import Path

from frontdesk.auth import Actor
from frontdesk.db import parse_target
from frontdesk.services import Services, connect


def build(path: Path, mb: int) -> None:
    """A set-up database with ``mb`` MB of filler rows (skipped when it exists)."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    services = connect(parse_target(path), backup_folder=path.parent / "b", create=True)
    services.setup.initialize(
        actor=None,
        office_name="办",
        estate_name="园",
        admin_username="admin",
        admin_display_name="王",
        admin_password="admin-pass-1",
        visitor_retention_days=30,
        slip_retention_days=365,
    )
    services.close()
    conn = sqlite3.connect(path)
    conn.execute(
        "CREATE TABLE filler (id INTEGER PRIMARY KEY, staff_id INTEGER REFERENCES staff(id), "
        "at TEXT, note TEXT)"
    )
    conn.execute("CREATE INDEX filler_at ON filler(at)")
    rows, note = mb * 1024 * 1024 // 260, "访客登记 " * 20
    for start in range(0, rows, 100_000):
        batch = range(start, min(rows, start + 100_000))
        conn.executemany(
            "INSERT INTO filler (staff_id, at, note) VALUES (1, ?, ?)",
            ((f"2016-{i:012d}", f"{note}{i}") for i in batch),
        )
        conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def close_time(services: Services, before: bool) -> float:
    """Seconds the closing backup takes."""
    started = time.perf_counter()
    if before:
        services.maintenance.backup_automatic(actor=Actor.command_line())
    else:
        services.maintenance.closing_backup(actor=Actor.command_line())
        services.maintenance.background_stop.clear()  # as at the next start
    return time.perf_counter() - started


def start_of_day(services: Services) -> str:
    """The background copy and its check beside a working desk: their times and the desk's worst wait."""
    maintenance, times = services.maintenance, {}

    def work() -> None:
        started = time.perf_counter()
        maintenance.background_copy(due_after=None)
        times["copy"] = time.perf_counter() - started
        started = time.perf_counter()
        maintenance.verify_new_copies()
        times["verify"] = time.perf_counter() - started

    thread = threading.Thread(target=work)
    thread.start()
    database, worst, n = services.connection.database, 0.0, 0
    while thread.is_alive():
        started = time.perf_counter()
        database.execute_sql("SELECT note FROM filler WHERE id = ?", (n * 7919 % 1_000_000 + 1,)).fetchone()  # type: ignore[no-untyped-call]  # peewee stub
        if n % 5 == 0:
            with database.atomic():
                database.execute_sql("INSERT INTO filler (staff_id, at, note) VALUES (1, 'bench', 'x')")  # type: ignore[no-untyped-call]  # peewee stub
        worst, n = max(worst, time.perf_counter() - started), n + 1
        time.sleep(0.02)
    thread.join()
    database.execute_sql("DELETE FROM filler WHERE at = 'bench'")  # type: ignore[no-untyped-call]  # peewee stub
    return (
        f"start of day: copy {times['copy']:.1f} s, verify {times['verify']:.1f} s; "
        f"desk: {n} reads, worst wait {worst * 1000:.0f} ms"
    )


def main() -> None:
    """Build, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=Path("/tmp/frontdesk-bench"))
    parser.add_argument("--mb", type=int, default=1000)
    parser.add_argument("--before", action="store_true", help="time the old closing path")
    args = parser.parse_args()
    path = args.folder / f"backup-{args.mb}mb.db"
    build(path, args.mb)
    folder = args.folder / "backup-copies"
    shutil.rmtree(folder, ignore_errors=True)
    services = connect(parse_target(path), backup_folder=folder)
    try:
        print(f"{path.stat().st_size / 1e9:.2f} GB")
        print(f"close: {close_time(services, args.before):.1f} s")
        if not args.before:
            print(start_of_day(services))
    finally:
        services.close()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
