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
    assert desk.sees("已登记 陈小明"), desk.visible_text()
    assert not desk.problems(), desk.problems()
    assert desk.keys <= 10
    desk.record_keys("new visitor")


def test_a_returning_visitor_in_a_few_keys(desk: Desk) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("F2")
    desk.keys = 0  # from the search text to saved
    desk.type("黄建军")
    desk.shot("found")
    desk.press("Enter")  # the first match fills the form from their last visit
    desk.shot("filled from the last visit")
    desk.press("Down", "Enter")  # the answer is the one step still needed
    desk.shot("registered")
    assert desk.sees("已登记 黄建军"), desk.visible_text()
    assert not desk.problems(), desk.problems()
    assert desk.keys <= 5
    desk.record_keys("returning visitor")


def test_a_visitor_on_site_is_not_registered_twice(desk: Desk) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("F2")
    desk.type("2228")  # 杨明, on site since the morning
    desk.press("Enter", "Down", "Enter")
    desk.shot("refused")
    assert desk.sees("杨明 已在场（访客证 FK-"), desk.visible_text()
    assert not desk.problems(), desk.problems()  # said beside the name, not in a box


def test_signing_out_by_the_last_digits(desk: Desk) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("F2")
    desk.keys = 0
    desk.press("Ctrl+O")
    desk.type("0002")
    desk.press("Enter")
    desk.shot("signed out")
    assert desk.sees("已登出 杨明"), desk.visible_text()
    assert not desk.problems(), desk.problems()
    desk.record_keys("sign-out")
