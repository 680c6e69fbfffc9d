"""The month view's progress row: what is being done, a bar polled from the job's progress, Cancel.

The job runs on the worker thread and writes how far it is into a :class:`Watch` (a plain object, no
Qt); a timer on the GUI thread reads it into the bar. Cancel makes the job's next progress call
raise :class:`Cancelled`, so the job stops between two rows and writes no file.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from frontdesk.errors import UserError
from frontdesk.i18n import _
from ui.kit.tasks import JobProgress

POLL_MS = 100


class Cancelled(UserError):
    """The clerk cancelled a document: nothing was written."""

    def __init__(self) -> None:
        super().__init__(_("Cancelled: no file was written."))


class Watch(JobProgress):
    """A job's progress as the bar shows it, split into phases (gathering, then writing)."""

    def __init__(self, phases: int = 1) -> None:
        super().__init__()
        self.cancelled = False
        self._phases, self._phase = max(1, phases), 0

    def next_phase(self) -> None:
        """The next part of the job begins (its progress fills the next share of the bar)."""
        self._phase = min(self._phases - 1, self._phase + 1)

    def __call__(self, done: int, total: int) -> None:
        if self.cancelled:
            raise Cancelled
        part = min(done, total) / total if total > 0 else 1.0
        self.percent = int(100 * (self._phase + part) / self._phases)


class ProgressRow(QWidget):
    """A status text, a progress bar while a job runs, and Cancel for the jobs that may stop."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 100)
        self.bar.setMaximumWidth(260)
        self.cancel_button = QPushButton(_("Cancel"))
        self.watch: Watch | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.bar.setVisible(False)
        self.cancel_button.setVisible(False)

    def start(self, doing: str, watch: Watch | None = None) -> Watch:
        """Show ``doing`` and an empty bar (busy until the job says how far it is)."""
        self.watch = watch or Watch()
        self.status.setText(doing)
        self.bar.setValue(0)
        self.bar.setRange(0, 0)  # busy until the first figure
        self.bar.setVisible(True)
        self.cancel_button.setVisible(True)
        self._timer.start()
        return self.watch

    def finish(self, text: str, *, done: bool = True) -> None:
        """The job is over: the bar full (or left where it stopped), ``text`` in its place."""
        self._timer.stop()
        self.bar.setRange(0, 100)
        if done:
            self.bar.setValue(100)
        self.cancel_button.setVisible(False)
        self.status.setText(text)

    def cancel(self) -> None:
        """Ask the running job to stop."""
        if self.watch is not None:
            self.watch.cancelled = True
            self.status.setText(_("Cancelling …"))

    def running(self) -> bool:
        """True while a job shows its progress here."""
        return self._timer.isActive()

    def _on_timer_timeout(self) -> None:
        if self.watch is not None and self.watch.percent >= 0:
            self.bar.setRange(0, 100)
            self.bar.setValue(self.watch.percent)
