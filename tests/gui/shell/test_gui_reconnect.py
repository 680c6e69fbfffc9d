"""A PostgreSQL outage seen from the window: the status bar says so, the form keeps what was typed,
and once the server is back the message goes and the same save goes through, once.

The server is one of the test's own (``own_pg_server``), stopped and started during the test; the
window runs with the real worker thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
from pytestqt.qtbot import QtBot

from frontdesk.auth import Actor
from frontdesk.config import LocalSettings
from frontdesk.db import DatabaseTarget, parse_target
from frontdesk.estate.models import Estate
from frontdesk.services import Services
from frontdesk.visitors.models import Visit
from tests.pg_cluster import Cluster
from ui.kit import messages
from ui.kit.context import AppContext
from ui.kit.tasks import TaskRunner
from ui.shell import status
from ui.shell.main_window import MainWindow
from ui.visitors.page import VisitorsPage

T = TypeVar("T")

pytestmark = pytest.mark.slow
WAIT_MS = 60_000  # the machine is slow: a reconnect may take a while
OFFLINE = "The database cannot be reached: reconnecting …"


@pytest.fixture
def db_target(own_pg_server: Cluster) -> DatabaseTarget:
    """The desk's database lives on the test's own server (made empty here)."""
    return parse_target(own_pg_server.create_database("frontdesk"))


@pytest.fixture
def desk(services: Services, clerk: Actor, local_settings: LocalSettings) -> Iterator[AppContext]:
    """A clerk's context with the real worker thread (stopped at the end)."""
    runner = TaskRunner()
    yield AppContext(local_settings, services, runner, actor=clerk)
    runner.stop()


@pytest.fixture
def unit_id(services: Services, admin: Actor) -> int:
    """Unit 3-1502, with its owner 王秀英."""
    estate = services.estate
    building = estate.add_building(actor=admin, estate_id=Estate.get().id, name="3棟")
    unit = estate.add_unit(actor=admin, building_id=building.id, number="1502", area_m2="89.37")
    estate.add_resident(actor=admin, unit_id=unit.id, kind="owner", name="王秀英", phone="13800001111")
    return int(unit.id)


def _idle(qtbot: QtBot, desk: AppContext) -> None:
    runner = desk.runner
    assert isinstance(runner, TaskRunner)
    qtbot.waitUntil(lambda: not runner.busy(), timeout=WAIT_MS)


def _on_the_worker(qtbot: QtBot, desk: AppContext, job: Callable[[], T]) -> T:
    """``job``'s result, run on the desk's worker thread: the program's one PostgreSQL connection is
    used by one thread at a time, and a query from the test's thread while a tile loads on the
    worker could read the worker's answer (or the worker its) and wait for ever."""
    answers: list[T] = []
    desk.runner.submit(job, answers.append)
    qtbot.waitUntil(lambda: bool(answers), timeout=WAIT_MS)
    return answers[0]


def _visitors_page(qtbot: QtBot, window: MainWindow, desk: AppContext) -> VisitorsPage:
    page = window.open_page("visitors")
    assert isinstance(page, VisitorsPage)
    _idle(qtbot, desk)
    return page


def _fill(qtbot: QtBot, page: VisitorsPage, desk: AppContext, unit_id: int) -> None:
    form = page.form
    form.purpose.setCurrentIndex(form.purpose.findData("visit_resident"))
    form.host.unit.setText("3-1502")
    form.host.look_up()
    _idle(qtbot, desk)
    assert form.host.unit_id == unit_id, messages.shown()
    form.name.setText("李小明")
    form.phone.setText("13612340001")
    form.answer.setCurrentIndex(form.answer.findData("agreed"))


def test_the_status_bar_says_so_the_form_is_kept_and_the_save_goes_through_after(
    qtbot: QtBot, open_window, desk: AppContext, own_pg_server: Cluster, unit_id: int
) -> None:
    window: MainWindow = open_window(desk)
    page = _visitors_page(qtbot, window, desk)
    _fill(qtbot, page, desk, unit_id)
    assert OFFLINE not in window.status.summary()

    own_pg_server.stop()
    page.form.save()
    qtbot.waitUntil(lambda: OFFLINE in window.status.summary(), timeout=WAIT_MS)
    _idle(qtbot, desk)
    assert [m.kind for m in messages.shown()] == ["storage"]
    assert messages.shown()[0].text.startswith("Cannot reach")
    form = page.form
    assert (form.name.text(), form.phone.text(), form.host.unit_id) == ("李小明", "13612340001", unit_id)
    assert form.save_button.isEnabled()

    own_pg_server.start()
    form.save()  # the clerk saves again: the watch has not asked yet (it waits 10 s)
    qtbot.waitUntil(lambda: form.name.text() == "", timeout=WAIT_MS)
    assert OFFLINE not in window.status.summary()
    saved = _on_the_worker(qtbot, desk, lambda: [(v.visitor.name, v.host_unit_id) for v in Visit.select()])
    assert saved == [("李小明", unit_id)]  # once


def test_the_message_goes_by_itself_once_the_server_is_back(
    qtbot: QtBot,
    open_window,
    desk: AppContext,
    own_pg_server: Cluster,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(status, "RETRY_MS", 200)
    window: MainWindow = open_window(desk)
    _idle(qtbot, desk)

    own_pg_server.stop()
    desk.runner.submit(desk.services.setup.office, on_error=lambda _exc: None)  # e.g. a page reloading
    qtbot.waitUntil(lambda: OFFLINE in window.status.summary(), timeout=WAIT_MS)
    qtbot.wait(1000)  # the watch keeps asking meanwhile, in vain
    assert OFFLINE in window.status.summary()

    own_pg_server.start()
    qtbot.waitUntil(lambda: OFFLINE not in window.status.summary(), timeout=WAIT_MS)
    assert not desk.runner.database_down()
    assert messages.shown() == []  # the watch's questions never pop up a message


def test_only_a_job_that_reached_the_database_says_it_is_back(
    qtbot: QtBot, desk: AppContext, own_pg_server: Cluster
) -> None:
    """A job that touched no database (the backup's check recording no new copies) succeeded while
    the server was down: that was taken for the database being back, the message went and the
    watch stopped asking, so the desk said nothing more of an outage that went on."""
    runner = desk.runner
    said: list[bool] = []
    runner.sig_database.connect(said.append)

    def run(job: Callable[[], object]) -> None:
        runner.submit(job, lambda _result: None, lambda _exc: None)
        _idle(qtbot, desk)

    run(desk.services.ping)
    own_pg_server.stop()
    run(desk.services.ping)
    assert said == [False]
    run(lambda: [])  # recorded the checks of no new copies: no query at all
    assert said == [False] and runner.database_down()
    own_pg_server.start()
    run(desk.services.ping)
    assert said == [False, True] and not runner.database_down()
