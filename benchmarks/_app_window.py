"""Benchmark child: the program's real start-up (``ui.app.main``) up to a usable desk, then two pages.

It runs the ``frontdesk --db DB`` entry point unchanged and only watches it, printing wall-clock
times: ``painted`` at the program window's first paint (the sign-in showing; the database opens
right after), ``ready`` when the sign-in has the open database (a password can be checked),
``enter`` when the password is entered (at once when ready with ``--at-once``, the worst case,
nothing of the typing time used; or ``--typing MS`` after ready, as a clerk typing), ``desk`` at
the first paint of the signed-in desk, and ``usable`` once the Today page's tiles all hold their
figures and the window has painted them. The password (``FRONTDESK_BENCH_PASSWORD``) is checked
for real (argon2id, on the worker thread, as the sign-in panel does when Enter is pressed).

With ``--pages`` it then presses F7 (``fees`` when the Fees page's list is loaded and painted)
and F1 (``today`` when every tile is loaded again and painted). A page is loaded when the desk's
worker has no job left (the start-of-day backup runs on the file thread and is not waited for).
The process ends at once after the last figure (``os._exit``).
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
    pages = "--pages" in sys.argv[2:]
    password = os.environ.get("FRONTDESK_BENCH_PASSWORD", "bench-password")

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

        assert isinstance(session, ui.shell.session.Session) and session.login is not None
        login = session.login
        login.username.setText("admin")
        login.password.setText(password)
        login.sig_signed_in.connect(lambda _actor: signed_in(session))  # after the session's own slot
        print(f"enter {time.time():.6f}", flush=True)
        login.password.returnPressed.emit()  # Enter: the password is checked on the worker thread

    def signed_in(session: object) -> None:
        import ui.shell.session

        assert isinstance(session, ui.shell.session.Session) and session.window is not None
        window = session.window
        watch(
            window, "desk", lambda: when_loaded(window, "usable", lambda: after_usable(window), tiles_loaded)
        )

    def desk_jobs_left(window: QWidget) -> bool:
        runner = window._context.runner  # type: ignore[attr-defined]  # the desk's task runner
        return any(job.database for job in runner._pending.values())

    def tiles_loaded(window: QWidget) -> bool:
        from ui.shell.today import Tile

        tiles = [t for t in window.findChildren(Tile) if t.isVisible()]
        return bool(tiles) and all(t.value_label.text() != "…" for t in tiles)

    def when_loaded(window: QWidget, label: str, then: object, check: object = None) -> None:
        """Print ``label`` once the worker has no desk job left (and ``check(window)`` holds), painted."""

        def poll() -> None:
            if desk_jobs_left(window) or (check is not None and not check(window)):  # type: ignore[operator]
                QTimer.singleShot(1, poll)
                return
            window.repaint()  # what the clerk sees, drawn with what was loaded
            print(f"{label} {time.time():.6f}", flush=True)
            QTimer.singleShot(0, then)  # type: ignore[arg-type]

        poll()

    def after_usable(desk: QWidget) -> None:
        if not pages:
            end()
            return
        press(desk, "F7")
        when_loaded(desk, "fees", lambda: open_today(desk))

    def open_today(desk: QWidget) -> None:
        from ui.shell.today import Tile

        for tile in desk.findChildren(Tile):
            tile.value_label.setText("…")  # reloaded now: loaded again when each has its figure
        press(desk, "F1")
        when_loaded(desk, "today", end, tiles_loaded)

    def press(desk: QWidget, key: str) -> None:
        """The page's key: its shortcut's action (as the key would; the offscreen window may have no
        focused widget left to receive a key event)."""
        from PySide6.QtGui import QAction, QKeySequence

        action = next(a for a in desk.findChildren(QAction) if a.shortcut() == QKeySequence(key))
        action.trigger()

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
