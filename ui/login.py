"""The sign-in dialog: user name and password, Enter signs in, the error sits under the password."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.auth import Actor
from frontdesk.errors import UserError
from frontdesk.i18n import _
from frontdesk.setup import OfficeInfo
from ui.context import AppContext
from ui.forms import FieldErrors
from ui.window_state import recall, remember

LAST_USER_KEY = "login/last_user"


class LoginDialog(QDialog):
    """Asks who is at the desk; emits :attr:`sig_signed_in` with the actor when the password is right."""

    sig_signed_in = Signal(object)
    """The staff member signed in (a :class:`frontdesk.auth.Actor`)."""

    def __init__(self, context: AppContext, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.errors = FieldErrors()
        self.office_label = QLabel()
        self.username = QLineEdit(username or recall(LAST_USER_KEY))
        self.password = QLineEdit()
        self.buttons = QDialogButtonBox()
        self.sign_in_button = QPushButton(_("Sign in"))
        self._build_ui()
        self._connect_signals()
        self._load_office()

    def _build_ui(self) -> None:
        self.setWindowTitle(_("Sign in — Front desk"))
        self.setObjectName("loginDialog")
        self.setMinimumWidth(460)
        self.office_label.setObjectName("dialogHeading")
        self.office_label.setWordWrap(True)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.username.setMaxLength(40)
        self.sign_in_button.setObjectName("primary")
        self.sign_in_button.setDefault(True)
        self.buttons.addButton(self.sign_in_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.addRow(self._buddy(_("&User name"), self.username), self.errors.wrap("username", self.username))
        form.addRow(self._buddy(_("&Password"), self.password), self.errors.wrap("password", self.password))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(16)
        layout.addWidget(self.office_label)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        (self.password if self.username.text() else self.username).setFocus()

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    def _connect_signals(self) -> None:
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _load_office(self) -> None:
        self._context.runner.submit(
            self._context.services.setup.office, self._on_office_loaded, lambda _exc: None, owner=self
        )

    def _on_office_loaded(self, office: OfficeInfo | None) -> None:
        name = office.name if office is not None else ""
        self.office_label.setText(_("{office}\nWho is at the desk?").format(office=name).strip())

    def _on_buttons_accepted(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username:
            self.errors.set("username", _("Enter your user name."))
            return
        if not password:  # Enter in the user name field moves on to the password
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if not self.sign_in_button.isEnabled():
            return
        self.errors.clear()
        self.sign_in_button.setEnabled(False)
        staff = self._context.services.staff
        self._context.runner.submit(
            lambda: staff.authenticate(username=username, password=password),
            self._on_authenticated,
            self._on_authenticate_failed,
            owner=self,
        )

    def _on_authenticated(self, actor: Actor) -> None:
        remember(LAST_USER_KEY, actor.username)
        self.sign_in_button.setEnabled(True)
        self.sig_signed_in.emit(actor)
        self.accept()

    def _on_authenticate_failed(self, exc: BaseException) -> None:
        self.sign_in_button.setEnabled(True)
        if isinstance(exc, UserError):
            self.password.clear()
            self.errors.set("password", exc.message)
        else:
            self.errors.show(self, exc)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)
