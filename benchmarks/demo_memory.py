"""``frontdesk demo``: peak memory for one year of history vs more years, same estate size.

Each load runs as a child process — ``frontdesk init`` then ``frontdesk demo --units N --years Y``
on a new SQLite file in a temporary folder — and is measured by its peak resident memory
(``ru_maxrss``) and wall time. The demo should write year by year, so the peak should not grow
with ``--years``. Run::

    .venv/bin/python benchmarks/demo_memory.py [--units 2000] [--years 1,3]

The last line printed is the ratio of the peaks, most years over one year, e.g. ``1.05x``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._child import Measured, measure  # noqa: E402

FRONTDESK = [sys.executable, "-m", "ui.app"]


def load(folder: Path, units: int, years: int) -> Measured:
    """A set-up database filled by ``frontdesk demo`` in a child process (the load is measured)."""
    database = str(folder / f"demo{years}.db")
    init = [*FRONTDESK, "--db", database, "init", "--office", "基准物业", "--admin", "admin"]
    subprocess.run(
        [*init, "--password-stdin"],
        input="bench-password-1\n",
        text=True,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return measure([*FRONTDESK, "--db", database, "demo", "--units", str(units), "--years", str(years)])


def main() -> None:
    """Load the demo for each number of years; print the peaks, end with the ratio."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--years", default="1,3", help="comma-separated, e.g. 1,3,10")
    args = parser.parse_args()
    years = sorted({int(y) for y in args.years.split(",")})
    peaks: dict[int, Measured] = {}
    with tempfile.TemporaryDirectory() as folder:
        for count in years:
            peaks[count] = load(Path(folder), args.units, count)
            print(f"{args.units} units, {count:>2} years: {peaks[count].seconds:7.1f} s "
                  f"{peaks[count].peak_mib:8.1f} MiB", flush=True)  # fmt: skip
    first, last = peaks[years[0]], peaks[years[-1]]
    print(f"demo peak memory {years[-1]}y/{years[0]}y: {last.peak_bytes / first.peak_bytes:.2f}x")


if __name__ == "__main__":
    main()
