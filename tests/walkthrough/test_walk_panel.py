"""The unit panel's lines open their record: a slip on the slips list, a visit on its day's list."""

from __future__ import annotations

from PySide6.QtWidgets import QTableView

from tests.conftest import ADMIN_PASSWORD
from tests.walkthrough.conftest import DemoFacts, Desk


def chosen_row(desk: Desk) -> list[str]:
    """The texts of the row chosen in the table shown."""
    (table,) = [t for t in desk.window.findChildren(QTableView) if t.isVisible()]
    rows = table.selectionModel().selectedRows()
    model = table.model()
    return [str(model.index(rows[0].row(), c).data()) for c in range(model.columnCount())] if rows else []


def test_a_panel_line_opens_its_record(desk: Desk, facts: DemoFacts) -> None:
    desk.sign_in("admin", ADMIN_PASSWORD)
    desk.press("F6")
    desk.type(facts.panel_unit)
    desk.settle(400)  # the list follows the typing after a short pause
    desk.press("Down")
    desk.shot("the unit and its panel")
    assert desk.sees(facts.panel_slip), desk.visible_text()  # its recent slips

    desk.press("Ctrl+J")  # into the panel: its first line (the first resident)
    for _line in range(facts.panel_slip_tabs):  # past the residents and recent visits: the first slip
        desk.press("Tab")
    desk.press("Enter")
    desk.shot("the slip opened from the panel")
    assert chosen_row(desk)[0] == facts.panel_slip, chosen_row(desk)

    desk.press("F6")
    desk.press("Ctrl+J")
    for _line in range(facts.panel_visit_tabs):  # past the residents: the most recent visit
        desk.press("Tab")
    desk.press("Enter")
    desk.shot("the visit opened from the panel")
    row = chosen_row(desk)
    assert row and facts.panel_visitor in row, row
    assert not desk.problems(), desk.problems()
