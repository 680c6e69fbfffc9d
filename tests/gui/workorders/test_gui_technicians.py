"""Technicians and categories on the Settings page, on a real database: a technician added through the
dialog by keys with two skills and then proposed for an order of one of them, changed (the masked
phone kept), put off and on duty by Space, retired; what was typed stays with the message beside
its field; a stale copy told who changed it; a category added, renamed and hidden (kept on its old
order); the clerk sees none of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from frontdesk.auth import Actor
from frontdesk.services import Services
from frontdesk.workorders.models import Technician
from frontdesk.workorders.rows import OrderInput, OrderRow, ReporterInput
from tests.gui.workorders import test_gui_workorders as orders_tests
from tests.gui.workorders.test_gui_workorders import World
from tests.qt_helpers import press, type_text
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.keyboard import dead_mnemonics, mnemonic_clashes
from ui.settings.page import SettingsPage
from ui.shell.main_window import MainWindow
from ui.workorders.technicians import TechnicianDialog, TechniciansPanel

cheap_hashes = orders_tests.cheap_hashes  # argon2id at its smallest cost
world = orders_tests.world  # 3-1502; 王师傅 (water, 13900000001) and 刘师傅 (electrical) on duty


def create(services: Services, actor: Actor, world: World, category: str, n: int = 1) -> OrderRow:
    """An order of ``category`` for 3-1502, created through the service."""
    return services.workorders.create_order(
        actor=actor,
        client_id=f"00000000-0000-4000-8000-{n:012d}",
        order=OrderInput(
            unit_id=world.unit,
            place="",
            problem="电梯门关不上",
            category=category,
            urgency="normal",
            reporter=ReporterInput(name="王先生", phone="13900001111"),
        ),
    )


@pytest.fixture
def window(open_window, admin_context: AppContext, world: World) -> MainWindow:
    shown: MainWindow = open_window(admin_context)
    shown.resize(1366, 768)
    return shown


@pytest.fixture
def panel(window: MainWindow) -> TechniciansPanel:
    """The section in the administrator's Settings page."""
    page = window.open_page("settings")
    assert isinstance(page, SettingsPage)
    [section] = [s for s in page.sections if isinstance(s, TechniciansPanel)]
    return section


def keyboard_faults(window: QWidget) -> list[str]:
    return [f"Alt+{k}: {v}" for k, v in mnemonic_clashes(window).items()] + dead_mnemonics(window)


def in_dialog(qtbot, script: Callable[[TechnicianDialog], None]) -> list[str]:
    """Run ``script`` on the technician dialog once it is up and has the keyboard (it runs its own
    event loop, so the script is queued before the key that opens it); the dialog's keyboard faults."""
    faults: list[str] = []

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        focus = QApplication.focusWidget()
        if not isinstance(dialog, TechnicianDialog) or focus is None or not dialog.isAncestorOf(focus):
            QTimer.singleShot(20, run)
            return
        faults.extend(keyboard_faults(dialog))
        try:
            script(dialog)
        finally:
            if dialog.isVisible():  # a failed script must not leave the test waiting on the dialog
                QTimer.singleShot(0, dialog.reject)

    QTimer.singleShot(0, run)
    return faults


def key(qtbot, sequence: str) -> None:
    """Press ``sequence`` on whatever has the keyboard (an Alt+letter waits out a button's click);
    once a dialog has closed, the main window is active again, as a window manager makes it."""
    from PySide6.QtGui import QKeySequence

    combination = QKeySequence(sequence)[0]
    if QApplication.activeWindow() is None and QApplication.activeModalWidget() is None:
        [window] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    target = QApplication.focusWidget()
    assert target is not None
    qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())
    qtbot.wait(150 if "Alt+" in sequence else 5)


def typed(qtbot, text: str) -> None:
    target = QApplication.focusWidget()
    assert target is not None
    type_text(qtbot, target, text)


def row_of(panel: TechniciansPanel, name: str) -> int:
    return next(n for n, line in enumerate(panel.model.rows()) if line.row.name == name)


def cell(panel: TechniciansPanel, row: int, column: int) -> str:
    return str(panel.model.index(row, column).data())


def test_a_technician_added_by_keys_with_two_skills_is_proposed(
    qtbot, window: MainWindow, panel: TechniciansPanel, services: Services, admin: Actor, world: World
) -> None:
    lift = create(services, admin, world, "lift")
    before = services.workorders.propose(actor=admin, number=lift.number)
    assert not before.skilled  # nobody has the lift: someone on duty
    assert not keyboard_faults(window), keyboard_faults(window)
    assert panel.model.rowCount() == 2

    def script(dialog: TechnicianDialog) -> None:
        assert dialog.name.hasFocus()  # opens on its first input
        typed(qtbot, "陈师傅")
        key(qtbot, "Alt+P")
        typed(qtbot, "137 0000 1234")
        key(qtbot, "Alt+L")
        assert dialog.skills.hasFocus()
        key(qtbot, "Down")
        key(qtbot, "Space")  # electrical
        key(qtbot, "Down")
        key(qtbot, "Down")
        key(qtbot, "Space")  # lift
        key(qtbot, "Return")  # Enter saves

    faults = in_dialog(qtbot, script)
    panel.table.setFocus()
    key(qtbot, "Alt+H")
    assert not faults, faults
    assert panel.result.text() == "Added 陈师傅."
    row = row_of(panel, "陈师傅")
    assert panel.table.currentIndex().row() == row and window.focusWidget() is panel.table
    assert cell(panel, row, 2) == "Electrical · Lift" and cell(panel, row, 3) == "On duty"
    [chen] = [t for t in services.workorders.technicians(actor=admin) if t.name == "陈师傅"]
    assert chen.skills == ("electrical", "lift") and chen.phone_masked == "137****1234"
    after = services.workorders.propose(actor=admin, number=lift.number)
    assert after.technician_id == chen.id and after.skilled and "陈师傅 has the skill “Lift”" in after.reason
    assert messages.shown() == []


def test_changed_put_off_and_on_duty_and_retired(
    qtbot, panel: TechniciansPanel, services: Services, admin: Actor, clerk: Actor, world: World
) -> None:
    water = create(services, clerk, world, "water")
    assert services.workorders.propose(actor=clerk, number=water.number).technician_id == world.plumber
    panel.table.setFocus()
    panel.table.selectRow(row_of(panel, "王师傅"))

    def rename(dialog: TechnicianDialog) -> None:
        assert dialog.phone.text() == "139****0001"  # shown masked: left, it keeps the number
        key(qtbot, "Alt+N")
        key(qtbot, "Ctrl+A")
        typed(qtbot, "王建国")
        key(qtbot, "Return")

    faults = in_dialog(qtbot, rename)
    key(qtbot, "Return")  # Enter on the table changes the chosen technician
    assert not faults, faults
    assert panel.result.text() == "Saved 王建国."
    assert Technician.get_by_id(world.plumber).name == "王建国"
    assert Technician.get_by_id(world.plumber).phone == "13900000001"

    key(qtbot, "Space")  # off duty: the proposal falls to someone else on duty
    row = row_of(panel, "王建国")
    assert cell(panel, row, 3) == "Off duty" and panel.result.text() == "王建国 is off duty now."
    proposal = services.workorders.propose(actor=clerk, number=water.number)
    assert proposal.technician_id == world.electrician and not proposal.skilled
    key(qtbot, "Space")
    assert cell(panel, row_of(panel, "王建国"), 3) == "On duty"
    assert services.workorders.propose(actor=clerk, number=water.number).technician_id == world.plumber

    def retire(dialog: TechnicianDialog) -> None:
        key(qtbot, "Alt+K")
        assert not dialog.active.isChecked()
        key(qtbot, "Return")

    faults = in_dialog(qtbot, retire)
    key(qtbot, "Return")
    assert not faults, faults
    row = row_of(panel, "王建国")
    assert cell(panel, row, 5) == "Retired"  # kept, never deleted
    assert world.plumber not in [t.id for t in services.workorders.technicians(actor=clerk)]
    assert services.workorders.propose(actor=clerk, number=water.number).technician_id == world.electrician
    key(qtbot, "Space")
    assert panel.result.text() == "王建国 is retired: change them to bring them back first."
    assert messages.shown() == []


def test_bad_input_stays_typed_with_the_message_beside_its_field(
    qtbot, admin_context: AppContext, services: Services, admin: Actor, world: World
) -> None:
    categories = services.workorders.categories(actor=admin, include_inactive=True)
    dialog = TechnicianDialog(admin_context, categories, services.staff.list(actor=admin))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.focusWidget() is dialog.name
    type_text(qtbot, dialog.phone, "12ab")
    press(qtbot, dialog.phone, Qt.Key.Key_Return)
    assert dialog.errors.message("name") == "Type the technician's name." and dialog.name.hasFocus()
    assert dialog.isVisible() and dialog.phone.text() == "12ab"
    type_text(qtbot, dialog.name, "孙师傅")
    press(qtbot, dialog.name, Qt.Key.Key_Return)
    assert dialog.errors.message("phone") == "A phone number holds only digits, spaces, - and +."
    assert dialog.phone.hasFocus() and dialog.name.text() == "孙师傅" and dialog.phone.text() == "12ab"
    assert dialog.errors.message("name") == ""
    assert [t.name for t in services.workorders.technicians(actor=admin)] == ["王师傅", "刘师傅"]
    dialog.phone.selectAll()
    type_text(qtbot, dialog.phone, "13600003333")
    press(qtbot, dialog.phone, Qt.Key.Key_Return)
    assert dialog.saved is not None and dialog.saved.name == "孙师傅" and not dialog.isVisible()
    assert messages.shown() == []


def test_a_stale_copy_is_told_who_changed_it_and_keeps_what_was_typed(
    qtbot, admin_context: AppContext, services: Services, admin: Actor, clerk: Actor, world: World
) -> None:
    [plumber] = [t for t in services.workorders.technicians(actor=admin) if t.id == world.plumber]
    categories = services.workorders.categories(actor=admin, include_inactive=True)
    dialog = TechnicianDialog(admin_context, categories, [], plumber)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    services.workorders.set_on_duty(
        actor=clerk, technician_id=plumber.id, version=plumber.version, on_duty=False
    )
    dialog.name.selectAll()
    type_text(qtbot, dialog.name, "王建国")
    press(qtbot, dialog.name, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.name.text() == "王建国"
    assert dialog.conflict.isVisible() and dialog.conflict.text().startswith(
        f"Changed by {clerk.username} at "
    )
    assert Technician.get_by_id(plumber.id).name == "王师傅"
    press(qtbot, dialog.name, Qt.Key.Key_Return)  # saved over theirs, knowingly
    assert dialog.saved is not None and Technician.get_by_id(plumber.id).name == "王建国"
    assert messages.shown() == []


def test_a_category_added_renamed_and_hidden_stays_on_its_order(
    qtbot, window: MainWindow, panel: TechniciansPanel, services: Services, admin: Actor, world: World
) -> None:
    key(qtbot, "Alt+Y")
    assert panel.new_category.hasFocus()
    key(qtbot, "Return")  # nothing typed: said beside the line
    assert panel.errors.message("name") == "Type the category's name."
    typed(qtbot, "消防设施")
    key(qtbot, "Return")
    assert panel.category_result.text() == "Added 消防设施." and panel.new_category.text() == ""
    [added] = [c for c in services.workorders.categories(actor=admin) if c.name == "消防设施"]
    order = create(services, admin, world, added.code)
    assert order.category_name == "消防设施"

    key(qtbot, "Alt+W")
    assert panel.categories.hasFocus()
    key(qtbot, "End")  # the new one is last
    assert panel.categories.currentItem().text() == "消防设施"
    key(qtbot, "Return")  # renamed in place (F2 opens the visitors' page)
    typed(qtbot, "消防")
    key(qtbot, "Return")
    assert panel.category_result.text() == "消防 is offered on new orders."
    key(qtbot, "Space")  # hidden
    assert panel.category_result.text() == "消防 is hidden from new orders."
    assert added.code not in [c.code for c in services.workorders.categories(actor=admin)]
    item = panel.categories.item(panel.categories.count() - 1)
    assert item.checkState() == Qt.CheckState.Unchecked
    assert services.workorders.get(actor=admin, number=order.number).order.category_name == "消防"

    panel.categories.setCurrentRow(0)  # a built-in one, ticked off and on: it keeps its name in each language
    key(qtbot, "Space")
    key(qtbot, "Space")
    [water] = [c for c in services.workorders.categories(actor=admin) if c.code == "water"]
    assert water.name == "Water supply and drainage"
    from frontdesk.workorders.models import WorkCategory

    assert WorkCategory.get(WorkCategory.code == "water").name == ""
    assert messages.shown() == []


def test_the_dialog_offers_a_hidden_skill_only_to_who_holds_it(
    admin_context: AppContext, services: Services, admin: Actor, world: World
) -> None:
    services.workorders.save_category(actor=admin, code="electrical", name="", active=False)
    categories = services.workorders.categories(actor=admin, include_inactive=True)
    rows = {t.id: t for t in services.workorders.technicians(actor=admin)}
    holder = TechnicianDialog(admin_context, categories, [], rows[world.electrician])
    other = TechnicianDialog(admin_context, categories, [], rows[world.plumber])
    texts = [holder.skills.item(n).text() for n in range(holder.skills.count())]
    assert "Electrical (hidden)" in texts
    assert "Electrical" not in [other.skills.item(n).text() for n in range(other.skills.count())]
    assert holder.typed().skills == ("electrical",)


def test_the_clerk_sees_no_technicians_section(open_window, clerk_context: AppContext) -> None:
    window: MainWindow = open_window(clerk_context)
    page = window.open_page("settings")
    assert isinstance(page, SettingsPage)
    assert not [s for s in page.sections if isinstance(s, TechniciansPanel)]


@pytest.mark.parametrize("language", ["zh_CN", "zh_TW", "en"])
def test_the_section_and_the_dialog_fit_the_laptop_in_each_language(
    qtbot,
    open_window,
    admin_context: AppContext,
    services: Services,
    admin: Actor,
    world: World,
    language: str,
) -> None:
    """With the program's style at 1366 × 768: the section whole on the screen once reached, no
    Alt+letter clashing on the Settings page, nothing cut short (screenshots in shots/technicians/)."""
    from pathlib import Path

    from frontdesk import i18n
    from tests.walkthrough.test_every_page import cut_texts
    from ui.shell.style import apply_style

    shots = Path(__file__).resolve().parents[3] / "shots" / "technicians"
    shots.mkdir(parents=True, exist_ok=True)
    services.workorders.save_category(actor=admin, code="electrical", name="", active=False)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    font, sheet = app.font(), app.styleSheet()
    apply_style(app)  # the program's fonts and lists, as the laptop shows them
    i18n.set_language(language)
    try:
        window: MainWindow = open_window(admin_context)
        window.resize(1366, 768)
        page = window.open_page("settings")
        assert isinstance(page, SettingsPage)
        [panel] = [s for s in page.sections if isinstance(s, TechniciansPanel)]
        key(qtbot, "Alt+C")  # the table, its section scrolled into view
        assert panel.table.hasFocus()
        top = panel.mapTo(page.widget(), panel.rect().topLeft()).y()
        bar = page.verticalScrollBar()
        assert bar.value() <= top and top + panel.height() <= bar.value() + page.viewport().height()
        assert not keyboard_faults(window) and not cut_texts(panel), keyboard_faults(window) + cut_texts(
            panel
        )
        assert window.grab().save(str(shots / f"section-{language}.png"))
        rows = {t.id: t for t in services.workorders.technicians(actor=admin)}
        dialog = TechnicianDialog(
            admin_context, panel.state.categories, panel.state.staff, rows[world.electrician], window
        )
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        faults = keyboard_faults(dialog) + cut_texts(dialog)
        assert not faults, faults
        assert dialog.frameGeometry().width() <= 1366 and dialog.frameGeometry().height() <= 768
        assert dialog.grab().save(str(shots / f"dialog-{language}.png"))
        dialog.reject()
    finally:
        i18n.set_language("en")
        app.setStyleSheet(sheet)
        app.setFont(font)
