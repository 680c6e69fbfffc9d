"""Work orders: the open list with its overdue and urgent-unsigned flags on ten years of demo data
against one year (target ≤ 1.5×); the technician's proposal (longest idle) is timed alongside.

    .venv/bin/python benchmarks/workorders.py [--units 5000] [--folder DIR]

The demo databases are built once with the command line (``benchmarks/_demo.py``) in a folder of
this benchmark's own and reused. The last line prints the ratio.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._demo import demo_database, spread
from frontdesk.auth import Actor
from frontdesk.db import parse_target
from frontdesk.services import connect
from frontdesk.workorders.rows import ListFilter


def _time(call: object, runs: int) -> float:
    samples = []
    for _n in range(runs):
        start = time.perf_counter()
        call()  # type: ignore[operator]
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _list_time(path: Path, runs: int) -> tuple[float, int, int]:
    """The open list's median time, its length and how many rows stand out."""
    services = connect(parse_target(path), backup_folder=path.parent / "bk", exclusive=False)
    try:
        actor = Actor.command_line()
        filters = ListFilter(open_only=True)
        rows = services.workorders.list_orders(actor=actor, filters=filters, limit=200)
        assert rows

        def listing() -> None:
            services.workorders.list_orders(actor=actor, filters=filters, limit=200)

        return _time(listing, runs), len(rows), sum(r.attention for r in rows)
    finally:
        services.close()


def _proposal_time(path: Path, runs: int) -> float:
    """The median time of proposing a technician for the newest order by the longest-idle rule."""
    services = connect(parse_target(path), backup_folder=path.parent / "bk", exclusive=False)
    try:
        actor = Actor.command_line()
        number = services.workorders.list_orders(actor=actor, limit=1)[0].number

        def propose() -> None:
            services.workorders.propose(actor=actor, number=number, rule="longest_idle")

        return _time(propose, runs)
    finally:
        services.close()


def main() -> None:
    """Build (or reuse) the demo databases and print the measurement."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()) / "frontdesk-bench-wo")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    one = demo_database(args.folder, 1, args.units)
    ten = demo_database(args.folder, 10, args.units)
    ratios = []
    for _round in range(args.rounds):  # alternated: drift of the machine hits both alike
        small, n_small, flagged_small = _list_time(one, 50)
        large, n_large, flagged_large = _list_time(ten, 50)
        ratios.append(large / small)
    small_p, large_p = _proposal_time(one, 30), _proposal_time(ten, 30)
    print(f"proposal (longest idle), one year: {small_p * 1000:.2f} ms, ten years: {large_p * 1000:.2f} ms")
    print(f"open orders, one year: {small * 1000:.2f} ms ({n_small} rows, {flagged_small} flagged)")
    print(f"open orders, ten years: {large * 1000:.2f} ms ({n_large} rows, {flagged_large} flagged)")
    print(f"open work orders ten years vs one: {spread(ratios)}")


if __name__ == "__main__":
    main()
