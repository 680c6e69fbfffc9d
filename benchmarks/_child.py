"""Run a command as a child process and measure it: wall time and peak resident memory (ru_maxrss).

``os.wait4`` returns the resource usage of that one child, so each measurement is its own peak,
not the largest of all children so far. Linux (and other Unix) only.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class Measured:
    """One child's wall time, peak resident memory and standard output."""

    seconds: float
    peak_bytes: int
    output: str

    @property
    def peak_mib(self) -> float:
        """The peak in MiB."""
        return self.peak_bytes / MIB


def measure(command: Sequence[str], env: dict[str, str] | None = None) -> Measured:
    """Run ``command`` to its end; raise when it fails (its error output is shown)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, env=env, text=True)
    assert child.stdout is not None
    output = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"failed ({child.returncode}): {' '.join(command)}")
    scale = 1 if sys.platform == "darwin" else 1024  # macOS reports bytes, Linux KiB
    return Measured(seconds, usage.ru_maxrss * scale, output)
