"""The main window: the workspace, covered by the lock screen when idle, and the status bar."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from frontdesk.i18n import _
from frontdesk.setup import OfficeInfo
from ui.kit.context import AppContext, int_setting
from ui.kit.pages import pages_for
from ui.kit.screen import PREFERRED, available_area
from ui.kit.window_state import recall, remember, restore_window, save_window
from ui.shell.frame import after_first_paint
from ui.shell.lock import IdleWatcher, LockScreen
from ui.shell.status import AutoBackup, DatabaseWatch, StatusBar
from ui.shell.workspace import Workspace

STATE_KEY = "main_window"
LAST_PAGE_KEY = "main_window/last_page"
DEFAULT_PAGE = "today"


class MainWindow(QMainWindow):
    """The desk of one signed-in staff member: shown inside the program's window (:mod:`ui.shell.frame`),
    which remembers the place; on its own (``parent`` None) it is a window of its own."""

    sig_switch_user = Signal()
    """The user asked to sign in as someone else (from the lock screen)."""
    sig_closed = Signal()
    """The window was closed by the user (the program should end)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if parent is not None:  # a QMainWindow is made a window of its own even with a parent
            self.setWindowFlags(Qt.WindowType.Widget)
        self._context = context
        actor = context.require_actor()
        self.workspace = Workspace(context, pages_for(actor), self)
        self.lock_screen = LockScreen(context)
        self.status = StatusBar()
        self.idle = IdleWatcher(context.idle_lock_ms or 5 * 60_000, self)
        self.auto_backup = AutoBackup(context, parent=self)
        self.database_watch = DatabaseWatch(context, self.status, parent=self)
        self._covered: list[QWidget] = []
        self._shut_down = False
        self._central = QStackedWidget()
        self._build_ui()
        self._connect_signals()
        self._load_office_settings()
        self._load_office_name()

    def _build_ui(self) -> None:
        self.setWindowTitle(_("Front desk"))
        self.setMinimumSize(960, 600)
        self._central.addWidget(self.workspace)
        self._central.addWidget(self.lock_screen)
        self.setCentralWidget(self._central)
        self.setStatusBar(self.status)
        self.status.set_user(self._context.require_actor())
        self.status.set_desk(self._context.settings.desk())
        self.status.set_database(self._context.services.target.display())
        if not restore_window(STATE_KEY, self, self.workspace.splitter):
            self.resize(PREFERRED.boundedTo(available_area(self).size()))

    def _connect_signals(self) -> None:
        self.workspace.sig_lock_requested.connect(self.lock)
        self.workspace.sig_page_changed.connect(self._on_workspace_page_changed)
        self.lock_screen.sig_unlocked.connect(self.unlock)
        self.lock_screen.sig_switch_user.connect(self.sig_switch_user)
        self.idle.sig_idle.connect(self.lock)
        self.auto_backup.sig_taken.connect(self._on_auto_backup_taken)
        self.auto_backup.sig_failed.connect(self.status.alert)
        self.auto_backup.sig_progress.connect(self.status.show_progress)
        self._context.runner.sig_busy.connect(self.status.set_busy)
        self._context.bus.subscribe(self, self._on_bus_changed)

    def _load_office_name(self) -> None:
        setup = self._context.services.setup
        self._context.runner.submit(setup.office, self._on_office_loaded, lambda _exc: None, owner=self)

    def _on_office_loaded(self, office: OfficeInfo | None) -> None:
        if office is not None:
            self.workspace.set_office_name(office.name)
            self.setWindowTitle(_("{office} — Front desk").format(office=office.name))

    def _load_office_settings(self) -> None:
        services = self._context.services
        self._context.runner.submit(
            lambda: (
                int_setting(services, "idle_lock_minutes"),
                int_setting(services, "backup_interval_hours"),
            ),
            self._on_office_settings_loaded,
            owner=self,
        )

    def _on_office_settings_loaded(self, values: tuple[int, int]) -> None:
        idle_minutes, backup_hours = values
        if self._context.idle_lock_ms is None:
            self.idle.set_timeout(idle_minutes * 60_000)
        self.auto_backup.start(backup_hours)

    def start(self, page_id: str | None = None) -> None:
        """Show the window on ``page_id`` (the last page used by default) and start watching for idleness."""
        wanted = page_id or recall(LAST_PAGE_KEY, DEFAULT_PAGE)
        if self.workspace.open_page(wanted) is None:
            self.workspace.open_page(DEFAULT_PAGE)
        self.show()
        # the idle watch filters every event of the program; its first events make PySide build
        # ~100 of Qt's classes (~50 ms), so it starts once the desk is on screen; so does the
        # backup, which then waits for the first page's data to load
        after_first_paint(self, self._on_first_paint)

    def _on_first_paint(self) -> None:
        if self._shut_down:
            return
        self.auto_backup.desk_ready()
        if not self.is_locked():
            self.idle.start()

    def open_page(self, page_id: str) -> QWidget | None:
        """Show a page by id (for search results and other pages)."""
        return self.workspace.open_page(page_id)

    def show_status(self, text: str) -> None:
        """A passing message in the status bar."""
        self.status.note(text)

    def is_locked(self) -> bool:
        """True while the lock screen covers the workspace."""
        return self._central.currentWidget() is self.lock_screen

    def lock(self) -> None:
        """Cover the workspace (and hide open dialogs) until the password is typed."""
        if self.is_locked():
            return
        self.idle.stop()
        self.workspace.search_box.hide_results()
        self._covered = [w for w in self.findChildren(QWidget) if w.isWindow() and w.isVisible()]
        for window in self._covered:
            window.hide()
        self._central.setCurrentWidget(self.lock_screen)
        self.lock_screen.prepare()

    def unlock(self) -> None:
        """Back to work where the user left off."""
        self._central.setCurrentWidget(self.workspace)
        for window in self._covered:
            window.show()
        self._covered = []
        self.idle.start()

    def _on_bus_changed(self, entity: str) -> None:
        if entity == "setting":
            self._load_office_settings()

    def _on_workspace_page_changed(self, page_id: str) -> None:
        remember(LAST_PAGE_KEY, page_id)

    def _on_auto_backup_taken(self, message: str) -> None:
        self.status.clear_alert()
        self.status.note(message)

    def shut_down(self) -> None:
        """Stop timers and remember the window's place (before closing or replacing the window)."""
        self._shut_down = True
        self.idle.stop()
        self.auto_backup.stop()
        self.database_watch.stop()
        save_window(STATE_KEY, self, self.workspace.splitter)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Remember the layout; the session then takes the closing backup and ends the program."""
        self.shut_down()
        super().closeEvent(event)
        self.sig_closed.emit()
