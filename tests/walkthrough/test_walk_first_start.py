"""The first start of a new office, by the keyboard alone: the set-up wizard keeps the suggested
user name "admin" (Next used to do nothing with it), Back keeps what was typed, then the sign-in."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.walkthrough.conftest import Desk

PASSWORD = "a-long-password-1"


def test_setting_up_a_new_office_with_the_keyboard(first_start: Desk) -> None:
    desk = first_start
    desk.shot("welcome")
    desk.press("Enter")  # Next
    desk.shot("office")
    desk.press("Alt+O")
    desk.type("幸福里物业管理处")
    desk.press("Alt+E")
    desk.type("幸福里")
    desk.press("Enter")
    desk.shot("administrator")
    desk.press("Enter")  # nothing typed yet: said beside the field, not a silent Next
    desk.shot("administrator: name needed")
    assert "必填：请在此输入。" in desk.visible_text(), desk.visible_text()
    desk.press("Alt+M")
    desk.type("王主任")
    desk.press("Alt+P")
    desk.type(PASSWORD)
    desk.press("Alt+A")
    desk.type(PASSWORD)
    desk.press("Alt+B")  # back to the office, and forward again: nothing is lost
    desk.press("Enter")
    desk.shot("administrator kept")
    desk.press("Enter")  # "admin" as suggested
    desk.shot("policy")
    desk.press("Alt+C", "Enter")  # confirm the policy; finish
    desk.shot("sign-in")
    assert QApplication.activeModalWidget() is None
    desk.type(PASSWORD)
    desk.press("Enter")
    desk.shot("the new office's desk")
    assert desk.sees("王主任（管理员）"), desk.visible_text()
    assert not desk.problems(), desk.problems()
