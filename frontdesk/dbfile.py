"""Is this file a database of this program? Answered before SQLite opens it, since opening changes it.

Opening a file with the program's settings switches it to WAL mode and migrating then fills it
with tables: a 0-byte file (a failed copy), a truncated one or a stranger's database would be
quietly turned into a new, empty frontdesk database, after which ``check`` finds nothing wrong.
So an existing file is looked at first (its header, then its tables, read-only) and refused with
a message when it is not one of ours; and a missing file is only created when asked to (by
``frontdesk init`` and the set-up wizard), so a mistyped ``--db`` creates no folders and no file.
"""

from __future__ import annotations

import sqlite3
from enum import Enum
from pathlib import Path

from frontdesk.errors import StorageError
from frontdesk.i18n import _

SQLITE_HEADER = b"SQLite format 3\x00"
_HEADER_SIZE = 100
#: the table every database of this program has from its first migration on
OUR_TABLE = "schema_version"


class FileState(Enum):
    """What lies at a database path."""

    MISSING = "missing"
    BLANK = "blank"  # an SQLite file without any table (set up by ``init``)
    OURS = "ours"


def _kept_hint() -> str:
    return _(
        "The file was not changed. Check the path given with --db; restore the last good backup "
        "with 'frontdesk restore', or move the file away and make a new database with 'frontdesk init'."
    )


def missing(path: Path) -> StorageError:
    """The error for a database path where there is no file."""
    return StorageError(
        _("There is no database at {path}.").format(path=path),
        _(
            "Check the path given with --db. A new database is made only by 'frontdesk init' "
            "or by the set-up wizard."
        ),
    )


def folder(path: Path) -> StorageError:
    """The error for a database path that names a folder."""
    return StorageError(
        _("{path} is a folder, not a database file.").format(path=path),
        _("Give the database file's own path, e.g. {example}.").format(example=path / "frontdesk.db"),
    )


def _refused(message: str) -> StorageError:
    return StorageError(message, _kept_hint())


def _check_header(path: Path, size: int) -> None:
    with path.open("rb") as fh:
        header = fh.read(_HEADER_SIZE)
    if not header.startswith(SQLITE_HEADER[: len(header)]) or not header:
        raise _refused(_("{path} is not a frontdesk database (not an SQLite file).").format(path=path))
    if len(header) < _HEADER_SIZE:
        raise _refused(_("The database file {path} is cut short (truncated).").format(path=path))
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counted = header[24:28] == header[92:96]  # the page count is valid only when these agree
    if page_size < 512 or size % page_size or (counted and size < pages * page_size):
        raise _refused(_("The database file {path} is cut short (truncated).").format(path=path))


def _tables(path: Path) -> set[str] | None:
    """The file's table names (read-only), or None when SQLite cannot open it here (read-only folder)."""
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    except sqlite3.OperationalError as exc:
        if "unable to open" in str(exc):
            return None
        raise _refused(
            _("The database file {path} is damaged: {detail}").format(path=path, detail=exc)
        ) from exc
    except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
        raise _refused(
            _("The database file {path} is damaged: {detail}").format(path=path, detail=exc)
        ) from exc
    finally:
        conn.close()
    return {str(name) for (name,) in rows}


def inspect(path: Path) -> FileState:
    """Look at ``path`` without changing it.

    Returns:
        MISSING (no file), BLANK (an SQLite file without tables) or OURS.

    Raises:
        StorageError: the path is a folder, or the file is empty, truncated, damaged or another
            program's database.
    """
    if path.is_dir():
        raise folder(path)
    if not path.exists():
        return FileState.MISSING
    size = path.stat().st_size
    wal = path.with_name(path.name + "-wal")
    if size == 0:
        if not (wal.exists() and wal.stat().st_size > 0):  # a new file's pages may all be in its WAL
            raise _refused(
                _("The database file {path} is empty (0 bytes): it is not a frontdesk database.").format(
                    path=path
                )
            )
    else:
        _check_header(path, size)
    tables = _tables(path)
    if tables is None or OUR_TABLE in tables:
        return FileState.OURS
    if tables:
        raise _refused(
            _("{path} is not a frontdesk database (it holds another program's tables).").format(path=path)
        )
    return FileState.BLANK
