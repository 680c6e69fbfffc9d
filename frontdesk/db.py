"""The database: chosen at start-up (SQLite file or PostgreSQL URL), one connection per process.

SQLite runs in WAL mode with ``synchronous=FULL``, foreign keys on, a 5 s busy timeout, no mmap,
and ``BEGIN IMMEDIATE`` transactions so that writers queue instead of failing. A file on a network
share is refused, and one running program holds a database file at a time (SQLite before 3.51.3
has a WAL-reset corruption bug that needs two writing connections to strike).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import unquote, urlsplit

import peewee as pw

from frontdesk.errors import AlreadyRunning, DatabaseUnreachable, StorageError
from frontdesk.i18n import _

#: the one accepted global: every model is bound to it, the real database is chosen at start-up
database_proxy = pw.DatabaseProxy()

SQLITE_PRAGMAS: dict[str, Any] = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL: a committed record survives a power cut
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "mmap_size": 0,
    "cache_size": -32000,
}
PG_STATEMENT_TIMEOUT_MS = 30_000
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "sshfs",
        "fuse.sshfs",
        "9p",
        "afs",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "davfs",
        "fuse.davfs2",
        "ncpfs",
        "lustre",
    }
)


@dataclass(frozen=True)
class DatabaseTarget:
    """Where the data lives: an SQLite file path or a PostgreSQL URL."""

    engine: str  # "sqlite" or "postgresql"
    location: str  # file path, or the URL

    @property
    def is_sqlite(self) -> bool:
        """True for the embedded SQLite database."""
        return self.engine == "sqlite"

    @property
    def path(self) -> Path:
        """The SQLite file (only for SQLite targets)."""
        return Path(self.location)

    def display(self) -> str:
        """A short description for the status bar, without any password."""
        if self.is_sqlite:
            return f"SQLite · {self.location}"
        parts = urlsplit(self.location)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        return f"PostgreSQL · {host}{port}{parts.path}"


def parse_target(value: str | os.PathLike[str]) -> DatabaseTarget:
    """Read ``--db``: a ``postgresql://`` URL or a path to an SQLite file."""
    text = os.fspath(value).strip()
    if text.startswith(("postgresql://", "postgres://")):
        return DatabaseTarget("postgresql", text)
    if text.startswith("sqlite:///"):
        text = text[len("sqlite:///") :]
    return DatabaseTarget("sqlite", str(Path(text).expanduser().resolve()))


def is_network_path(path: Path, mounts_file: str = "/proc/mounts") -> bool:
    """True when ``path`` lies on a network share (UNC path, mapped network drive, NFS/SMB mount)."""
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform == "win32":
        return _windows_drive_is_remote(text)
    return _mount_fstype(path, mounts_file) in NETWORK_FILESYSTEMS


def _windows_drive_is_remote(text: str) -> bool:
    import ctypes

    drive = os.path.splitdrive(text)[0]
    if not drive:
        return False
    drive_remote = 4
    return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote)  # type: ignore[attr-defined]  # Windows only


def _mount_fstype(path: Path, mounts_file: str) -> str:
    try:
        with open(mounts_file, encoding="utf-8") as fh:
            mounts = [line.split() for line in fh if line.strip()]
    except OSError:
        return ""
    best, fstype = "", ""
    target = str(path.resolve())
    for fields in mounts:
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, fstype = point, fields[2]
    return fstype


class InstanceLock:
    """An exclusive lock on ``<database>.lock`` so that one program at a time uses a database file."""

    def __init__(self, db_path: Path) -> None:
        self.path = db_path.with_name(db_path.name + ".lock")
        self._fh: IO[str] | None = None

    def acquire(self) -> None:
        """Take the lock or raise :class:`AlreadyRunning` (:class:`StorageError` when it cannot be made)."""
        try:
            fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held for the process's life
        except OSError as exc:  # a read-only folder, or not the user's
            raise StorageError(
                _("Cannot use the database in {folder}: its lock file cannot be written ({reason}).").format(
                    folder=self.path.parent, reason=exc.strerror or exc
                ),
                _(
                    "The folder is read-only or not yours: copy the database to a folder you can "
                    "write to, or ask for write permission. Nothing was changed."
                ),
            ) from exc
        try:
            _lock_file(fh)
        except OSError as exc:
            fh.close()
            raise AlreadyRunning(
                _("This database is already open in another running frontdesk program."),
                _(
                    "Switch to the program that is already open, or close it first. "
                    "Several desks share data through a PostgreSQL server, not one file."
                ),
            ) from exc
        fh.seek(0)
        fh.truncate()
        fh.write(f"{os.getpid()}\n")
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        """Give the lock back (also happens when the process ends)."""
        if self._fh is not None:
            with contextlib.suppress(OSError):
                _unlock_file(self._fh)
            self._fh.close()
            self._fh = None


def _lock_file(fh: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def _unlock_file(fh: IO[str]) -> None:
    if sys.platform == "win32":
        import msvcrt

        fh.seek(0)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def make_database(target: DatabaseTarget) -> pw.Database:
    """Build (without connecting) the peewee database for ``target``."""
    if target.is_sqlite:
        return pw.SqliteDatabase(
            target.location,
            pragmas=SQLITE_PRAGMAS,
            lock_type="IMMEDIATE",
            thread_safe=False,  # one connection per process, used by one worker thread at a time
            check_same_thread=False,
            timeout=5,
        )
    return _make_postgres(target.location)


def load_postgres_driver() -> None:
    """Hand psycopg2 to peewee when peewee was imported without it.

    peewee imports psycopg2 as it is itself imported (~15 ms of every start, SQLite ones too), so
    the program's entry point (``ui.app``) imports peewee with the driver hidden
    (``frontdesk.peewee_import``); this then does
    what peewee's own import would have done, the first time a PostgreSQL database is made. It
    does nothing when peewee already has a driver, or when psycopg2 is not installed (peewee then
    says so at connect, as it always did).
    """
    peewee_globals = vars(pw)  # the driver slots peewee's module fills while loading (not in its stubs)
    if peewee_globals.get("psycopg2") is not None or peewee_globals.get("psycopg") is not None:
        return
    try:
        import psycopg2
        from psycopg2 import extensions, extras
    except ImportError:
        return
    extras.register_uuid()
    peewee_globals.update(psycopg2=psycopg2, pg_extensions=extensions, Json_pg2=extras.Json)
    adapter = pw.Psycopg2Adapter  # its status constants are set while peewee's module loads
    adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
    adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
    adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN


def _make_postgres(url: str) -> pw.Database:
    load_postgres_driver()
    parts = urlsplit(url)
    # a URL percent-encodes "@", ":" and "/" in names and passwords (as libpq's URLs do)
    return pw.PostgresqlDatabase(
        unquote((parts.path or "/").lstrip("/")) or "postgres",
        user=unquote(parts.username) if parts.username is not None else None,
        password=unquote(parts.password) if parts.password is not None else None,
        host=parts.hostname or "localhost",
        port=parts.port or 5432,
        connect_timeout=5,
        keepalives=1,
        keepalives_idle=30,
        keepalives_interval=10,
        keepalives_count=3,
        application_name="frontdesk",
        options=f"-c statement_timeout={PG_STATEMENT_TIMEOUT_MS} -c timezone=UTC",
        thread_safe=False,
    )


@dataclass
class OpenDatabase:
    """A connected database and what holds it (the lock of an SQLite file)."""

    target: DatabaseTarget
    database: pw.Database
    lock: InstanceLock | None = None

    def close(self) -> None:
        """Close the connection and release the file lock."""
        with contextlib.suppress(pw.PeeweeException):
            if not self.database.is_closed():
                self.database.close()
        if self.lock is not None:
            self.lock.release()


def open_database(target: DatabaseTarget, *, exclusive: bool = True, create: bool = False) -> OpenDatabase:
    """Connect to ``target`` and bind the models to it.

    Args:
        target: where the data lives.
        exclusive: hold the one-program-per-file lock (SQLite); tests of several processes
            pass False on purpose.
        create: make a missing SQLite file (and its folder): only ``init`` and the set-up
            wizard do; otherwise a missing file is refused, so a mistyped path creates nothing.

    Returns:
        The open database; call ``close()`` when done.

    Raises:
        StorageError: the database is on a network share, is held by another program, cannot
            be reached, is missing (unless ``create``), or is a file that is not one of this
            program's databases (empty, truncated, damaged, another program's, a folder).
    """
    lock = _prepare_sqlite(target, exclusive, create) if target.is_sqlite else None
    database = make_database(target)
    try:
        with storage_errors(target):
            database.connect()
            if target.is_sqlite:
                _check_sqlite_opened(database)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    database_proxy.initialize(database)
    return OpenDatabase(target, database, lock)


def _prepare_sqlite(target: DatabaseTarget, exclusive: bool, create: bool) -> InstanceLock | None:
    from frontdesk import dbfile

    path = target.path
    if is_network_path(path.parent if not path.exists() else path):
        raise StorageError(
            _("The database file is on a network share: {path}").format(path=path),
            _(
                "SQLite is only safe on a local disk. To share data between several PCs, "
                "set up a PostgreSQL server and start each desk with --db postgresql://…"
            ),
        )
    state = dbfile.inspect(path)  # refuses a folder, an empty, truncated or foreign file
    if state is dbfile.FileState.MISSING and not create:
        raise dbfile.missing(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            _("Cannot create the folder for the database: {path}").format(path=path.parent),
            str(exc),
        ) from exc
    if not exclusive:
        return None
    lock = InstanceLock(path)
    lock.acquire()
    return lock


def _check_sqlite_opened(database: pw.Database) -> None:
    mode = database.execute_sql("PRAGMA journal_mode").fetchone()[0]  # type: ignore[no-untyped-call]  # peewee stub
    if str(mode).lower() != "wal":
        raise StorageError(
            _("The database could not be switched to WAL mode (it is '{mode}').").format(mode=mode),
            _("Check that the folder is on a local disk and writable."),
        )


@contextlib.contextmanager
def storage_errors(target: DatabaseTarget | None = None) -> Iterator[None]:
    """Turn driver errors into :class:`StorageError` with a plain message and a hint.

    An operation on PostgreSQL that starts here first forgets a connection the server has ended
    (see :func:`drop_dead_connection`), so the program works again once the server is back.
    """
    drop_dead_connection()
    try:
        yield
    except (pw.OperationalError, pw.InterfaceError) as exc:
        raise _storage_error(exc, target) from exc
    except pw.DatabaseError as exc:
        if isinstance(exc, pw.IntegrityError):
            raise
        raise _storage_error(exc, target) from exc
    except sqlite3.Error as exc:  # raised while fetching rows, outside peewee's exception wrapper
        if isinstance(exc, sqlite3.IntegrityError):
            raise
        raise _storage_error(exc, target) from exc


def _real_cause(exc: BaseException) -> BaseException:
    """The error behind a failed rollback: SQLite ends a transaction by itself on some errors (a
    full disk, I/O), so peewee's own rollback then fails with "no transaction is active"; on
    PostgreSQL, the rollback after a lost connection fails with "connection already closed"."""
    seen = 0
    while _is_failed_rollback(exc) and exc.__context__ is not None and seen < 5:
        exc, seen = exc.__context__, seen + 1
    return exc


def _is_failed_rollback(exc: BaseException) -> bool:
    text = str(exc)
    return "no transaction is active" in text or "connection already closed" in text


def _storage_error(exc: BaseException, target: DatabaseTarget | None) -> StorageError:
    exc = _real_cause(exc)
    text = str(exc).lower()
    if "statement timeout" in text or "lock timeout" in text or "could not obtain lock" in text:
        # PostgreSQL gave up waiting for records another desk held: the server and network are fine
        return StorageError(
            _("The database gave up waiting: another desk held these records too long."),
            _("Try again in a moment; nothing was saved. If it keeps happening, restart the other desks."),
        )
    if "locked" in text or "busy" in text:
        return StorageError(
            _("The database is busy: another program is writing to it."),
            _("Wait a moment and try again. Nothing was saved."),
        )
    if "disk is full" in text or "no space" in text or "disk full" in text:
        return StorageError(
            _("The disk is full: nothing could be saved."), _("Free some space on the disk, then save again.")
        )
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return StorageError(
            _("The database file is damaged."), _("Run 'frontdesk check' and restore the last good backup.")
        )
    if "readonly" in text or "read-only" in text or "permission" in text:
        return StorageError(
            _("The database cannot be written (read-only or no permission)."),
            _("Check the file's permissions. Nothing was saved."),
        )
    if _is_query_too_large(text):
        # the server answered: blaming the connection would send the user after the wrong fault
        return StorageError(
            _("The database refused a query that was too large for it ({detail}).").format(
                detail=_first_line(exc)
            ),
            _("This is a fault in the program, not in the database or the network: please report it."),
        )
    where = target.display() if target is not None else _("the database")
    return DatabaseUnreachable(
        _("Cannot reach {where}.").format(where=where),
        _("Check that the database server is running and the network is up. Details: {detail}").format(
            detail=_first_line(exc)
        ),
    )


#: what the drivers say when a statement has more parameters or terms than the engine allows
_QUERY_TOO_LARGE = (
    "too many sql variables",  # SQLite
    "too many terms in compound select",  # SQLite
    "expression tree is too large",  # SQLite
    "number of parameters must be between",  # libpq (PostgreSQL's 65,535 bind parameters)
)


def _is_query_too_large(text: str) -> bool:
    return any(phrase in text for phrase in _QUERY_TOO_LARGE)


def _first_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0][:200] if lines else type(exc).__name__


def drop_dead_connection() -> None:
    """Before an operation on PostgreSQL: forget a connection the server has ended, so it reconnects.

    After an outage or a restart of the server, the old connection is dead and every call on it
    fails ("connection already closed") until the program is restarted. Here, between
    transactions only, a dead connection is closed, and the operation that follows opens a new one
    (peewee connects on first use); while the server is still down, that connect fails with
    :class:`DatabaseUnreachable`. Nothing is retried: an operation that failed stays failed (a
    write cut off at its commit may or may not have been kept, so only the user may repeat it).
    SQLite connections are never touched.
    """
    db = database_proxy.obj
    if not isinstance(db, pw.PostgresqlDatabase) or db.is_closed() or db.in_transaction():
        return
    if _connection_alive(db.connection()):  # type: ignore[no-untyped-call]  # peewee stub
        return
    with contextlib.suppress(pw.PeeweeException, OSError):
        db.close()  # peewee forgets the connection even when the driver complains about closing it


def connection_open() -> bool:
    """Whether this thread holds an open connection to the database, asked right after a job that
    succeeded: only a job that used the database proves it reachable again. A job that touched no
    database (a check with nothing to record, a document from data already loaded) leaves the
    connection a failure closed still closed. No round trip; SQLite is always there."""
    db = database_proxy.obj
    if not isinstance(db, pw.PostgresqlDatabase):
        return True
    if db.is_closed():
        return False
    from psycopg2 import extensions

    conn = db.connection()  # type: ignore[no-untyped-call]  # peewee stub
    return not conn.closed and conn.get_transaction_status() != extensions.TRANSACTION_STATUS_UNKNOWN


def _connection_alive(conn: Any) -> bool:
    """False for a psycopg2 connection known or found to be dead; a round trip only when in doubt."""
    from psycopg2 import extensions

    if conn.closed or conn.get_transaction_status() == extensions.TRANSACTION_STATUS_UNKNOWN:
        return False  # the driver saw it break during an earlier operation
    if not _has_unread_data(conn):
        return True  # the server said nothing while the connection was idle
    try:  # it ended the session ("terminating connection …"), or sent a notice: ask
        conn.poll()
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure means the connection cannot be used
        return False
    return True


def _has_unread_data(conn: Any) -> bool:
    """True when the server sent something (or closed the socket) while nothing was asked of it."""
    import selectors

    try:
        with selectors.DefaultSelector() as selector:
            selector.register(conn.fileno(), selectors.EVENT_READ)
            return bool(selector.select(0))
    except (OSError, ValueError):
        return True  # the socket itself is gone


@contextlib.contextmanager
def transaction() -> Iterator[None]:
    """One all-or-nothing unit of work; driver failures surface as :class:`StorageError`."""
    with storage_errors(), database_proxy.atomic():
        yield


def engine_name() -> str:
    """``"sqlite"`` or ``"postgresql"`` for the bound database."""
    db = database_proxy.obj
    return "postgresql" if isinstance(db, pw.PostgresqlDatabase) else "sqlite"
