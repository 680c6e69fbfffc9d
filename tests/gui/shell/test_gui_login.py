"""The sign-in panel: the right password signs in, a wrong one is said under the password field; what
is typed before the database is open is checked once it is."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from frontdesk.auth import Role
from tests.conftest import ADMIN_PASSWORD
from tests.qt_helpers import type_text
from ui.kit import messages
from ui.kit.context import AppContext
from ui.shell.login import SignInPanel


@pytest.fixture
def login(qtbot, make_context) -> SignInPanel:
    """The panel on a set-up database, nobody signed in."""
    panel = SignInPanel()
    panel.attach(make_context(None))
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_office_name_and_database_head_the_panel(login: SignInPanel) -> None:
    assert "幸福里物业管理处" in login.office_label.text()
    assert "frontdesk.db" in login.where.text() and "desk-1" in login.where.text()


def test_right_password_and_enter_sign_in(qtbot, login: SignInPanel) -> None:
    type_text(qtbot, login.username, "admin")
    type_text(qtbot, login.password, ADMIN_PASSWORD)
    with qtbot.waitSignal(login.sig_signed_in) as signed_in:
        qtbot.keyClick(login.password, Qt.Key.Key_Return)
    actor = signed_in.args[0]
    assert actor.username == "admin" and actor.role is Role.ADMIN and actor.desk == "desk-1"


def test_wrong_password_is_shown_under_the_password_and_keeps_the_user_name(
    qtbot,
    login: SignInPanel,
) -> None:
    type_text(qtbot, login.username, "admin")
    type_text(qtbot, login.password, "not-the-password")
    with qtbot.assertNotEmitted(login.sig_signed_in):
        login.sign_in_button.click()
    assert login.errors.message("password") == "The user name or the password is wrong."
    assert login.username.text() == "admin"
    assert login.password.text() == ""
    assert login.isVisible() and messages.shown() == []


def test_unknown_user_gets_the_same_message(qtbot, login: SignInPanel) -> None:
    type_text(qtbot, login.username, "王五")
    type_text(qtbot, login.password, "whatever-123")
    login.sign_in_button.click()
    assert login.errors.message("password") == "The user name or the password is wrong."
    assert login.username.text() == "王五"


def test_empty_user_name_is_asked_for(qtbot, login: SignInPanel) -> None:
    login.username.clear()
    login.sign_in_button.click()
    assert login.errors.message("username") == "Enter your user name."


def test_last_user_name_is_offered_next_time(qtbot, login: SignInPanel, make_context) -> None:
    type_text(qtbot, login.username, "admin")
    type_text(qtbot, login.password, ADMIN_PASSWORD)
    login.sign_in_button.click()
    context: AppContext = make_context(None)
    again = SignInPanel()
    again.attach(context)
    qtbot.addWidget(again)
    assert again.username.text() == "admin"


def test_enter_in_the_user_name_moves_on_to_the_password(qtbot, login: SignInPanel) -> None:
    login.username.clear()
    type_text(qtbot, login.username, "admin")
    with qtbot.assertNotEmitted(login.sig_signed_in):
        qtbot.keyClick(login.username, Qt.Key.Key_Return)
    assert login.password.hasFocus() and login.errors.message("password") == ""


def test_typed_before_the_database_is_open_signs_in_once_it_is(qtbot, make_context) -> None:
    panel = SignInPanel()
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    assert not panel.is_ready() and "Opening the database" in panel.where.text()
    type_text(qtbot, panel.username, "admin")
    type_text(qtbot, panel.password, ADMIN_PASSWORD)
    with qtbot.assertNotEmitted(panel.sig_signed_in):
        qtbot.keyClick(panel.password, Qt.Key.Key_Return)
    with qtbot.waitSignal(panel.sig_signed_in) as signed_in:
        panel.attach(make_context(None))
    assert signed_in.args[0].username == "admin"
