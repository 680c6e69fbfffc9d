"""What was typed into a page survives the page being built again (a language switch)."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ui.kit.typed import put_back, typed


class Page(QWidget):
    def __init__(self, words: str) -> None:
        super().__init__()
        self.name, self.password, self.note = QLineEdit(), QLineEdit(), QPlainTextEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.kind, self.unit = QComboBox(), QComboBox()
        self.kind.addItems([f"{words} a", f"{words} b", f"{words} c"])
        self.unit.setEditable(True)
        self.day, self.count, self.tick = QDateEdit(QDate(2026, 12, 4)), QSpinBox(), QCheckBox(words)
        layout = QVBoxLayout(self)
        for widget in (
            self.name,
            self.password,
            self.note,
            self.kind,
            self.unit,
            self.day,
            self.count,
            self.tick,
        ):
            layout.addWidget(widget)


def test_a_page_built_again_gets_what_was_typed_but_never_the_password(qtbot: QtBot) -> None:
    before = Page("中文")
    qtbot.addWidget(before)
    before.name.setText("陈小明")
    before.password.setText("secret")
    before.note.setPlainText("两行\n备注")
    before.kind.setCurrentIndex(2)
    before.unit.setCurrentText("3-1502")
    before.day.setDate(QDate(2026, 11, 30))
    before.count.setValue(3)
    before.tick.setChecked(True)
    saved = typed(before)
    assert "secret" not in saved.values()

    after = Page("English")  # the same page in another language
    qtbot.addWidget(after)
    put_back(after, saved)
    assert after.name.text() == "陈小明" and after.password.text() == ""
    assert after.note.toPlainText() == "两行\n备注"
    assert after.kind.currentText() == "English c" and after.unit.currentText() == "3-1502"
    assert after.day.date() == QDate(2026, 11, 30) and after.count.value() == 3 and after.tick.isChecked()
