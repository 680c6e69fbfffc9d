"""Starting the desktop program: the application and its window first, then the database and the session.

The window is drawn before the core's storage is imported or the database opened: the clerk sees
the sign-in at once and may type while the rest starts (a second or two of typing covers it).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from frontdesk.i18n import current_language
from ui.kit import messages
from ui.shell.frame import Frame
from ui.shell.language import install_qt_translator
from ui.shell.login import SignInPanel
from ui.shell.style import apply_style

if TYPE_CHECKING:
    from frontdesk.config import LocalSettings
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
        exec_: run the event loop until the program ends; tests pass False (the database is then
            opened at once) and drive the window through ``context.session``, then call
            ``context.session.finish()``.
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
    frame.show_page(SignInPanel())
    frame.show_first()
    start = _Start(frame, database, settings, runner, idle_lock_ms, app.exit if exec_ else None)
    if not exec_:
        start.open()
        session = start.session
        return (EXIT_STORAGE, None) if session is None else (session.exit_code, start.context)
    frame.after_first_paint(start.open)
    previous_hook = sys.excepthook
    sys.excepthook = _bug_hook(previous_hook)
    try:
        code = app.exec()
    finally:
        sys.excepthook = previous_hook
    if start.session is not None:
        start.session.finish(code)
    return code, start.context


class _Start:
    """The start-up's second half, run once the window has been drawn: the database and the session."""

    def __init__(
        self,
        frame: Frame,
        database: str | None,
        settings: LocalSettings,
        runner: Runner | None,
        idle_lock_ms: int | None,
        exit_: Callable[[int], None] | None,
    ) -> None:
        self.frame, self.database, self.settings = frame, database, settings
        self.runner, self.idle_lock_ms, self.exit = runner, idle_lock_ms, exit_
        self.context: AppContext | None = None
        self.session: Session | None = None
        self.closed = False
        frame.sig_close_requested.connect(self._on_close_requested)

    def _on_close_requested(self) -> None:
        if self.session is None:  # closed before the database was open: the session never starts
            self.closed = True
            self.frame.close_quietly()
            if self.exit is not None:
                self.exit(0)

    def open(self) -> None:
        """Open the database (the one slow step), then hand the window to the session."""
        if self.closed:
            return
        # the core and the desk load after the window's first paint: start-up draws only what it shows
        from frontdesk.peewee_import import import_peewee_without_postgres_driver

        import_peewee_without_postgres_driver()  # before the core's models are imported
        from frontdesk.db import parse_target
        from frontdesk.errors import StorageError
        from frontdesk.services import connect
        from ui.kit.context import AppContext
        from ui.kit.tasks import TaskRunner
        from ui.shell.session import Session

        try:
            services = connect(
                parse_target(self.database or self.settings.database_location()),
                backup_folder=self.settings.backup_folder(),
                desk=self.settings.desk(),
                create=self.database is None,  # the desk's own database, for the wizard; never a --db typo
            )
        except StorageError as exc:  # also SchemaTooNew and AlreadyRunning
            messages.show_storage_error(self.frame, exc)
            self.frame.close_quietly()
            if self.exit is not None:
                self.exit(EXIT_STORAGE)
            return
        runner = self.runner or TaskRunner()
        self.context = AppContext(self.settings, services, runner, idle_lock_ms=self.idle_lock_ms)
        self.frame.sig_close_requested.disconnect(self._on_close_requested)
        self.session = Session(self.context, self.frame)
        if self.exit is not None:  # exit() outside a running loop would stop later loops at once (tests)
            self.session.sig_finished.connect(self.exit)
        self.session.start()


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
