"""The complaints page on a real database: the intake (registry pick, suggestion, messages beside
the fields, similar open complaints linked), both procedures step by step, a stale copy refused,
reclassify / escalate / work order, the record sheet, the list's filters and paging, and the shell's
search, opener and Today tile."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QWidget

from frontdesk import auth
from frontdesk.auth import Actor
from frontdesk.clock import local_today, utcnow
from frontdesk.complaints.models import Complaint
from frontdesk.complaints.rows import ComplainantInput, ComplaintRow, ComplaintStatus, IntakeInput, Step
from frontdesk.estate.models import Estate
from frontdesk.services import Services
from tests.qt_helpers import press, type_text
from ui.complaints import complaint_list
from ui.complaints.common import BAD, class_code
from ui.complaints.dialogs import EscalateDialog, ReclassifyDialog, WorkOrderDialog
from ui.complaints.page import ComplaintsPage
from ui.complaints.register import _complaints_today, complaint_search
from ui.complaints.steps import DepartmentStep, FeeStep, IdentityStep, ResponseStep
from ui.kit import messages, paper
from ui.kit.context import AppContext
from ui.kit.keyboard import dead_mnemonics, mnemonic_clashes
from ui.kit.pages import open_record
from ui.shell.main_window import MainWindow


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its smallest cost."""
    monkeypatch.setattr(auth, "ARGON2_TIME_COST", 1)
    monkeypatch.setattr(auth, "ARGON2_MEMORY_KIB", 8)
    monkeypatch.setattr(auth, "ARGON2_PARALLELISM", 1)


@dataclass(frozen=True)
class World:
    """3-1502 (owner 李秀英, paid up) and 3-1501 (owner 赵大海, owing ¥1,234.50)."""

    unit: int
    arrears_unit: int
    owner: int
    arrears_owner: int


@pytest.fixture
def world(services: Services, admin: Actor) -> World:
    estate = services.estate
    building = estate.add_building(actor=admin, estate_id=Estate.get().id, name="3棟")
    unit = estate.add_unit(actor=admin, building_id=building.id, number="1502", area_m2="89.37")
    arrears_unit = estate.add_unit(actor=admin, building_id=building.id, number="1501", area_m2="120")
    owner = estate.add_resident(
        actor=admin, unit_id=unit.id, kind="owner", name="李秀英", phone="13812345678"
    ).resident.id
    arrears_owner = estate.add_resident(
        actor=admin, unit_id=arrears_unit.id, kind="owner", name="赵大海", phone="13600002222"
    ).resident.id
    estate.add_charge(
        actor=admin,
        unit_id=arrears_unit.id,
        kind="other",
        amount_fen=123_450,
        due_date=local_today() - timedelta(days=40),
        description="管理费",
    )
    return World(unit.id, arrears_unit.id, owner, arrears_owner)


def take(
    services: Services,
    actor: Actor,
    unit: int | None,
    cls: str,
    kind: str,
    content: str = "楼道很脏",
    n: int = 1,
) -> ComplaintRow:
    """A complaint taken through the service (not the form)."""
    return services.complaints.take_complaint(
        actor=actor,
        client_id=f"00000000-0000-4000-8000-{n:012d}",
        intake=IntakeInput(
            channel="walk_in",
            complainant=ComplainantInput(name="王先生", phone="13900001111"),
            unit_id=unit,
            place="" if unit else "2棟電梯",
            content=content,
            cls=cls,
            kind=kind,
        ),
    )


@pytest.fixture
def page(qtbot, clerk_context: AppContext, world: World) -> ComplaintsPage:
    widget = ComplaintsPage(clerk_context)
    qtbot.addWidget(widget)
    widget.resize(1140, 660)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activate()
    return widget


def keeps_keyboard_rules(window: QWidget) -> list[str]:
    return [f"Alt+{k}: {v}" for k, v in mnemonic_clashes(window).items()] + dead_mnemonics(window)


# --- intake -------------------------------------------------------------------------------------


def test_a_resident_picked_fills_the_form_and_the_suggestion_shows_its_words(
    qtbot, page: ComplaintsPage, clerk_context: AppContext, world: World
) -> None:
    form = page.form
    assert form.finder.edit.hasFocus()
    assert not keeps_keyboard_rules(page)
    type_text(qtbot, form.finder.edit, "5678")
    form.finder.run_search()
    assert form.finder.hits and form.finder.hits[0].resident_id == world.owner
    press(qtbot, form.finder.edit, Qt.Key.Key_Return)
    assert form.resident_id == world.owner and form.name.text() == "李秀英"
    assert form.unit.text() == "3-1502" and form.unit_id == world.unit
    assert "138****5678" in form.phone.placeholderText()
    assert form.panel.unit_id == world.unit and "李秀英" in form.panel.text()
    assert form.content.hasFocus()
    type_text(qtbot, form.content, "物业费多收了两百块，乱收费")
    form.run_suggestion()
    assert "多收" in form.suggested.text() and "亂收費" not in form.suggested.text()
    form.take_suggestion()
    assert form.classification.currentData() == class_code("valid", "charges")
    form.save()
    taken = form.last_taken
    assert taken is not None and taken.complainant_resident_id == world.owner and taken.unit_id == world.unit
    assert taken.suggested == "valid:charges" and taken.kind == "charges"
    # the page goes on to the case at once, its next step ready
    assert page.tabs.currentWidget() is page.case and page.case.row is not None
    assert page.case.row.number == taken.number and page.case.row.next_step is Step.NATURE
    assert not [m for m in messages.shown() if m.kind != "info"]


def test_what_was_typed_stays_and_the_message_sits_beside_the_field(
    qtbot, page: ComplaintsPage, clerk_context: AppContext
) -> None:
    form = page.form
    type_text(qtbot, form.name, "陈先生")
    type_text(qtbot, form.place, "2棟電梯")
    form.save()  # no classification yet
    assert form.errors.message("kind") and form.classification.hasFocus()
    form.classification.setCurrentIndex(0)
    assert not form.errors.message("kind")  # choosing clears it
    form.save()  # no content
    assert "complaint is about" in form.errors.message("content")
    assert form.name.text() == "陈先生" and form.place.text() == "2棟電梯"
    type_text(qtbot, form.phone, "12")
    type_text(qtbot, form.content, "电梯停在半层")
    form.save()
    assert form.errors.message("complainant_phone") and form.content.toPlainText() == "电梯停在半层"
    assert Complaint.select().count() == 0  # nothing half-saved
    form.phone.clear()
    form.save()
    assert Complaint.select().count() == 1 and form.name.text() == ""  # saved; an empty form for the next


def test_an_unknown_unit_is_said_beside_the_unit(qtbot, page: ComplaintsPage) -> None:
    form = page.form
    type_text(qtbot, form.name, "陈先生")
    type_text(qtbot, form.unit, "9-9999")
    press(qtbot, form.unit, Qt.Key.Key_Return)
    assert "9-9999" in form.errors.message("unit") and form.unit_id is None


def test_an_open_complaint_about_the_same_matter_is_shown_and_linked_with_one_key(
    qtbot, page: ComplaintsPage, clerk_context: AppContext, world: World
) -> None:
    first = take(clerk_context.services, clerk_context.require_actor(), world.unit, "valid", "cleaning")
    form = page.form
    type_text(qtbot, form.name, "王先生")
    type_text(qtbot, form.unit, "3-1502")
    press(qtbot, form.unit, Qt.Key.Key_Return)
    type_text(qtbot, form.content, "垃圾又没人收")
    form.classification.setCurrentIndex(form.classification.findData(class_code("valid", "cleaning")))
    assert first.number in form.similar_text.text() and form.link.isVisible()
    assert first.number in form.link.text()
    qtbot.keyClick(page, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # Alt+K ticks the link
    qtbot.wait(200)
    assert form.link.isChecked()
    form.save()
    assert form.last_taken is not None and form.last_taken.linked_to == first.number


# --- the two procedures ---------------------------------------------------------------------------


def test_a_valid_complaint_step_by_step_to_its_callback(
    qtbot, page: ComplaintsPage, clerk_context: AppContext, world: World
) -> None:
    row = take(clerk_context.services, clerk_context.require_actor(), world.unit, "valid", "cleaning")
    case = page.case
    page.show_complaint(row.number)
    assert case.next_title.text().endswith("② Judge the nature")
    case.record_step()  # nothing written: the message sits beside the field
    assert case.forms[Step.NATURE].errors.message("nature")
    type_text(qtbot, case.forms[Step.NATURE].nature, "保洁漏扫")
    case.record_step()
    department = case.forms[Step.DEPARTMENT]
    assert isinstance(department, DepartmentStep) and case.stack.currentWidget() is department
    case.record_step()
    assert department.errors.message("department")
    department.department.setCurrentIndex(department.department.findData("cleaning"))
    press(qtbot, department.department, Qt.Key.Key_Return)  # Enter records
    visit = case.forms[Step.SITE_VISIT]
    assert case.stack.currentWidget() is visit
    type_text(qtbot, visit.supervisor, "保洁部 王主管")  # type: ignore[attr-defined]
    type_text(qtbot, visit.findings, "三楼垃圾堆积")  # type: ignore[attr-defined]
    case.record_step()
    handling = case.forms[Step.HANDLING]
    type_text(qtbot, handling.done, "当日清运")  # type: ignore[attr-defined]
    type_text(qtbot, handling.result, "已清理")  # type: ignore[attr-defined]
    case.record_step()
    assert case.row is not None and case.row.status is ComplaintStatus.AWAITING_CALLBACK
    record = case.record.text()
    for text in (
        "保洁漏扫",
        "Department: Cleaning",
        "With: 保洁部 王主管",
        "三楼垃圾堆积",
        "当日清运 · 已清理",
    ):
        assert text in record, record
    assert "callback is in the queue" in case.no_step.text() and case.record_button.isHidden()
    callbacks = clerk_context.services.callbacks.for_case(
        actor=clerk_context.require_actor(), module="complaint", case_id=row.id
    )
    assert [(c.case_ref, c.status) for c in callbacks] == [(row.number, "open")]
    assert not case.reclassify_button.isEnabled() and case.escalate_button.isEnabled()


def test_a_communicative_complaint_shows_the_fees_and_records_them_as_seen(
    qtbot, page: ComplaintsPage, clerk_context: AppContext, world: World
) -> None:
    actor, complaints = clerk_context.require_actor(), clerk_context.services.complaints
    row = complaints.take_complaint(
        actor=actor,
        client_id="00000000-0000-4000-8000-000000000077",
        intake=IntakeInput(
            channel="phone",
            complainant=ComplainantInput(resident_id=world.arrears_owner),
            unit_id=None,
            place="",
            content="请问停水通知",
            cls="communicative",
            kind="enquiry",
        ),
    )
    case = page.case
    page.show_complaint(row.number)
    identity = case.forms[Step.IDENTITY]
    assert (
        isinstance(identity, IdentityStep) and identity.is_resident.currentData() is True
    )  # from the registry
    case.record_step()
    fees = case.forms[Step.FEE_STATUS]
    assert isinstance(fees, FeeStep) and "1,234.50" in fees.fees.text()
    case.record_step()
    response = case.forms[Step.RESPONSE]
    assert isinstance(response, ResponseStep)
    assert not response.department.isEnabled()
    case.record_step()
    assert response.errors.message("answered")
    response.how.setCurrentIndex(1)  # passed to a department: which one is needed
    assert response.department.isEnabled()
    type_text(qtbot, response.said, "已转工程部")
    case.record_step()
    assert response.errors.message("department") and response.said.toPlainText() == "已转工程部"
    response.department.setCurrentIndex(response.department.findData("engineering"))
    case.record_step()
    assert case.row is not None and case.row.status is ComplaintStatus.AWAITING_CALLBACK
    assert (
        "Arrears seen: ¥1,234.50" in case.record.text() and "Passed to the department" in case.record.text()
    )


def test_a_stale_copy_is_refused_with_who_changed_it_and_the_case_shows_it_as_it_is_now(
    qtbot, page: ComplaintsPage, clerk_context: AppContext, world: World, supervisor: Actor
) -> None:
    row = take(clerk_context.services, clerk_context.require_actor(), world.unit, "valid", "cleaning")
    page.show_complaint(row.number)
    # another desk judges the nature first
    clerk_context.services.complaints.judge_nature(
        actor=supervisor, number=row.number, version=row.version, nature="别处已判断"
    )
    type_text(qtbot, page.case.forms[Step.NATURE].nature, "保洁漏扫")  # type: ignore[attr-defined]
    page.case.record_step()
    warned = [m.text for m in messages.shown() if m.kind == "warning"]
    assert warned and supervisor.username in warned[-1], warned
    assert page.case.row is not None and page.case.row.next_step is Step.DEPARTMENT  # as it is now
    assert "别处已判断" in page.case.record.text()


# --- outside the steps ------------------------------------------------------------------------------


def test_reclassify_escalate_and_the_work_order(
    qtbot, page: ComplaintsPage, clerk_context: AppContext, world: World
) -> None:
    row = take(clerk_context.services, clerk_context.require_actor(), world.unit, "communicative", "venting")
    case = page.case
    page.show_complaint(row.number)
    assert not case.work_order_button.isEnabled()  # only a help-seeking complaint asks for one
    case.reclassify_button.click()
    dialog = case.dialog
    assert isinstance(dialog, ReclassifyDialog)
    qtbot.waitExposed(dialog)
    assert not keeps_keyboard_rules(dialog)
    assert dialog.classification.findData(class_code("communicative", "venting")) < 0  # not to itself
    dialog.classification.setCurrentIndex(dialog.classification.findData(class_code("communicative", "help")))
    dialog.save()
    assert dialog.errors.message("reason") and dialog.isVisible()
    type_text(qtbot, dialog.reason, "实为报修")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert case.row is not None and case.row.kind == "help"
    assert "实为报修" in case.record.text() and "At intake" in case.record.text()  # the history shown
    assert case.work_order_button.isEnabled()
    case.work_order_button.click()
    order = case.dialog
    assert isinstance(order, WorkOrderDialog) and not keeps_keyboard_rules(order)
    type_text(qtbot, order.request, "厨房水管漏水，请上门维修")
    order.save()
    assert case.row is not None and case.row.work_order_request == "厨房水管漏水，请上门维修"
    case.work_order_button.click()
    link = case.dialog
    assert isinstance(link, WorkOrderDialog) and link.number.isVisibleTo(link)
    type_text(qtbot, link.number, "GD-20261205-0003")
    link.save()
    assert case.row is not None and case.row.work_order_ref == "GD-20261205-0003"
    case.escalate_button.click()
    escalate = case.dialog
    assert isinstance(escalate, EscalateDialog) and not keeps_keyboard_rules(escalate)
    type_text(qtbot, escalate.reason, "业主情绪激动")
    escalate.save()
    assert case.row is not None and case.row.escalated and not case.escalate_button.isEnabled()
    assert "业主情绪激动" in case.header.text()


def test_the_record_sheet_previews_and_a_print_marks_the_next_as_a_copy(
    qtbot, page: ComplaintsPage, clerk_context: AppContext, world: World, tmp_path: Path, monkeypatch
) -> None:
    row = take(clerk_context.services, clerk_context.require_actor(), world.unit, "valid", "cleaning")
    page.show_complaint(row.number)
    page.case.print_button.click()
    preview = page.case.dialog
    assert isinstance(preview, paper.PreviewDialog)
    qtbot.waitUntil(lambda: preview.pdf is not None)
    assert row.number in _pdf_text(preview.pdf)
    monkeypatch.setattr(paper, "choose_save_path", lambda *_a, **_k: tmp_path / "sheet.pdf")
    preview.save_pdf()
    assert (tmp_path / "sheet.pdf").read_bytes() == preview.pdf
    assert Complaint.get(Complaint.number == row.number).print_count == 0  # a PDF is not paper
    preview._report("print", "desk printer")  # what the Print button reports after printing
    assert Complaint.get(Complaint.number == row.number).print_count == 1
    qtbot.waitUntil(lambda: preview.pdf is not None and "Copy" in _pdf_text(preview.pdf))
    preview.close()


def _pdf_text(data: bytes | None) -> str:
    from pypdf import PdfReader

    assert data is not None
    return "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


# --- the list -------------------------------------------------------------------------------------


def test_the_list_filters_numbers_and_pages_and_overdue_rows_stand_out(
    qtbot, page: ComplaintsPage, clerk_context: AppContext, world: World, monkeypatch
) -> None:
    actor, services = clerk_context.require_actor(), clerk_context.services
    rows = [take(services, actor, world.unit, "valid", "cleaning", f"第{n}宗", n) for n in range(1, 6)]
    late = rows[1]
    Complaint.update(close_by=utcnow() - timedelta(hours=1)).where(Complaint.number == late.number).execute()
    monkeypatch.setattr(complaint_list, "PAGE_SIZE", 2)
    listing = page.list
    page.tabs.setCurrentWidget(listing)
    assert [r.number for r in listing.model.rows()] == [rows[4].number, rows[3].number]
    assert listing.model.index(1, 0).data() == "2" and listing.more_button.isEnabled()
    listing.load_more()
    listing.load_more()
    assert [r.number for r in listing.model.rows()] == [r.number for r in reversed(rows)]
    assert not listing.more_button.isEnabled()
    position = [r.number for r in listing.model.rows()].index(late.number)
    status = listing.model.index(position, 2)
    assert "overdue" in status.data() and status.data(Qt.ItemDataRole.ForegroundRole) == QColor(BAD)
    listing.overdue_only.setChecked(True)
    assert [r.number for r in listing.model.rows()] == [late.number]
    listing.overdue_only.setChecked(False)
    listing.status.setCurrentIndex(listing.status.findData("closed"))
    assert listing.model.rows() == []
    listing.status.setCurrentIndex(0)
    listing.month.setCurrentIndex(2)  # last month: none of these
    assert listing.model.rows() == []
    listing.month.setCurrentIndex(1)  # this month
    assert len(listing.model.rows()) == 2 and listing.more_button.isEnabled()  # a page of this month
    listing.month.setCurrentIndex(0)
    listing.table.selectRow(0)
    assert page.case.row is not None and page.case.row.number == listing.selected().number  # type: ignore[union-attr]
    press(qtbot, listing.table, Qt.Key.Key_Return)
    assert page.tabs.currentWidget() is page.case
    assert not keeps_keyboard_rules(page)


# --- the shell --------------------------------------------------------------------------------------


def test_search_opener_and_today_tile(qtbot, open_window, clerk_context: AppContext, world: World) -> None:
    actor, services = clerk_context.require_actor(), clerk_context.services
    row = take(services, actor, world.unit, "valid", "cleaning")
    late = take(services, actor, None, "communicative", "venting", "太过分了", 2)
    Complaint.update(close_by=utcnow() - timedelta(hours=1)).where(Complaint.number == late.number).execute()
    window: MainWindow = open_window(clerk_context)
    tile = _complaints_today(clerk_context)
    assert tile.value == "2 open" and tile.detail == "1 overdue" and tile.status == "bad"
    provider = complaint_search(clerk_context, window)
    assert provider("李秀英") == []  # names are the registry's search
    typed = row.number.replace("-", " ").lower()
    (hit,) = provider(typed)
    assert hit.title == row.number and "3-1502" in hit.subtitle
    assert open_record(window, f"complaint:{late.number}")
    page = window.workspace.page("complaints")
    assert isinstance(page, ComplaintsPage) and page.tabs.currentWidget() is page.case
    assert page.case.row is not None and page.case.row.number == late.number
    hit.action()
    assert page.case.row is not None and page.case.row.number == row.number
