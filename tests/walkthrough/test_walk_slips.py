"""Release slips at the desk by the keyboard alone: an owner's slip for a unit in arrears with a
supervisor's override, a tenant's slip confirmed by the owner's phone answer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

from tests.unit.frontdesk.estate.estate_data import mainland_id
from tests.walkthrough.conftest import CLERK, CLERK_PASSWORD, SUPERVISOR, SUPERVISOR_PASSWORD, Desk
from tests.walkthrough.test_every_page import check_window

OWNER_ID = mainland_id("11010119900307123")
TENANT_ID = mainland_id("44030519850612345")


def goods(desk: Desk, *lines: tuple[str, str, str]) -> None:
    """Type goods lines into the grid: description, quantity, unit of measure; Tab moves on."""
    for description, quantity, measure in lines:
        desk.type(description)
        desk.press("Tab")
        desk.type(quantity)
        desk.press("Tab")
        desk.type(measure)
        desk.press("Tab", "Tab")  # past the remarks to the next line


def test_an_owners_slip_with_arrears_and_a_supervisors_override(desk: Desk) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("F3")
    desk.keys = 0
    desk.shot("step 1")
    desk.press("Alt+N")
    desk.type("方建国")
    desk.press("Alt+U")
    desk.type(OWNER_ID)
    desk.press("Enter")
    desk.shot("step 2")
    desk.type("1-502")
    desk.press("Enter")
    desk.shot("unit loaded: in arrears")
    assert desk.sees("方建国"), desk.visible_text()
    # the debt is said once in the form, beside its button (the panel shows the unit's account)
    assert desk.visible_text().count("须主管准予") == 1, desk.visible_text()

    def supervisor_allows() -> None:
        desk.shot("supervisor asked")
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        faults.extend(check_window(dialog, "the supervisor's permission"))
        desk.type(SUPERVISOR)
        desk.press("Tab")
        desk.type(SUPERVISOR_PASSWORD)
        desk.press("Tab")
        desk.type("业主已承诺月底前缴清")
        desk.press("Enter")
        modal = QApplication.activeModalWidget()
        if modal is not None:  # still open: seen in a screenshot, closed so the walkthrough fails, not hangs
            desk.shot("supervisor dialog still open")
            modal.close()

    faults: list[str] = []
    desk.when_dialog_opens(supervisor_allows)
    desk.press("Alt+A")  # ask a supervisor to allow
    desk.shot("allowed")
    assert not faults, faults
    desk.press("Enter")
    desk.shot("step 3")
    goods(desk, ("三人沙发", "1", "张"), ("冰箱", "1", "台"), ("纸箱", "6", "个"))
    desk.shot("goods")
    desk.press("Ctrl+Return")
    desk.shot("step 4")
    for line in (
        "1. 三人沙发 × 1 张",
        "2. 冰箱 × 1 台",
        "3. 纸箱 × 6 个",
        "欠费已由 张伟 准予：业主已承诺月底前缴清",
    ):
        assert line in desk.visible_text(), desk.visible_text()
    desk.press("Enter")
    desk.shot("issued")
    assert desk.sees("已为 1-502 开出放行条 FX-"), desk.visible_text()
    assert not desk.problems(), desk.problems()
    assert desk.keys <= 25
    desk.record_keys("owner slip, 3 lines, arrears overridden")


def test_a_tenants_slip_confirmed_by_the_owners_answer_on_the_phone(desk: Desk) -> None:
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("F3")
    desk.keys = 0
    desk.press("Alt+I", "Down")  # a tenant applies
    desk.press("Alt+N")
    desk.type("杨俊杰")
    desk.press("Alt+U")
    desk.type(TENANT_ID)
    desk.press("Enter")
    desk.type("1-1001")
    desk.press("Enter", "Enter")  # look the unit up; the tenant is chosen by the name on the ID
    desk.shot("tenant's unit")
    goods(desk, ("电脑", "1", "台"), ("书架", "2", "个"), ("衣物", "3", "箱"))
    desk.press("Ctrl+Return")
    desk.shot("the owner is called")
    desk.press("Alt+A", "Down")  # the owner agreed
    desk.shot("answered")
    desk.press("Enter")
    desk.shot("issued")
    assert desk.sees("已为 1-1001 开出放行条 FX-"), desk.visible_text()
    assert not desk.problems(), desk.problems()
    assert desk.keys <= 30
    desk.record_keys("tenant slip, owner's phone confirmation")
    desk.press("Escape")  # the slip's print preview
    desk.press("Alt+S")  # the list of slips, newest first
    desk.shot("slip list")
    (table,) = [t for t in desk.window.findChildren(QTableView) if t.isVisible()]
    header = table.horizontalHeader()
    assert header.sortIndicatorOrder() is Qt.SortOrder.DescendingOrder
    assert arrow_points_down(header), "the newest-first list shows ▲"


def arrow_points_down(header: QHeaderView) -> bool:
    """Whether the sort arrow drawn in ``header`` is wide at the top and narrow at the bottom (▼)."""
    section = header.sortIndicatorSection()
    left, width = header.sectionViewportPosition(section), header.sectionSize(section)
    image = header.grab().toImage()
    rows = []
    for y in range(image.height()):
        dark = [x for x in range(left + width - 24, left + width) if image.pixelColor(x, y).lightness() < 110]
        if dark:
            rows.append(max(dark) - min(dark))
    assert len(rows) >= 3, "no sort arrow drawn"
    return rows[0] > rows[-1]
