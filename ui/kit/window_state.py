"""Remembered window state (geometry, splitters, last page) in a QSettings file beside settings.json."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter, QWidget

from frontdesk import config


def ui_settings() -> QSettings:
    """The INI file ``ui.ini`` next to this PC's ``settings.json`` (so ``FRONTDESK_CONFIG`` moves both).

    One object per file for the whole run: Qt writes changes out from the event loop and at the
    end, not at each change (a write with its flush to disk took ~10 ms of the desk's first paint).
    """
    path = config.settings_file().with_name("ui.ini")
    store = _stores.get(path)
    if store is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        store = _stores[path] = QSettings(str(path), QSettings.Format.IniFormat)
    return store


_stores: dict[Path, QSettings] = {}


def save_window(key: str, window: QWidget, splitter: QSplitter | None = None) -> None:
    """Remember a window's geometry (and state and splitter position) under ``key``.

    A window shown inside another one (the desk inside the program's window) keeps only its
    splitter: the outer window remembers the place.
    """
    store = ui_settings()
    if window.isWindow():
        store.setValue(f"{key}/geometry", window.saveGeometry())
        if isinstance(window, QMainWindow):
            store.setValue(f"{key}/state", window.saveState())
    if splitter is not None:
        store.setValue(f"{key}/splitter", splitter.saveState())


def restore_window(key: str, window: QWidget, splitter: QSplitter | None = None) -> bool:
    """Put a window back where it was; False when nothing was remembered (see :func:`save_window`)."""
    store = ui_settings()
    geometry, state = store.value(f"{key}/geometry"), store.value(f"{key}/state")
    if window.isWindow():
        if isinstance(geometry, QByteArray):
            window.restoreGeometry(geometry)
        if isinstance(window, QMainWindow) and isinstance(state, QByteArray):
            window.restoreState(state)
    split = store.value(f"{key}/splitter")
    if splitter is not None and isinstance(split, QByteArray):
        splitter.restoreState(split)
    return isinstance(geometry, QByteArray)


def remember(key: str, value: str) -> None:
    """Store one last choice (the last page, the last folder …)."""
    ui_settings().setValue(key, value)


def recall(key: str, default: str = "") -> str:
    """A last choice stored by :func:`remember`."""
    value = ui_settings().value(key, default)
    return value if isinstance(value, str) else default
