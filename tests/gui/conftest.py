"""GUI fixtures: isolated settings folders, headless message boxes, contexts for each role, the window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from frontdesk.auth import Actor, Role
from frontdesk.config import LocalSettings
from frontdesk.db import DatabaseTarget, parse_target
from frontdesk.services import Services
from tests.conftest import make_actor
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.tasks import SynchronousRunner, TaskRunner
from ui.shell.gui import start_gui
from ui.shell.main_window import MainWindow
from ui.shell.modules import register_modules


@pytest.fixture
def db_target(tmp_path: Path) -> DatabaseTarget:
    """GUI tests run on SQLite only (the services are engine-neutral and tested on both)."""
    return parse_target(tmp_path / "frontdesk.db")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """Settings, Qt state and user folders under tmp_path; message boxes recorded, not shown."""
    monkeypatch.setenv("FRONTDESK_CONFIG", str(tmp_path / "config" / "settings.json"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    messages.set_headless(True)
    register_modules()
    yield
    messages.set_headless(False)


@pytest.fixture
def local_settings(tmp_path: Path) -> LocalSettings:
    """This PC's settings, pointing into tmp_path."""
    return LocalSettings(
        database=str(tmp_path / "frontdesk.db"),
        language="en",
        desk_name="desk-1",
        backup_dir=str(tmp_path / "backups"),
    )


ContextFactory = Callable[[Actor | None], AppContext]


@pytest.fixture
def make_context(services: Services, local_settings: LocalSettings) -> ContextFactory:
    """Build a context on the set-up database for an actor, with the synchronous runner."""

    def make(actor: Actor | None) -> AppContext:
        services.staff.desk = local_settings.desk()
        return AppContext(local_settings, services, SynchronousRunner(), actor=actor)

    return make


@pytest.fixture
def admin_context(make_context: ContextFactory, admin: Actor) -> AppContext:
    """The administrator is signed in."""
    return make_context(admin)


@pytest.fixture
def clerk_context(make_context: ContextFactory, clerk: Actor) -> AppContext:
    """A clerk is signed in."""
    return make_context(clerk)


@pytest.fixture
def open_window(qtbot) -> Iterator[Callable[[AppContext], MainWindow]]:
    """Open the main window for a context (on the Today page) and close it after the test."""
    windows: list[MainWindow] = []

    def open_(context: AppContext) -> MainWindow:
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.start("today")
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        windows.append(window)
        return window

    yield open_
    for window in windows:
        window.shut_down()


@pytest.fixture
def staff_member(services: Services, admin: Actor) -> Actor:
    """A clerk with a Chinese name, for searches."""
    services.staff.add(
        actor=admin, username="lixy", display_name="李秀英", role=Role.CLERK, password="password-123"
    )
    return make_actor(services, admin, Role.SUPERVISOR, "zhangwei")


@pytest.fixture
def gui(tmp_path: Path, local_settings: LocalSettings) -> Iterator[Callable[..., AppContext]]:
    """Run ``start_gui`` without the event loop on a fresh database; finish the session afterwards."""
    contexts: list[AppContext] = []

    def run(threaded: bool = False, idle_lock_ms: int | None = None) -> AppContext:
        settings = LocalSettings(**{**local_settings.__dict__, "database": str(tmp_path / "desk.db")})
        runner = TaskRunner() if threaded else SynchronousRunner()
        code, context = start_gui(
            [], database=None, settings=settings, exec_=False, runner=runner, idle_lock_ms=idle_lock_ms
        )
        assert code == 0 and context is not None, messages.shown()
        contexts.append(context)
        return context

    yield run
    for context in contexts:
        if context.session is not None:
            context.session.finish()
