"""Work orders at the desk by the keyboard alone: a repair reported at the desk becomes a work order,
goes to the technician the office's rule proposes (the reason shown, one key to accept) with its
slip's preview ready to print — in at most 20 keys besides typed text from F5 — and is then worked
through every state to completion; a paid order is quoted, refused, quoted again and approved by
the supervisor, done and charged; an order is cancelled with a reason."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from tests.walkthrough.conftest import CLERK, CLERK_PASSWORD, SUPERVISOR, SUPERVISOR_PASSWORD, DemoFacts, Desk
from tests.walkthrough.test_every_page import check_window
from ui.kit.keyboard import caption
from ui.kit.paper import PreviewDialog

NUMBER = re.compile(r"GC-\d{8}-\d{4}")
PROPOSED = re.compile(r"建议：(\S+?)——")


def shown_number(desk: Desk) -> str:
    """The work-order number the view shows."""
    found = NUMBER.search(desk.visible_text())
    assert found is not None, desk.visible_text()
    return found.group(0)


def previews() -> list[PreviewDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, PreviewDialog) and w.isVisible()]


def new_order(desk: Desk, unit: str, problem: str) -> str:
    """F5, the unit looked up, the problem (its category suggested), the reporter; saved: the number."""
    desk.press("F5", "Alt+N")
    faults = check_window(desk.window, "new order")
    assert not faults, faults
    desk.type(unit)
    desk.press("Enter")  # looked up: its panel beside the form, the cursor in the problem
    desk.type(problem)
    desk.press("Alt+M")
    desk.type("李先生")
    desk.press("Tab")
    desk.type("13800001234")
    desk.shot("the new order")
    desk.press("Ctrl+Return")
    return shown_number(desk)


def test_a_repair_dispatched_to_the_proposed_technician_printed_and_worked_to_completion(
    desk: Desk, facts: DemoFacts
) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.keys = 0
    number = new_order(desk, facts.panel_unit, "厨房水管漏水，楼下天花板在滴水")
    faults = check_window(desk.window, "dispatch")
    desk.shot("dispatch: the proposal and its reason")
    assert desk.sees("给排水"), desk.visible_text()  # the category the words suggested
    found = PROPOSED.search(desk.visible_text())
    assert found is not None, desk.visible_text()
    technician = found.group(1)
    desk.press("Ctrl+Return")  # one key: to the proposed technician; the slip's preview opens
    desk.settle(300)
    (preview,) = previews()
    desk.qtbot.waitUntil(lambda: preview.pdf is not None)
    desk.shot("the work slip's preview")
    assert number in preview.windowTitle()
    faults += check_window(preview, "work slip preview")
    assert not desk.problems(), desk.problems()
    assert desk.keys <= 20, desk.keys
    desk.record_keys("repair at the desk: work order dispatched, slip")
    desk.press("Escape")  # the preview closes; the cursor on the next step
    assert not previews()
    text = desk.visible_text()
    assert "已派工" in text and technician in text, text

    desk.press("Ctrl+Return")  # signed for now
    desk.shot("survey")
    assert desk.sees("已签领"), desk.visible_text()
    faults += check_window(desk.window, "survey")
    desk.type("厨房下水管接头老化")
    desk.press("Ctrl+Return")  # surveyed: a free order starts next
    desk.press("Ctrl+Return")  # started
    desk.shot("in progress")
    assert desk.sees("维修中"), desk.visible_text()
    desk.press("Alt+E")
    desk.type("等配件，明早继续")
    desk.press("Enter")  # a progress note
    faults += check_window(desk.window, "complete")
    desk.press("Alt+W")
    desk.type("更换下水管接头")
    desk.press("Tab")
    desk.type("1.5")
    desk.press("Tab")
    desk.type("接头 1 个 12.50")
    desk.press("Ctrl+Return")  # completed: the callback is scheduled
    desk.shot("completed")
    text = desk.visible_text()
    assert "回访" in text and "等配件" in text and "更换下水管接头" in text, text
    assert shown_number(desk) == number
    assert not desk.problems(), desk.problems()
    assert not faults, "\n".join(faults)


def test_a_technician_off_sick_is_put_off_duty_at_the_desk_and_no_longer_proposed(
    desk: Desk, facts: DemoFacts
) -> None:
    """The proposed technician has phoned in sick: the clerk (no administrator) puts them off duty on
    F5's roster, and the order waiting to be dispatched proposes somebody else at once."""
    desk.sign_in(CLERK, CLERK_PASSWORD)
    number = new_order(desk, facts.panel_unit, "厨房水管漏水，楼下天花板在滴水")
    found = PROPOSED.search(desk.visible_text())
    assert found is not None, desk.visible_text()
    sick = found.group(1)

    desk.press("Alt+Y")  # Technicians on duty: the cursor in the table
    desk.shot("the roster")
    faults = check_window(desk.window, "roster")
    assert isinstance(desk.focus(), QTableView), desk.focus()
    assert not desk.sees("添加维修人员"), desk.visible_text()  # adding one is the administrator's
    desk.type(sick)  # the table finds them by name
    desk.press("Space")
    desk.shot("off duty")
    assert desk.sees(f"{sick}现在下班。"), desk.visible_text()

    desk.press("Alt+O")  # back to the order: its proposal follows the roster
    assert shown_number(desk) == number
    found = PROPOSED.search(desk.visible_text())
    assert found is not None and found.group(1) != sick, desk.visible_text()
    desk.shot("somebody else proposed")

    desk.press("Alt+Y")
    desk.type(sick)
    desk.press("Space")  # back the next day: on duty again
    assert desk.sees(f"{sick}现在当班。"), desk.visible_text()
    assert not desk.problems(), desk.problems()
    assert not faults, "\n".join(faults)


def test_a_paid_order_quoted_refused_approved_by_the_supervisor_and_charged(
    desk: Desk, facts: DemoFacts
) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    number = new_order(desk, facts.panel_unit, "卫生间水龙头坏了，要换新的")
    desk.press("Ctrl+Return")  # dispatched to the proposed technician
    desk.settle(300)
    desk.press("Escape")  # the slip's preview
    desk.press("Ctrl+Return")  # signed for
    desk.type("水龙头阀芯损坏，需更换")
    desk.press("Alt+I")  # paid: the owner pays
    desk.press("Ctrl+Return")  # surveyed: a paid order is quoted next
    desk.shot("quote")
    faults = check_window(desk.window, "quote")
    desk.type("80")  # labour
    desk.press("Tab")
    desk.type("45")
    desk.press("Ctrl+Return")
    desk.shot("quoted: the supervisor decides")
    assert desk.sees("已报价"), desk.visible_text()

    desk.press("Ctrl+L", "Alt+S")  # the supervisor signs in at this desk
    desk.sign_in(SUPERVISOR, SUPERVISOR_PASSWORD)
    desk.press("Ctrl+K")
    desk.type(number)
    desk.settle(400)  # the results follow the typing after a short pause
    desk.press("Enter")
    desk.shot("the supervisor's decision")
    assert shown_number(desk) == number and desk.sees("125.00"), desk.visible_text()
    faults += check_window(desk.window, "decide")
    desk.press("Down", "Alt+K")  # refuse, saying why
    desk.type("人工费偏高")
    desk.press("Ctrl+Return")
    desk.shot("refused: quoted again")
    assert desk.sees("报价未获批准"), desk.visible_text()
    desk.type("60")
    desk.press("Tab")
    desk.type("45")
    desk.press("Ctrl+Return")
    desk.press("Ctrl+Return")  # approved
    desk.press("Ctrl+Return")  # started
    desk.press("Alt+W")
    desk.type("更换水龙头")
    desk.press("Tab")
    desk.type("1")
    desk.press("Ctrl+Return")  # completed: the quote is the fee, charged to the unit
    desk.shot("completed and charged")
    text = desk.visible_text()
    assert "105.00" in text and "回访" in text, text
    assert not desk.problems(), desk.problems()
    assert not faults, "\n".join(faults)


def test_an_order_cancelled_with_a_reason_and_found_in_the_list(desk: Desk, facts: DemoFacts) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    number = new_order(desk, facts.panel_unit, "客厅插座没电")

    def give_the_reason() -> None:
        desk.shot("cancel: the reason")
        desk.type("业主已自行修好")
        desk.press("Ctrl+Return")

    desk.when_dialog_opens(give_the_reason)
    desk.press("Alt+D")
    desk.settle(300)
    desk.shot("cancelled")
    text = desk.visible_text()
    assert "已取消" in text and "业主已自行修好" in text, text
    desk.press("Alt+L")  # the list: open orders only, this one gone from it
    desk.shot("the list")
    faults = check_window(desk.window, "list")
    desk.press("Alt+E")  # not only the open ones …
    desk.press("Alt+T", "End")  # … but the cancelled ones (the last status), the newest first and chosen
    desk.shot("the cancelled orders")
    desk.press("Alt+H")  # shown
    assert shown_number(desk) == number
    assert not desk.problems(), desk.problems()
    assert not faults, "\n".join(faults)


def test_a_call_turned_into_a_work_order_dispatched_and_its_slip_ready_in_a_few_keys(desk: Desk) -> None:
    from frontdesk.calls.models import PhoneCall
    from tests.walkthrough.test_walk_calls import _owner, dialog_has_the_keyboard

    desk.sign_in(CLERK, CLERK_PASSWORD)
    owner = _owner()
    desk.press("F11")
    desk.keys = 0
    desk.press("Space", "Tab")  # ① the office's name said; ② the caller's number
    desk.type(owner.phone_digits)
    desk.press("Enter")  # looked up: the owner and their unit
    desk.type("厨房水管漏水，请派人维修")  # ③ the matter
    desk.press("Tab")
    desk.type("已安排工程部上门")  # ④ the answer given
    desk.press("Enter")  # logged
    desk.press("Alt+W")  # the call just logged is chosen: a work order request
    desk.qtbot.waitUntil(dialog_has_the_keyboard, timeout=5000)
    desk.shot("the request from the call")
    desk.press("Tab", "Enter")  # the matter is the request: saved
    desk.qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None, timeout=5000)
    desk.settle(100)
    desk.shot("the order's form filled in from the call")
    assert desk.sees("已按来电记录填好"), desk.visible_text()
    assert desk.sees("给排水") and desk.sees(owner.name), desk.visible_text()  # category suggested
    desk.press("Ctrl+Return")  # saved: the dispatch step, the proposal chosen
    number = shown_number(desk)
    desk.press("Ctrl+Return")  # dispatched; the slip's preview opens
    desk.settle(300)
    (preview,) = previews()
    desk.qtbot.waitUntil(lambda: preview.pdf is not None)
    desk.shot("the slip ready to print")
    assert number in preview.windowTitle()
    assert (
        PhoneCall.get_by_id(PhoneCall.select().order_by(PhoneCall.id.desc()).get().id).work_order_ref
        == number
    )
    assert not desk.problems(), desk.problems()
    assert desk.keys <= 20, desk.keys
    desk.record_keys("call made a work order: dispatched, slip")
    desk.press("Escape")


# --- after completion: the callback closes the order, or reopens it --------------------------------


def completed_long_ago(desk: Desk, unit_code: str, problem: str, *, days_ago: int) -> str:
    """An order of ``unit_code`` done ``days_ago`` by the clerk's desk through the core, as a desk
    would have done it then: its callback, overdue since, is older than any of the demo's (first in
    the queue). The clerk handled it, so a colleague must make the call."""
    from frontdesk.clock import to_local, utcnow
    from frontdesk.estate.models import Resident, Unit
    from frontdesk.workorders.rows import OrderInput, ReporterInput
    from frontdesk.workorders.service import WorkOrderService

    clerk = desk.context.services.staff.authenticate(username=CLERK, password=CLERK_PASSWORD)
    shift = timedelta(days=days_ago)
    orders = WorkOrderService(today=lambda: to_local(utcnow() - shift).date(), now=lambda: utcnow() - shift)
    unit = Unit.get(Unit.code == unit_code)
    owner = Resident.select().where(Resident.unit == unit.id).order_by(Resident.id).first()
    row = orders.create_order(
        actor=clerk,
        client_id=str(uuid.uuid4()),
        order=OrderInput(
            unit_id=unit.id,
            place="",
            problem=problem,
            category="water",
            urgency="normal",
            reporter=ReporterInput(resident_id=owner.id if owner is not None else None, name="李先生"),
        ),
    )
    technician = orders.propose(actor=clerk, number=row.number).technician_id
    assert technician is not None
    row = orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=technician)
    row = orders.sign_for(actor=clerk, number=row.number, version=row.version)
    row = orders.survey(actor=clerk, number=row.number, version=row.version, findings="阀门老化")
    row = orders.start_work(actor=clerk, number=row.number, version=row.version)
    row = orders.complete(
        actor=clerk, number=row.number, version=row.version, work_done="更换阀门", hours="1"
    )
    return row.number


def find_order(desk: Desk, number: str) -> None:
    """Ctrl+K, the number, Enter: the order and its next step."""
    desk.press("Ctrl+K")
    desk.type(number)
    desk.settle(400)  # the results follow the typing after a short pause
    desk.press("Enter")
    assert shown_number(desk) == number, desk.visible_text()


def test_a_completed_order_closed_by_its_callback_after_the_shift_change(
    desk: Desk, facts: DemoFacts
) -> None:
    number = completed_long_ago(desk, facts.panel_unit, "阳台地漏堵塞，积水", days_ago=420)
    desk.sign_in(CLERK, CLERK_PASSWORD)
    find_order(desk, number)
    desk.shot("completed: the callback in the queue")
    assert desk.sees("已完工，待回访"), desk.visible_text()
    faults = check_window(desk.window, "completed order")
    desk.press("Shift+F4")
    desk.shot("the clerk's queue")
    refusal = f"{number} 由您处理，须由其他同事回访。"
    assert desk.sees(number) and desk.sees(refusal), desk.visible_text()  # not the handler's own call

    desk.press("Ctrl+L", "Alt+S")  # the shift changes: the supervisor signs in at this desk
    desk.sign_in(SUPERVISOR, SUPERVISOR_PASSWORD)
    desk.press("Shift+F4")
    desk.keys = 0
    desk.shot("the colleague's queue")
    assert desk.sees(number) and not desk.sees(refusal), desk.visible_text()
    faults += check_window(desk.window, "callback queue")
    desk.press("Enter")  # the longest waiting: this order's callback
    desk.type("地漏已疏通，业主满意")
    desk.press("Alt+T", "Down", "Enter")  # very satisfied: closed
    desk.shot("the callback recorded")
    assert desk.sees(f"{number} 的回访已记录：已结案。"), desk.visible_text()
    assert desk.keys <= 6, desk.keys
    desk.record_keys("work order callback from the queue, order closed")
    find_order(desk, number)
    desk.shot("the order closed")
    text = desk.visible_text()
    assert "已结案" in text and "地漏已疏通" in text, text
    assert not desk.problems(), desk.problems()
    assert not faults, "\n".join(faults)


def test_an_unsatisfied_callback_reopens_the_order_done_again_in_english(
    desk: Desk, facts: DemoFacts
) -> None:
    number = completed_long_ago(desk, facts.panel_unit, "厨房水龙头漏水", days_ago=421)
    desk.sign_in(SUPERVISOR, SUPERVISOR_PASSWORD)
    desk.press("F12", "Alt+L", "End", "Alt+S")  # the desk switches to English
    desk.press("Shift+F4")
    desk.shot("the queue in English")
    assert desk.sees(number) and desk.sees("Due today and overdue"), desk.visible_text()
    faults = check_window(desk.window, "callback queue, English")
    desk.press("Enter")
    desk.type("Still dripping after the repair")
    desk.press("Alt+T", "End", "Enter")  # dissatisfied: the order is reopened
    desk.shot("reopened")
    assert desk.sees(f"Callback of {number} recorded: the case is reopened for handling."), (
        desk.visible_text()
    )
    find_order(desk, number)
    desk.shot("the reopened order: to be completed again")
    text = desk.visible_text()
    assert "In progress" in text and "Reopened by the callback" in text, text
    faults += check_window(desk.window, "reopened order, English")
    desk.press("Alt+W")
    desk.type("Replaced the tap cartridge")
    desk.press("Tab")
    desk.type("0.5")
    desk.press("Ctrl+Return")  # completed again: a new callback is scheduled
    desk.shot("completed again")
    text = desk.visible_text()
    assert "Completed, awaiting callback" in text and "Replaced the tap cartridge" in text, text
    orders = desk.context.services.workorders
    actor = desk.context.require_actor()
    assert orders.get(actor=actor, number=number).order.reopen_count == 1
    assert not desk.problems(), desk.problems()
    assert not faults, "\n".join(faults)


# --- the page at 1366×768 in every language ------------------------------------------------------

INPUTS = (QAbstractButton, QComboBox, QLineEdit, QPlainTextEdit, QAbstractSpinBox, QTableView)


def below_the_fold(window: QWidget, where: str) -> list[str]:
    """Inputs and buttons shown only in part: cut off by the window's edge or their box (those in a
    scrolled area aside, which scroll to them)."""
    faults = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or not widget.isVisible() or widget.width() <= 1:
            continue
        parent, scrolled = widget.parentWidget(), False
        while parent is not None and parent is not window:
            scrolled = scrolled or (isinstance(parent, QAbstractScrollArea) and parent is not widget)
            parent = parent.parentWidget()
        if scrolled:
            continue
        seen = widget.visibleRegion().boundingRect()
        if seen.height() < widget.height() - 1 or seen.width() < widget.width() - 1:
            name = caption(widget) or widget.objectName() or type(widget).__name__
            faults.append(
                f"{where}: {name!r} shows {seen.width()}×{seen.height()}"
                f" of {widget.width()}×{widget.height()}"
            )
    return faults


def paid_order_in_progress(desk: Desk, unit_code: str) -> str:
    """A paid order quoted, approved and started (through the core): the longest step form, completion
    with its fee, comes next."""
    from frontdesk.estate.models import Unit
    from frontdesk.workorders.rows import OrderInput, ReporterInput

    services = desk.context.services
    clerk = services.staff.authenticate(username=CLERK, password=CLERK_PASSWORD)
    supervisor = services.staff.authenticate(username=SUPERVISOR, password=SUPERVISOR_PASSWORD)
    orders = services.workorders
    row = orders.create_order(
        actor=clerk,
        client_id=str(uuid.uuid4()),
        order=OrderInput(
            unit_id=Unit.get(Unit.code == unit_code).id,
            place="",
            problem="卫生间水龙头坏了，要换新的",
            category="water",
            urgency="urgent",
            reporter=ReporterInput(name="李先生", phone="13800001234"),
            paid=True,
        ),
    )
    technician = orders.propose(actor=clerk, number=row.number).technician_id
    assert technician is not None
    row = orders.dispatch(actor=clerk, number=row.number, version=row.version, technician_id=technician)
    row = orders.sign_for(actor=clerk, number=row.number, version=row.version)
    row = orders.survey(actor=clerk, number=row.number, version=row.version, findings="阀芯损坏")
    row = orders.quote(actor=clerk, number=row.number, version=row.version, labour="60", materials="45")
    row = orders.decide_quote(actor=supervisor, number=row.number, version=row.version, approve=True)
    row = orders.start_work(actor=clerk, number=row.number, version=row.version)
    return row.number


@pytest.mark.parametrize("desk", ["zh_CN", "en", "zh_TW"], indirect=True)
def test_the_form_the_list_and_the_order_fit_the_screen_in_every_language(
    desk: Desk, facts: DemoFacts
) -> None:
    number = paid_order_in_progress(desk, facts.panel_unit)
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("F5", "Alt+N", "Alt+F")  # the reporter's search, its matches open under it
    desk.type(facts.panel_unit)
    desk.settle(400)
    desk.shot("new order with the reporter's matches")
    faults = check_window(desk.window, "new order") + below_the_fold(desk.window, "new order")
    desk.press("Escape", "Alt+G", "Down")  # a coordination slip: to security
    desk.shot("new coordination slip")
    faults += check_window(desk.window, "new slip") + below_the_fold(desk.window, "new slip")
    desk.press("Escape")
    desk.press("Alt+L", "Alt+E")  # the list, every order
    desk.shot("the list")
    faults += check_window(desk.window, "list") + below_the_fold(desk.window, "list")
    find_order(desk, number)
    desk.shot("the order: completion with its fee")
    faults += check_window(desk.window, "order") + below_the_fold(desk.window, "order")
    focused = desk.focus()
    desk.press("Alt+E")  # the progress note …
    assert desk.focus() is not focused and isinstance(desk.focus(), QLineEdit), desk.focus()
    desk.press("Alt+W")  # … and the step's first field, by their letters
    assert isinstance(desk.focus(), QPlainTextEdit), desk.focus()
    assert not desk.problems(), desk.problems()
    assert not faults, "\n".join(faults)
