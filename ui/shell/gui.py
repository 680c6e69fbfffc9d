"""Starting the desktop program: the application and its window first, then the database and the session.

The window is drawn before the core's storage is imported or the database opened: the clerk sees
the sign-in at once and may type while the rest starts (a second or two of typing covers it). The
database is opened, checked and migrated on the worker thread, so a PostgreSQL server that is slow
to answer, or never answers, leaves the window painting and taking keys until its connect timeout.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Signal
from PySide6.QtWidgets import QApplication

from frontdesk.i18n import current_language
from ui.kit import messages
from ui.shell.frame import Frame
from ui.shell.language import install_qt_translator
from ui.shell.login import SignInPanel
from ui.shell.style import apply_style

if TYPE_CHECKING:
    from frontdesk.config import LocalSettings
    from frontdesk.db import DatabaseTarget
    from frontdesk.services import Services
    from ui.kit.context import AppContext
    from ui.kit.tasks import Runner
    from ui.shell.session import Session

EXIT_STORAGE = 2


def start_gui(
    argv: Sequence[str],
    *,
    database: str | None,
    settings: LocalSettings,
    exec_: bool = True,
    runner: Runner | None = None,
    idle_lock_ms: int | None = None,
) -> tuple[int, AppContext | None]:
    """Show the window, open the database and run the desk: first-run wizard or sign-in, then the desk.

    The language must already be chosen (``frontdesk.i18n.set_language``); this installs Qt's own
    catalog for it.

    Args:
        argv: the arguments after the program name (Qt's own options such as ``-platform`` work).
        database: ``--db`` (an SQLite path or PostgreSQL URL); None for this PC's setting.
        settings: this PC's settings, as loaded.
        exec_: run the event loop until the program ends; tests pass False (this then returns once
            the database is open or refused, processing events meanwhile) and drive the window
            through ``context.session``, then call ``context.session.finish()``.
        runner: the task runner (tests pass a ``SynchronousRunner``); a worker thread by default.
        idle_lock_ms: override the idle-lock delay (tests); None for the office setting.

    Returns:
        The exit code (0 normal, 2 the database could not be opened) and the context (None when the
        database could not be opened).
    """
    app = _application(argv)
    install_qt_translator(current_language())
    apply_style(app)
    frame = Frame()
    panel = SignInPanel()
    frame.show_page(panel)
    frame.show_first()
    start = _Start(frame, panel, database, settings, runner, idle_lock_ms, app.exit if exec_ else None)
    if not exec_:
        start.open()
        start.wait()
        if start.session is None:
            start.abandon()
            return (0 if start.closed_by_clerk else EXIT_STORAGE), None
        return start.session.exit_code, start.context
    frame.after_first_paint(start.open)
    previous_hook = sys.excepthook
    sys.excepthook = _bug_hook(previous_hook)
    try:
        code = app.exec()
    finally:
        sys.excepthook = previous_hook
    if start.session is not None:
        start.session.finish(code)
    else:
        start.abandon()
    return code, start.context


class _Start(QObject):
    """The start-up's second half, run once the window has been drawn: the database and the session.

    The database is opened on the worker thread (a PostgreSQL server may take seconds to answer, or
    never answer until the connect timeout): meanwhile the window paints, the clerk types, and the
    sign-in says what it is waiting for.
    """

    sig_settled = Signal()
    """The database is open (the session runs), or it could not be opened, or the window was closed."""

    def __init__(
        self,
        frame: Frame,
        panel: SignInPanel,
        database: str | None,
        settings: LocalSettings,
        runner: Runner | None,
        idle_lock_ms: int | None,
        exit_: Callable[[int], None] | None,
    ) -> None:
        super().__init__()  # not the frame's child: it outlives the window deleted at the end
        self.frame, self.panel, self.database, self.settings = frame, panel, database, settings
        self.runner, self.idle_lock_ms, self.exit = runner, idle_lock_ms, exit_
        self.context: AppContext | None = None
        self.session: Session | None = None
        self.closed = False  # the window is gone: closed by the clerk, or after a refused database
        self.closed_by_clerk = False
        self.settled = False
        self._abandoned = False
        self._opened: Services | None = None  # set on the worker thread as soon as the database is open
        frame.sig_close_requested.connect(self._on_close_requested)

    def _on_close_requested(self) -> None:
        if self.session is None:  # closed before the database was open: the session never starts
            self.closed = self.closed_by_clerk = True
            self.frame.close_quietly()
            self._settle()
            if self.exit is not None:
                self.exit(0)

    def _settle(self) -> None:
        if not self.settled:
            self.settled = True
            self.sig_settled.emit()

    def open(self) -> None:
        """Start opening the database on the worker thread (the one slow step)."""
        if self.closed:
            return
        # the core and the desk load after the window's first paint: start-up draws only what it shows
        from frontdesk.peewee_import import import_peewee_without_postgres_driver

        import_peewee_without_postgres_driver()  # before the core's models are imported
        from frontdesk.db import parse_target
        from ui.kit.tasks import TaskRunner

        target = parse_target(self.database or self.settings.database_location())
        self.runner = self.runner or TaskRunner()
        self.panel.show_opening(target.display(), server=not target.is_sqlite)
        self.runner.submit(lambda: self._connect(target), self._on_opened, self._on_open_failed)

    def _connect(self, target: DatabaseTarget) -> tuple[Services, bool]:
        """On the worker: open the database (schema checked, migrations applied) and ask if it is set up."""
        from frontdesk.services import connect

        services = connect(
            target,
            backup_folder=self.settings.backup_folder(),
            desk=self.settings.desk(),
            create=self.database is None,  # the desk's own database, for the wizard; never a --db typo
        )
        self._opened = services
        return services, services.setup.is_initialized()

    def _on_opened(self, opened: tuple[Services, bool]) -> None:
        if self.closed:
            return  # the window was closed meanwhile: abandon() closes the database
        from ui.kit.context import AppContext
        from ui.shell.session import Session

        services, initialized = opened
        assert self.runner is not None
        self.context = AppContext(self.settings, services, self.runner, idle_lock_ms=self.idle_lock_ms)
        self.frame.sig_close_requested.disconnect(self._on_close_requested)
        self.session = Session(self.context, self.frame)
        if self.exit is not None:  # exit() outside a running loop would stop later loops at once (tests)
            self.session.sig_finished.connect(self.exit)
        self._settle()
        self.session.start(initialized)

    def _on_open_failed(self, exc: BaseException) -> None:
        from frontdesk.errors import StorageError

        if self.closed:
            return
        if isinstance(exc, StorageError):  # also SchemaTooNew and AlreadyRunning
            messages.show_storage_error(self.frame, exc)
        else:
            messages.show_error(self.frame, exc)
        self.closed = True
        self.frame.close_quietly()
        self._settle()
        self.abandon()
        if self.exit is not None:
            self.exit(EXIT_STORAGE)

    def wait(self) -> None:
        """Process events until the database is open or refused (tests: ``exec_`` False); the window
        keeps painting meanwhile."""
        if self.settled:
            return
        loop = QEventLoop()
        self.sig_settled.connect(loop.quit)
        loop.exec()

    def abandon(self) -> None:
        """The session never started: let the worker finish opening, close what it opened, stop it
        (the window is gone by then)."""
        if self.runner is None or self.session is not None or self._abandoned:
            return
        self._abandoned = True
        self.runner.submit(self._close_opened, None, lambda _exc: None)
        self.runner.stop()

    def _close_opened(self) -> None:
        opened, self._opened = self._opened, None
        if opened is not None:
            opened.close()


def _application(argv: Sequence[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        # Qt 6 passes fractional scale factors (125 %, 150 %) through by default: text stays sharp
        QCoreApplication.setOrganizationName("frontdesk")
        QCoreApplication.setApplicationName("frontdesk")
        app = QApplication(["frontdesk", *argv])
    app.setQuitOnLastWindowClosed(False)  # the session ends the program, not the last closed dialog
    return app


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


def _bug_hook(previous: ExceptHook) -> ExceptHook:
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        previous(kind, exc, tb)
        if not isinstance(exc, KeyboardInterrupt):
            messages.show_bug(QApplication.activeWindow(), exc)

    return hook
