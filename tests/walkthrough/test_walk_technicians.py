"""A new kind of work and the technician for it, set up on the Settings page by the keyboard alone:
the administrator adds the category, adds a technician with that skill through the dialog, puts them
off duty and on again; the desk switches to English; at the shift change the clerk takes a repair of
that kind at F5 and the program proposes the new technician, saying why."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from frontdesk.workorders.models import WorkOrder
from tests.conftest import ADMIN_PASSWORD
from tests.walkthrough.conftest import CLERK, CLERK_PASSWORD, DemoFacts, Desk
from tests.walkthrough.test_every_page import check_window, cut_texts
from tests.walkthrough.test_walk_workorders import previews, shown_number
from ui.workorders.technicians import TechnicianDialog, TechniciansPanel

CATEGORY = "消防设施"
TECHNICIAN = "欧阳振华"  # a name the demo's draws never give (no 欧阳 among its surnames)


def section(desk: Desk) -> TechniciansPanel:
    [panel] = desk.window.findChildren(TechniciansPanel)
    return panel


def section_faults(desk: Desk, where: str) -> list[str]:
    """The Settings page's Alt+letters (the section's must clash with none) and the section's texts
    (the page's other groups are the every-page walk's to check)."""
    faults = [f for f in check_window(desk.window, where) if " is cut short" not in f]
    return faults + [f"{where}: {text} is cut short" for text in cut_texts(section(desk))]


def names(panel: TechniciansPanel) -> list[str]:
    return [line.row.name for line in panel.model.rows()]


def test_a_technician_added_in_settings_is_proposed_for_work_of_their_skill(
    desk: Desk, facts: DemoFacts
) -> None:
    desk.sign_in("admin", ADMIN_PASSWORD)
    desk.press("F12", "Alt+Y")  # Settings; the new category's line, scrolled into view
    desk.type(CATEGORY)
    desk.press("Enter")
    panel = section(desk)
    assert desk.sees(f"已添加 {CATEGORY}。"), desk.visible_text()
    assert TECHNICIAN not in names(panel)
    desk.shot("the section: category added")
    faults = section_faults(desk, "settings")
    dialog_faults: list[str] = []

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, TechnicianDialog)
        desk.type(TECHNICIAN)  # the dialog opens on the name
        desk.press("Alt+P")
        desk.type("13712345678")
        desk.press("Alt+L", "End", "Space")  # the new category is the last skill
        dialog_faults.extend(check_window(dialog, "technician dialog"))
        desk.shot("the technician dialog")
        desk.press("Enter")  # saved

    desk.when_dialog_opens(fill_in)
    desk.press("Alt+H")
    assert not dialog_faults, dialog_faults
    assert desk.sees(f"已添加 {TECHNICIAN}。"), desk.visible_text()
    [added] = [line.row for line in panel.model.rows() if line.row.name == TECHNICIAN]
    assert panel.chosen() == added and added.on_duty and added.phone_masked == "137****5678"
    desk.press("Space")  # off duty (the table has the keyboard again)
    assert desk.sees(f"{TECHNICIAN}现在下班。"), desk.visible_text()
    desk.press("Space")
    assert desk.sees(f"{TECHNICIAN}现在当班。"), desk.visible_text()
    desk.shot("the section: the technician added, on duty")
    codes = {
        c.name: c.code
        for c in desk.context.services.workorders.categories(actor=desk.context.require_actor())
    }
    [chosen] = [line.row for line in section(desk).model.rows() if line.row.name == TECHNICIAN]
    assert chosen.skills == (codes[CATEGORY],) and chosen.on_duty

    desk.press("F12", "Alt+L", "End", "Alt+S")  # the desk switches to English
    desk.press("Alt+C")  # the technicians' table, scrolled into view
    desk.shot("the section in English")
    panel = section(desk)
    assert panel.title() == "Work orders: technicians and categories of work"
    assert TECHNICIAN in names(panel)
    faults += section_faults(desk, "settings in English")

    desk.press("Ctrl+L", "Alt+S")  # the shift changes: the clerk signs in
    desk.sign_in(CLERK, CLERK_PASSWORD)
    desk.press("F5", "Alt+N")
    desk.type(facts.panel_unit)
    desk.press("Enter")  # looked up; the cursor in the problem
    desk.type("消防栓箱门玻璃破损")
    desk.press("Alt+T", "End")  # the category: the new one, last in the list
    desk.press("Alt+M")
    desk.type("李先生")
    desk.press("Tab")
    desk.type("13800001234")
    desk.press("Ctrl+Return")
    number = shown_number(desk)
    desk.shot("dispatch: the new technician proposed")
    text = desk.visible_text()
    assert f"{TECHNICIAN} has the skill “{CATEGORY}”" in text, text
    faults += check_window(desk.window, "dispatch")
    desk.press("Ctrl+Return")  # to the proposed technician; the slip's preview opens
    desk.settle(300)
    (preview,) = previews()
    desk.qtbot.waitUntil(lambda: preview.pdf is not None)
    desk.press("Escape")
    order = WorkOrder.get(WorkOrder.number == number)
    assert order.category == codes[CATEGORY] and order.technician_id == chosen.id
    assert not desk.problems(), desk.problems()
    assert not faults, "\n".join(faults)
