"""The callback queue: overdue first and marked so, a call closing or reopening its complaint, the
handler's own callback refused in words beside the form, the Today tile, opening the case."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from frontdesk.auth import Actor, Role
from frontdesk.callbacks.models import Callback
from frontdesk.complaints.rows import ComplaintStatus
from frontdesk.estate.models import Estate
from frontdesk.services import Services
from tests.conftest import make_actor
from tests.gui.callbacks.cases import awaiting_callback
from tests.qt_helpers import type_text
from ui.callbacks.page import CallbacksPage
from ui.callbacks.register import _callbacks_today
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.pages import register_opener


@dataclass(frozen=True)
class Home:
    """Unit 3-1502 and its owner."""

    unit_id: int
    resident_id: int


class FakeNavigator:
    """Records what the page asked of the main window."""

    def __init__(self) -> None:
        self.opened: list[str] = []
        self.statuses: list[str] = []

    def open_page(self, page_id: str) -> QWidget | None:
        self.opened.append(page_id)
        return None

    def show_status(self, text: str) -> None:
        self.statuses.append(text)


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
def colleague(services: Services, admin: Actor) -> Actor:
    return make_actor(services, admin, Role.CLERK, "colleague")


def _page(qtbot: QtBot, context: AppContext) -> tuple[CallbacksPage, FakeNavigator]:
    navigator = FakeNavigator()
    page = CallbacksPage(context, navigator)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.activate()
    return page, navigator


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_the_queue_lists_overdue_first_and_a_satisfied_call_closes_the_complaint(
    qtbot: QtBot, make_context, services: Services, home: Home, colleague: Actor, clerk: Actor
) -> None:
    overdue = awaiting_callback(clerk, unit_id=home.unit_id, resident_id=home.resident_id, hours_ago=50)
    soon = awaiting_callback(
        clerk,
        unit_id=home.unit_id,
        resident_id=home.resident_id,
        hours_ago=23.9,
        content="电梯坏了请问何时修",
    )
    page, _nav = _page(qtbot, make_context(colleague))
    rows = page.model.rows()
    assert [r.case_ref for r in rows] == [overdue.number, soon.number]
    status_column = 1
    first = page.model.index(0, status_column)
    assert "⚠" in first.data() and first.data(Qt.ItemDataRole.ForegroundRole).name() == "#b3261e"
    assert page.summary.text() == "2 to call back · 1 past due"
    assert "⚠" not in page.model.index(1, status_column).data()  # due within the hour: not yet late
    assert page.form.row is not None and page.form.row.id == rows[0].id  # the first chosen
    assert page.table.hasFocus()
    assert "⚠" in page.form.case.text()
    assert page.form.summary.text() == "Complaint: 请问小区停水到几点？\nHandling: 已答复：下午五点恢复供水"

    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # to the form
    assert page.form.words.hasFocus()
    type_text(qtbot, page.form.words, "已恢复供水，谢谢")
    page.form.satisfaction.setFocus()
    qtbot.keyClick(_focused(), Qt.Key.Key_Down)  # very satisfied: the outcome follows, closed
    assert page.form.outcome.currentData() == "closed"
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)
    assert not messages.shown(), messages.shown()
    detail = services.complaints.get(actor=clerk, number=overdue.number)
    assert detail.complaint.status is ComplaintStatus.CLOSED
    assert detail.callbacks[0].calls[0].words == "已恢复供水，谢谢"
    assert detail.callbacks[0].calls[0].caller == "colleague"
    assert [r.case_ref for r in page.model.rows()] == [soon.number]
    assert overdue.number in page.form.status.text() and "closed" in page.form.status.text()
    assert page.table.hasFocus() and page.form.row is not None and page.form.row.case_ref == soon.number


def test_a_dissatisfied_resident_reopens_the_complaint(
    qtbot: QtBot, make_context, services: Services, home: Home, colleague: Actor, clerk: Actor
) -> None:
    case = awaiting_callback(clerk, unit_id=home.unit_id, resident_id=home.resident_id)
    page, _nav = _page(qtbot, make_context(colleague))
    form = page.form
    type_text(qtbot, form.words, "还是没有水")
    form.satisfaction.setCurrentIndex(form.satisfaction.findData("dissatisfied"))
    assert form.outcome.currentData() == "reopened"
    form.save()
    assert (
        services.complaints.get(actor=clerk, number=case.number).complaint.status is ComplaintStatus.REOPENED
    )
    assert "reopened" in form.status.text()
    assert page.model.rowCount() == 0 and form.row is None and not form.save_button.isEnabled()


def test_the_clerk_who_handled_the_case_is_told_and_refused_without_a_message_box(
    qtbot: QtBot, make_context, services: Services, home: Home, clerk: Actor
) -> None:
    case = awaiting_callback(clerk, unit_id=home.unit_id, resident_id=home.resident_id)
    page, _nav = _page(qtbot, make_context(clerk))
    form = page.form
    expected = f"You handled {case.number}: a colleague must make its callback."
    assert form.notice.text() == expected and form.notice.isVisible()  # said before typing anything
    type_text(qtbot, form.words, "满意")
    form.satisfaction.setCurrentIndex(form.satisfaction.findData("satisfied"))
    form.notice.clear()
    form.save()
    assert form.notice.text() == expected  # the core's refusal, in the same place
    assert form.words.text() == "满意"  # nothing typed is lost
    assert messages.shown() == []
    assert Callback.get().status == "open"
    assert services.complaints.get(actor=clerk, number=case.number).complaint.status is (
        ComplaintStatus.AWAITING_CALLBACK
    )


def test_unreachable_calls_count_and_the_words_rule_is_shown_beside_the_field(
    qtbot: QtBot, make_context, home: Home, colleague: Actor, clerk: Actor
) -> None:
    awaiting_callback(clerk, unit_id=home.unit_id, resident_id=home.resident_id)
    page, _nav = _page(qtbot, make_context(colleague))
    form = page.form
    form.satisfaction.setCurrentIndex(form.satisfaction.findData("satisfied"))
    form.save()  # no words
    assert form.errors.message("words") == "Write down what the resident said."
    assert messages.shown() == []
    form.outcome.setCurrentIndex(form.outcome.findData("unreachable"))
    assert form.satisfaction.currentIndex() == -1 and not form.satisfaction.isEnabled()
    form.save()
    assert "unreachable (1 of 3)" in form.status.text()
    [row] = page.model.rows()
    assert row.attempts == 1 and form.row is not None and form.row.attempts == 1
    assert "1 unreachable" in form.case.text()


def test_opening_the_case_says_so_when_no_page_opens_it(
    qtbot: QtBot, make_context, home: Home, colleague: Actor, clerk: Actor
) -> None:
    case = awaiting_callback(clerk, unit_id=home.unit_id, resident_id=home.resident_id)
    page, _navigator = _page(qtbot, make_context(colleague))
    from ui.kit import pages

    saved = pages._openers.pop("complaint", None)
    try:
        page.open_case()
        assert case.number in page.status.text() and "not available" in page.status.text()
        opened: list[str] = []
        register_opener("complaint", lambda _navigator, key: opened.append(key))
        page.open_case()
        assert opened == [case.number] and page.status.text() == ""
    finally:
        pages._openers.pop("complaint", None)
        if saved is not None:
            register_opener("complaint", saved)


def test_the_today_tile_counts_due_and_overdue(
    make_context, home: Home, colleague: Actor, clerk: Actor
) -> None:
    context = make_context(colleague)
    assert (_callbacks_today(context).value, _callbacks_today(context).status) == ("0", "ok")
    awaiting_callback(clerk, unit_id=home.unit_id, resident_id=home.resident_id)
    awaiting_callback(clerk, unit_id=home.unit_id, resident_id=home.resident_id, content="建议多种树")
    tile = _callbacks_today(context)
    assert (tile.value, tile.status) == ("2", "bad") and tile.detail.startswith("2 overdue")
