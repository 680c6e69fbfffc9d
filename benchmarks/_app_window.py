"""Benchmark child: the program's real start-up (``ui.app.main``) up to a first paint.

It runs the ``frontdesk --db DB`` entry point unchanged and only watches it: when the sign-in
dialog first paints it prints ``signin <time>``; with ``--sign-in`` it then quits, otherwise it
signs the database's administrator in at once through the dialog's own success path (the
argon2id password check is skipped — startup.py times it on its own; typing is the clerk's
time) and prints ``painted <time>`` at the main window's first paint. So the main-window figure
includes everything a clerk waits for except the password check.
"""

from __future__ import annotations

import sys
import time

T0 = time.time()


def main() -> int:
    """Start like the program does, print the first-paint times, quit."""
    from ui.app import main as frontdesk_main  # first, as when the program is started

    # isort: split
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    import ui.session

    session_class = ui.session.Session
    sign_in_only = sys.argv[2:] == ["--sign-in"]

    class FirstPaint(QObject):
        def __init__(self, label: str, then: object) -> None:
            super().__init__()
            self.label, self.then = label, then

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                print(f"{self.label} {time.time():.6f}", flush=True)
                QTimer.singleShot(0, self.then)  # type: ignore[arg-type]
            return False

    spies: list[FirstPaint] = []

    def watch(window: QWidget, label: str, then: object) -> None:
        spies.append(FirstPaint(label, then))
        window.installEventFilter(spies[-1])

    def sign_in(session: ui.session.Session) -> None:
        from frontdesk.auth import Actor, Role, Staff

        staff = Staff.get(Staff.username == "admin")
        actor = Actor(
            username=staff.username, display_name=staff.display_name, role=Role(staff.role), staff_id=staff.id
        )
        assert session.login is not None
        session.login._on_authenticated(actor)  # what a right password leads to

    original_login = session_class.show_login
    original_main = session_class.show_main_window

    def show_login(self: ui.session.Session, username: str = "") -> None:
        original_login(self, username)
        assert self.login is not None
        watch(self.login, "signin", QApplication.quit if sign_in_only else (lambda: sign_in(self)))

    def show_main_window(self: ui.session.Session, page_id: str | None = None) -> object:
        window = original_main(self, page_id)
        watch(window, "painted", QApplication.quit)
        return window

    session_class.show_login = show_login  # type: ignore[method-assign]
    session_class.show_main_window = show_main_window  # type: ignore[method-assign]
    return frontdesk_main(["--db", sys.argv[1]])


if __name__ == "__main__":
    raise SystemExit(main())
