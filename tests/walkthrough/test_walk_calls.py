"""The phone log and the callback queue by the keyboard alone: a call from a number on record opens
the unit's story, is logged step by step and becomes a complaint; callbacks from the queue — the
clerk who handled a case refused in words, a colleague after the shift change closing it, and after
a language switch a dissatisfied resident reopening another."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from frontdesk.calls.models import PhoneCall
from frontdesk.complaints.rows import ComplaintRow, ComplaintStatus
from frontdesk.estate.models import Resident, Unit
from tests.gui.callbacks.cases import awaiting_callback
from tests.walkthrough.conftest import CLERK, CLERK_PASSWORD, SUPERVISOR, SUPERVISOR_PASSWORD, Desk
from ui.kit.unit_panel import UnitPanel


def dialog_has_the_keyboard() -> bool:
    """A dialog is open and the keyboard is in it (the clerk starts typing then)."""
    modal, focus = QApplication.activeModalWidget(), QApplication.focusWidget()
    return modal is not None and focus is not None and modal.isAncestorOf(focus)


def _owner() -> Resident:
    """The first resident of 1-502 with a phone on record (the demo's residents follow its seed)."""
    return (
        Resident.select()
        .join(Unit, on=Resident.unit == Unit.id)
        .where((Unit.code == "1-502") & (Resident.phone_digits != ""))
        .order_by(Resident.id)
        .get()
    )


def test_a_call_from_a_known_number_is_logged_and_becomes_a_complaint(desk: Desk) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    owner = _owner()
    desk.press("F11")
    desk.keys = 0
    desk.shot("phone log")
    desk.press("Space", "Tab")  # ① the office's name said; ② the caller's number
    desk.type(owner.phone_digits)
    desk.press("Enter")  # looked up: the owner of 1-502, the unit's story beside the form
    desk.shot("caller on record")
    assert desk.sees("1-502") and desk.sees(owner.name), desk.visible_text()
    (panel,) = [p for p in desk.window.findChildren(UnitPanel) if p.isVisible()]
    assert owner.name in panel.text() and "1-502" in panel.text()
    desk.type("物业费多收了一个月，是不是乱收费")  # ③ the matter (the cursor went there)
    desk.press("Tab")
    desk.type("已记录，财务核实后回复")  # ④ the answer given
    desk.press("Enter")
    desk.shot("logged")
    assert desk.sees(f"{owner.name} 的来电已记录"), desk.visible_text()
    call = PhoneCall.get()
    assert (call.greeted, call.caller_resident_id, call.unit_code) == (True, owner.id, "1-502")

    desk.press("Alt+T")  # the call just logged is chosen: make it a complaint
    desk.qtbot.waitUntil(dialog_has_the_keyboard, timeout=5000)  # it opens beside the page, not blocking
    desk.shot("complaint from the call")
    assert desk.sees("有效投诉") and desk.sees("收费"), desk.visible_text()  # suggested by the rules
    desk.press("Enter")
    desk.qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
    desk.shot("complaint made")
    number = PhoneCall.get().complaint_number
    assert number.startswith("TS-") and desk.sees(number), desk.visible_text()
    assert not desk.problems(), desk.problems()
    assert desk.keys <= 8
    desk.record_keys("known caller: call logged, made a complaint")


def _cases(desk: Desk, owner: Resident) -> tuple[ComplaintRow, ComplaintRow]:
    """Two complaints the clerk handled long ago, older than any of the demo's: first in the queue."""
    clerk = desk.context.services.staff.authenticate(username=CLERK, password=CLERK_PASSWORD)
    first = awaiting_callback(clerk, unit_id=owner.unit_id, resident_id=owner.id, hours_ago=24 * 400)
    second = awaiting_callback(
        clerk, unit_id=owner.unit_id, resident_id=owner.id, hours_ago=24 * 399, content="建议增加停车位"
    )
    return first, second


def test_callbacks_refused_to_the_handler_closed_by_a_colleague_and_reopened(desk: Desk) -> None:
    owner = _owner()
    first, second = _cases(desk, owner)
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("Shift+F4")
    desk.shot("queue")
    refusal = f"{first.number} 由您处理，须由其他同事回访。"
    assert desk.sees(first.number) and desk.sees(refusal), desk.visible_text()
    desk.press("Enter")  # to the form all the same
    desk.type("满意")
    desk.press("Alt+T", "Down", "Enter")
    desk.shot("refused")
    assert desk.sees(refusal), desk.visible_text()
    assert not desk.problems(), desk.problems()  # said beside the form, not in a message box
    services = desk.context.services

    desk.press("Ctrl+L")
    desk.press("Alt+S")  # the shift changes: a colleague signs in
    desk.sign_in(SUPERVISOR, SUPERVISOR_PASSWORD)
    desk.press("Shift+F4")
    desk.keys = 0
    desk.shot("the colleague's queue")
    assert not desk.sees(refusal), desk.visible_text()
    desk.press("Enter", "Escape")  # to the form, cleared of what the last shift typed
    desk.type("问题已解决，业主表示满意")
    desk.press("Alt+T", "Down", "Enter")  # very satisfied: closed
    desk.shot("closed")
    actor = services.staff.authenticate(username=SUPERVISOR, password=SUPERVISOR_PASSWORD)
    assert (
        services.complaints.get(actor=actor, number=first.number).complaint.status is ComplaintStatus.CLOSED
    )
    assert desk.sees(f"{first.number} 的回访已记录：已结案。"), desk.visible_text()
    assert desk.keys <= 6
    desk.record_keys("callback from the queue, case closed")

    desk.press("F12", "Alt+L", "End", "Alt+S")  # the desk switches to English
    desk.press("Shift+F4")
    desk.shot("queue in English")
    assert desk.sees(second.number) and desk.sees("Due today and overdue"), desk.visible_text()
    desk.press("Enter")
    desk.type("Still no answer about the parking spaces")
    desk.press("Alt+T", "End", "Enter")  # dissatisfied: the case is reopened
    desk.shot("reopened")
    assert desk.sees(f"Callback of {second.number} recorded: the case is reopened for handling."), (
        desk.visible_text()
    )
    status = services.complaints.get(actor=actor, number=second.number).complaint.status
    assert status is ComplaintStatus.REOPENED
    assert not desk.problems(), desk.problems()
