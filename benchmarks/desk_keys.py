"""Desk speed in keys: how many keys besides typed text each procedure takes at the real window.

Runs the walkthroughs (``tests/walkthrough``, the real program at 1366×768 driven by key events
only), reads the key counts they record in ``shots/walkthrough/keys.json`` and prints them against
the desk's targets. The last line is the worst count as a share of its target (≤ 1.00 meets them all).

    .venv/bin/python benchmarks/desk_keys.py            # runs the walkthroughs first
    .venv/bin/python benchmarks/desk_keys.py --no-run   # only reads the last run's counts
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COUNTS = ROOT / "shots" / "walkthrough" / "keys.json"
#: the procedure (as the walkthrough records it) and its target in keys besides typed text
TARGETS: dict[str, int] = {
    "returning visitor": 5,
    "new visitor": 10,
    "sign-out": 6,
    "sign-out by scanned pass": 3,
    "owner slip, 3 lines, arrears overridden": 25,
    "tenant slip, owner's phone confirmation": 30,
    "gate check by scan": 3,
    "enquiry from a known caller, answered on the spot": 15,
    "valid complaint, every step to its callback": 25,
    "known caller: call logged, made a complaint": 8,
    "callback from the queue, case closed": 6,
    "call made a work order: dispatched, slip": 20,
    "repair at the desk: work order dispatched, slip": 20,
}


def run_walkthroughs() -> None:
    """Run the walkthroughs, which write the key counts (a failing walkthrough stops here)."""
    COUNTS.unlink(missing_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/walkthrough"]
    subprocess.run(command, cwd=ROOT, env=env, check=True)


def table(counts: dict[str, int]) -> list[str]:
    """The procedures, their counts and targets, one line each; the worst share last."""
    lines = [f"{'procedure':<44} {'keys':>5} {'target':>7}"]
    shares: list[float] = []
    for procedure, target in TARGETS.items():
        count = counts.get(procedure)
        shown = "—" if count is None else str(count)
        lines.append(f"{procedure:<44} {shown:>5} {'≤ ' + str(target):>7}")
        if count is not None:
            shares.append(count / target)
    missing = [p for p in TARGETS if p not in counts]
    if missing:
        lines.append("not walked through yet: " + ", ".join(missing))
    lines.append(f"worst keys / target: {max(shares):.2f}" if shares else "no counts")
    return lines


def main() -> int:
    """Run (unless --no-run), then print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--no-run", action="store_true", help="read the last run's counts only")
    args = parser.parse_args()
    if not args.no_run:
        run_walkthroughs()
    counts = json.loads(COUNTS.read_text(encoding="utf-8")) if COUNTS.exists() else {}
    print("\n".join(table(counts)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
