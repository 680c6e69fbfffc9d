"""The Qt binding must keep Python's reference counts: a desk emits signals all day long."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    sig_value = Signal(object)
    """Carries any value, as the task runner's results do."""
    sig_flag = Signal(bool)
    """Carries a flag, as the task runner's busy signal does."""


def test_emitting_python_signals_keeps_the_reference_counts_of_true_and_false() -> None:
    """PySide6 6.12.0 lost one reference to True per emission: the program aborted after a few
    thousand background jobs with "bool_dealloc: deallocating True or False"."""
    emitter, received = _Emitter(), []
    emitter.sig_value.connect(received.append)
    emitter.sig_flag.connect(received.append)
    gc.collect()
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(200):
        emitter.sig_value.emit(object())
        emitter.sig_flag.emit(False)
    received.clear()
    gc.collect()
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
