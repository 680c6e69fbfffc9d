"""The task runner: jobs on one worker thread, results and errors back on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QLabel

from frontdesk.db import database_proxy
from frontdesk.errors import DatabaseUnreachable, ValidationError
from ui.kit.tasks import SynchronousRunner, TaskRunner


@pytest.fixture
def runner():
    """A threaded runner, stopped after the test."""
    runner = TaskRunner()
    yield runner
    runner.stop()


def test_jobs_run_on_one_worker_thread_in_order_and_results_come_back_on_gui_thread(runner, qtbot) -> None:
    gui_thread = threading.get_ident()
    ran_on: list[int] = []
    results: list[tuple[int, int]] = []

    def job(n: int) -> int:
        ran_on.append(threading.get_ident())
        return n * n

    for n in range(5):
        runner.submit(lambda n=n: job(n), lambda r: results.append((r, threading.get_ident())))
    qtbot.waitUntil(lambda: len(results) == 5)
    assert [r for r, _t in results] == [0, 1, 4, 9, 16]
    assert {t for _r, t in results} == {gui_thread}
    assert len(set(ran_on)) == 1 and ran_on[0] != gui_thread
    qtbot.waitUntil(lambda: not runner.busy())


def test_errors_go_to_the_error_callback(runner, qtbot) -> None:
    errors: list[BaseException] = []

    def fail() -> None:
        raise ValueError("boom")

    runner.submit(fail, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ValueError)


def test_busy_signal_brackets_the_work(runner, qtbot) -> None:
    states: list[bool] = []
    runner.sig_busy.connect(states.append)
    runner.submit(lambda: 1, lambda _r: None)
    qtbot.waitUntil(lambda: states == [True, False])


def test_callbacks_of_a_deleted_owner_are_skipped(runner, qtbot) -> None:
    owner = QLabel()
    gate = threading.Event()
    called: list[object] = []
    runner.submit(lambda: gate.wait(5), called.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner))
    gate.set()
    qtbot.waitUntil(lambda: not runner.busy())
    assert called == []


def _alive(widget: QLabel) -> bool:
    from shiboken6 import Shiboken

    return bool(Shiboken.isValid(widget))


def test_stopped_runner_refuses_work(qtbot) -> None:
    for runner in (TaskRunner(), SynchronousRunner()):
        runner.stop()
        with pytest.raises(RuntimeError):
            runner.submit(lambda: None)


def test_synchronous_runner_calls_back_at_once() -> None:
    runner = SynchronousRunner()
    got: list[object] = []
    runner.submit(lambda: 42, got.append)
    runner.submit(lambda: 1 / 0, on_error=got.append)
    assert got[0] == 42 and isinstance(got[1], ZeroDivisionError)


def test_file_jobs_run_beside_a_database_job_not_behind_it(runner, qtbot) -> None:
    file_job_ran = threading.Event()
    order: list[str] = []

    def database_job() -> str:  # holds the database thread until the file job has run
        assert file_job_ran.wait(5), "the file job waited behind the database job"
        return "database"

    def file_job() -> str:
        file_job_ran.set()
        return "files"

    errors: list[BaseException] = []
    runner.submit(database_job, order.append, errors.append)
    runner.submit_files(file_job, order.append, errors.append)
    qtbot.waitUntil(lambda: len(order) + len(errors) == 2)
    assert errors == [] and sorted(order) == ["database", "files"]
    qtbot.waitUntil(lambda: not runner.busy())


@pytest.mark.parametrize("threaded", [False, True])
def test_the_runner_says_when_the_database_stops_answering_and_when_it_answers_again(
    qtbot, threaded: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # no database bound (an earlier test's may be left, closed): the jobs here stand for ones that
    # used it; that a job which touched no server proves nothing is tested in test_gui_reconnect
    monkeypatch.setattr(database_proxy, "obj", None)
    runner = TaskRunner() if threaded else SynchronousRunner()
    said: list[bool] = []
    runner.sig_database.connect(said.append)

    def run(job, files: bool = False) -> None:
        submit = runner.submit_files if files else runner.submit
        submit(job, lambda _r: None, lambda _e: None)
        qtbot.waitUntil(lambda: not runner.busy())

    def unreachable() -> None:
        raise DatabaseUnreachable("Cannot reach the database.")

    def refused() -> None:
        raise ValidationError("name", "A name is needed.")

    try:
        run(lambda: 1)
        assert said == [] and not runner.database_down()
        run(unreachable)
        run(unreachable)
        assert said == [False] and runner.database_down()
        run(refused)  # says nothing about the database
        run(lambda: 1, files=True)  # file work neither
        assert said == [False]
        run(lambda: 1)
        assert said == [False, True] and not runner.database_down()
    finally:
        runner.stop()
