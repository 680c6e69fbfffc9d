"""A supervisor authorises at the clerk's desk: typed into the real dialog, checked by the core."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from frontdesk.auth import Actor, Permission, Role
from tests.conftest import make_actor
from tests.qt_helpers import type_text
from ui.kit import authorize
from ui.kit.authorize import Authorization, SupervisorDialog, ask_supervisor
from ui.kit.context import AppContext


@pytest.fixture
def desk(make_context, services, admin: Actor, clerk: Actor) -> AppContext:
    """A clerk's desk, with supervisor "boss" (password password-123) in the office."""
    make_actor(services, admin, Role.SUPERVISOR, "boss")
    return make_context(clerk)


@pytest.fixture
def dialog(qtbot, desk: AppContext) -> SupervisorDialog:
    opened = SupervisorDialog(
        desk,
        None,
        permission=Permission.OVERRIDE,
        title="欠费放行",
        explanation="该单位欠费超过三个月，放行需主管授权。",
    )
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitExposed(opened)
    return opened


def _fill(qtbot, dialog: SupervisorDialog, username: str, password: str, reason: str) -> None:
    for edit, text in ((dialog.username, username), (dialog.password, password), (dialog.reason, reason)):
        edit.clear()
        type_text(qtbot, edit, text)


def test_wrong_password_is_said_at_the_field_and_the_dialog_stays(
    qtbot, dialog: SupervisorDialog, services, admin: Actor
) -> None:
    _fill(qtbot, dialog, "boss", "wrong-password", "业主已缴清")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.authorization is None
    assert dialog.errors.message("password") == "The user name or the password is wrong."
    assert dialog.password.text() == "" and dialog.reason.text() == "业主已缴清"
    assert services.audit.recent(actor=admin, limit=1)[0].action == "login_failed"
    dialog.grab().save("/tmp/h4_authorize.png")


def test_a_clerk_cannot_authorise_with_their_own_login(qtbot, dialog: SupervisorDialog) -> None:
    _fill(qtbot, dialog, "clerk1", "password-123", "业主已缴清")
    dialog.ok_button.click()
    assert dialog.isVisible()
    assert "own sign-in" in dialog.errors.message("username")


def test_the_reason_is_required(qtbot, dialog: SupervisorDialog, services, admin: Actor) -> None:
    before = len(services.audit.recent(actor=admin))
    _fill(qtbot, dialog, "boss", "password-123", "")
    dialog.ok_button.click()
    assert dialog.errors.message("reason") == "Say why, for the record."
    assert len(services.audit.recent(actor=admin)) == before, "nothing was asked of the core"


def test_a_supervisor_authorises_and_it_is_audited(
    qtbot, dialog: SupervisorDialog, services, admin: Actor, clerk: Actor
) -> None:
    _fill(qtbot, dialog, "boss", "password-123", "业主已缴清")
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert dialog.authorization is not None
    assert (dialog.authorization.actor.username, dialog.authorization.reason) == ("boss", "业主已缴清")
    entry = services.audit.recent(actor=admin, limit=1)[0]
    assert (entry.action, entry.actor) == ("authorize", "boss")
    assert entry.after == {
        "permission": "desk.override",
        "requested_by": clerk.username,
        "reason": "业主已缴清",
    }


def test_ask_supervisor_runs_the_modal_dialog(qtbot, desk: AppContext) -> None:
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SupervisorDialog)
        assert dialog.windowTitle() == "查看完整证件号"
        _fill(qtbot, dialog, "boss", "password-123", "")  # the reason is optional here
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    result = ask_supervisor(
        desk,
        None,
        permission=Permission.OVERRIDE,
        title="查看完整证件号",
        explanation="显示完整证件号码需主管授权。",
        reason_required=False,
    )
    assert isinstance(result, Authorization) and result.actor.username == "boss" and result.reason == ""


def test_escape_cancels(qtbot, desk: AppContext) -> None:
    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SupervisorDialog)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(0, cancel)
    assert ask_supervisor(desk, None, permission=Permission.OVERRIDE, title="t", explanation="e") is None


def test_headless_answers_still_go_through_the_core(desk: AppContext, services, admin: Actor) -> None:
    authorize.set_headless(True, [authorize.Answer("boss", "nope-nope", "r"), None])
    try:
        assert ask_supervisor(desk, None, permission=Permission.OVERRIDE, title="t", explanation="e") is None
        assert authorize.refusals() == ["The user name or the password is wrong."]
        assert ask_supervisor(desk, None, permission=Permission.OVERRIDE, title="t", explanation="e") is None
    finally:
        authorize.set_headless(False)
    assert services.audit.recent(actor=admin, limit=1)[0].action == "login_failed"
