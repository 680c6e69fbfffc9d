"""The form kit's rules: subscriptions go with their widget, captions reach inputs, letters do not
repeat, dialogs open on the first input and fit the screen."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.kit.context import ChangeBus
from ui.kit.dialog import Dialog, first_input
from ui.kit.forms import FieldErrors
from ui.kit.keyboard import dead_mnemonics, mend_buddies, mnemonic, mnemonic_clashes
from ui.kit.screen import available_area, fit_to_screen


def test_a_subscription_ends_with_its_widget(qtbot) -> None:
    bus = ChangeBus()
    seen: list[str] = []
    widget = QWidget()
    edit = QLineEdit(widget)
    bus.subscribe(widget, lambda entity: seen.append(f"{entity}:{edit.text()}"))
    bus.notify("visit")
    widget.deleteLater()
    qtbot.waitUntil(lambda: not _alive(edit))
    bus.notify("visit")  # a lambda connected directly would now reach the deleted line edit
    assert seen == ["visit:"]


def _show_active(qtbot, window: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _alive(widget: QWidget) -> bool:
    try:
        widget.objectName()
    except RuntimeError:
        return False
    return True


def test_mnemonic_letters() -> None:
    assert mnemonic("&Name") == "n"
    assert mnemonic("Pass num&ber") == "b"
    assert mnemonic("R&&D") is None
    assert mnemonic("R&&D &team") == "t"
    assert mnemonic("plain") is None


def test_a_caption_given_a_wrapper_is_pointed_at_the_input(qtbot) -> None:
    root = QWidget()
    errors = FieldErrors()
    name = QLineEdit()
    box = errors.wrap("name", name)
    caption = QLabel("&Name")
    caption.setBuddy(box)
    layout = QFormLayout(root)
    layout.addRow(caption, box)
    qtbot.addWidget(root)
    _show_active(qtbot, root)
    assert dead_mnemonics(root) == ["&Name"]
    assert mend_buddies(root) == 1
    assert caption.buddy() is name and dead_mnemonics(root) == []
    qtbot.keyClick(root, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is name


def test_an_html_passage_is_not_taken_for_a_caption(qtbot) -> None:
    """A record's header in HTML escapes an apostrophe as ``&#x27;``: that & is no Alt+letter."""
    root = QWidget()
    layout = QVBoxLayout(root)
    passage = QLabel("Type a work order&#x27;s number.")
    passage.setTextFormat(Qt.TextFormat.RichText)
    plain = QLabel("Type &it")  # the same & in a plain caption with nothing to reach is dead
    layout.addWidget(passage)
    layout.addWidget(plain)
    qtbot.addWidget(root)
    _show_active(qtbot, root)
    assert dead_mnemonics(root) == ["Type &it"]


def test_letters_used_twice_are_reported(qtbot) -> None:
    root = QWidget()
    layout = QVBoxLayout(root)
    purpose = QLabel("事由(&P)")
    purpose.setBuddy(QLineEdit())
    layout.addWidget(purpose)
    layout.addWidget(purpose.buddy())
    layout.addWidget(QPushButton("打印访客证(&P)"))
    layout.addWidget(QPushButton("&Save"))
    hidden = QPushButton("&Save later")
    layout.addWidget(hidden)
    hidden.hide()  # not on screen: does not count
    qtbot.addWidget(root)
    root.show()
    assert mnemonic_clashes(root) == {"p": ["事由(&P)", "打印访客证(&P)"]}


class _Form(Dialog):
    def __init__(self) -> None:
        super().__init__()
        self.save = QPushButton("&Save")
        self.kind = QComboBox()
        self.kind.addItems(["owner", "tenant"])
        self.name = QLineEdit()
        layout = QFormLayout(self)
        layout.addRow(self.save)  # the button first in the tab order, as in the dialogs that lost typing
        layout.addRow("Kind", self.kind)
        layout.addRow("Name", self.name)
        self.save.setFocus()


def test_a_dialog_opens_on_the_first_input_that_needs_something(qtbot) -> None:
    dialog = _Form()
    qtbot.addWidget(dialog)
    _show_active(qtbot, dialog)
    assert QApplication.focusWidget() is dialog.name
    assert first_input(dialog) is dialog.name


def test_a_dialog_taller_than_the_screen_is_brought_inside_it(qtbot) -> None:
    dialog = _Form()
    qtbot.addWidget(dialog)
    area = available_area(dialog)
    dialog.resize(QSize(area.width() + 300, area.height() + 300))
    dialog.move(area.x() + 200, area.y() + 200)
    fit_to_screen(dialog)
    frame = dialog.frameGeometry()
    assert frame.width() <= area.width() and frame.height() <= area.height()
    assert area.contains(frame.topLeft()) and area.contains(frame.bottomRight())
