"""The import dialog: choose a workbook, preview, import with progress, cancel, read the report."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from frontdesk.auth import Actor
from frontdesk.estate.models import Charge, Resident
from frontdesk.services import Services
from ui.estate import import_dialog
from ui.estate.import_dialog import CHOOSE, PREVIEW, RESULT, ImportDialog
from ui.estate.page import RegistryPage
from ui.kit.context import AppContext


@pytest.fixture
def units(services: Services, admin: Actor) -> None:
    """Building 3 with units 3-1501 and 3-1502."""
    estate_id = services.estate.estates(actor=admin)[0].id
    building = services.estate.add_building(actor=admin, estate_id=estate_id, name="3栋")
    for number in ("1501", "1502"):
        services.estate.add_unit(actor=admin, building_id=building.id, number=number, area_m2="90")


def _workbook(path: Path, rows: Sequence[Sequence[object]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path


@pytest.fixture
def page(qtbot, admin_context: AppContext) -> RegistryPage:
    """The Residents page, the import dialog's parent."""
    widget = RegistryPage(admin_context)
    qtbot.addWidget(widget)
    return widget


def _dialog(page: RegistryPage, path: Path, kind: str = "residents") -> ImportDialog:
    assert not page.import_button.isHidden()
    page.import_button.click()
    dialog = page.dialog
    assert isinstance(dialog, ImportDialog)
    dialog.path.setText(str(path))
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    dialog.next.click()
    assert dialog.pages.currentIndex() == PREVIEW
    return dialog


def test_bad_rows_show_the_report_and_import_nothing(
    page: RegistryPage,
    admin_context: AppContext,
    units: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    source = _workbook(
        tmp_path / "名册.xlsx",
        [
            ["楼栋", "房号", "姓名", "电话", "身份证号", "籍贯"],
            ["3栋", "1502", "王秀英", "138 1234 5678", None, "广东"],
            ["3栋", "9999", "李雷", None, None, None],
            ["3栋", "1501", None, "12", None, None],
        ],
    )
    dialog = _dialog(page, source)
    assert "房号 → Unit" in dialog.columns_label.text() and "籍贯" in dialog.columns_label.text()
    assert dialog.preview.rowCount() == 3 and dialog.preview.item(0, 3).text() == "王秀英"
    dialog.grab().save(str(tmp_path / "preview.png"))
    dialog.next.click()
    assert dialog.pages.currentIndex() == RESULT
    assert "Nothing was imported" in dialog.summary.text()
    problems = [
        [dialog.problems.item(r, c).text() for c in range(2)] for r in range(dialog.problems.rowCount())
    ]
    assert problems == [["3", "房号"], ["4", "姓名"], ["4", "电话"]]
    assert all(dialog.problems.item(r, 3).text() for r in range(dialog.problems.rowCount()))
    assert Resident.select().count() == 0
    opened: list[Path] = []
    monkeypatch.setattr(import_dialog, "open_file", opened.append)
    dialog.open_errors.click()
    assert opened == [tmp_path / "名册.errors.xlsx"]
    sheet = load_workbook(opened[0]).active
    assert sheet is not None and sheet.cell(3, 1).value == 3


def test_good_sheet_imports_and_the_registry_finds_them(
    page: RegistryPage, admin_context: AppContext, units: None, tmp_path: Path
) -> None:
    source = _workbook(
        tmp_path / "good.xlsx",
        [["Unit", "Name", "Phone"], ["3-1502", "王秀英", "13812345678"], ["3-1501", "李雷", None]],
    )
    dialog = _dialog(page, source)
    seen: list[tuple[int, int]] = []
    dialog.relay.sig_progress.connect(lambda done, total: seen.append((done, total)))
    dialog.next.click()
    assert dialog.pages.currentIndex() == RESULT
    assert "Residents imported: 2" in dialog.summary.text()
    assert not dialog.problems.isVisible()
    assert seen[-1] == (2, 2) and dialog.progress.value() == 2
    actor = admin_context.require_actor()
    hits = admin_context.services.estate.search(actor=actor, text="秀英")
    assert [(h.unit_code, h.name) for h in hits] == [("3-1502", "王秀英")]


def test_cancel_imports_nothing(
    page: RegistryPage, admin_context: AppContext, units: None, tmp_path: Path
) -> None:
    source = _workbook(
        tmp_path / "fees.xlsx",
        [
            ["房号", "项目", "月份", "应收"],
            ["3-1502", "物业费", "2026-01", 100],
            ["3-1501", "物业费", "2026-01", 90],
        ],
    )
    dialog = _dialog(page, source, kind="arrears")
    assert "应收 → Amount due" in dialog.columns_label.text()
    # the synchronous runner runs the job at once: press Cancel when the first progress arrives
    dialog.relay.sig_progress.connect(lambda _done, _total: dialog.cancel.click())
    dialog.next.click()
    assert dialog.pages.currentIndex() == RESULT
    assert "Cancelled" in dialog.summary.text()
    assert Charge.select().count() == 0
    dialog.cancel.click()  # now "Close"
    assert not dialog.isVisible()


def test_a_file_that_is_no_workbook_is_said_beside_the_field(
    qtbot, admin_context: AppContext, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.xlsx"
    notes.write_text("hello")
    dialog = ImportDialog(admin_context)
    qtbot.addWidget(dialog)
    dialog.next.click()
    assert "Choose the workbook" in dialog.choose_error.text()
    dialog.path.setText(str(notes))
    dialog.next.click()
    assert dialog.pages.currentIndex() == CHOOSE
    assert "is not an Excel workbook" in dialog.choose_error.text()


def test_the_preview_lists_the_buildings_and_units_to_add(
    page: RegistryPage, admin_context: AppContext, tmp_path: Path
) -> None:
    rows = [
        ["楼栋", "房号", "面积", "业主"],
        ["1栋", "101", 89.37, "王秀英"],
        ["1栋", "102", "120.5", "李雷"],
        ["2栋", "201", 75, "韩梅梅"],
    ]
    source = _workbook(tmp_path / "业主.xlsx", rows)
    page.import_button.click()
    dialog = page.dialog
    assert isinstance(dialog, ImportDialog)
    dialog.path.setText(str(source))
    dialog.create_units.setChecked(True)
    dialog.next.click()
    assert dialog.pages.currentIndex() == PREVIEW
    assert "3 units" in dialog.additions_label.text() and "1栋、2栋" in dialog.additions_label.text()
    listed = [
        [dialog.additions.item(r, c).text() for c in range(3)] for r in range(dialog.additions.rowCount())
    ]
    assert listed == [
        ["1-101", "89.37", "1栋 (new)"],
        ["1-102", "120.5", "1栋 (new)"],
        ["2-201", "75", "2栋 (new)"],
    ]
    dialog.grab().save(str(tmp_path / "additions.png"))
    dialog.next.click()
    assert dialog.pages.currentIndex() == RESULT
    assert "Residents imported: 3; units created: 3." in dialog.summary.text()
    assert "Buildings created: 2." in dialog.summary.text()
    assert Resident.select().count() == 3


def test_without_the_option_the_missing_units_are_refused(
    page: RegistryPage, admin_context: AppContext, tmp_path: Path
) -> None:
    source = _workbook(
        tmp_path / "业主.xlsx", [["楼栋", "房号", "面积", "业主"], ["1栋", "101", 89.37, "王秀英"]]
    )
    dialog = _dialog(page, source)
    assert not dialog.create_units.isChecked()
    assert dialog.additions_label.isHidden() and dialog.additions.isHidden()
    dialog.next.click()
    assert dialog.pages.currentIndex() == RESULT
    assert "Nothing was imported" in dialog.summary.text()
    assert dialog.problems.item(0, 1).text() == "房号"
    assert "There is no unit 1-101." in dialog.problems.item(0, 2).text()
    assert Resident.select().count() == 0
