"""The dialog every form window is built on: it keeps the keyboard rules without each dialog
repeating them.

When first shown it points captions at their inputs (:func:`ui.kit.keyboard.mend_buddies`), widens
empty lines to show their hints, fits the screen (:func:`ui.kit.screen.fit_to_screen`) and puts the
cursor in the first input that still needs something — never on a button, where the clerk's first
typing would be lost. Esc cancels and Enter submits, as in any QDialog.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QPlainTextEdit,
    QStyle,
    QStyleOptionComboBox,
    QTextEdit,
    QWidget,
    QWizard,
)

from ui.kit.keyboard import keep_keyboard_rules
from ui.kit.screen import fit_to_screen

_NO_FOCUS = 0  # Qt.FocusPolicy.NoFocus


def _inputs_in_tab_order(root: QWidget) -> list[QWidget]:
    """The focusable, visible, enabled widgets under ``root``, in the order Tab visits them."""
    found: list[QWidget] = []
    widget = root.nextInFocusChain()
    while widget is not None and widget is not root and len(found) < 500:
        if (
            root.isAncestorOf(widget)
            and widget.focusPolicy().value != _NO_FOCUS
            and widget.isVisibleTo(root)
            and widget.isEnabled()
        ):
            found.append(widget)
        widget = widget.nextInFocusChain()
    return found


def needs_input(widget: QWidget) -> bool:
    """True for an input the clerk has not filled yet (an empty line, a list with nothing chosen)."""
    if isinstance(widget, QLineEdit):
        return not widget.isReadOnly() and not widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentIndex() < 0
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        return not widget.isReadOnly() and not widget.toPlainText()
    return False


def first_input(root: QWidget) -> QWidget | None:
    """The first input under ``root`` that needs something, else the first input at all (never a
    button, unless the window has nothing else)."""
    widgets = _inputs_in_tab_order(root)
    inputs = [w for w in widgets if not isinstance(w, QAbstractButton)]
    needed = [w for w in inputs if needs_input(w)]
    typed = [w for w in inputs if isinstance(w, QLineEdit | QComboBox | QAbstractSpinBox)]
    choice = needed or typed or inputs
    return choice[0] if choice else None


def widen_for_hints(window: QWidget) -> None:
    """Empty lines wide enough for their hint (a hint cut short reads as a different instruction),
    up to half the screen's width; the window grows to fit them before it is fitted to the screen."""
    screen = window.screen()
    widest = screen.availableGeometry().width() // 2 if screen is not None else 600
    for line in window.findChildren(QLineEdit):
        hint = line.placeholderText()
        if hint and not isinstance(line.parentWidget(), QComboBox | QAbstractSpinBox):
            wanted = line.fontMetrics().horizontalAdvance(hint) + 24  # the frame and text margins
            if line.minimumWidth() < wanted:
                line.setMinimumWidth(min(wanted, widest))


def widen_for_choices(window: QWidget) -> None:
    """Drop-down lists wide enough to show their longest choice whole (the style sheet's padding
    is not in Qt's own size hint, so a long choice was cut by a few pixels)."""
    for combo in window.findChildren(QComboBox):
        if combo.isEditable() or not combo.count():
            continue
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        option.rect = QRect(0, 0, combo.sizeHint().width(), combo.sizeHint().height())
        room = combo.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
        )
        metrics = combo.fontMetrics()
        longest = max(metrics.horizontalAdvance(combo.itemText(i)) for i in range(combo.count()))
        if longest > room.width():
            combo.setMinimumWidth(max(combo.minimumWidth(), option.rect.width() + longest - room.width() + 2))


def prepare(window: QWidget) -> None:
    """The rules a form window keeps, applied once as it is first shown."""
    keep_keyboard_rules(window)
    widen_for_hints(window)
    widen_for_choices(window)
    fit_to_screen(window)
    focused = window.focusWidget()
    if focused is None or isinstance(focused, QAbstractButton):
        target = first_input(window)
        if target is not None:
            target.setFocus()


class Dialog(QDialog):
    """A form dialog keeping the kit's rules (see the module's note)."""

    _prepared = False

    def showEvent(self, event: QShowEvent) -> None:
        """On the first show: captions mended, fitted to the screen, the cursor in the first input."""
        super().showEvent(event)
        if not self._prepared:
            self._prepared = True
            prepare(self)


class Wizard(QWizard):
    """A wizard keeping the kit's rules on its first show (see the module's note)."""

    _prepared = False

    def showEvent(self, event: QShowEvent) -> None:
        """On the first show: captions mended and fitted to the screen."""
        super().showEvent(event)
        if not self._prepared:
            self._prepared = True
            keep_keyboard_rules(self)
            fit_to_screen(self)
