"""The sign-in panel: the main window's first page — user name, password, Enter signs in.

It is built before the database is open (the window appears at once) and :meth:`SignInPanel.attach`
gives it the program's context when the database is ready; until then the clerk may already type.
The error sits under the field it concerns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.errors import UserError
from frontdesk.i18n import _
from ui.kit.forms import FieldErrors
from ui.kit.window_state import recall, remember
from ui.shell.frame import ElapsedLabel

if TYPE_CHECKING:  # the core's storage is imported after the window has been drawn
    from frontdesk.auth import Actor
    from frontdesk.setup import OfficeInfo
    from ui.kit.context import AppContext

LAST_USER_KEY = "login/last_user"


class SignInPanel(QFrame):
    """Asks who is at the desk; emits :attr:`sig_signed_in` with the actor when the password is right.

    It is drawn before PySide's ``Qt`` namespace is first used (see :mod:`ui.kit.forms`): a QFrame takes
    its background from the style sheet without a widget attribute, focus reasons are the default.
    """

    sig_signed_in = Signal(object)
    """The staff member signed in (a :class:`frontdesk.auth.Actor`)."""

    def __init__(self, username: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context: AppContext | None = None
        self._pending = False  # Enter was pressed before the database was open
        self.errors = FieldErrors()
        self.office_label = QLabel()
        self.question = QLabel(_("Who is at the desk?"))
        self.username = QLineEdit(username or recall(LAST_USER_KEY))
        self.password = QLineEdit()
        self.sign_in_button = QPushButton(_("Sign in"))
        self.where = QLabel(_("Opening the database …"))
        self.elapsed = ElapsedLabel()
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.setWindowTitle(_("Sign in — Front desk"))
        self.setObjectName("signInScreen")
        self.office_label.setObjectName("lockTitle")
        self.office_label.setWordWrap(True)
        self.question.setObjectName("lockWho")
        self.where.setObjectName("signInWhere")
        self.where.setWordWrap(True)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.username.setMaxLength(40)
        for field in (self.username, self.password):
            field.setMinimumWidth(320)
        self.sign_in_button.setObjectName("primary")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.setMinimumWidth(160)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.addRow(self._buddy(_("&User name"), self.username), self.errors.wrap("username", self.username))
        form.addRow(self._buddy(_("&Password"), self.password), self.errors.wrap("password", self.password))
        column = QVBoxLayout()
        column.setSpacing(12)
        column.addStretch(2)
        column.addWidget(self.office_label)
        column.addWidget(self.question)
        column.addLayout(form)
        button_row = QHBoxLayout()
        button_row.addStretch()
        button_row.addWidget(self.sign_in_button)
        column.addLayout(button_row)
        column.addStretch(3)
        column.addWidget(self.where)
        column.addWidget(self.elapsed)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(28, 24, 28, 16)
        outer.addStretch()
        outer.addLayout(column, 0)
        outer.addStretch()

    def showEvent(self, event: QShowEvent) -> None:
        """The first empty field takes the keyboard (the password when the name is remembered)."""
        super().showEvent(event)
        (self.password if self.username.text() else self.username).setFocus()

    @staticmethod
    def _buddy(text: str, widget: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(widget)
        return label

    def _connect_signals(self) -> None:
        self.sign_in_button.clicked.connect(self._on_sign_in_button_clicked)
        self.username.returnPressed.connect(self._on_sign_in_button_clicked)
        self.password.returnPressed.connect(self._on_sign_in_button_clicked)

    def show_opening(self, database: str, *, server: bool) -> None:
        """Say which database is being opened (a ``server`` is connected to) and count the seconds."""
        if server:
            self.where.setText(_("Connecting to the database server: {database} …").format(database=database))
        else:
            self.where.setText(_("Opening the database: {database} …").format(database=database))
        self.elapsed.start()

    def attach(self, context: AppContext) -> None:
        """The database is open: name the office and the database, and sign in from now on."""
        self._context = context
        self.elapsed.stop()
        self.where.setText(
            _("Database: {database} · Desk: {desk}").format(
                database=context.services.target.display(), desk=context.settings.desk()
            )
        )
        context.runner.submit(
            context.services.setup.office, self._on_office_loaded, lambda _exc: None, owner=self
        )
        if self._pending:
            self._pending = False
            self._on_sign_in_button_clicked()

    def is_ready(self) -> bool:
        """True once the database is open (a sign-in can be checked)."""
        return self._context is not None

    def _on_office_loaded(self, office: OfficeInfo | None) -> None:
        self.office_label.setText(office.name if office is not None else "")

    def _on_sign_in_button_clicked(self) -> None:
        username, password = self.username.text().strip(), self.password.text()
        if not username:
            self.errors.set("username", _("Enter your user name."))
            return
        if not password:  # Enter in the user name field moves on to the password
            self.password.setFocus()
            return
        if not self.sign_in_button.isEnabled():
            return
        context = self._context
        if context is None:  # typed before the database was open: checked as soon as it is
            self._pending = True
            return
        self.errors.clear()
        self.sign_in_button.setEnabled(False)
        staff = context.services.staff
        context.runner.submit(
            lambda: staff.authenticate(username=username, password=password),
            self._on_authenticated,
            self._on_authenticate_failed,
            owner=self,
        )

    def _on_authenticated(self, actor: Actor) -> None:
        remember(LAST_USER_KEY, actor.username)
        self.sign_in_button.setEnabled(True)
        self.sig_signed_in.emit(actor)

    def _on_authenticate_failed(self, exc: BaseException) -> None:
        self.sign_in_button.setEnabled(True)
        if isinstance(exc, UserError):
            self.password.clear()
            self.errors.set("password", exc.message)
        else:
            self.errors.show(self, exc)
        self.password.setFocus()
