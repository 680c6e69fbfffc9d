"""Start-up on ten years against one, and against a bare PySide6 window: what the clerk waits for.

Each side is launched as a fresh process, in alternated rounds on the same machine in one run: a
bare PySide6 window, the program on the one-year demo database and on the ten-year one (5,000
units, ``frontdesk demo --years 1|10``, built once by ``benchmarks/_demo.py`` and reused); the order
of the two databases swaps round by round. The program runs its real entry point (``frontdesk --db
DB``, see _app_window.py) and is timed from process launch to:

- ``painted``: its window's first paint — the sign-in: the clerk can start typing;
- ``ready``: the sign-in has the open database (a password can be checked);
- ``desk``: the signed-in desk's first paint, the password entered the moment the sign-in was
  ready and checked for real (argon2id) — the worst case, none of the typing time used;
- ``usable``: every Today tile holds its figure and is painted (the desk the clerk can use);
- ``fees (F7)`` and ``today (F1)``: the wait from pressing the key until the page's list or tiles
  are loaded and painted (target ≤ 300 ms on ten years).

Printed per figure: the median on each database and the ten-year/one-year ratio of each round
(median and spread, lowest–highest): nothing at start-up should grow with the database. Then
the worst of those ratios, and last, the ten-year first paint against the bare window's of the
same round (median and spread; target ≤ 1.5×).

Both sides run as an installed program does: bytecode cached (``PYTHONDONTWRITEBYTECODE`` is
dropped for the children, and the warm-up launches write it) and the translations compiled (the
set-up step ``frontdesk.bootstrap.compile_catalogs``). The user's data folder (``XDG_DATA_HOME``:
the default backup folder) and the settings are temporary: the start-of-day backup is due, as on
the first start of a day; it runs on the file thread and is not waited for.

    .venv/bin/python benchmarks/startup.py [--runs 5] [--units 5000] [--folder DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks._demo import DEFAULT_FOLDER, PASSWORD, demo_database, spread  # noqa: E402
from frontdesk.bootstrap import compile_catalogs  # noqa: E402


def launch(script: str, *args: str, env: dict[str, str]) -> dict[str, float]:
    """Seconds from process launch to each ``label time`` line the child prints."""
    start = time.time()
    out = subprocess.run(
        [sys.executable, str(HERE / script), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    times = {}
    for line in out.splitlines():
        label, _, value = line.partition(" ")
        try:
            times[label] = float(value) - start
        except ValueError:
            continue
    if "painted" not in times:
        raise RuntimeError(f"{script} never printed 'painted': {out!r}")
    return times


FIGURES = ("painted", "ready", "desk", "usable", "fees (F7)", "today (F1)")


def figures(times: dict[str, float]) -> dict[str, float]:
    """Seconds from launch to each start-up figure; the two pages from their key to painted."""
    return {
        "painted": times["painted"],
        "ready": times["ready"],
        "desk": times["desk"],
        "usable": times["usable"],
        "fees (F7)": times["fees"] - times["usable"],
        "today (F1)": times["today"] - times["fees"],
    }


def main() -> None:
    """Measure and print the figures; the last line is the ten-year first paint against a bare window."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    databases = {years: demo_database(args.folder, years, args.units) for years in (1, 10)}
    with tempfile.TemporaryDirectory(prefix="frontdesk-bench-") as tmp:
        env = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "FRONTDESK_CONFIG": str(Path(tmp) / "settings.json"),
            # the user's data folder (default backups: the main window takes one when due) in tmp
            "XDG_DATA_HOME": str(Path(tmp) / "data"),
            # the children import this checkout, not the one the virtualenv's editable install names
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
            "FRONTDESK_BENCH_PASSWORD": PASSWORD.strip(),
        }

        def program(years: int) -> dict[str, float]:
            return figures(launch("_app_window.py", str(databases[years]), "--at-once", "--pages", env=env))

        compile_catalogs()
        launch("_bare_window.py", env=env)  # warm the file and bytecode caches for every side
        program(1), program(10)
        bare: list[float] = []
        runs: list[tuple[dict[str, float], dict[str, float]]] = []
        for run in range(args.runs):
            compile_catalogs()  # again: in a shared checkout someone may have just edited a .po
            bare.append(launch("_bare_window.py", env=env)["painted"])
            if run % 2 == 0:
                one = program(1)
                ten = program(10)
            else:
                ten = program(10)
                one = program(1)
            runs.append((one, ten))

    print(f"{args.units} units; {args.runs} alternated rounds (bare window, one year, ten years); median ms")
    print(f"{'figure':14}{'1 year':>10}{'10 years':>10}   10y/1y (spread)")
    worst = 0.0
    for name in FIGURES:
        ratios = [ten[name] / one[name] for one, ten in runs]
        one_ms = statistics.median(one[name] for one, _ in runs) * 1000
        ten_ms = statistics.median(ten[name] for _, ten in runs) * 1000
        print(f"{name:14}{one_ms:>10.0f}{ten_ms:>10.0f}   {spread(ratios)}")
        worst = max(worst, statistics.median(ratios))
    print(f"worst figure, ten years vs one (nothing should grow with the database): {worst:.2f}x")
    print(f"bare PySide6 window: median {statistics.median(bare) * 1000:.0f} ms")
    usable = [ten["usable"] / b for (_, ten), b in zip(runs, bare, strict=True)]
    print(f"usable desk on ten years (tiles loaded, password checked) vs a bare window: {spread(usable)}")
    print("ten-year first paint vs a bare window, same rounds (target ≤ 1.5x):")
    print(spread([ten["painted"] / b for (_, ten), b in zip(runs, bare, strict=True)]))


if __name__ == "__main__":
    main()
