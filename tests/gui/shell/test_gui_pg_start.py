"""A PostgreSQL database seen from the window's thread: the server is asked only from the worker.

The program starts on a server that accepts connections and never answers (a listener of the
test's own): the window keeps painting and taking keys while psycopg2 waits for its connect
timeout, then says plainly that the server cannot be reached. On the real server
(FRONTDESK_TEST_PG) the desk comes up, signs in, locks and unlocks, changes shift and language and
closes without one call into the database on the GUI thread.
"""

from __future__ import annotations

import contextlib
import itertools
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import peewee as pw
import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from frontdesk.config import LocalSettings
from frontdesk.db import parse_target
from frontdesk.services import connect
from tests.conftest import reset_pg
from tests.gui.shell.test_gui_startup import PASSWORD as WIZARD_PASSWORD
from tests.gui.shell.test_gui_startup import _create_office
from tests.qt_helpers import type_text
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.tasks import TaskRunner
from ui.settings.page import SettingsPage
from ui.shell.frame import Frame
from ui.shell.gui import EXIT_STORAGE, start_gui
from ui.shell.login import SignInPanel
from ui.shell.main_window import MainWindow
from ui.shell.session import Session

PASSWORD = "pg-desk-pass-1"
TICK_MS = 20
MAX_GAP_S = 0.2  # a window that stops painting for longer than this is seen to stall
WAIT_MS = 30_000


@contextlib.contextmanager
def silent_server() -> Iterator[int]:
    """A local port whose listener accepts connections and never says a word (a stuck server)."""
    listener = socket.create_server(("127.0.0.1", 0))
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            with contextlib.suppress(TimeoutError, OSError):
                held.append(listener.accept()[0])

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()


def _post_keys(widget: Any, text: str) -> None:
    """Queue key presses for ``widget``: they reach it only if the GUI thread's event loop runs."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.postEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def _shown_sign_in() -> SignInPanel:
    frames = [w for w in QApplication.topLevelWidgets() if isinstance(w, Frame) and w.isVisible()]
    assert len(frames) == 1
    page = frames[0].page()
    assert isinstance(page, SignInPanel)
    return page


@pytest.mark.slow
def test_a_server_that_never_answers_leaves_the_window_painting_and_typing(
    qtbot, local_settings: LocalSettings
) -> None:
    ticks: list[float] = []
    clock = QTimer()
    clock.setInterval(TICK_MS)
    clock.timeout.connect(lambda: ticks.append(time.monotonic()))
    seen: dict[str, str] = {}

    def type_while_connecting() -> None:
        panel = _shown_sign_in()
        seen["where"] = panel.where.text()
        _post_keys(panel.username, "zhangwei")
        QTimer.singleShot(1500, lambda: look_again(panel))

    def look_again(panel: SignInPanel) -> None:
        seen["typed"] = panel.username.text()
        seen["elapsed"] = panel.elapsed.text()
        seen["message"] = str(len(messages.shown()))

    with silent_server() as port:
        url = f"postgresql://postgres@127.0.0.1:{port}/test"
        clock.start()
        QTimer.singleShot(200, type_while_connecting)
        began = time.monotonic()
        code, context = start_gui([], database=url, settings=local_settings, exec_=False, runner=TaskRunner())
        ended = time.monotonic()
        clock.stop()
    assert (code, context) == (EXIT_STORAGE, None)
    assert ended - began > 4, "psycopg2 waited for its connect timeout (5 s)"
    assert seen["where"] == f"Connecting to the database server: PostgreSQL · 127.0.0.1:{port}/test …"
    assert seen["typed"] == "zhangwei", "the keys were taken while connecting"
    assert seen["message"] == "0", "still connecting 1.5 s after the keys"
    assert "s so far" in seen["elapsed"], "the sign-in counts the seconds of the wait"
    pending = [t for t in ticks if began <= t <= ended]
    gaps = [b - a for a, b in itertools.pairwise(pending)]
    assert len(pending) > 100 and max(gaps) < MAX_GAP_S, f"the GUI thread stalled {max(gaps):.2f} s"
    shown = messages.shown()
    assert [m.kind for m in shown] == ["storage"]
    assert f"Cannot reach PostgreSQL · 127.0.0.1:{port}/test" in shown[0].text


@pytest.mark.slow
def test_closing_the_window_while_connecting_ends_the_program_quietly(
    qtbot, local_settings: LocalSettings
) -> None:
    def close() -> None:
        frame = _shown_sign_in().window()
        frame.close()

    with silent_server() as port:
        QTimer.singleShot(300, close)
        code, context = start_gui(
            [],
            database=f"postgresql://postgres@127.0.0.1:{port}/test",
            settings=local_settings,
            exec_=False,
            runner=TaskRunner(),
        )
    assert (code, context) == (0, None)
    assert messages.shown() == [], "nothing to say: the clerk closed the window"


@pytest.fixture
def pg_office(pg_database: str, tmp_path: Path) -> str:
    """The shared server's throw-away database, set up with an office and its administrator."""
    reset_pg(pg_database)
    services = connect(parse_target(pg_database), backup_folder=tmp_path / "b", desk="setup", create=True)
    try:
        services.setup.initialize(
            actor=None,
            office_name="江南物业管理处",
            estate_name="江南花园",
            admin_username="admin",
            admin_display_name="钱主任",
            admin_password=PASSWORD,
            visitor_retention_days=30,
            slip_retention_days=365,
        )
    finally:
        services.close()
    return pg_database


@pytest.fixture
def gui_thread_calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Every call that talks to the PostgreSQL server, by the thread it was made on."""
    calls: dict[str, list[str]] = {"gui": [], "worker": []}
    gui_thread = threading.current_thread()

    def watched(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def call(self: pw.PostgresqlDatabase, *args: Any, **kwargs: Any) -> Any:
            where = "gui" if threading.current_thread() is gui_thread else "worker"
            calls[where].append(f"{name} {str(args[0])[:60] if args else ''}")
            return original(self, *args, **kwargs)

        return call

    for name in ("_connect", "execute_sql", "commit", "rollback", "close"):
        monkeypatch.setattr(pw.PostgresqlDatabase, name, watched(name, getattr(pw.PostgresqlDatabase, name)))
    return calls


def _idle(qtbot, context: AppContext) -> None:
    runner = context.runner
    assert isinstance(runner, TaskRunner)
    qtbot.waitUntil(lambda: not runner.busy(), timeout=WAIT_MS)


def _sign_in(qtbot, session: Session, username: str) -> MainWindow:
    qtbot.waitUntil(lambda: session.login is not None and session.login.is_ready(), timeout=WAIT_MS)
    login = session.login
    assert login is not None
    login.username.clear()
    type_text(qtbot, login.username, username)
    type_text(qtbot, login.password, PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.window is not None and session.window.isVisible(), timeout=WAIT_MS)
    assert session.window is not None
    return session.window


@pytest.mark.postgres
def test_the_desk_on_postgresql_asks_the_server_only_from_the_worker(
    qtbot, pg_office: str, local_settings: LocalSettings, gui_thread_calls, restore_english
) -> None:
    code, context = start_gui(
        [], database=pg_office, settings=local_settings, exec_=False, runner=TaskRunner()
    )
    assert code == 0 and context is not None, messages.shown()
    session = context.session
    assert isinstance(session, Session)
    desk = _sign_in(qtbot, session, "admin")
    qtbot.waitUntil(lambda: "江南物业管理处" in desk.windowTitle(), timeout=WAIT_MS)
    _idle(qtbot, context)

    desk.lock()
    type_text(qtbot, desk.lock_screen.password, PASSWORD)
    qtbot.keyClick(desk.lock_screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not desk.is_locked(), timeout=WAIT_MS)

    desk.lock()
    desk.lock_screen.switch_button.click()  # the shift changes
    desk = _sign_in(qtbot, session, "admin")
    _idle(qtbot, context)

    page = desk.open_page("settings")
    assert isinstance(page, SettingsPage)
    _idle(qtbot, context)
    page.local.language.setCurrentIndex(page.local.language.findData("zh_TW"))
    page.local.save_button.click()
    qtbot.waitUntil(lambda: session.window is not None and session.window is not desk, timeout=WAIT_MS)
    _idle(qtbot, context)

    session.frame.close()
    qtbot.waitUntil(lambda: session.finished, timeout=WAIT_MS)
    assert context.services.connection.database.is_closed()
    assert messages.shown() == []
    assert gui_thread_calls["worker"], "the worker asked the server"
    assert gui_thread_calls["gui"] == [], "\n".join(gui_thread_calls["gui"])


@pytest.mark.postgres
def test_a_new_office_on_postgresql_is_set_up_with_the_schema_made_on_the_worker(
    qtbot, pg_database: str, local_settings: LocalSettings, gui_thread_calls
) -> None:
    reset_pg(pg_database)  # empty: the program makes its tables, then the wizard the office
    settings = LocalSettings(**{**local_settings.__dict__, "database": pg_database})
    code, context = start_gui([], database=None, settings=settings, exec_=False, runner=TaskRunner())
    assert code == 0 and context is not None, messages.shown()
    session = context.session
    assert isinstance(session, Session)
    qtbot.waitUntil(lambda: session.wizard is not None, timeout=WAIT_MS)
    _create_office(qtbot, session)
    qtbot.waitUntil(lambda: session.login is not None and session.login.is_ready(), timeout=WAIT_MS)
    login = session.login
    type_text(qtbot, login.password, WIZARD_PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.window is not None and session.window.isVisible(), timeout=WAIT_MS)
    _idle(qtbot, context)
    session.frame.close()
    qtbot.waitUntil(lambda: session.finished, timeout=WAIT_MS)
    assert messages.shown() == []
    assert any("CREATE TABLE" in call for call in gui_thread_calls["worker"]), "the schema was made"
    assert gui_thread_calls["gui"] == [], "\n".join(gui_thread_calls["gui"])
