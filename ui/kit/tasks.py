"""Running database and document work off the GUI thread: one worker thread, results by signal.

The SQLite connection is used by one thread at a time: every call into the services goes through
the runner, which executes jobs in order on a single worker ``QThread`` and hands results or errors
back to callbacks on the GUI thread. Tests swap in :class:`SynchronousRunner`. The runner also
says when the database stops answering and when a job succeeds again (``sig_database``).
"""

from __future__ import annotations

import itertools
import logging
import os
import queue
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal
from shiboken6 import Shiboken

from frontdesk.errors import DatabaseUnreachable
from ui.kit import messages

log = logging.getLogger(__name__)
BACKGROUND_NICE = 10  # the file thread's nice value on Linux: backups give way to the desk

Job = Callable[[], Any]
OnDone = Callable[[Any], None]
OnError = Callable[[BaseException], None]


class Runner(QObject):
    """What widgets need from a task runner: ``submit`` a job, ``stop`` at the end."""

    sig_busy = Signal(bool)
    """True while jobs are queued or running, False when idle."""
    sig_database = Signal(bool)
    """False when a job found the database unreachable; True when a job succeeded again after that."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._database_down = False

    def database_down(self) -> bool:
        """True from a job that found the database unreachable until one succeeds."""
        return self._database_down

    def _note_database(self, failure: BaseException | None, *, connected: bool = True) -> None:
        """Follow what a database job's outcome says of the database: an unreachable database, or,
        after that, a job that succeeded on an open connection (other failures say nothing, and so
        does a success that never connected: a check with nothing to record is no proof)."""
        if failure is not None and not isinstance(failure, DatabaseUnreachable):
            return
        if failure is None and not connected:
            return
        down = failure is not None
        if down != self._database_down:
            self._database_down = down
            self.sig_database.emit(not down)

    def submit(
        self,
        job: Job,
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run ``job``; call ``on_done(result)`` or ``on_error(exc)`` on the GUI thread.

        Callbacks are skipped if ``owner`` was deleted before the result came; without
        ``on_error`` the error is shown by :func:`ui.kit.messages.show_error`.
        """
        raise NotImplementedError

    def submit_files(
        self,
        job: Job,
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Like :meth:`submit`, for work that never uses the desk's database connection (a backup's
        copy through a read-only snapshot of its own, checking or hashing a copy on disk): it runs
        beside the database jobs, at low priority, so a long copy or check holds up no search.
        """
        raise NotImplementedError

    def busy(self) -> bool:
        """True while a job is queued or running."""
        raise NotImplementedError

    def stop(self) -> None:
        """Finish the queued jobs and refuse new ones."""
        raise NotImplementedError


def _connection_open() -> bool:
    """Whether the calling thread's database connection is open (see :func:`frontdesk.db.connection_open`);
    imported on the first job's end, so the window is drawn before the storage code loads."""
    from frontdesk.db import connection_open

    return connection_open()


def _default_error(exc: BaseException) -> None:
    messages.show_error(None, exc)


@dataclass(frozen=True)
class _Callbacks:
    on_done: OnDone | None
    on_error: OnError | None
    owner: QObject | None
    database: bool = True  # False for file work, which says nothing of the database

    def alive(self) -> bool:
        """False when the widget that asked has been deleted meanwhile."""
        return self.owner is None or Shiboken.isValid(self.owner)


class _Worker(QThread):
    """A thread running jobs in order: the one that talks to the database, or the one for files."""

    sig_done = Signal(int, object, bool)
    """A job finished: (job id, result, whether the thread's database connection is open after it)."""
    sig_failed = Signal(int, object)
    """A job raised: (job id, exception)."""

    def __init__(self, name: str = "frontdesk-worker", *, background: bool = False) -> None:
        super().__init__()
        self.setObjectName(name)
        self.background = background
        self.jobs: queue.SimpleQueue[tuple[int, Job] | None] = queue.SimpleQueue()

    def run(self) -> None:
        """Execute jobs in order until told to stop."""
        if self.background:
            _lower_this_thread()
        while (item := self.jobs.get()) is not None:
            job_id, job = item
            try:
                result = job()
            except BaseException as exc:  # every failure goes back to the GUI thread
                self.sig_failed.emit(job_id, exc)
            else:
                self.sig_done.emit(job_id, result, self.background or _connection_open())


def _lower_this_thread() -> None:
    """Give the calling thread a lower CPU priority (Linux: its nice value; elsewhere the thread was
    started at Qt's low priority, which is what Windows and macOS go by)."""
    if hasattr(os, "setpriority") and sys.platform.startswith("linux"):
        try:  # a Linux thread is a task of its own: its id takes the nice value
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), BACKGROUND_NICE)
        except OSError:
            log.info("could not lower the background thread's priority")


class JobProgress:
    """How far a job has come, written by the job on its thread and read by the GUI thread (a timer
    polls it): no Qt object is touched from the worker. Call it with (done, total)."""

    def __init__(self) -> None:
        self.percent = -1
        """0–100 once the job has said; -1 before."""

    def __call__(self, done: int, total: int) -> None:
        self.percent = min(100, 100 * done // total) if total > 0 else 100


class TaskRunner(Runner):
    """Runs callables on one worker thread and delivers results to GUI-thread callbacks."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Callbacks] = {}
        self._worker = _Worker()
        self._files = _Worker("frontdesk-files", background=True)  # never the desk's connection
        for worker in (self._worker, self._files):
            worker.sig_done.connect(self._on_worker_done)
            worker.sig_failed.connect(self._on_worker_failed)
        self._worker.start()
        self._files.start(QThread.Priority.LowPriority)

    def submit(
        self,
        job: Job,
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Queue ``job`` for the worker thread."""
        self._queue(self._worker, job, _Callbacks(on_done, on_error, owner))

    def submit_files(
        self,
        job: Job,
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Queue ``job`` (never the desk's connection) for the second thread, at low priority."""
        self._queue(self._files, job, _Callbacks(on_done, on_error, owner, database=False))

    def _queue(self, worker: _Worker, job: Job, callbacks: _Callbacks) -> None:
        if not worker.isRunning():
            raise RuntimeError("the task runner has been stopped")
        job_id = next(self._ids)
        self._pending[job_id] = callbacks
        if len(self._pending) == 1:
            self.sig_busy.emit(True)
        worker.jobs.put((job_id, job))

    def busy(self) -> bool:
        """True while a job is queued or running."""
        return bool(self._pending)

    def stop(self) -> None:
        """Let the queued jobs finish, then end the worker threads (their callbacks are dropped)."""
        for worker in (self._files, self._worker):
            if worker.isRunning():
                worker.jobs.put(None)
                worker.wait()
        self._pending.clear()

    def _take(
        self, job_id: int, failure: BaseException | None, *, connected: bool = True
    ) -> _Callbacks | None:
        callbacks = self._pending.pop(job_id, None)
        if not self._pending:
            self.sig_busy.emit(False)
        if callbacks is not None and callbacks.database:
            self._note_database(failure, connected=connected)
        return callbacks if callbacks is not None and callbacks.alive() else None

    def _on_worker_done(self, job_id: int, result: object, connected: bool) -> None:
        callbacks = self._take(job_id, None, connected=connected)
        if callbacks is not None and callbacks.on_done is not None:
            callbacks.on_done(result)

    def _on_worker_failed(self, job_id: int, exc: BaseException) -> None:
        callbacks = self._take(job_id, exc)
        if callbacks is None:
            log.warning("a background job failed after its window closed", exc_info=exc)
            return
        (callbacks.on_error or _default_error)(exc)


class SynchronousRunner(Runner):
    """The same interface, running each job at once on the calling thread (tests)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stopped = False

    def submit(
        self,
        job: Job,
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run ``job`` now and call the matching callback."""
        self._run(job, on_done, on_error, database=True)

    def submit_files(
        self,
        job: Job,
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        owner: QObject | None = None,
    ) -> None:
        """Run ``job`` now, like :meth:`submit`."""
        self._run(job, on_done, on_error, database=False)

    def _run(self, job: Job, on_done: OnDone | None, on_error: OnError | None, *, database: bool) -> None:
        if self.stopped:
            raise RuntimeError("the task runner has been stopped")
        self.sig_busy.emit(True)
        try:
            result = job()
        except Exception as exc:  # handed to the callback like the threaded runner
            self.sig_busy.emit(False)
            if database:
                self._note_database(exc)
            (on_error or _default_error)(exc)
            return
        self.sig_busy.emit(False)
        if database:
            self._note_database(None, connected=_connection_open())
        if on_done is not None:
            on_done(result)

    def busy(self) -> bool:
        """Never busy between calls."""
        return False

    def stop(self) -> None:
        """Refuse further jobs."""
        self.stopped = True
