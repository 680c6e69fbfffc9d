"""Every page and dialog, as it opens at 1366×768: Alt+letters unique and reaching an input,
nothing larger than the screen, no caption or chosen item cut short."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyleOptionComboBox,
    QTableView,
    QTabWidget,
    QWidget,
)

from tests.conftest import ADMIN_PASSWORD
from tests.walkthrough.conftest import Desk
from ui.kit.keyboard import dead_mnemonics, mnemonic_clashes
from ui.shell.sidebar import SHORTCUT_MARGIN, SHORTCUT_ROLE, TITLE_OFFSET, Sidebar
from ui.shell.workspace import Workspace

SCREEN_W, SCREEN_H = 1366, 768
PAGE_KEYS = [
    "F1",
    "F2",
    "F3",
    "F4",
    "F5",
    "F8",
    "F6",
    "F7",
    "Shift+F7",
    "F9",
    "F10",
    "F11",
    "Shift+F4",
    "F12",
]


def cut_texts(root: QWidget) -> list[str]:
    """Visible one-line captions, chosen list items and hints that do not fit their widget."""
    cut: list[str] = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 1:
            continue
        metrics = widget.fontMetrics()
        if isinstance(widget, Sidebar):  # a page's name is shortened where it meets its key
            for row in range(widget.count()):
                item = widget.item(row)
                key = str(item.data(SHORTCUT_ROLE) or "")
                rect = widget.visualItemRect(item)
                room = rect.width() - TITLE_OFFSET - SHORTCUT_MARGIN - metrics.horizontalAdvance(key)
                if metrics.horizontalAdvance(item.text()) > room:
                    cut.append(f"page {item.text()!r} in the sidebar")
        if isinstance(widget, QLabel) and not widget.wordWrap() and widget.text():
            if widget.sizeHint().width() > widget.width() + 1:
                cut.append(f"caption {widget.text()!r}")
        elif isinstance(widget, QComboBox) and (widget.currentText() or widget.placeholderText()):
            shown = widget.currentText() or widget.placeholderText()  # "Choose their answer" was cut
            option = QStyleOptionComboBox()
            widget.initStyleOption(option)
            room = widget.style().subControlRect(
                QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, widget
            )
            if metrics.horizontalAdvance(shown) > room.width():
                cut.append(f"list item {shown!r}")
            if widget.style().styleHint(QStyle.StyleHint.SH_ComboBox_Popup, option, widget):
                # Fusion's menu-like pop-up showed 2-5 rows and scrolled; a plain list shows up to 10
                cut.append(f"list {shown!r} opens as a scrolling menu")
        elif isinstance(widget, QLineEdit) and not widget.text() and widget.placeholderText():
            room = widget.width() - 16  # the frame and text margins
            if metrics.horizontalAdvance(widget.placeholderText()) > room:
                cut.append(f"hint {widget.placeholderText()!r}")
    return cut


def blank_unit_rows(window: QWidget) -> list[str]:
    """Residents search: a unit's row names its people and the first one's phone, never blanks."""
    (table,) = [t for t in window.findChildren(QTableView) if t.isVisible()]
    model = table.model()
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    return [f"F6: unit row {row} has blanks" for row in rows if row[0] == "1-502" and not all(row)]


def check_window(window: QWidget, where: str) -> list[str]:
    """What is wrong with what ``window`` shows now."""
    faults = [f"{where}: Alt+{k.upper()} used by {v}" for k, v in mnemonic_clashes(window).items()]
    faults += [f"{where}: {text!r} reaches no input" for text in dead_mnemonics(window)]
    frame = window.frameGeometry()
    if frame.width() > SCREEN_W or frame.height() > SCREEN_H:
        faults.append(f"{where}: {frame.width()}×{frame.height()} is larger than the screen")
    faults += [f"{where}: {text} is cut short" for text in cut_texts(window)]
    return faults


@pytest.mark.parametrize("desk", ["zh_CN", "en", "zh_TW"], indirect=True)
def test_every_page_keeps_the_rules(desk: Desk) -> None:
    desk.shot("sign-in")
    desk.sign_in("admin", ADMIN_PASSWORD)
    faults: list[str] = []
    for key in PAGE_KEYS:
        desk.press(key)
        if key == "F6":  # the Residents page with a unit found, its panel beside it
            desk.type("1-502")
            desk.settle(400)  # the list follows the typing after a short pause
            desk.press("Down")
            faults += blank_unit_rows(desk.window)
        desk.shot(f"page {key}")
        faults += check_window(desk.window, key)
        workspace = desk.window.findChild(Workspace)
        assert workspace is not None
        page = workspace.stack.currentWidget()
        for tabs in [t for t in page.findChildren(QTabWidget) if t.isVisible()]:
            first = tabs.currentIndex()
            for index in range(tabs.count()):
                if index != first:  # every tab of the page, as its tab (or Alt+letter) shows it
                    tabs.setCurrentIndex(index)
                    desk.settle(50)
                    desk.shot(f"page {key} tab {index}")
                    faults += check_window(desk.window, f"{key} {tabs.tabText(index)}")
            tabs.setCurrentIndex(first)
    assert not faults, "\n".join(faults)


def test_ctrl_k_finds_a_unit_before_the_records_that_mention_it(desk: Desk) -> None:
    desk.sign_in("admin", ADMIN_PASSWORD)
    desk.press("Ctrl+K")
    desk.type("1-502")
    desk.settle(400)  # the results follow the typing after a short pause
    desk.shot("ctrl+k")
    desk.press("Enter")  # the first result, already chosen
    desk.shot("the unit opened")
    assert "1-502" in desk.visible_text() and "方建国" in desk.visible_text()
    assert desk.sees("住户"), desk.visible_text()  # on the Residents page
    assert not desk.problems(), desk.problems()


def _clicked(widget: QWidget, at: QPoint | None = None) -> None:
    """A mouse click, as a clerk would give it (an event, not a method call)."""
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at or QPoint())


class DialogWatch:
    """Checks each dialog that opens (once per title) and closes it, as Esc would."""

    def __init__(self, desk: Desk) -> None:
        self.desk, self.where = desk, ""
        self.faults: list[str] = []
        self.seen: set[str] = set()
        self.timer = QTimer()
        self.timer.timeout.connect(self.look)
        self.timer.start(40)

    def look(self) -> None:
        shown = [QApplication.activeModalWidget()] + [
            w for w in QApplication.topLevelWidgets() if w.isVisible() and isinstance(w, QDialog)
        ]
        for dialog in dict.fromkeys(w for w in shown if w is not None and w is not self.desk.window):
            if isinstance(dialog, QDialog) and not isinstance(dialog, QMessageBox | QFileDialog):
                title = f"{self.where}: {dialog.windowTitle() or type(dialog).__name__}"
                if title not in self.seen:
                    self.seen.add(title)
                    self.desk.shot(f"dialog {len(self.seen)}")
                    self.faults += check_window(dialog, title)
            if isinstance(dialog, QDialog):
                dialog.reject()  # Esc
            else:
                dialog.close()


@pytest.mark.parametrize("desk", ["zh_CN", "en"], indirect=True)
def test_every_dialog_keeps_the_rules(desk: Desk) -> None:
    """Every button that opens a dialog ("…"), on every page and tab, with a row chosen in its
    lists so that the row's actions are open too."""
    desk.sign_in("admin", ADMIN_PASSWORD)
    watch = DialogWatch(desk)
    pages: list[QWidget] = []
    for key in PAGE_KEYS:
        desk.window.activateWindow()  # the last dialog closed: the window manager gives it back
        desk.qtbot.waitUntil(lambda: QApplication.activeWindow() is desk.window, timeout=2000)
        desk.press(key)
        if key == "F6":
            desk.type("1-502")
            desk.settle(400)
            desk.press("Down")
        if key == "F11":  # a call logged (and chosen): what a call becomes opens in its dialogs
            desk.press("Alt+M")
            desk.type("请问物业费怎么交")
            desk.press("Ctrl+Return")
        workspace = desk.window.findChild(Workspace)
        assert workspace is not None
        page = workspace.stack.currentWidget()
        assert page not in pages, f"{key} opened no page of its own"
        pages.append(page)
        tabs = [t for t in page.findChildren(QTabWidget) if t.isVisible()] or [None]
        for tab_widget in tabs:
            for index in range(tab_widget.count() if tab_widget else 1):
                if tab_widget is not None:
                    bar = tab_widget.tabBar()
                    _clicked(bar, bar.tabRect(index).center())
                    desk.settle(50)
                for table in [t for t in page.findChildren(QTableView) if t.isVisible()]:
                    if table.model().rowCount() and not table.selectionModel().hasSelection():
                        _clicked(table.viewport(), table.visualRect(table.model().index(0, 0)).center())
                watch.where = f"{key} {tab_widget.tabText(index) if tab_widget else ''}".strip()
                for button in page.findChildren(QPushButton):
                    if button.isVisible() and button.isEnabled() and "…" in button.text():
                        _clicked(button)
                        desk.settle(150)
                        watch.look()
    watch.timer.stop()
    assert len(watch.seen) >= 10, sorted(watch.seen)
    assert len([t for t in watch.seen if t.startswith("F4 ")]) >= 3, sorted(watch.seen)  # a complaint's
    assert len([t for t in watch.seen if t.startswith("F11")]) == 3, sorted(watch.seen)  # what a call becomes
    assert not watch.faults, "\n".join(watch.faults)
