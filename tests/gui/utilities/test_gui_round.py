"""The meter round on a real database: digits and Enter save and move down, the round resumes at the
first unread row, bad input is refused beside the grid with nothing saved, a flagged row stands out
in colour and words and is confirmed with a reason or corrected, "flags only" with its count, a
stale copy refused, a replacement from the row, the month's readings imported (all or nothing) and
exported, the round sheet previewed, and the page on Shift+F7."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget

from frontdesk.auth import Actor, Permission
from frontdesk.estate.models import Estate
from frontdesk.services import Services
from frontdesk.utilities.kinds import Flag
from frontdesk.utilities.rows import MeterInput, ReadingInput
from tests.qt_helpers import press, type_text
from ui.kit import messages, paper
from ui.kit.context import AppContext
from ui.kit.keyboard import dead_mnemonics, mnemonic_clashes
from ui.kit.pages import registered_pages
from ui.utilities import round_view
from ui.utilities.page import UtilitiesPage
from ui.utilities.round_dialogs import ConfirmFlagDialog, ImportProblemsDialog, ReplacementDialog
from ui.utilities.round_model import CURRENT, FLAG, FLAGGED_BACKGROUND
from ui.utilities.round_view import RoundView
from ui.workbooks.utilities import read_sheet

MONTH = "2026-03"


@dataclass(frozen=True)
class Building:
    """Building 3: 3-1501 and 3-1502 occupied, 3-1601 vacant; a water and an electricity meter each,
    read in January and February; meters by number."""

    id: int
    meters: dict[str, int]


@pytest.fixture
def building(services: Services, admin: Actor) -> Building:
    estate, utilities = services.estate, services.utilities
    added = estate.add_building(actor=admin, estate_id=Estate.get().id, name="3栋", code="3")
    meters: dict[str, int] = {}
    for number, status, floor in (("1501", "occupied", 15), ("1502", "occupied", 15), ("1601", "vacant", 16)):
        unit = estate.add_unit(
            actor=admin, building_id=added.id, number=number, area_m2="80", status=status, floor=floor
        ).id
        for kind, prefix in (("water", "W"), ("electricity", "E")):
            meters[prefix + number] = utilities.add_meter(
                actor=admin,
                meter=MeterInput(kind, prefix + number, 5, date(2025, 1, 1), unit, initial_reading=1000),
            ).id
    for month, advance in (("2026-01", 10), ("2026-02", 20)):
        for meter_id in meters.values():
            utilities.record_reading(actor=admin, month=month, entry=ReadingInput(meter_id, 1000 + advance))
    return Building(added.id, meters)


@pytest.fixture
def view(qtbot, clerk_context: AppContext, building: Building) -> RoundView:
    page = UtilitiesPage(clerk_context)
    qtbot.addWidget(page)
    page.resize(1300, 700)
    page.show()
    qtbot.waitExposed(page)
    page.round.month.setText(MONTH)
    page.activate()
    return page.round


def typed_reading(qtbot, view: RoundView, text: str, enter: bool = True) -> None:
    """Type into the grid as the clerk does: the first key opens the cell, Enter saves."""
    window = view.window()
    if QApplication.activeWindow() is not window:  # a dialog closed: the window manager gives it back
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    view.grid.setFocus(Qt.FocusReason.OtherFocusReason)
    for char in text:
        type_text(qtbot, QApplication.focusWidget(), char)
    if enter:
        press(qtbot, QApplication.focusWidget(), Qt.Key.Key_Return)


def grid_row(view: RoundView) -> int:
    return view.grid.currentIndex().row()


def saved(services: Services, clerk: Actor, building: Building) -> dict[str, int | None]:
    rows = services.utilities.round_rows(actor=clerk, month=MONTH, building_id=building.id)
    return {r.meter_number: r.current for r in rows}


def test_the_page_is_registered_on_shift_f7_after_the_fees() -> None:
    (spec,) = [p for p in registered_pages() if p.id == "utilities"]
    assert (spec.shortcut, spec.order, spec.permission) == ("Shift+F7", 115, Permission.DESK_WORK)
    assert spec.title == "Utilities"  # the page calls itself "Meters and utilities"; the sidebar has no room


def test_digits_and_enter_save_and_move_down_and_the_round_resumes(
    qtbot, view: RoundView, clerk_context: AppContext, building: Building
) -> None:
    assert view.model.rowCount() == 6 and grid_row(view) == 0
    assert view.grid.currentIndex().column() == CURRENT
    assert "0 of 6" in view.progress.text()
    for number, reading in enumerate(("1035", "1041", "1030")):
        typed_reading(qtbot, view, reading)
        assert grid_row(view) == number + 1
    readings = saved(clerk_context.services, clerk_context.require_actor(), building)
    assert [readings[m] for m in ("W1501", "E1501", "W1502")] == [1035, 1041, 1030]
    assert "3 of 6" in view.progress.text() and not view.notice.isVisible()
    assert view.model.row(0) is not None and view.model.row(0).usage == 15  # type: ignore[union-attr]
    # another desk (or this one, later) opens the round again: the cursor on the first unread row
    again = RoundView(clerk_context)
    qtbot.addWidget(again)
    again.month.setText(MONTH)
    again.activate()
    assert grid_row(again) == 3 and "3 of 6" in again.progress.text()


def test_enter_alone_goes_on_keeping_the_reading(qtbot, view: RoundView) -> None:
    typed_reading(qtbot, view, "1035")
    view.grid.go_to(0)
    press(qtbot, view.grid, Qt.Key.Key_Return)
    assert grid_row(view) == 1 and view.model.row(0).current == 1035  # type: ignore[union-attr]


def test_letters_and_too_many_digits_are_refused_beside_the_grid(
    qtbot, view: RoundView, clerk_context: AppContext, building: Building
) -> None:
    typed_reading(qtbot, view, "10a5")
    assert view.notice.isVisible() and "digits" in view.notice.text() and "3-1501" in view.notice.text()
    assert grid_row(view) == 0  # the cursor stays on the row
    assert view.model.index(0, CURRENT).data() == "10a5"  # what was typed is kept, in red
    typed_reading(qtbot, view, "1234567")  # the dial has five digits
    assert view.notice.isVisible() and grid_row(view) == 0
    assert saved(clerk_context.services, clerk_context.require_actor(), building)["W1501"] is None
    typed_reading(qtbot, view, "1035")
    assert not view.notice.isVisible() and grid_row(view) == 1
    assert view.model.index(0, CURRENT).data() == "1035"


def test_a_flagged_row_stands_out_and_is_confirmed_with_a_reason(
    qtbot, view: RoundView, clerk_context: AppContext
) -> None:
    typed_reading(qtbot, view, "1019")  # below February's 1020
    row = view.model.row(0)
    assert row is not None and row.flag is Flag.BELOW and row.needs_attention
    assert view.model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == QColor(FLAGGED_BACKGROUND)
    assert "Below the previous reading" in view.model.index(0, FLAG).data()
    assert "Below the previous reading" in view.notice.text()  # said beside the grid as it is saved
    assert "1 flag to resolve" in view.progress.text() and "(1)" in view.flags_only.text()
    typed_reading(qtbot, view, "1020")  # 3-1501 electricity: nothing used on an occupied unit
    assert view.model.row(1).flag is Flag.ZERO  # type: ignore[union-attr]
    view.flags_only.setChecked(True)
    assert view.proxy.rowCount() == 2 and grid_row(view) == 0
    assert view.confirm_button.isEnabled()
    view.confirm_button.click()
    dialog = view.dialog
    assert isinstance(dialog, ConfirmFlagDialog)
    dialog.save()  # no reason: said beside it, the dialog stays
    assert dialog.errors.message("reason") and dialog.isVisible()
    type_text(qtbot, dialog.reason, "表计故障，已报工程部")
    dialog.save()
    assert view.dialog is None
    first = view.model.row(0)
    assert first is not None and first.confirmed_by == clerk_context.require_actor().username
    assert "表计故障" in view.model.index(0, FLAG).data()
    assert view.proxy.rowCount() == 1 and "(1)" in view.flags_only.text()
    # the other flag is corrected by typing the right reading over it
    typed_reading(qtbot, view, "1044")
    assert view.proxy.rowCount() == 0 and "(0)" in view.flags_only.text()
    view.flags_only.setChecked(False)
    assert view.model.row(1).flag is None  # type: ignore[union-attr]


def test_a_stale_copy_is_refused_with_who_changed_it(
    qtbot, view: RoundView, services: Services, admin: Actor, building: Building
) -> None:
    typed_reading(qtbot, view, "1035")
    services.utilities.record_reading(
        actor=admin, month=MONTH, entry=ReadingInput(building.meters["W1501"], 1036), version=1
    )
    view.grid.go_to(0)
    typed_reading(qtbot, view, "1037")
    assert "admin" in view.notice.text() and grid_row(view) == 0
    assert view.model.row(0).current == 1036  # type: ignore[union-attr]  # the other desk's, read again
    assert view.model.index(0, CURRENT).data() == "1037"  # what this desk typed, kept in red


def test_a_replacement_from_the_row(qtbot, view: RoundView) -> None:
    press(qtbot, view.grid, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    dialog = view.dialog
    assert isinstance(dialog, ReplacementDialog)
    type_text(qtbot, dialog.old_final, "1030")
    dialog.save()  # half a replacement: the new meter's initial reading is asked for
    assert dialog.errors.message("new_initial") and dialog.isVisible()
    type_text(qtbot, dialog.new_initial, "0")
    type_text(qtbot, dialog.current, "7")
    dialog.save()
    row = view.model.row(0)
    assert row is not None and (row.old_final, row.new_initial, row.current, row.usage) == (1030, 0, 7, 17)
    assert "replaced" in view.model.index(0, FLAG).data()


def test_keyboard_rules_on_the_round(view: RoundView) -> None:
    page = view.window()
    assert not mnemonic_clashes(page) and not dead_mnemonics(page)


@pytest.fixture
def workbook(
    tmp_path: Path, services: Services, admin: Actor, building: Building, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """February's readings as the export writes them (three corrected), chosen when the round asks."""
    from ui.workbooks.utilities import write_sheet

    versions = {
        r.meter_number: r.version
        for r in services.utilities.round_rows(actor=admin, month="2026-02", building_id=building.id)
    }
    for number, value in (("W1501", 1031), ("E1501", 1040), ("W1502", 1029)):
        services.utilities.record_reading(
            actor=admin,
            month="2026-02",
            entry=ReadingInput(building.meters[number], value),
            version=versions[number],
        )
    rows = services.utilities.export_rows(actor=admin, sheet="readings", month="2026-02")
    path = tmp_path / "readings.xlsx"
    with path.open("wb") as stream:
        write_sheet(stream, "readings", rows, month="2026-02")
    monkeypatch.setattr(round_view, "choose_workbook", lambda _parent: path)
    return path


def test_import_and_export_of_the_months_readings(
    view: RoundView, workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view.import_button.click()  # February's readings into March: all six meters
    assert isinstance(view.dialog, type(None))
    (note,) = [m for m in messages.shown() if m.kind == "info"]
    assert "6" in note.text
    assert view.model.read() == 6 and view.model.row(0).current == 1031  # type: ignore[union-attr]
    target = tmp_path / "out.xlsx"
    monkeypatch.setattr(paper, "choose_save_path", lambda *_a, **_k: target)
    view.export_button.click()
    table = read_sheet(target)
    assert len(table.rows) == 6


def test_an_import_with_a_wrong_row_imports_nothing_and_lists_it(view: RoundView, workbook: Path) -> None:
    from openpyxl import load_workbook

    path = workbook
    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    header_row = next(r for r in range(1, 6) if any(c.value == "Current reading" for c in sheet[r]))
    column = [c.value for c in sheet[header_row]].index("Current reading") + 1
    sheet.cell(header_row + 2, column, "abc")
    book.save(path)
    view.import_button.click()
    dialog = view.dialog
    assert isinstance(dialog, ImportProblemsDialog)
    assert dialog.problems.rowCount() == 1 and dialog.problems.item(0, 0).text() == str(header_row + 2)
    assert view.model.read() == 0  # nothing imported
    assert path.with_name("readings.errors.xlsx").exists()


def test_the_round_sheet_is_previewed(qtbot, view: RoundView) -> None:
    preview = view.print_sheet()
    assert isinstance(preview, paper.PreviewDialog)
    qtbot.waitUntil(lambda: preview.pdf is not None)
    assert "3栋" in preview.windowTitle() and MONTH in preview.windowTitle()
    preview.close()


def test_shift_f7_opens_the_round_in_the_main_window(
    qtbot, clerk_context: AppContext, building: Building, open_window
) -> None:
    window = open_window(clerk_context)
    press(qtbot, window, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    page = window.findChild(UtilitiesPage)
    assert page is not None and page.isVisible()
    focus = QApplication.focusWidget()
    assert isinstance(focus, QWidget) and focus is page.round.grid


def test_a_closed_month_is_shown_locked(
    qtbot, view: RoundView, services: Services, admin: Actor, building: Building
) -> None:
    from decimal import Decimal

    from frontdesk.utilities.rows import TariffStepInput
    from frontdesk.utilities.tariffs import TariffInput

    for kind in ("water", "electricity"):
        services.utilities.save_tariff(
            actor=admin,
            tariff=TariffInput(kind, "2025-01", "month", (TariffStepInput(None, Decimal("1.00")),)),
        )
    services.utilities.close_month(actor=admin, month="2026-02")
    view.month.setText("2026-02")
    view.month.returnPressed.emit()
    assert view.closed and "2026-02" in view.notice.text() and view.notice.isVisible()
    assert not view.replace_button.isEnabled() and not view.import_button.isEnabled()
    before = view.model.row(0)
    typed_reading(qtbot, view, "1099")
    assert view.model.row(0) == before and QApplication.focusWidget() is view.grid  # nothing opened
