"""The keyboard rules every form keeps: a caption's Alt+letter reaches its input, and no letter is
used twice in what is on screen together (a page with its side panels, or a dialog).

A caption may be given a wrapper as its buddy (a field laid out with its error line under it):
:func:`mend_buddies` points it at the input inside, so the letter is never dead. The checks
(:func:`mnemonic_clashes`, :func:`dead_mnemonics`) are what the every-page test asserts.
"""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QDateTimeEdit, QGroupBox, QLabel, QTabBar, QWidget

_NO_FOCUS = 0  # Qt.FocusPolicy.NoFocus, without building the Qt namespace (see ui.kit.forms)
_TAB_FOCUS = 1  # Qt.FocusPolicy.TabFocus
_KEY_TAB, _KEY_BACKTAB = 0x01000001, 0x01000002  # Qt.Key.Key_Tab, Qt.Key.Key_Backtab
_RICH_TEXT = 1  # Qt.TextFormat.RichText


def mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` in ``text`` (lower case), or None (``&&`` is a literal &)."""
    i = 0
    while i < len(text) - 1:
        if text[i] == "&":
            if text[i + 1] != "&":
                return text[i + 1].lower()
            i += 1
        i += 1
    return None


def focus_target(widget: QWidget) -> QWidget | None:
    """The widget that takes the keyboard for ``widget``: itself, its focus proxy, or the first
    focusable widget inside it; None when there is none (a disabled input still counts: it is the
    caption's input, and takes the keyboard once enabled)."""
    seen: set[int] = set()
    current: QWidget | None = widget
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if current.focusPolicy().value != _NO_FOCUS:
            return current
        proxy = current.focusProxy()
        if proxy is not None:
            current = proxy
            continue
        break
    for child in widget.findChildren(QWidget):
        if child.focusPolicy().value != _NO_FOCUS and child.focusProxy() is None:
            return child
    return None


def mend_buddies(root: QWidget) -> int:
    """Point every caption under ``root`` whose buddy takes no keyboard at the input inside it.

    Returns:
        How many captions were mended.
    """
    mended = 0
    for label in root.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is None or buddy.focusPolicy().value != _NO_FOCUS:
            continue
        target = focus_target(buddy)
        if target is not None and target is not buddy:
            label.setBuddy(target)
            mended += 1
    return mended


def caption(widget: QWidget) -> str:
    """The text a caption, button or group box shows (with its ``&``)."""
    if isinstance(widget, QGroupBox):
        return widget.title()
    if isinstance(widget, QLabel | QAbstractButton):
        return widget.text()
    return ""


def _visible_under(widget: QWidget, root: QWidget) -> bool:
    return widget.isVisibleTo(root) if widget is not root else True


def mnemonic_owners(root: QWidget) -> dict[str, list[str]]:
    """Every Alt+letter in use under ``root``, with the texts using it: visible captions with a
    buddy, buttons, group boxes and tabs."""
    owners: dict[str, list[str]] = defaultdict(list)
    widgets: list[QWidget] = [*root.findChildren(QLabel), *root.findChildren(QAbstractButton)]
    widgets += root.findChildren(QGroupBox)
    for widget in widgets:
        if not _visible_under(widget, root):
            continue
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue
        letter = mnemonic(caption(widget))
        if letter is not None:
            owners[letter].append(caption(widget))
    for bar in root.findChildren(QTabBar):  # a tab's Alt+letter opens it
        if _visible_under(bar, root):
            for index in range(bar.count()):
                letter = mnemonic(bar.tabText(index)) if bar.isTabVisible(index) else None
                if letter is not None:
                    owners[letter].append(bar.tabText(index))
    return dict(owners)


def mnemonic_clashes(root: QWidget) -> dict[str, list[str]]:
    """Letters used more than once under ``root``, with the texts that use them."""
    return {letter: texts for letter, texts in mnemonic_owners(root).items() if len(texts) > 1}


def dead_mnemonics(root: QWidget) -> list[str]:
    """Visible captions whose Alt+letter reaches no input (no buddy, or one that takes no keyboard)."""
    dead: list[str] = []
    for label in root.findChildren(QLabel):
        if not _visible_under(label, root) or mnemonic(label.text()) is None:
            continue
        if label.buddy() is None and label.textFormat().value == _RICH_TEXT:
            continue  # a passage of HTML, not a caption: its & begins an entity (order&#x27;s)
        buddy = label.buddy()
        if buddy is None or buddy.focusPolicy().value == _NO_FOCUS:
            dead.append(label.text())
    return dead


class _LeaveOnTab(QObject):
    """Tab leaves a date or time field in one key (Qt's own Tab walks its year, month, day, hour and
    minute first: five keys, where the clerk expected the next field)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Tab and Shift+Tab go to the next or previous field."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in (_KEY_TAB, _KEY_BACKTAB) or not isinstance(watched, QWidget):
            return False
        target = _neighbour(watched, forward=event.key() == _KEY_TAB and not event.modifiers().value)
        if target is not None:
            target.setFocus()
        return True


def _neighbour(widget: QWidget, *, forward: bool) -> QWidget | None:
    """The next (or previous) widget Tab would reach from ``widget`` in its window."""
    current: QWidget | None = widget
    for _step in range(500):
        assert current is not None
        current = current.nextInFocusChain() if forward else current.previousInFocusChain()
        if current is None or current is widget:
            return None
        takes_tab = current.focusPolicy().value & _TAB_FOCUS
        if takes_tab and current.isVisible() and current.isEnabled() and not widget.isAncestorOf(current):
            return current
    return None


def keep_date_entries(root: QWidget) -> None:
    """Every date and time field under ``root``: Tab leaves it in one key, and Alt+Down opens a
    calendar the clerk sees (never a silent step of the month)."""
    leave = root.findChild(_LeaveOnTab) or _LeaveOnTab(root)
    for field in root.findChildren(QDateTimeEdit):
        field.setCalendarPopup(True)
        field.installEventFilter(leave)


def keep_keyboard_rules(root: QWidget) -> None:
    """The kit's keyboard rules on a page or window just built: captions reach their inputs, date
    fields leave on Tab."""
    mend_buddies(root)
    keep_date_entries(root)
