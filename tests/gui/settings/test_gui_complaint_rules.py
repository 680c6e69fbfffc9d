"""The complaint settings on the Settings page: the keyword rules edited, saved whole, out to Excel and
back in as the command line does it, their hit rate; the departments added, renamed and hidden."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem

from frontdesk.auth import Actor
from frontdesk.complaints.models import ComplaintRule
from frontdesk.complaints.rows import ComplainantInput, IntakeInput
from frontdesk.services import Services
from tests.qt_helpers import type_text
from ui.complaint_rules import panel as panel_module
from ui.complaint_rules.panel import CODE_ROLE, ComplaintRulesPanel
from ui.kit import messages, paper
from ui.settings.page import SettingsPage
from ui.shell.main_window import MainWindow


@pytest.fixture
def panel(open_window, admin_context) -> ComplaintRulesPanel:
    """The complaint settings in the administrator's Settings page."""
    window: MainWindow = open_window(admin_context)
    page = window.open_page("settings")
    assert isinstance(page, SettingsPage)
    [section] = [s for s in page.sections if isinstance(s, ComplaintRulesPanel)]
    return section


def test_the_table_reached_by_its_letter_is_scrolled_into_view(qtbot, panel: ComplaintRulesPanel) -> None:
    page = panel.window().findChild(SettingsPage)
    assert isinstance(page, SettingsPage)
    bar = page.verticalScrollBar()
    bar.setValue(0)
    panel.departments.setFocus()
    qtbot.waitUntil(lambda: bar.value() > 0)
    top = panel.departments.mapTo(page.widget(), panel.departments.rect().topLeft()).y()
    assert bar.value() <= top <= bar.value() + page.viewport().height()


def test_the_clerk_sees_no_complaint_settings(open_window, clerk_context) -> None:
    window: MainWindow = open_window(clerk_context)
    page = window.open_page("settings")
    assert isinstance(page, SettingsPage) and page.sections == []


def test_the_rules_are_edited_in_the_table_and_saved_whole(
    qtbot, panel: ComplaintRulesPanel, services: Services, admin: Actor
) -> None:
    count = ComplaintRule.select().count()
    assert panel.table.rowCount() == count > 30
    assert panel.table.item(0, 0).text() == "亂收費"
    assert panel.table.item(0, 1).text() == "Valid complaint · Charges"
    panel.add_rule()
    row = panel.table.rowCount() - 1
    panel.table.setItem(row, 0, QTableWidgetItem("噪音"))
    meaning = panel.table.item(row, 1)
    meaning.setData(CODE_ROLE, "communicative:venting")
    panel.table.setCurrentCell(1, 0)
    panel.remove_rule()
    panel.save_rules()
    assert panel.result.text() == f"Saved {count} keyword rules."
    keywords = [r.keyword for r in services.complaints.rules(actor=admin)]
    assert keywords[-1] == "噪音" and "乱收费" not in keywords
    assert services.complaints.suggest(actor=admin, text="楼上噪音太大").code == "communicative:venting"
    assert messages.shown() == []


def test_a_bad_rule_is_named_and_nothing_is_saved(
    panel: ComplaintRulesPanel, services: Services, admin: Actor
) -> None:
    before = [r.keyword for r in services.complaints.rules(actor=admin)]
    panel.table.item(3, 0).setText("")
    panel.table.item(5, 0).setText("亂收費")
    panel.save_rules()
    assert "Rule 4: Type the keyword." in panel.problems.text()
    assert "Rule 6: The keyword 亂收費 is listed twice." in panel.problems.text()
    assert "Nothing was saved." in panel.problems.text() and panel.problems.isVisible()
    assert panel.table.currentRow() == 3
    assert [r.keyword for r in services.complaints.rules(actor=admin)] == before
    assert messages.shown() == []


def test_the_rules_go_out_to_excel_and_come_back_in(
    panel: ComplaintRulesPanel, services: Services, admin: Actor, tmp_path: Path, monkeypatch
) -> None:
    target = tmp_path / "rules.xlsx"
    monkeypatch.setattr(paper, "choose_save_path", lambda *_a, **_k: target)
    panel.export_rules()
    count = ComplaintRule.select().count()
    assert panel.result.text() == f"Exported {count} rows to {target}."
    from openpyxl import load_workbook

    book = load_workbook(target)
    sheet = book.active
    assert sheet is not None
    found = [row for row in sheet.iter_rows(values_only=True) if row[0] == "多收"]
    assert found and found[0][1:3] == ("valid", "charges")
    sheet.append(["物业态度差", "valid", "other"])
    sheet.append(["", "valid", "nonsense"])
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    monkeypatch.setattr(panel_module, "choose_rules_file", lambda _parent: bad)
    panel.import_rules()
    last = sheet.max_row
    assert f"Row {last}:" in panel.problems.text() and "Nothing was saved." in panel.problems.text()
    assert ComplaintRule.select().count() == count
    sheet.delete_rows(last)
    good = tmp_path / "good.xlsx"
    book.save(good)
    monkeypatch.setattr(panel_module, "choose_rules_file", lambda _parent: good)
    panel.import_rules()
    assert panel.result.text() == f"Imported {count + 1} keyword rules."
    assert panel.table.rowCount() == count + 1 and panel.table.item(count, 0).text() == "物业态度差"
    assert [m.kind for m in messages.shown()] == ["confirm", "confirm"]


def test_the_hit_rate_is_shown(qtbot, open_window, admin_context, services: Services, admin: Actor) -> None:
    import uuid

    from frontdesk.estate.models import Estate

    estate = services.estate
    building = estate.add_building(actor=admin, estate_id=Estate.get().id, name="3棟")
    unit = estate.add_unit(actor=admin, building_id=building.id, number="1502", area_m2="80")
    for cls, kind in (("valid", "charges"), ("valid", "charges"), ("communicative", "enquiry")):
        services.complaints.take_complaint(
            actor=admin,
            client_id=str(uuid.uuid4()),
            intake=IntakeInput(
                channel="walk_in",
                complainant=ComplainantInput(None, "路人", "13900001111"),
                unit_id=unit.id,
                place="",
                content="物业费乱收费",
                cls=cls,
                kind=kind,
                suggested="valid:charges",
            ),
        )
    window: MainWindow = open_window(admin_context)
    page = window.open_page("settings")
    assert isinstance(page, SettingsPage)
    [section] = [s for s in page.sections if isinstance(s, ComplaintRulesPanel)]
    assert section.hit_rate.text() == "The suggestion was kept in 2 of 3 complaints (67%)."


def test_departments_are_added_renamed_and_hidden(
    qtbot, panel: ComplaintRulesPanel, services: Services, admin: Actor
) -> None:
    names = [panel.departments.item(r, 0).text() for r in range(panel.departments.rowCount())]
    assert names[:2] == ["Security", "Engineering"]
    type_text(qtbot, panel.new_department, "会所")
    qtbot.keyClick(panel.new_department, Qt.Key.Key_Return)
    assert panel.department_result.text() == "Added 会所."
    assert panel.departments.rowCount() == len(names) + 1
    panel.departments.item(0, 0).setCheckState(Qt.CheckState.Unchecked)  # security hidden
    panel.departments.item(len(names), 0).setText("会所前台")
    panel.save_departments()
    assert panel.department_result.text() == "Saved 2 departments."
    shown = {d.code: d.name for d in services.complaints.departments(actor=admin)}
    assert "security" not in shown and "会所前台" in shown.values()
    all_of_them = {d.code: d for d in services.complaints.departments(actor=admin, include_inactive=True)}
    assert all_of_them["security"].name == "Security" and not all_of_them["security"].active
    from frontdesk.complaints.models import ComplaintDepartment

    assert ComplaintDepartment.get(ComplaintDepartment.code == "security").name == ""  # still translated
    panel.save_departments()
    assert panel.department_result.text() == "Nothing to save."
    assert messages.shown() == []
