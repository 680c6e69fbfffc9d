"""Backups of the SQLite database: online copies, checked, hashed and rotated; safe restore.

Copies are made with SQLite's online backup API (never a file copy of a live database), each is
integrity-checked and its SHA-256 written beside it. Automatic copies are rotated, keeping
7 daily, 4 weekly and 12 monthly ones; manual and pre-migration copies are never rotated away.
PostgreSQL installations are backed up with the server's own tools (see README).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from frontdesk.errors import StorageError, UserError
from frontdesk.i18n import _

PREFIX = "frontdesk-"
SUFFIX = ".db"
AUTO_LABEL = "auto"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12


@dataclass(frozen=True)
class BackupCopy:
    """One backup file and what is known of it."""

    path: Path
    taken_at: datetime
    label: str
    sha256: str
    size: int


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d-%H%M%S")


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_only_uri(path: Path) -> str:
    # percent-encoded: a "#", "?" or "%" in a folder name must not cut or change the path
    return f"{path.resolve().as_uri()}?mode=ro"


def integrity_problems(path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` report for a database file."""
    conn = sqlite3.connect(_read_only_uri(path), uri=True)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        problems = [] if rows == ["ok"] else [str(r) for r in rows]
        for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: {table} row {rowid} -> {parent}")
        return problems
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        conn.close()


@dataclass(frozen=True)
class PendingCopy:
    """A copy written from the database but not yet checked: ``partial`` becomes ``final`` if it passes."""

    partial: Path
    final: Path
    taken_at: datetime
    label: str


def backup_connection(
    source: sqlite3.Connection, folder: Path, label: str = AUTO_LABEL, now: datetime | None = None
) -> BackupCopy:
    """Copy the open database ``source`` into ``folder`` and check the copy.

    Args:
        source: the program's own SQLite connection (the online backup API reads it safely).
        folder: where copies go (created if missing).
        label: ``auto`` for rotated copies; anything else is kept for ever.
        now: the time to stamp (for tests).

    Returns:
        The checked copy.

    Raises:
        StorageError: the folder cannot be written or the copy fails its check.
    """
    return finish_copy(copy_connection(source, folder, label, now))


def copy_connection(
    source: sqlite3.Connection, folder: Path, label: str = AUTO_LABEL, now: datetime | None = None
) -> PendingCopy:
    """The part of a backup that reads the database: write ``<final>.partial`` with the online backup API.

    The rest (:func:`finish_copy`) touches only the copy, so the desk may run it off the database
    thread: on a large database the integrity check of the copy takes several times the copying.

    Raises:
        StorageError: the folder or the copy cannot be written.
    """
    moment = (now or datetime.now()).replace(microsecond=0)  # the file name keeps whole seconds
    try:
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"{PREFIX}{_stamp(moment)}-{label}{SUFFIX}"
        while final.exists():  # two copies in one second: the later one waits a second's name
            moment += timedelta(seconds=1)
            final = folder / f"{PREFIX}{_stamp(moment)}-{label}{SUFFIX}"
        partial = final.with_name(final.name + ".partial")
        with contextlib.closing(sqlite3.connect(partial)) as dest:
            source.backup(dest)
            dest.execute("PRAGMA journal_mode=DELETE")
    except (OSError, sqlite3.Error) as exc:  # sqlite3 reports an unwritable file as its own error
        raise StorageError(
            _("Cannot write the backup into {folder}.").format(folder=folder), str(exc)
        ) from exc
    return PendingCopy(partial, final, moment, label)


def finish_copy(pending: PendingCopy) -> BackupCopy:
    """Check a written copy (integrity), give it its name and its SHA-256 file; only files are touched.

    Raises:
        StorageError: the copy fails its check (it is removed) or cannot be renamed.
    """
    partial, final = pending.partial, pending.final
    try:
        problems = integrity_problems(partial)
        if problems:
            partial.unlink(missing_ok=True)
            raise StorageError(_("The backup copy failed its check: {p}").format(p=problems[0]))
        os.replace(partial, final)
        digest = file_sha256(final)
        final.with_name(final.name + ".sha256").write_text(f"{digest}  {final.name}\n", encoding="utf-8")
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(
            _("Cannot write the backup into {folder}.").format(folder=final.parent), str(exc)
        ) from exc
    return BackupCopy(final, pending.taken_at, pending.label, digest, final.stat().st_size)


def list_backups(folder: Path) -> list[BackupCopy]:
    """The copies in ``folder``, newest first (only those with a readable hash file)."""
    copies = []
    for path in folder.glob(f"{PREFIX}*{SUFFIX}") if folder.exists() else ():
        parsed = _parse_name(path.name)
        sidecar = path.with_name(path.name + ".sha256")
        if parsed is None or not sidecar.exists():
            continue
        digest = sidecar.read_text(encoding="utf-8").split()[0]
        copies.append(BackupCopy(path, parsed[0], parsed[1], digest, path.stat().st_size))
    return sorted(copies, key=lambda c: c.taken_at, reverse=True)


def _parse_name(name: str) -> tuple[datetime, str] | None:
    core = name[len(PREFIX) : -len(SUFFIX)]
    parts = core.split("-", 2)
    if len(parts) < 3:
        return None
    try:
        return datetime.strptime(f"{parts[0]}-{parts[1]}", "%Y%m%d-%H%M%S"), parts[2]
    except ValueError:
        return None


def rotation_keeps(copies: Iterable[BackupCopy]) -> set[Path]:
    """Which automatic copies survive: newest per day (7), per ISO week (4), per month (12)."""
    autos = sorted((c for c in copies if c.label == AUTO_LABEL), key=lambda c: c.taken_at, reverse=True)
    keep: set[Path] = set()
    for period, count in (
        (lambda d: d.date(), KEEP_DAILY),
        (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
        (lambda d: (d.year, d.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        for copy in autos:
            key = period(copy.taken_at)
            if key not in seen:
                seen.append(key)
                if len(seen) > count:
                    break
                keep.add(copy.path)
    return keep


def rotate(folder: Path) -> list[Path]:
    """Remove automatic copies the rotation no longer keeps; returns what was removed."""
    copies = list_backups(folder)
    keep = rotation_keeps(copies)
    removed = []
    for copy in copies:
        if copy.label == AUTO_LABEL and copy.path not in keep:
            copy.path.unlink(missing_ok=True)
            copy.path.with_name(copy.path.name + ".sha256").unlink(missing_ok=True)
            removed.append(copy.path)
    return removed


def last_good_backup_age(folder: Path, now: datetime | None = None) -> timedelta | None:
    """How old the newest verified copy is, or None when there is none."""
    copies = list_backups(folder)
    if not copies:
        return None
    return (now or datetime.now()) - copies[0].taken_at


def verify_copy(path: Path) -> list[str]:
    """Problems with a backup file: hash mismatch against its sidecar, failed integrity check."""
    if not path.exists():
        return [_("The file does not exist: {path}").format(path=path)]
    problems = []
    sidecar = path.with_name(path.name + ".sha256")
    if sidecar.exists() and sidecar.read_text(encoding="utf-8").split()[0] != file_sha256(path):
        problems.append(_("The file's SHA-256 does not match the one recorded when it was made."))
    return problems + integrity_problems(path)


def restore_file(source: Path, database: Path, schema_check: Callable[[Path], None] | None = None) -> Path:
    """Restore ``source`` over ``database``: copy to a new file, check it, only then replace.

    The database being replaced is kept beside it as ``<name>.before-restore-<time>``.

    Args:
        source: the backup file.
        database: the SQLite file the program uses.
        schema_check: called with the path of the checked copy; raises if it is unusable.

    Returns:
        Where the replaced database was kept (or the database path if there was none).

    Raises:
        UserError: the backup is damaged or unusable; nothing was replaced.
    """
    problems = verify_copy(source)
    if problems:
        raise UserError(_("The backup cannot be restored: {p}").format(p="; ".join(problems)))
    staging = database.with_name(database.name + ".restoring")
    with (
        contextlib.closing(sqlite3.connect(_read_only_uri(source), uri=True)) as src,
        contextlib.closing(sqlite3.connect(staging)) as dest,
    ):
        src.backup(dest)
    problems = integrity_problems(staging)
    if problems:
        staging.unlink(missing_ok=True)
        raise UserError(_("The restored copy failed its check: {p}").format(p=problems[0]))
    if schema_check is not None:
        try:
            schema_check(staging)
        except Exception:
            staging.unlink(missing_ok=True)
            raise
    kept = database
    if database.exists():
        kept = database.with_name(f"{database.name}.before-restore-{_stamp(datetime.now())}")
        shutil.move(database, kept)
        for extra in ("-wal", "-shm"):  # the old file's journal goes with it: it may hold commits
            journal = Path(str(database) + extra)
            if journal.exists():
                shutil.move(journal, Path(str(kept) + extra))
    os.replace(staging, database)
    return kept


def check_schema_version(path: Path) -> None:
    """Refuse a copy that is not a frontdesk database or was written by a newer program."""
    from frontdesk.errors import SchemaTooNew
    from frontdesk.migrations import LATEST

    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        try:
            version = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
        except sqlite3.DatabaseError:
            raise UserError(_("This file is not a frontdesk database.")) from None
    if version > LATEST:
        raise SchemaTooNew(
            _("The backup was written by a newer version of frontdesk."),
            _("Install the newer program first."),
        )
