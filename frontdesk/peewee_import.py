"""Importing peewee without its PostgreSQL driver, so every start is fast (``db.load_postgres_driver``)."""

from __future__ import annotations

import importlib
import sys


def import_peewee_without_postgres_driver() -> None:
    """Import peewee with psycopg2 hidden: peewee imports the driver as it loads (~15 ms of every
    start, SQLite ones too).

    Called before the core's models are first imported: by ``ui.app.main`` for the command line, by
    ``ui.shell.gui`` once the window has been drawn. ``frontdesk.db.load_postgres_driver`` gives the
    driver to peewee when a PostgreSQL database is made. A ``None`` entry in ``sys.modules`` makes
    ``import psycopg2`` raise ImportError, which peewee takes as "no driver"; the entry is removed
    right after.
    """
    if "peewee" in sys.modules or "psycopg2" in sys.modules:
        return
    sys.modules["psycopg2"] = None  # type: ignore[assignment]
    try:
        importlib.import_module("peewee")
    finally:
        del sys.modules["psycopg2"]
