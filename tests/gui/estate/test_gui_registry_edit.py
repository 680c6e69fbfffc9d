"""Editing the registry from the Residents page: buildings and units, residents, standing instructions."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from frontdesk.auth import Actor
from frontdesk.clock import local_today
from frontdesk.estate.kinds import UnitStatus
from frontdesk.estate.layout import UnitLayout
from frontdesk.estate.models import Building, Estate, Resident, Unit
from frontdesk.estate.rows import UnitRow
from frontdesk.services import Services
from tests.qt_helpers import press, type_text
from tests.unit.frontdesk.estate.estate_data import mainland_id
from ui.estate.buildings import BuildingDialog, UnitEditDialog
from ui.estate.instructions import EndInstructionDialog, InstructionDialog
from ui.estate.page import RegistryPage
from ui.estate.people import MoveOutDialog, ResidentDialog
from ui.kit import messages
from ui.kit.context import AppContext

GOOD_ID = mainland_id("11010119800101123")
BAD_ID = GOOD_ID[:-1] + ("0" if GOOD_ID[-1] != "0" else "1")  # the check digit is wrong


@pytest.fixture
def unit(services: Services, admin: Actor) -> UnitRow:
    """Building 1 with floors 1-2 of two flats each; returns 1-101."""
    estate_id = Estate.get().id
    services.estate.add_buildings(
        actor=admin, estate_id=estate_id, buildings="1", layout=UnitLayout(1, 2, 2), area_m2="88"
    )
    found = services.estate.resolve_unit(actor=admin, text="1-101").unit
    assert found is not None
    return found


def _page(qtbot, context: AppContext) -> RegistryPage:
    page = RegistryPage(context)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()  # shortcuts work in the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.activate()
    return page


def _show(qtbot, page: RegistryPage, code: str) -> None:
    type_text(qtbot, page.search, code)
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=2000)
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.panel.data is not None and page.panel.data.unit.code == code)


def _dialog(page: RegistryPage, kind: type[QDialog]) -> QDialog:
    dialog = page.dialog
    assert isinstance(dialog, kind) and dialog.isVisible()
    return dialog


def test_add_buildings_previews_the_codes_and_creates_every_unit(
    qtbot, admin_context: AppContext, services: Services, admin: Actor
) -> None:
    page = _page(qtbot, admin_context)
    press(
        qtbot,
        page.search,
        Qt.Key.Key_N,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = _dialog(page, BuildingDialog)
    form = dialog.layout_form
    type_text(qtbot, form.buildings, "3栋, 5")
    form.last_floor.setValue(15)
    form.per_floor.setValue(2)
    assert "60" in form.preview.text() and "3-101" in form.preview.text() and "5-1502" in form.preview.text()
    type_text(qtbot, form.area, "89.37")
    press(qtbot, form.area, Qt.Key.Key_Return)  # Enter saves
    assert not dialog.isVisible()
    three = Building.get(Building.code == "3")
    assert three.name == "3栋"
    codes = [u.code for u in services.estate.units(actor=admin, building_id=three.id)]
    assert len(codes) == 30 and codes[0] == "3-101" and codes[-1] == "3-1502"
    assert Unit.get(Unit.code == "5-1502").area_dm2 == 8937
    assert any("60" in m.text for m in messages.shown())


def test_bad_generator_input_stays_in_the_dialog_and_saves_nothing(qtbot, admin_context: AppContext) -> None:
    page = _page(qtbot, admin_context)
    page.editing.add_building.trigger()
    dialog = _dialog(page, BuildingDialog)
    type_text(qtbot, dialog.layout_form.buildings, "会所")
    type_text(qtbot, dialog.layout_form.area, "90")
    dialog.save()
    assert dialog.isVisible() and "会所" in dialog.errors.message("buildings")
    assert Building.select().count() == 0 and Unit.select().count() == 0
    press(qtbot, dialog.layout_form.buildings, Qt.Key.Key_Escape)  # Esc cancels
    assert not dialog.isVisible()


def test_add_resident_refuses_a_bad_id_beside_the_field_then_saves_it_masked(
    qtbot, admin_context: AppContext, services: Services, admin: Actor, unit: UnitRow
) -> None:
    page = _page(qtbot, admin_context)
    _show(qtbot, page, "1-101")
    assert "Ctrl+N" in page.editing.resident_button.text()
    press(qtbot, page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = _dialog(page, ResidentDialog)
    type_text(qtbot, dialog.name, "欧阳秀英")
    type_text(qtbot, dialog.phone, "138 1234 5678")
    type_text(qtbot, dialog.id_number, BAD_ID)
    press(qtbot, dialog.id_number, Qt.Key.Key_Return)
    assert dialog.isVisible() and "check digit" in dialog.errors.message("id_number")
    assert dialog.name.text() == "欧阳秀英" and Resident.select().count() == 0
    dialog.id_number.clear()
    type_text(qtbot, dialog.id_number, GOOD_ID)
    dialog.moved_in.setChecked(True)
    press(qtbot, dialog.id_number, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    (row,) = services.estate.residents(actor=admin, unit_id=unit.id)
    assert row.name == "欧阳秀英" and row.move_in == local_today()
    assert services.estate.unit(actor=admin, unit_id=unit.id).status is UnitStatus.OCCUPIED
    assert row.id_number_masked.endswith(GOOD_ID[-4:]) and GOOD_ID not in row.id_number_masked
    qtbot.waitUntil(lambda: "欧阳秀英" in page.panel.text())
    assert "138 1234 5678" not in page.panel.text() and row.phone_masked in page.panel.text()


def test_edit_resident_keeps_the_id_and_refuses_a_stale_copy(
    qtbot, admin_context: AppContext, services: Services, admin: Actor, clerk: Actor, unit: UnitRow
) -> None:
    saved = services.estate.add_resident(
        actor=admin,
        unit_id=unit.id,
        kind="owner",
        name="李雷",
        phone="13900001111",
        id_type="cn_id",
        id_number=GOOD_ID,
    ).resident
    page = _page(qtbot, admin_context)
    _show(qtbot, page, "1-101")
    page.editing.edit_resident.trigger()
    dialog = _dialog(page, ResidentDialog)
    assert dialog.phone.text() == "13900001111"  # the clerk edits the full number
    assert saved.id_number_masked in dialog.id_number.placeholderText() and dialog.id_number.text() == ""
    dialog.phone.clear()
    type_text(qtbot, dialog.phone, "13900002222")
    dialog.save()
    assert not dialog.isVisible()
    detail = services.estate.resident(actor=admin, resident_id=saved.id)
    assert detail.phone == "13900002222" and detail.row.id_number_masked == saved.id_number_masked

    page.editing.edit_resident.trigger()
    stale = _dialog(page, ResidentDialog)
    current = services.estate.resident(actor=admin, resident_id=saved.id).row
    services.estate.update_resident(
        actor=clerk, resident_id=saved.id, version=current.version, remarks="另一台"
    )
    type_text(qtbot, stale.remarks, "钥匙在管理处")
    stale.save()
    assert stale.isVisible() and "Changed by clerk1" in messages.shown()[-1].text
    assert services.estate.resident(actor=admin, resident_id=saved.id).row.remarks == "另一台"


def test_move_out_keeps_the_resident_in_history(
    qtbot, admin_context: AppContext, services: Services, admin: Actor, unit: UnitRow
) -> None:
    saved = services.estate.add_resident(
        actor=admin, unit_id=unit.id, kind="tenant", name="韩梅梅", occupy=True
    ).resident
    page = _page(qtbot, admin_context)
    _show(qtbot, page, "1-101")
    press(
        qtbot,
        page.table,
        Qt.Key.Key_M,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    dialog = _dialog(page, MoveOutDialog)
    assert dialog.vacate.isVisible() and dialog.vacate.isChecked()
    dialog.save()
    assert not dialog.isVisible()
    assert services.estate.residents(actor=admin, unit_id=unit.id) == []
    (former,) = services.estate.residents(actor=admin, unit_id=unit.id, include_former=True)
    assert former.id == saved.id and former.move_out == local_today() and not former.active
    assert services.estate.unit(actor=admin, unit_id=unit.id).status is UnitStatus.VACANT
    qtbot.waitUntil(lambda: "韩梅梅" not in page.panel.text())


def test_add_and_end_a_standing_instruction(
    qtbot, admin_context: AppContext, services: Services, admin: Actor, unit: UnitRow
) -> None:
    page = _page(qtbot, admin_context)
    _show(qtbot, page, "1-101")
    press(qtbot, page.table, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dialog = _dialog(page, InstructionDialog)
    type_text(qtbot, dialog.text, "业主出国至3月，放行物品前先致电")
    press(qtbot, dialog.text, Qt.Key.Key_Return)
    assert not dialog.isVisible()
    qtbot.waitUntil(lambda: "放行物品前先致电" in page.panel.text())

    page.editing.end_instruction.trigger()
    ending = _dialog(page, EndInstructionDialog)
    assert ending.last_day.date().toPython() == local_today() - timedelta(days=1)
    ending.save()
    assert not ending.isVisible()
    assert services.estate.instructions(actor=admin, unit_id=unit.id) == []
    (kept,) = services.estate.instructions(actor=admin, unit_id=unit.id, include_ended=True)
    assert kept.until == local_today() - timedelta(days=1)
    qtbot.waitUntil(lambda: "放行物品前先致电" not in page.panel.text())


def test_edit_unit_changes_area_and_status_and_refuses_a_bad_area(
    qtbot, admin_context: AppContext, services: Services, admin: Actor, unit: UnitRow
) -> None:
    page = _page(qtbot, admin_context)
    _show(qtbot, page, "1-101")
    press(qtbot, page.table, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    dialog = _dialog(page, UnitEditDialog)
    dialog.area.clear()
    type_text(qtbot, dialog.area, "九十")
    dialog.save()
    assert dialog.isVisible() and "square metres" in dialog.errors.message("area_m2")
    dialog.area.clear()
    type_text(qtbot, dialog.area, "92.5")
    dialog.status.setCurrentIndex(dialog.status.findData(UnitStatus.UNDER_DECORATION.value))
    dialog.save()
    assert not dialog.isVisible()
    row = services.estate.unit(actor=admin, unit_id=unit.id)
    assert row.area_m2 == Decimal("92.50") and row.status is UnitStatus.UNDER_DECORATION


@pytest.mark.parametrize("bad", ["\x00", "\x1b"])
def test_a_pasted_control_character_is_refused_beside_the_name_and_the_text_kept(
    qtbot, admin_context: AppContext, unit: UnitRow, bad: str
) -> None:
    page = _page(qtbot, admin_context)
    _show(qtbot, page, "1-101")
    press(qtbot, page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = _dialog(page, ResidentDialog)
    pasted = f"欧阳{bad}秀英"
    QApplication.clipboard().setText(pasted)
    dialog.name.setFocus()
    press(qtbot, dialog.name, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)  # a paste keeps it
    assert dialog.name.text() == pasted
    press(qtbot, dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible() and f"U+{ord(bad):04X}" in dialog.errors.message("name")
    assert dialog.name.text() == pasted and Resident.select().count() == 0
    dialog.name.clear()
    type_text(qtbot, dialog.name, "欧阳秀英")
    assert dialog.errors.message("name") == ""  # editing clears the message
    press(qtbot, dialog.name, Qt.Key.Key_Return)
    assert not dialog.isVisible() and Resident.get().name == "欧阳秀英"
