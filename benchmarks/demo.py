"""Demo-load ratio: ``frontdesk demo`` through the demo code vs a raw sqlite3 insert of the same rows.

Measured in one run on the same machine:

1. the WHOLE demo load (planning the estate in memory, storing phones and ID numbers through the
   privacy helpers, the bulk inserts, reading back new ids, the audit entry, the commit) into a
   set-up SQLite database, timed around ``load_demo``;
2. the very same rows (read back from that database, untimed) inserted with raw ``sqlite3``
   ``executemany`` in one transaction into a second, identically migrated and set-up database
   with the program's pragmas (WAL, synchronous=FULL), timed around the inserts and the commit.

So the ratio charges the demo for generating its data as well as for writing it: an upper bound on
the cost of going through the demo code. The last line printed is the ratio, e.g. ``2.41x``.

    .venv/bin/python benchmarks/demo.py [--units 5000] [--years 1]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from frontdesk.auth import Actor  # noqa: E402
from frontdesk.db import SQLITE_PRAGMAS, parse_target  # noqa: E402
from frontdesk.demo import load_demo  # noqa: E402
from frontdesk.services import connect  # noqa: E402

TABLES = (
    "building",
    "unit",
    "resident",
    "resident_name_key",
    "standing_instruction",
    "charge",
    "payment",
    "collection_log",
    "visitor",
    "visitor_name_key",
    "visit",
    "visit_notification",
    "release_slip",
    "slip_item",
    "slip_confirmation",
    "meter",
    "meter_reading",
    "tariff_step",
)
TODAY = date(2026, 3, 31)


def set_up(path: Path) -> None:
    """A migrated database with an office, its first estate and an administrator."""
    services = connect(parse_target(path), backup_folder=path.parent / "bk", create=True)
    try:
        services.setup.initialize(
            actor=None,
            office_name="基准物业管理处",
            estate_name="基准小区",
            admin_username="admin",
            admin_display_name="admin",
            admin_password="bench-password-1",
            visitor_retention_days=30,
            slip_retention_days=365,
        )
    finally:
        services.close()


def time_demo(path: Path, units: int, years: int) -> float:
    """Seconds of the whole ``load_demo`` call."""
    services = connect(parse_target(path), backup_folder=path.parent / "bk")
    try:
        start = time.perf_counter()
        load_demo(actor=Actor.command_line(), units=units, years=years, seed=1, today=TODAY)
        return time.perf_counter() - start
    finally:
        services.close()


def read_rows(path: Path) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    """Every demo table's columns and rows, as stored."""
    with sqlite3.connect(path) as conn:
        found = {}
        for table in TABLES:
            cursor = conn.execute(f'SELECT * FROM "{table}" ORDER BY id')
            found[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    return found


def time_raw(path: Path, rows: dict[str, tuple[list[str], list[tuple[object, ...]]]]) -> float:
    """Seconds of raw ``executemany`` of the same rows in one transaction."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for name, value in SQLITE_PRAGMAS.items():
            conn.execute(f"PRAGMA {name}={value}")
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        for table, (columns, data) in rows.items():
            names = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" * len(columns))
            conn.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', data)
        conn.execute("COMMIT")
        return time.perf_counter() - start
    finally:
        conn.close()


def main() -> int:
    """Run both loads and print the times, the row count and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--years", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        demo_db, raw_db = Path(folder) / "demo.db", Path(folder) / "raw.db"
        set_up(demo_db)
        set_up(raw_db)
        demo_s = time_demo(demo_db, args.units, args.years)
        rows = read_rows(demo_db)
        raw_s = time_raw(raw_db, rows)
    total = sum(len(data) for _columns, data in rows.values())
    print(f"rows: {total:,} in {len(rows)} tables ({args.units} units, {args.years} year(s))")
    print(f"demo (whole load_demo): {demo_s:.3f} s")
    print(f"raw sqlite3 executemany: {raw_s:.3f} s")
    print(f"{demo_s / raw_s:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
