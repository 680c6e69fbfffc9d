"""The demo databases the benchmarks measure: built once with the command line and reused.

``frontdesk init`` then ``frontdesk demo --units N --years Y`` into a folder (default
``/tmp/frontdesk-bench``), as a newcomer would; a half-built file never counts as built.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

PASSWORD = "bench-password-1\n"
DEFAULT_FOLDER = Path(tempfile.gettempdir()) / "frontdesk-bench"


def frontdesk(*args: str, folder: Path) -> None:
    """Run the ``frontdesk`` command line with settings kept inside ``folder``."""
    env = {**os.environ, "FRONTDESK_CONFIG": str(folder / "settings.json"), "XDG_DATA_HOME": str(folder)}
    command = [sys.executable, "-c", "from ui.app import main; main()", *args]
    root = str(Path(__file__).resolve().parent.parent)  # this checkout's program, not an installed one
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    quiet = subprocess.DEVNULL
    subprocess.run(command, input=PASSWORD, text=True, check=True, env=env, stdout=quiet, cwd=root)


def demo_database(folder: Path, years: int, units: int = 5000) -> Path:
    """The demo database of ``units`` units and ``years`` years, built with the command line if missing."""
    path = folder / f"demo-{units}-{years}y.db"
    if not path.exists():
        print(f"building {path} …", flush=True)
        partial = path.with_name(path.name + ".part")
        for leftover in partial.parent.glob(partial.name + "*"):
            leftover.unlink()
        init = ("init", "--office", "基准物业管理处", "--admin", "admin", "--password-stdin")
        frontdesk("--db", str(partial), *init, folder=folder)
        frontdesk("--db", str(partial), "demo", "--units", str(units), "--years", str(years), folder=folder)
        partial.rename(path)
        for lock in path.parent.glob(partial.name + "*"):  # the program's lock file beside the copy
            lock.unlink()
    return path


def spread(ratios: list[float]) -> str:
    """``median (min–max)`` of repeated ratios, as the benchmarks print them."""
    return f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}–{max(ratios):.2f})"
