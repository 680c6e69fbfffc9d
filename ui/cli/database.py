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
from frontdesk.services import Services, connect, creating


def target_of(args: argparse.Namespace, settings: config.LocalSettings) -> DatabaseTarget:
    """The database named by ``--db``, else by the setting, else the embedded default."""
    return parse_target(getattr(args, "db", None) or settings.database_location())


@contextlib.contextmanager
def opened(
    args: argparse.Namespace,
    settings: config.LocalSettings,
    *,
    migrate: bool = True,
    set_up: bool = True,
    create: bool = False,
) -> Iterator[tuple[Services, Actor]]:
    """The services on the chosen database, with the command line's administrator actor.

    Unless ``set_up`` is False, a database that has not been set up yet is refused. Only with
    ``create`` (``init``) is a missing database made, and removed again if the command fails.
    """
    if create:
        target = target_of(args, settings)
        with creating(target, backup_folder=settings.backup_folder(), desk=settings.desk()) as services:
            yield services, Actor.command_line(settings.desk())
        return
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
