"""Visitors at the desk, by the keyboard alone: a new visitor, a returning one, signing out."""

from __future__ import annotations

from tests.walkthrough.conftest import CLERK, CLERK_PASSWORD, Desk


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
    assert desk.sees("陈小明"), desk.visible_text()
    print(desk.visible_text())
    assert not desk.problems(), desk.problems()
