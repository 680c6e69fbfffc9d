"""Keeping the data safe: backups on demand and on schedule, the health check, restore."""

from __future__ import annotations

import sqlite3
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

    def _sqlite_only(self) -> None:
        if not self.target.is_sqlite:
            raise UserError(
                _("A PostgreSQL database is backed up with the server's own tools (pg_dump); see the README.")
            )

    def backup_now(
        self, *, actor: Actor, folder: Path | None = None, label: str = "manual"
    ) -> backup.BackupCopy:
        """Copy the database now into ``folder`` (the configured one by default), checked.

        Raises:
            PermissionDenied: the actor may not run backups.
            UserError: the database is PostgreSQL.
            StorageError: the copy cannot be written or fails its check.
        """
        actor.require(Permission.BACKUP)
        self._sqlite_only()
        return self._take(actor, folder or self.backup_folder, label)

    def backup_automatic(
        self, *, actor: Actor, due_after: timedelta | None = None
    ) -> backup.BackupCopy | None:
        """The program's own scheduled copy (label ``auto``, rotated), whoever is signed in.

        Needs no permission: the program takes it on schedule and at close, not the user; the
        audit entry records whose session it ran in. Nothing happens on PostgreSQL.

        Args:
            actor: the signed-in staff member.
            due_after: take the copy only when the newest one is at least this old (None: always).

        Returns:
            The checked copy, or None when none was due (or the database is PostgreSQL).

        Raises:
            StorageError: the copy cannot be written or fails its check.
        """
        if not self.target.is_sqlite or (due_after is not None and not self.backup_due(due_after)):
            return None
        return self._take(actor, self.backup_folder, backup.AUTO_LABEL)

    def start_automatic_backup(
        self, *, actor: Actor, due_after: timedelta | None = None
    ) -> backup.PendingCopy | None:
        """The database part of the scheduled copy (on the database thread): write it, unchecked.

        The desk then runs :meth:`finish_automatic_backup` off the database thread and
        :meth:`record_backup` back on it, so searches wait only for the copying, not for the check
        of a large copy. ``backup_automatic`` does all three in a row.

        Returns:
            The written copy, or None when none was due (or the database is PostgreSQL).
        """
        if not self.target.is_sqlite or (due_after is not None and not self.backup_due(due_after)):
            return None
        return self._copy(self.backup_folder, backup.AUTO_LABEL)

    def finish_automatic_backup(self, pending: backup.PendingCopy) -> backup.BackupCopy:
        """Check, name and hash a scheduled copy and rotate the folder: files only, any thread."""
        copy = backup.finish_copy(pending)
        backup.rotate(pending.final.parent)
        return copy

    def record_backup(self, *, actor: Actor, copy: backup.BackupCopy) -> None:
        """The audit entry of a copy, its manifest and this desk's anchor (on the database thread)."""
        from frontdesk import anchors

        with transaction():
            audit.record(
                actor,
                "backup",
                "database",
                copy.path.name,
                after={"sha256": copy.sha256, "size": copy.size, "folder": str(copy.path.parent)},
            )
        with storage_errors(self.target):
            try:
                anchors.write_manifest(copy.path, self.target, copy.sha256)
            except (OSError, sqlite3.Error) as exc:
                raise StorageError(
                    _("Cannot write the backup into {folder}.").format(folder=copy.path.parent), str(exc)
                ) from exc
            anchors.write_desk_anchor(self.target)

    def _copy(self, target_folder: Path, label: str) -> backup.PendingCopy:
        with storage_errors(self.target):
            conn = database_proxy.connection()
            assert isinstance(conn, sqlite3.Connection)
            return backup.copy_connection(conn, target_folder, label)

    def _take(self, actor: Actor, target_folder: Path, label: str) -> backup.BackupCopy:
        pending = self._copy(target_folder, label)
        if label == backup.AUTO_LABEL:
            copy = self.finish_automatic_backup(pending)
        else:
            copy = backup.finish_copy(pending)
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
                checks += ["integrity_check", "foreign_key_check"]
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
