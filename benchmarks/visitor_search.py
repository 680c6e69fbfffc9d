"""Returning-visitor search: p95 on a ten-year database (about 1.1 M visits) vs a one-year one.

Both databases are made once by the demo generator (5000 units, about 300 visits a day) in a
folder that later runs reuse, with the office keeping visitors' details for ten years (the longest
retention the settings allow), so every visitor of the ten years stays searchable: the worst case
for the search. The queries are what a clerk types: a full mobile number, its first seven digits,
its last four digits, a full name, a surname with the first character of the given name, and a given
name alone (``秀英``), drawn from each database's own recent visitors. Each query runs once untimed,
then ``--rounds`` times timed through ``services.visitors.find_returning``.

    .venv/bin/python benchmarks/visitor_search.py [--dir /tmp/frontdesk-bench] [--queries 300]

The last line printed is the ratio of the p95s, e.g. ``p95 ratio 10y/1y: 1.08x (target ≤ 1.5x)``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from frontdesk.auth import Actor  # noqa: E402
from frontdesk.db import parse_target  # noqa: E402
from frontdesk.demo import load_demo  # noqa: E402
from frontdesk.services import Services, connect  # noqa: E402
from frontdesk.visitors.idkey import IdKeyRing  # noqa: E402
from frontdesk.visitors.models import Visit, Visitor  # noqa: E402
from frontdesk.visitors.service import VisitorService  # noqa: E402

TODAY = date(2026, 3, 31)
UNITS = 5000
TARGET = 1.5


def _open(path: Path) -> Services:
    services = connect(parse_target(path), backup_folder=path.parent / "backups", create=True)
    services.visitors = VisitorService(keyring=IdKeyRing(path.parent / "visitor-id.key"))
    return services


def build(path: Path, years: int) -> float:
    """Make the demo database (once); returns the seconds the demo load took (0 when reused)."""
    if path.exists():
        return 0.0
    services = _open(path)
    try:
        services.setup.initialize(
            actor=None, office_name="基准物业管理处", estate_name="基准小区", admin_username="admin",
            admin_display_name="admin", admin_password="bench-password-1",
            visitor_retention_days=3650, slip_retention_days=3650,
        )  # fmt: skip
        start = time.perf_counter()
        load_demo(actor=Actor.command_line(), units=UNITS, years=years, seed=1, today=TODAY)
        return time.perf_counter() - start
    finally:
        services.close()


def queries(count: int, seed: int) -> list[str]:
    """What clerks type for returning visitors of the last year (the database must be open)."""
    people = list(
        Visitor.select(Visitor.name, Visitor.phone_digits)
        .where(Visitor.purged_at.is_null() & (Visitor.name != ""))
        .order_by(Visitor.id.desc())
        .limit(20_000)
    )
    rng = random.Random(seed)
    texts = []
    for n in range(count):
        who = rng.choice(people)
        given = who.name[1:]
        kind = n % 6
        texts.append(
            (who.phone_digits, who.phone_digits[:7], who.phone_digits[-4:], who.name, who.name[:2], given)[
                kind
            ]
        )
    return texts


def measure(path: Path, count: int, rounds: int) -> tuple[list[float], int]:
    """Milliseconds per search, and how many visits the database holds."""
    services = _open(path)
    try:
        actor, visitors = Actor.command_line(), services.visitors
        visits = Visit.select().count()
        texts = queries(count, seed=7)
        for text in texts:  # warm the caches: the desk searches all day long
            visitors.find_returning(actor=actor, text=text)
        times = []
        for _round in range(rounds):
            for text in texts:
                start = time.perf_counter()
                found = visitors.find_returning(actor=actor, text=text)
                times.append((time.perf_counter() - start) * 1000)
                assert found.hits, text
        return times, visits
    finally:
        services.close()


def p95(values: list[float]) -> float:
    """The 95th percentile."""
    return statistics.quantiles(values, n=100)[94]


def main() -> int:
    """Build (or reuse) both databases, search both, print the figures and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dir", type=Path, default=Path("/tmp/frontdesk-bench"), help="where the databases are kept"
    )
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    results = {}
    for years in (1, 10):
        path = args.dir / f"visitors-{years}y.db"
        seconds = build(path, years)
        if seconds:
            print(f"built {path.name}: demo load {seconds:.1f} s")
        times, visits = measure(path, args.queries, args.rounds)
        results[years] = p95(times)
        print(
            f"{years:>2} year(s): {visits:>9,} visits; {len(times)} searches: "
            f"median {statistics.median(times):.2f} ms, p95 {results[years]:.2f} ms, max {max(times):.2f} ms"
        )
    ratio = results[10] / results[1]
    print(f"p95 ratio 10y/1y: {ratio:.2f}x (target ≤ {TARGET}x)")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
