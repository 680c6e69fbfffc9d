"""The program's one window, from start to end: the sign-in first, then the desk of whoever signed in.

It is shown before the database is opened (it imports nothing of the core's storage), so the
clerk sees the window at once and can type their name while the rest starts behind it. What it
shows is one page at a time — the sign-in panel, or the signed-in staff member's desk
(:class:`ui.shell.main_window.MainWindow`, embedded) — and it mirrors that page's title.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QHideEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from frontdesk.i18n import _
from ui.kit.screen import show_program_window
from ui.kit.tasks import JobProgress
from ui.kit.window_state import restore_window, save_window

#: the same key the desk's window used on its own, so a remembered place carries over
STATE_KEY = "main_window"
#: when the window system never reports a paint (a minimised start), start anyway after this
FIRST_PAINT_FALLBACK_MS = 1000
PROGRESS_POLL_MS = 250  # how often the closing page shows how far its work has come


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Run ``callback`` once, just after ``widget`` is first drawn (or after a second if it never is)."""
    _FirstPaint(widget, callback)


class _FirstPaint(QObject):
    """Runs a callback once, just after the watched window's first paint has been drawn."""

    def __init__(self, watched: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(watched)
        self._callback: Callable[[], None] | None = callback
        watched.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_FALLBACK_MS, self, self._run)  # dropped if the widget goes first

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """After the first paint event, queue the callback behind what the paint queued."""
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            self.deleteLater()  # its work is done (the other timer goes with it)
            callback()


class Frame(QWidget):
    """The top-level window; the session decides what it shows and what closing it means."""

    sig_close_requested = Signal()
    """The user closed the window (the session ends the desk, takes the closing backup, ends)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("frame")
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._page: QWidget | None = None
        self._closing_quietly = False
        self.setWindowTitle(_("Front desk"))
        self.setMinimumSize(960, 600)
        self._remembered = restore_window(STATE_KEY, self)

    def show_first(self) -> None:
        """Show the window at its remembered place, or maximised on a laptop-sized screen."""
        show_program_window(self, remembered=self._remembered)

    def page(self) -> QWidget | None:
        """What the window shows now."""
        return self._page

    def show_page(self, page: QWidget) -> QWidget | None:
        """Show ``page`` in the window and take its title; returns the page it replaces (not deleted)."""
        old, self._page = self._page, page
        self._stack.addWidget(page)
        self._stack.setCurrentWidget(page)
        page.windowTitleChanged.connect(self._on_page_title_changed)
        self._on_page_title_changed(page.windowTitle())
        if old is not None and old is not page:
            old.windowTitleChanged.disconnect(self._on_page_title_changed)
            self._stack.removeWidget(old)
            old.hide()
        return old

    def _on_page_title_changed(self, title: str) -> None:
        self.setWindowTitle(title or _("Front desk"))

    def after_first_paint(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the window has first been drawn (the start-up's slower part)."""
        after_first_paint(self, callback)

    def remember_place(self) -> None:
        """Save the window's size and place for the next start."""
        save_window(STATE_KEY, self)

    def close_quietly(self) -> None:
        """Close at the session's end without asking the session again; the window is then deleted
        (on this thread, from the event loop: left to Python's collector, a worker thread could end
        up deleting it)."""
        self._closing_quietly = True
        self.close()
        self.hide()  # asked from within the user's own close, Qt skips the nested close
        self.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the place; the session then ends what is open (the desk first) and, in the end,
        closes the window (:meth:`close_quietly`) — it stays up while the closing backup is taken."""
        self.remember_place()
        if self._closing_quietly:
            super().closeEvent(event)
            return
        event.ignore()
        self.sig_close_requested.emit()


class ElapsedLabel(QLabel):
    """Counts the seconds of a wait the program cannot shorten ("3 s so far"), from :meth:`start`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signInWhere")
        self._seconds = 0
        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._on_clock_timeout)

    def start(self) -> None:
        """Count from nought; the first second is shown when it has passed."""
        self._seconds = 0
        self.clear()
        self._clock.start()

    def stop(self) -> None:
        """The wait is over: no more counting, nothing shown."""
        self._clock.stop()
        self.clear()

    def hideEvent(self, event: QHideEvent) -> None:
        """No more ticking once the window is gone."""
        self._clock.stop()
        super().hideEvent(event)

    def _on_clock_timeout(self) -> None:
        self._seconds += 1
        self.setText(_("{seconds} s so far").format(seconds=self._seconds))


class ClosingPage(QFrame):
    """What the window shows while the program finishes something before it ends."""

    def __init__(
        self, title: str, text: str, progress: JobProgress | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("signInScreen")  # the sign-in's and lock screen's look
        self._progress = progress
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # moving until the work says how far it is
        self.bar.setVisible(progress is not None)
        self.setWindowTitle(_("Front desk"))
        self.title = QLabel(title)
        self.title.setObjectName("lockTitle")
        self.text = QLabel(text)
        self.text.setObjectName("lockWho")
        self.text.setWordWrap(True)
        self.text.setMinimumWidth(480)
        self.text.setMaximumWidth(560)
        self.elapsed = ElapsedLabel()
        self.elapsed.start()
        self._poll = QTimer(self)
        self._poll.setInterval(PROGRESS_POLL_MS)
        self._poll.timeout.connect(self._on_poll_timeout)
        if progress is not None:
            self._poll.start()
        column = QVBoxLayout()
        column.addStretch(2)
        column.addWidget(self.title)
        column.addWidget(self.text)
        column.addWidget(self.bar)
        column.addWidget(self.elapsed)
        column.addStretch(3)
        outer = QHBoxLayout(self)
        outer.addStretch()
        outer.addLayout(column)
        outer.addStretch()

    def hideEvent(self, event: QHideEvent) -> None:
        """No more polling once the window is gone."""
        self._poll.stop()
        super().hideEvent(event)

    def _on_poll_timeout(self) -> None:
        if self._progress is not None and self._progress.percent >= 0:
            self.bar.setRange(0, 100)
            self.bar.setValue(self._progress.percent)
