"""Utilities: the month's table (every building, every meter priced, shares and tiers) on ten years of
demo readings against one year (target ≤ 1.5×), and a building's round sheet.

    .venv/bin/python benchmarks/utilities.py [--units 5000] [--folder DIR]

The demo databases (two meters a unit, read every month) are built once with the command line
(``benchmarks/_demo.py``) in a folder of this benchmark's own and reused. The last line prints the
table's ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._demo import demo_database, spread
from frontdesk.auth import Actor
from frontdesk.db import parse_target
from frontdesk.estate.models import Building
from frontdesk.services import connect


def _time(call: Callable[[], object], runs: int) -> float:
    samples = []
    for _n in range(runs):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _measure(path: Path, month: str, runs: int) -> tuple[float, float, int]:
    """(table seconds, round seconds, table lines) on one database."""
    services = connect(parse_target(path), backup_folder=path.parent / "bk", exclusive=False)
    try:
        actor = Actor.command_line()
        utilities = services.utilities
        table = utilities.month_table(actor=actor, month=month)  # warms the page cache
        lines = sum(len(b.lines) for b in table.buildings)
        assert lines and table.amount_fen > 0
        building = Building.select().order_by(Building.id).first().id
        table_time = _time(lambda: utilities.month_table(actor=actor, month=month), runs)
        round_time = _time(
            lambda: utilities.round_rows(actor=actor, month=month, building_id=building), runs * 4
        )
        return table_time, round_time, lines
    finally:
        services.close()


def main() -> None:
    """Build (or reuse) the demo databases and print the measurements."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument(
        "--folder", type=Path, default=Path(tempfile.gettempdir()) / "frontdesk-bench-utilities"
    )
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    one = demo_database(args.folder, 1, args.units)
    ten = demo_database(args.folder, 10, args.units)
    today = date.today()
    month = (
        f"{today.year - (today.month == 1)}-{(today.month - 2) % 12 + 1:02d}"  # last month: the demo's latest
    )
    table_ratios, round_ratios = [], []
    for _round in range(args.rounds):  # alternated: drift of the machine hits both alike
        small, small_round, lines = _measure(one, month, 3)
        large, large_round, _lines = _measure(ten, month, 3)
        table_ratios.append(large / small)
        round_ratios.append(large_round / small_round)
    print(f"month table {month}, {args.units} units, {lines} lines")
    print(f"  one year: {small * 1000:.0f} ms, ten years: {large * 1000:.0f} ms")
    print(f"round sheet of a building, one year: {small_round * 1000:.1f} ms, ", end="")
    print(f"ten years: {large_round * 1000:.1f} ms")
    print(f"round sheet ten years vs one: {spread(round_ratios)}")
    print(f"month table ten years vs one: {spread(table_ratios)}")


if __name__ == "__main__":
    main()
