"""Idle lock: no input for the delay covers the window; the password unlocks; shortcuts stop meanwhile."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.conftest import ADMIN_PASSWORD
from tests.qt_helpers import type_text
from ui.shell.main_window import MainWindow


def _locked_window(qtbot, open_window, admin_context) -> MainWindow:
    admin_context.idle_lock_ms = 150
    window: MainWindow = open_window(admin_context)
    assert window.idle.timeout_ms() == 150, "the test delay wins over the office setting"
    qtbot.waitUntil(window.is_locked, timeout=3000)
    return window


def test_idle_window_locks_and_the_password_unlocks_it(qtbot, open_window, admin_context) -> None:
    window = _locked_window(qtbot, open_window, admin_context)
    screen = window.lock_screen
    assert screen.isVisible() and not window.workspace.isVisible()
    assert "王主任" in screen._who.text()
    type_text(qtbot, screen.password, "wrong-password")
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert window.is_locked()
    assert screen.errors.message("password") == "The password is wrong."
    type_text(qtbot, screen.password, ADMIN_PASSWORD)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert not window.is_locked() and window.workspace.isVisible()


def test_input_keeps_the_window_unlocked(qtbot, open_window, admin_context) -> None:
    admin_context.idle_lock_ms = 1000
    window: MainWindow = open_window(admin_context)
    for _ in range(8):  # 1.2 s in all, longer than the delay, but never 1 s without a key
        qtbot.wait(150)
        qtbot.keyClick(window.workspace.search_box, Qt.Key.Key_A)
    assert not window.is_locked()
    qtbot.waitUntil(window.is_locked, timeout=3000)


def test_shortcuts_do_nothing_while_locked(qtbot, open_window, admin_context) -> None:
    window = _locked_window(qtbot, open_window, admin_context)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_F12)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.workspace.current_page_id() == "today"
    assert window.lock_screen.password.hasFocus()


def test_ctrl_l_locks_at_once(qtbot, open_window, admin_context) -> None:
    window: MainWindow = open_window(admin_context)
    qtbot.keyClick(window.workspace.sidebar, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.is_locked()


def test_an_open_dialog_is_hidden_while_locked_and_keeps_what_was_typed(
    qtbot,
    open_window,
    admin_context,
) -> None:
    admin_context.idle_lock_ms = 300
    window: MainWindow = open_window(admin_context)
    staff = window.open_page("staff")
    staff.add_button.click()
    dialog = staff.dialog
    type_text(qtbot, dialog.display_name, "陈小明")
    qtbot.waitUntil(window.is_locked, timeout=3000)
    assert not dialog.isVisible()
    type_text(qtbot, window.lock_screen.password, ADMIN_PASSWORD)
    window.lock_screen.unlock_button.click()
    assert dialog.isVisible() and dialog.display_name.text() == "陈小明"


def test_three_wrong_passwords_ask_for_a_full_sign_in(qtbot, open_window, admin_context) -> None:
    window = _locked_window(qtbot, open_window, admin_context)
    with qtbot.waitSignal(window.sig_switch_user):
        for _ in range(3):
            type_text(qtbot, window.lock_screen.password, "nope-nope")
            window.lock_screen.unlock_button.click()
