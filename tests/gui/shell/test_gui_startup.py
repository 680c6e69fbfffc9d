"""start_gui end to end: first run → sign-in → window; refused databases; switching user and language."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWizard
from shiboken6 import Shiboken

from frontdesk import config, i18n
from frontdesk.auth import Actor, Role
from frontdesk.db import parse_target
from frontdesk.services import connect
from tests.qt_helpers import type_text
from ui.kit import messages
from ui.settings.page import SettingsPage
from ui.shell.frame import ClosingPage
from ui.shell.gui import EXIT_STORAGE, start_gui
from ui.shell.main_window import MainWindow
from ui.shell.session import Session

PASSWORD = "desk-pass-9"
ROOT = Path(__file__).resolve().parents[3]


def _session(context) -> Session:
    assert context.session is not None
    return context.session


def _create_office(qtbot, session: Session) -> None:
    wizard = session.wizard
    assert wizard is not None and wizard.isVisible()
    wizard.next()
    type_text(qtbot, wizard.office.office_name, "阳光物业管理处")
    type_text(qtbot, wizard.office.estate_name, "阳光花园")
    wizard.next()
    type_text(qtbot, wizard.admin.display_name, "赵经理")
    type_text(qtbot, wizard.admin.password, PASSWORD)
    type_text(qtbot, wizard.admin.password_again, PASSWORD)
    wizard.next()
    wizard.policy.confirmed.setChecked(True)
    wizard.button(QWizard.WizardButton.FinishButton).click()


def _sign_in(qtbot, session: Session, username: str, password: str) -> MainWindow:
    qtbot.waitUntil(lambda: session.login is not None and session.login.isVisible())
    login = session.login
    if login.username.text() != username:
        login.username.clear()
        type_text(qtbot, login.username, username)
    type_text(qtbot, login.password, password)
    login.sign_in_button.click()
    qtbot.waitUntil(lambda: session.window is not None and session.window.isVisible())
    desk = session.window
    assert not desk.isWindow() and desk.window() is session.frame, "the desk is shown in the one window"
    assert session.frame.page() is desk and session.login is None
    return desk


def _backups_recorded(context, local_settings) -> list[str]:
    """The backups the audit trail records, newest first (the program has ended: reopened here)."""
    reopened = connect(context.services.target, backup_folder=local_settings.backup_folder())
    try:
        entries = reopened.audit.recent(actor=Actor.command_line(), limit=50)
    finally:
        reopened.close()
    return [e.entity_id for e in entries if e.action == "backup"]


def test_the_window_is_drawn_before_storage_and_qt_namespace_are_loaded(tmp_path) -> None:
    """Start-up's first half (ui.shell.gui up to the window's first paint) stays light: the database layer
    (peewee, the services) and PySide's ``Qt`` namespace (~25 ms to build) come after the paint."""
    code = (
        "import sys, PySide6.QtCore as core\n"
        "from ui.shell.gui import _application, Frame, SignInPanel, apply_style\n"
        "app = _application([]); apply_style(app)\n"
        "frame = Frame(); frame.show_page(SignInPanel()); frame.show(); app.processEvents()\n"
        "late = ('peewee', 'frontdesk.services', 'frontdesk.db', 'ui.shell.session')\n"
        "print([m for m in late if m in sys.modules], 'Qt' in vars(core))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FRONTDESK_CONFIG": str(tmp_path / "s.json")}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert out.strip().splitlines()[-1] == "[] False"


def test_first_run_to_main_window_on_the_worker_thread(qtbot, gui) -> None:
    context = gui(threaded=True)
    session = _session(context)
    qtbot.waitUntil(lambda: session.wizard is not None)
    _create_office(qtbot, session)
    qtbot.waitUntil(lambda: session.login is not None)
    assert session.login.username.text() == "admin", "the new administrator is offered"
    window = _sign_in(qtbot, session, "admin", PASSWORD)
    assert "赵经理 (Administrator)" in window.status.summary()
    assert context.actor is not None and context.actor.role is Role.ADMIN
    qtbot.waitUntil(lambda: not context.runner.busy())


def _start_backup_taken(qtbot, window: MainWindow) -> None:
    """Wait for the start-of-day backup, taken once the desk is drawn and its first page loaded."""
    qtbot.waitUntil(lambda: "Automatic backup saved" in window.status.summary())


def test_closing_the_window_takes_a_backup_and_ends_the_session(qtbot, gui, local_settings) -> None:
    from frontdesk import backup

    context = gui()
    session = _session(context)
    _create_office(qtbot, session)
    window = _sign_in(qtbot, session, "admin", PASSWORD)
    _start_backup_taken(qtbot, window)
    window.close()
    assert session.finished and session.exit_code == 0
    assert context.services.connection.database.is_closed()
    closing, opening = _backups_recorded(context, local_settings)
    assert closing.endswith("-auto.db") and opening.endswith("-auto.db"), "one at the start, one at close"
    folder = local_settings.backup_folder()
    assert backup.read_manifest(folder / closing)["state"] == "unverified", "not checked on the close path"
    assert backup.read_manifest(folder / opening)["state"] == "verified"


def test_a_database_held_by_another_program_is_refused_with_exit_code_2(tmp_path, local_settings) -> None:
    held = connect(parse_target(tmp_path / "held.db"), backup_folder=tmp_path / "b", create=True)
    try:
        code, context = start_gui(
            [], database=str(tmp_path / "held.db"), settings=local_settings, exec_=False
        )
    finally:
        held.close()
    assert (code, context) == (EXIT_STORAGE, None)
    shown = messages.shown()
    assert [m.kind for m in shown] == ["storage"]
    assert "already open" in shown[0].text and shown[0].detail


def test_a_database_from_a_newer_program_is_refused(tmp_path, local_settings) -> None:
    from frontdesk.migrations import SchemaVersion

    path = tmp_path / "newer.db"
    services = connect(parse_target(path), backup_folder=tmp_path / "b", create=True)
    SchemaVersion.create(version=999, name="future", program_version="9.9")
    services.close()
    code, _context = start_gui([], database=str(path), settings=local_settings, exec_=False)
    assert code == EXIT_STORAGE
    assert "newer version" in messages.shown()[0].text


def test_a_mistyped_db_path_is_refused_and_nothing_is_created(tmp_path, local_settings) -> None:
    typo = tmp_path / "offcie" / "desk.db"
    code, context = start_gui([], database=str(typo), settings=local_settings, exec_=False)
    assert (code, context) == (EXIT_STORAGE, None)
    assert "There is no database at" in messages.shown()[0].text
    assert not (tmp_path / "offcie").exists()


def test_sign_in_as_someone_else_from_the_lock_screen(qtbot, gui) -> None:
    context = gui()
    session = _session(context)
    _create_office(qtbot, session)
    window = _sign_in(qtbot, session, "admin", PASSWORD)
    context.services.staff.add(
        actor=context.actor, username="clerk2", display_name="孙丽", role=Role.CLERK, password="clerk-pass-2"
    )
    window.lock()
    window.lock_screen.switch_button.click()
    assert session.window is None and context.actor is None
    assert session.login is not None and session.login.username.text() == "admin"
    assert session.frame.focusWidget() is session.login.password, "the remembered name: the password next"
    clerk_window = _sign_in(qtbot, session, "clerk2", "clerk-pass-2")
    assert "孙丽 (Clerk)" in clerk_window.status.summary()
    assert "staff" not in clerk_window.workspace.sidebar.page_ids()


def test_language_switch_is_saved_and_applied_live(qtbot, gui, restore_english) -> None:
    context = gui()
    session = _session(context)
    _create_office(qtbot, session)
    window = _sign_in(qtbot, session, "admin", PASSWORD)
    page = window.open_page("settings")
    assert isinstance(page, SettingsPage)
    page.local.language.setCurrentIndex(page.local.language.findData("zh_CN"))
    page.local.save_button.click()
    assert config.load().language == "zh_CN"
    assert i18n.current_language() == "zh_CN"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消", "Qt's own catalog is installed"
    rebuilt = session.window
    assert rebuilt is not None and rebuilt is not window and rebuilt.isVisible()
    assert rebuilt.workspace.current_page_id() == "settings"


def test_choosing_a_language_in_the_wizard_rebuilds_it_and_remembers_it(qtbot, gui, restore_english) -> None:
    context = gui()
    session = _session(context)
    first = session.wizard
    combo = first.welcome.language
    combo.setCurrentIndex(combo.findData("zh_TW"))
    combo.activated.emit(combo.currentIndex())
    assert session.wizard is not None and session.wizard is not first and session.wizard.isVisible()
    assert session.wizard.welcome.language.currentData() == "zh_TW"
    assert config.load().language == "zh_TW" and i18n.current_language() == "zh_TW"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_closing_the_window_at_the_sign_in_ends_the_program(qtbot, gui) -> None:
    context = gui()
    session = _session(context)
    _create_office(qtbot, session)
    qtbot.waitUntil(lambda: session.login is not None and session.login.is_ready())
    session.frame.close()
    assert session.finished and session.exit_code == 0 and not session.frame.isVisible()
    assert context.services.connection.database.is_closed()


def test_closing_the_window_with_the_desk_open_closes_the_desk_first(qtbot, gui, local_settings) -> None:
    context = gui()
    session = _session(context)
    _create_office(qtbot, session)
    _start_backup_taken(qtbot, _sign_in(qtbot, session, "admin", PASSWORD))
    session.frame.close()
    assert session.finished and session.window is None and not session.frame.isVisible()
    assert len(_backups_recorded(context, local_settings)) == 2, "the desk's closing backup was taken"


def test_the_window_says_so_while_the_closing_backup_is_taken(qtbot, gui, local_settings) -> None:
    context = gui(threaded=True)
    session = _session(context)
    qtbot.waitUntil(lambda: session.wizard is not None)
    _create_office(qtbot, session)
    desk = _sign_in(qtbot, session, "admin", PASSWORD)
    _start_backup_taken(qtbot, desk)
    qtbot.waitUntil(lambda: not context.runner.busy())
    session.frame.close()
    page = session.frame.page()
    assert isinstance(page, ClosingPage) and "closing backup" in page.title.text()
    assert session.frame.isVisible() and session.closing and not session.finished and session.window is None
    assert not desk.isVisible()
    session.frame.close()  # a second close while the copy is taken changes nothing
    assert session.frame.isVisible() and not session.finished
    qtbot.waitUntil(lambda: session.finished, timeout=20_000)
    assert session.exit_code == 0
    assert not Shiboken.isValid(session.frame) or not session.frame.isVisible(), "the window is gone"
    assert len(_backups_recorded(context, local_settings)) == 2, "one when the desk opened, one at close"
