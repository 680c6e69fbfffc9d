"""Every page's wait on ten years of data against one: the service calls each page makes, timed.

For each page the calls it makes when opened (and, for the Residents page and Ctrl+K, when the
clerk looks up a unit or types a number) run against two demo databases built by the command line
(``frontdesk demo --units N --years 1`` and ``--years 10``, see ``benchmarks/_demo.py``). The two
databases alternate run by run (one open at a time, as at the desk), each run starting with an
untimed pass to warm the caches; a run's time for a page is the median of ``--repeat`` calls.
Printed per page: the median milliseconds on each database and the ten-year/one-year ratio as the
median of the runs with its spread. The last line is the worst page's median ratio (target ≤ 1.5×,
goal 1.2×).

    .venv/bin/python benchmarks/pages.py [--units 5000] [--runs 5] [--repeat 5] [--folder DIR]
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

from benchmarks._demo import DEFAULT_FOLDER, demo_database, spread  # noqa: E402
from frontdesk.auth import Actor  # noqa: E402
from frontdesk.db import parse_target  # noqa: E402
from frontdesk.services import Services, connect  # noqa: E402

Page = Callable[[Services, Actor, int], object]


def _today(s: Services, a: Actor, _unit: int) -> object:
    return (
        s.visitors.today_counts(actor=a),
        s.slips.today_counts(actor=a),
        s.estate.arrears_totals(actor=a),
        s.maintenance.backup_age(),
    )


def _visitors(s: Services, a: Actor, _unit: int) -> object:
    return s.visitors.on_site(actor=a), s.visitors.visits(actor=a, limit=200), s.visitors.watch_list(actor=a)


def _slips(s: Services, a: Actor, _unit: int) -> object:
    return s.slips.list_slips(actor=a, day=s.slips.today()), s.slips.list_slips(actor=a, limit=200)


def _fees(s: Services, a: Actor, _unit: int) -> object:
    return s.estate.arrears_list(actor=a)


def _residents(s: Services, a: Actor, unit: int) -> object:
    return (
        s.estate.search(actor=a, text="1-502", limit=20),
        s.estate.unit_panel(actor=a, unit_id=unit),
        s.estate.ledger(actor=a, unit_id=unit),  # the account's first page; the next as it scrolls
        s.estate.arrears(actor=a, unit_id=unit),
    )


def _ctrl_k(s: Services, a: Actor, _unit: int) -> object:
    return (
        s.estate.search(actor=a, text="0002", limit=20),
        s.visitors.find_returning(actor=a, text="0002", limit=10),
        s.slips.list_slips(actor=a, text="0002", limit=5),
    )


def _audit(s: Services, a: Actor, _unit: int) -> object:
    return s.audit.recent(actor=a, limit=200)


PAGES: dict[str, Page] = {
    "Today (F1)": _today,
    "Visitors (F2)": _visitors,
    "Release slips (F3)": _slips,
    "Residents: a unit (F6)": _residents,
    "Fees: arrears (F7)": _fees,
    "Audit trail (F9)": _audit,
    "Ctrl+K with digits": _ctrl_k,
}


def busiest_unit(services: Services) -> int:
    """The unit with the longest ledger (the Residents page's worst case)."""
    from frontdesk.db import database_proxy

    row = database_proxy.execute_sql(
        "SELECT unit_id FROM charge GROUP BY unit_id ORDER BY COUNT(*) DESC, unit_id LIMIT 1"
    ).fetchone()
    return int(row[0]) if row else 1


def one_run(path: Path, repeat: int) -> dict[str, float]:
    """Each page's median seconds over ``repeat`` calls, after a warm-up, on the database at ``path``."""
    with tempfile.TemporaryDirectory() as backups:
        services = connect(parse_target(path), backup_folder=Path(backups), migrate=False)
        try:
            actor, unit = Actor.command_line(), busiest_unit(services)
            times: dict[str, float] = {}
            for name, page in PAGES.items():
                page(services, actor, unit)  # warm the caches
                samples = []
                for _ in range(repeat):
                    start = time.perf_counter()
                    page(services, actor, unit)
                    samples.append(time.perf_counter() - start)
                times[name] = statistics.median(samples)
            return times
        finally:
            services.close()


def main() -> int:
    """Build or reuse the two databases, alternate the runs, print each page and the worst ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    one, ten = demo_database(args.folder, 1, args.units), demo_database(args.folder, 10, args.units)
    runs: list[tuple[dict[str, float], dict[str, float]]] = []
    for _ in range(args.runs):  # the two sides alternate, so a busy moment falls on both alike
        runs.append((one_run(one, args.repeat), one_run(ten, args.repeat)))
    print(f"{args.units} units; {args.runs} alternated runs × {args.repeat} calls; median ms")
    print(f"{'page':26}{'1 year':>10}{'10 years':>10}   10y/1y (spread)")
    worst = 0.0
    for name in PAGES:
        ratios = [ten_run[name] / one_run_[name] for one_run_, ten_run in runs]
        one_ms = statistics.median(r[name] for r, _ in runs) * 1000
        ten_ms = statistics.median(r[name] for _, r in runs) * 1000
        print(f"{name:26}{one_ms:>10.1f}{ten_ms:>10.1f}   {spread(ratios)}")
        worst = max(worst, statistics.median(ratios))
    print(f"worst page, ten years vs one (target ≤ 1.5x):\n{worst:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
