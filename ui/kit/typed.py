"""What the clerk typed into a page, taken before the page is rebuilt and put back into the new one.

A language switch rebuilds every page in the new language; the half-filled form must survive it. A
page built again has the same inputs in the same order (only its words change), so an input is known
by its kind and its place among the inputs of that kind: no page has to list its fields.

Passwords and read-only fields are never taken. Choices are kept by position (the language of their
text changes); lists filled later (a unit's residents) are put back only when the position exists.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

Typed = dict[str, object]
"""``"<kind>#<n>"`` → the value of the n-th input of that kind in the page."""


def _kind(widget: QWidget) -> str | None:
    """The kind of input ``widget`` is, or None when it holds nothing the clerk typed or chose."""
    parent = widget.parentWidget()
    if isinstance(parent, QComboBox | QAbstractSpinBox):
        return None  # the line inside a list or a number box: kept through its owner
    if isinstance(widget, QLineEdit):
        password = widget.echoMode() != QLineEdit.EchoMode.Normal
        return None if password or widget.isReadOnly() else "line"
    if isinstance(widget, QPlainTextEdit):
        return None if widget.isReadOnly() else "text"
    if isinstance(widget, QComboBox):
        return "choice"
    if isinstance(widget, QDateEdit):
        return "date"
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        return "number"
    if isinstance(widget, QCheckBox):
        return "tick"
    return None


def _inputs(root: QWidget) -> list[tuple[str, QWidget]]:
    """``("<kind>#<n>", input)`` for every input under ``root``, in the order they were made."""
    seen: Counter[str] = Counter()
    found = []
    for widget in root.findChildren(QWidget):
        kind = _kind(widget)
        if kind is not None:
            found.append((f"{kind}#{seen[kind]}", widget))
            seen[kind] += 1
    return found


def _value(widget: QWidget) -> object:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentText() if widget.isEditable() else widget.currentIndex()
    if isinstance(widget, QDateEdit):
        return widget.date().toJulianDay()
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        return widget.value()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    return None


def typed(root: QWidget) -> Typed:
    """The values of every input under ``root`` (see the module's notes for what is left out)."""
    return {key: _value(widget) for key, widget in _inputs(root)}


def put_back(root: QWidget, values: Typed) -> None:
    """Put ``values`` (from :func:`typed` on the page before it was rebuilt) into ``root``'s inputs."""
    for key, widget in _inputs(root):
        value = values.get(key)
        if value is None or value == _value(widget):
            continue
        if isinstance(widget, QLineEdit) and isinstance(value, str):
            widget.setText(value)
        elif isinstance(widget, QPlainTextEdit) and isinstance(value, str):
            widget.setPlainText(value)
        elif isinstance(widget, QComboBox):
            if isinstance(value, str):
                widget.setCurrentText(value)
            elif isinstance(value, int) and 0 <= value < widget.count():
                widget.setCurrentIndex(value)
        elif isinstance(widget, QDateEdit) and isinstance(value, int):
            widget.setDate(QDate.fromJulianDay(value))
        elif isinstance(widget, QSpinBox) and isinstance(value, int):
            widget.setValue(value)
        elif isinstance(widget, QDoubleSpinBox) and isinstance(value, float | int):
            widget.setValue(float(value))
        elif isinstance(widget, QAbstractButton) and isinstance(value, bool):
            widget.setChecked(value)
