"""The status bar (who, which desk, which database), and what it reports on, never modally: the
scheduled backups, and the database while it cannot be reached."""

from __future__ import annotations

import logging
from datetime import timedelta

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from frontdesk.auth import Actor, role_label
from frontdesk.backup import FAILED, BackupCancelled, BackupCopy
from frontdesk.errors import FrontdeskError
from frontdesk.i18n import _
from ui.kit.context import AppContext
from ui.kit.tasks import JobProgress
from ui.visitors.daily import run_daily_purge

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 10 * 60 * 1000  # how often to ask whether an automatic backup is due
MESSAGE_MS = 8000
RETRY_MS = 10_000  # how often to ask an unreachable database again
PROGRESS_POLL_MS = 250  # how often the status bar shows how far a backup has come


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
        self.progress_label = QLabel()
        self.progress_bar = QProgressBar()
        self.progress_bar.setMaximumWidth(140)
        self.progress_bar.setTextVisible(False)
        for label in (self.busy_label, self.offline_label, self.alert_label, self.progress_label):
            label.hide()
            self.addWidget(label)
        self.progress_bar.hide()
        self.addWidget(self.progress_bar)
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

    def show_progress(self, doing: str, percent: int) -> None:
        """Background work and how far it has come (-1: not known yet); an empty ``doing`` hides it."""
        self.progress_label.setVisible(bool(doing))
        self.progress_bar.setVisible(bool(doing))
        self.progress_label.setText(doing if percent < 0 else f"{doing} {percent} %")
        self.progress_bar.setRange(0, 0 if percent < 0 else 100)  # 0–0: a moving bar
        if percent >= 0:
            self.progress_bar.setValue(percent)

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
                self.progress_label,
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
    """The desk's own backups, beside its work, once the desk is usable (:meth:`desk_ready` and its
    first loads done): first the copies not verified yet (the last closing copy) are verified; then,
    and every few minutes after, the ``auto`` copy is taken if the newest verified one is older than
    the interval, and verified in turn. Copies and checks run on the runner's low-priority file thread
    (a read-only snapshot, small steps with pauses), so the desk's reads never wait for them; only
    their audit entries go through the database thread. Their progress shows in the status bar."""

    sig_taken = Signal(str)
    """A copy was taken and verified: a message for the status bar."""
    sig_failed = Signal(str)
    """A copy could not be taken, or failed its check: a message for the status bar."""
    sig_progress = Signal(str, int)
    """What is being done and how far (percent, -1 not known yet); ("", -1) when it is over."""

    def __init__(
        self, context: AppContext, check_ms: int = CHECK_EVERY_MS, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self.interval = timedelta(hours=4)
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._poll = QTimer(self)
        self._poll.setInterval(PROGRESS_POLL_MS)
        self._poll.timeout.connect(self._on_poll_timeout)
        self._progress = JobProgress()
        self._doing = ""
        self._in_progress = self._copied = self._ready = self._waiting = False

    def start(self, interval_hours: int) -> None:
        """Check regularly, copying every ``interval_hours``; the first check once the desk is ready."""
        self.interval = timedelta(hours=interval_hours)
        self._timer.start()
        self._run_when_quiet()

    def desk_ready(self) -> None:
        """The desk is on screen: backup work may begin once its first page's data has loaded."""
        self._ready = True
        self._run_when_quiet()

    def stop(self) -> None:
        """No more scheduled checks, and nothing more started by this desk."""
        self._timer.stop()
        self._ready = False
        self._end_progress()

    def _run_when_quiet(self) -> None:
        """Run the first check when the runner has nothing queued (the first page's loads are done)."""
        if not self._ready or not self._timer.isActive() or self._waiting:
            return
        self._waiting = True
        self._context.runner.sig_busy.connect(self._on_runner_busy)
        self._on_runner_busy(self._context.runner.busy())

    def _on_runner_busy(self, busy: bool) -> None:
        if not busy:  # the last job's result is handed over just after: look again after it
            QTimer.singleShot(0, self, self._after_runner_idle)

    def _after_runner_idle(self) -> None:
        if not self._waiting or self._context.runner.busy():
            return  # a result asked for more: wait for that too
        self._context.runner.sig_busy.disconnect(self._on_runner_busy)
        self._waiting = False
        if self._ready and self._timer.isActive():
            self._on_timer_timeout()

    def _on_timer_timeout(self) -> None:
        if self._in_progress or not self._ready:  # the last copy is still being checked
            return
        self._in_progress, self._copied = True, False
        self._verify()
        run_daily_purge(self._context, owner=self)

    def _verify(self) -> None:
        maintenance, progress = self._context.services.maintenance, self._begin(_("Checking the backup …"))
        self._context.runner.submit_files(
            lambda: maintenance.verify_new_copies(progress=progress),
            self._on_copies_verified,
            self._on_backup_failed,
            owner=self,
        )

    def _on_copies_verified(self, copies: list[BackupCopy]) -> None:
        actor, maintenance = self._context.require_actor(), self._context.services.maintenance
        self._context.runner.submit(
            lambda: maintenance.record_verifications(actor=actor, copies=copies),
            lambda _none: self._on_verifications_recorded(copies),
            self._on_backup_failed,
            owner=self,
        )

    def _on_verifications_recorded(self, copies: list[BackupCopy]) -> None:
        if copies:
            self._context.bus.notify("backup")
        for copy in copies:
            if copy.state == FAILED:
                problem = copy.problems[0] if copy.problems else "?"
                self.sig_failed.emit(
                    _("The backup {name} failed its check: {problem}").format(
                        name=copy.path.name, problem=problem
                    )
                )
            elif self._copied:
                self.sig_taken.emit(_("Automatic backup saved: {name}").format(name=copy.path.name))
        if self._copied or not self._ready:
            self._finish()
            return
        self._copied = True
        due, maintenance = self.interval, self._context.services.maintenance
        progress = self._begin(_("Backing up …"))
        self._context.runner.submit_files(
            lambda: maintenance.background_copy(due_after=due, progress=progress),
            self._on_copy_written,
            self._on_backup_failed,
            owner=self,
        )

    def _on_copy_written(self, copy: BackupCopy | None) -> None:
        if copy is None:
            self._finish()
            return
        actor, maintenance = self._context.require_actor(), self._context.services.maintenance
        self._context.runner.submit(
            lambda: maintenance.record_backup(actor=actor, copy=copy),
            lambda _none: self._verify() if self._ready else self._finish(),
            self._on_backup_failed,
            owner=self,
        )

    def _begin(self, doing: str) -> JobProgress:
        self._progress, self._doing = JobProgress(), doing
        self.sig_progress.emit(doing, -1)
        self._poll.start()
        return self._progress

    def _on_poll_timeout(self) -> None:
        self.sig_progress.emit(self._doing, self._progress.percent)

    def _end_progress(self) -> None:
        self._poll.stop()
        self.sig_progress.emit("", -1)

    def _finish(self) -> None:
        self._in_progress = False
        self._end_progress()

    def _on_backup_failed(self, exc: BaseException) -> None:
        self._finish()
        if isinstance(exc, BackupCancelled):
            return  # the program is closing: the copy is verified at the next start
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
