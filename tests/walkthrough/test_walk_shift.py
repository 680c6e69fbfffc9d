"""A shift change and a language switch in the middle of a half-filled form, then a visit and a
sign-out: the desk goes on without an error dialog (it used to raise one at every registration)."""

from __future__ import annotations

from tests.walkthrough.conftest import CLERK, CLERK_PASSWORD, SUPERVISOR, SUPERVISOR_PASSWORD, DemoFacts, Desk


def register(desk: Desk, name: str, unit: str) -> None:
    """A new visitor for ``unit`` on the Visitors page (purpose: the first in the list)."""
    desk.press("F2", "Esc", "Alt+P", "Down", "Alt+U")
    desk.type(unit)
    desk.press("Alt+N")
    desk.type(name)
    desk.press("Alt+A", "Down", "Enter")


def test_a_shift_change_and_a_language_switch_mid_form(desk: Desk, facts: DemoFacts) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("F2", "Alt+P", "Down", "Alt+U")
    desk.type("2-1201")
    desk.shot("half-filled by the clerk")
    desk.press("Ctrl+L")
    desk.shot("locked")
    desk.press("Alt+S")  # sign in as someone else
    desk.sign_in(SUPERVISOR, SUPERVISOR_PASSWORD)
    desk.shot("supervisor's desk")
    register(desk, "周杰", "1-402")
    desk.shot("registered after the shift change")
    assert desk.sees("已登记 周杰"), desk.visible_text()
    desk.press("Ctrl+O")  # the cursor in the returned-pass field
    desk.type(facts.next_pass)  # the pass just given
    desk.press("Enter")
    desk.shot("signed out after the shift change")
    assert desk.sees("已登出 周杰"), desk.visible_text()
    assert not desk.problems(), desk.problems()

    desk.press("F2", "Esc", "Alt+P", "Down", "Alt+U")
    desk.type("1-901")
    desk.press("Alt+N")
    desk.type("Li Lei")
    desk.shot("half-filled before the language switch")
    desk.press("F12", "Alt+L", "End", "Alt+S")  # English is the last language; save
    desk.shot("switched to English")
    assert desk.sees("Settings"), desk.visible_text()
    desk.press("F2")
    desk.shot("the half-filled form kept in English")
    assert desk.sees("Li Lei") and desk.sees("1-901"), desk.visible_text()
    desk.press("Alt+A", "Down", "Enter")
    desk.shot("registered after the language switch")
    assert desk.sees("Registered Li Lei"), desk.visible_text()
    assert not desk.problems(), desk.problems()
