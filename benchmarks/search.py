"""Search ratios: ``services.estate.search`` vs the raw indexed SQL it relies on, and 10 years vs 1.

Measured in one run on the same machine, over the 5,000-unit demo estate:

1. **service vs raw**, on SQLite and (with ``--pg``) on PostgreSQL: the p95 time of
   ``services.estate.search(text, limit=20)`` (parsing the text, the queries, the hit rows with
   masked phones, the unit hits' occupants) against the p95 of the same index lookups written by
   hand in SQL and run through the driver (``sqlite3``, ``psycopg2``) on the same database,
   fetching the same rows as tuples: for a unit code the code prefix with the units' occupants
   and (5+ digits) a phone's start; for a 4-character text the unit number with its occupants, the
   ID tail and the phone suffix, since the search cannot know which it is. Target ≤ 2× per kind
   of query (goal 1.5×).
2. **ten years vs one** (SQLite): the service's p95 on the ten-year demo database against the
   one-year one (search must not grow with the fee history). Target ≤ 1.5×.

The queries, 40 of each kind, are drawn (seeded) from the one-year database: unit codes as typed
("3-1502"), two-character names (given names and two-character full names), the last four digits
of a phone, the last four characters of an ID number.

A comparison is ``--runs`` runs; in each, the two sides take turns (which goes first alternates
run by run, so a busy moment of the shared machine falls on both alike). Each side's turn starts
from nothing: a new connection and the search's own caches emptied (masked phones, parsed
codes), then one untimed pass to warm the database's page cache, then ``--repeat`` timed passes
over every query. A run gives each kind of query its p95 on each side and their ratio; printed is
the median ratio over the runs with its spread (lowest–highest). The last line is the worst
kind's median service/raw ratio over both engines, e.g. ``1.42x``.

The SQLite demo databases are built once with the command line (``frontdesk init`` then
``frontdesk demo --units 5000 --years 1|10``) into ``--folder`` (default ``/tmp/frontdesk-bench``)
and reused (the ten-year one takes 3–12 minutes on a shared 2-core machine). ``--pg`` names a
PostgreSQL database of its own for the benchmark: empty, the one-year demo is built into it
(about a minute); already holding it, it is reused. Create it and drop it yourself, e.g.
``createdb bench_search`` … ``dropdb bench_search``.

    .venv/bin/python benchmarks/search.py [--folder DIR] [--runs 7] [--repeat 3] [--pg URL]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._demo import DEFAULT_FOLDER, demo_database, frontdesk, spread  # noqa: E402
from frontdesk.auth import Actor  # noqa: E402
from frontdesk.db import SQLITE_PRAGMAS, DatabaseTarget, parse_target  # noqa: E402
from frontdesk.estate import search, search_sql, unitcode  # noqa: E402
from frontdesk.services import connect  # noqa: E402

PER_KIND = 40
LIMIT = 20
KINDS = ("unit", "name", "phone", "id")
Query = tuple[str, str]  # (kind, text)
Search = Callable[[str, str], object]  # (kind, text) -> rows


class Connection(Protocol):
    """What the benchmark needs of a DB-API connection."""

    def cursor(self) -> Any: ...

    def close(self) -> None: ...


RESIDENT_ROW = (
    "SELECT r.id, r.name, r.kind, r.phone, r.id_number_masked, r.active, u.id, u.code "
    "FROM resident r JOIN unit u ON u.id = r.unit_id WHERE r.active AND "
)
OCCUPANTS = "LEFT JOIN resident r ON r.unit_id = u.id AND r.active"
SQLITE_SQL = {
    "unit_prefix": (
        "SELECT u.id, u.code, r.name, r.kind, r.phone FROM (SELECT id, code FROM unit WHERE code LIKE ? "
        f"ORDER BY length(code), code LIMIT 20) u {OCCUPANTS} "
        "ORDER BY length(u.code), u.code, u.id, r.kind, r.id"
    ),
    "unit_number": (
        f"SELECT u.id, u.code, r.name, r.kind, r.phone FROM unit u {OCCUPANTS} WHERE u.number = ? "
        "ORDER BY u.id, r.kind, r.id"
    ),
    "phone_prefix": RESIDENT_ROW + "r.phone_digits LIKE ? ORDER BY r.phone_digits, r.id LIMIT 20",
    "name": (
        RESIDENT_ROW.replace(" WHERE r.active AND ", " ")
        + "JOIN (SELECT resident_id, MIN(position) AS pos FROM resident_name_key WHERE fragment LIKE ? "
        "GROUP BY resident_id) k ON k.resident_id = r.id WHERE r.active ORDER BY k.pos, r.name, r.id LIMIT 20"
    ),
    "id_tail": RESIDENT_ROW + "r.id_last4 = ? ORDER BY r.name, r.id LIMIT 20",
    "phone_suffix": RESIDENT_ROW + "r.phone_suffix4 = ? ORDER BY r.name, r.id LIMIT 20",
}
# PostgreSQL: its parameter mark, and the prefix match its lower(col) text_pattern_ops indexes serve
POSTGRES_SQL = {
    name: sql.replace("?", "%s")
    .replace("code LIKE", "LOWER(code) LIKE")
    .replace("r.phone_digits LIKE", "LOWER(r.phone_digits) LIKE")
    .replace("fragment LIKE", "LOWER(fragment) LIKE")
    .replace("MIN(position)", 'MIN("position")')
    for name, sql in SQLITE_SQL.items()
}


def draw_queries(conn: Connection) -> list[Query]:
    """40 seeded queries of each kind, from the residents and units of the database."""
    pick = random.Random(1)
    cursor = conn.cursor()

    def column(sql: str) -> list[str]:
        cursor.execute(sql)
        return [value for (value,) in cursor.fetchall()]

    codes = column("SELECT code FROM unit ORDER BY id")
    names = column("SELECT name FROM resident WHERE active ORDER BY id")
    phones = column("SELECT phone_suffix4 FROM resident WHERE phone_suffix4 != '' ORDER BY id")
    ids = column("SELECT id_last4 FROM resident WHERE id_last4 != '' ORDER BY id")
    two = sorted({n[-2:] for n in names if len(n) in (2, 3)})
    return [
        *(("unit", c) for c in pick.sample(codes, PER_KIND)),
        *(("name", n) for n in pick.sample(two, PER_KIND)),
        *(("phone", p) for p in pick.sample(phones, PER_KIND)),
        *(("id", i) for i in pick.sample(ids, PER_KIND)),
    ]


def p95(samples: Sequence[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def raw_searcher(conn: Connection, postgres: bool) -> Search:
    """The index lookups the search makes for a text, by hand: the same statements, rows as tuples."""
    sql = POSTGRES_SQL if postgres else SQLITE_SQL
    cursor = conn.cursor()

    def rows(statement: str, params: Sequence[object]) -> list[object]:
        cursor.execute(statement, tuple(params))
        return list(cursor.fetchall())

    def prefix(text: str) -> str:
        return (text.lower() if postgres else text) + "%"

    def run(kind: str, text: str) -> object:
        if kind == "unit":  # the unit and the codes it starts, with who lives there; a phone's start
            units = rows(sql["unit_prefix"], (prefix(text),))
            digits = text.replace("-", "")
            phones = rows(sql["phone_prefix"], (prefix(digits),)) if len(digits) >= 5 else []
            return [*units, *phones]
        if kind == "name":
            return rows(sql["name"], (prefix(text),))
        # four characters: a unit number in any building, an ID's last four, a phone's last four
        units = rows(sql["unit_number"], (text,))
        ids = rows(sql["id_tail"], (text,)) if text[:3].isdigit() else []
        phones = rows(sql["phone_suffix"], (text,)) if text.isdigit() else []
        return [*units, *ids, *phones]

    return run


def forget_caches() -> None:
    """Empty the search's own caches, so a side's turn pays what a first search pays."""
    search._masked_phone.cache_clear()
    search_sql._statements.cache_clear()
    unitcode.parse_building_code.cache_clear()


@contextmanager
def raw_side(target: DatabaseTarget) -> Iterator[Search]:
    """The hand-written lookups over a new driver connection to ``target``."""
    conn: Connection
    if target.is_sqlite:
        import sqlite3

        conn = sqlite3.connect(target.path)
        for name, value in SQLITE_PRAGMAS.items():
            conn.execute(f"PRAGMA {name}={value}")  # type: ignore[attr-defined]
    else:
        import psycopg2

        conn = psycopg2.connect(target.location)
        conn.autocommit = True  # type: ignore[attr-defined]  # as the program reads: no open transaction
    try:
        yield raw_searcher(conn, not target.is_sqlite)
    finally:
        conn.close()


@contextmanager
def service_side(target: DatabaseTarget) -> Iterator[Search]:
    """The program's search, on newly opened services."""
    with tempfile.TemporaryDirectory() as backups:
        services = connect(target, backup_folder=Path(backups), migrate=False)
        actor = Actor.command_line()
        try:
            yield lambda _kind, text: services.estate.search(actor=actor, text=text, limit=LIMIT)
        finally:
            services.close()


Side = Callable[[], Any]  # a context manager factory yielding a Search


def one_turn(side: Side, queries: list[Query], repeat: int) -> dict[str, float]:
    """One side's turn from a cold start: the p95 seconds of each kind of query."""
    forget_caches()
    samples: dict[str, list[float]] = {kind: [] for kind in KINDS}
    with side() as run:
        for kind, text in queries:  # warm the database's pages (not the search's caches' job)
            run(kind, text)
        for _ in range(repeat):
            for kind, text in queries:
                start = time.perf_counter()
                run(kind, text)
                samples[kind].append(time.perf_counter() - start)
    return {kind: p95(values) for kind, values in samples.items()}


def compare(
    first: Side, second: Side, queries: list[Query], runs: int, repeat: int
) -> list[tuple[dict[str, float], ...]]:
    """``runs`` pairs of turns, the two sides taking turns going first: ``(first's, second's)`` p95s."""
    pairs = []
    for run in range(runs):
        if run % 2 == 0:
            a = one_turn(first, queries, repeat)
            b = one_turn(second, queries, repeat)
        else:
            b = one_turn(second, queries, repeat)
            a = one_turn(first, queries, repeat)
        pairs.append((a, b))
    return pairs


def report(title: str, names: tuple[str, str], pairs: list[tuple[dict[str, float], ...]]) -> float:
    """Print each kind's median p95 on both sides and the median ratio with its spread; the worst ratio."""
    print(title)
    print(f"  {'kind':8}{names[0]:>12}{names[1]:>12}   ratio, median of runs (lowest–highest)")
    worst = 0.0
    for kind in KINDS:
        ratios = [b[kind] / a[kind] for a, b in pairs]
        a_ms = statistics.median(a[kind] for a, _ in pairs) * 1000
        b_ms = statistics.median(b[kind] for _, b in pairs) * 1000
        print(f"  {kind:8}{a_ms:>10.3f}ms{b_ms:>10.3f}ms   {spread(ratios)}")
        worst = max(worst, statistics.median(ratios))
    return worst


def prepare_postgres(url: str, folder: Path) -> DatabaseTarget:
    """The PostgreSQL database at ``url`` holding the one-year demo, built into it when empty."""
    import psycopg2

    target = parse_target(url)
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT to_regclass('public.unit') IS NOT NULL")
        built = bool(cursor.fetchone()[0])
    if not built:
        print(f"building the one-year demo in {url} …", flush=True)
        settings = folder / "pg"
        settings.mkdir(parents=True, exist_ok=True)
        init = ("init", "--office", "基准物业管理处", "--admin", "admin", "--password-stdin")
        frontdesk("--db", url, *init, folder=settings)
        frontdesk("--db", url, "demo", "--units", "5000", "--years", "1", folder=settings)
    return target


def main() -> int:
    """Build or reuse the demo databases, alternate the sides, print the ratios; the worst last."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pg", help="a PostgreSQL database of the benchmark's own (empty, or built before)")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    one, ten = (parse_target(str(demo_database(args.folder, years))) for years in (1, 10))
    engines = [("SQLite", one)]
    if args.pg:
        engines.append(("PostgreSQL", prepare_postgres(args.pg, args.folder)))
    print(f"{PER_KIND} queries of each kind × {args.repeat} passes a turn, {args.runs} alternated runs; p95")
    worst = 0.0
    for engine, target in engines:
        queries = drawn(target)
        pairs = compare(
            lambda t=target: raw_side(t), lambda t=target: service_side(t), queries, args.runs, args.repeat
        )
        worst = max(
            worst, report(f"{engine}: service vs raw SQL (target ≤ 2x, goal 1.5x)", ("raw", "service"), pairs)
        )
    queries = drawn(one)
    pairs = compare(lambda: service_side(one), lambda: service_side(ten), queries, args.runs, args.repeat)
    years = report("SQLite: the service, ten years vs one (target ≤ 1.5x)", ("1 year", "10 years"), pairs)
    print(f"worst kind, ten years vs one: {years:.2f}x")
    print(
        f"worst kind, service vs raw SQL, {' and '.join(e for e, _ in engines)} (target ≤ 2x):\n{worst:.2f}x"
    )
    return 0


def drawn(target: DatabaseTarget) -> list[Query]:
    """:func:`draw_queries` from the database at ``target``."""
    conn: Connection
    if target.is_sqlite:
        import sqlite3

        conn = sqlite3.connect(target.path)
    else:
        import psycopg2

        conn = psycopg2.connect(target.location)
    try:
        return draw_queries(conn)
    finally:
        conn.close()


if __name__ == "__main__":
    sys.exit(main())
