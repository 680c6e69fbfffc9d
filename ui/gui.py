"""Starting the desktop program: the application, Qt's translations, the database, then the session."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from frontdesk.config import LocalSettings
from frontdesk.db import parse_target
from frontdesk.errors import StorageError
from frontdesk.i18n import current_language
from frontdesk.services import connect
from ui import messages
from ui.context import AppContext
from ui.language import install_qt_translator
from ui.session import Session
from ui.style import apply_style
from ui.tasks import Runner, TaskRunner

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
    """Open the database and run the desk: first-run wizard or sign-in, then the main window.

    The language must already be chosen (``frontdesk.i18n.set_language``); this installs Qt's own
    catalog for it.

    Args:
        argv: the arguments after the program name (Qt's own options such as ``-platform`` work).
        database: ``--db`` (an SQLite path or PostgreSQL URL); None for this PC's setting.
        settings: this PC's settings, as loaded.
        exec_: run the event loop until the program ends; tests pass False and drive the windows
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
    try:
        services = connect(
            parse_target(database or settings.database_location()),
            backup_folder=settings.backup_folder(),
            desk=settings.desk(),
        )
    except StorageError as exc:  # also SchemaTooNew and AlreadyRunning
        messages.show_storage_error(None, exc)
        return EXIT_STORAGE, None
    context = AppContext(settings, services, runner or TaskRunner(), idle_lock_ms=idle_lock_ms)
    session = Session(context)
    if exec_:  # exit() outside a running loop would stop later loops at once (tests)
        session.sig_finished.connect(app.exit)
    session.start()
    if not exec_ or session.finished:
        return session.exit_code, context
    previous_hook = sys.excepthook
    sys.excepthook = _bug_hook(previous_hook)
    try:
        code = app.exec()
    finally:
        sys.excepthook = previous_hook
    session.finish(code)
    return code, context


def _application(argv: Sequence[str]) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
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
