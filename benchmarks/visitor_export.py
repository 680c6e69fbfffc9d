"""``frontdesk export visitors``: peak memory on ten years vs one year, and time vs a bare script.

Each export runs as its own child process — the real command line, ``python -m ui.app --db DB
export visitors OUT.xlsx`` — and is measured by its wall time and peak resident memory
(``ru_maxrss``). Beside it, ``benchmarks/_bare_export.py`` reads the same rows with sqlite3 and
writes them with openpyxl in write-only mode (no styles, no audit entry), also as a child.

The databases are the demo estates (5,000 units; about 110 k visits a year), made once with::

    frontdesk --db /work/demo-cache/demo1.db init --office … --admin admin --password-stdin
    frontdesk --db /work/demo-cache/demo1.db demo --units 5000 --years 1     # and demo10.db, --years 10

and reused (each export adds one audit entry to them, nothing else). Run::

    .venv/bin/python benchmarks/visitor_export.py [--one DB] [--ten DB] [--no-bare-ten] [--month YYYY-MM]
        [--repeat N]

A month's export takes 2-3 s, of which the shared machine's noise is a tenth: ``--repeat 5`` runs
each export five times, alternating with the bare script, and reports the median time (and the
highest peak).

Targets: peak memory ten years / one year ≤ 1.2x and under 150 MiB; time / bare ≤ 1.3x on each
database measured. The last line printed is the memory ratio, e.g. ``peak memory 10y/1y: 1.02x``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._child import Measured, measure  # noqa: E402

CACHE = Path("/work/demo-cache")
MEMORY_TARGET = 1.2
TIME_TARGET = 1.3
PEAK_LIMIT_MIB = 150


def frontdesk_export(database: Path, target: Path, month: str | None) -> Measured:
    """The real command line, in a child process."""
    command = [sys.executable, "-m", "ui.app", "--db", str(database), "export", "visitors", str(target)]
    return measure([*command, *(["--month", month] if month else [])])


def bare_export(database: Path, target: Path, month: str | None) -> Measured:
    """The bare sqlite3 + openpyxl script, in a child process."""
    command = [sys.executable, str(ROOT / "benchmarks" / "_bare_export.py"), str(database), str(target)]
    return measure([*command, *(["--month", month] if month else [])])


def _summary(runs: list[Measured]) -> Measured:
    """The median time and the highest peak of several runs."""
    peak = max(r.peak_bytes for r in runs)
    return Measured(statistics.median(r.seconds for r in runs), peak, runs[-1].output)


def _line(label: str, measured: Measured) -> None:
    print(f"  {label:<24} {measured.seconds:8.1f} s {measured.peak_mib:8.1f} MiB", flush=True)


def _database(
    label: str, database: Path, month: str | None, bare: bool, repeat: int = 1
) -> tuple[Measured, float | None]:
    """Measure frontdesk (and the bare script) on one database; returns frontdesk's and the time ratio."""
    print(f"{label}: {database}", flush=True)
    ours_runs: list[Measured] = []
    bare_runs: list[Measured] = []
    with tempfile.TemporaryDirectory() as folder:
        for _n in range(repeat):  # alternating, so a busy spell of the machine falls on both
            ours_runs.append(frontdesk_export(database, Path(folder) / "frontdesk.xlsx", month))
            if bare:
                bare_runs.append(bare_export(database, Path(folder) / "bare.xlsx", month))
    ours = _summary(ours_runs)
    _line("frontdesk export", ours)
    if not bare:
        return ours, None
    theirs = _summary(bare_runs)
    _line("bare sqlite3 + openpyxl", theirs)
    ratio = ours.seconds / theirs.seconds
    verdict = "ok" if ratio <= TIME_TARGET else "OVER"
    print(f"  time frontdesk/bare: {ratio:.2f}x (target ≤ {TIME_TARGET}x) {verdict}", flush=True)
    return ours, ratio


def main() -> None:
    """Measure, print a line per run, end with the memory ratio."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--one", type=Path, default=CACHE / "demo1.db", help="the one-year database")
    parser.add_argument("--ten", type=Path, default=CACHE / "demo10.db", help="the ten-year database")
    parser.add_argument("--month", help="export only this month (default: everything)")
    parser.add_argument("--no-bare-ten", action="store_true", help="skip the bare script on ten years")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each export; the median time counts")
    args = parser.parse_args()
    for path in (args.one, args.ten):
        if not path.exists():
            raise SystemExit(
                f"{path} is missing: make it with 'frontdesk init' and 'frontdesk demo' (see above)"
            )
    one, _ = _database("one year", args.one, args.month, bare=True, repeat=args.repeat)
    ten, _ = _database("ten years", args.ten, args.month, bare=not args.no_bare_ten, repeat=args.repeat)
    under = "ok" if ten.peak_mib < PEAK_LIMIT_MIB else "OVER"
    print(f"peak memory on ten years: {ten.peak_mib:.1f} MiB (limit {PEAK_LIMIT_MIB} MiB) {under}")
    print(f"peak memory 10y/1y: {ten.peak_bytes / one.peak_bytes:.2f}x (target ≤ {MEMORY_TARGET}x)")


if __name__ == "__main__":
    main()
