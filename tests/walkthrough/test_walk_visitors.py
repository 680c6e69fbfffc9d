"""Visitors at the desk, by the keyboard alone: a new visitor, a returning one, signing out."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QLineEdit, QTableView

from tests.conftest import ADMIN_PASSWORD
from tests.walkthrough.conftest import CLERK, CLERK_PASSWORD, DemoFacts, Desk
from ui.kit import paper


def test_a_new_visitor(desk: Desk) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("F2")
    desk.shot("visitors page")
    desk.press("Alt+P", "Down")
    desk.press("Alt+U")
    desk.type("1-402")
    desk.press("Tab")
    desk.press("Alt+N")
    desk.type("陈小明")
    desk.press("Tab")
    desk.type("13912345678")
    desk.shot("filled")
    desk.press("Alt+A", "Down")
    desk.press("Enter")
    desk.shot("registered")
    assert desk.sees("已登记 陈小明"), desk.visible_text()
    assert not desk.problems(), desk.problems()
    assert desk.keys <= 10
    desk.record_keys("new visitor")


def test_the_pass_is_saved_under_its_number_in_the_clerks_language(desk: Desk, facts: DemoFacts) -> None:
    """Qt's save dialog said "Look in:" in a Chinese window and proposed "访客证 6344.pdf"."""
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("F2")
    desk.type(facts.returning)
    desk.press("Enter", "Down", "Enter")
    assert desk.sees(f"已登记 {facts.returning}"), desk.visible_text()
    desk.press("Alt+V")  # print the pass: its preview opens
    desk.qtbot.waitUntil(lambda: any(p.pdf for p in paper._open), timeout=10000)
    seen: dict[str, object] = {}

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        desk.shot("save the pass as PDF")
        seen["captions"] = [label.text() for label in dialog.findChildren(QLabel) if label.isVisible()]
        seen["name"] = [line.text() for line in dialog.findChildren(QLineEdit) if line.isVisible()]
        desk.press("Escape")

    desk.when_dialog_opens(look)
    desk.press("Ctrl+S")
    desk.qtbot.waitUntil(lambda: "name" in seen, timeout=5000)
    assert "查找范围(&L)：" in seen["captions"] and "文件类型(&T)：" in seen["captions"], seen
    assert any(name.startswith("访客证 FK-") and name.endswith(".pdf") for name in seen["name"]), seen  # type: ignore[attr-defined]
    assert not desk.problems(), desk.problems()


def test_a_returning_visitor_in_a_few_keys(desk: Desk, facts: DemoFacts) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("F2")
    desk.keys = 0  # from the search text to saved
    desk.type(facts.returning)
    desk.shot("found")
    desk.press("Enter")  # the first match fills the form from their last visit
    desk.shot("filled from the last visit")
    desk.press("Down", "Enter")  # the answer is the one step still needed
    desk.shot("registered")
    assert desk.sees(f"已登记 {facts.returning}"), desk.visible_text()
    assert not desk.problems(), desk.problems()
    assert desk.keys <= 5
    desk.record_keys("returning visitor")


def test_a_visitor_on_site_is_not_registered_twice(desk: Desk, facts: DemoFacts) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("F2")
    desk.type(facts.on_site_digits)  # the last digits of the phone of someone on site
    desk.press("Enter", "Down", "Enter")
    desk.shot("refused")
    assert desk.sees(f"{facts.on_site} 已在场（访客证 FK-"), desk.visible_text()
    assert not desk.problems(), desk.problems()  # said beside the name, not in a box


def test_signing_out_by_the_last_digits(desk: Desk, facts: DemoFacts) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("F2")
    desk.keys = 0
    desk.press("Ctrl+O")
    desk.type(facts.pass_digits)
    desk.press("Enter")
    desk.shot("signed out")
    assert desk.sees(f"已登出 {facts.pass_holder}"), desk.visible_text()
    assert not desk.problems(), desk.problems()
    desk.record_keys("sign-out")


def test_signing_out_by_a_scanned_pass(desk: Desk) -> None:
    """The clerk presses Ctrl+O and scans the QR code of the pass handed back: the scanner types
    the pass number and its own Enter."""
    admin = desk.context.services.staff.authenticate(username="admin", password=ADMIN_PASSWORD)
    visitor = desk.context.services.visitors.on_site(actor=admin)[-1]  # the latest to arrive
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("F2")
    desk.keys = 0
    desk.press("Ctrl+O")
    assert visitor.pass_number in listed(desk), listed(desk)
    desk.scan(visitor.pass_number)
    desk.shot("signed out by scan")
    assert desk.sees(f"已登出 {visitor.name}（访客证 {visitor.pass_number}）"), desk.visible_text()
    assert visitor.pass_number not in listed(desk)
    assert not desk.problems(), desk.problems()
    assert desk.keys <= 3
    desk.record_keys("sign-out by scanned pass")


def listed(desk: Desk) -> set[str]:
    """The texts of the cells of the lists the window shows now."""
    return {
        str(model.data(model.index(row, column)))
        for table in desk.window.findChildren(QTableView)
        if table.isVisible() and (model := table.model()) is not None
        for row in range(model.rowCount())
        for column in range(model.columnCount())
    }
