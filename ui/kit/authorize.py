"""A supervisor's authority at the clerk's desk: user name, password and reason, checked by the core.

Tests switch to headless mode (like :mod:`ui.kit.messages`): :func:`ask_supervisor` then fills the real
dialog with the queued answers and submits it once, so the core still checks the password.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QEventLoop, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.auth import Actor, Permission
from frontdesk.errors import StorageError, UserError, ValidationError
from frontdesk.i18n import _
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.dialog import Dialog
from ui.kit.forms import FieldErrors


@dataclass(frozen=True)
class Authorization:
    """A supervisor's authority, given at the desk for one action."""

    actor: Actor  # the supervisor who authorised
    reason: str


@dataclass(frozen=True)
class Answer:
    """What a test types into the dialog in headless mode."""

    username: str
    password: str
    reason: str = ""


@dataclass
class _Headless:
    enabled: bool = False
    answers: list[Answer | None] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


_headless = _Headless()


def set_headless(enabled: bool, answers: list[Answer | None] | None = None) -> None:
    """Answer the dialog from ``answers`` (None: Cancel) instead of showing it; refusals are recorded."""
    _headless.enabled = enabled
    _headless.answers[:] = answers or []
    _headless.refused.clear()


def refusals() -> list[str]:
    """The messages shown in headless mode since it was switched on (wrong password …)."""
    return list(_headless.refused)


class SupervisorDialog(Dialog):
    """Explanation, supervisor's user name and password, reason; stays open until the core agrees."""

    sig_answered = Signal()
    """One attempt came back from the core (accepted or refused)."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None,
        *,
        permission: Permission,
        title: str,
        explanation: str,
        reason_required: bool = True,
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._permission = permission
        self._reason_required = reason_required
        self.authorization: Authorization | None = None
        self.errors = FieldErrors()
        self.explanation = QLabel(explanation)
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.reason = QLineEdit()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(_("&Authorise"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.setWindowTitle(title)
        self._build_ui()
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

    def _build_ui(self) -> None:
        self.setMinimumWidth(460)
        self.explanation.setWordWrap(True)
        self.username.setMaxLength(40)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(_("Required") if self._reason_required else _("Optional"))
        form = QFormLayout()
        for text, name, widget in (
            (_("Supervisor's &user name"), "username", self.username),
            (_("Supervisor's &password"), "password", self.password),
            (_("&Reason"), "reason", self.reason),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, self.errors.wrap(name, widget))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.addWidget(self.explanation)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.ok_button.setDefault(True)  # only once inside the dialog: Enter authorises
        self.username.setFocus()

    def submit(self) -> None:
        """Check the entries with the core on the worker thread; close when authorised."""
        self.errors.clear()
        reason = self.reason.text().strip()
        if not self.username.text().strip():
            self._refuse(ValidationError("username", _("Enter the supervisor's user name.")))
            return
        if self._reason_required and not reason:
            self._refuse(ValidationError("reason", _("Say why, for the record.")))
            return
        staff, requested_by = self._context.services.staff, self._context.require_actor()
        username, password, permission = self.username.text(), self.password.text(), self._permission
        self.ok_button.setEnabled(False)
        self._context.runner.submit(
            lambda: staff.authorize(
                username=username,
                password=password,
                permission=permission,
                requested_by=requested_by,
                reason=reason,
            ),
            lambda actor: self._on_authorized(Authorization(actor, reason)),
            self._on_refused,
            owner=self,
        )

    def _on_authorized(self, authorization: Authorization) -> None:
        self.ok_button.setEnabled(True)
        self.authorization = authorization
        self.password.clear()
        self.accept()
        self.sig_answered.emit()

    def _on_refused(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.password.clear()
        self._refuse(exc)
        self.sig_answered.emit()

    def _refuse(self, exc: BaseException) -> None:
        if isinstance(exc, UserError) and not isinstance(exc, ValidationError):
            exc = ValidationError("password", exc.message)  # locked or disabled: said at the password
        if isinstance(exc, ValidationError) and _headless.enabled:
            _headless.refused.append(exc.message)
        if isinstance(exc, StorageError | UserError):
            self.errors.show(self, exc)
        else:
            messages.show_error(self, exc)


def ask_supervisor(
    context: AppContext,
    parent: QWidget | None,
    *,
    permission: Permission,
    title: str,
    explanation: str,
    reason_required: bool = True,
) -> Authorization | None:
    """Ask a supervisor to authorise ``permission`` at this desk (a modal dialog).

    Returns:
        Who authorised and why, or None when cancelled.
    """
    dialog = SupervisorDialog(
        context,
        parent,
        permission=permission,
        title=title,
        explanation=explanation,
        reason_required=reason_required,
    )
    try:
        if _headless.enabled:
            return _answer_headless(dialog)
        return dialog.authorization if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def _answer_headless(dialog: SupervisorDialog) -> Authorization | None:
    answer = _headless.answers.pop(0) if _headless.answers else None
    if answer is None:
        return None
    dialog.username.setText(answer.username)
    dialog.password.setText(answer.password)
    dialog.reason.setText(answer.reason)
    loop = QEventLoop()
    dialog.sig_answered.connect(loop.quit)
    dialog.submit()
    if not dialog.ok_button.isEnabled():  # a threaded runner: wait for the core's answer
        loop.exec()
    return dialog.authorization
