"""Arrears ratio: ten years of fees against one, for what the Fees page and the Today tile ask.

Measured in one run on the same machine, over two demo databases of ``--units`` units (default
1,000), one with one year of monthly fees and payments and one with ten:

- **tile**: ``estate.arrears_totals`` (the Today page's "units in arrears" tile);
- **page**: the late-fee setting and ``estate.arrears_list`` (the Fees page's list);
- **unit**: ``estate.arrears`` of every tenth unit in arrears (the account view and the unit panel).

The two databases alternate round by round (the program has one database open at a time); each
round opens the database, warms the caches with one untimed pass, then times ``--calls`` calls of
each. A round's figure is the median of its calls; the ratio of a round is ten-year over one-year
of the sum of the three medians. The databases are built once (``init`` and ``load_demo``, seed 1)
into ``--folder`` (default ``/tmp/frontdesk-bench-arrears``) and reused; a database of an older
schema is migrated when first opened. The last line printed is the median ratio over the rounds
and its spread (lowest–highest), e.g. ``1.12x (1.05–1.20)``.

    .venv/bin/python benchmarks/arrears.py [--folder DIR] [--units 1000] [--rounds 7] [--calls 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from frontdesk.auth import Actor  # noqa: E402
from frontdesk.db import parse_target  # noqa: E402
from frontdesk.demo import load_demo  # noqa: E402
from frontdesk.services import Services, connect  # noqa: E402

PARTS = ("tile", "page", "unit")


def _set_up(path: Path) -> None:
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


def demo_database(folder: Path, units: int, years: int) -> Path:
    """The demo database of ``units`` units and ``years`` years, built if missing."""
    path = folder / f"demo-{units}-{years}y.db"
    if not path.exists():
        print(f"building {path} …", flush=True)
        partial = path.with_name(path.name + ".part")
        for leftover in partial.parent.glob(partial.name + "*"):
            leftover.unlink()
        _set_up(partial)
        services = connect(parse_target(partial), backup_folder=folder / "bk")
        try:
            start = time.perf_counter()
            load_demo(actor=Actor.command_line(), units=units, years=years, seed=1)
            print(f"  demo loaded in {time.perf_counter() - start:.1f} s", flush=True)
        finally:
            services.close()
        partial.rename(path)
        for lock in path.parent.glob(partial.name + "*"):  # the program's lock file beside it
            lock.unlink()
    return path


def _median_ms(run: Callable[[], object], calls: int) -> float:
    samples = []
    for _call in range(calls):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def one_round(path: Path, calls: int) -> dict[str, float]:
    """Open ``path``, warm up, and time each part: median milliseconds of ``calls`` calls."""
    with tempfile.TemporaryDirectory() as backups:
        start = time.perf_counter()
        services: Services = connect(parse_target(path), backup_folder=Path(backups))
        opened = time.perf_counter() - start
        if opened > 2:
            print(f"  {path.name} opened (and migrated) in {opened:.1f} s", flush=True)
        try:
            actor, estate = Actor.command_line(), services.estate
            owing = [r.unit_id for r in estate.units_in_arrears(actor=actor)][::10]

            def page() -> object:
                services.settings.get("late_fee_per_day_permyriad")
                return estate.arrears_list(actor=actor)

            def units() -> object:
                return [estate.arrears(actor=actor, unit_id=unit_id) for unit_id in owing]

            parts: dict[str, Callable[[], object]] = {
                "tile": lambda: estate.arrears_totals(actor=actor),
                "page": page,
                "unit": units,
            }
            for run in parts.values():
                run()
            return {name: _median_ms(run, calls) for name, run in parts.items()}
        finally:
            services.close()


def main() -> int:
    """Build or reuse the demo databases, time the parts alternately, print the figures and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default_folder = Path(tempfile.gettempdir()) / "frontdesk-bench-arrears"
    parser.add_argument("--folder", type=Path, default=default_folder)
    parser.add_argument("--units", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=5)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    one, ten = demo_database(args.folder, args.units, 1), demo_database(args.folder, args.units, 10)
    rounds: list[tuple[dict[str, float], dict[str, float]]] = []
    for _round in range(args.rounds):
        rounds.append((one_round(one, args.calls), one_round(ten, args.calls)))
    print(f"{args.units} units, {args.rounds} rounds × {args.calls} calls; median ms of the rounds")
    print(f"{'part':6}{'1 year':>10}{'10 years':>10}{'ratio':>8}")
    for part in PARTS:
        a = statistics.median(r[0][part] for r in rounds)
        b = statistics.median(r[1][part] for r in rounds)
        print(f"{part:6}{a:>10.2f}{b:>10.2f}{b / a:>7.2f}x")
    ratios = sorted(sum(ten_y.values()) / sum(one_y.values()) for one_y, ten_y in rounds)
    print("ten years vs one, all parts (target ≤ 1.5x), median (lowest–highest):")
    print(f"{statistics.median(ratios):.2f}x ({ratios[0]:.2f}–{ratios[-1]:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
