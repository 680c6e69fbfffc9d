"""Idle lock: no key or mouse input for a while covers the window until the password is typed again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.auth import role_label
from frontdesk.i18n import _
from ui.kit.context import AppContext
from ui.kit.forms import FieldErrors

MAX_UNLOCK_FAILURES = 3
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    """An application-wide event filter: emits :attr:`sig_idle` after ``timeout_ms`` without input."""

    sig_idle = Signal()
    """Nobody touched the keyboard or the mouse for the whole delay."""

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.sig_idle)

    def start(self) -> None:
        """Begin watching the whole application."""
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def stop(self) -> None:
        """Stop watching (while locked, or when the window closes)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._timer.stop()

    def set_timeout(self, timeout_ms: int) -> None:
        """Change the delay (the office setting arrived, or a test wants it short)."""
        self._timer.setInterval(timeout_ms)
        if self._timer.isActive():
            self._timer.start()

    def timeout_ms(self) -> int:
        """The delay in milliseconds."""
        return self._timer.interval()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Any input restarts the countdown; nothing is filtered out."""
        if event.type() in ACTIVITY:
            self._timer.start()
        return False


class LockScreen(QWidget):
    """Covers the workspace: the signed-in user's password unlocks, or someone else signs in."""

    sig_unlocked = Signal()
    """The signed-in user typed the right password."""
    sig_switch_user = Signal()
    """Someone else wants to sign in (a full sign-in follows)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._failures = 0
        self.errors = FieldErrors()
        self.password = QLineEdit()
        self.unlock_button = QPushButton(_("&Unlock"))
        self.switch_button = QPushButton(_("&Sign in as someone else"))
        self._who = QLabel()
        self._build_ui()
        self._connect_signals()

    def _build_ui(self) -> None:
        self.setObjectName("lockScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(_("Password"))
        self.password.setMinimumWidth(320)
        self.unlock_button.setDefault(True)
        self.unlock_button.setObjectName("primary")
        title = QLabel(_("The screen is locked"))
        title.setObjectName("lockTitle")
        self._who.setObjectName("lockWho")
        buttons = QHBoxLayout()
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.switch_button)
        column = QVBoxLayout()
        column.addStretch(2)
        for widget in (title, self._who, self.errors.wrap("password", self.password)):
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        column.addLayout(buttons)
        column.addStretch(3)
        outer = QHBoxLayout(self)
        outer.addStretch()
        outer.addLayout(column)
        outer.addStretch()

    def _connect_signals(self) -> None:
        self.password.returnPressed.connect(self._on_unlock_button_clicked)
        self.unlock_button.clicked.connect(self._on_unlock_button_clicked)
        self.switch_button.clicked.connect(self.sig_switch_user)

    def prepare(self) -> None:
        """Reset the form for a new lock."""
        actor = self._context.require_actor()
        self._who.setText(
            _("Signed in: {name} ({role}). Type your password to continue.").format(
                name=actor.display_name, role=role_label(actor.role)
            )
        )
        self.password.clear()
        self.errors.clear()
        self._failures = 0
        self.unlock_button.setEnabled(True)
        self.password.setFocus()

    def _on_unlock_button_clicked(self) -> None:
        if not self.unlock_button.isEnabled() or self._context.actor is None:
            return  # a click still on its way after "sign in as someone else" ended this desk
        actor, password = self._context.require_actor(), self.password.text()
        staff = self._context.services.staff
        self.unlock_button.setEnabled(False)
        self._context.runner.submit(
            lambda: staff.verify(actor=actor, password=password),
            self._on_verify_done,
            self._on_verify_failed,
            owner=self,
        )

    def _on_verify_done(self, accepted: bool) -> None:
        self.unlock_button.setEnabled(True)
        self.password.clear()
        if accepted:
            self.sig_unlocked.emit()
            return
        self._failures += 1
        if self._failures >= MAX_UNLOCK_FAILURES:  # the full sign-in counts failures and locks accounts
            self.sig_switch_user.emit()
        else:
            self.errors.set("password", _("The password is wrong."))

    def _on_verify_failed(self, exc: BaseException) -> None:
        self.unlock_button.setEnabled(True)
        self.errors.show(self, exc)
