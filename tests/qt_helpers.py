"""Helpers for GUI tests: typing Chinese safely (``qtbot.keyClicks`` aborts on non-ASCII text)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` one character at a time, as a keyboard or an input method would.

    Each character is sent as a key press/release carrying the text and no key code, which Qt's
    editors insert like typed text (``textEdited`` fires), for CJK as well as ASCII.
    """
    widget.setFocus(Qt.FocusReason.OtherFocusReason)
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
    qtbot.wait(1)


def press(
    qtbot: Any, widget: QWidget, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """Press one key (Enter, Esc, F2 …) on ``widget``."""
    qtbot.keyClick(widget, key, modifier)
