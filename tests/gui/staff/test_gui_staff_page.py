"""The Staff page: add a clerk, edit a role, reset a password — checked through the services."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialogButtonBox

from frontdesk.auth import Role
from tests.qt_helpers import type_text
from ui.shell.main_window import MainWindow
from ui.staff.dialogs import AddStaffDialog, EditStaffDialog, ResetPasswordDialog
from ui.staff.page import StaffPage


@pytest.fixture
def page(open_window, admin_context) -> StaffPage:
    """The Staff page in the administrator's window."""
    window: MainWindow = open_window(admin_context)
    page = window.open_page("staff")
    assert isinstance(page, StaffPage)
    return page


def _save(dialog) -> None:
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()


def _select(page: StaffPage, username: str) -> None:
    row = next(r for r in page.model.rows() if r.username == username)
    assert page.select(row.id)


def test_admin_adds_a_clerk(qtbot, page: StaffPage, services, admin) -> None:
    page.add_button.click()
    dialog = page.dialog
    assert isinstance(dialog, AddStaffDialog) and dialog.isVisible()
    type_text(qtbot, dialog.username, "chenxm")
    type_text(qtbot, dialog.display_name, "陈小明")
    for edit in (dialog.password, dialog.password_again):
        type_text(qtbot, edit, "clerk-pass-1")
    _save(dialog)
    assert not dialog.isVisible()
    added = next(r for r in services.staff.list(actor=admin) if r.username == "chenxm")
    assert added.display_name == "陈小明" and added.role is Role.CLERK and added.active
    assert "陈小明" in [r.display_name for r in page.model.rows()], "the list refreshed"


def test_a_taken_user_name_is_shown_next_to_the_field_and_the_form_stays(
    qtbot,
    page: StaffPage,
    services,
    admin,
) -> None:
    page.add_button.click()
    dialog = page.dialog
    type_text(qtbot, dialog.username, "admin")
    type_text(qtbot, dialog.display_name, "另一个王")
    for edit in (dialog.password, dialog.password_again):
        type_text(qtbot, edit, "clerk-pass-1")
    _save(dialog)
    assert dialog.isVisible()
    assert dialog.errors.message("username") == "The user name admin is taken."
    assert dialog.display_name.text() == "另一个王" and dialog.password.text() == "clerk-pass-1"
    assert len(services.staff.list(actor=admin)) == 1


def test_admin_changes_a_role_and_disables_an_account(qtbot, page: StaffPage, services, admin, clerk) -> None:
    page.activate()
    _select(page, "clerk1")
    page.edit_button.click()
    dialog = page.dialog
    assert isinstance(dialog, EditStaffDialog)
    dialog.role.setCurrentIndex(dialog.role.findData(Role.SUPERVISOR.value))
    dialog.active.setChecked(False)
    _save(dialog)
    row = next(r for r in services.staff.list(actor=admin) if r.username == "clerk1")
    assert row.role is Role.SUPERVISOR and not row.active
    status = page.model.data(page.model.index([r.username for r in page.model.rows()].index("clerk1"), 3))
    assert status == "Disabled"


def test_the_last_administrator_cannot_be_demoted(qtbot, page: StaffPage) -> None:
    page.activate()
    _select(page, "admin")
    page.edit_button.click()
    dialog = page.dialog
    dialog.role.setCurrentIndex(dialog.role.findData(Role.CLERK.value))
    _save(dialog)
    assert dialog.isVisible()
    assert dialog.errors.message("role") == "The last active administrator cannot be removed."


def test_admin_resets_a_password(qtbot, page: StaffPage, services, clerk) -> None:
    page.activate()
    _select(page, "clerk1")
    page.password_button.click()
    dialog = page.dialog
    assert isinstance(dialog, ResetPasswordDialog)
    type_text(qtbot, dialog.password, "short")
    type_text(qtbot, dialog.password_again, "short")
    _save(dialog)
    assert "at least 8 characters" in dialog.errors.message("password")
    for edit in (dialog.password, dialog.password_again):
        edit.clear()
        type_text(qtbot, edit, "brand-new-pass")
    _save(dialog)
    assert not dialog.isVisible()
    assert services.staff.authenticate(username="clerk1", password="brand-new-pass").username == "clerk1"


def test_filter_narrows_the_list(qtbot, page: StaffPage, staff_member) -> None:
    page.activate()
    type_text(qtbot, page.filter, "秀英")
    assert page.proxy.rowCount() == 1
