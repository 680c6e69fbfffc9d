"""Start-up ratio: the program's time to its first painted main window vs a bare PySide6 window's.

Each is launched as a fresh process several times, alternating, on the same machine in one run;
the medians are compared. The program runs its real entry point (``frontdesk --db DB``, see
_app_window.py) and is timed from process launch to:

- its window's first paint — the main window, showing the sign-in: the clerk can start typing
  (the figure issue 2 sets, <= 1.5x; the last line printed);
- the sign-in being ready (the database open, a password can be checked);
- the signed-in desk's first paint when the administrator is signed in the moment the sign-in is
  ready — the worst case, none of the typing time used (printed with its own ratio);
- and, in launches where the sign-in comes after a typist's 1.5 s, the wait from Enter to the
  desk (what the clerk waits for after the password check).

The argon2id password check is left out of both and timed on its own. The database is a set-up
SQLite file (``--db``: e.g. the ten-year demo estate; a fresh office by default).

Both sides run as an installed program does: bytecode cached (``PYTHONDONTWRITEBYTECODE`` is
dropped for the children, and the warm-up launches write it) and the translations compiled (the
set-up step ``frontdesk.bootstrap.compile_catalogs``); a source checkout whose ``.po`` is newer
than its ``.mo`` would otherwise compile the catalog at every start. The user's data folder
(``XDG_DATA_HOME``: the default backup folder) and the settings are temporary.

    .venv/bin/python benchmarks/startup.py [--runs 7] [--db PATH]
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

from frontdesk.bootstrap import compile_catalogs

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


TYPING_MS = 1500  # a clerk typing a password after the sign-in is ready


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


def prepare_database(folder: Path, env: dict[str, str]) -> Path:
    """A set-up database with an office and its administrator."""
    db = folder / "bench.db"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.app",
            "--db",
            str(db),
            "init",
            "--office",
            "基准物业管理处",
            "--admin",
            "admin",
            "--password-stdin",
        ],
        input="bench-password\n",
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return db


def time_sign_in(db: Path, env: dict[str, str]) -> float:
    """Seconds one password check takes (argon2id), reported beside the ratio."""
    code = (
        "import time,sys;from frontdesk.db import parse_target;from frontdesk.services import connect;"
        "s=connect(parse_target(sys.argv[1]),backup_folder=__import__('pathlib').Path(sys.argv[1]).parent);"
        "t=time.perf_counter();s.staff.authenticate(username='admin',password='bench-password');"
        "print(time.perf_counter()-t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(db)], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return float(out.strip())


def main() -> None:
    """Measure and print the figures; the last line is the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--db",
        type=Path,
        help="an existing set-up database (admin password 'bench-password'); default: a fresh one",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="frontdesk-bench-") as tmp:
        env = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
            "FRONTDESK_CONFIG": str(Path(tmp) / "settings.json"),
            # the user's data folder (default backups: the main window takes one when due) in tmp
            "XDG_DATA_HOME": str(Path(tmp) / "data"),
            # the children import this checkout, not the one the virtualenv's editable install names
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p),
        }
        compile_catalogs()
        db = args.db or prepare_database(Path(tmp), env)
        launch("_bare_window.py", env=env)  # warm the file and bytecode caches for both
        launch("_app_window.py", str(db), "--at-once", env=env)
        bare, window, ready, desk, enter_to_desk = [], [], [], [], []
        for _ in range(args.runs):
            compile_catalogs()  # again: in a shared checkout someone may have just edited a .po
            bare.append(launch("_bare_window.py", env=env)["painted"])
            at_once = launch("_app_window.py", str(db), "--at-once", env=env)
            window.append(at_once["painted"])
            ready.append(at_once["ready"])
            desk.append(at_once["desk"])
            typed = launch("_app_window.py", str(db), "--typing", str(TYPING_MS), env=env)
            window.append(typed["painted"])
            enter_to_desk.append(typed["desk"] - typed["enter"])
        sign_in = time_sign_in(db, env)

    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000

    bare_ms = ms(bare)
    print(f"database: {db if args.db else 'fresh office (no demo data yet)'}")
    print(f"bare PySide6 window: median {bare_ms:.0f} ms over {args.runs} launches")
    print(f"frontdesk sign-in ready (database open): median {ms(ready):.0f} ms ({ms(ready) / bare_ms:.2f}x)")
    print(
        f"frontdesk desk, signed in the moment the sign-in was ready: median {ms(desk):.0f} ms "
        f"({ms(desk) / bare_ms:.2f}x)"
    )
    print(
        f"frontdesk desk after {TYPING_MS} ms of typing: "
        f"Enter to painted desk, median {ms(enter_to_desk):.0f} ms"
    )
    print(f"sign-in password check (argon2id, not included): {sign_in * 1000:.0f} ms")
    print(f"frontdesk main window (sign-in showing): median {ms(window):.0f} ms over {len(window)} launches")
    print(f"{ms(window) / bare_ms:.2f}x")


if __name__ == "__main__":
    main()
