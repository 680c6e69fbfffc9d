"""The work-orders page on a real database: the new-order form (unit looked up, category suggested
from the words, messages beside the fields), dispatch to the proposed technician with its reason and
the slip's preview, every lifecycle step to completion (free and paid), a stale copy refused, a
progress note, cancelling with a reason, the work plan, the list's filters and the shell's search,
opener and Today tile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from frontdesk import auth
from frontdesk.auth import Actor
from frontdesk.clock import utcnow
from frontdesk.estate.models import Estate
from frontdesk.services import Services
from frontdesk.workorders.models import WorkOrder
from frontdesk.workorders.rows import OrderInput, OrderRow, OrderStatus, ReporterInput, TechnicianInput
from tests.qt_helpers import press, type_text
from ui.kit import messages, paper
from ui.kit.context import AppContext
from ui.kit.keyboard import dead_mnemonics, mnemonic_clashes
from ui.kit.pages import open_record
from ui.shell.main_window import MainWindow
from ui.workorders.common import BAD
from ui.workorders.dialogs import CancelDialog
from ui.workorders.page import WorkOrdersPage
from ui.workorders.register import _workorders_today, work_order_search
from ui.workorders.steps import CompleteStep, DecideStep, DispatchStep, QuoteStep, SurveyStep, parse_materials


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its smallest cost."""
    monkeypatch.setattr(auth, "ARGON2_TIME_COST", 1)
    monkeypatch.setattr(auth, "ARGON2_MEMORY_KIB", 8)
    monkeypatch.setattr(auth, "ARGON2_PARALLELISM", 1)


@dataclass(frozen=True)
class World:
    """Unit 3-1502 and two plumbers on duty: 王师傅 (water) and 刘师傅 (electrical)."""

    unit: int
    plumber: int
    electrician: int


@pytest.fixture
def world(services: Services, admin: Actor) -> World:
    estate = services.estate
    building = estate.add_building(actor=admin, estate_id=Estate.get().id, name="3棟")
    unit = estate.add_unit(actor=admin, building_id=building.id, number="1502", area_m2="89.37")
    estate.add_resident(actor=admin, unit_id=unit.id, kind="owner", name="李秀英", phone="13812345678")
    orders = services.workorders
    plumber = orders.save_technician(
        actor=admin, technician=TechnicianInput(name="王师傅", phone="13900000001", skills=("water",))
    )
    electrician = orders.save_technician(
        actor=admin, technician=TechnicianInput(name="刘师傅", phone="13900000002", skills=("electrical",))
    )
    return World(unit.id, plumber.id, electrician.id)


def create(services: Services, actor: Actor, unit: int | None, *, paid: bool = False, n: int = 1) -> OrderRow:
    """An order created through the service (not the form)."""
    return services.workorders.create_order(
        actor=actor,
        client_id=f"00000000-0000-4000-8000-{n:012d}",
        order=OrderInput(
            unit_id=unit,
            place="" if unit else "2棟電梯",
            problem="厨房水管漏水",
            category="water",
            urgency="normal",
            reporter=ReporterInput(name="王先生", phone="13900001111"),
            paid=paid,
        ),
    )


@pytest.fixture
def page(qtbot, clerk_context: AppContext, world: World) -> WorkOrdersPage:
    widget = WorkOrdersPage(clerk_context)
    qtbot.addWidget(widget)
    widget.resize(1140, 660)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activate()
    return widget


def keeps_keyboard_rules(window: QWidget) -> list[str]:
    return [f"Alt+{k}: {v}" for k, v in mnemonic_clashes(window).items()] + dead_mnemonics(window)


def _pdf_text(data: bytes | None) -> str:
    from pypdf import PdfReader

    assert data is not None
    return "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


# --- the new order ---------------------------------------------------------------------------------


def test_the_form_looks_the_unit_up_suggests_the_category_and_goes_on_to_dispatch(
    qtbot, page: WorkOrdersPage, world: World
) -> None:
    form = page.form
    assert form.unit.hasFocus()
    assert not keeps_keyboard_rules(page)
    type_text(qtbot, form.unit, "3-1502")
    press(qtbot, form.unit, Qt.Key.Key_Return)  # looked up: the panel shows it, the cursor moves on
    assert form.unit_id == world.unit and form.problem.hasFocus()
    type_text(qtbot, form.problem, "卫生间水管漏水")
    assert form.category.currentData() == "water"  # suggested from the words
    assert form.category.currentText() in form.suggested.text()
    type_text(qtbot, form.name, "李秀英")
    press(qtbot, form.name, Qt.Key.Key_Return)  # Enter in a line saves
    view = page.view
    assert page.tabs.currentWidget() is view
    row = view.row
    assert row is not None and row.status is OrderStatus.CREATED and row.unit_code == "3-1502"
    dispatch = view.stack.currentWidget()
    assert isinstance(dispatch, DispatchStep)
    assert dispatch.technician.currentData() == world.plumber  # the proposal, skill first
    assert "王师傅" in dispatch.reason.text()
    assert dispatch.technician.hasFocus()
    assert not keeps_keyboard_rules(page)


def test_what_was_typed_stays_and_the_message_sits_beside_the_field(qtbot, page: WorkOrdersPage) -> None:
    form = page.form
    type_text(qtbot, form.problem, "门口有东西")  # no category word
    form.save()
    assert form.errors.message("category")
    form.category.setCurrentIndex(0)
    form.save()  # no unit nor place, no reporter
    assert form.errors.fields() and any(form.errors.message(f) for f in ("unit", "place", "reporter_name"))
    assert form.problem.toPlainText() == "门口有东西"
    type_text(qtbot, form.unit, "9-9999")
    press(qtbot, form.unit, Qt.Key.Key_Return)
    assert form.errors.message("unit")


# --- the lifecycle ---------------------------------------------------------------------------------


def test_a_free_order_dispatched_printed_and_through_every_step_to_completion(
    qtbot, page: WorkOrdersPage, clerk_context: AppContext, world: World
) -> None:
    row = create(clerk_context.services, clerk_context.require_actor(), world.unit)
    page.show_order(row.number)
    view = page.view
    press(qtbot, view.forms["dispatch"].first_input(), Qt.Key.Key_Return)  # one key accepts the proposal
    preview = view.dialog
    assert isinstance(preview, paper.PreviewDialog)  # the slip goes with the technician
    qtbot.waitUntil(lambda: preview.pdf is not None)
    assert row.number in _pdf_text(preview.pdf)
    preview._report("print", "desk printer")  # what the Print button reports after printing
    assert WorkOrder.get(WorkOrder.number == row.number).print_count == 1
    preview.close()
    assert view.row is not None and view.row.status is OrderStatus.DISPATCHED
    assert view.row.technician_name == "王师傅"
    view.record_step()  # signed for now
    assert view.row.status is OrderStatus.SIGNED_FOR
    survey = view.stack.currentWidget()
    assert isinstance(survey, SurveyStep)
    type_text(qtbot, survey.findings, "接头老化")
    view.record_step()
    assert view.row.status is OrderStatus.SURVEYED
    view.record_step()  # a free order starts at once
    assert view.row.status is OrderStatus.IN_PROGRESS
    type_text(qtbot, view.note, "等配件")
    press(qtbot, view.note, Qt.Key.Key_Return)
    assert "等配件" in view.record.text()
    complete = view.stack.currentWidget()
    assert isinstance(complete, CompleteStep) and not complete.fee.isVisible()
    type_text(qtbot, complete.work_done, "更换接头")
    type_text(qtbot, complete.hours, "1.5")
    type_text(qtbot, complete.materials, "接头 1 个 12.50")
    view.record_step()
    assert view.row.status is OrderStatus.COMPLETED
    assert "接头" in view.record.text() and "12.50" in view.record.text()
    assert not view.record_button.isVisible()
    assert not [m for m in messages.shown() if m.kind == "warning"]


def test_a_paid_order_is_quoted_refused_quoted_again_approved_and_charged(
    qtbot, page: WorkOrdersPage, clerk_context: AppContext, supervisor_context_factory, world: World
) -> None:
    services = clerk_context.services
    clerk = clerk_context.require_actor()
    row = create(services, clerk, world.unit, paid=True)
    row = services.workorders.dispatch(
        actor=clerk, number=row.number, version=row.version, technician_id=world.plumber
    )
    row = services.workorders.sign_for(actor=clerk, number=row.number, version=row.version)
    row = services.workorders.survey(actor=clerk, number=row.number, version=row.version, findings="换龙头")
    page.show_order(row.number)
    view = page.view
    quote = view.stack.currentWidget()
    assert isinstance(quote, QuoteStep)
    type_text(qtbot, quote.labour, "80")
    type_text(qtbot, quote.materials, "45")
    view.record_step()
    assert view.row is not None and view.row.status is OrderStatus.QUOTED
    assert isinstance(view.stack.currentWidget(), DecideStep)
    view.record_step()  # a clerk may not approve
    assert view.row.status is OrderStatus.QUOTED
    messages.shown().clear()
    supervisor_view = supervisor_context_factory(row.number)
    decide = supervisor_view.stack.currentWidget()
    assert isinstance(decide, DecideStep) and "125.00" in decide.quoted.text()
    decide.decision.setCurrentIndex(1)  # refuse
    type_text(qtbot, decide.note, "太贵")
    supervisor_view.record_step()
    assert supervisor_view.row is not None and supervisor_view.row.status is OrderStatus.REFUSED
    quote = supervisor_view.stack.currentWidget()
    assert isinstance(quote, QuoteStep)
    type_text(qtbot, quote.labour, "60")
    type_text(qtbot, quote.materials, "45")
    supervisor_view.record_step()
    supervisor_view.record_step()  # approved
    assert supervisor_view.row.status is OrderStatus.APPROVED
    supervisor_view.record_step()  # started
    complete = supervisor_view.stack.currentWidget()
    assert isinstance(complete, CompleteStep)
    type_text(qtbot, complete.work_done, "更换龙头")
    type_text(qtbot, complete.hours, "1")
    supervisor_view.record_step()  # the fee is the quote
    assert supervisor_view.row.status is OrderStatus.COMPLETED
    assert supervisor_view.row.fee_fen == 10_500 and supervisor_view.row.charge_id is not None


@pytest.fixture
def supervisor_context_factory(qtbot, make_context, supervisor: Actor):  # type: ignore[no-untyped-def]
    def make(number: str):  # type: ignore[no-untyped-def]
        widget = WorkOrdersPage(make_context(supervisor))
        qtbot.addWidget(widget)
        widget.show()
        widget.show_order(number)
        kept.append(widget)
        return widget.view

    kept: list[WorkOrdersPage] = []

    return make


def test_a_stale_copy_is_refused_with_who_changed_it_and_shown_as_it_is_now(
    qtbot, page: WorkOrdersPage, clerk_context: AppContext, world: World, supervisor: Actor
) -> None:
    row = create(clerk_context.services, clerk_context.require_actor(), world.unit)
    page.show_order(row.number)
    clerk_context.services.workorders.dispatch(
        actor=supervisor, number=row.number, version=row.version, technician_id=world.electrician
    )
    page.view.record_step()  # dispatch the stale copy
    warned = [m.text for m in messages.shown() if m.kind == "warning"]
    assert warned and supervisor.username in warned[-1], warned
    assert page.view.row is not None and page.view.row.technician_name == "刘师傅"  # as it is now


def test_reassign_and_cancel_with_a_reason(
    qtbot, page: WorkOrdersPage, clerk_context: AppContext, world: World
) -> None:
    services, clerk = clerk_context.services, clerk_context.require_actor()
    row = create(services, clerk, world.unit)
    row = services.workorders.dispatch(
        actor=clerk, number=row.number, version=row.version, technician_id=world.plumber
    )
    page.show_order(row.number)
    view = page.view
    view.reassign_button.click()
    dispatch = view.stack.currentWidget()
    assert isinstance(dispatch, DispatchStep)
    dispatch.technician.setCurrentIndex(dispatch.technician.findData(world.electrician))
    view.record_step()
    if isinstance(view.dialog, paper.PreviewDialog):
        view.dialog.close()
    assert view.row is not None and view.row.technician_name == "刘师傅"
    view.cancel_button.click()
    dialog = view.dialog
    assert isinstance(dialog, CancelDialog)
    dialog.save()  # no reason: said beside it, the dialog stays
    assert dialog.errors.message("reason") and dialog.isVisible()
    type_text(qtbot, dialog.reason, "业主自行修好")
    dialog.save()
    assert view.row.status is OrderStatus.CANCELLED and "业主自行修好" in view.record.text()
    assert not view.cancel_button.isEnabled()


def test_materials_are_read_one_a_line() -> None:
    lines = parse_materials("水龙头 1 个 45\n生料带，2，卷，3.5\n\n")
    assert [(m.name, m.quantity, m.unit, m.amount) for m in lines] == [
        ("水龙头", "1", "个", "45"),
        ("生料带", "2", "卷", "3.5"),
    ]


# --- the list, the work plan and the shell ------------------------------------------------------


def test_the_list_filters_and_late_orders_stand_out_and_the_work_plan_previews(
    qtbot, page: WorkOrdersPage, clerk_context: AppContext, world: World
) -> None:
    services, clerk = clerk_context.services, clerk_context.require_actor()
    rows = [create(services, clerk, world.unit, n=n) for n in range(1, 4)]
    late = rows[1]
    WorkOrder.update(finish_by=utcnow() - timedelta(hours=1)).where(WorkOrder.number == late.number).execute()
    services.workorders.dispatch(
        actor=clerk, number=rows[2].number, version=rows[2].version, technician_id=world.plumber
    )
    listing = page.list
    page.tabs.setCurrentWidget(listing)
    assert [r.number for r in listing.model.rows()] == [r.number for r in reversed(rows)]
    position = [r.number for r in listing.model.rows()].index(late.number)
    status = listing.model.index(position, 2)
    assert "overdue" in status.data() and status.data(Qt.ItemDataRole.ForegroundRole) == QColor(BAD)
    listing.overdue_only.setChecked(True)
    assert [r.number for r in listing.model.rows()] == [late.number]
    listing.overdue_only.setChecked(False)
    listing.status.setCurrentIndex(listing.status.findData("dispatched"))
    assert [r.number for r in listing.model.rows()] == [rows[2].number]
    listing.status.setCurrentIndex(0)
    listing.month.setCurrentIndex(2)  # last month: none
    assert listing.model.rows() == []
    listing.month.setCurrentIndex(0)
    listing.table.setFocus()
    listing.table.selectRow(0)
    press(qtbot, listing.table, Qt.Key.Key_Return)
    assert page.tabs.currentWidget() is page.view
    assert page.view.row is not None and page.view.row.number == rows[2].number
    page.tabs.setCurrentWidget(listing)
    assert not keeps_keyboard_rules(page)
    listing.plan_button.click()
    plans = [w for w in listing.findChildren(paper.PreviewDialog)]
    assert plans
    qtbot.waitUntil(lambda: plans[-1].pdf is not None)
    assert "王师傅" in _pdf_text(plans[-1].pdf)
    plans[-1].close()


def test_search_opener_and_today_tile(qtbot, open_window, clerk_context: AppContext, world: World) -> None:
    services, clerk = clerk_context.services, clerk_context.require_actor()
    row = create(services, clerk, world.unit)
    late = create(services, clerk, None, n=2)
    WorkOrder.update(finish_by=utcnow() - timedelta(hours=1)).where(WorkOrder.number == late.number).execute()
    window: MainWindow = open_window(clerk_context)
    tile = _workorders_today(clerk_context)
    assert tile.value == "2 open" and "1 overdue" in tile.detail and tile.status == "bad"
    provider = work_order_search(clerk_context, window)
    assert provider("李秀英") == []  # names are the registry's search
    (hit,) = provider(row.number)
    assert hit.title == row.number and "3-1502" in hit.subtitle
    assert open_record(window, f"work_order:{late.number}")
    page = window.workspace.page("workorders")
    assert isinstance(page, WorkOrdersPage) and page.tabs.currentWidget() is page.view
    assert page.view.row is not None and page.view.row.number == late.number
    hit.action()
    assert page.view.row is not None and page.view.row.number == row.number


def test_a_logged_call_fills_the_form_and_the_order_links_back_to_it(
    qtbot, open_window, clerk_context: AppContext, world: World
) -> None:
    from frontdesk.calls.models import PhoneCall
    from frontdesk.calls.service import CallInput

    services, clerk = clerk_context.services, clerk_context.require_actor()
    call = services.calls.log_call(
        actor=clerk,
        client_id="00000000-0000-4000-8000-000000000099",
        call=CallInput(
            greeted=True,
            caller_name="陈先生",
            caller_phone="13700001111",
            unit_id=world.unit,
            matter="卫生间马桶堵塞",
        ),
    )
    window: MainWindow = open_window(clerk_context)
    assert open_record(window, f"work_order_call:{call.id}")
    page = window.workspace.page("workorders")
    assert isinstance(page, WorkOrdersPage) and page.tabs.currentWidget() is page.form
    form = page.form
    assert form.unit.text() == "3-1502" and form.name.text() == "陈先生"
    assert form.problem.toPlainText() == "卫生间马桶堵塞" and form.category.currentData() == "water"
    form.save()
    row = page.view.row
    assert row is not None and row.source_kind == "call" and page.tabs.currentWidget() is page.view
    assert PhoneCall.get_by_id(call.id).work_order_ref == row.number


# --- the reporter from the registry, and coordination slips ---------------------------------------


def test_the_reporter_is_found_in_the_registry_and_a_typed_one_still_works(
    qtbot, page: WorkOrdersPage, clerk_context: AppContext, world: World
) -> None:
    form = page.form
    type_text(qtbot, form.finder.edit, "5678")  # the last digits of 李秀英's phone
    form.finder.run_search()
    assert form.finder.hits and form.finder.hits[0].name == "李秀英"
    press(qtbot, form.finder.edit, Qt.Key.Key_Return)  # the first match picked
    assert form.name.text() == "李秀英" and form.resident_id is not None
    assert form.phone.text() == "" and "5678" in form.phone.placeholderText()  # the number on record
    assert form.unit_id == world.unit and form.unit.text() == "3-1502"  # no unit typed: theirs
    assert form.problem.hasFocus()  # what is still missing
    resident = form.resident_id
    type_text(qtbot, form.problem, "卫生间水管漏水")
    form.save()
    row = page.view.row
    assert row is not None and row.reporter_name == "李秀英" and row.reporter_phone_masked.endswith("5678")
    stored = WorkOrder.get(WorkOrder.number == row.number)
    assert stored.reporter_resident_id == resident

    page.tabs.setCurrentWidget(form)  # a public place typed first keeps it; a typed name is someone else
    type_text(qtbot, form.place, "2棟電梯")
    type_text(qtbot, form.finder.edit, "李秀英")
    form.finder.run_search()
    press(qtbot, form.finder.edit, Qt.Key.Key_Return)
    assert form.resident_id is not None and form.unit_id is None and form.place.text() == "2棟電梯"
    on_record = form.phone.placeholderText()
    form.name.selectAll()
    type_text(qtbot, form.name, "王先生")  # typed over: not the resident found
    assert form.resident_id is None and form.phone.placeholderText() != on_record
    type_text(qtbot, form.phone, "13900001111")
    type_text(qtbot, form.problem, "电梯按钮失灵")
    form.category.setCurrentIndex(form.category.findData("lift"))
    form.save()
    typed = page.view.row
    assert typed is not None and typed.number != row.number
    assert typed.reporter_name == "王先生" and typed.place == "2棟電梯"
    assert WorkOrder.get(WorkOrder.number == typed.number).reporter_resident_id is None


def test_a_coordination_slip_to_security_is_issued_listed_and_worked_through_its_steps(
    qtbot, page: WorkOrdersPage, clerk_context: AppContext, admin: Actor, world: World
) -> None:
    services, clerk = clerk_context.services, clerk_context.require_actor()
    guard = services.workorders.save_technician(
        actor=admin,
        technician=TechnicianInput(
            name="马队长", phone="13900000003", department="security", skills=("other",)
        ),
    )
    order = create(services, clerk, world.unit)  # an engineering order beside it
    form = page.form
    form.department.setCurrentIndex(form.department.findData("security"))
    assert not form.paid.isEnabled()  # a coordination slip is never paid
    assert form.category.currentData() == "other"
    type_text(qtbot, form.place, "2棟消防通道")
    type_text(qtbot, form.problem, "消防通道被杂物占用")
    assert form.category.currentData() == "other"  # the words do not move a slip's category
    form.save()  # found on patrol: no reporter needed
    view = page.view
    slip = view.row
    assert slip is not None and slip.number.startswith("XT-") and slip.department.value == "security"
    assert "2棟消防通道" in view.header.text() and "Security" in view.header.text()
    dispatch = view.stack.currentWidget()
    assert isinstance(dispatch, DispatchStep) and dispatch.technician.currentData() == guard.id
    view.record_step()  # to the department's person on duty; the slip's preview opens
    preview = view.dialog
    assert isinstance(preview, paper.PreviewDialog)
    qtbot.waitUntil(lambda: preview.pdf is not None)
    assert "Internal coordination slip" in _pdf_text(preview.pdf)
    preview.close()
    assert view.row is not None and view.row.status is OrderStatus.DISPATCHED
    view.record_step()  # signed for
    survey = view.stack.currentWidget()
    assert isinstance(survey, SurveyStep)
    type_text(qtbot, survey.findings, "纸箱堆放在通道口")
    view.record_step()
    view.record_step()  # started
    assert view.row.status is OrderStatus.IN_PROGRESS
    complete = view.stack.currentWidget()
    assert isinstance(complete, CompleteStep)
    type_text(qtbot, complete.work_done, "已清走杂物")
    type_text(qtbot, complete.hours, "0.5")
    view.record_step()
    assert view.row.status is OrderStatus.COMPLETED and view.row.number == slip.number

    listing = page.list
    page.tabs.setCurrentWidget(listing)
    listing.open_only.setChecked(False)
    numbers = [r.number for r in listing.model.rows()]
    assert slip.number in numbers and order.number in numbers
    listing.department.setCurrentIndex(listing.department.findData("security"))
    assert [r.number for r in listing.model.rows()] == [slip.number]
    listing.department.setCurrentIndex(listing.department.findData("engineering"))
    assert [r.number for r in listing.model.rows()] == [order.number]
    assert not keeps_keyboard_rules(page)


def test_a_category_added_in_settings_is_offered_at_once(
    qtbot, page: WorkOrdersPage, clerk_context: AppContext, services: Services, admin: Actor
) -> None:
    form = page.form
    qtbot.waitUntil(lambda: form.category.count() > 0)
    assert form.category.findText("消防设施") < 0
    services.workorders.save_category(actor=admin, name="消防设施")
    clerk_context.bus.notify("work_category")  # as the Settings section does when it saves
    qtbot.waitUntil(lambda: form.category.findText("消防设施") >= 0)
