"""Dialogs of the Staff page: add a staff member, edit name/role/active, reset a password."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.auth import ROLE_LABELS, Role, StaffRow, password_problem
from frontdesk.base import new_client_id
from frontdesk.i18n import _
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.kit.forms import FieldErrors


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


class _FormDialog(Dialog):
    """A form that saves on the worker thread, keeps what was typed on failure, closes on success."""

    def __init__(self, context: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.errors = FieldErrors()
        self.form = QFormLayout()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def add_row(self, text: str, name: str, widget: QWidget) -> None:
        """A labelled field with its error label."""
        self.form.addRow(_label(text, widget), self.errors.wrap(name, widget))

    def _on_buttons_accepted(self) -> None:
        job = self.job()
        if job is None:
            return
        self.buttons.setEnabled(False)
        self._context.runner.submit(job, self._on_saved, self._on_save_failed, owner=self)

    def job(self) -> Callable[[], Any] | None:
        """The save to run, or None after showing what is wrong."""
        raise NotImplementedError

    def _on_saved(self, _result: object) -> None:
        self.buttons.setEnabled(True)
        self._context.bus.notify("staff")
        self.accept()

    def _on_save_failed(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.errors.show(self, exc)


def _role_box(current: Role = Role.CLERK) -> QComboBox:
    box = QComboBox()
    for role, label in ROLE_LABELS.items():
        box.addItem(_(label), role.value)
    box.setCurrentIndex(box.findData(current.value))
    return box


class AddStaffDialog(_FormDialog):
    """A new staff account with its first password."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, _("Add a staff member"), parent)
        self._client_id = new_client_id()  # a retried save creates the account only once
        self.username = QLineEdit()
        self.username.setMaxLength(40)
        self.display_name = QLineEdit()
        self.role = _role_box()
        self.password = _password_edit()
        self.password_again = _password_edit()
        self.add_row(_("&User name"), "username", self.username)
        self.add_row(_("&Name"), "display_name", self.display_name)
        self.add_row(_("&Role"), "role", self.role)
        self.add_row(_("&Password"), "password", self.password)
        self.add_row(_("Password &again"), "password_again", self.password_again)

    def job(self) -> Callable[[], Any] | None:
        """Create the account."""
        if self.password.text() != self.password_again.text():
            self.errors.set("password_again", _("The two passwords differ; type them again."))
            return None
        staff, actor, client_id = self._context.services.staff, self._context.require_actor(), self._client_id
        username, name = self.username.text(), self.display_name.text()
        role, password = self.role.currentData(), self.password.text()
        return lambda: staff.add(
            actor=actor,
            username=username,
            display_name=name,
            role=role,
            password=password,
            client_id=client_id,
        )


class EditStaffDialog(_FormDialog):
    """Change a staff member's name, role, or whether the account may sign in."""

    def __init__(self, context: AppContext, row: StaffRow, parent: QWidget | None = None) -> None:
        super().__init__(context, _("Edit {name}").format(name=row.display_name), parent)
        self._row = row
        self.display_name = QLineEdit(row.display_name)
        self.role = _role_box(row.role)
        self.active = QCheckBox(_("May sign in"))
        self.active.setChecked(row.active)
        self.form.addRow(_("User name"), QLabel(row.username))
        self.add_row(_("&Name"), "display_name", self.display_name)
        self.add_row(_("&Role"), "role", self.role)
        self.add_row(_("&Account"), "active", self.active)

    def job(self) -> Callable[[], Any] | None:
        """Save the changes (refused if someone saved meanwhile)."""
        staff, actor, row = self._context.services.staff, self._context.require_actor(), self._row
        name, role, active = self.display_name.text(), self.role.currentData(), self.active.isChecked()
        return lambda: staff.update(
            actor=actor, staff_id=row.id, version=row.version, display_name=name, role=role, active=active
        )


class ResetPasswordDialog(_FormDialog):
    """Give a staff member a new password (they should change it after signing in)."""

    def __init__(self, context: AppContext, row: StaffRow, parent: QWidget | None = None) -> None:
        super().__init__(context, _("New password for {name}").format(name=row.display_name), parent)
        self._row = row
        self.password = _password_edit()
        self.password_again = _password_edit()
        self.add_row(_("New &password"), "password", self.password)
        self.add_row(_("Password &again"), "password_again", self.password_again)

    def job(self) -> Callable[[], Any] | None:
        """Set the new password."""
        problem = password_problem(self.password.text())
        if problem or self.password.text() != self.password_again.text():
            field = "password" if problem else "password_again"
            self.errors.set(field, problem or _("The two passwords differ; type them again."))
            return None
        staff, actor = self._context.services.staff, self._context.require_actor()
        username, password = self._row.username, self.password.text()
        return lambda: staff.change_password(actor=actor, username=username, new_password=password)
