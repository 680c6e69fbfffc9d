"""Keeping the data safe: backups on demand and on schedule, the health check, restore."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import peewee as pw

from frontdesk import audit, backup
from frontdesk.auth import Actor, Permission
from frontdesk.db import DatabaseTarget, database_proxy, storage_errors, transaction
from frontdesk.errors import StorageError, UserError
from frontdesk.i18n import _


@dataclass(frozen=True)
class CheckReport:
    """What ``frontdesk check`` found; ``ok`` when nothing."""

    problems: tuple[str, ...]
    audit_entries: int
    checks: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return not self.problems


class MaintenanceService:
    """Backups and checks of the open database."""

    def __init__(self, target: DatabaseTarget, backup_folder: Path) -> None:
        self.target = target
        self.backup_folder = backup_folder
        #: the modules' own checks: (name, a function returning problems), run by :meth:`check`
        self.extra_checks: list[tuple[str, Callable[[], list[str]]]] = []
        #: set as the program closes: background copies and checks stop at their next step
        self.background_stop = threading.Event()

    def _sqlite_only(self) -> None:
        if not self.target.is_sqlite:
            raise UserError(
                _("A PostgreSQL database is backed up with the server's own tools (pg_dump); see the README.")
            )

    def backup_now(
        self, *, actor: Actor, folder: Path | None = None, label: str = "manual"
    ) -> backup.BackupCopy:
        """Copy the database now into ``folder`` (the configured one by default) and verify it at once.

        Raises:
            PermissionDenied: the actor may not run backups.
            UserError: the database is PostgreSQL.
            StorageError: the copy cannot be written or fails its check (it stays, marked failed).
        """
        actor.require(Permission.BACKUP)
        self._sqlite_only()
        copy = backup.verify_new_copy(self._copy(folder or self.backup_folder, label))
        if copy.state == backup.FAILED:
            raise StorageError(_("The backup copy failed its check: {p}").format(p=copy.problems[0]))
        try:
            self.record_backup(actor=actor, copy=copy)
        except StorageError as exc:  # the copy is good: say so, not "nothing was saved"
            raise StorageError(
                _(
                    "The backup {path} was written and checked, but not recorded in the database: {why}"
                ).format(path=copy.path, why=exc.message),
                _("The copy is usable. Check that the database file can be written."),
            ) from exc
        return copy

    def backup_automatic(
        self, *, actor: Actor, due_after: timedelta | None = None
    ) -> backup.BackupCopy | None:
        """The program's own copy (label ``auto``, rotated) taken, recorded and verified in a row.

        Needs no permission: the program takes its copies on schedule and at close, not the user;
        the audit entries record whose session they ran in. The desk runs the same steps apart
        (:meth:`background_copy`, :meth:`record_backup`, :meth:`verify_new_copies`,
        :meth:`record_verifications`) so that none of them waits on another's thread.

        Returns:
            The copy as verified (its state says whether it passed), or None when none was due
            (or the database is PostgreSQL).

        Raises:
            StorageError: the copy cannot be written.
        """
        copy = self.background_copy(due_after=due_after, pace=backup.FULL_SPEED)
        if copy is None:
            return None
        self.record_backup(actor=actor, copy=copy)
        checked = self.verify_new_copies(pace=backup.FULL_SPEED)
        self.record_verifications(actor=actor, copies=checked)
        return next((c for c in checked if c.path == copy.path), copy)

    def closing_backup(
        self, *, actor: Actor, progress: backup.Progress | None = None
    ) -> backup.BackupCopy | None:
        """The copy taken as the program closes (database thread): at full speed, recorded, not verified.

        Background backup work stops first. The copy is verified at the next start, in the
        background (:meth:`verify_new_copies`), and counts in the rotation only from then on.

        Returns:
            The unverified copy, or None on PostgreSQL.

        Raises:
            StorageError: the copy cannot be written or recorded.
        """
        if not self.target.is_sqlite:
            return None
        self.background_stop.set()
        copy = self._copy(self.backup_folder, backup.AUTO_LABEL, progress)
        self.record_backup(actor=actor, copy=copy)
        return copy

    def background_copy(
        self,
        *,
        due_after: timedelta | None,
        pace: backup.Pace = backup.GENTLE,
        progress: backup.Progress | None = None,
    ) -> backup.BackupCopy | None:
        """A scheduled copy taken beside the desk's work, never on the database thread: through a
        read-only snapshot of its own, in small steps with pauses, so the desk's reads never wait.

        Returns:
            The unverified copy, or None when none was due (or the database is PostgreSQL).

        Raises:
            StorageError: the database cannot be read or the copy cannot be written.
            BackupCancelled: the program is closing (the partial copy is gone).
        """
        if not self.target.is_sqlite or (due_after is not None and not self.backup_due(due_after)):
            return None
        try:
            with backup.snapshot(self.target.path) as source:
                return backup.copy_connection(
                    source, self.backup_folder, pace=pace, progress=progress, stop=self.background_stop
                )
        except sqlite3.Error as exc:
            raise StorageError(_("Cannot read the database to back it up."), str(exc)) from exc

    def verify_new_copies(
        self, *, pace: backup.Pace = backup.GENTLE, progress: backup.Progress | None = None
    ) -> list[backup.BackupCopy]:
        """Verify the copies not verified yet (the last closing copy, a scheduled one) and rotate:
        files only, never on the database thread. Returns them as checked (failed ones included).

        Raises:
            BackupCancelled: the program is closing; what is left stays unverified.
            StorageError: a hash file or manifest cannot be written.
        """
        if not self.target.is_sqlite:
            return []
        return backup.verify_pending(
            self.backup_folder, pace=pace, stop=self.background_stop, progress=progress
        )

    def record_verifications(self, *, actor: Actor, copies: list[backup.BackupCopy]) -> None:
        """The audit entries of verified copies (their SHA-256) and of failed ones (what was found)."""
        if not copies:
            return
        with storage_errors(self.target), transaction():
            for copy in copies:
                if copy.state == backup.VERIFIED:
                    after = {"sha256": copy.sha256, "size": copy.size}
                    audit.record(actor, "backup_verified", "database", copy.path.name, after=after)
                else:
                    after = {"problems": list(copy.problems[:5])}
                    audit.record(actor, "backup_failed", "database", copy.path.name, after=after)

    def record_backup(self, *, actor: Actor, copy: backup.BackupCopy) -> None:
        """The audit entry of a copy, its manifest and this desk's anchor (on the database thread)."""
        from frontdesk import anchors

        after: dict[str, object] = {"size": copy.size, "folder": str(copy.path.parent), "state": copy.state}
        if copy.sha256:
            after["sha256"] = copy.sha256
        with transaction():
            audit.record(actor, "backup", "database", copy.path.name, after=after)
        with storage_errors(self.target):
            try:
                anchors.write_manifest(copy.path, self.target, copy.sha256)
            except (OSError, sqlite3.Error) as exc:
                raise StorageError(
                    _("Cannot write the backup into {folder}.").format(folder=copy.path.parent), str(exc)
                ) from exc
            anchors.write_desk_anchor(self.target)

    def _copy(
        self, target_folder: Path, label: str, progress: backup.Progress | None = None
    ) -> backup.BackupCopy:
        """A copy through the desk's own connection, at full speed (on the database thread)."""
        with storage_errors(self.target):
            conn = database_proxy.connection()
            assert isinstance(conn, sqlite3.Connection)
            return backup.copy_connection(conn, target_folder, label, progress=progress)

    def failed_backups(self) -> list[backup.BackupCopy]:
        """The copies that failed their verification, newest first."""
        return [c for c in backup.all_copies(self.backup_folder) if c.state == backup.FAILED]

    def newest_failed_backup(self) -> backup.BackupCopy | None:
        """A failed copy no verified copy has come after (what the Today page warns of), or None."""
        copies = backup.all_copies(self.backup_folder)
        good = max((c.taken_at for c in copies if c.state == backup.VERIFIED), default=None)
        failed = [c for c in copies if c.state == backup.FAILED and (good is None or c.taken_at >= good)]
        return failed[0] if failed else None

    def backup_due(self, interval: timedelta) -> bool:
        """True when the newest copy is older than ``interval`` (or there is none)."""
        if not self.target.is_sqlite:
            return False
        age = backup.last_good_backup_age(self.backup_folder)
        return age is None or age >= interval

    def backup_age(self) -> timedelta | None:
        """Age of the newest good copy in the configured folder."""
        return backup.last_good_backup_age(self.backup_folder, datetime.now())

    def check(self) -> CheckReport:
        """Integrity and foreign keys (SQLite), schema version, and the audit chain."""
        from frontdesk import migrations

        problems: list[str] = []
        checks: list[str] = []
        with storage_errors(self.target):
            if self.target.is_sqlite:
                problems += self._sqlite_checks()
                problems += [
                    _("The backup {name} failed its check: {problem}").format(
                        name=c.path.name, problem=c.problems[0] if c.problems else "?"
                    )
                    for c in self.failed_backups()
                ]
                checks += ["integrity_check", "foreign_key_check", "backups"]
            pending = migrations.pending()
            if pending:
                problems.append(
                    _("The schema is not up to date ({n} migrations pending).").format(n=len(pending))
                )
            checks.append("schema")
            faults = list(audit.verify_chain())
            problems += [
                (
                    _("Audit entry {id} is not linked to the entry before it.")
                    if f.reason == "link"
                    else _("Audit entry {id} was changed after it was written.")
                ).format(id=f.entry_id)
                for f in faults[:50]
            ]
            checks.append("audit_chain")
            from frontdesk import anchors

            problems += anchors.anchor_problems(self.target, self.backup_folder)
            checks.append("audit_anchors")
            for name, extra in self.extra_checks:
                problems += extra()
                checks.append(name)
            count = audit.AuditEntry.select().count()
        return CheckReport(tuple(problems), count, tuple(checks))

    def _sqlite_checks(self) -> list[str]:
        try:
            rows = [r[0] for r in database_proxy.execute_sql("PRAGMA integrity_check").fetchall()]
            problems = [] if rows == ["ok"] else [str(r) for r in rows]
            for table, rowid, parent, _fk in database_proxy.execute_sql("PRAGMA foreign_key_check"):
                problems.append(
                    _("Foreign key broken: {t} row {r} points to a missing {p}.").format(
                        t=table, r=rowid, p=parent
                    )
                )
        except (sqlite3.DatabaseError, pw.DatabaseError) as exc:  # too damaged to list: report it
            return [str(exc)]
        return problems
