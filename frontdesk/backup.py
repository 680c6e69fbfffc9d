"""Backups of the SQLite database: online copies, verified, hashed and rotated; safe restore.

Copies are made with SQLite's online backup API (never a file copy of a live database). A copy is
written first and verified afterwards — ``PRAGMA integrity_check``, ``foreign_key_check`` and its
SHA-256, written beside it — so that neither the start of the day nor the closing of the program
waits for the check of a large file: its manifest (``<copy>.manifest.json``) says ``unverified``
until then, ``verified`` or ``failed`` after. Only verified automatic copies count in the rotation,
which keeps 7 daily, 4 weekly and 12 monthly ones; unverified and failed copies are never rotated
away, and manual and pre-migration copies never are. PostgreSQL installations are backed up with
the server's own tools (see README).

A copy taken while the desk works reads the database through a read-only connection of its own
that holds one read transaction (WAL: the desk's reads and writes go on beside it, and a copy
taken in steps never restarts), in small steps with pauses between them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from frontdesk.errors import StorageError, UserError
from frontdesk.i18n import _

PREFIX = "frontdesk-"
SUFFIX = ".db"
AUTO_LABEL = "auto"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
MANIFEST_SUFFIX = ".manifest.json"
VERIFIED, UNVERIFIED, FAILED = "verified", "unverified", "failed"
Progress = Callable[[int, int], None]
"""Told (done, total) as work goes on: pages copied, then bytes hashed."""


class BackupCancelled(Exception):
    """Background backup work was stopped (the program is closing); the copy stays unverified."""


@dataclass(frozen=True)
class Pace:
    """How fast backup work goes: ``pages`` copied per step (-1: all in one step), ``pause`` seconds
    of rest after each step (and now and then during a check), so the desk's own work comes first."""

    pages: int = -1
    pause: float = 0.0


FULL_SPEED = Pace()
GENTLE = Pace(pages=1024, pause=0.01)  # 4 MiB steps of 4 KiB pages


@dataclass(frozen=True)
class BackupCopy:
    """One backup file and what is known of it (``sha256`` is empty until it is verified)."""

    path: Path
    taken_at: datetime
    label: str
    sha256: str
    size: int
    state: str = VERIFIED
    problems: tuple[str, ...] = ()


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d-%H%M%S")


def _check_stop(stop: threading.Event | None) -> None:
    if stop is not None and stop.is_set():
        raise BackupCancelled


def file_sha256(path: Path, stop: threading.Event | None = None, progress: Progress | None = None) -> str:
    """SHA-256 of a file, read in blocks (stopped by ``stop``; ``progress`` in bytes)."""
    digest = hashlib.sha256()
    total, done = path.stat().st_size, 0
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            _check_stop(stop)
            digest.update(block)
            done += len(block)
            if progress is not None:
                progress(done, total)
    return digest.hexdigest()


def _read_only_uri(path: Path) -> str:
    # percent-encoded: a "#", "?" or "%" in a folder name must not cut or change the path
    return f"{path.resolve().as_uri()}?mode=ro"


def integrity_problems(path: Path, stop: threading.Event | None = None, pace: Pace = FULL_SPEED) -> list[str]:
    """What ``PRAGMA integrity_check`` and ``foreign_key_check`` report for a database file.

    Raises:
        BackupCancelled: ``stop`` was set meanwhile.
    """
    conn = sqlite3.connect(_read_only_uri(path), uri=True)

    def now_and_then() -> int:
        if pace.pause:
            time.sleep(pace.pause)
        return 1 if stop is not None and stop.is_set() else 0  # non-zero interrupts the check

    if stop is not None or pace.pause:
        conn.set_progress_handler(now_and_then, 200_000)
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        problems = [] if rows == ["ok"] else [str(r) for r in rows]
        for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
            problems.append(f"foreign key: {table} row {rowid} -> {parent}")
        return problems
    except sqlite3.DatabaseError as exc:
        _check_stop(stop)
        return [str(exc)]
    finally:
        conn.close()


@contextlib.contextmanager
def snapshot(database: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to ``database`` holding one read transaction for as long as it is open.

    A copy taken from it in steps is the database as it was when the snapshot began, whatever the
    desk writes meanwhile (WAL lets both go on; the backup API would otherwise start again after
    each write of another connection). Read-only, it never writes or checkpoints the file.
    """
    conn = sqlite3.connect(_read_only_uri(database), uri=True, isolation_level=None)
    try:
        conn.execute("BEGIN")
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # the read transaction starts here
        yield conn
    finally:
        conn.close()


def _free_name(folder: Path, label: str, now: datetime | None) -> tuple[datetime, Path]:
    moment = (now or datetime.now()).replace(microsecond=0)  # the file name keeps whole seconds
    final = folder / f"{PREFIX}{_stamp(moment)}-{label}{SUFFIX}"
    while final.exists():  # two copies in one second: the later one waits a second's name
        moment += timedelta(seconds=1)
        final = folder / f"{PREFIX}{_stamp(moment)}-{label}{SUFFIX}"
    return moment, final


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_connection(
    source: sqlite3.Connection,
    folder: Path,
    label: str = AUTO_LABEL,
    now: datetime | None = None,
    *,
    pace: Pace = FULL_SPEED,
    progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> BackupCopy:
    """Write a copy of the open database ``source`` into ``folder``: the part of a backup that reads
    the database. The copy is not verified yet (:func:`verify_new_copy` does that, on the copy only).

    It is written as ``<name>.partial`` without a journal or syncing each page, synced once, then
    renamed: a copy under its final name is complete.

    Args:
        source: the program's own connection, or a :func:`snapshot` (needed for copies in steps).
        folder: where copies go (created if missing).
        label: ``auto`` for rotated copies; anything else is kept for ever.
        now: the time to stamp (for tests).
        pace: pages per step and the pause between steps.
        progress: told (pages copied, pages in all) after each step.
        stop: when set, the copy stops (:class:`BackupCancelled`) and its partial file goes.

    Raises:
        StorageError: the folder or the copy cannot be written.
    """

    def after_step(_status: int, remaining: int, total: int) -> None:
        _check_stop(stop)
        if progress is not None:
            progress(total - remaining, total)
        if pace.pause and remaining:
            time.sleep(pace.pause)  # the desk's reads and the disk get their turn

    partial: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        moment, final = _free_name(folder, label, now)
        partial = final.with_name(final.name + ".partial")
        with contextlib.closing(sqlite3.connect(partial)) as dest:
            dest.execute("PRAGMA synchronous=OFF")  # synced once below: a copy is all or nothing
            dest.execute("PRAGMA journal_mode=OFF")
            source.backup(dest, pages=pace.pages, progress=after_step)
            dest.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        _fsync(partial)
        os.replace(partial, final)
        write_state(final, UNVERIFIED)
    except BackupCancelled:
        if partial is not None:
            partial.unlink(missing_ok=True)
        raise
    except (OSError, sqlite3.Error) as exc:  # sqlite3 reports an unwritable file as its own error
        raise StorageError(
            _("Cannot write the backup into {folder}.").format(folder=folder), str(exc)
        ) from exc
    return BackupCopy(final, moment, label, "", final.stat().st_size, UNVERIFIED)


def backup_connection(
    source: sqlite3.Connection, folder: Path, label: str = AUTO_LABEL, now: datetime | None = None
) -> BackupCopy:
    """Copy the open database ``source`` into ``folder`` and verify the copy at once.

    Raises:
        StorageError: the folder cannot be written or the copy fails its check (it stays, marked
            ``failed``).
    """
    copy = verify_new_copy(copy_connection(source, folder, label, now))
    if copy.state == FAILED:
        raise StorageError(_("The backup copy failed its check: {p}").format(p=copy.problems[0]))
    return copy


# --- verification and the manifest's state ---------------------------------------------------


def manifest_path(copy_path: Path) -> Path:
    """``<copy>.manifest.json``: the copy's state, hash and the audit chain's head it holds."""
    return copy_path.with_name(copy_path.name + MANIFEST_SUFFIX)


def read_manifest(copy_path: Path) -> dict[str, Any]:
    """The manifest's fields ({} when there is none or it cannot be read)."""
    try:
        data = json.loads(manifest_path(copy_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def update_manifest(copy_path: Path, fields: dict[str, Any]) -> None:
    """Write ``fields`` into the manifest, keeping the others (atomically: a new file, renamed)."""
    path = manifest_path(copy_path)
    data = {**read_manifest(copy_path), **fields}
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, path)


def write_state(copy_path: Path, state: str, sha256: str = "", problems: Iterable[str] = ()) -> None:
    """Record in the manifest whether the copy is verified (with its hash), unverified or failed."""
    fields: dict[str, Any] = {"file": copy_path.name, "state": state, "problems": list(problems)}
    if sha256:
        fields["sha256"] = sha256
    update_manifest(copy_path, fields)


def copy_state(copy_path: Path) -> tuple[str, tuple[str, ...]]:
    """A copy's state and, for a failed one, what its check found.

    Verified means a hash file beside it (copies from before manifests had a state have one).
    """
    data = read_manifest(copy_path)
    if data.get("state") == FAILED:
        return FAILED, tuple(str(p) for p in data.get("problems") or ())
    if copy_path.with_name(copy_path.name + ".sha256").exists() and data.get("state") != UNVERIFIED:
        return VERIFIED, ()
    return UNVERIFIED, ()


def verify_new_copy(
    copy: BackupCopy,
    *,
    pace: Pace = FULL_SPEED,
    stop: threading.Event | None = None,
    progress: Progress | None = None,
) -> BackupCopy:
    """Verify a written copy (integrity, foreign keys, SHA-256) and record the outcome beside it.

    A verified copy gets its hash file and counts from now on; a failed one is kept, marked
    ``failed`` (reported, and restored only after a warning and a new check). Only the copy is read.

    Raises:
        BackupCancelled: ``stop`` was set; the copy stays unverified.
        StorageError: the hash file or the manifest cannot be written.
    """
    path = copy.path
    _check_stop(stop)
    try:
        problems = integrity_problems(path, stop, pace)
        if problems:
            write_state(path, FAILED, problems=problems)
            return replace(copy, state=FAILED, problems=tuple(problems))
        digest = file_sha256(path, stop, progress)
        path.with_name(path.name + ".sha256").write_text(f"{digest}  {path.name}\n", encoding="utf-8")
        write_state(path, VERIFIED, digest)
    except OSError as exc:
        raise StorageError(
            _("Cannot write the backup into {folder}.").format(folder=path.parent), str(exc)
        ) from exc
    return replace(copy, sha256=digest, state=VERIFIED, size=path.stat().st_size)


def all_copies(folder: Path) -> list[BackupCopy]:
    """Every copy in ``folder`` whatever its state, newest first."""
    copies = []
    for path in folder.glob(f"{PREFIX}*{SUFFIX}") if folder.exists() else ():
        parsed = _parse_name(path.name)
        if parsed is None:
            continue
        state, problems = copy_state(path)
        digest = ""
        if state == VERIFIED:
            digest = path.with_name(path.name + ".sha256").read_text(encoding="utf-8").split()[0]
        copies.append(BackupCopy(path, parsed[0], parsed[1], digest, path.stat().st_size, state, problems))
    return sorted(copies, key=lambda c: c.taken_at, reverse=True)


def list_backups(folder: Path) -> list[BackupCopy]:
    """The verified copies in ``folder``, newest first."""
    return [c for c in all_copies(folder) if c.state == VERIFIED]


def verify_pending(
    folder: Path,
    *,
    pace: Pace = FULL_SPEED,
    stop: threading.Event | None = None,
    progress: Progress | None = None,
) -> list[BackupCopy]:
    """Verify every unverified copy in ``folder`` (oldest first), then rotate: returns them, checked.

    Raises:
        BackupCancelled: ``stop`` was set; the copies not yet checked stay unverified.
    """
    pending = [c for c in reversed(all_copies(folder)) if c.state == UNVERIFIED]
    checked = [verify_new_copy(c, pace=pace, stop=stop, progress=progress) for c in pending]
    rotate(folder)
    return checked


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
    """Which verified automatic copies survive: newest per day (7), per ISO week (4), per month (12).

    Only verified copies count: an unverified or failed one never takes a verified one's place.
    """
    autos = sorted(
        (c for c in copies if c.label == AUTO_LABEL and c.state == VERIFIED),
        key=lambda c: c.taken_at,
        reverse=True,
    )
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
    """Remove verified automatic copies the rotation no longer keeps; returns what was removed.

    Unverified and failed copies stay (they wait for their check, or are evidence of a fault).
    """
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


def restore_warning(source: Path) -> str:
    """What the clerk must know before restoring a copy that is not verified ("" for a verified one)."""
    state, problems = copy_state(source)
    if state == FAILED:
        return _(
            "Warning: this copy failed its check ({problem}). It is checked again before anything "
            "is replaced, and refused if it still fails."
        ).format(problem=problems[0] if problems else "?")
    if state == UNVERIFIED:
        return _("Warning: this copy has not been verified yet. It is checked before anything is replaced.")
    return ""


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
