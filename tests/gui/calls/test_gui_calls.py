"""The phone log: a known number fills the caller and opens the unit's story, the call is logged with
each step of the procedure, and becomes a complaint, a message or a work order request."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from frontdesk.auth import Actor
from frontdesk.calls.models import PhoneCall
from frontdesk.complaints.models import Complaint
from frontdesk.estate.models import Estate
from frontdesk.services import Services
from tests.qt_helpers import type_text
from ui.calls.dialogs import ComplaintDialog, MessageDialog, WorkOrderRequestDialog
from ui.calls.page import CallsPage
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.pages import _openers, register_opener


@dataclass(frozen=True)
class Home:
    """Unit 3-1502 and its owner 王秀英 (138 0000 1111)."""

    unit_id: int
    resident_id: int


class FakeNavigator:
    """Records what the page asked of the main window."""

    def open_page(self, page_id: str) -> QWidget | None:
        return None

    def show_status(self, text: str) -> None:
        pass


@pytest.fixture
def home(services: Services, admin: Actor) -> Home:
    estate = services.estate
    building = estate.add_building(actor=admin, estate_id=Estate.get().id, name="3棟")
    unit = estate.add_unit(actor=admin, building_id=building.id, number="1502", area_m2="89.37")
    owner = estate.add_resident(
        actor=admin, unit_id=unit.id, kind="owner", name="王秀英", phone="13800001111"
    )
    return Home(unit.id, owner.resident.id)


@pytest.fixture
def page(qtbot: QtBot, clerk_context: AppContext) -> CallsPage:
    widget = CallsPage(clerk_context, FakeNavigator())
    qtbot.addWidget(widget)
    widget.resize(1300, 740)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    widget.activate()
    return widget


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_a_known_number_fills_the_caller_and_the_call_is_logged_step_by_step(
    qtbot: QtBot, page: CallsPage, home: Home
) -> None:
    form = page.form
    assert form.greeted.hasFocus()
    assert "Say:" in form.script.text()
    qtbot.keyClick(form.greeted, Qt.Key.Key_Space)
    qtbot.keyClick(form.greeted, Qt.Key.Key_Tab)
    assert form.phone.hasFocus()
    type_text(qtbot, form.phone, "138 0000 1111")
    qtbot.keyClick(form.phone, Qt.Key.Key_Return)  # looks up; does not log
    assert PhoneCall.select().count() == 0
    assert form.caller_resident_id() == home.resident_id
    assert (form.name.text(), form.identity.text(), form.unit.text()) == ("王秀英", "Owner", "3-1502")
    assert page.panel.unit_id == home.unit_id
    qtbot.waitUntil(lambda: "王秀英" in page.panel.text())
    assert form.matter.hasFocus()  # the name was on record: straight to the matter
    type_text(qtbot, form.matter, "请问明天停水吗")
    qtbot.keyClick(form.matter, Qt.Key.Key_Tab)
    type_text(qtbot, _focused(), "明天上午九点到十一点停水")
    form.passed_to.setCurrentIndex(form.passed_to.findData("engineering"))
    form.call_back.setChecked(True)
    qtbot.keyClick(form.answer, Qt.Key.Key_Return)
    assert messages.shown() == []
    call = PhoneCall.get()
    assert (call.greeted, call.caller_name, call.caller_resident_id, call.unit_code) == (
        True,
        "王秀英",
        home.resident_id,
        "3-1502",
    )
    assert (call.matter, call.answer, call.passed_to, call.callback_needed, call.outcome) == (
        "请问明天停水吗",
        "明天上午九点到十一点停水",
        "engineering",
        True,
        "answered",
    )
    assert "王秀英" in form.status.text()
    assert form.phone.text() == "" and form.greeted.hasFocus() and page.panel.unit_id is None
    chosen = page.recent.selected()
    assert chosen is not None and chosen.id == call.id  # ready to become a complaint
    assert page.recent.complaint_button.isEnabled()


def test_an_unknown_number_and_bad_input_stay_in_the_form(qtbot: QtBot, page: CallsPage, home: Home) -> None:
    form = page.form
    type_text(qtbot, form.phone, "139 9999 0000")
    form.look_up()
    assert form.caller_resident_id() is None and form.known.currentText() == "(not on record)"
    assert page.panel.unit_id is None
    form.save()  # no matter
    assert form.errors.message("matter") == "Write down what the caller said."
    assert form.phone.text() == "139 9999 0000" and PhoneCall.select().count() == 0
    type_text(qtbot, form.unit, "9-9999")
    qtbot.keyClick(form.unit, Qt.Key.Key_Return)
    assert form.errors.message("unit") and form.unit_id is None
    assert messages.shown() == []


def test_a_call_becomes_a_complaint_with_the_suggested_class_and_the_page_opens_it(
    qtbot: QtBot, page: CallsPage, home: Home
) -> None:
    form = page.form
    type_text(qtbot, form.phone, "13800001111")  # looked up as it is typed, after a short pause
    qtbot.waitUntil(lambda: form.caller_resident_id() == home.resident_id, timeout=2000)
    assert form.unit.text() == "3-1502" and page.panel.unit_id == home.unit_id
    type_text(qtbot, form.matter, "物业费多收了一个月，乱收费")
    form.save()
    opened: list[str] = []
    saved = _openers.pop("complaint", None)
    try:
        page.recent.make_complaint()
        dialog = page.recent.dialog
        assert isinstance(dialog, ComplaintDialog)
        assert (dialog.cls.currentData(), dialog.kind.currentData()) == ("valid", "charges")
        assert "多收" in dialog.suggestion.text() and "乱收费" in dialog.suggestion.text()
        dialog.save()
        number = Complaint.get().number
        assert f"Complaint {number} recorded" in page.status.text()  # no complaints page here
        assert PhoneCall.get().complaint_number == number
        assert not page.recent.complaint_button.isEnabled()  # the call became a case
        assert form.greeted.hasFocus()  # ready for the next call
        register_opener("complaint", lambda _navigator, key: opened.append(key))
        type_text(qtbot, form.phone, "13800001111")
        form.look_up()
        type_text(qtbot, form.matter, "楼道垃圾没人清理")
        form.save()
        page.recent.make_complaint()
        second = page.recent.dialog
        assert isinstance(second, ComplaintDialog)
        second.save()
        assert opened == [Complaint.select().order_by(Complaint.id.desc()).get().number]
    finally:
        _openers.pop("complaint", None)
        if saved is not None:
            register_opener("complaint", saved)
    assert messages.shown() == []


def test_a_call_becomes_a_message_or_a_work_order_request(qtbot: QtBot, page: CallsPage, home: Home) -> None:
    form = page.form
    type_text(qtbot, form.name, "快递员")
    type_text(qtbot, form.matter, "3-1502有一个大件包裹")
    form.save()
    page.recent.make_message()
    dialog = page.recent.dialog
    assert isinstance(dialog, MessageDialog)
    dialog.save()
    assert dialog.errors.message("resident_id")  # nobody chosen yet: said beside the list
    type_text(qtbot, dialog.unit, "3-1502")
    qtbot.keyClick(dialog.unit, Qt.Key.Key_Return)  # looks the unit up, does not save
    assert dialog.isVisible() and dialog.resident.currentData() == home.resident_id
    dialog.save()
    call = PhoneCall.get()
    assert (call.outcome, call.message_for_resident_id) == ("message", home.resident_id)

    type_text(qtbot, form.matter, "厨房水管漏水，请派人维修")
    form.save()
    page.recent.make_work_order_request()
    request = page.recent.dialog
    assert isinstance(request, WorkOrderRequestDialog)
    assert request.request.toPlainText() == "厨房水管漏水，请派人维修"
    request.save()
    latest = PhoneCall.select().order_by(PhoneCall.id.desc()).get()
    assert (latest.outcome, latest.message_text) == ("work_order_request", "厨房水管漏水，请派人维修")
    assert messages.shown() == []


def test_the_today_tile_counts_the_days_calls_and_those_waiting_for_a_reply(
    qtbot: QtBot, open_window, clerk_context: AppContext, services: Services, clerk: Actor
) -> None:
    import uuid

    from frontdesk.calls.service import CallInput
    from ui.shell.today import TodayPage

    def log(call: CallInput) -> None:
        services.calls.log_call(actor=clerk, client_id=str(uuid.uuid4()), call=call)

    log(CallInput(True, "快递员", "", matter="有包裹", answer="放前台"))
    log(CallInput(True, "李", "", matter="电梯异响", contact_phone="13900002222"))
    window = open_window(clerk_context)
    today = window.workspace.page("today")
    assert isinstance(today, TodayPage)
    tile = today.tile("calls_today")
    qtbot.waitUntil(lambda: tile.value_label.text() == "2")
    assert (
        tile.detail_label.text() == "1 left a contact for a reply (F11)" and tile.property("status") == "warn"
    )
    log(CallInput(True, "赵", "", matter="楼道灯坏了", callback_needed=True))
    clerk_context.bus.notify("phone_call")  # as the call form does when it logs a call
    qtbot.waitUntil(lambda: tile.value_label.text() == "3")
    assert tile.detail_label.text() == "2 left a contact for a reply (F11)"
