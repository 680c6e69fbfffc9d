"""The facade the interfaces receive: one object holding every use-case service."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import peewee as pw

from frontdesk import migrations
from frontdesk.audit import AuditTrail
from frontdesk.auth import Actor
from frontdesk.backup import BackupCopy
from frontdesk.db import DatabaseTarget, OpenDatabase, open_database
from frontdesk.maintenance import MaintenanceService
from frontdesk.setup import SettingsService, SetupService
from frontdesk.staff import StaffService

if TYPE_CHECKING:
    from frontdesk.callbacks.service import CallbackService
    from frontdesk.calls.service import CallService
    from frontdesk.complaints.service import ComplaintService
    from frontdesk.estate.service import EstateService
    from frontdesk.slips.service import SlipService
    from frontdesk.utilities.service import UtilityService
    from frontdesk.visitors.service import VisitorService
    from frontdesk.workorders.service import WorkOrderService

#: modules that add a section to the unit panel: each has ``register_panel(sections, services)``
PANEL_MODULES: tuple[str, ...] = (
    "frontdesk.visitors.panel",
    "frontdesk.slips.panel",
    "frontdesk.complaints.panel",
    "frontdesk.workorders.panel",
)
#: modules owning cases in the callback queue: each has ``register_callbacks(owners)``
CALLBACK_MODULES: tuple[str, ...] = (
    "frontdesk.complaints.procedure",
    "frontdesk.workorders.lifecycle",
)


@dataclass
class Services:
    """Everything the GUI and the command line may ask of the core."""

    connection: OpenDatabase
    staff: StaffService
    setup: SetupService
    settings: SettingsService
    maintenance: MaintenanceService
    audit: AuditTrail = field(default_factory=AuditTrail)
    _estate: EstateService | None = field(default=None, repr=False)
    _visitors: VisitorService | None = field(default=None, repr=False)
    _slips: SlipService | None = field(default=None, repr=False)
    _complaints: ComplaintService | None = field(default=None, repr=False)
    _callbacks: CallbackService | None = field(default=None, repr=False)
    _calls: CallService | None = field(default=None, repr=False)
    _workorders: WorkOrderService | None = field(default=None, repr=False)
    _utilities: UtilityService | None = field(default=None, repr=False)

    @property
    def estate(self) -> EstateService:
        """The estate registry (imported on first use: start-up does not need it).

        The unit panel's sections of later modules are registered here, when the panel's owner is made.
        """
        if self._estate is None:
            import importlib

            from frontdesk.estate.service import EstateService

            self._estate = EstateService()
            for module in PANEL_MODULES:
                importlib.import_module(module).register_panel(self._estate.panel_sections, self)
        return self._estate

    @estate.setter
    def estate(self, service: EstateService) -> None:
        self._estate = service

    @property
    def visitors(self) -> VisitorService:
        """Visitor registration, the on-site list, the watch list and retention (imported on first use)."""
        if self._visitors is None:
            from frontdesk import config
            from frontdesk.visitors.idkey import IdKeyRing
            from frontdesk.visitors.service import VisitorService

            key_file = config.load().visitor_key_file  # this PC's setting: desks may share one key file
            self._visitors = VisitorService(keyring=IdKeyRing(Path(key_file) if key_file else None))
        return self._visitors

    @visitors.setter
    def visitors(self, service: VisitorService) -> None:
        self._visitors = service

    def reset_visitors(self) -> None:
        """Build the visitor service again on next use: this PC's ID key file setting changed."""
        self._visitors = None

    @property
    def slips(self) -> SlipService:
        """Release slips: issue, verification, the gate and retention (imported on first use)."""
        if self._slips is None:
            from frontdesk import config
            from frontdesk.slips.keyfile import SlipKeyRing
            from frontdesk.slips.service import SlipService

            key_file = config.load().slip_key_file  # this PC's setting: the desks of an office share one
            self._slips = SlipService(keyring=SlipKeyRing(Path(key_file) if key_file else None))
        return self._slips

    @slips.setter
    def slips(self, service: SlipService) -> None:
        self._slips = service

    @property
    def complaints(self) -> ComplaintService:
        """Complaints: intake, both procedures, rules, figures, the record sheet (imported on first use)."""
        if self._complaints is None:
            from frontdesk.complaints.service import ComplaintService

            self._complaints = ComplaintService()
        return self._complaints

    @complaints.setter
    def complaints(self, service: ComplaintService) -> None:
        self._complaints = service

    @property
    def callbacks(self) -> CallbackService:
        """The callback queue shared by the modules that close cases (imported on first use).

        The modules owning cases register here how they are told a callback's outcome.
        """
        if self._callbacks is None:
            import importlib

            from frontdesk.callbacks.service import CallbackService

            self._callbacks = CallbackService()
            for module in CALLBACK_MODULES:
                importlib.import_module(module).register_callbacks(self._callbacks.owners)
        return self._callbacks

    @callbacks.setter
    def callbacks(self, service: CallbackService) -> None:
        self._callbacks = service

    @property
    def calls(self) -> CallService:
        """The phone call log (imported on first use)."""
        if self._calls is None:
            from frontdesk.calls.service import CallService

            self._calls = CallService()
        return self._calls

    @calls.setter
    def calls(self, service: CallService) -> None:
        self._calls = service

    @property
    def workorders(self) -> WorkOrderService:
        """Work orders and coordination slips: lifecycle, dispatch, slip, plan (imported on first use)."""
        if self._workorders is None:
            from frontdesk.workorders.service import WorkOrderService

            self._workorders = WorkOrderService()
        return self._workorders

    @workorders.setter
    def workorders(self, service: WorkOrderService) -> None:
        self._workorders = service

    @property
    def utilities(self) -> UtilityService:
        """Meters, the monthly round, tariffs and the month's table and charges (imported on first use)."""
        if self._utilities is None:
            from frontdesk.utilities.service import UtilityService

            self._utilities = UtilityService()
        return self._utilities

    @utilities.setter
    def utilities(self, service: UtilityService) -> None:
        self._utilities = service

    @property
    def target(self) -> DatabaseTarget:
        """Where the data lives."""
        return self.connection.target

    def ping(self) -> None:
        """Ask the database for nothing: reconnects after an outage.

        Raises:
            DatabaseUnreachable: the server or the network still does not answer.
        """
        from frontdesk.db import database_proxy, storage_errors

        with storage_errors(self.target):
            database_proxy.execute_sql("SELECT 1")

    def close(self) -> None:
        """Write this desk's audit anchor, close the database and release its lock."""
        from frontdesk import anchors
        from frontdesk.errors import FrontdeskError

        if migrations.current_version_or_zero() > 0:
            with contextlib.suppress(FrontdeskError, pw.PeeweeException, sqlite3.Error):
                anchors.write_desk_anchor(self.target)
        self.connection.close()

    def check_slips(self) -> list[str]:
        """``frontdesk check``'s part for release slips: each slip's seal, code and history."""
        from frontdesk.slips.integrity import check_slips
        from frontdesk.slips.keyfile import SlipKeyProblem

        try:
            key = self.slips.key()
        except SlipKeyProblem as exc:
            return [exc.message]
        return check_slips(key)[0]

    def check_balances(self) -> list[str]:
        """``frontdesk check``'s part for unit accounts: each kept balance against its ledger."""
        from frontdesk.estate.unit_balances import problems

        return problems()


def connect(
    target: DatabaseTarget,
    *,
    backup_folder: Path,
    desk: str = "",
    exclusive: bool = True,
    migrate: bool = True,
    create: bool = False,
) -> Services:
    """Open the database, apply pending migrations (after a backup of an SQLite file) and wire the services.

    Args:
        target: the SQLite file or PostgreSQL URL.
        backup_folder: where SQLite backups go.
        desk: this desk's name, recorded in the audit trail.
        exclusive: hold the one-program-per-file lock (SQLite).
        migrate: bring the schema up to date (the command line's ``check`` passes False).
        create: make the database (its file, or the tables of an empty PostgreSQL database):
            only ``init`` and the set-up wizard pass True.

    Returns:
        The services, ready to use.

    Raises:
        StorageError: the database cannot be opened, is newer than this program, or is held;
            it is missing or empty (unless ``create``), or is not a database of this program.
    """
    connection = open_database(target, exclusive=exclusive, create=create)
    staff = StaffService(desk)
    maintenance = MaintenanceService(target, backup_folder)
    try:
        _refuse_unknown(target, create=create, migrate=migrate)
        if migrate:
            migrations.migrate(_pre_migration_backup(maintenance) if target.is_sqlite else None)
    except BaseException:
        connection.close()
        raise
    services = Services(connection, staff, SetupService(staff), SettingsService(), maintenance)
    maintenance.extra_checks.append(("release_slips", services.check_slips))
    maintenance.extra_checks.append(("unit_balances", services.check_balances))
    return services


@contextlib.contextmanager
def creating(target: DatabaseTarget, *, backup_folder: Path, desk: str = "") -> Iterator[Services]:
    """Services on a database being set up; when the set-up fails, the file and folders made here go.

    Only ``frontdesk init`` and the set-up wizard create a database. A failed set-up (a refused
    password, an interruption) must not leave an empty database behind that a later command
    would take for a real one: an SQLite file (with its WAL, shared-memory and lock files) and the
    folders that did not exist before are removed again. An existing file is never removed.
    """
    made = _absent_paths(target.path) if target.is_sqlite else []
    try:
        services = connect(target, backup_folder=backup_folder, desk=desk, create=True)
    except BaseException:
        _remove_made(made)
        raise
    try:
        yield services
    except BaseException:
        services.close()
        _remove_made(made)
        raise
    services.close()


def _absent_paths(path: Path) -> list[Path]:
    """The database file and its not-yet-existing folders, innermost first (empty when it exists)."""
    if path.exists():
        return []
    absent = [path]
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        absent.append(folder)
        folder = folder.parent
    return absent


def _remove_made(made: list[Path]) -> None:
    for path in made:
        if path.is_dir():
            with contextlib.suppress(OSError):
                path.rmdir()  # only when empty: nothing of anyone else's goes
            continue
        for extra in ("", "-wal", "-shm", "-journal", ".lock"):
            with contextlib.suppress(FileNotFoundError):
                path.with_name(path.name + extra).unlink()


def _refuse_unknown(target: DatabaseTarget, *, create: bool, migrate: bool) -> None:
    """A database without this program's schema is made only on purpose, never over foreign tables."""
    from frontdesk.db import database_proxy, storage_errors
    from frontdesk.errors import StorageError
    from frontdesk.i18n import _

    with storage_errors(target):
        if migrations.current_version() > 0:
            return
        tables = database_proxy.get_tables()
    if tables:
        raise StorageError(
            _("{db} is not a frontdesk database (it holds another program's tables).").format(
                db=target.display()
            ),
            _("Nothing was changed. Check the database named with --db."),
        )
    if not create and migrate:
        raise StorageError(
            _("This database is not set up yet: {db}").format(db=target.display()),
            _("Run 'frontdesk init' (or start the program to use the set-up wizard) first."),
        )


def _pre_migration_backup(maintenance: MaintenanceService):  # type: ignore[no-untyped-def]
    def run(label: str) -> Path:
        copy: BackupCopy = maintenance.backup_now(actor=Actor.command_line(), label=label)
        return copy.path

    return run


def restore_database(services: Services, *, actor: Actor, source: Path) -> Path:
    """Replace the open SQLite database with a backup copy, checked before anything is replaced.

    The services are closed (releasing the file), the copy is restored into a new file and checked
    (integrity, recorded SHA-256, schema not newer than this program), only then swapped in; the
    replaced database is kept beside it. The database is reopened (and migrated if the copy is
    older) and the restore is audited in it.

    Args:
        services: the open services; they are reconnected to the restored database (or, when the
            restore fails, to the original one).
        actor: who restores (administrators only).
        source: the backup file.

    Returns:
        Where the replaced database file was kept.

    Raises:
        PermissionDenied: the actor may not change settings.
        UserError: PostgreSQL, or the copy is damaged or unusable (the original is reopened).
    """
    from frontdesk import audit, backup
    from frontdesk.auth import Permission, confirm
    from frontdesk.db import InstanceLock, transaction
    from frontdesk.errors import UserError
    from frontdesk.i18n import _

    confirm(actor, Permission.SETTINGS)
    target = services.target
    if not target.is_sqlite:
        raise UserError(
            _("A PostgreSQL database is restored with the server's own tools (pg_restore); see the README.")
        )
    problems = backup.verify_copy(source)
    if problems:
        raise UserError(_("The backup cannot be restored: {p}").format(p="; ".join(problems)))
    folder, desk = services.maintenance.backup_folder, services.staff.desk
    services.close()
    lock = InstanceLock(target.path)
    try:
        lock.acquire()
        try:
            kept = backup.restore_file(source, target.path, schema_check=backup.check_schema_version)
        finally:
            lock.release()
    except BaseException:
        services.connection = connect(target, backup_folder=folder, desk=desk).connection  # the original
        raise
    services.connection = connect(target, backup_folder=folder, desk=desk).connection
    with transaction():
        audit.record(actor, "restore", "database", source.name, after={"kept": str(kept)})
    from frontdesk import anchors

    anchors.write_desk_anchor(target, after_restore=True)
    return kept
