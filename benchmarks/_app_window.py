"""Benchmark child: the program's real start-up (``ui.app.main``) up to its first paints.

It runs the ``frontdesk --db DB`` entry point unchanged and only watches it, printing wall-clock
times: ``painted`` at the program window's first paint (the sign-in showing; the database opens
right after), ``ready`` when the sign-in has the open database (a password can be checked), and
``desk`` at the first paint of the signed-in desk. The administrator is signed in through the
panel's own success path (the argon2id password check is skipped — startup.py times it on its
own), either at once when ready (``--at-once``: the worst case, nothing of the typing time used)
or ``--typing MS`` after ready, as a clerk typing a password would (``enter`` is printed then).
The process ends right after the desk's paint (``os._exit``): what follows — the due backup of
a large database on the worker thread — is not start-up.
"""

from __future__ import annotations

import os
import sys
import time

T0 = time.time()


def main() -> int:
    """Start like the program does, print the times, end."""
    from ui.app import main as frontdesk_main  # first, as when the program is started

    # isort: split
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QWidget

    import ui.shell.frame

    typing_ms = int(sys.argv[3]) if sys.argv[2:3] == ["--typing"] else 0

    class FirstPaint(QObject):
        def __init__(self, label: str, then: object = None) -> None:
            super().__init__()
            self.label, self.then = label, then

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                print(f"{self.label} {time.time():.6f}", flush=True)
                if self.then is not None:
                    QTimer.singleShot(0, self.then)  # type: ignore[arg-type]
            return False

    spies: list[FirstPaint] = []

    def watch(widget: QWidget, label: str, then: object = None) -> None:
        spies.append(FirstPaint(label, then))
        widget.installEventFilter(spies[-1])

    def end() -> None:
        sys.stdout.flush()
        os._exit(0)

    original_show_first = ui.shell.frame.Frame.show_first

    def show_first(self: ui.shell.frame.Frame) -> None:  # shown maximised on a laptop's screen
        watch(self, "painted")
        original_show_first(self)

    def when_ready(session: object) -> None:
        import ui.shell.session

        assert isinstance(session, ui.shell.session.Session) and session.login is not None
        print(f"ready {time.time():.6f}", flush=True)
        QTimer.singleShot(typing_ms, lambda: sign_in(session))

    def sign_in(session: object) -> None:
        import ui.shell.session
        from frontdesk.auth import Actor, Role, Staff

        assert isinstance(session, ui.shell.session.Session) and session.login is not None
        staff = Staff.get(Staff.username == "admin")
        actor = Actor(
            username=staff.username, display_name=staff.display_name, role=Role(staff.role), staff_id=staff.id
        )
        print(f"enter {time.time():.6f}", flush=True)
        session.login._on_authenticated(actor)  # what a right password leads to
        assert session.window is not None
        watch(session.window, "desk", end)

    def patch_session() -> None:  # once the program has imported ui.shell.session
        import ui.shell.session

        original_login = ui.shell.session.Session.show_login

        def show_login(self: ui.shell.session.Session, username: str = "") -> None:
            original_login(self, username)
            when_ready(self)

        ui.shell.session.Session.show_login = show_login  # type: ignore[method-assign]

    original_first_paint = ui.shell.frame.Frame.after_first_paint

    def after_first_paint(self: ui.shell.frame.Frame, callback: object) -> None:
        def patched_then_callback() -> None:
            callback()  # type: ignore[operator]  # opens the database, asks the worker if set up
            patch_session()  # before the worker's answer shows the sign-in

        original_first_paint(self, patched_then_callback)

    ui.shell.frame.Frame.show_first = show_first  # type: ignore[method-assign]
    ui.shell.frame.Frame.after_first_paint = after_first_paint  # type: ignore[method-assign]
    return frontdesk_main(["--db", sys.argv[1]])


if __name__ == "__main__":
    raise SystemExit(main())
