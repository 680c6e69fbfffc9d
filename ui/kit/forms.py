"""Form helpers: validation messages shown next to the field they concern, cleared when it is edited.

Nothing here touches PySide's ``Qt`` namespace as the sign-in is built: building that namespace
costs ~25 ms, and the program's window is drawn before it (see :mod:`ui.shell.frame`).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import ValidationError, ValidationErrors
from ui.kit import messages
from ui.kit.screen import grow_to_fit


def _set_invalid(widget: QWidget, invalid: bool) -> None:
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FieldErrors:
    """The error labels of one form: ``wrap`` each field, then ``show`` a ValidationError."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def wrap(self, name: str, widget: QWidget) -> QWidget:
        """A container holding ``widget`` with a (hidden) error label under it; put it in the layout."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        label = QLabel()
        label.setObjectName("fieldError")
        label.setWordWrap(True)
        label.hide()
        layout.addWidget(widget)
        layout.addWidget(label)
        self.attach(name, widget, label)
        return box

    def attach(self, name: str, widget: QWidget, label: QLabel) -> None:
        """Use an existing ``label`` for the errors of field ``name`` (edited in ``widget``)."""
        self._fields[name] = (widget, label)
        self._on_edit(widget, lambda *_args: self.clear(name))

    @staticmethod
    def _on_edit(widget: QWidget, slot: object) -> None:
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(slot)
        elif isinstance(widget, QAbstractSpinBox):
            widget.editingFinished.connect(slot)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(slot)
        elif isinstance(widget, QAbstractButton):
            widget.toggled.connect(slot)

    def set(self, name: str, message: str) -> bool:
        """Show ``message`` under field ``name``; False when the form has no such field."""
        if name not in self._fields:
            return False
        from PySide6.QtCore import Qt  # here, not at import (see the module's note)

        widget, label = self._fields[name]
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to copy it
        label.setText(message)
        label.show()
        window = widget.window()
        if window.isWindow() and window is not widget:
            grow_to_fit(window)  # the message takes room: it must not lie over the field
        _set_invalid(widget, True)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def clear(self, name: str | None = None) -> None:
        """Hide the message of field ``name`` (of every field when None)."""
        for key in [name] if name is not None else list(self._fields):
            if key in self._fields:
                widget, label = self._fields[key]
                label.clear()
                label.hide()
                _set_invalid(widget, False)

    def message(self, name: str) -> str:
        """The message shown under field ``name`` ("" when none)."""
        label = self._fields[name][1] if name in self._fields else None
        return label.text() if label is not None and not label.isHidden() else ""

    def widget(self, name: str) -> QWidget | None:
        """The widget editing field ``name``, if wrapped."""
        return self._fields[name][0] if name in self._fields else None

    def fields(self) -> list[str]:
        """The names of the wrapped fields."""
        return list(self._fields)

    def show(self, parent: QWidget | None, exc: BaseException) -> None:
        """Show ``exc``: field errors beside their fields, anything else as a message box."""
        if isinstance(exc, ValidationErrors):
            unplaced = [m for f, m in reversed(exc.errors.items()) if not self.set(f, m)]
            if unplaced:
                messages.warn(parent, "\n".join(unplaced))
        elif isinstance(exc, ValidationError):
            if not self.set(exc.field, exc.message):
                messages.warn(parent, exc.message)
        else:
            messages.show_error(parent, exc)


def month_field(month: str) -> QLineEdit:
    """A month typed as digits only: ``202611`` shows as ``2026-11`` (the dash is the field's own),
    the same in every form; its text is ``YYYY-MM`` (``-`` when emptied)."""
    field = QLineEdit(month)
    field.setInputMask("9999-99")
    field.setFixedWidth(field.fontMetrics().horizontalAdvance("0000-00000") + 16)
    return field


def hint(text: str = "") -> QLabel:
    """A small grey explanation under a heading."""
    widget = QLabel(text)
    widget.setObjectName("hint")
    widget.setWordWrap(True)
    return widget
