"""Complaints at the desk by the keyboard alone: a valid complaint taken and worked through every step
of its procedure to its callback, across a shift change; a communicative enquiry from a known caller
answered on the spot and closed to the callback queue in at most 15 keys besides typed text."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QApplication

from tests.walkthrough.conftest import CLERK, CLERK_PASSWORD, SUPERVISOR, SUPERVISOR_PASSWORD, Desk
from tests.walkthrough.test_every_page import check_window

NUMBER = re.compile(r"TS-\d{8}-\d{4}")
CALLER = "方建国"  # the owner of 1-502 in the demo estate


def shown_number(desk: Desk) -> str:
    """The complaint number the case shows."""
    found = NUMBER.search(desk.visible_text())
    assert found is not None, desk.visible_text()
    return found.group(0)


def faults_of(desk: Desk, where: str) -> list[str]:
    """What is wrong with the window as it is now (mnemonics, size, cut texts)."""
    return check_window(desk.window, where)


def test_a_valid_complaint_through_every_step_to_its_callback(desk: Desk) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("F4")
    desk.keys = 0
    desk.shot("intake")
    faults = faults_of(desk, "intake")
    desk.type(CALLER)
    desk.press("Enter")  # the owner found in the registry: name and unit filled, the panel opens
    desk.type("楼道里的垃圾三天没人清运，味道很大")
    desk.settle(300)  # the suggestion follows the typing after a short pause
    desk.shot("the suggestion")
    assert desk.sees("垃圾"), desk.visible_text()  # the word that matched is shown
    assert desk.sees("1-502"), desk.visible_text()
    desk.press("Alt+G")  # take the suggestion: valid · cleaning
    desk.press("Ctrl+Return")
    desk.shot("taken: the case")
    number = shown_number(desk)
    assert desk.sees("有效投诉 · 清洁"), desk.visible_text()
    faults += faults_of(desk, "case, nature")

    desk.type("保洁员漏扫三天，垃圾未按时清运")
    desk.press("Ctrl+Return")  # ② nature
    desk.shot("department")
    desk.press("Down", "Down", "Down", "Enter")  # ③ the cleaning department
    desk.shot("site visit")
    faults += faults_of(desk, "case, site visit")

    # the shift changes in the middle of the procedure: the supervisor signs in and finds the case
    desk.press("Ctrl+L", "Alt+S")
    keys = desk.keys
    desk.sign_in(SUPERVISOR, SUPERVISOR_PASSWORD)  # the password is not the procedure's keys
    desk.keys = keys
    desk.press("Ctrl+K")
    desk.type(number)
    desk.settle(400)  # the results follow the typing after a short pause
    desk.press("Enter")
    desk.shot("found again after the shift change")
    assert shown_number(desk) == number
    desk.type("保洁部 王主管")
    desk.press("Tab", "Tab")
    desk.type("三楼至六楼楼道垃圾堆积")
    desk.press("Ctrl+Return")  # ④ site visit
    desk.shot("handling")
    faults += faults_of(desk, "case, handling")
    desk.type("当日清运，加派保洁员")
    desk.press("Tab")
    desk.type("已清理干净，业主认可")
    desk.press("Ctrl+Return")  # ⑤ handling: the callback is scheduled
    desk.shot("awaiting its callback")
    text = desk.visible_text()
    assert "待回访" in text and "回访队列" in text, text
    assert "王主管" in text and "已清理干净" in text, text  # the steps done, who and what
    assert not desk.problems(), desk.problems()
    assert not faults, "\n".join(faults)
    desk.record_keys("valid complaint, every step to its callback")


def test_an_enquiry_answered_on_the_spot_in_a_few_keys(desk: Desk) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.keys = 0
    desk.press("F4")
    desk.press("Alt+H", "Down")  # by phone
    desk.press("Alt+F")
    desk.type(CALLER)
    desk.press("Enter")
    desk.type("请问下个月的物业费什么时候开始收？想咨询一下")
    desk.press("Alt+G")  # communicative · enquiry, as suggested
    desk.shot("the enquiry")
    desk.press("Ctrl+Return")
    desk.shot("identity")
    desk.press("Enter")  # ② a resident of the unit: picked from the registry, confirmed
    desk.shot("fee status")
    assert desk.sees("已缴清") or desk.sees("欠费"), desk.visible_text()
    desk.press("Enter")  # ③ the fee status seen
    desk.press("Down", "Tab")  # ④ answered on the spot
    desk.type("已告知下月一日起收费，届时会提前张贴通知")
    desk.press("Ctrl+Return")
    desk.shot("answered: to the callback queue")
    text = desk.visible_text()
    assert "待回访" in text and "回访队列" in text, text
    assert "已答复住户" in text, text
    assert not desk.problems(), desk.problems()
    assert desk.keys <= 15, desk.keys
    desk.record_keys("enquiry from a known caller, answered on the spot")
    desk.press("Alt+L")  # the list, the newest first and chosen
    desk.shot("the list")
    faults = check_window(desk.window, "list")
    desk.press("Alt+D")  # the case of the complaint chosen
    faults += check_window(desk.window, "case of the chosen")
    assert not faults, "\n".join(faults)


def test_the_intake_keeps_what_was_typed_across_a_language_switch(desk: Desk) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("F4", "Alt+M")
    desk.type("Li Lei")
    desk.press("Alt+A")
    desk.type("2棟電梯")
    desk.press("Alt+O")
    desk.type("The lift stopped between floors")
    desk.shot("half-filled before the language switch")
    desk.press("F12", "Alt+L", "End", "Alt+S")  # English is the last language; save
    desk.press("F4")
    desk.shot("the half-filled intake kept in English")
    assert desk.sees("Li Lei") and desk.sees("2棟電梯"), desk.visible_text()
    desk.press("Alt+C", "Down")  # valid · cleaning … the first in the list
    desk.press("Ctrl+Return")
    desk.shot("taken after the language switch")
    assert desk.sees("Valid complaint"), desk.visible_text()
    assert NUMBER.search(desk.visible_text()), desk.visible_text()
    modal = QApplication.activeModalWidget()
    assert modal is None, modal
    assert not desk.problems(), desk.problems()
