"""Versioned schema migrations, applied at start-up after an automatic backup of the SQLite file.

Rule for later migrations: a migration creates the tables it introduces from the models with
``safe=True`` and adds columns to existing tables with :func:`add_column_if_missing`, so that a
fresh database and an upgraded one end in the same shape. A database whose version is newer than
the program knows is refused and never altered.
"""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import peewee as pw

from frontdesk import __version__
from frontdesk.base import BaseModel
from frontdesk.clock import utcnow
from frontdesk.db import database_proxy, transaction
from frontdesk.errors import SchemaTooNew
from frontdesk.i18n import _


class SchemaVersion(BaseModel):
    """One applied migration."""

    version = pw.IntegerField(primary_key=True)
    name = pw.CharField(max_length=80)
    applied_at = pw.DateTimeField(default=utcnow)
    program_version = pw.CharField(max_length=20)

    class Meta:
        table_name = "schema_version"


@dataclass(frozen=True)
class Migration:
    """A numbered step from one schema version to the next."""

    version: int
    name: str
    apply: Callable[[], None]


def _step(module: str) -> Callable[[], None]:
    """The ``apply`` of ``frontdesk.migrations.<module>``, imported only when it has to run."""

    def apply() -> None:
        importlib.import_module(f"frontdesk.migrations.{module}").apply()

    return apply


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "foundation", _step("m0001_foundation")),
    Migration(2, "registry", _step("m0002_registry")),
    Migration(3, "visitors", _step("m0003_visitors")),
    Migration(4, "release_slips", _step("m0004_release_slips")),
    Migration(5, "slip_seal", _step("m0005_slip_seal")),
    Migration(6, "unit_balances", _step("m0006_unit_balances")),
    Migration(7, "slip_text_index", _step("m0007_slip_text_index")),
    Migration(8, "complaints", _step("m0008_complaints")),
    Migration(9, "work_orders", _step("m0009_work_orders")),
    Migration(10, "utilities", _step("m0010_utilities")),
)
LATEST = MIGRATIONS[-1].version
_PG_MIGRATION_LOCK = 740_302  # advisory lock serialising migrations on PostgreSQL


def current_version() -> int:
    """The schema version of the bound database (0 for an empty one)."""
    if not database_proxy.table_exists("schema_version"):
        return 0
    top = SchemaVersion.select(pw.fn.MAX(SchemaVersion.version)).scalar()
    return int(top or 0)


def current_version_or_zero() -> int:
    """The schema version, or 0 when the database cannot say (closed, unreachable, damaged)."""
    try:
        return current_version()
    except (pw.PeeweeException, sqlite3.Error, ValueError):
        return 0


def pending() -> list[Migration]:
    """Migrations not yet applied; raises :class:`SchemaTooNew` for a newer database."""
    version = current_version()
    if version > LATEST:
        raise SchemaTooNew(
            _(
                "This database was written by a newer version of frontdesk (schema {db}, this "
                "program knows {known})."
            ).format(db=version, known=LATEST),
            _("Install the newer program on this PC. The database has not been changed."),
        )
    if version == 0:
        return list(MIGRATIONS)
    recorded = {int(row.version) for row in SchemaVersion.select(SchemaVersion.version)}
    return [m for m in MIGRATIONS if m.version not in recorded]  # a gap is a step not taken


def _recorded(version: int) -> bool:
    """Whether step ``version`` is recorded as done (another desk may have just taken it)."""
    if not database_proxy.table_exists("schema_version"):
        return False
    return bool(SchemaVersion.select().where(SchemaVersion.version == version).exists())


def migrate(backup: Callable[[str], Path | None] | None = None) -> list[int]:
    """Bring the schema up to date, each migration in its own transaction.

    Args:
        backup: called once with a label before an existing database is changed (the
            SQLite start-up backup); skipped for an empty database.

    Returns:
        The versions applied.
    """
    todo = pending()
    if todo and backup is not None and current_version() > 0:
        backup(f"before-migration-{todo[0].version}")
    applied = []
    for migration in todo:
        with transaction():
            # several desks may start at once on one PostgreSQL database: one migrates, the
            # others wait here and then find the step done (SQLite's BEGIN IMMEDIATE serialises)
            if isinstance(database_proxy.obj, pw.PostgresqlDatabase):
                database_proxy.execute_sql("SELECT pg_advisory_xact_lock(%s)", (_PG_MIGRATION_LOCK,))
            if _recorded(migration.version):
                continue
            database_proxy.create_tables([SchemaVersion], safe=True)
            migration.apply()
            SchemaVersion.create(version=migration.version, name=migration.name, program_version=__version__)
        applied.append(migration.version)
    return applied


def add_column_if_missing(table: str, name: str, field: pw.Field) -> None:
    """Add ``field`` to ``table`` unless it is already there (for later migrations)."""
    db = database_proxy.obj
    if any(c.name == name for c in db.get_columns(table)):
        return
    # imported only when a column is really added: playhouse.migrate loads the PostgreSQL driver
    from playhouse.migrate import PostgresqlMigrator, SqliteMigrator
    from playhouse.migrate import migrate as run

    migrator = PostgresqlMigrator(db) if isinstance(db, pw.PostgresqlDatabase) else SqliteMigrator(db)
    run(migrator.add_column(table, name, field))
