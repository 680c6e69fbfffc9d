"""Search ratios: ``services.estate.search`` vs the raw indexed SQL it relies on, and 10 years vs 1.

Measured in one run on the same machine, over the 5,000-unit demo estate:

1. **service vs raw**: the p95 time of ``services.estate.search(text, limit=20)`` (parsing the
   text, the peewee queries, the hit rows with masked phones, the unit hits' occupants) against
   the p95 of the same index lookups written by hand in SQL and run through ``sqlite3`` on the
   same file, fetching the same rows as tuples: for a unit code the code prefix, its occupants and
   (6+ digits) a phone's start; for a 4-digit text the unit number, the ID tail and the phone
   suffix, since the search cannot know which it is. Target ≤ 2×.
2. **ten years vs one**: the same search p95 on a ten-year demo database against a one-year one
   (search must not grow with the fee history). Target ≤ 1.5×.

The queries, 40 of each kind, are drawn (seeded) from the one-year database: unit codes as typed
("3-1502"), two-character names (given names and two-character full names), the last four digits
of a phone, the last four characters of an ID number. Each is run ``--rounds`` times after a warm-up.

The demo databases are built once with the command line (``frontdesk init`` then ``frontdesk demo
--units 5000 --years 1|10``) into ``--folder`` (default ``/tmp/frontdesk-bench``) and reused; the
ten-year one takes about half a minute. The last line printed is the service/raw ratio, e.g. ``1.62x``.

    .venv/bin/python benchmarks/search.py [--folder DIR] [--rounds 5]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._demo import DEFAULT_FOLDER, demo_database  # noqa: E402
from frontdesk.auth import Actor  # noqa: E402
from frontdesk.db import SQLITE_PRAGMAS, parse_target  # noqa: E402
from frontdesk.services import connect  # noqa: E402

PER_KIND = 40
LIMIT = 20
Query = tuple[str, str]  # (kind, text)

RESIDENT_ROW = (
    "SELECT r.id, r.name, r.kind, r.phone, r.id_number_masked, r.active, u.id, u.code "
    "FROM resident r JOIN unit u ON u.id = r.unit_id WHERE r.active AND "
)
UNIT_PREFIX = "SELECT id, code FROM unit WHERE code LIKE ? ORDER BY length(code), code LIMIT 20"
UNIT_NUMBER = "SELECT id, code FROM unit WHERE number = ?"
OCCUPANTS = (
    "SELECT unit_id, name, kind, phone FROM resident WHERE active AND unit_id IN ({}) ORDER BY kind, id"
)
PHONE_PREFIX = RESIDENT_ROW + "r.phone_digits LIKE ? ORDER BY r.phone_digits, r.id LIMIT 20"
NAME = (
    RESIDENT_ROW.replace(" WHERE r.active AND ", " ")
    + "JOIN (SELECT resident_id, MIN(position) AS pos FROM resident_name_key WHERE fragment LIKE ? "
    "GROUP BY resident_id) k ON k.resident_id = r.id WHERE r.active ORDER BY k.pos, r.name, r.id LIMIT 20"
)
ID_TAIL = RESIDENT_ROW + "r.id_last4 = ? ORDER BY r.name, r.id LIMIT 20"
PHONE_SUFFIX = RESIDENT_ROW + "r.phone_suffix4 = ? ORDER BY r.name, r.id LIMIT 20"


def draw_queries(path: Path) -> list[Query]:
    """40 seeded queries of each kind, from the residents and units in ``path``."""
    pick = random.Random(1)
    with sqlite3.connect(path) as conn:
        codes = [c for (c,) in conn.execute("SELECT code FROM unit ORDER BY id")]
        names = [n for (n,) in conn.execute("SELECT name FROM resident WHERE active ORDER BY id")]
        phones = [p for (p,) in conn.execute("SELECT phone_suffix4 FROM resident WHERE phone_suffix4 != ''")]
        ids = [i for (i,) in conn.execute("SELECT id_last4 FROM resident WHERE id_last4 != ''")]
    two = sorted({n[-2:] for n in names if len(n) in (2, 3)})
    return [
        *(("unit", c) for c in pick.sample(codes, PER_KIND)),
        *(("name", n) for n in pick.sample(two, PER_KIND)),
        *(("phone", p) for p in pick.sample(phones, PER_KIND)),
        *(("id", i) for i in pick.sample(ids, PER_KIND)),
    ]


def p95(samples: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def clock(run: Callable[[], object]) -> float:
    """Seconds of one call."""
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


class Services:
    """The program's services on one demo database, opened for a block of searches."""

    def __init__(self, path: Path) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.services = connect(parse_target(path), backup_folder=Path(self.folder.name), migrate=False)
        self.actor = Actor.command_line()

    def search(self, text: str) -> object:
        """The search as the desk calls it."""
        return self.services.estate.search(actor=self.actor, text=text, limit=LIMIT)

    def close(self) -> None:
        """Close the database."""
        self.services.close()
        self.folder.cleanup()


def _occupants(conn: sqlite3.Connection, units: list[tuple[int, str]]) -> list[object]:
    if not units:
        return []
    return conn.execute(OCCUPANTS.format(", ".join("?" * len(units))), [u[0] for u in units]).fetchall()


def raw_search(conn: sqlite3.Connection, kind: str, text: str) -> list[object]:
    """The index lookups the search makes for ``text``, by hand: the same statements, rows as tuples."""
    if kind == "unit":  # the unit and the codes it starts (then who lives there); a phone's start
        units = conn.execute(UNIT_PREFIX, (text + "%",)).fetchall()
        digits = text.replace("-", "")
        phones = conn.execute(PHONE_PREFIX, (digits + "%",)).fetchall() if len(digits) >= 5 else []
        return [*units, *_occupants(conn, units), *phones]
    if kind == "name":
        return conn.execute(NAME, (text + "%",)).fetchall()
    # four digits: a unit number in any building, an ID's last four, a phone's last four
    units = conn.execute(UNIT_NUMBER, (text,)).fetchall()
    ids = conn.execute(ID_TAIL, (text,)).fetchall() if text[:3].isdigit() else []
    phones = conn.execute(PHONE_SUFFIX, (text,)).fetchall() if text.isdigit() else []
    return [*units, *ids, *phones, *_occupants(conn, units)]


def raw_connection(path: Path) -> sqlite3.Connection:
    """A plain ``sqlite3`` connection to ``path`` with the program's pragmas."""
    conn = sqlite3.connect(path)
    for name, value in SQLITE_PRAGMAS.items():
        conn.execute(f"PRAGMA {name}={value}")
    return conn


def measure(one: Path, ten: Path, queries: list[Query], rounds: int) -> tuple[list[float], ...]:
    """Raw, service and ten-year service seconds per query and round.

    Raw SQL and the service alternate query by query (so a busy moment of the machine falls on
    both alike); the one-year and ten-year databases alternate round by round (the program has one
    database open at a time). Each block starts with an untimed pass to warm the caches.
    """
    raw: list[float] = []
    service: list[float] = []
    service_ten: list[float] = []
    conn = raw_connection(one)
    try:
        for _round in range(rounds):
            desk = Services(one)
            try:
                for kind, text in queries:
                    raw_search(conn, kind, text), desk.search(text)
                for kind, text in queries:
                    raw.append(clock(lambda kind=kind, text=text: raw_search(conn, kind, text)))
                    service.append(clock(lambda text=text, desk=desk: desk.search(text)))
            finally:
                desk.close()
            desk = Services(ten)
            try:
                for _kind, text in queries:
                    desk.search(text)
                service_ten.extend(
                    clock(lambda text=text, desk=desk: desk.search(text)) for _kind, text in queries
                )
            finally:
                desk.close()
    finally:
        conn.close()
    return raw, service, service_ten


def by_kind(samples: list[float], queries: list[Query], rounds: int) -> dict[str, float]:
    """p95 per kind of query (samples are in query order, ``rounds`` times)."""
    kinds: dict[str, list[float]] = {}
    for index, seconds in enumerate(samples):
        kinds.setdefault(queries[index % len(queries)][0], []).append(seconds)
    return {kind: p95(values) for kind, values in kinds.items()}


def main() -> int:
    """Build or reuse the demo databases, time the searches, print the p95s and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    one, ten = demo_database(args.folder, 1), demo_database(args.folder, 10)
    queries = draw_queries(one)
    raw, service, service_ten = measure(one, ten, queries, args.rounds)
    print(f"{len(queries)} queries × {args.rounds} rounds; p95 in ms")
    print(f"{'kind':8}{'raw SQL':>10}{'service':>10}{'service 10y':>13}")
    kinds = [by_kind(s, queries, args.rounds) for s in (raw, service, service_ten)]
    for kind in kinds[0]:
        print(
            f"{kind:8}"
            + "".join(f"{k[kind] * 1000:>{w}.3f}" for k, w in zip(kinds, (10, 10, 13), strict=True))
        )
    print(f"{'all':8}{p95(raw) * 1000:>10.3f}{p95(service) * 1000:>10.3f}{p95(service_ten) * 1000:>13.3f}")
    print(f"ten years vs one year: {p95(service_ten) / p95(service):.2f}x (target ≤ 1.5x)")
    print(f"service vs raw SQL (target ≤ 2x):\n{p95(service) / p95(raw):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
