"""The status bar (who, which desk, which database), and what it reports on, never modally: the
scheduled backups, and the database while it cannot be reached."""

from __future__ import annotations

import logging
from datetime import timedelta

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from frontdesk.auth import Actor, role_label
from frontdesk.backup import BackupCopy, PendingCopy
from frontdesk.errors import FrontdeskError
from frontdesk.i18n import _
from ui.kit.context import AppContext
from ui.visitors.daily import run_daily_purge

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 10 * 60 * 1000  # how often to ask whether an automatic backup is due
MESSAGE_MS = 8000
RETRY_MS = 10_000  # how often to ask an unreachable database again


def _set_status(label: QLabel, status: str) -> None:
    label.setProperty("status", status)
    label.style().unpolish(label)
    label.style().polish(label)


class StatusBar(QStatusBar):
    """User (name and role), desk, database; a busy mark; an alert for failed background work."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.user_label = QLabel()
        self.desk_label = QLabel()
        self.database_label = QLabel()
        self.busy_label = QLabel(_("Working …"))
        self.alert_label = QLabel()
        self.offline_label = QLabel("⚠ " + _("The database cannot be reached: reconnecting …"))
        for label in (self.alert_label, self.offline_label):
            label.setObjectName("statusAlert")
            _set_status(label, "bad")
        for label in (self.busy_label, self.offline_label, self.alert_label):
            label.hide()
            self.addWidget(label)
        for label in (self.user_label, self.desk_label, self.database_label):
            label.setObjectName("statusField")
            self.addPermanentWidget(label)

    def set_user(self, actor: Actor) -> None:
        """Show who is signed in."""
        self.user_label.setText(
            _("Signed in: {name} ({role})").format(name=actor.display_name, role=role_label(actor.role))
        )

    def set_desk(self, desk: str) -> None:
        """Show this desk's name."""
        self.desk_label.setText(_("Desk: {desk}").format(desk=desk))

    def set_database(self, where: str) -> None:
        """Show where the data lives."""
        self.database_label.setText(where)
        self.database_label.setToolTip(where)

    def set_busy(self, busy: bool) -> None:
        """Show or hide the 'working' mark."""
        self.busy_label.setVisible(busy)

    def note(self, text: str) -> None:
        """A passing message (e.g. a backup that went well)."""
        self.showMessage(text, MESSAGE_MS)

    def alert(self, text: str) -> None:
        """A problem that stays visible until cleared (e.g. the automatic backup failed)."""
        self.alert_label.setText("⚠ " + text)
        self.alert_label.setToolTip(text)
        self.alert_label.show()

    def clear_alert(self) -> None:
        """Remove the alert."""
        self.alert_label.clear()
        self.alert_label.hide()

    def set_database_reachable(self, reachable: bool) -> None:
        """Say, until it answers again, that the database cannot be reached."""
        self.offline_label.setVisible(not reachable)

    def summary(self) -> str:
        """Every visible text of the bar, for tests and screen readers."""
        parts = [self.currentMessage()] + [
            w.text()
            for w in (
                self.offline_label,
                self.alert_label,
                self.user_label,
                self.desk_label,
                self.database_label,
            )
            if not w.isHidden()
        ]
        return " | ".join(p for p in parts if p)


class AutoBackup(QObject):
    """Every few minutes, take the ``auto`` copy if the newest one is older than the interval."""

    sig_taken = Signal(str)
    """A copy was taken: a message for the status bar."""
    sig_failed = Signal(str)
    """The copy failed: a message for the status bar."""

    def __init__(
        self, context: AppContext, check_ms: int = CHECK_EVERY_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.interval = timedelta(hours=4)
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._in_progress = False

    def start(self, interval_hours: int) -> None:
        """Check now and then regularly, copying every ``interval_hours``."""
        self.interval = timedelta(hours=interval_hours)
        self._timer.start()
        self._on_timer_timeout()

    def stop(self) -> None:
        """No more scheduled checks."""
        self._timer.stop()

    def _on_timer_timeout(self) -> None:
        if self._in_progress:  # the last copy is still being checked: its age is not known yet
            return
        actor, due = self._context.require_actor(), self.interval
        maintenance = self._context.services.maintenance
        self._in_progress = True
        # three steps: copy on the database thread, check the copy beside it (the long part on a
        # large database: searches need not wait), then the audit entry on the database thread
        self._context.runner.submit(
            lambda: maintenance.start_automatic_backup(actor=actor, due_after=due),
            self._on_copy_written,
            self._on_backup_failed,
            owner=self,
        )
        run_daily_purge(self._context, owner=self)

    def _on_copy_written(self, pending: PendingCopy | None) -> None:
        if pending is None:
            self._in_progress = False
            return
        maintenance = self._context.services.maintenance
        self._context.runner.submit_files(
            lambda: maintenance.finish_automatic_backup(pending),
            self._on_copy_checked,
            self._on_backup_failed,
            owner=self,
        )

    def _on_copy_checked(self, copy: BackupCopy) -> None:
        actor, maintenance = self._context.require_actor(), self._context.services.maintenance
        self._context.runner.submit(
            lambda: maintenance.record_backup(actor=actor, copy=copy),
            lambda _none: self._on_backup_done(copy),
            self._on_backup_failed,
            owner=self,
        )

    def _on_backup_done(self, copy: BackupCopy) -> None:
        self._in_progress = False
        self._context.bus.notify("backup")
        self.sig_taken.emit(_("Automatic backup saved: {name}").format(name=copy.path.name))

    def _on_backup_failed(self, exc: BaseException) -> None:
        self._in_progress = False
        if not isinstance(exc, FrontdeskError):
            log.error("automatic backup failed", exc_info=exc)
        detail = getattr(exc, "message", None) or str(exc)
        self.sig_failed.emit(_("Automatic backup failed: {reason}").format(reason=detail))


class DatabaseWatch(QObject):
    """While the database cannot be reached: the status bar says so, and it is asked again every few
    seconds (on the worker thread), so the message goes as soon as the server is back."""

    def __init__(self, context: AppContext, status: StatusBar, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._context, self._status = context, status
        self._asking = self._stopped = False
        self._timer = QTimer(self)
        self._timer.setInterval(RETRY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        context.runner.sig_database.connect(self._on_runner_database)
        self._on_runner_database(not context.runner.database_down())

    def stop(self) -> None:
        """No more asking (the window is going)."""
        self._stopped = True
        self._timer.stop()

    def _on_runner_database(self, reachable: bool) -> None:
        self._status.set_database_reachable(reachable)
        if reachable or self._stopped:
            self._timer.stop()
        else:
            self._timer.start()

    def _on_timer_timeout(self) -> None:
        if self._asking:  # the last question has not been answered yet (a connect may take 5 s)
            return
        self._asking = True
        self._context.runner.submit(self._context.services.ping, self._on_answer, self._on_answer, owner=self)

    def _on_answer(self, _outcome: object) -> None:
        self._asking = False  # the runner itself tells the outcome (sig_database)
