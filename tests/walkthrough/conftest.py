"""Walkthroughs: the real program's window at 1366×768, driven with key events only, as a clerk's
hands meet it.

A walkthrough starts the program as ``frontdesk`` does (``start_gui``) on a copy of a small demo
estate, signs in by typing, and then only presses keys and types text into whatever has the
keyboard — no widget's method is called, no text is set. It counts the keys pressed besides typed
text, saves a screenshot of each step under ``shots/walkthrough/`` (CI keeps them), and fails on
any message box that reports a problem or anything written to standard error.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from frontdesk import config, i18n
from frontdesk.auth import Actor, Role
from frontdesk.clock import local_today
from frontdesk.config import LocalSettings
from frontdesk.db import parse_target
from frontdesk.demo import load_demo
from frontdesk.estate.panel import UnitPanel
from frontdesk.services import Services, connect
from frontdesk.slips.keyfile import SlipKeyRing
from tests.conftest import ADMIN_PASSWORD, OFFSCREEN_ONLY
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.tasks import SynchronousRunner
from ui.shell.gui import start_gui
from ui.shell.modules import register_modules
from ui.shell.session import Session

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "shots" / "walkthrough"
CLERK, CLERK_PASSWORD = "lixy", "clerk-pass-1"
SUPERVISOR, SUPERVISOR_PASSWORD = "zhangwei", "super-pass-1"
#: message kinds a walkthrough must never meet (a warning is the program refusing what was typed)
PROBLEMS = {"warning", "storage", "bug"}


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A set-up office with a small demo estate, a clerk and a supervisor (built once, copied per test)."""
    folder = tmp_path_factory.mktemp("walkthrough-demo")
    path = folder / "desk.db"
    i18n.set_language("zh_CN")
    services = connect(parse_target(path), backup_folder=folder / "backups", desk="前台1", create=True)
    try:
        services.setup.initialize(
            actor=None,
            office_name="幸福里物业管理处",
            estate_name="幸福里",
            admin_username="admin",
            admin_display_name="王主任",
            admin_password=ADMIN_PASSWORD,
            visitor_retention_days=30,
            slip_retention_days=365,
        )
        admin = services.staff.authenticate(username="admin", password=ADMIN_PASSWORD)
        for username, name, role, password in (
            (CLERK, "李秀英", Role.CLERK, CLERK_PASSWORD),
            (SUPERVISOR, "张伟", Role.SUPERVISOR, SUPERVISOR_PASSWORD),
        ):
            services.staff.add(
                actor=admin, username=username, display_name=name, role=role, password=password
            )
        load_demo(actor=admin, units=120, years=1, seed=7, slip_keys=SlipKeyRing(slip_key_file(path)))
        facts_file(path).write_text(json.dumps(asdict(_read_facts(services, admin))), encoding="utf-8")
    finally:
        services.close()
        i18n.set_language("en")
    return path


@dataclass(frozen=True)
class DemoFacts:
    """What a walkthrough may count on in the demo estate, read from it once it is built.

    The demo ends on the day it is built, so its random draws (names, today's passes, a unit's
    recent slips) differ from one day to the next: a walkthrough types these, never a name or a
    number that happened to be there on the day it was written.
    """

    returning: str  #: a returning visitor, not on site, found first by their name
    on_site: str  #: a visitor on site now …
    on_site_digits: str  #: … found first by the last four digits of their phone
    pass_holder: str  #: a visitor on site with a pass of today …
    pass_digits: str  #: … whose last four digits no other visitor on site has
    next_pass: str  #: the last four digits of the next pass the desk gives today
    panel_unit: str  #: a unit whose panel lists a release slip and a visit
    panel_slip: str  #: the unit's most recent slip (the first slip line on its panel)
    panel_slip_tabs: int  #: Tabs from the panel's first line to that slip line
    panel_visitor: str  #: the visitor of the unit's most recent visit (its first visit line)
    panel_visit_tabs: int  #: Tabs from the panel's first line to that visit line


def _links(panel: UnitPanel) -> list[str]:
    """The panel's lines that open a record, in the order Tab reaches them (ui.kit.unit_panel)."""
    return [f"unit:{panel.unit.id}" for _r in panel.residents] + [
        line.ref for section in panel.sections for line in section.lines if line.ref
    ]


def _read_facts(services: Services, admin: Actor) -> DemoFacts:
    from frontdesk.estate.models import Unit
    from frontdesk.visitors.models import Visit, Visitor

    visitors = services.visitors
    on_site = visitors.on_site(actor=admin)
    present = {v.name for v in on_site}

    def first_found(text: str, name: str) -> bool:
        hits = visitors.find_returning(actor=admin, text=text).hits
        return bool(hits) and hits[0].name == name

    known = Visitor.select().where(Visitor.purged_at.is_null())
    regulars = known.order_by(Visitor.visit_count.desc(), Visitor.id)
    returning = next(
        v.name
        for v in regulars
        if v.name not in present and v.last_visit_id is not None and first_found(v.name, v.name)
    )
    ids = {v.id for v in on_site}
    digits_of = {
        visit.id: visit.visitor.phone_digits for visit in Visit.select().where(Visit.id.in_(list(ids)))
    }
    here = next(v for v in on_site if len(digits_of[v.id]) >= 4 and first_found(digits_of[v.id][-4:], v.name))
    today = local_today().strftime("%Y%m%d")
    ends = [v.pass_number[-4:] for v in on_site]
    holder = next(v for v in on_site if today in v.pass_number and ends.count(v.pass_number[-4:]) == 1)
    issued = [int(v.pass_number[-4:]) for v in Visit.select().where(Visit.pass_number.contains(f"-{today}-"))]
    units = sorted(Unit.select(), key=lambda u: (u.code != "1-502", u.id))
    for unit in units:
        panel = services.estate.unit_panel(actor=admin, unit_id=unit.id)
        links = _links(panel)
        slips = [ref for ref in links if ref.startswith("release_slip:")]
        visits = [line for s in panel.sections if s.key == "visitors" for line in s.lines if line.ref]
        if slips and visits:
            break
    return DemoFacts(
        returning=returning,
        on_site=here.name,
        on_site_digits=digits_of[here.id][-4:],
        pass_holder=holder.name,
        pass_digits=holder.pass_number[-4:],
        next_pass=f"{max(issued, default=0) + 1:04d}",
        panel_unit=unit.code,
        panel_slip=slips[0].partition(":")[2],
        panel_slip_tabs=links.index(slips[0]),
        panel_visitor=visits[0].text.split(" ", 2)[-1],
        panel_visit_tabs=links.index(visits[0].ref),
    )


def facts_file(database: Path) -> Path:
    """The demo's facts, kept beside its database."""
    return database.with_name("facts.json")


@pytest.fixture(scope="session")
def facts(demo_database: Path) -> DemoFacts:
    """What the walkthroughs may count on in today's demo estate."""
    return DemoFacts(**json.loads(facts_file(demo_database).read_text(encoding="utf-8")))


def slip_key_file(database: Path) -> Path:
    """The demo office's release-slip key file, kept beside its database (every test's desk uses it)."""
    return database.with_name("slip-code.key")


class Desk:
    """The program's window under a clerk's hands: keys and typed text go where the keyboard is."""

    def __init__(self, qtbot: QtBot, context: AppContext, name: str) -> None:
        self.qtbot = qtbot
        self.context = context
        self.keys = 0
        self.steps = 0
        self.folder = SHOTS / name
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)

    # --- what the hands do -------------------------------------------------------------------

    @property
    def window(self) -> QWidget:
        """The program's window (the frame the session drives)."""
        session = self.context.session
        assert isinstance(session, Session)
        return session.frame

    def focus(self) -> QWidget:
        """The widget that has the keyboard now."""
        widget = QApplication.focusWidget()
        assert widget is not None, "nothing has the keyboard"
        return widget

    def sign_in(self, username: str, password: str) -> None:
        """At the sign-in: Alt+U to the name, replace it, Alt+P to the password, Enter; the desk's
        key count starts after it."""
        self.press("Alt+U", "Ctrl+A")
        self.type(username)
        self.press("Alt+P")
        self.type(password)
        self.press("Enter")
        self.keys = 0

    def press(self, *keys: str) -> None:
        """Press keys one after the other (``"Tab"``, ``"Enter"``, ``"Alt+N"``, ``"F2"``); each counts."""
        for key in keys:
            combination = QKeySequence(key)[0]
            target = QApplication.focusWidget() or QApplication.activeWindow() or self.window
            self.qtbot.keyClick(target, combination.key(), combination.keyboardModifiers())
            self.keys += 1
            # a button's Alt+letter clicks it after Qt's 100 ms "animated" press: wait for it
            self.settle(150 if "Alt+" in key else 5)

    def when_dialog_opens(self, script: Callable[[], None]) -> None:
        """Run ``script`` (more keys) once a modal dialog is up: it runs its own event loop, so the
        keys for it are queued before the key that opens it."""

        def run() -> None:
            modal, focus = QApplication.activeModalWidget(), QApplication.focusWidget()
            if modal is None or focus is None or not modal.isAncestorOf(focus):
                QTimer.singleShot(20, run)  # the clerk starts typing once the dialog has the keyboard
                return
            script()

        QTimer.singleShot(0, run)

    def scan(self, payload: str) -> None:
        """A barcode scanner reading a code: it types the text and an Enter of its own (not a key the
        guard presses, so not counted)."""
        self.type(payload)
        keys = self.keys
        self.press("Enter")
        self.keys = keys

    def type(self, text: str) -> None:
        """Type ``text`` into whatever has the keyboard (typed text is not counted as keys)."""
        for char in text:
            target = self.focus()
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
        self.settle()

    def settle(self, ms: int = 5) -> None:
        """Let queued events run (the runner is synchronous: the database work is already done);
        when a dialog has closed, the program's window is active again, as a window manager does."""
        self.qtbot.wait(ms)
        if QApplication.activeWindow() is None and QApplication.activeModalWidget() is None:
            self.window.activateWindow()
            self.qtbot.waitUntil(lambda: QApplication.activeWindow() is self.window, timeout=2000)

    # --- what the clerk sees -----------------------------------------------------------------

    def shot(self, step: str) -> Path:
        """Save what the window shows now as the next numbered screenshot."""
        self.steps += 1
        path = self.folder / f"{self.steps:02d}-{re.sub(r'[^a-z0-9]+', '-', step.lower()).strip('-')}.png"
        shown = QApplication.activeModalWidget() or QApplication.activeWindow() or self.window  # on top
        assert shown.grab().save(str(path)), path
        return path

    def visible_text(self) -> str:
        """Every visible label, button, line and list text of the window, one per line."""
        texts: list[str] = []
        for widget in self.window.findChildren(QWidget):
            if not widget.isVisible():
                continue
            if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
                texts.append(widget.text())
            elif isinstance(widget, QComboBox):
                texts.append(widget.currentText())
        return "\n".join(t for t in texts if t)

    def sees(self, text: str) -> bool:
        """True when ``text`` is shown somewhere in the window."""
        return text in self.visible_text()

    def problems(self) -> list[messages.Shown]:
        """Message boxes that reported a problem so far."""
        return [m for m in messages.shown() if m.kind in PROBLEMS]

    def record_keys(self, walk: str) -> None:
        """Add this walkthrough's key count to ``shots/walkthrough/keys.json`` (read by desk_keys.py)."""
        path = SHOTS / "keys.json"
        counts = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        counts[walk] = self.keys
        path.write_text(json.dumps(counts, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")


@pytest.fixture
def first_start(
    qtbot,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Desk]:
    """The program's first start on a PC with no database yet: the set-up wizard, in Simplified Chinese."""
    yield from _started(qtbot, request, tmp_path, monkeypatch, database=tmp_path / "desk.db", slip_key=None)
    assert_quiet(capfd)


@pytest.fixture
def desk(
    qtbot,
    request: pytest.FixtureRequest,
    demo_database: Path,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Desk]:
    """The program started on a copy of the demo estate, at the sign-in: in Simplified Chinese, or in
    the language a test asks for with ``@pytest.mark.parametrize("desk", ["en"], indirect=True)``."""
    database = tmp_path / "desk.db"
    shutil.copy(demo_database, database)
    language = getattr(request, "param", "zh_CN")
    key = slip_key_file(demo_database)
    yield from _started(
        qtbot, request, tmp_path, monkeypatch, database=database, slip_key=key, language=language
    )
    assert_quiet(capfd)


def assert_quiet(capfd: pytest.CaptureFixture[str]) -> None:
    """Nothing was written to standard error (but the offscreen platform's own note)."""
    err = "".join(
        line for line in capfd.readouterr().err.splitlines(keepends=True) if OFFSCREEN_ONLY not in line
    )
    assert err == "", f"the program wrote to standard error:\n{err}"


def _started(
    qtbot,
    request: pytest.FixtureRequest,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    *,
    database: Path,
    slip_key: Path | None,
    language: str = "zh_CN",
) -> Iterator[Desk]:
    """``start_gui`` as ``frontdesk`` runs it, on ``database``, with this test's own settings folders."""
    monkeypatch.setenv("FRONTDESK_CONFIG", str(tmp_path / "config" / "settings.json"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    messages.set_headless(True)
    register_modules()
    i18n.set_language(language)
    settings = LocalSettings(
        database=str(database),
        language=language,
        desk_name="前台1",
        backup_dir=str(tmp_path / "backups"),
        slip_key_file=str(slip_key) if slip_key is not None else "",
    )
    config.save(settings)  # the services read the key file's place from this PC's settings
    code, context = start_gui([], database=None, settings=settings, exec_=False, runner=SynchronousRunner())
    assert code == 0 and context is not None, messages.shown()
    walk = Desk(qtbot, context, request.node.name)
    shown = session_window(context) or walk.window
    shown.activateWindow()  # what the window manager does for a window that opens
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shown)
    yield walk
    session = context.session
    if isinstance(session, Session):
        session.finish()
    messages.set_headless(False)
    i18n.set_language("en")


def session_window(context: AppContext) -> QWidget | None:
    """The window the session shows first: the set-up wizard on a new database, else None."""
    session = context.session
    return session.wizard if isinstance(session, Session) and session.wizard is not None else None
