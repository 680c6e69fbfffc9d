"""The window paints before the core loads: nothing at start-up waits for peewee or the database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import os, sys
import ui.shell.frame as frame
from ui.app import main

def show_first(self):
    core = ("peewee", "frontdesk.services", "frontdesk.db", "ui.shell.session")
    loaded = [m for m in core if m in sys.modules]
    print("loaded:" + ",".join(loaded), flush=True)
    os._exit(0)

frame.Frame.show_first = show_first
main(["--db", sys.argv[1]])
"""


def test_the_window_is_shown_before_the_core_is_imported(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "FRONTDESK_CONFIG": str(tmp_path / "settings.json"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "desk.db")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "loaded:" in done.stdout, (done.stdout, done.stderr)
    assert done.stdout.strip().splitlines()[-1] == "loaded:", done.stdout  # none of them yet
