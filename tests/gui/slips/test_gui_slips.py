"""The release-slip form driven through its four steps on a real database; the list, dialogs and tile."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from frontdesk import auth
from frontdesk.auth import Actor
from frontdesk.clock import local_today
from frontdesk.estate.models import Estate
from frontdesk.services import Services
from frontdesk.slips.models import ReleaseSlip, SlipConfirmation
from frontdesk.slips.rows import ApplicantInput, ItemInput, SlipRow, SlipStatus
from tests.qt_helpers import press, type_text
from tests.unit.frontdesk.estate.estate_data import mainland_id
from ui.kit import authorize, paper
from ui.kit.context import AppContext
from ui.slips.dialogs import CompletePendingDialog, VoidDialog
from ui.slips.issue_form import IssueSlipForm
from ui.slips.items_grid import ItemsGrid
from ui.slips.page import SlipsPage

OWNER_ID = mainland_id("11010119800101123")
AGENT_ID = mainland_id("44030419900202456")


@dataclass(frozen=True)
class World:
    """Unit 3-1502 (owner 李秀英, tenant 王小明, no arrears) and 3-1501 (owner 赵大海, in arrears)."""

    unit: int
    arrears_unit: int
    owner: int
    tenant: int
    arrears_owner: int


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its smallest cost: these tests sign several staff members in."""
    monkeypatch.setattr(auth, "ARGON2_TIME_COST", 1)
    monkeypatch.setattr(auth, "ARGON2_MEMORY_KIB", 8)
    monkeypatch.setattr(auth, "ARGON2_PARALLELISM", 1)


@pytest.fixture(autouse=True)
def headless_supervisor() -> Iterator[None]:
    """The supervisor dialog is answered from a list (empty: cancelled)."""
    authorize.set_headless(True)
    yield
    authorize.set_headless(False)


def build_world(services: Services, admin: Actor) -> World:
    """The registry the slips are issued against."""
    estate = services.estate
    building = estate.add_building(actor=admin, estate_id=Estate.get().id, name="3棟")
    unit = estate.add_unit(actor=admin, building_id=building.id, number="1502", area_m2="89.37")
    arrears_unit = estate.add_unit(actor=admin, building_id=building.id, number="1501", area_m2="120")

    def person(unit_id: int, kind: str, name: str, phone: str) -> int:
        return estate.add_resident(
            actor=admin, unit_id=unit_id, kind=kind, name=name, phone=phone
        ).resident.id

    owner = person(unit.id, "owner", "李秀英", "13812345678")
    tenant = person(unit.id, "tenant", "王小明", "13700001111")
    arrears_owner = person(arrears_unit.id, "owner", "赵大海", "13600002222")
    estate.add_charge(
        actor=admin,
        unit_id=arrears_unit.id,
        kind="other",
        amount_fen=123_450,
        due_date=local_today() - timedelta(days=40),
        description="管理费",
    )
    return World(unit.id, arrears_unit.id, owner, tenant, arrears_owner)


def issue_owner_slip(services: Services, actor: Actor, world: World, lines: int = 2) -> SlipRow:
    """An issued slip for 3-1502, its owner applying in person (made through the service)."""
    applicant = ApplicantInput("owner", world.owner, "李秀英", "13812345678", "cn_id", OWNER_ID)
    items = [ItemInput(f"纸箱{n}号", str(n), "箱") for n in range(1, lines + 1)]
    return services.slips.issue_slip(
        actor=actor,
        client_id=f"00000000-0000-4000-8000-{world.unit:012d}",
        unit_id=world.unit,
        applicant=applicant,
        items=items,
        reason="moving_out",
    )


@pytest.fixture
def world(services: Services, admin: Actor) -> World:
    return build_world(services, admin)


@pytest.fixture
def form(qtbot, clerk_context: AppContext, world: World) -> IssueSlipForm:
    widget = IssueSlipForm(clerk_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def fill_applicant(qtbot, form: IssueSlipForm, kind: str, name: str, id_number: str, phone: str) -> None:
    step = form.applicant
    step.kind.setCurrentIndex(step.kind.findData(kind))
    type_text(qtbot, step.name, name)
    type_text(qtbot, step.id_number, id_number)
    type_text(qtbot, step.phone, phone)
    press(qtbot, step.phone, Qt.Key.Key_Return)


def choose_unit(qtbot, form: IssueSlipForm, code: str) -> None:
    type_text(qtbot, form.unit.unit, code)
    press(qtbot, form.unit.unit, Qt.Key.Key_Return)


def type_here(qtbot, grid: ItemsGrid, text: str) -> None:
    """Type into the current cell as the clerk does: start editing, type, Enter (which moves on)."""
    grid.edit(grid.currentIndex())
    (editor,) = [e for e in grid.findChildren(QLineEdit) if e.isVisible()]  # closed ones are hidden
    type_text(qtbot, editor, text)
    qtbot.keyPress(editor, Qt.Key.Key_Return)  # the editor closes on the press: no release to send
    # the delegate commits and closes the editor through a queued call
    qtbot.waitUntil(lambda: grid.state() != QAbstractItemView.State.EditingState)


def type_cell(qtbot, grid: ItemsGrid, row: int, column: int, text: str) -> None:
    grid.setCurrentIndex(grid.items_model.index(row, column))
    type_here(qtbot, grid, text)


def fill_goods(qtbot, form: IssueSlipForm, lines: list[tuple[str, str, str]]) -> None:
    """Type the lines by keyboard only: Enter after each cell, Enter on the empty remarks for a new line."""
    grid = form.goods.grid
    grid.setFocus()
    for number, line in enumerate(lines):
        for text in line:
            type_here(qtbot, grid, text)
        assert grid.currentIndex().column() == 3  # the cursor moved along the line
        if number < len(lines) - 1:
            press(qtbot, grid, Qt.Key.Key_Return)
            assert grid.currentIndex().row() == number + 1 and grid.currentIndex().column() == 0


def _pdf_text(data: bytes | None) -> str:
    from io import BytesIO

    from pypdf import PdfReader

    assert data is not None
    return "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def slips_today(context: AppContext) -> list[SlipRow]:
    return context.services.slips.list_slips(actor=context.require_actor(), day=local_today())


def test_an_agent_s_slip_through_all_four_steps_with_override_and_call(
    qtbot, form: IssueSlipForm, clerk_context: AppContext, supervisor: Actor, world: World
) -> None:
    services = clerk_context.services
    fill_applicant(qtbot, form, "agent", "搬家师傅陈", AGENT_ID, "15011112222")
    assert form.step() == 1
    choose_unit(qtbot, form, "3-1501")
    assert form.slip_context is not None and form.slip_context.blocked
    assert "赵大海" in form.unit.summary.text()
    qtbot.waitUntil(lambda: form.panel.data is not None)  # the unit's story beside the form
    form.advance()  # blocked: arrears need a supervisor
    assert form.step() == 1 and form.errors.message("override")
    authorize.set_headless(True, [authorize.Answer("supervisor1", "password-123", "业主已承诺本周缴清")])
    form.unit.override_button.click()
    assert form.override is not None and form.override.supervisor.username == "supervisor1"
    form.advance()
    assert form.step() == 2
    fill_goods(qtbot, form, [("双人床（已拆装）", "1", "张"), ("纸箱", "12", "箱")])
    assert [i.description for i in form.goods.grid.items_model.items()] == ["双人床（已拆装）", "纸箱"]
    press(qtbot, form.goods.valid_until, Qt.Key.Key_Return)
    assert form.step() == 3
    assert not form.confirm.call.isHidden()
    assert form.confirm.owner.currentData() == world.arrears_owner
    assert "13600002222" not in form.confirm.owner.currentText()  # masked until the clerk dials
    form.confirm.dial_button.click()
    assert form.confirm.dial_number.text() == "13600002222"
    (shown,) = [e for e in services.audit.recent(actor=supervisor, limit=5) if e.action == "reveal"]
    assert shown.entity == "resident" and shown.entity_id == str(world.arrears_owner)
    type_text(qtbot, form.confirm.phone, "13600002222")
    form.confirm.answer.setCurrentIndex(form.confirm.answer.findData("agreed"))
    press(qtbot, form.confirm.note, Qt.Key.Key_Return)

    (row,) = slips_today(clerk_context)
    assert row.status is SlipStatus.ISSUED and row.unit_code.endswith("1501")
    assert row.override_by == "supervisor1" and row.override_reason == "业主已承诺本周缴清"
    assert row.confirmation == "agreed" and row.applicant_name == "搬家师傅陈"
    detail = services.slips.get(actor=clerk_context.require_actor(), number=row.number)
    assert [(i.description, i.quantity, i.unit) for i in detail.items] == [
        ("双人床（已拆装）", "1", "张"),
        ("纸箱", "12", "箱"),
    ]
    assert detail.confirmations[0].owner_name == "赵大海"
    assert row.number in form.result.text()
    assert form.step() == 0 and form.applicant.name.text() == ""  # ready for the next applicant
    assert not form.result.isHidden()
    fill_applicant(qtbot, form, "agent", "装修工王", AGENT_ID, "15011113333")
    assert form.step() == 1 and form.result.isHidden()  # not mistaken for the slip now being made
    previews = [w for w in paper._open if row.number in w.windowTitle()]
    assert previews, "the three copies are previewed at once"
    qtbot.waitUntil(lambda: previews[0].pdf is not None)
    assert len(previews[0].pages) == 3  # applicant, gate, office
    for preview in previews:
        preview.close()


def test_an_owner_applying_needs_no_call_and_choosing_them_fills_the_name(
    qtbot, form: IssueSlipForm, clerk_context: AppContext, world: World
) -> None:
    fill_applicant(qtbot, form, "owner", "李", OWNER_ID, "13812345678")
    choose_unit(qtbot, form, "3棟1502")
    assert not form.unit.resident.isHidden() and form.unit.resident.count() == 1
    form.unit.resident.activated.emit(0)
    assert form.applicant.name.text() == "李秀英"
    form.advance()
    fill_goods(qtbot, form, [("冰箱", "1", "台")])
    form.goods.reason.setCurrentIndex(form.goods.reason.findData("repair"))
    form.advance()
    assert form.step() == 3 and form.confirm.call.isHidden()
    assert "3棟" in form.confirm.recap.text() or "1502" in form.confirm.recap.text()
    form.advance()
    (row,) = slips_today(clerk_context)
    assert row.status is SlipStatus.ISSUED and row.applicant_name == "李秀英" and row.confirmation == ""
    for preview in list(paper._open):
        preview.close()


def test_choosing_a_resident_uses_their_number_on_record_without_showing_it(
    qtbot, form: IssueSlipForm, clerk_context: AppContext, world: World
) -> None:
    """A blank phone for an owner or tenant is their number on record; the form shows it masked only."""
    fill_applicant(qtbot, form, "tenant", "陈某", OWNER_ID, "15099998888")
    choose_unit(qtbot, form, "3棟1502")
    form.unit.resident.activated.emit(0)  # the tenant on record, not the name typed
    assert form.applicant.name.text() == "王小明"
    assert form.applicant.phone.text() == ""  # 陈某's number is not 王小明's
    assert "137****1111" in form.applicant.phone.placeholderText()
    assert "13700001111" not in form.applicant.phone.placeholderText()
    form.advance()
    fill_goods(qtbot, form, [("冰箱", "1", "台")])
    form.advance()
    assert form.step() == 3 and "138****5678" in form.confirm.phone.placeholderText()
    form.confirm.answer.setCurrentIndex(form.confirm.answer.findData("agreed"))
    form.advance()  # no number typed: the owner's number on record was called
    (row,) = slips_today(clerk_context)
    assert row.status is SlipStatus.ISSUED and row.applicant_name == "王小明"
    stored = ReleaseSlip.get_by_id(row.id)
    assert stored.applicant_phone == "13700001111"
    assert SlipConfirmation.get(SlipConfirmation.slip == row.id).phone == "13812345678"
    for preview in list(paper._open):
        preview.close()


@pytest.mark.parametrize(
    ("name", "id_number", "phone", "field"),
    [
        ("", AGENT_ID, "15011112222", "applicant_name"),
        ("陈师傅", "", "15011112222", "applicant_id"),
        ("陈师傅", AGENT_ID[:-1] + ("0" if AGENT_ID[-1] != "0" else "1"), "15011112222", "applicant_id"),
        ("陈师傅", AGENT_ID, "", "applicant_phone"),
        ("陈师傅", AGENT_ID, "12ab", "applicant_phone"),
    ],
)
def test_bad_applicant_input_is_shown_beside_the_field_and_kept(
    qtbot, form: IssueSlipForm, clerk_context: AppContext, name: str, id_number: str, phone: str, field: str
) -> None:
    fill_applicant(qtbot, form, "agent", name, id_number, phone)
    assert form.step() == 0
    assert form.errors.message(field), field
    assert [f for f in form.errors.fields() if form.errors.message(f)] == [field]
    assert (form.applicant.name.text(), form.applicant.id_number.text(), form.applicant.phone.text()) == (
        name,
        id_number,
        phone,
    )
    assert slips_today(clerk_context) == []


def test_the_unit_must_be_found_and_a_refused_override_keeps_the_step_blocked(
    qtbot, form: IssueSlipForm, clerk_context: AppContext, world: World
) -> None:
    fill_applicant(qtbot, form, "agent", "陈师傅", AGENT_ID, "15011112222")
    choose_unit(qtbot, form, "9-9999")
    assert form.errors.message("unit") and form.slip_context is None
    form.advance()
    assert form.step() == 1 and form.errors.message("unit")
    form.unit.unit.clear()
    choose_unit(qtbot, form, "3-1501")
    authorize.set_headless(True, [None])  # the supervisor does not come
    form.unit.override_button.click()
    form.advance()
    assert form.step() == 1 and form.errors.message("override") and form.override is None
    assert form.applicant.name.text() == "陈师傅"
    assert slips_today(clerk_context) == []


def test_bad_goods_are_shown_by_line_and_nothing_is_saved(
    qtbot, form: IssueSlipForm, clerk_context: AppContext, world: World
) -> None:
    fill_applicant(qtbot, form, "agent", "陈师傅", AGENT_ID, "15011112222")
    choose_unit(qtbot, form, "3-1502")
    form.advance()
    form.advance()  # no goods typed
    assert form.step() == 2 and form.errors.message("items")
    fill_goods(qtbot, form, [("沙发", "1", "张"), ("纸箱", "几个", "箱")])
    form.advance()
    assert form.step() == 2
    assert form.errors.message("items").startswith("Line 2:")
    assert form.goods.grid.currentIndex().row() == 1 and form.goods.grid.currentIndex().column() == 1
    type_cell(qtbot, form.goods.grid, 1, 1, "3")
    form.goods.reason.setCurrentIndex(form.goods.reason.findData("other"))
    form.advance()
    assert form.step() == 2 and form.errors.message("reason_note")
    type_text(qtbot, form.goods.reason_note, "送修")
    form.goods.valid_until.setDate(form.goods.valid_until.date().addDays(-1))
    form.advance()
    assert form.step() == 2 and form.errors.message("valid_until")
    form.goods.valid_until.setDate(form.goods.valid_until.date().addDays(1))
    form.advance()
    assert form.step() == 3
    form.advance()  # no answer chosen
    assert form.step() == 3 and form.errors.message("confirmation_owner") == ""
    assert form.errors.message("confirmation_answer")
    form.confirm.answer.setCurrentIndex(form.confirm.answer.findData("agreed"))
    type_text(qtbot, form.confirm.phone, "call me")
    form.advance()  # not a number: the service says so beside the field
    assert form.step() == 3 and form.errors.message("confirmation_phone")
    assert slips_today(clerk_context) == []
    assert [i.quantity for i in form.goods.grid.items_model.items()] == ["1", "3"]


def test_a_refused_call_ends_refused_and_an_unreachable_owner_leaves_it_pending(
    qtbot, form: IssueSlipForm, clerk_context: AppContext, world: World
) -> None:
    for answer in ("refused", "unreachable"):
        fill_applicant(qtbot, form, "agent", "陈师傅", AGENT_ID, "15011112222")
        choose_unit(qtbot, form, "3-1502")
        form.advance()
        fill_goods(qtbot, form, [("沙发", "1", "张")])
        form.advance()
        type_text(qtbot, form.confirm.phone, "13812345678")
        form.confirm.answer.setCurrentIndex(form.confirm.answer.findData(answer))
        form.advance()
        assert form.step() == 0
    rows = {r.confirmation: r for r in slips_today(clerk_context)}
    assert rows["refused"].status is SlipStatus.REFUSED
    assert rows["unreachable"].status is SlipStatus.PENDING
    assert not [w for w in paper._open if rows["refused"].number in w.windowTitle()]


@pytest.fixture
def page(qtbot, clerk_context: AppContext, world: World) -> SlipsPage:
    widget = SlipsPage(clerk_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    widget.activate()
    return widget


def test_the_list_reprints_marked_as_reprint_and_records_each_print(
    qtbot, page: SlipsPage, clerk_context: AppContext, world: World, tmp_path: Path, monkeypatch
) -> None:
    actor, slips = clerk_context.require_actor(), clerk_context.services.slips
    row = issue_owner_slip(clerk_context.services, actor, world)
    page.tabs.setCurrentWidget(page.list)
    assert [r.number for r in page.list.model.rows()] == [row.number]
    page.list.table.selectRow(0)
    assert page.list.print_button.isEnabled() and not page.list.complete_button.isEnabled()
    monkeypatch.setattr(paper, "choose_save_path", lambda *_a, **_k: tmp_path / "slip.pdf")
    page.list.reprint()
    preview = page.list.dialog
    assert isinstance(preview, paper.PreviewDialog)
    qtbot.waitUntil(lambda: preview.pdf is not None)
    first = preview.pdf
    assert "REPRINT" not in _pdf_text(first)
    preview.save_pdf()
    assert (tmp_path / "slip.pdf").read_bytes() == first
    # a PDF saved is recorded, but the paper printed next is still the original, not a reprint
    assert slips.get(actor=actor, number=row.number).slip.print_count == 0
    assert not slips.document(actor=actor, number=row.number).reprint
    trail = clerk_context.services.audit.recent(
        actor=clerk_context.services.staff.authenticate(username="admin", password="admin-pass-1"), limit=5
    )
    assert any(e.action == "save_pdf" and e.entity == "release_slip" for e in trail)
    preview.close()


def test_voiding_needs_a_reason_and_keeps_the_slip(
    qtbot, page: SlipsPage, clerk_context: AppContext, world: World
) -> None:
    actor, slips = clerk_context.require_actor(), clerk_context.services.slips
    row = issue_owner_slip(clerk_context.services, actor, world)
    page.list.reload()
    page.list.table.selectRow(0)
    page.list.void()
    dialog = page.list.dialog
    assert isinstance(dialog, VoidDialog)
    dialog.save()
    assert dialog.errors.message("void_reason") and slips.get(actor=actor, number=row.number).slip.status is (
        SlipStatus.ISSUED
    )
    type_text(qtbot, dialog.reason, "房号写错，已重开")
    dialog.save()
    voided = slips.get(actor=actor, number=row.number).slip
    assert voided.status is SlipStatus.VOIDED and voided.void_reason == "房号写错，已重开"
    assert page.list.model.rows()[0].status is SlipStatus.VOIDED  # the list reloaded
    assert not page.list.void_button.isEnabled()


def test_a_pending_slip_is_completed_from_the_list(
    qtbot, page: SlipsPage, clerk_context: AppContext, world: World
) -> None:
    form = page.form
    fill_applicant(qtbot, form, "agent", "陈师傅", AGENT_ID, "15011112222")
    choose_unit(qtbot, form, "3-1502")
    form.advance()
    fill_goods(qtbot, form, [("沙发", "1", "张")])
    form.advance()
    type_text(qtbot, form.confirm.phone, "13812345678")
    form.confirm.answer.setCurrentIndex(form.confirm.answer.findData("unreachable"))
    form.advance()
    page.tabs.setCurrentWidget(page.list)
    (row,) = page.list.model.rows()
    assert row.status is SlipStatus.PENDING
    page.list.table.selectRow(0)
    assert page.list.complete_button.isEnabled()
    page.list.complete()
    dialog = page.list.dialog
    assert isinstance(dialog, CompletePendingDialog)
    dialog.save()  # nothing chosen yet
    assert dialog.errors.message("confirmation_answer")
    type_text(qtbot, dialog.step.phone, "13812345678")
    dialog.step.answer.setCurrentIndex(dialog.step.answer.findData("agreed"))
    dialog.save()
    done = clerk_context.services.slips.get(actor=clerk_context.require_actor(), number=row.number)
    assert done.slip.status is SlipStatus.ISSUED and len(done.confirmations) == 2
    preview = page.list.dialog  # the slip, valid now, goes to paper at once
    assert isinstance(preview, paper.PreviewDialog) and row.number in preview.windowTitle()
    qtbot.waitUntil(lambda: preview.pdf is not None)
    preview.close()


def test_escape_starts_again_and_keeps_nothing(qtbot, form: IssueSlipForm, clerk_context: AppContext) -> None:
    type_text(qtbot, form.applicant.name, "陈师傅")
    press(qtbot, form.applicant.name, Qt.Key.Key_Escape)
    assert form.applicant.name.text() == "" and form.step() == 0
    assert slips_today(clerk_context) == []


def test_every_table_model_passes_the_model_tester(
    qtmodeltester, page: SlipsPage, clerk_context, world
) -> None:
    issue_owner_slip(clerk_context.services, clerk_context.require_actor(), world, lines=3)
    page.list.reload()
    qtmodeltester.check(page.list.model)
    qtmodeltester.check(page.list.proxy)
    grid = page.form.goods.grid.items_model
    grid.setData(grid.index(0, 0), "沙发")
    grid.insertRows(1, 2)
    qtmodeltester.check(grid)


def test_today_tile_and_global_search(qtbot, clerk_context: AppContext, world: World) -> None:
    from ui.slips.register import _slips_today, slip_search

    row = issue_owner_slip(clerk_context.services, clerk_context.require_actor(), world)
    value = _slips_today(clerk_context)
    assert value.value == "1 issued" and "0 used" in value.detail

    class Nav:
        def __init__(self) -> None:
            self.page = SlipsPage(clerk_context)
            qtbot.addWidget(self.page)

        def open_page(self, page_id: str) -> SlipsPage | None:
            return self.page if page_id == "release_slips" else None

        def show_status(self, text: str) -> None:
            pass

    nav = Nav()
    results = slip_search(clerk_context, nav)(row.number[-4:])
    assert [r.title for r in results] == [row.number]
    assert slip_search(clerk_context, nav)("李秀英") == []  # names are the registry's search
    results[0].action()
    assert nav.page.tabs.currentWidget() is nav.page.list
    assert nav.page.list.selected() is not None and nav.page.list.selected().number == row.number


def test_the_list_exports_to_excel_with_a_supervisor_s_permission(
    qtbot,
    page: SlipsPage,
    clerk_context: AppContext,
    supervisor: Actor,
    world: World,
    tmp_path: Path,
    monkeypatch,
) -> None:
    from openpyxl import load_workbook

    row = issue_owner_slip(clerk_context.services, clerk_context.require_actor(), world)
    page.list.reload()
    target = tmp_path / "slips.xlsx"
    monkeypatch.setattr(paper, "choose_save_path", lambda *_a, **_k: target)
    authorize.set_headless(True, [authorize.Answer("supervisor1", "password-123", "月度统计")])
    page.list.export()
    qtbot.waitUntil(target.exists)
    cells = [str(c.value) for r in load_workbook(target).active.iter_rows() for c in r if c.value is not None]
    assert row.number in cells and "李秀英" in cells


def test_the_whole_form_by_keyboard_alone(qtbot, form: IssueSlipForm, clerk_context: AppContext) -> None:
    fill_applicant(qtbot, form, "agent", "陈师傅", AGENT_ID, "15011112222")  # Enter in the phone field
    choose_unit(qtbot, form, "3-1502")  # the first Enter looks the unit up …
    assert form.step() == 1 and form.slip_context is not None
    press(qtbot, form.unit.unit, Qt.Key.Key_Return)  # … the second goes on
    assert form.step() == 2
    fill_goods(qtbot, form, [("沙发", "1", "张")])
    press(qtbot, form.goods.grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.step() == 3
    type_text(qtbot, form.confirm.phone, "13812345678")
    form.confirm.answer.setFocus()
    press(qtbot, form.confirm.answer, Qt.Key.Key_Down)
    assert form.confirm.answer.currentData() == "agreed"
    form.next_button.setFocus()
    press(qtbot, form.next_button, Qt.Key.Key_Return)
    (row,) = slips_today(clerk_context)
    assert row.status is SlipStatus.ISSUED
    for preview in list(paper._open):
        preview.close()
