"""Slip text search (Ctrl+K, the slip list's search box): ten years of slips against one.

Two SQLite databases are made in a temporary folder (or ``--dir``, reused when there): the same
estate of 2,000 units and ``--per-day`` slips a day (25: a 5,000-unit estate), one year in one, ten
in the other, written straight into the tables through the models (no goods, no calls: the search reads
neither). Each day's slips are drawn from a source seeded with the day, so the last year is the
same in both. Applicants' names are kept for all ten years (the office's longest retention): the
worst case for a name search.

The queries are what Ctrl+K runs, ``services.slips.list_slips(text=…, limit=5)``, for texts drawn
from the last year: digits (a full number, the 4-digit tail of a number, a date, a unit code, one
and two digits) and names (two- and three-character names, a surname and the first character of the
given name). Each round opens one database, runs every query once untimed, then timed, and closes
it; the databases alternate over ``--rounds`` rounds. A round's figure is the sum of the query
times (each text's median of ``--repeat`` runs); the ratio 10y/1y is taken per pair of rounds.

    .venv/bin/python benchmarks/slip_search.py [--dir DIR] [--rounds 7] [--per-day 25]

The last line printed is the median ratio and its spread, e.g.
``median ratio 10y/1y: 1.10x (0.98–1.21x over 7 rounds; target ≤ 1.5x)``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from frontdesk.auth import Actor  # noqa: E402
from frontdesk.db import parse_target, transaction  # noqa: E402
from frontdesk.demo.people import person  # noqa: E402
from frontdesk.estate.models import Building, Estate, Unit  # noqa: E402
from frontdesk.services import Services, connect  # noqa: E402
from frontdesk.slips.models import ReleaseSlip  # noqa: E402

TODAY = date(2026, 3, 31)
UNITS = 2000
LIMIT = 5  # what Ctrl+K asks for
TARGET = 1.5


def _open(path: Path, create: bool = False) -> Services:
    return connect(parse_target(path), backup_folder=path.parent / "backups", create=create)


def _units() -> list[Unit]:
    """2,000 units in 20 buildings, codes as typed at the desk ("3-1502")."""
    estate = Estate.get()
    Building.insert_many(
        [{"estate": estate, "name": f"{b}栋", "code": str(b)} for b in range(1, 21)]
    ).execute()
    rows = [
        {
            "building": building.id,
            "code": f"{building.code}-{floor}{door:02d}",
            "number": f"{floor}{door:02d}",
        }
        | {"floor": floor, "area_dm2": 9000, "status": "occupied"}
        for building in Building.select().order_by(Building.id)
        for floor in range(1, 26)
        for door in range(1, 5)
    ]
    Unit.insert_many(rows).execute()
    return list(Unit.select(Unit.id, Unit.code).order_by(Unit.id))


def _day_rows(day: date, per_day: int, units: list[Unit]) -> list[dict[str, object]]:
    """The slips of one day, drawn from a source seeded with the day (the same in every database)."""
    rng = random.Random(f"slips-{day}")
    rows = []
    for n in range(1, rng.randint(per_day - per_day // 2, per_day + per_day // 2) + 1):
        unit = rng.choice(units)
        at = datetime.combine(day, datetime.min.time()) + timedelta(minutes=rng.randint(0, 600))
        rows.append(
            {"number": f"FX-{day:%Y%m%d}-{n:04d}", "unit": unit.id, "unit_code": unit.code, "status": "used"}
            | {"applicant_kind": "agent", "applicant_name": person(rng).name, "reason": "moving_out"}
            | {"valid_until": day, "issued_at": at, "issued_on": day, "issued_by": "clerk"}
            | {"verification_code": "ABCD-EFGH", "item_count": 1}
        )
    return rows


def build(path: Path, years: int, per_day: int) -> int:
    """Make the database (once) and return how many slips it holds."""
    if not path.exists():
        services = _open(path, create=True)
        try:
            services.setup.initialize(
                actor=None, office_name="基准物业管理处", estate_name="基准小区", admin_username="admin",
                admin_display_name="admin", admin_password="bench-password-1",
                visitor_retention_days=3650, slip_retention_days=3650,
            )  # fmt: skip
            with transaction():
                units = _units()
                for back in range(365 * years, -1, -1):
                    ReleaseSlip.insert_many(_day_rows(TODAY - timedelta(days=back), per_day, units)).execute()
        finally:
            services.close()
    services = _open(path)
    try:
        return ReleaseSlip.select().count()
    finally:
        services.close()


def queries() -> list[tuple[str, str]]:
    """(kind, text) pairs from the last year's slips, the same in both databases (one must be open)."""
    recent = list(
        ReleaseSlip.select(ReleaseSlip.number, ReleaseSlip.unit_code, ReleaseSlip.applicant_name)
        .where(ReleaseSlip.issued_on >= TODAY - timedelta(days=300))
        .order_by(ReleaseSlip.number)
    )
    rng = random.Random(5)
    found: list[tuple[str, str]] = []
    for _n in range(4):
        slip = rng.choice(recent)
        name = slip.applicant_name
        found += [
            ("number", slip.number),
            ("number tail", slip.number[-4:]),
            ("date", slip.number[3:11]),
            ("unit code", slip.unit_code),
            ("1 digit", str(rng.randint(0, 9))),
            ("2 digits", f"{rng.randint(0, 99):02d}"),
            ("name", name),
            ("2 characters", name[:2]),
        ]
    return found


def measure(path: Path, texts: list[tuple[str, str]], repeat: int) -> dict[str, float]:
    """Milliseconds per query kind: each text's median of ``repeat`` runs, summed over the kind's texts."""
    services = _open(path)
    try:
        actor, slips = Actor.command_line(), services.slips
        times: dict[str, float] = {}
        for kind, text in texts:
            slips.list_slips(actor=actor, text=text, limit=LIMIT)  # untimed: the desk searches all day
            runs = []
            for _n in range(repeat):
                start = time.perf_counter()
                slips.list_slips(actor=actor, text=text, limit=LIMIT)
                runs.append((time.perf_counter() - start) * 1000)
            times[kind] = times.get(kind, 0.0) + statistics.median(runs)
        return times
    finally:
        services.close()


def hits(path: Path, texts: list[tuple[str, str]]) -> dict[str, int]:
    """How many slips each kind's texts find (at most ``LIMIT`` each)."""
    services = _open(path)
    try:
        found: dict[str, int] = {}
        for kind, text in texts:
            rows = services.slips.list_slips(actor=Actor.command_line(), text=text, limit=LIMIT)
            found[kind] = found.get(kind, 0) + len(rows)
        return found
    finally:
        services.close()


def main() -> int:
    """Build (or reuse) both databases, time the searches alternately, print the figures and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--dir", type=Path, help="where the databases are kept (default: a new temporary folder)"
    )
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--per-day", type=int, default=25)
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs of each text per round (their median counts)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="slip-search-") as scratch:
        folder = args.dir or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {years: folder / f"slips-{years}y-{args.per_day}.db" for years in (1, 10)}
        for years, path in paths.items():
            start = time.perf_counter()
            count = build(path, years, args.per_day)
            print(
                f"{years:>2} year(s): {count:>7,} slips ({time.perf_counter() - start:.1f} s to make or open)"
            )
        services = _open(paths[1])
        try:
            texts = queries()
        finally:
            services.close()
        runs: dict[int, list[dict[str, float]]] = {1: [], 10: []}
        for _round in range(args.rounds):
            for years, path in paths.items():
                runs[years].append(measure(path, texts, args.repeat))
        found = {years: hits(path, texts) for years, path in paths.items()}
    per_text = len(texts) // len(runs[1][0])
    print(f"ms per query, median over {args.rounds} rounds ({per_text} texts of each kind):")
    for kind in runs[1][0]:
        one, ten = (statistics.median(r[kind] / per_text for r in runs[y]) for y in (1, 10))
        print(
            f"  {kind:<13} 1y {one:6.2f}   10y {ten:6.2f}   {ten / one:5.2f}x   "
            f"slips found {found[1][kind]:>2} / {found[10][kind]:>2}"
        )
    ratios = [sum(t.values()) / sum(o.values()) for o, t in zip(runs[1], runs[10], strict=True)]
    totals = [statistics.median(sum(r.values()) / len(texts) for r in runs[y]) for y in (1, 10)]
    print(f"mean per query: 1y {totals[0]:.2f} ms, 10y {totals[1]:.2f} ms")
    ratio = statistics.median(ratios)
    print(
        f"median ratio 10y/1y: {ratio:.2f}x ({min(ratios):.2f}–{max(ratios):.2f}x over {args.rounds} rounds; "
        f"target ≤ {TARGET}x)"
    )
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
