"""Benchmark child: the program's real start-up up to the first paint of its main window.

It runs what ``ui.gui.start_gui`` runs — application, Qt catalog, style, module registry,
database connect and migrate, context, session — and opens the main window for the database's
administrator. Only the sign-in dialog is skipped: typing a password is the clerk's time, not the
program's (the password check itself is timed separately by startup.py).
"""

from __future__ import annotations

import sys
import time

T0 = time.time()


def main() -> int:
    """Start like the program does, print the first-paint time of the main window, quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from frontdesk import config
    from frontdesk.auth import Actor, Role, Staff
    from frontdesk.db import parse_target
    from frontdesk.i18n import current_language, set_language
    from frontdesk.services import connect
    from ui.builtin import register_builtin
    from ui.context import AppContext
    from ui.gui import _application
    from ui.language import install_qt_translator
    from ui.session import Session
    from ui.style import apply_style
    from ui.tasks import TaskRunner

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                print(f"painted {time.time():.6f}", flush=True)
                QTimer.singleShot(0, QApplication.quit)
                watched.removeEventFilter(self)
            return False

    settings = config.load()
    set_language(settings.language)
    app = _application([])
    install_qt_translator(current_language())
    apply_style(app)
    register_builtin()
    services = connect(parse_target(sys.argv[1]), backup_folder=settings.backup_folder())
    context = AppContext(settings, services, TaskRunner())
    session = Session(context, on_exit=app.exit)
    staff = Staff.get(Staff.username == "admin")  # the password check is timed on its own
    context.actor = Actor(
        username=staff.username, display_name=staff.display_name, role=Role(staff.role), staff_id=staff.id
    )
    spy = FirstPaint()
    if sys.argv[2:] == ["--sign-in"]:  # the first window a clerk sees: the sign-in dialog
        session.show_login()
        window = session.login
    else:
        window = session.show_main_window()
    window.installEventFilter(spy)
    app.exec()
    session.finish(0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
