"""The services opened on the database a command names, as the command line's administrator."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from frontdesk import config
from frontdesk.auth import Actor
from frontdesk.db import DatabaseTarget, parse_target
from frontdesk.errors import UserError
from frontdesk.i18n import _
from frontdesk.services import Services, connect


def target_of(args: argparse.Namespace, settings: config.LocalSettings) -> DatabaseTarget:
    """The database named by ``--db``, else by the setting, else the embedded default."""
    return parse_target(getattr(args, "db", None) or settings.database_location())


@contextlib.contextmanager
def opened(
    args: argparse.Namespace, settings: config.LocalSettings, *, migrate: bool = True, set_up: bool = True
) -> Iterator[tuple[Services, Actor]]:
    """The services on the chosen database, with the command line's administrator actor.

    Unless ``set_up`` is False, a database that has not been set up yet is refused.
    """
    services = connect(
        target_of(args, settings),
        backup_folder=settings.backup_folder(),
        desk=settings.desk(),
        migrate=migrate,
    )
    try:
        if set_up and not services.setup.is_initialized():
            raise UserError(_("This database is not set up yet: run 'frontdesk init' first."))
        yield services, Actor.command_line(settings.desk())
    finally:
        services.close()
